"""Sorting and picking by index along an axis: `gather_elements`/`GatherD`, `sort`/`Sort`,
`topk`/`TopK`, `ArgMaxWithValue`/`ArgMinWithValue` and `nonzero` (also `Tensor.nonzero`).

The index-producing primitives (argsort, top-k indices, nonzero) have no gradient; the values
are always `gather_d(x, indices)`, whose bprop scatters the output gradient back, so every
value output is differentiable through one rule.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from . import infer_rules as rules
from .convert import to_tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive


def _int_attr(op: str, name: str, value: Any) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise op_error(op, f"'{name}' must be an int, but got {type(value).__name__} "
                       f"{value!r}.", TypeError)
    return int(value)


def _full_index(index: np.ndarray, dim: int) -> tuple[np.ndarray, ...]:
    """The advanced index addressing, for every element of `index`, the element of the source
    whose coordinate on axis `dim` is that element's value (the others its own)."""
    grid = list(np.indices(index.shape, sparse=True))
    grid[dim] = index
    return tuple(grid)


# ------------------------------------------------------------------ gather_d / gather_elements

def _gather_d_infer(x: TensorSpec, index: TensorSpec, *, dim: int) -> TensorSpec:
    op = "GatherD"
    rules.check_dtype(op, index, ("int", "uint"), "Int32 or Int64", "index")
    if index.ndim != x.ndim:
        raise op_error(op, f"'index' must have the rank of 'x' ({x.ndim}), but got shape "
                       f"{list(index.shape)} for 'x' of shape {list(x.shape)}.")
    d = rules.normalize_axis(op, dim, x.ndim, "dim")
    for axis, (a, b) in enumerate(zip(x.shape, index.shape)):
        if axis != d and None not in (a, b) and b > a:
            raise op_error(op, f"the size of 'index' ({b}) must not exceed the size of 'x' "
                           f"({a}) on dimension {axis} (other than 'dim' {dim}).")
    return TensorSpec(index.shape, x.dtype)


def _gather_d_impl(x: np.ndarray, index: np.ndarray, *, dim: int) -> np.ndarray:
    d = dim % x.ndim
    size = x.shape[d]
    if index.size and (index.min() < -size or index.max() >= size):
        raise IndexError(f"For 'GatherD', the values of 'index' must be in [-{size}, {size}) "
                         f"for dimension {dim} of 'x' (shape {list(x.shape)}), but got "
                         f"[{index.min()}, {index.max()}].")
    return x[_full_index(np.where(index < 0, index + size, index), d)]


def _gather_d_bprop(x: Tensor, index: Tensor, out: Tensor, dout: Tensor, *, dim: int):
    return apply(GATHER_D_GRAD, dout, index, dim=dim, shape=tuple(x.shape)), None


GATHER_D = primitive("gather_d", _gather_d_impl, _gather_d_infer, _gather_d_bprop)


def _gather_d_grad_impl(dout: np.ndarray, index: np.ndarray, *, dim: int,
                        shape: tuple[int, ...]) -> np.ndarray:
    """The adjoint of gather_d: `dout` added into zeros of the source's shape."""
    d = dim % len(shape)
    z = np.zeros(shape, dout.dtype)
    np.add.at(z, _full_index(np.where(index < 0, index + shape[d], index), d), dout)
    return z


GATHER_D_GRAD = primitive(
    "gather_d_grad", _gather_d_grad_impl,
    lambda dout, index, *, dim, shape: TensorSpec(shape, dout.dtype),
    lambda dout, index, out, dd, *, dim, shape: (apply(GATHER_D, dd, index, dim=dim), None))


def gather_elements(input: Any, dim: int, index: Any) -> Tensor:
    """`out[i][j][k] = input[index[i][j][k]][j][k]` for dim 0 (and so on): the element of
    `input` whose coordinate on `dim` is given by `index` (same rank as `input`)."""
    index = index if isinstance(index, Tensor) else Tensor(index)
    return apply(GATHER_D, to_tensor(input), index, dim=_int_attr("GatherD", "dim", dim))


