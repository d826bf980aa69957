"""Do the MindSpore names programs use most behave in graphc as in MindSpore? A differential
check by hand (issue 16); never imported by graphc, its tests or CI.

Each row of `CASES` is a frequent name and a small program using it (its last expression is
the value compared). The same program runs in MindSpore's interpreter and in graphc's, both
eagerly and, where the row says so, inside `jit`; results (Tensors as arrays with their
dtype, tuples, numbers) are compared with a tolerance. MindSpore is only run as a separate
process; nothing of it is copied.

Run (from the repository root):

    PYTHONPATH=$PWD /work/main/.venv/bin/python tools/ms_behaviour_check.py \
        [--mindspore-python ~/.cache/ms/bin/python] [-k NAME]

Programs see: `ms` (the framework), `ops`, `P` (ops.operations), `C` (ops.composite), `F`
(ops.functional), `nn`, `init` (common.initializer), `mnp` (numpy), `np`, `T` (Tensor) and
`x`, `y` (float32 2x3 Tensors), `xi` (int32 2x3), `img` (float32 1x2x4x4).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from typing import Any

# (name, program, also under jit?)
CASES: list[tuple[str, str, bool]] = [
    ("ops.Add", "P.Add()(x, y)", True),
    ("ops.Sub", "P.Sub()(x, 2.0)", True),
    ("ops.Mul", "P.Mul()(x, y)", True),
    ("ops.RealDiv", "P.RealDiv()(x, y)", True),
    ("ops.Div", "ops.Div()(xi, T(np.array([2, 2, 2], np.int32)))", True),
    ("ops.Pow", "P.Pow()(x, 2.0)", True),
    ("ops.Exp", "P.Exp()(x)", True),
    ("ops.Log", "P.Log()(y)", True),
    ("ops.Sqrt", "P.Sqrt()(y)", True),
    ("ops.Square", "P.Square()(x)", True),
    ("ops.Abs", "ops.Abs()(x)", True),
    ("ops.Neg", "P.Neg()(x)", True),
    ("ops.Floor", "P.Floor()(x)", True),
    ("ops.Reciprocal", "P.Reciprocal()(y)", True),
    ("ops.Maximum", "P.Maximum()(x, y)", True),
    ("ops.Minimum", "P.Minimum()(x, 0.5)", True),
    ("ops.Equal", "P.Equal()(xi, 1)", True),
    ("ops.NotEqual", "P.NotEqual()(xi, 1)", True),
    ("ops.Greater", "P.Greater()(x, 0.0)", True),
    ("ops.GreaterEqual", "P.GreaterEqual()(x, 0.5)", True),
    ("ops.Less", "P.Less()(x, y)", True),
    ("ops.LessEqual", "P.LessEqual()(x, 0.5)", True),
    ("ops.LogicalAnd", "P.LogicalAnd()(x > 0, y > 1)", True),
    ("ops.LogicalNot", "P.LogicalNot()(x > 0)", True),
    ("ops.Select", "P.Select()(x > 0, x, y)", True),
    ("ops.Cast", "P.Cast()(x, ms.int32)", True),
    ("ops.Reshape", "P.Reshape()(x, (3, 2))", True),
    ("ops.Transpose", "P.Transpose()(x, (1, 0))", True),
    ("ops.ExpandDims", "P.ExpandDims()(x, 1)", True),
    ("ops.Squeeze", "P.Squeeze(1)(P.ExpandDims()(x, 1))", True),
    ("ops.Flatten", "P.Flatten()(img)", True),
    ("ops.Shape", "P.Shape()(img)", True),
    ("ops.DType", "str(P.DType()(x))", False),
    ("ops.Concat", "P.Concat(1)((x, y))", True),
    ("ops.Stack", "ops.Stack(0)([x, y])", True),
    ("ops.Split", "P.Split(1, 3)(x)", True),
    ("ops.Tile", "P.Tile()(x, (2, 1))", True),
    ("ops.Slice", "P.Slice()(x, (0, 1), (2, 2))", True),
    ("ops.StridedSlice", "P.StridedSlice()(x, (0, 0), (2, 3), (1, 2))", True),
    ("ops.Gather", "P.Gather()(x, T(np.array([1, 0], np.int32)), 0)", True),
    ("ops.GatherNd", "P.GatherNd()(x, T(np.array([[0, 1], [1, 2]], np.int32)))", True),
    ("ops.OneHot", "P.OneHot()(T(np.array([0, 2], np.int32)), 3, T(1.0), T(0.0))", True),
    ("ops.Fill", "P.Fill()(ms.float32, (2, 2), 3.0)", True),
    ("ops.Ones", "ops.Ones()((2, 2), ms.float32)", True),
    ("ops.Zeros", "ops.Zeros()((2, 2), ms.int32)", True),
    ("ops.OnesLike", "P.OnesLike()(xi)", True),
    ("ops.ZerosLike", "P.ZerosLike()(x)", True),
    ("ops.BroadcastTo", "ops.BroadcastTo((2, 2, 3))(x)", True),
    ("ops.ReduceSum", "P.ReduceSum(keep_dims=True)(x, 1)", True),
    ("ops.ReduceSum()", "P.ReduceSum()(x)", True),
    ("ops.ReduceMean", "P.ReduceMean()(x, (0, 1))", True),
    ("ops.ReduceMax", "P.ReduceMax(keep_dims=False)(x, 0)", True),
    ("ops.Argmax", "P.Argmax()(x)", True),
    ("ops.Argmax(axis=0)", "P.Argmax(axis=0, output_type=ms.int32)(x)", True),
    ("ops.ArgMaxWithValue", "P.ArgMaxWithValue(axis=1, keep_dims=True)(x)", True),
    ("ops.TopK", "P.TopK(sorted=True)(x, 2)", True),
    ("ops.Sort", "ops.Sort(axis=-1, descending=True)(x)", True),
    ("ops.MatMul", "P.MatMul(transpose_b=True)(x, y)", True),
    ("ops.BatchMatMul", "P.BatchMatMul()(img, img)", True),
    ("ops.BiasAdd", "P.BiasAdd()(img, T(np.array([1.0, -1.0], np.float32)))", True),
    ("ops.ReLU", "P.ReLU()(x)", True),
    ("ops.Sigmoid", "P.Sigmoid()(x)", True),
    ("ops.Tanh", "P.Tanh()(x)", True),
    ("ops.Softmax", "P.Softmax()(x)", True),
    ("ops.LogSoftmax", "P.LogSoftmax(axis=0)(x)", True),
    ("ops.L2Normalize", "ops.L2Normalize(axis=1)(x)", True),
    ("ops.SoftmaxCrossEntropyWithLogits",
     "P.SoftmaxCrossEntropyWithLogits()(x, ops.OneHot()(T(np.array([0, 2], np.int32)), 3, "
     "T(1.0), T(0.0)))", True),
    ("ops.SigmoidCrossEntropyWithLogits",
     "P.SigmoidCrossEntropyWithLogits()(x, ops.ones_like(x) * 0.5)", True),
    ("ops.SmoothL1Loss", "P.SmoothL1Loss(beta=1.0)(x, y)", True),
    ("ops.MaxPool", "P.MaxPool(kernel_size=2, strides=2)(img)", True),
    ("ops.ResizeNearestNeighbor", "P.ResizeNearestNeighbor((8, 8))(img)", True),
    ("ops.IOU", "P.IOU()(T(np.array([[0, 0, 4, 4]], np.float32)), "
     "T(np.array([[1, 1, 5, 5], [0, 0, 4, 4]], np.float32)))", True),
    ("ops.Identity", "ops.Identity()(x)", True),
    ("ops.reshape", "ops.reshape(x, (-1,))", True),
    ("ops.transpose", "ops.transpose(x, (1, 0))", True),
    ("ops.cast", "ops.cast(x, ms.float16)", True),
    ("ops.shape", "ops.shape(img)", True),
    ("ops.expand_dims", "ops.expand_dims(x, 0)", True),
    ("ops.concat", "ops.concat((x, y), axis=0)", True),
    ("ops.stack", "ops.stack((x, y), 1)", True),
    ("ops.matmul", "ops.matmul(x, ops.transpose(y, (1, 0)))", True),
    ("ops.norm", "ops.norm(x)", True),
    ("ops.norm(dim)", "ops.norm(x, 2, 1)", True),
    ("ops.clip_by_value", "ops.clip_by_value(x, -0.5, 0.5)", True),
    ("C.clip_by_value", "C.clip_by_value(x, T(-0.5), T(0.5))", True),
    ("ops.clip_by_global_norm", "ops.clip_by_global_norm((x, y), 1.0)", True),
    ("ops.one_hot", "ops.one_hot(T(np.array([0, 2], np.int32)), 3, T(1.0), T(0.0))", True),
    ("ops.ones", "ops.ones((2, 3), ms.float32)", True),
    ("ops.zeros", "ops.zeros((2,), ms.int32)", True),
    ("ops.ones_like", "ops.ones_like(xi)", True),
    ("ops.zeros_like", "ops.zeros_like(x)", True),
    ("ops.softmax", "ops.softmax(x, axis=0)", True),
    ("ops.stop_gradient", "ops.stop_gradient(x)", True),
    ("F.depend", "F.depend(x, y)", True),
    ("F.tuple_to_array", "F.tuple_to_array((1, 2, 3))", True),
    ("F.tuple_to_array(float)", "F.tuple_to_array((1.0, 2.5))", True),
    ("F.scalar_to_tensor", "F.scalar_to_tensor(3)", True),
    ("F.scalar_to_tensor(float)", "F.scalar_to_tensor(2.5, ms.float32)", True),
    ("F.make_range", "F.make_range(1, 7, 2)", False),
    ("F.shape", "F.shape(x)", True),
    ("F.dtype", "str(F.dtype(xi))", False),
    ("F.identity", "F.identity(x)", True),
    ("F.partial", "F.partial(ops.add, x)(y)", True),
    ("F.reshape", "F.reshape(x, (6,))", True),
    ("ops.value_and_grad", "ops.value_and_grad(lambda a: (a * a).sum())(x)", False),
    ("C.GradOperation", "C.GradOperation()(lambda a, b: (a * b).sum())(x, y)", False),
    ("ms.tensor", "ms.tensor([1, 2, 3])", False),
    ("ms.Tensor(float)", "T([1.5, 2.0])", False),
    ("ms.Tensor(dtype)", "T(np.array([1, 2]), ms.float32)", False),
    ("init.initializer One", "init.initializer(init.One(), (2, 2), ms.float32)", False),
    ("init.initializer Constant", "init.initializer(init.Constant(0.5), [2], ms.float32)", False),
    ("init.initializer Zero", "init.initializer('zeros', (2,), ms.float32)", False),
    ("mnp.zeros", "mnp.zeros((2, 2))", False),
    ("mnp.ones", "mnp.ones(3, ms.int32)", False),
    ("mnp.arange", "mnp.arange(0, 5, 2)", False),
    ("mnp.arange(float)", "mnp.arange(0.0, 1.0, 0.25)", False),
    ("mnp.where", "mnp.where(x > 0, x, 0)", True),
    ("mnp.reshape", "mnp.reshape(x, (3, -1))", True),
    ("mnp.reshape int", "mnp.reshape(x, 6)", True),
    ("mnp.tile", "mnp.tile(x, (2, 2))", True),
    ("mnp.tile short", "mnp.tile(x, 2)", True),
    ("mnp.tile long", "mnp.tile(T([1.0, 2.0]), (2, 1, 2))", True),
    ("mnp.sum", "mnp.sum(x)", True),
    ("mnp.sum axis", "mnp.sum(xi, axis=1, keepdims=True)", True),
    ("mnp.sum bool", "mnp.sum(x > 0)", False),
    ("mnp.sum initial", "mnp.sum(x, 0, initial=1.0)", True),
    ("mnp.concatenate", "mnp.concatenate((x, y), axis=1)", True),
    ("mnp.concatenate None", "mnp.concatenate((x, y), axis=None)", True),
    ("mnp.expand_dims", "mnp.expand_dims(x, -1)", True),
    ("mnp.expand_dims tuple", "mnp.expand_dims(x, (0, 2))", True),
    ("mnp.zeros_like", "mnp.zeros_like(xi)", True),
    ("mnp.ones_like", "mnp.ones_like(x, dtype=ms.int32)", True),
    ("mnp.full_like", "mnp.full_like(x, 7)", True),
    ("mnp.mean", "mnp.mean(x, axis=0)", True),
    ("mnp.mean int", "mnp.mean(xi)", True),
    ("mnp.mean negative int", "mnp.mean(-xi, axis=1)", True),
    ("mnp.sum int", "mnp.sum(xi)", True),
    ("mnp.stack", "mnp.stack((x, y), axis=-1)", True),
    ("mnp.log", "mnp.log(y)", True),
    ("mnp.log int", "mnp.log(xi)", True),
    ("mnp.sqrt", "mnp.sqrt(y)", True),
    ("mnp.exp", "mnp.exp(x)", True),
    ("mnp.abs", "mnp.abs(x)", True),
    ("mnp.square", "mnp.square(xi)", True),
    ("mnp.squeeze", "mnp.squeeze(img[:, :1])", True),
    ("mnp.squeeze axis", "mnp.squeeze(img[:, :1], 1)", True),
    ("mnp.split", "mnp.split(x, 3, axis=1)", True),
    ("mnp.split indices", "mnp.split(x, [1, 2], axis=1)", True),
    ("mnp.broadcast_to", "mnp.broadcast_to(T([1.0, 2.0, 3.0]), (2, 3))", True),
    ("mnp.transpose", "mnp.transpose(img)", True),
    ("mnp.flip", "mnp.flip(x)", True),
    ("mnp.flip axis", "mnp.flip(x, 1)", True),
    ("mnp.norm", "mnp.norm(x)", True),
    ("mnp.norm axis", "mnp.norm(x, axis=1)", True),
    ("mnp.amax", "mnp.amax(x, axis=0)", True),
    ("mnp.max", "mnp.max(x)", True),
    ("mnp.min", "mnp.min(x, axis=1, keepdims=True)", True),
    ("mnp.argmax", "mnp.argmax(x)", True),
    ("mnp.argmax axis", "mnp.argmax(x, axis=1)", True),
    ("mnp.add", "mnp.add(x, 1)", True),
    ("mnp.subtract", "mnp.subtract(x, y)", True),
    ("mnp.multiply", "mnp.multiply(x, y)", True),
    ("mnp.divide", "mnp.divide(x, y)", True),
    ("mnp.divide int", "mnp.divide(xi, 4)", True),
    ("mnp.power", "mnp.power(y, 2)", True),
    ("mnp.maximum", "mnp.maximum(x, y)", True),
    ("mnp.minimum", "mnp.minimum(x, 0.0)", True),
    ("mnp.matmul", "mnp.matmul(x, mnp.transpose(y))", True),
    ("mnp.dot", "mnp.dot(x, mnp.transpose(y))", True),
    ("mnp.dot 3d", "mnp.dot(img, mnp.ones((4, 2)))", True),
    ("mnp.clip", "mnp.clip(x, -0.5, 1.0)", True),
    ("ops.CheckValid", "P.CheckValid()(T(np.array([[20, 20, 50, 50], [-1, 0, 5, 5], "
     "[0, 0, 199, 99], [0, 0, 200, 99], [0, 0, 199, 99.5]], np.float32)), "
     "T(np.array([100, 200, 1.0], np.float32)))", True),
    ("ops.AdaptiveAvgPool2D", "P.AdaptiveAvgPool2D((3, 2))(img)", True),
    ("ops.AdaptiveAvgPool2D None", "P.AdaptiveAvgPool2D((None, 3))(img)", True),
    ("ops.adaptive_avg_pool2d", "ops.adaptive_avg_pool2d(img[0], 3)", True),
    ("ops.Meshgrid", "P.Meshgrid()((T([1.0, 2.0, 3.0]), T([4.0, 5.0])))", True),
    ("ops.Meshgrid ij", "P.Meshgrid(indexing='ij')((T([1.0, 2.0, 3.0]), T([4.0, 5.0]), "
     "T([6.0, 7.0])))", True),
    ("ops.meshgrid", "ops.meshgrid(T([1.0, 2.0]), T([3.0, 4.0, 5.0]), indexing='ij')", True),
    ("ops.ScalarToTensor", "P.ScalarToTensor()(3)", False),
    ("ops.ScalarToTensor int", "P.ScalarToTensor()(3, ms.int32)", False),
    ("ops.ScalarCast", "(P.ScalarCast()(1.7, ms.int64), P.ScalarCast()(-1.7, ms.int64), "
     "P.ScalarCast()(2, ms.float64), P.ScalarCast()(0.0, ms.bool_))", False),
    ("ops.L2Loss", "P.L2Loss()(x)", True),
    ("F.tuple_len", "F.tuple_len((1, 2, 3))", False),
    ("nn.HSwish", "nn.HSwish()(x)", True),
    ("nn.HSigmoid", "nn.HSigmoid()(x)", True),
    ("nn.ELU", "nn.ELU()(x)", True),
    ("nn.Conv2dBnAct", "nn.Conv2dBnAct(2, 1, 3, has_bn=True, activation='leakyrelu', "
     "alpha=0.1, weight_init='ones', has_bias=True)(img - 1)", True),
    ("nn.Conv2dBnAct params", "[(p.name, p.shape) for p in nn.Conv2dBnAct(2, 3, 3, "
     "has_bn=True, activation='relu').get_parameters()]", False),
    ("nn.InstanceNorm2d params", "[(p.name, p.shape, p.requires_grad) for p in "
     "nn.InstanceNorm2d(2).get_parameters()]", False),
    ("ops.DepthToSpace", "P.DepthToSpace(2)(T(np.arange(16, dtype=np.float32)"
     ".reshape(1, 8, 2, 1)))", True),
    ("ops.BinaryCrossEntropy", "ops.BinaryCrossEntropy(reduction='sum')(ops.sigmoid(x), "
     "ops.sigmoid(y))", True),
    ("ops.ScatterNdUpdate", "(lambda p: (P.ScatterNdUpdate()(p, T(np.array([[0], [1]], "
     "np.int32)), y), p.asnumpy().tolist()))(ms.Parameter(x * 1, name='p'))", False),
    ("ops.ScatterAdd", "(lambda p: (P.ScatterAdd()(p, T(np.array([1, 1], np.int32)), "
     "y), p.asnumpy().tolist()))(ms.Parameter(x * 1, name='p'))", False),
    ("nn.MaxPool1d", "nn.MaxPool1d(2, 1)(img[0])", True),
    # (MindSpore 2.10's AvgPool1d(2, 2, pad_mode='same') gives 1 output for length 3 and 3 for
    # length 5, where its MaxPool1d, and graphc's both, give ceil(L / 2): not compared.)
    ("nn.AvgPool1d", "nn.AvgPool1d(3, 2)(img[0])", True),
    ("nn.ReLU", "nn.ReLU()(x)", True),
    ("nn.ReLU6", "nn.ReLU6()(x * 10)", True),
    ("nn.LeakyReLU", "nn.LeakyReLU(0.2)(x)", True),
    ("nn.GELU", "nn.GELU()(x)", True),
    ("nn.Sigmoid", "nn.Sigmoid()(x)", True),
    ("nn.Tanh", "nn.Tanh()(x)", True),
    ("nn.Softmax", "nn.Softmax()(x)", True),
    ("nn.LogSoftmax", "nn.LogSoftmax()(x)", True),
    ("nn.Flatten", "nn.Flatten()(img)", True),
    ("nn.Dropout(eval)", "nn.Dropout(p=0.5).set_train(False)(x)", True),
    ("nn.MaxPool2d", "nn.MaxPool2d(kernel_size=2, stride=2)(img)", True),
    ("nn.MaxPool2d same", "nn.MaxPool2d(kernel_size=3, stride=2, pad_mode='same')(img)", True),
    ("nn.AvgPool2d", "nn.AvgPool2d(kernel_size=2, stride=2)(img)", True),
    ("nn.Dense", "nn.Dense(3, 2, weight_init='ones', bias_init='zeros')(x)", True),
    ("nn.Dense act", "nn.Dense(3, 2, weight_init='ones', bias_init='zeros', "
     "activation='relu')(x - 1)", True),
    ("nn.Conv2d", "nn.Conv2d(2, 3, 3, weight_init='ones')(img)", True),
    ("nn.Conv2d pad", "nn.Conv2d(2, 1, 3, pad_mode='pad', padding=1, weight_init='ones', "
     "has_bias=True, bias_init='ones')(img)", True),
    ("nn.Conv2d valid stride", "nn.Conv2d(2, 1, 2, stride=2, pad_mode='valid', "
     "weight_init='ones')(img)", True),
    ("nn.Conv1d", "nn.Conv1d(2, 1, 3, weight_init='ones')(img[:, :, 0, :])", True),
    ("nn.Conv2dTranspose", "nn.Conv2dTranspose(2, 1, 2, stride=2, weight_init='ones')(img)",
     True),
    ("nn.BatchNorm2d(eval)", "nn.BatchNorm2d(2).set_train(False)(img)", True),
    ("nn.BatchNorm2d(train)", "nn.BatchNorm2d(2).set_train(True)(img)", True),
    ("nn.BatchNorm1d(train)", "nn.BatchNorm1d(3).set_train(True)(x)", True),
    ("nn.LayerNorm", "nn.LayerNorm((3,))(x)", True),
    ("nn.GroupNorm", "nn.GroupNorm(1, 2)(img)", True),
    ("nn.Embedding", "nn.Embedding(4, 2, embedding_table='ones')(T(np.array([[0, 3]], "
     "np.int32)))", True),
    ("nn.Pad", "nn.Pad(((0, 0), (1, 1)))(x)", True),
    ("nn.MatMul", "nn.MatMul(transpose_x2=True)(x, y)", True),
    ("nn.ClipByNorm", "nn.ClipByNorm()(x, T(1.0))", True),
    ("nn.SoftmaxCrossEntropyWithLogits",
     "nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction='mean')(x, "
     "T(np.array([0, 2], np.int32)))", True),
    ("nn.SoftmaxCrossEntropyWithLogits(dense)",
     "nn.SoftmaxCrossEntropyWithLogits()(x, ops.softmax(y))", True),
    ("nn.CrossEntropyLoss", "nn.CrossEntropyLoss()(x, T(np.array([0, 2], np.int32)))", True),
    ("nn.MSELoss", "nn.MSELoss()(x, y)", True),
    ("nn.L1Loss", "nn.L1Loss(reduction='sum')(x, y)", True),
    ("nn.SmoothL1Loss", "nn.SmoothL1Loss()(x, y)", True),
    ("nn.BCELoss", "nn.BCELoss(reduction='mean')(ops.sigmoid(x), ops.sigmoid(y))", True),
    ("nn.BCEWithLogitsLoss", "nn.BCEWithLogitsLoss()(x, ops.sigmoid(y))", True),
    ("nn.SequentialCell", "nn.SequentialCell([nn.ReLU(), nn.Flatten()])(img)", True),
    ("nn.CellList", "len(nn.CellList([nn.ReLU(), nn.Tanh()]))", False),
    ("nn.PReLU", "nn.PReLU()(x)", True),
    ("nn.Dense params", "sorted(p.name for p in nn.Dense(3, 2).trainable_params())", False),
    ("nn.Conv2d params", "[tuple(p.shape) for p in nn.Conv2d(2, 3, 3).get_parameters()]",
     False),
    ("nn.BatchNorm2d params", "sorted(p.name for p in nn.BatchNorm2d(2).get_parameters())",
     False),
    ("nn.LayerNorm params", "sorted(p.name for p in nn.LayerNorm((3,)).get_parameters())",
     False),
    ("ms.Parameter", "ms.Parameter(T([1.0, 2.0]), name='w').name", False),
    ("ms.ParameterTuple", "len(ms.ParameterTuple(nn.Dense(3, 2).trainable_params()))", False),
    ("Tensor.asnumpy", "x.asnumpy().tolist()", False),
    ("Tensor methods", "(x.sum(), x.mean(1), x.max(), x.argmax(), x.astype(ms.int32), "
     "x.view(3, 2), x.T, x.reshape((6,)), x.squeeze().shape, x.abs(), x.transpose())", False),
    ("Tensor indexing", "(x[0], x[:, 1], x[x > 0], x[..., None].shape)", True),
    ("init TruncatedNormal std", "round(float(init.initializer(init.TruncatedNormal(0.02), "
     "(300, 300), ms.float32).asnumpy().std()) * 100, 1)", False),
    ("init Normal std", "round(float(init.initializer(init.Normal(0.05), (300, 300), "
     "ms.float32).asnumpy().std()) * 100, 1)", False),
    ("init Uniform max", "round(float(np.abs(init.initializer(init.Uniform(0.2), (300, 300), "
     "ms.float32).asnumpy()).max()), 2)", False),
    ("init XavierUniform max", "round(float(np.abs(init.initializer(init.XavierUniform(), "
     "(300, 100), ms.float32).asnumpy()).max()), 2)", False),
    ("init HeUniform max", "round(float(np.abs(init.initializer(init.HeUniform(), (300, 100), "
     "ms.float32).asnumpy()).max()), 2)", False),
    ("init HeNormal std", "round(float(init.initializer(init.HeNormal(), (300, 100), "
     "ms.float32).asnumpy().std()), 2)", False),
    ("nn.Dense default init", "(round(float(np.abs(nn.Dense(400, 300).weight.asnumpy()).max()), "
     "3), round(float(np.abs(nn.Dense(400, 300).bias.asnumpy()).max()), 3))", False),
    ("nn.Conv2d default init", "(round(float(np.abs(nn.Conv2d(16, 32, 3).weight.asnumpy())"
     ".max()), 3), nn.Conv2d(16, 32, 3).bias)", False),
    ("nn.Embedding default init", "round(float(nn.Embedding(300, 300).embedding_table.asnumpy()"
     ".std()), 2)", False),
    ("nn.LSTM default init", "round(float(np.abs(nn.LSTM(10, 16).get_parameters().__next__()"
     ".asnumpy()).max()), 2)", False),
    ("nn.Momentum step", "_train(lambda p: nn.Momentum(p, 0.1, 0.9))", False),
    ("nn.SGD step", "_train(lambda p: nn.SGD(p, 0.1))", False),
    ("nn.Adam step", "_train(lambda p: nn.Adam(p, 0.1))", False),
    ("nn.Adam wd step", "_train(lambda p: nn.Adam(p, 0.1, weight_decay=0.1))", False),
    ("nn.AdamWeightDecay step", "_train(lambda p: nn.AdamWeightDecay(p, 0.1, "
     "weight_decay=0.1))", False),
    ("nn.RMSProp step", "_train(lambda p: nn.RMSProp(p, 0.1))", False),
    ("nn.Lamb step", "_train(lambda p: nn.Lamb(p, 0.1))", False),
    ("nn.Momentum lr schedule", "_train(lambda p: nn.Momentum(p, "
     "nn.learning_rate_schedule.PolynomialDecayLR(0.1, 0.01, 4, 0.5), 0.9))", False),
    ("WarmUpLR", "nn.learning_rate_schedule.WarmUpLR(0.1, 10)(T(3, ms.int32))", False),
    ("PolynomialDecayLR", "nn.learning_rate_schedule.PolynomialDecayLR(0.1, 0.01, 10, 0.5)"
     "(T(3, ms.int32))", False),
    ("TrainOneStepWithLossScaleCell", "_train_scaled(False)", False),
    ("TrainOneStepWithLossScaleCell overflow", "_train_scaled(True)", False),
    ("GradOperation get_all", "C.GradOperation(get_all=True)(lambda a, b: (a * b * b).sum())"
     "(x, y)", False),
    ("GradOperation sens", "C.GradOperation(sens_param=True)(lambda a: a * a)(x, y)", False),
    ("GradOperation by list", "_grad_by_list()", False),
    ("value_and_grad weights", "_value_and_grad_weights()", False),
    ("dtype names", "(str(ms.float32), str(ms.int32), str(ms.float16), str(ms.bool_), "
     "str(ms.int64), str(ms.uint8))", False),
]

# Names every program gets, bound to either framework.
PRELUDE = """
import numpy as np
import {fw} as ms
from {fw} import ops, nn, Tensor as T
from {fw}.ops import operations as P, composite as C, functional as F
from {fw}.common import initializer as init
import {fw}.numpy as mnp
ms.set_seed(0)
x = T(np.array([[-1.0, 0.5, 2.0], [3.0, -0.25, 0.75]], np.float32))
y = T(np.array([[0.5, 1.5, 2.5], [1.0, 2.0, 0.25]], np.float32))
xi = T(np.array([[1, 2, 3], [4, 5, 6]], np.int32))
img = T(np.arange(32, dtype=np.float32).reshape(1, 2, 4, 4) / 10 - 1.0)


