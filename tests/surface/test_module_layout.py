"""MindSpore's import paths resolve in graphc to the objects they name: each row is a module
path (as `mindspore.X` is spelled with `graphc` for `mindspore`), a name, and graphc's canonical
object. `import X` and `from X import Y` must both give that object."""

import importlib
import types

import pytest

import graphc
from graphc import autodiff, runtime
from graphc.common import context as context_module_fn  # noqa: F401  (the function)
from graphc.common import dtype as dtype_module
from graphc.common import initializer as initializer_module
from graphc.common import parallel_context
from graphc.common import parameter as parameter_module
from graphc.common.context import GRAPH_MODE, PYNATIVE_MODE, get_context, set_context
from graphc.common.mutable_input import mutable
from graphc.common.parameter import Parameter, ParameterTuple
from graphc.common.tensor import Tensor, tensor
from graphc.nn import cell as cell_module
from graphc.nn.cell import Cell
from graphc.ops import arith_ops, multitype, primitive
from graphc.ops.math_classes import Add, ReduceSum
from graphc.ops.operations import _inner_ops, _sequence_ops
from graphc.ops.reduce_ops import reduce_sum
from graphc.ops.shape_ops import ones_like, zeros_like

CANONICAL = [
    ("graphc", "context", importlib.import_module("graphc.context")),
    ("graphc", "dtype", dtype_module),
    ("graphc", "log", importlib.import_module("graphc.log")),
    ("graphc", "mutable", mutable),
    ("graphc", "tensor", tensor),
    ("graphc", "Tensor", Tensor),
    ("graphc", "Parameter", Parameter),
    ("graphc", "jit", runtime.jit),
    ("graphc", "jit_class", runtime.jit_class),
    ("graphc", "ParallelMode", parallel_context.ParallelMode),
    ("graphc", "set_auto_parallel_context", parallel_context.set_auto_parallel_context),
    ("graphc.context", "set_context", set_context),
    ("graphc.context", "get_context", get_context),
    ("graphc.context", "GRAPH_MODE", GRAPH_MODE),
    ("graphc.context", "PYNATIVE_MODE", PYNATIVE_MODE),
    ("graphc.context", "ParallelMode", parallel_context.ParallelMode),
    ("graphc.context", "set_auto_parallel_context", parallel_context.set_auto_parallel_context),
    ("graphc.context", "get_auto_parallel_context", parallel_context.get_auto_parallel_context),
    ("graphc.context", "reset_auto_parallel_context",
     parallel_context.reset_auto_parallel_context),
    ("graphc.common", "dtype", dtype_module),
    ("graphc.common", "tensor", tensor),
    ("graphc.common", "parameter", parameter_module),
    ("graphc.common", "initializer", initializer_module),
    ("graphc.common", "api", importlib.import_module("graphc.common.api")),
    ("graphc.common", "mutable", mutable),
    ("graphc.common", "Tensor", Tensor),
    ("graphc.common", "Parameter", Parameter),
    ("graphc.common", "set_seed", graphc.set_seed),
    ("graphc.common", "float32", dtype_module.float32),
    ("graphc.common.dtype", "float32", dtype_module.float32),
    ("graphc.common.dtype", "tensor_type", dtype_module.tensor_type),
    ("graphc.common.api", "jit", runtime.jit),
    ("graphc.common.api", "jit_class", runtime.jit_class),
    ("graphc.common.api", "JitConfig", runtime.JitConfig),
    ("graphc.common.api", "mutable", mutable),
    ("graphc.common.parameter", "Parameter", Parameter),
    ("graphc.common.parameter", "ParameterTuple", ParameterTuple),
    ("graphc.common.tensor", "Tensor", Tensor),
    ("graphc.common.initializer", "initializer", initializer_module.initializer),
    ("graphc.ops", "Primitive", primitive.Primitive),
    ("graphc.ops", "constexpr", primitive.constexpr),
    ("graphc.ops", "MultitypeFuncGraph", multitype.MultitypeFuncGraph),
    ("graphc.ops", "HyperMap", multitype.HyperMap),
    ("graphc.ops.operations", "Add", Add),
    ("graphc.ops.operations", "ReduceSum", ReduceSum),
    ("graphc.ops.composite", "GradOperation", autodiff.GradOperation),
    ("graphc.ops.composite", "MultitypeFuncGraph", multitype.MultitypeFuncGraph),
    ("graphc.ops.composite", "HyperMap", multitype.HyperMap),
    ("graphc.ops.composite", "Map", multitype.Map),
    ("graphc.ops.composite", "ones_like", ones_like),
    ("graphc.ops.composite", "zeros_like", zeros_like),
    ("graphc.ops.functional", "add", arith_ops.add),
    ("graphc.ops.functional", "reduce_sum", reduce_sum),
    ("graphc.ops.functional", "grad", autodiff.grad),
    ("graphc.ops.functional", "value_and_grad", autodiff.value_and_grad),
    ("graphc.ops.primitive", "Primitive", primitive.Primitive),
    ("graphc.ops.primitive", "PrimitiveWithInfer", primitive.PrimitiveWithInfer),
    ("graphc.ops.primitive", "PrimitiveWithCheck", primitive.PrimitiveWithCheck),
    ("graphc.ops.primitive", "prim_attr_register", primitive.prim_attr_register),
    ("graphc.ops.primitive", "constexpr", primitive.constexpr),
    ("graphc.ops.operations._sequence_ops", "SequenceAddN", _sequence_ops.SequenceAddN),
    ("graphc.ops.operations._sequence_ops", "SequenceMul", _sequence_ops.SequenceMul),
    ("graphc.ops.operations._inner_ops", "TopTypeof", _inner_ops.TopTypeof),
    ("graphc.nn", "Cell", Cell),
    ("graphc.nn", "cell", cell_module),
    ("graphc.nn.cell", "Cell", Cell),
    ("graphc.nn.layer", "Dense", graphc.nn.Dense),
]