class GatherD(PrimitiveOp):
    """`ops.GatherD()(x, dim, index)`: see `gather_elements`."""

    fn = staticmethod(gather_elements)


# -------------------------------------------------------------------------- sort and top-k

def _order_key(x: np.ndarray, descending: bool) -> np.ndarray:
    """An array whose stable ascending order is `x`'s order (descending: reversed, ties still
    by first position). `~` reverses integer order without overflow."""
    if not descending:
        return x
    if x.dtype == np.bool_:
        return ~x
    return -x if x.dtype.kind in "fc" else ~x


def _argsort_impl(x: np.ndarray, *, axis: int, descending: bool) -> np.ndarray:
    return np.argsort(_order_key(x, descending), axis=axis, kind="stable").astype(np.int32)


def _argsort_infer(x: TensorSpec, *, axis: int, descending: bool) -> TensorSpec:
    if x.ndim == 0:
        raise op_error("Sort", "'input_x' must have at least 1 dimension, but got a 0-d Tensor.")
    rules.normalize_axis("Sort", axis, x.ndim)
    return TensorSpec(x.shape, mstype.int32)


ARGSORT = primitive("argsort", _argsort_impl, _argsort_infer)


def sort(input_x: Any, axis: int = -1, descending: bool = False) -> tuple[Tensor, Tensor]:
    """(sorted values, Int32 indices) of `input_x` along `axis`; equal values keep their
    order. The values are differentiable."""
    x = to_tensor(input_x)
    axis = _int_attr("Sort", "axis", axis)
    index = apply(ARGSORT, x, axis=axis, descending=bool(descending))
    return apply(GATHER_D, x, index, dim=axis), index


class Sort(PrimitiveOp):
    """`ops.Sort(axis=-1, descending=False)(x)` -> (values, indices)."""

    def __init__(self, axis: int = -1, descending: bool = False) -> None:
        super().__init__(axis=_int_attr("Sort", "axis", axis), descending=bool(descending))

    @staticmethod
    def fn(x: Any, *, axis: int, descending: bool) -> tuple[Tensor, Tensor]:
        return sort(x, axis, descending)


def _topk_impl(x: np.ndarray, *, k: int, axis: int, largest: bool, sorted: bool
               ) -> np.ndarray:
    order = np.argsort(_order_key(x, largest), axis=axis, kind="stable")
    top = np.take(order, np.arange(k), axis=axis)
    if not sorted:  # MindSpore leaves the order unspecified; graphc keeps source order
        top = np.sort(top, axis=axis)
    return top.astype(np.int32)


def _topk_infer(x: TensorSpec, *, k: int, axis: int, largest: bool, sorted: bool
                ) -> TensorSpec:
    op = "TopK"
    if x.ndim == 0:
        raise op_error(op, "'input_x' must have at least 1 dimension, but got a 0-d Tensor.")
    a = rules.normalize_axis(op, axis, x.ndim, "dim")
    size = x.shape[a]
    if k < 0 or (size is not None and k > size):
        raise op_error(op, f"the k must be in [0, {size}] (the size of dimension {axis}), but "
                       f"got {k}.")
    return TensorSpec(x.shape[:a] + (k,) + x.shape[a + 1:], mstype.int32)


TOPK_INDICES = primitive("topk_indices", _topk_impl, _topk_infer)


def topk(input: Any, k: int, dim: int | None = None, largest: bool = True,
         sorted: bool = True) -> tuple[Tensor, Tensor]:
    """(values, Int32 indices) of the `k` largest (or smallest) elements along `dim` (None:
    the last); with `sorted`, in order, largest first. The values are differentiable."""
    x = to_tensor(input)
    k = _int_attr("TopK", "k", k)
    axis = -1 if dim is None else _int_attr("TopK", "dim", dim)
    index = apply(TOPK_INDICES, x, k=k, axis=axis, largest=bool(largest), sorted=bool(sorted))
    return apply(GATHER_D, x, index, dim=axis), index


