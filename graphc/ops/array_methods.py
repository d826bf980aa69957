"""Tensor methods backed by the array ops (`t.reshape(...)`, `t.transpose()`, `t[...]`, ...).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .creation_ops import flip, repeat_interleave
from .gather_ops import gather, index_select
from .index_ops import masked_fill, narrow, where
from .join_ops import FLATTEN, chunk, expand_dims, flatten, split, squeeze, tile, unsqueeze, unstack
from .primitive import apply
from .shape_ops import TRANSPOSE, broadcast_to, moveaxis, reshape, swapaxes, transpose


def _dims_arg(dims: tuple) -> Any:
    """Method varargs `(*dims)` or a single sequence `(dims,)` as one shape-like value."""
    if len(dims) == 1 and not isinstance(dims[0], (int, np.integer)):
        return dims[0]
    return dims


def _tensor_transpose(self: Tensor, *axes: Any) -> Tensor:
    """`x.transpose()` reverses the dimensions; `x.transpose(d0, d1)` swaps two dimensions (as
    in MindSpore 2.x); `x.transpose(perm)` or `x.transpose(*perm)` with three or more ints
    permutes them."""
    if not axes:
        return apply(TRANSPOSE, self, perm=tuple(range(self.ndim - 1, -1, -1)))
    if len(axes) == 2 and all(isinstance(a, (int, np.integer)) for a in axes):
        return swapaxes(self, int(axes[0]), int(axes[1]))
    return transpose(self, _dims_arg(axes))


def _tensor_permute(self: Tensor, *dims: Any) -> Tensor:
    """`x.permute(*dims)` or `x.permute(dims)`: see `ops.permute`."""
    return transpose(self, _dims_arg(dims))


def _tensor_view(self: Tensor, *shape: Any) -> Tensor:
    """`x.view(*shape)` / `x.view(shape)`: `reshape`. `x.view(dtype)` reinterprets the bytes as
    another dtype (not differentiable)."""
    if len(shape) == 1 and isinstance(shape[0], mstype.DType):
        return Tensor._make(self.asnumpy().view(shape[0].np_dtype))
    return reshape(self, _dims_arg(shape))


def _tensor_squeeze(self: Tensor, axis: Any = None) -> Tensor:
    """`x.squeeze(axis=None)`: see `ops.squeeze`."""
    return squeeze(self, axis)


def _tensor_expand_dims(self: Tensor, axis: int) -> Tensor:
    """`x.expand_dims(axis)`: see `ops.expand_dims`."""
    return expand_dims(self, axis)


def _tensor_unsqueeze(self: Tensor, dim: int) -> Tensor:
    """`x.unsqueeze(dim)`: see `ops.unsqueeze`."""
    return unsqueeze(self, dim)


def _tensor_flatten(self: Tensor, *args: Any, order: str = "C", start_dim: int = 0,
                    end_dim: int = -1) -> Tensor:
    """`x.flatten(order='C', *, start_dim=0, end_dim=-1)`; with MindSpore 2.x also
    `x.flatten(start_dim, end_dim)` positionally. Unlike `ops.flatten`, `start_dim` defaults
    to 0, so `x.flatten()` is 1-d."""
    if args and isinstance(args[0], str):
        order, args = args[0], args[1:]
    if args:
        start_dim = args[0]
    if len(args) > 1:
        end_dim = args[1]
    return flatten(self, order, start_dim=start_dim, end_dim=end_dim)


def _tensor_ravel(self: Tensor) -> Tensor:
    """`x.ravel()`: `x` as a 1-d Tensor."""
    return apply(FLATTEN, self, start_dim=0, end_dim=-1)


def _tensor_tile(self: Tensor, *dims: Any) -> Tensor:
    """`x.tile(dims)` or `x.tile(*dims)`: see `ops.tile`."""
    return tile(self, _dims_arg(dims))


def _tensor_broadcast_to(self: Tensor, *shape: Any) -> Tensor:
    """`x.broadcast_to(shape)` or `x.broadcast_to(*shape)`: see `ops.broadcast_to`."""
    return broadcast_to(self, _dims_arg(shape))


def _tensor_expand_as(self: Tensor, other: Tensor) -> Tensor:
    """`x.expand_as(other)`: `x` broadcast to `other`'s shape."""
    return broadcast_to(self, other.shape)


