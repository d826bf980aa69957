"""Gathering and scattering by index arrays: gather, gather_d/gather_elements, scatter ...
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..common.tensor import Tensor
from .catalog import install_spellings
from .convert import to_tensor
from .infer_rules import normalize_axis
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive, spell
from .shape_ops import int_arg, shape_arg


def check_int_indices(op: str, spec: TensorSpec, arg: str) -> None:
    if spec.dtype.kind not in ("int", "uint"):
        raise op_error(op, f"the dtype of '{arg}' must be an integer type (Int32 or Int64), but "
                       f"got {spec.dtype}.", TypeError)


def _gather_axes(op: str, params: tuple, indices: tuple, axis: int, batch_dims: int
                 ) -> tuple[int, int]:
    """(axis, batch_dims) made non-negative and checked against the two shapes."""
    if not params:
        raise op_error(op, "'input_params' must have at least 1 dimension, but got a 0-d Tensor.")
    ax = normalize_axis(op, axis, len(params))
    bd = batch_dims + len(indices) if batch_dims < 0 else batch_dims
    if not 0 <= bd <= len(indices):
        raise op_error(op, f"'batch_dims' must be in [-{len(indices)}, {len(indices)}] for "
                       f"indices of shape {list(indices)}, but got {batch_dims}.")
    if ax < bd:
        raise op_error(op, f"'axis' must be greater than or equal to 'batch_dims' {bd}, but got "
                       f"{axis}.")
    for i in range(bd):
        a, b = params[i], indices[i]
        if a is not None and b is not None and a != b:
            raise op_error(op, f"the first {bd} (batch) dimensions of 'input_params' (shape "
                           f"{list(params)}) and 'input_indices' (shape {list(indices)}) must "
                           "be equal.")
    return ax, bd


def _gather_infer(params: TensorSpec, indices: TensorSpec, *, axis: int,
                  batch_dims: int) -> TensorSpec:
    check_int_indices("Gather", indices, "input_indices")
    ax, bd = _gather_axes("Gather", params.shape, indices.shape, axis, batch_dims)
    return TensorSpec(params.shape[:ax] + indices.shape[bd:] + params.shape[ax + 1:],
                      params.dtype)


def _batched(params: np.ndarray, indices: np.ndarray, bd: int):
    """Both arrays with their first `bd` dimensions merged into one."""
    nb = math.prod(params.shape[:bd])
    return params.reshape((nb,) + params.shape[bd:]), indices.reshape((nb,) + indices.shape[bd:])


def _gather_impl(params: np.ndarray, indices: np.ndarray, *, axis: int,
                 batch_dims: int) -> np.ndarray:
    ax = axis % params.ndim
    try:
        if batch_dims == 0:
            return np.take(params, indices, axis=ax)
        bd = batch_dims + indices.ndim if batch_dims < 0 else batch_dims
        out_shape = params.shape[:ax] + indices.shape[bd:] + params.shape[ax + 1:]
        p, i = _batched(params, indices, bd)
        out = np.empty((p.shape[0],) + out_shape[bd:], params.dtype)
        for k in range(p.shape[0]):
            out[k] = np.take(p[k], i[k], axis=ax - bd)
        return out.reshape(out_shape)
    except IndexError as exc:
        raise IndexError(f"For 'Gather', 'input_indices' must be in [-{params.shape[ax]}, "
                         f"{params.shape[ax]}) for axis {axis} of 'input_params' (shape "
                         f"{list(params.shape)}): {exc}.") from None


def _gather_bprop(params: Tensor, indices: Tensor, out: Tensor, dout: Tensor, *, axis: int,
                  batch_dims: int):
    return (apply(GATHER_GRAD, dout, indices, axis=axis, batch_dims=batch_dims,
                  shape=tuple(params.shape)), None)


GATHER = primitive("gather", _gather_impl, _gather_infer, _gather_bprop)


def _gather_grad_infer(dout: TensorSpec, indices: TensorSpec, *, axis: int, batch_dims: int,
                       shape: tuple[int, ...]) -> TensorSpec:
    return TensorSpec(shape, dout.dtype)


def _gather_grad_impl(dout: np.ndarray, indices: np.ndarray, *, axis: int, batch_dims: int,
                      shape: tuple[int, ...]) -> np.ndarray:
    """The adjoint of gather: `dout` scattered (summed) back into zeros of the params' shape."""
    z = np.zeros(shape, dout.dtype)
    ax = axis % len(shape)
    full = (slice(None),)
    if batch_dims == 0:
        np.add.at(z, full * ax + (indices,), dout)
        return z
    bd = batch_dims + indices.ndim if batch_dims < 0 else batch_dims
    zb, ib = _batched(z, indices, bd)
    db = dout.reshape((zb.shape[0],) + dout.shape[bd:])
    for k in range(zb.shape[0]):
        np.add.at(zb[k], full * (ax - bd) + (ib[k],), db[k])
    return z


def _gather_grad_bprop(dout: Tensor, indices: Tensor, out: Tensor, ddx: Tensor, *, axis: int,
                       batch_dims: int, shape: tuple[int, ...]):
    return (apply(GATHER, ddx, indices, axis=axis, batch_dims=batch_dims), None)


GATHER_GRAD = primitive("gather_grad", _gather_grad_impl, _gather_grad_infer,
                        _gather_grad_bprop)