@pytest.mark.parametrize(("path", "name", "expected"), CANONICAL,
                         ids=[f"{p}:{n}" for p, n, _ in CANONICAL])
def test_import_path_resolves_to_the_canonical_object(path, name, expected):
    module = importlib.import_module(path)  # `import X`
    assert isinstance(module, types.ModuleType) and module.__doc__
    namespace: dict = {}
    exec(f"from {path} import {name} as found", namespace)  # `from X import Y`
    assert namespace["found"] is expected
    assert getattr(module, name) is expected


def test_every_primitive_class_is_in_operations_and_every_functional_op_in_functional():
    from graphc.ops import PrimitiveOp
    from graphc.ops import functional as F
    from graphc.ops import operations as P
    classes = {n for n, v in vars(graphc.ops).items()
               if isinstance(v, type) and issubclass(v, PrimitiveOp) and v is not PrimitiveOp}
    assert classes and classes <= set(P.__all__)
    assert all(getattr(P, n) is getattr(graphc.ops, n) for n in classes)
    assert {"add", "mul", "cast", "reshape", "reduce_mean"} <= set(F.__all__)
    assert F.partial is graphc.ops.partial


def test_mutable_from_common_is_the_function_and_works():
    from graphc.common import mutable as m
    assert callable(m) and not isinstance(m, types.ModuleType)
    assert m((1, 2)) == (1, 2)


def test_dtype_type_objects_print_as_mindspore():
    from graphc import dtype as mstype
    assert (str(mstype.tensor_type), repr(mstype.tensor_type)) == ("Tensor", "mindspore.tensor")
    assert (str(mstype.number), str(mstype.list_), str(mstype.tuple_)) == \
        ("Number", "List", "Tuple")
    assert isinstance(mstype.tensor_type, mstype.TensorType)
    assert mstype.dtype_to_nptype(mstype.float32) is __import__("numpy").float32
    assert mstype.pytype_to_dtype(bool) is mstype.bool_
    assert mstype.dtype_to_pytype(mstype.int32) is int
    assert mstype.int32 in mstype.number_type and mstype.float16 in mstype.float_type


def test_auto_parallel_context_set_get_reset():
    from graphc import context
    assert context.get_auto_parallel_context("parallel_mode") == "stand_alone"
    try:
        context.set_auto_parallel_context(parallel_mode=context.ParallelMode.DATA_PARALLEL,
                                          gradients_mean=True, device_num=8)
        assert (context.get_auto_parallel_context("parallel_mode"),
                context.get_auto_parallel_context("device_num"),
                context.get_auto_parallel_context("gradients_mean")) == \
            ("data_parallel", 8, True)
    finally:
        context.reset_auto_parallel_context()
    assert context.get_auto_parallel_context("device_num") == 1
    with pytest.raises(ValueError, match="foo is not recognized"):
        context.set_auto_parallel_context(foo=1)
    with pytest.raises(ValueError, match="foo is not recognized"):
        context.get_auto_parallel_context("foo")


def test_logger_writes_mindspore_style_lines(capsys):
    from graphc import log as logger
    logger.warning("hello %s", 3)
    logger.info("not shown at the default level")
    err = capsys.readouterr().err
    assert "[WARNING] GRAPHC(" in err and "hello 3" in err and "not shown" not in err
    assert logger.get_level() == "2"