class TopK(PrimitiveOp):
    """`ops.TopK(sorted=True)(input_x, k)`: the k largest along the last axis."""

    def __init__(self, sorted: bool = True) -> None:
        super().__init__(sorted=bool(sorted))

    @staticmethod
    def fn(input_x: Any, k: int, *, sorted: bool) -> tuple[Tensor, Tensor]:
        return topk(input_x, k, None, True, sorted)


# ------------------------------------------------------------------- arg max/min with value

def _arg_with_value(op: str, prim_name: str, x: Any, axis: int, keep_dims: bool
                    ) -> tuple[Tensor, Tensor]:
    from .reduce_ops import argmax, argmin
    from .shape_ops import cast, reshape
    x = to_tensor(x)
    axis = _int_attr(op, "axis", axis)
    if x.ndim == 0:
        raise op_error(op, "'input' must have at least 1 dimension, but got a 0-d Tensor.")
    a = rules.normalize_axis(op, axis, x.ndim)
    pick = argmax if prim_name == "max" else argmin
    index = pick(x, a, True)
    value = apply(GATHER_D, x, cast(index, mstype.int64), dim=a)
    if not keep_dims:
        kept = x.shape[:a] + x.shape[a + 1:]
        index, value = reshape(index, kept), reshape(value, kept)
    return cast(index, mstype.int64), value


class ArgMaxWithValue(PrimitiveOp):
    """`ops.ArgMaxWithValue(axis=0, keep_dims=False)(input)` -> (Int64 index, value) of the
    first maximum along `axis`; the value is differentiable."""

    def __init__(self, axis: int = 0, keep_dims: bool = False) -> None:
        super().__init__(axis=_int_attr("ArgMaxWithValue", "axis", axis),
                         keep_dims=bool(keep_dims))

    @staticmethod
    def fn(input: Any, *, axis: int, keep_dims: bool) -> tuple[Tensor, Tensor]:
        return _arg_with_value("ArgMaxWithValue", "max", input, axis, keep_dims)


class ArgMinWithValue(PrimitiveOp):
    """`ops.ArgMinWithValue(axis=0, keep_dims=False)(input)` -> (Int64 index, value) of the
    first minimum along `axis`."""

    def __init__(self, axis: int = 0, keep_dims: bool = False) -> None:
        super().__init__(axis=_int_attr("ArgMinWithValue", "axis", axis),
                         keep_dims=bool(keep_dims))

    @staticmethod
    def fn(input: Any, *, axis: int, keep_dims: bool) -> tuple[Tensor, Tensor]:
        return _arg_with_value("ArgMinWithValue", "min", input, axis, keep_dims)


# --------------------------------------------------------------------------------- nonzero

NONZERO = primitive(
    "nonzero", lambda x: np.argwhere(x).astype(np.int64),
    lambda x: TensorSpec((None, x.ndim), mstype.int64))


def nonzero(input: Any, *, as_tuple: bool = False) -> Any:
    """The Int64 coordinates (count, ndim) of the non-zero elements of `input`, in row-major
    order; with `as_tuple`, one 1-D Tensor of coordinates per dimension."""
    from .join_ops import unstack
    x = to_tensor(input)
    if x.ndim == 0:
        raise op_error("nonzero", "'input' must have at least 1 dimension, but got a 0-d "
                       "Tensor.")
    coords = apply(NONZERO, x)
    if not as_tuple:
        return coords
    return unstack(coords, 1)


def _tensor_nonzero(self: Tensor, *, as_tuple: bool = False) -> Any:
    """`x.nonzero(as_tuple=False)`: see `ops.nonzero`."""
    return nonzero(self, as_tuple=as_tuple)


TENSOR_METHODS = {
    "nonzero": _tensor_nonzero,
    "gather_elements": lambda self, dim, index: gather_elements(self, dim, index),
    "sort": lambda self, axis=-1, descending=False: sort(self, axis, descending),
    "topk": lambda self, k, dim=None, largest=True, sorted=True: topk(
        self, k, dim, largest, sorted),
}
