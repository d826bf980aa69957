"""graphc's functions take their parameters under MindSpore 2.10's names, so keyword calls
written for MindSpore work. `MINDSPORE_2_10` holds, for every functional op graphc has that
MindSpore 2.10 defines with named parameters, the parameter names `inspect.signature` gives
on MindSpore 2.10 (recorded by hand; a leading `*` marks a keyword-only parameter). graphc
may accept more parameters after them."""

import inspect

import numpy as np
import pytest

import graphc as ms
from graphc import Tensor, ops
from graphc.common.initializer import One
from graphc.ops import functional as F

MINDSPORE_2_10 = {
    "abs": ("input",),
    "absolute": ("input",),
    "add": ("input", "other"),
    "addn": ("x",),
    "all": ("input", "axis", "keep_dims"),
    "amax": ("input", "axis", "keepdims", "*initial", "*where"),
    "amin": ("input", "axis", "keepdims", "*initial", "*where"),
    "any": ("input", "axis", "keep_dims"),
    "arange": ("start", "end", "step", "*dtype"),
    "argmax": ("input", "dim", "keepdim"),
    "argmin": ("input", "axis", "keepdims"),
    "assign": ("variable", "value"),
    "assign_add": ("variable", "value"),
    "assign_sub": ("variable", "value"),
    "avg_pool2d": ("input_x", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
                   "divisor_override"),
    "batch_norm": ("input_x", "running_mean", "running_var", "weight", "bias", "training",
                   "momentum", "eps"),
    "bias_add": ("input_x", "bias"),
    "binary_cross_entropy_with_logits": ("input", "target", "weight", "pos_weight", "reduction"),
    "bitwise_and": ("input", "other"),
    "bitwise_or": ("input", "other"),
    "bitwise_xor": ("input", "other"),
    "bmm": ("input_x", "mat2"),
    "broadcast_to": ("input", "shape"),
    "cast": ("input", "dtype"),
    "cat": ("tensors", "axis"),
    "ceil": ("input",),
    "chunk": ("input", "chunks", "axis"),
    "clamp": ("input", "min", "max"),
    "clip": ("input", "min", "max"),
    "clip_by_value": ("x", "clip_value_min", "clip_value_max"),
    "concat": ("tensors", "axis"),
    "conv2d": ("input", "weight", "bias", "stride", "pad_mode", "padding", "dilation", "groups"),
    "cos": ("input",),
    "cross_entropy": ("input", "target", "weight", "ignore_index", "reduction", "label_smoothing"),
    "cumsum": ("x", "axis", "dtype"),
    "div": ("input", "other", "*rounding_mode"),
    "divide": ("input", "other", "*rounding_mode"),
    "dropout": ("input", "p", "training", "seed"),
    "dtype": ("x",),
    "elu": ("input_x", "alpha"),
    "equal": ("input", "other"),
    "erf": ("input",),
    "exp": ("input",),
    "expand_dims": ("input_x", "axis"),
    "eye": ("n", "m", "dtype"),
    "fill": ("type", "shape", "value"),
    "flatten": ("input", "order", "*start_dim", "*end_dim"),
    "flip": ("input", "dims"),
    "floor": ("input",),
    "floor_div": ("x", "y"),
    "floor_divide": ("input", "other"),
    "floor_mod": ("x", "y"),
    "fmod": ("input", "other"),
    "full": ("size", "fill_value", "*dtype"),
    "full_like": ("input", "fill_value", "*dtype"),
    "gather": ("input_params", "input_indices", "axis", "batch_dims"),
    "gather_nd": ("input_x", "indices"),
    "ge": ("input", "other"),
    "gelu": ("input", "approximate"),
    "greater": ("input", "other"),
    "greater_equal": ("input", "other"),
    "gt": ("input", "other"),
    "hardsigmoid": ("input",),
    "hardswish": ("input",),
    "identity": ("x",),
    "index_select": ("input", "axis", "index"),
    "isfinite": ("input",),
    "isinf": ("input",),
    "isnan": ("input",),
    "l1_loss": ("input", "target", "reduction"),
    "le": ("input", "other"),
    "leaky_relu": ("input", "alpha"),
    "less_equal": ("input", "other"),
    "log": ("input",),
    "log_softmax": ("logits", "axis"),
    "logical_and": ("input", "other"),
    "logical_not": ("input",),
    "logical_or": ("input", "other"),
    "logical_xor": ("input", "other"),
    "logsigmoid": ("x",),
    "masked_fill": ("input_x", "mask", "value"),
    "matmul": ("input", "other"),
    "max": ("input", "axis", "keepdims", "*initial", "*where"),
    "max_pool2d": ("x", "kernel_size", "stride", "padding", "dilation", "return_indices",
                   "ceil_mode"),
    "maximum": ("input", "other"),
    "mean": ("x", "axis", "keep_dims"),
    "min": ("input", "axis", "keepdims", "*initial", "*where"),
    "minimum": ("input", "other"),
    "mish": ("x",),
    "moveaxis": ("x", "source", "destination"),
    "movedim": ("x", "source", "destination"),
    "mse_loss": ("input", "target", "reduction"),
    "mul": ("input", "other"),
    "narrow": ("input", "axis", "start", "length"),
    "ne": ("input", "other"),
    "neg": ("input",),
    "negative": ("input",),
    "nll_loss": ("inputs", "target", "weight", "ignore_index", "reduction", "label_smoothing"),
    "not_equal": ("input", "other"),
    "one_hot": ("indices", "depth", "on_value", "off_value", "axis"),
    "ones": ("shape", "dtype"),
    "ones_like": ("input", "*dtype"),
    "permute": ("input", "axis"),
    "pow": ("input", "exponent"),
    "prod": ("input", "axis", "keep_dims", "dtype"),
    "range": ("start", "end", "step", "maxlen"),
    "rank": ("input_x",),
    "ravel": ("input",),
    "reciprocal": ("input",),
    "reduce_max": ("x", "axis"),
    "reduce_mean": ("x", "axis"),
    "reduce_min": ("x", "axis"),
    "reduce_sum": ("x", "axis"),
    "relu": ("input", "inplace"),
    "relu6": ("x",),
    "remainder": ("input", "other"),
    "repeat_elements": ("x", "rep", "axis"),
    "repeat_interleave": ("input", "repeats", "axis"),
    "reshape": ("input", "shape"),
    "reverse": ("x", "axis"),
    "round": ("input", "*decimals"),
    "rsqrt": ("input",),
    "scatter_nd": ("indices", "updates", "shape"),
    "select": ("condition", "input", "other"),
    "selu": ("input_x",),
    "shape": ("input_x",),
    "sigmoid": ("input",),
    "sign": ("input",),
    "silu": ("input",),
    "sin": ("input",),
    "size": ("input_x",),
    "slice": ("input_x", "begin", "size"),
    "smooth_l1_loss": ("input", "target", "beta", "reduction"),
    "softmax": ("input", "axis", "*dtype"),
    "softplus": ("input", "beta", "threshold"),
    "softsign": ("x",),
    "split": ("tensor", "split_size_or_sections", "axis"),
    "sqrt": ("x",),
    "square": ("input",),
    "squeeze": ("input", "axis"),
    "stack": ("tensors", "axis"),
    "stop_gradient": ("value",),
    "strided_slice": ("input_x", "begin", "end", "strides", "begin_mask", "end_mask",
                      "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"),
    "sub": ("input", "other"),
    "sum": ("input", "dim", "keepdim", "*dtype"),
    "swapaxes": ("input", "axis0", "axis1"),
    "swapdims": ("input", "dim0", "dim1"),
    "tanh": ("input",),
    "tile": ("input", "dims"),
    "transpose": ("input", "dims"),
    "true_divide": ("dividend", "divisor"),
    "trunc": ("input",),
    "unbind": ("input", "dim"),
    "unsqueeze": ("input", "dim"),
    "unstack": ("input_x", "axis"),
    "where": ("condition", "input", "other"),
    "zeros": ("size", "dtype"),
    "zeros_like": ("input", "*dtype"),
}