def _net():
    # Weights without symmetries: a gradient that is exactly 0 in exact arithmetic comes out
    # as rounding noise of either sign, which Adam's normalised step turns into +-lr.
    w = T(np.array([[0.3, -0.2, 0.5], [0.1, 0.4, -0.3], [-0.6, 0.2, 0.7]], np.float32))
    return nn.Dense(3, 3, weight_init=w, bias_init='zeros')


def _train(make_opt, steps=3):
    net = _net()
    step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                               make_opt(net.trainable_params()))
    losses = [float(step(x, y).asnumpy()) for _ in range(steps)]
    return losses, net.weight.asnumpy().tolist(), net.bias.asnumpy().tolist()


def _train_scaled(overflow):
    net = _net()
    manager = nn.DynamicLossScaleUpdateCell(loss_scale_value=2.0 ** 10, scale_factor=2,
                                            scale_window=2)
    step = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()),
                                            nn.SGD(net.trainable_params(), 0.1),
                                            scale_sense=manager)
    data = x * 1e38 if overflow else x
    outs = [step(data, y) for _ in range(3)]
    return ([(float(l.asnumpy()), bool(o.asnumpy()), float(s.asnumpy())) for l, o, s in outs],
            net.weight.asnumpy().tolist())


def _grad_by_list():
    net = _net()
    loss = nn.WithLossCell(net, nn.MSELoss())
    params = ms.ParameterTuple(net.trainable_params())
    return C.GradOperation(get_by_list=True)(loss, params)(x, y)


