"""Turning op arguments into Tensors of the right dtype before a primitive runs.

Python scalars, lists and NumPy arrays become Tensors; binary ops bring their operands to one
dtype with MindSpore's promotion (a Python float with a Float32 Tensor stays Float32; an Int32
Tensor with a Float32 Tensor becomes Float32). Casts go through the `cast` primitive, so
gradients flow back through them.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor


def to_tensor(value: Any, dtype: mstype.DType | None = None) -> Tensor:
    """`value` as a Tensor (no copy if it already is one of `dtype`)."""
    if isinstance(value, Tensor):
        if dtype is None or value.dtype is dtype:
            return value
        from .array_ops import cast
        return cast(value, dtype)
    if dtype is None:
        return Tensor(value)
    return Tensor._make(np.asarray(value, dtype=dtype.np_dtype))


def scalar_like(value: Any, dtype: mstype.DType) -> Tensor:
    """A 0-d Tensor holding Python scalar `value` with `dtype`."""
    return Tensor._make(np.asarray(value, dtype=dtype.np_dtype))


def binary_operands(op: str, x: Any, y: Any) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors of one promoted dtype."""
    tx, ty = isinstance(x, Tensor), isinstance(y, Tensor)
    if tx and ty:
        dx, dy = x._data.dtype, y._data.dtype
        if dx == dy:
            return x, y
        target = mstype.promote(mstype.from_numpy(dx), mstype.from_numpy(dy))
        return to_tensor(x, target), to_tensor(y, target)
    if tx:
        return _with_scalar(op, x, y)
    if ty:
        y_t, x_t = _with_scalar(op, y, x)
        return x_t, y_t
    return binary_operands(op, to_tensor(x), y)


def _with_scalar(op: str, t: Tensor, other: Any) -> tuple[Tensor, Tensor]:
    if isinstance(other, (bool, int, float, complex)):
        target = mstype.promote_with_scalar(t.dtype, other)
        return to_tensor(t, target), scalar_like(other, target)
    if hasattr(other, "__graphc_tensor__"):
        return binary_operands(op, t, scalar_operand_as_tensor(other, t))
    if isinstance(other, (list, tuple)) and holds_tensor(other):
        return binary_operands(op, t, sequence_as_tensor(other))
    if isinstance(other, (np.ndarray, np.generic, list, tuple)):
        a, b = binary_operands(op, t, Tensor(other))
        return a, b
    raise TypeError(
        f"For '{op}', unsupported operand types: Tensor and '{type(other).__name__}'. "
        "Expected a Tensor, a Python number or bool, or a NumPy array."
    )


def holds_tensor(value: Any) -> bool:
    """Whether `value` is a Tensor or a list/tuple with a Tensor somewhere inside."""
    return isinstance(value, Tensor) or (
        isinstance(value, (list, tuple)) and any(holds_tensor(v) for v in value))


def sequence_as_tensor(seq: list[Any] | tuple[Any, ...]) -> Tensor:
    """A (nested) list or tuple holding Tensors as one Tensor, its items stacked, so that
    gradients flow back to them (`x + (y, z)`: MindSpore differentiates through y and z)."""
    from .join_ops import stack
    parts = [sequence_as_tensor(v) if isinstance(v, (list, tuple)) and holds_tensor(v)
             else v for v in seq]
    # (the Tensors' promoted dtype; Python numbers among them take it)
    target = functools.reduce(mstype.promote, (v.dtype for v in parts if isinstance(v, Tensor)))
    return stack([to_tensor(v, target) for v in parts])


_SAMPLE = {bool: True, int: 1, float: 1.0}


def scalar_operand_as_tensor(scalar: Any, other: Tensor) -> Tensor:
    """A scalar known only at run time (it has `__graphc_tensor__(dtype)` and a Python `type`),
    as a 0-d Tensor of the dtype the promotion rules give it next to Tensor `other`."""
    target = mstype.promote_with_scalar(other.dtype, _SAMPLE.get(scalar.type, 1.0))
    return scalar.__graphc_tensor__(target)