# Functions outside `ops`, by their spelling in graphc.
OTHER_FUNCTIONS = {
    "get_context": (ms.get_context, ("attr_key",)),
    "set_context": (ms.set_context, ()),
    "tensor": (ms.tensor, ("input_data", "dtype", "shape", "init", "const_arg", "device")),
    "Tensor": (Tensor.__init__, ("self", "input_data", "dtype", "shape", "init", "const_arg")),
    "Parameter": (ms.Parameter.__init__, ("self", "default_input", "name", "requires_grad",
                                          "layerwise_parallel", "parallel_optimizer")),
    "mutable": (ms.mutable, ("input_data", "dynamic_len")),
    "set_seed": (ms.set_seed, ("seed",)),
    "grad": (ms.grad, ("fn", "grad_position", "weights", "has_aux", "return_ids",
                       "sens_param")),
    "value_and_grad": (ms.value_and_grad, ("fn", "grad_position", "weights", "has_aux",
                                           "return_ids", "sens_param")),
}


def _mismatch(fn, expected):
    """What is wrong with `fn`'s parameters against MindSpore's names `expected`, or None."""
    params = list(inspect.signature(fn).parameters.values())
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    by_name = {p.name: p for p in params}
    for i, name in enumerate(n for n in expected if not n.startswith("*")):
        if i >= len(positional) or positional[i].name != name:
            return f"positional parameter {i} should be {name!r}: {[p.name for p in params]}"
    for name in (n[1:] for n in expected if n.startswith("*")):
        if name not in by_name or by_name[name].kind is inspect.Parameter.POSITIONAL_ONLY:
            return f"keyword parameter {name!r} missing: {[p.name for p in params]}"
    return None


