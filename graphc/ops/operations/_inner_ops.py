"""MindSpore's `mindspore.ops.operations._inner_ops`: the internal primitives MindSpore's own
programs use, here `TopTypeof` (the type object of a value: `mstype.tensor_type`, `Int`, ...)."""

from __future__ import annotations

from typing import Any

from ...common import dtype as mstype
from ...common.tensor import Tensor
from ..primitive import Primitive

_BY_PYTHON_TYPE: tuple[tuple[type, mstype.Type], ...] = (
    (bool, mstype.Bool()), (int, mstype.int_), (float, mstype.float_),
    (complex, mstype.complex_), (str, mstype.string), (list, mstype.list_),
    (tuple, mstype.tuple_), (dict, mstype.Dict()),
)


def type_of_value(value: Any) -> mstype.Type:
    """The MindSpore type object of `value` (graph values included)."""
    if isinstance(value, Tensor):
        return mstype.tensor_type
    scalar_type = getattr(value, "graphc_scalar_type", None)  # a run-time number in a graph
    for kind, obj in _BY_PYTHON_TYPE:
        if scalar_type is kind or isinstance(value, kind):
            return obj
    if value is None:
        return mstype.type_none
    if callable(value):
        return mstype.function
    raise TypeError(f"For 'TopTypeof', a value of type {type(value).__name__} has no "
                    "MindSpore type.")


class TopTypeof(Primitive):
    """`TopTypeof()(x)`: the type object of `x` (`isinstance(..., mstype.TensorType)`)."""

    def __init__(self) -> None:
        super().__init__("TopTypeof")

    def __call__(self, x: Any) -> mstype.Type:
        return type_of_value(x)
