"""In-place scatters into Parameters: `ops.ScatterNdUpdate` (rows or elements set at N-d
indices) and `ops.ScatterAdd` (updates added at first-axis indices, repeated indices
accumulate). Both write the Parameter, as `ops.assign` does (eagerly at once, in a graph as an
ordered assignment when it runs), and return its new value.

They have no gradient: they update state. `indices` of ScatterNdUpdate have shape
(..., k) addressing the first k axes; ScatterAdd's `updates` have shape
indices.shape + x.shape[1:].
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import dtype as mstype
from .convert import to_tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive
from .state_ops import assign


def _nd_update_impl(x: np.ndarray, indices: np.ndarray, updates: np.ndarray) -> np.ndarray:
    out = x.copy()
    out[tuple(np.moveaxis(indices, -1, 0))] = updates
    return out


def _add_impl(x: np.ndarray, indices: np.ndarray, updates: np.ndarray) -> np.ndarray:
    out = x.copy()
    np.add.at(out, indices, updates.astype(x.dtype))
    return out


def _infer(op: str, nd: bool):
    def infer(x: TensorSpec, indices: TensorSpec, updates: TensorSpec) -> TensorSpec:
        if indices.dtype not in (mstype.int32, mstype.int64):
            raise op_error(op, f"'indices' must be Int32 or Int64, but got {indices.dtype}.",
                           TypeError)
        if nd:
            k = indices.shape[-1] if indices.ndim else None
            want = tuple(indices.shape[:-1]) + tuple(x.shape[k:]) if k is not None else None
        else:
            want = tuple(indices.shape) + tuple(x.shape[1:])
        if want is not None and None not in want and tuple(updates.shape) != want:
            raise op_error(op, f"'updates' must have shape {list(want)}, but got "
                           f"{list(updates.shape)}.")
        return x
    return infer


SCATTER_ND_UPDATE = primitive("scatter_nd_update", _nd_update_impl,
                              _infer("ScatterNdUpdate", True))
SCATTER_ADD = primitive("scatter_add", _add_impl, _infer("ScatterAdd", False))


class ScatterNdUpdate(PrimitiveOp):
    """`ops.ScatterNdUpdate(use_locking=True)(input_x, indices, updates)`: input_x[indices] =
    updates on the Parameter `input_x`; returns the new value."""

    def __init__(self, use_locking: bool = True) -> None:
        super().__init__(use_locking=bool(use_locking))

    def __call__(self, input_x: Any, indices: Any, updates: Any) -> Any:
        new = apply(SCATTER_ND_UPDATE, input_x, to_tensor(indices), to_tensor(updates))
        return assign(input_x, new)


class ScatterAdd(PrimitiveOp):
    """`ops.ScatterAdd(use_locking=False)(input_x, indices, updates)`: input_x[indices] +=
    updates on the Parameter `input_x` (repeated indices add up); returns the new value."""

    def __init__(self, use_locking: bool = False) -> None:
        super().__init__(use_locking=bool(use_locking))

    def __call__(self, input_x: Any, indices: Any, updates: Any) -> Any:
        new = apply(SCATTER_ADD, input_x, to_tensor(indices), to_tensor(updates))
        return assign(input_x, new)
