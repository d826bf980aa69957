"""Tensor methods backed by the math ops (`t.sum()`, `t.mean(axis)`, `t.argmax()`, operators ...).
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .arith_ops import (  # (ops, shadowing the builtins)
    add,
    div,
    floor_div,
    floor_mod,
    mul,
    pow,
    round,
    sub,
    true_divide,
)
from .array_ops import cast, reshape
from .compare_ops import (
    EQUAL,
    LOGICAL_NOT,
    NOT_EQUAL,
    bitwise_and,
    bitwise_or,
    bitwise_xor,
    clamp_between,
)
from .convert import binary_operands
from .linalg_ops import CUMSUM, matmul
from .primitive import apply
from .reduce_ops import (
    ARGMAX,
    ARGMIN,
    REDUCE_ALL,
    REDUCE_ANY,
    REDUCE_MAX,
    REDUCE_MEAN,
    REDUCE_MIN,
    REDUCE_SUM,
    arg_extreme,
    axis_attr,
    extreme_attrs,
    extreme_with_index,
    prod,
)


def _reflected(fn):
    def method(self: Tensor, other: Any) -> Tensor:
        return fn(other, self)
    method.__name__ = f"reflected_{fn.__name__}"
    return method


def _comparable(other: Any) -> bool:
    return isinstance(other, (Tensor, bool, int, float, complex, np.ndarray, np.generic)) or \
        hasattr(other, "__graphc_tensor__")


def _tensor_eq(self: Tensor, other: Any) -> Any:
    """`t == other`: elementwise for Tensors, numbers and arrays; anything else (None, a list,
    a string) compares by identity as Python objects do, giving False."""
    if _comparable(other):
        return apply(EQUAL, *binary_operands("Equal", self, other))
    return NotImplemented


def _tensor_ne(self: Tensor, other: Any) -> Any:
    """`t != other`: see `__eq__`; with None and other non-numbers it is True."""
    if _comparable(other):
        return apply(NOT_EQUAL, *binary_operands("NotEqual", self, other))
    return NotImplemented


def _tensor_pos(self: Tensor) -> Tensor:
    return self


def _tensor_invert(self: Tensor) -> Tensor:
    """`~t`: logical not, as MindSpore (for Bool Tensors; other dtypes are tested for nonzero)."""
    return apply(LOGICAL_NOT, self)


def _dim_alias(axis: Any, dim: Any) -> Any:
    return axis if dim is None else dim


def _tensor_sum(self: Tensor, axis: Any = None, dtype: Any = None, keepdims: Any = False,
                initial: Any = None, *, dim: Any = None, keepdim: Any = None) -> Tensor:
    """`Tensor.sum(axis=None, dtype=None, keepdims=False, initial=None)`; also the 2.6+
    spelling `sum(dim=None, keepdim=False, *, dtype=None)`. Bool sums count as Int32."""
    if isinstance(dtype, bool):  # sum(dim, keepdim) positionally
        keepdims, dtype = dtype, None
    if keepdim is not None:
        keepdims = keepdim
    x = self
    if x._data.dtype == np.bool_:
        x = cast(x, mstype.int32)
    out = apply(REDUCE_SUM, x, axis=axis_attr("ReduceSum", _dim_alias(axis, dim)),
                keep_dims=bool(keepdims))
    if initial is not None:
        out = add(out, initial)
    return out if dtype is None else cast(out, dtype)


def _tensor_mean(self: Tensor, axis: Any = None, keep_dims: Any = False, *, dim: Any = None,
                 keepdim: Any = None, dtype: Any = None) -> Tensor:
    """`Tensor.mean(axis=None, keep_dims=False)` (also `dim=`, `keepdim=`, `dtype=`)."""
    x = self if dtype is None else cast(self, dtype)
    return apply(REDUCE_MEAN, x, axis=axis_attr("ReduceMean", _dim_alias(axis, dim)),
                 keep_dims=bool(keep_dims if keepdim is None else keepdim))


def _tensor_prod(self: Tensor, axis: Any = None, keep_dims: Any = False, dtype: Any = None, *,
                 dim: Any = None, keepdim: Any = None) -> Tensor:
    """`Tensor.prod(axis=None, keep_dims=False, dtype=None)` (also `dim=`, `keepdim=`)."""
    return prod(self, _dim_alias(axis, dim), keep_dims if keepdim is None else keepdim,
                dtype=dtype)


def _tensor_all(self: Tensor, axis: Any = None, keep_dims: Any = False, *, dim: Any = None,
                keepdim: Any = None) -> Tensor:
    """`Tensor.all(axis=None, keep_dims=False)`."""
    return apply(REDUCE_ALL, self, axis=axis_attr("ReduceAll", _dim_alias(axis, dim)),
                 keep_dims=bool(keep_dims if keepdim is None else keepdim))


def _tensor_any(self: Tensor, axis: Any = None, keep_dims: Any = False, *, dim: Any = None,
                keepdim: Any = None) -> Tensor:
    """`Tensor.any(axis=None, keep_dims=False)`."""
    return apply(REDUCE_ANY, self, axis=axis_attr("ReduceAny", _dim_alias(axis, dim)),
                 keep_dims=bool(keep_dims if keepdim is None else keepdim))


def _tensor_extreme(prim: Any, arg: Any, op: str):
    def method(self: Tensor, axis: Any = None, keepdims: Any = False, *, initial: Any = None,
               where: Any = True, return_indices: bool = False, dim: Any = None,
               keepdim: Any = None) -> Any:
        axis = _dim_alias(axis, dim)
        keepdims = keepdims if keepdim is None else keepdim
        if return_indices:
            return extreme_with_index(prim, arg, op, self, axis, keepdims, initial, where)
        return apply(prim, self, **extreme_attrs(op, axis, keepdims, initial, where))
    method.__doc__ = (f"`Tensor.{op[6:].lower()}(axis=None, keepdims=False, *, initial=None, "
                      "where=True, return_indices=False)`.")
    return method


def _tensor_argmax(self: Tensor, axis: Any = None, keepdims: bool = False, *, dim: Any = None,
                   keepdim: Any = None) -> Tensor:
    """`Tensor.argmax(axis=None, keepdims=False)`: Int64 indices."""
    return arg_extreme(ARGMAX, self, _dim_alias(axis, dim),
                       keepdims if keepdim is None else keepdim, mstype.int64)


def _tensor_argmin(self: Tensor, axis: Any = None, keepdims: bool = False, *, dim: Any = None,
                   keepdim: Any = None) -> Tensor:
    """`Tensor.argmin(axis=None, keepdims=False)`: Int32 indices, as MindSpore."""
    return arg_extreme(ARGMIN, self, _dim_alias(axis, dim),
                       keepdims if keepdim is None else keepdim, mstype.int32)


def _tensor_clip(self: Tensor, xmin: Any = None, xmax: Any = None, dtype: Any = None, *,
                 min: Any = None, max: Any = None) -> Tensor:
    """`Tensor.clip(xmin, xmax, dtype=None)` (also `min=`, `max=`)."""
    out = clamp_between("Clamp", self, min if xmin is None else xmin, max if xmax is None else xmax)
    return out if dtype is None else cast(out, dtype)


def _tensor_clamp(self: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """`Tensor.clamp(min=None, max=None)`."""
    return clamp_between("Clamp", self, min, max)


def _tensor_cumsum(self: Tensor, axis: Any = None, dtype: Any = None, *,
                   dim: Any = None) -> Tensor:
    """`Tensor.cumsum(axis=None, dtype=None)`: None runs over the flattened Tensor."""
    axis = _dim_alias(axis, dim)
    x = self if dtype is None else cast(self, dtype)
    if axis is None:
        x = reshape(x, (-1,))
        axis = 0
    return apply(CUMSUM, x, axis=operator.index(axis))


def _tensor_round(self: Tensor, decimals: int = 0) -> Tensor:
    """`Tensor.round(decimals=0)`."""
    return round(self, decimals=decimals)


def _tensor_sub(self: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
    """`Tensor.sub(other, *, alpha=1)`: `self - alpha * other`."""
    return sub(self, other if alpha == 1 else mul(other, alpha))


def _tensor_add(self: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
    """`Tensor.add(other, *, alpha=1)`: `self + alpha * other`."""
    return add(self, other if alpha == 1 else mul(other, alpha))


def _tensor_div(self: Tensor, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """`Tensor.div(other, *, rounding_mode=None)`."""
    return div(self, other, rounding_mode=rounding_mode)


TENSOR_METHODS = {
    "__pos__": _tensor_pos,
    "__invert__": _tensor_invert,
    "__eq__": _tensor_eq,
    "__ne__": _tensor_ne,
    "add": _tensor_add,
    "sub": _tensor_sub,
    "subtract": _tensor_sub,
    "div": _tensor_div,
    "divide": _tensor_div,
    "round": _tensor_round,
    "clip": _tensor_clip,
    "clamp": _tensor_clamp,
    "sum": _tensor_sum,
    "mean": _tensor_mean,
    "prod": _tensor_prod,
    "all": _tensor_all,
    "any": _tensor_any,
    "argmax": _tensor_argmax,
    "argmin": _tensor_argmin,
    "cumsum": _tensor_cumsum,
    "__radd__": _reflected(add),
    "__rsub__": _reflected(sub),
    "__rmul__": _reflected(mul),
    "__rtruediv__": _reflected(true_divide),
    "__rfloordiv__": _reflected(floor_div),
    "__rmod__": _reflected(floor_mod),
    "__rpow__": _reflected(pow),
    "__rmatmul__": _reflected(matmul),
    "__rand__": _reflected(bitwise_and),
    "__ror__": _reflected(bitwise_or),
    "__rxor__": _reflected(bitwise_xor),
    "max": _tensor_extreme(REDUCE_MAX, ARGMAX, "ReduceMax"),
    "min": _tensor_extreme(REDUCE_MIN, ARGMIN, "ReduceMin"),
}