def _tensor_gather(self: Tensor, input_indices: Any, axis: int, batch_dims: int = 0) -> Tensor:
    """`x.gather(input_indices, axis, batch_dims=0)`: see `ops.gather`."""
    return gather(self, input_indices, axis, batch_dims)


def _tensor_index_select(self: Tensor, axis: int, index: Any) -> Tensor:
    """`x.index_select(axis, index)`: see `ops.index_select`."""
    return index_select(self, axis, index)


def _tensor_swapaxes(self: Tensor, axis0: int, axis1: int) -> Tensor:
    """`x.swapaxes(axis0, axis1)`: see `ops.swapaxes`."""
    return swapaxes(self, axis0, axis1)


def _tensor_swapdims(self: Tensor, dim0: int, dim1: int) -> Tensor:
    """`x.swapdims(dim0, dim1)` (MindSpore's parameter names): see `ops.swapaxes`."""
    return swapaxes(self, dim0, dim1)


def _tensor_moveaxis(self: Tensor, source: Any, destination: Any) -> Tensor:
    """`x.moveaxis(source, destination)`: see `ops.moveaxis`."""
    return moveaxis(self, source, destination)


def _tensor_masked_fill(self: Tensor, mask: Any, value: Any) -> Tensor:
    """`x.masked_fill(mask, value)`: see `ops.masked_fill`."""
    return masked_fill(self, mask, value)


def _tensor_where(self: Tensor, condition: Any, y: Any) -> Tensor:
    """`x.where(condition, y)`: `x` where `condition` is True, else `y`."""
    return where(condition, self, y)


def _tensor_flip(self: Tensor, dims: Any) -> Tensor:
    """`x.flip(dims)`: see `ops.flip`."""
    return flip(self, dims)


def _tensor_repeat_interleave(self: Tensor, repeats: Any, axis: int | None = None) -> Tensor:
    """`x.repeat_interleave(repeats, axis=None)`: see `ops.repeat_interleave`."""
    return repeat_interleave(self, repeats, axis)


def _tensor_narrow(self: Tensor, axis: int, start: int, length: int) -> Tensor:
    """`x.narrow(axis, start, length)`: see `ops.narrow`."""
    return narrow(self, axis, start, length)


def _tensor_split(self: Tensor, split_size_or_sections: Any, axis: int = 0, *,
                  dim: int | None = None) -> tuple[Tensor, ...]:
    """`x.split(split_size_or_sections, axis=0)` (or `dim=`): see `ops.split`."""
    return split(self, split_size_or_sections, axis if dim is None else dim)


def _tensor_chunk(self: Tensor, chunks: int, axis: int = 0) -> tuple[Tensor, ...]:
    """`x.chunk(chunks, axis=0)`: see `ops.chunk`."""
    return chunk(self, chunks, axis)


def _tensor_unbind(self: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """`x.unbind(dim=0)`: see `ops.unbind`."""
    return unstack(self, dim)


TENSOR_METHODS = {
    'view': _tensor_view,
    'transpose': _tensor_transpose,
    'permute': _tensor_permute,
    'swapaxes': _tensor_swapaxes,
    'swapdims': _tensor_swapdims,
    'moveaxis': _tensor_moveaxis,
    'movedim': _tensor_moveaxis,
    'squeeze': _tensor_squeeze,
    'expand_dims': _tensor_expand_dims,
    'unsqueeze': _tensor_unsqueeze,
    'flatten': _tensor_flatten,
    'ravel': _tensor_ravel,
    'tile': _tensor_tile,
    'broadcast_to': _tensor_broadcast_to,
    'expand_as': _tensor_expand_as,
    'gather': _tensor_gather,
    'index_select': _tensor_index_select,
    'masked_fill': _tensor_masked_fill,
    'where': _tensor_where,
    'flip': _tensor_flip,
    'repeat_interleave': _tensor_repeat_interleave,
    'narrow': _tensor_narrow,
    'split': _tensor_split,
    'chunk': _tensor_chunk,
    'unbind': _tensor_unbind,
}