def index_tensor(value: Any) -> Tensor:
    """An index argument as a Tensor (lists and NumPy arrays of ints or bools are accepted)."""
    return value if isinstance(value, Tensor) else Tensor(value)


def gather(input_params: Any, input_indices: Any, axis: int, batch_dims: int = 0) -> Tensor:
    """Slices of `input_params` along `axis` picked by `input_indices` (negative indices count
    from the end); the first `batch_dims` dimensions of both are batch dimensions.
    Output shape: `params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis+1:]`."""
    indices = index_tensor(input_indices)
    batch_dims = int_arg("Gather", "batch_dims", batch_dims)
    if batch_dims < 0:
        batch_dims += indices.ndim
    return apply(GATHER, to_tensor(input_params), indices,
                 axis=int_arg("Gather", "axis", axis), batch_dims=batch_dims)


class Gather(PrimitiveOp):
    """`ops.Gather(batch_dims=0)(input_params, input_indices, axis)`."""

    def __init__(self, batch_dims: int = 0) -> None:
        super().__init__(batch_dims=batch_dims)

    fn = staticmethod(gather)


def index_select(input: Any, axis: int, index: Any) -> Tensor:
    """The entries of `input` along `axis` at the positions listed in the 1-d `index`."""
    index = index_tensor(index)
    if index.ndim != 1:
        raise op_error("index_select", f"'index' must be 1-d, but got shape {list(index.shape)}.")
    return gather(input, index, axis)


def _nd_split(indices: np.ndarray) -> tuple[np.ndarray, ...]:
    return tuple(np.moveaxis(indices, -1, 0))


def _gather_nd_infer(x: TensorSpec, indices: TensorSpec) -> TensorSpec:
    op = "GatherNd"
    check_int_indices(op, indices, "indices")
    k = indices.shape[-1] if indices.ndim else None
    if k is None or k > x.ndim:
        raise op_error(op, f"the last dimension of 'indices' (shape {list(indices.shape)}) must "
                       f"be known and at most the rank of 'input_x' (shape {list(x.shape)}).")
    return TensorSpec(indices.shape[:-1] + x.shape[k:], x.dtype)


def _gather_nd_impl(x: np.ndarray, indices: np.ndarray) -> np.ndarray:
    if indices.shape[-1] == 0:
        return np.broadcast_to(x, indices.shape[:-1] + x.shape).copy()
    try:
        return x[_nd_split(indices)]
    except IndexError as exc:
        raise IndexError(f"For 'GatherNd', {exc} (input shape {list(x.shape)}).") from None


def _gather_nd_bprop(x: Tensor, indices: Tensor, out: Tensor, dout: Tensor):
    return (apply(SCATTER_ND, indices, dout, shape=tuple(x.shape)), None)


GATHER_ND = primitive("gather_nd", _gather_nd_impl, _gather_nd_infer, _gather_nd_bprop)
spell(GATHER_ND, classes=("GatherNd",))


def gather_nd(input_x: Any, indices: Any) -> Tensor:
    """`out[i...] = input_x[indices[i..., 0], ..., indices[i..., k-1]]` (k = last dimension of
    `indices`); the remaining dimensions of `input_x` are kept."""
    return apply(GATHER_ND, to_tensor(input_x), index_tensor(indices))


def _scatter_nd_infer(indices: TensorSpec, updates: TensorSpec, *,
                      shape: tuple[int, ...]) -> TensorSpec:
    op = "ScatterNd"
    check_int_indices(op, indices, "indices")
    k = indices.shape[-1] if indices.ndim else None
    if k is None or k > len(shape):
        raise op_error(op, f"the last dimension of 'indices' (shape {list(indices.shape)}) must "
                       f"be known and at most the length of 'shape' {shape}.")
    expected = indices.shape[:-1] + tuple(shape[k:])
    if len(expected) != updates.ndim or any(
            a is not None and b is not None and a != b for a, b in zip(expected, updates.shape)):
        raise op_error(op, f"'updates' must have shape {list(expected)} (indices.shape[:-1] + "
                       f"shape[{k}:]), but got {list(updates.shape)}.")
    return TensorSpec(tuple(shape), updates.dtype)


def _scatter_nd_impl(indices: np.ndarray, updates: np.ndarray, *,
                     shape: tuple[int, ...]) -> np.ndarray:
    z = np.zeros(shape, updates.dtype)
    try:
        np.add.at(z, _nd_split(indices), updates)
    except IndexError as exc:
        raise IndexError(f"For 'ScatterNd', {exc} (shape {list(shape)}).") from None
    return z


def _scatter_nd_bprop(indices: Tensor, updates: Tensor, out: Tensor, dout: Tensor, *,
                      shape: tuple[int, ...]):
    return (None, apply(GATHER_ND, dout, indices))


SCATTER_ND = primitive("scatter_nd", _scatter_nd_impl, _scatter_nd_infer, _scatter_nd_bprop)
spell(SCATTER_ND, classes=("ScatterNd",))


def scatter_nd(indices: Any, updates: Any, shape: Any) -> Tensor:
    """Zeros of `shape` with `updates` added at `indices` (duplicates accumulate): the adjoint
    of `gather_nd`."""
    return apply(SCATTER_ND, index_tensor(indices), to_tensor(updates),
                 shape=shape_arg("ScatterNd", shape))


install_spellings(globals())  # (the primitive classes and Tensor methods spelled above)