def _value_and_grad_weights():
    net = _net()
    loss = nn.WithLossCell(net, nn.MSELoss())
    return ms.value_and_grad(loss, None, net.trainable_params())(x, y)
"""

RUNNER = r"""
import json, sys, io, contextlib, warnings
warnings.simplefilter("ignore")
cases = json.loads(sys.stdin.read())
exec(PRELUDE_SRC, globals())

def plain(v):
    if isinstance(v, T) or type(v).__name__ in ("Tensor", "StubTensor", "Parameter"):
        a = v.asnumpy()
        return {"dtype": str(v.dtype), "shape": list(a.shape),
                "value": a.astype(float).tolist() if a.dtype != bool else a.tolist()}
    if isinstance(v, (tuple, list)):
        return [plain(i) for i in v]
    if isinstance(v, np.ndarray):
        return {"ndarray": v.tolist()}
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    return repr(type(v).__name__)

import importlib
sys.path.insert(0, CASES_DIR)
graph_fns = importlib.import_module(CASES_MODULE)
out = {}
for i, (name, src, jit) in enumerate(cases):
    res = {}
    for mode in (["eager", "jit"] if jit else ["eager"]):
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                if mode == "eager":
                    val = eval(src)
                else:
                    val = ms.jit(getattr(graph_fns, f"case_{i}"))(x, y, xi, img)
            res[mode] = plain(val)
        except Exception as e:
            text = str(e).strip()
            res[mode] = {"error": type(e).__name__,
                         "message": text.splitlines()[0][:200] if text else ""}
    out[name] = res
