"""Row updates at given indices: `ops.InplaceAdd(indices)(x, v)` / `ops.inplace_add(x, v,
indices)` (and `Sub`): rows `indices` of `x` (along its first axis) plus (minus) the rows of
`v`. A repeated index accumulates. Despite the name, the result is a new Tensor and `x` is
left as it was, as in MindSpore.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.tensor import Tensor
from .convert import to_tensor
from .gather_ops import gather
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive
from .shape_ops import reshape


def _indices_attr(op: str, indices: Any) -> tuple[int, ...]:
    if isinstance(indices, bool) or not isinstance(indices, (int, tuple, list)):
        raise TypeError(f"For '{op}', the type of 'indices' should be one of '['tuple', 'int']', "
                        f"but got type '{type(indices).__name__}'.")
    items = (indices,) if isinstance(indices, int) else tuple(indices)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
        raise TypeError(f"For '{op}', the elements of 'indices' must be ints, but got {indices!r}.")
    return items


def _rows_infer(op: str):
    def infer(x: TensorSpec, v: TensorSpec, *, indices: tuple[int, ...]) -> TensorSpec:
        if x.dtype is not v.dtype:
            raise op_error(op, f"the input type must be same, but got 'x' of Tensor[{x.dtype}] "
                           f"and 'v' of Tensor[{v.dtype}].", TypeError)
        if x.ndim != v.ndim or x.ndim == 0:
            raise op_error(op, f"'x' and 'v' must have the same rank (at least 1), but got "
                           f"shapes {list(x.shape)} and {list(v.shape)}.")
        if v.shape[0] is not None and v.shape[0] != len(indices):
            raise op_error(op, f"the size of indices must be equal to {v.shape[0]} (the first "
                           f"dimension of 'v'), but got {len(indices)}.")
        for i, (a, b) in enumerate(zip(x.shape[1:], v.shape[1:]), 1):
            if a is not None and b is not None and a != b:
                raise op_error(op, f"the {i}th dim of x must be equal to {i}th dim of v which is "
                               f"{b}, but got {a}.")
        n = x.shape[0]
        if n is not None:
            for i in indices:
                if not 0 <= i < n:
                    raise op_error(op, f"the value of indices must be in [0,{n}), but got {i}.")
        return x
    return infer


def _rows_impl(sign: int):
    def impl(x: np.ndarray, v: np.ndarray, *, indices: tuple[int, ...]) -> np.ndarray:
        out = x.copy()
        np.add.at(out, np.asarray(indices, np.intp), v if sign > 0 else -v)
        return out
    return impl


def _rows_bprop(sign: int):
    def bprop(x: Tensor, v: Tensor, out: Tensor, dout: Tensor, *, indices: tuple[int, ...]):
        dv = gather(dout, Tensor(np.asarray(indices, np.int64)), 0)
        return dout, reshape(dv if sign > 0 else -dv, v.shape)
    return bprop


INPLACE_ADD = primitive("inplace_add", _rows_impl(1), _rows_infer("InplaceAdd"), _rows_bprop(1))
INPLACE_SUB = primitive("inplace_sub", _rows_impl(-1), _rows_infer("InplaceSub"),
                        _rows_bprop(-1))


def inplace_add(x: Any, v: Any, indices: Any) -> Tensor:
    """`x` with `v`'s rows added at rows `indices` (an int or a tuple of ints)."""
    return apply(INPLACE_ADD, to_tensor(x), to_tensor(v),
                 indices=_indices_attr("InplaceAdd", indices))


def inplace_sub(x: Any, v: Any, indices: Any) -> Tensor:
    """`x` with `v`'s rows subtracted at rows `indices` (an int or a tuple of ints)."""
    return apply(INPLACE_SUB, to_tensor(x), to_tensor(v),
                 indices=_indices_attr("InplaceSub", indices))


class InplaceAdd(PrimitiveOp):
    """`ops.InplaceAdd(indices)(x, v)`: see `inplace_add`."""

    fn = staticmethod(inplace_add)

    def __init__(self, indices: Any) -> None:
        super().__init__(indices=_indices_attr("InplaceAdd", indices))


class InplaceSub(PrimitiveOp):
    """`ops.InplaceSub(indices)(x, v)`: see `inplace_sub`."""

    fn = staticmethod(inplace_sub)

    def __init__(self, indices: Any) -> None:
        super().__init__(indices=_indices_attr("InplaceSub", indices))