def test_functional_ops_take_mindspore_parameter_names():
    problems = {name: _mismatch(getattr(F, name), expected)
                for name, expected in MINDSPORE_2_10.items()}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("name", sorted(OTHER_FUNCTIONS))
def test_other_functions_take_mindspore_parameter_names(name):
    fn, expected = OTHER_FUNCTIONS[name]
    assert _mismatch(fn, expected) is None


def test_every_functional_op_of_graphc_that_mindspore_names_is_in_the_table():
    missing = set(MINDSPORE_2_10) - set(F.__all__)
    assert not missing


def _x():
    return Tensor(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))


def test_keyword_calls_eager_and_in_graphs():
    def calls(x):
        return (ops.add(input=x, other=1), ops.mul(input=x, other=x), ops.sub(input=x, other=1),
                ops.div(input=x, other=2), ops.reshape(input=x, shape=(4,)),
                ops.cast(input=x, dtype=ms.int32), ops.mean(x=x, axis=0, keep_dims=True),
                ops.sum(input=x, dim=1), ops.stop_gradient(value=x),
                ops.zeros_like(input=x), ops.broadcast_to(input=x[0], shape=(2, 2)))

    expected = [[[2, 3], [4, 5]], [[1, 4], [9, 16]], [[0, 1], [2, 3]], [[0.5, 1], [1.5, 2]],
                [1, 2, 3, 4], [[1, 2], [3, 4]], [[2, 3]], [3, 7], [[1, 2], [3, 4]],
                [[0, 0], [0, 0]], [[1, 2], [1, 2]]]
    for results in (calls(_x()), ms.jit(calls)(_x())):
        assert [r.asnumpy().tolist() for r in results] == expected
    assert calls(_x())[5].dtype == ms.int32


def test_keyword_calls_of_context_and_tensor():
    assert ms.get_context(attr_key="mode") == ms.PYNATIVE_MODE
    t = ms.tensor(shape=(2,), dtype=ms.float32, init=One())
    assert t.asnumpy().tolist() == [1.0, 1.0]
    u = Tensor(input_data=[1, 2], dtype=ms.float32)
    assert u.dtype == ms.float32


# Tensor methods MindSpore 2.10 defines with named parameters (after `self`); graphc's methods
# must take them at the same positions (the first parameter, the Tensor, may have any name).
TENSOR_METHODS_2_10 = {
    "amax": ("axis", "keepdims", "*initial", "*where"),
    "amin": ("axis", "keepdims", "*initial", "*where"),
    "asnumpy": (),
    "assign_value": ("value",),
    "astype": ("dtype", "copy"),
    "copy": (),
    "equal": ("other",),
    "expand_dims": ("axis",),
    "flip": ("dims",),
    "isnan": (),
    "item": (),
    "moveaxis": ("source", "destination"),
    "movedim": ("source", "destination"),
    "multiply": ("value",),
    "ravel": (),
    "sign": (),
    "softmax": ("axis", "dtype"),
    "swapaxes": ("axis0", "axis1"),
    "swapdims": ("dim0", "dim1"),
    "tolist": (),
}


