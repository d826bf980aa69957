"""Python builtins applied to graph values (run-time Tensors and scalars) while a graph is
built: the cases plain Python cannot evaluate on them (`int(t.sum())`, `max(a, b)` of
one-element Tensors, `isinstance` of a run-time number). Everything else about builtins is
Python's own behaviour on constants."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..common.errors import GraphcTypeError, GraphcValueError
from ..common.tensor import Tensor
from ..ir import node as ir
from .values import GraphScalar, GraphTensor, tensor_to_scalar

if TYPE_CHECKING:
    from .specialize import GraphBuilder


def _builtin_len(builder: GraphBuilder, value: Any) -> int:
    return len(value)


def _builtin_isinstance(builder: GraphBuilder, value: Any, cls: Any) -> bool:
    if isinstance(value, GraphScalar):  # a run-time number is an instance of its type
        classes = cls if isinstance(cls, tuple) else (cls,)
        return any(isinstance(c, type) and issubclass(value.type, c) for c in classes)
    return isinstance(value, cls)


def _to_python_scalar(pytype: type) -> Callable[..., Any]:
    def convert(builder: GraphBuilder, value: Any, *rest: Any) -> Any:
        if rest:
            raise GraphcTypeError(f"{pytype.__name__}() with a base on a graph value is not "
                                  "supported", builder.loc)
        if isinstance(value, GraphTensor):
            if value._data.size not in (1, -1):
                raise GraphcValueError(  # MindSpore 2.10: ValueError, as eagerly
                    f"{pytype.__name__}() of a Tensor: only a one-element Tensor can be "
                    f"converted to a Python scalar, but its shape is {list(value.shape)}",
                    builder.loc)
            return tensor_to_scalar(value, pytype)
        if isinstance(value, GraphScalar):
            if value.type is pytype:
                return value
            return builder.emit_scalar(ir.SCALAR_OP, (value,), {"op": pytype}, pytype)
        return pytype(value)
    return convert


def _extreme(pick_max: bool) -> Callable[..., Any]:
    def extreme(builder: GraphBuilder, *args: Any, **kwargs: Any) -> Any:
        from ..ops import math_ops
        items = args[0] if len(args) == 1 else args
        items = list(items)
        if kwargs or not items or not all(isinstance(v, Tensor) for v in items):
            raise GraphcTypeError(f"{'max' if pick_max else 'min'}() on graph values takes "
                                  "one-element Tensors (no key/default)", builder.loc)
        for v in items:
            if v._data.size not in (1, -1):
                raise GraphcValueError(
                    f"The truth value of a Tensor with shape {list(v.shape)} is ambiguous: "
                    "max()/min() compare one-element Tensors only.", builder.loc)
        best = items[0]
        for v in items[1:]:
            # Python keeps the first of equal items: take `v` only when strictly better.
            better = math_ops.greater(v, best) if pick_max else math_ops.less(v, best)
            from ..ops.array_ops import select
            best = select(better, v, best)
        return best
    return extreme


GRAPH_BUILTINS: dict[Any, Callable[..., Any]] = {
    len: _builtin_len,
    isinstance: _builtin_isinstance,
    int: _to_python_scalar(int),
    float: _to_python_scalar(float),
    bool: _to_python_scalar(bool),
    max: _extreme(True),
    min: _extreme(False),
}