sys.__stdout__.write("\n@@RESULT@@" + json.dumps(out))
"""


def run(python: str, fw: str, cases: list[tuple[str, str, bool]], cwd: str) -> dict[str, Any]:
    """Run the cases in one interpreter; jit programs need a file, so the runner is one."""
    path = os.path.join(cwd, f"_behaviour_{fw}.py")
    module = f"_behaviour_cases_{fw}"
    with open(os.path.join(cwd, module + ".py"), "w") as f:  # jit needs the source in a file
        f.write(PRELUDE.format(fw=fw))
        for i, (_name, src, _jit) in enumerate(cases):
            f.write(f"\n\ndef case_{i}(x, y, xi, img):\n    return {src}\n")
    with open(path, "w") as f:
        f.write(f"PRELUDE_SRC = {PRELUDE.format(fw=fw)!r}\nCASES_DIR = {cwd!r}\n"
                f"CASES_MODULE = {module!r}\n" + RUNNER)
    env = dict(os.environ, GLOG_v="3")
    if fw == "mindspore":
        env["PYTHONPATH"] = ""
    proc = subprocess.run([python, path], input=json.dumps(cases), text=True,
                          capture_output=True, env=env, cwd=cwd)
    if "@@RESULT@@" not in proc.stdout:
        raise RuntimeError(f"{fw} runner failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.rsplit("@@RESULT@@", 1)[1])


def same(a: Any, b: Any, rtol: float = 1e-4, atol: float = 1e-5) -> bool:
    """Equal results: same structure, dtype and shape; values within tolerance."""
    import numpy as np
    if isinstance(a, dict) and isinstance(b, dict):
        if "error" in a or "error" in b:
            return a.get("error") == b.get("error")
        if a.keys() != b.keys():
            return False
        if "value" in a:
            if a["dtype"] != b["dtype"] or a["shape"] != b["shape"]:
                return False
            return bool(np.allclose(np.asarray(a["value"], dtype=float),
                                    np.asarray(b["value"], dtype=float), rtol, atol,
                                    equal_nan=True))
        return all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(i, j) for i, j in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= atol
    return a == b


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mindspore-python", default=os.path.expanduser("~/.cache/ms/bin/python"))
    ap.add_argument("-k", default="", help="only the cases whose name contains this")
    ap.add_argument("--workdir", default="/tmp/ms_behaviour_check")
    args = ap.parse_args(argv)
    cases = [c for c in CASES if args.k in c[0]]
    os.makedirs(args.workdir, exist_ok=True)
    ms_out = run(args.mindspore_python, "mindspore", cases, args.workdir)
    gc_out = run(sys.executable, "graphc", cases, args.workdir)
    bad = refused = 0
    for name, _src, _jit in cases:
        for mode, ms_val in ms_out[name].items():
            gc_val = gc_out[name].get(mode)
            if isinstance(ms_val, dict) and "error" in ms_val:
                refused += 1
                print(f"MINDSPORE REFUSES {name} [{mode}]: {ms_val['error']}: "
                      f"{ms_val['message'][:150]}  (graphc: {json.dumps(gc_val)[:120]})")
                continue
            if not same(ms_val, gc_val):
                bad += 1
                print(f"DIFF {name} [{mode}]\n  mindspore: {json.dumps(ms_val)[:400]}\n"
                      f"  graphc:    {json.dumps(gc_val)[:400]}")
    total = sum(len(v) for v in ms_out.values())
    print(f"{total - bad - refused} of {total - refused} runs agree ({len(cases)} cases; "
          f"{refused} runs MindSpore itself refuses, not compared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