def test_tensor_methods_take_mindspore_parameter_names():
    problems = {}
    for name, expected in TENSOR_METHODS_2_10.items():
        method = getattr(Tensor, name)
        params = list(inspect.signature(method).parameters)
        wanted = [n for n in expected if not n.startswith("*")]
        if params[1:1 + len(wanted)] != wanted or not {n[1:] for n in expected if
                                                        n.startswith("*")} <= set(params):
            problems[name] = params
    assert problems == {}


def test_tensor_method_keyword_calls():
    x = Tensor(np.array([[1.0, 2.0]], np.float32))
    assert x.multiply(value=x).asnumpy().tolist() == [[1.0, 4.0]]
    assert x.swapdims(dim0=0, dim1=1).shape == (2, 1)


# Primitive classes whose MindSpore 2.10 constructor has named parameters (after `self`), so
# that `ops.Concat(1)` and `ops.ReduceSum(keep_dims=True)` both work.
PRIMITIVE_CLASSES_2_10 = {
    "Argmax": ("axis", "output_type"),
    "Argmin": ("axis", "output_type"),
    "AvgPool": ("kernel_size", "strides", "pad_mode", "data_format"),
    "BCEWithLogitsLoss": ("reduction",),
    "BatchMatMul": ("transpose_a", "transpose_b"),
    "BatchNorm": ("is_training", "epsilon", "momentum", "data_format"),
    "BiasAdd": ("data_format",),
    "BroadcastTo": ("shape",),
    "Concat": ("axis",),
    "Conv2D": ("out_channel", "kernel_size", "mode", "pad_mode", "pad", "stride", "dilation",
               "group", "data_format"),
    "CumSum": ("exclusive", "reverse"),
    "Dropout": ("keep_prob", "Seed0", "Seed1"),
    "Elu": ("alpha",),
    "Gather": ("batch_dims",),
    "LogSoftmax": ("axis",),
    "MatMul": ("transpose_a", "transpose_b"),
    "MaxPool": ("kernel_size", "strides", "pad_mode", "data_format"),
    "NLLLoss": ("reduction", "ignore_index"),
    "OneHot": ("axis",),
    "Range": ("maxlen",),
    "ReduceAll": ("keep_dims",),
    "ReduceAny": ("keep_dims",),
    "ReduceMax": ("keep_dims",),
    "ReduceMean": ("keep_dims",),
    "ReduceMin": ("keep_dims",),
    "ReduceProd": ("keep_dims",),
    "ReduceSum": ("keep_dims", "skip_mode"),
    "ReverseV2": ("axis",),
    "Softmax": ("axis",),
    "SparseSoftmaxCrossEntropyWithLogits": ("is_grad",),
    "Split": ("axis", "output_num"),
    "Squeeze": ("axis",),
    "Stack": ("axis",),
    "StridedSlice": ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                     "shrink_axis_mask"),
    "Unstack": ("axis", "num"),
}


def test_primitive_class_constructors_take_mindspore_parameters():
    from graphc.ops import operations as P
    problems = {}
    for name, expected in PRIMITIVE_CLASSES_2_10.items():
        params = list(inspect.signature(getattr(P, name).__init__).parameters)[1:]
        if params[:len(expected)] != list(expected):
            problems[name] = params
    assert problems == {}


def test_reduce_sum_skip_mode():
    x = Tensor(np.ones((2, 3), np.float32))
    assert ops.ReduceSum(skip_mode=True)(x, ()).shape == (2, 3)
    assert ops.ReduceSum(False, True)(x, 1).asnumpy().tolist() == [3.0, 3.0]
    assert float(ops.ReduceSum(skip_mode=False)(x, ()).asnumpy()) == 6.0
    assert ms.jit(lambda t: ops.ReduceSum(skip_mode=True)(t, ()))(x).shape == (2, 3)


# nn Cells' constructors as MindSpore 2.10 spells them (after `self`): `nn.Dense(in_channels=,
# out_channels=)`, `nn.Conv2d(..., pad_mode=, has_bias=)`, optimisers' `learning_rate=`, ...
NN_CLASSES_2_10 = {
    "AvgPool2d": ("kernel_size", "stride", "pad_mode", "padding", "ceil_mode", "count_include_pad",
                  "divisor_override", "data_format"),
    "BatchNorm1d": ("num_features", "eps", "momentum", "affine", "gamma_init", "beta_init",
                    "moving_mean_init", "moving_var_init", "use_batch_statistics", "data_format",
                    "dtype"),
    "BatchNorm2d": ("num_features", "eps", "momentum", "affine", "gamma_init", "beta_init",
                    "moving_mean_init", "moving_var_init", "use_batch_statistics", "data_format",
                    "dtype"),
    "Cell": ("auto_prefix", "flags"),
    "Conv2d": ("in_channels", "out_channels", "kernel_size", "stride", "pad_mode", "padding",
               "dilation", "group", "has_bias", "weight_init", "bias_init", "data_format", "dtype"),
    "CrossEntropyLoss": ("weight", "ignore_index", "reduction", "label_smoothing"),
    "Dense": ("in_channels", "out_channels", "weight_init", "bias_init", "has_bias", "activation",
              "dtype"),
    "Dropout": ("keep_prob", "p", "dtype"),
    "Flatten": ("start_dim", "end_dim"),
    "GELU": ("approximate",),
    "L1Loss": ("reduction",),
    "LeakyReLU": ("alpha",),
    "LogSoftmax": ("axis",),
    "LossBase": ("reduction",),
    "MSELoss": ("reduction",),
    "MaxPool2d": ("kernel_size", "stride", "pad_mode", "padding", "dilation", "return_indices",
                  "ceil_mode", "data_format"),
    "Optimizer": ("learning_rate", "parameters", "weight_decay", "loss_scale"),
    "Softmax": ("axis",),
    "SoftmaxCrossEntropyWithLogits": ("sparse", "reduction"),
    "TrainOneStepCell": ("network", "optimizer", "sens", "return_grad"),
    "WithEvalCell": ("network", "loss_fn", "add_cast_fp32"),
    "WithLossCell": ("backbone", "loss_fn"),
    "optim.Optimizer": ("learning_rate", "parameters", "weight_decay", "loss_scale"),
}


def test_nn_constructors_take_mindspore_parameter_names():
    problems = {}
    for name, expected in NN_CLASSES_2_10.items():
        cls = ms.nn
        for part in name.split("."):
            cls = getattr(cls, part)
        params = list(inspect.signature(cls.__init__).parameters)[1:]
        if params[:len(expected)] != list(expected):
            problems[name] = params
    assert problems == {}


def _sens_square(a):
    return a * a


def test_grad_and_value_and_grad_with_sens_param():
    """MindSpore 2.10's numbers: the sensitivity, given last, scales the output's gradient."""
    x = Tensor(np.array([1.0, 2.0], np.float32))
    y = Tensor(np.array([3.0, 4.0], np.float32))
    sens = Tensor(np.array([1.0, 10.0], np.float32))
    dx, dy = ms.grad(lambda a, b: (a * b, a + b), grad_position=(0, 1), sens_param=True)(
        x, y, (Tensor(np.ones(2, np.float32)), Tensor(np.full(2, 2.0, np.float32))))
    assert (dx.asnumpy().tolist(), dy.asnumpy().tolist()) == ([5.0, 6.0], [3.0, 4.0])
    value, g = ms.value_and_grad(_sens_square, sens_param=True)(x, sens)
    assert (value.asnumpy().tolist(), g.asnumpy().tolist()) == ([1.0, 4.0], [2.0, 40.0])

    @ms.jit
    def inside(a, s):
        return ms.grad(_sens_square, sens_param=True)(a, s)

    assert inside(x, sens).asnumpy().tolist() == [2.0, 40.0]
    assert ms.grad(ms.jit(_sens_square), sens_param=True)(x, sens).asnumpy().tolist() == \
        [2.0, 40.0]
    with pytest.raises(ValueError, match="sens_param=True"):
        ms.grad(_sens_square, sens_param=True)()
