"""Array primitives: dtype casts, shape changes, broadcasting, filling, indexing, joining.

Each primitive keeps impl, infer and bprop together (see `primitive.py`); below each group are
its functional spellings (`ops.reshape`) and primitive classes (`ops.Reshape()`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .convert import to_tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive

# ---------------------------------------------------------------------------- cast, identity


def _cast_infer(x: TensorSpec, *, dtype: mstype.DType) -> TensorSpec:
    return TensorSpec(x.shape, dtype)


def _cast_bprop(x: Tensor, out: Tensor, dout: Tensor, *, dtype: mstype.DType):
    return (cast(dout, x.dtype),)


CAST = primitive("cast", lambda x, *, dtype: x.astype(dtype.np_dtype), _cast_infer, _cast_bprop)


def cast(x: Any, dtype: Any) -> Tensor:
    """`x` converted to `dtype` (a no-op when it already has it)."""
    x = to_tensor(x)
    dtype = mstype.to_dtype(dtype)
    if x.dtype is dtype:
        return x
    return apply(CAST, x, dtype=dtype)


class Cast(PrimitiveOp):
    """`ops.Cast()(x, dtype)`."""

    fn = staticmethod(cast)


IDENTITY = primitive("identity", lambda x: x, lambda x: x, lambda x, out, dout: (dout,))


def identity(x: Any) -> Tensor:
    """A new Tensor object with `x`'s values (shares the buffer: Tensors are immutable)."""
    return apply(IDENTITY, to_tensor(x))


def _stop_gradient_bprop(x: Tensor, out: Tensor, dout: Tensor):
    return (None,)


STOP_GRADIENT = primitive("stop_gradient", lambda x: x, lambda x: x, _stop_gradient_bprop)


def stop_gradient(x: Any) -> Tensor:
    """`x`, with no gradient flowing back through it."""
    return apply(STOP_GRADIENT, to_tensor(x))


# ---------------------------------------------------------------------------- reshape


def _reshape_target(op: str, shape_in: tuple[int | None, ...], shape: tuple[int, ...]
                    ) -> tuple[int | None, ...]:
    if any(not isinstance(d, (int, np.integer)) or isinstance(d, bool) for d in shape):
        raise op_error(op, f"the shape must be a tuple of ints, but got {shape!r}.", TypeError)
    if sum(1 for d in shape if d == -1) > 1:
        raise op_error(op, f"at most one dimension of the shape may be -1, but got {shape!r}.")
    if any(d < -1 for d in shape):
        raise op_error(op, f"the dimensions of the shape must be >= -1, but got {shape!r}.")
    if None in shape_in:
        return tuple(None if d == -1 else int(d) for d in shape)
    size = math.prod(shape_in)  # type: ignore[arg-type]
    known = math.prod(d for d in shape if d != -1)
    if -1 in shape:
        if known == 0 or size % known:
            raise op_error(op, f"cannot reshape a tensor of shape {list(shape_in)} "
                           f"({size} elements) into {list(shape)}.")
        return tuple(size // known if d == -1 else int(d) for d in shape)
    if known != size:
        raise op_error(op, f"cannot reshape a tensor of shape {list(shape_in)} ({size} elements) "
                       f"into {list(shape)} ({known} elements).")
    return tuple(int(d) for d in shape)


def _reshape_infer(x: TensorSpec, *, shape: tuple[int, ...]) -> TensorSpec:
    return TensorSpec(_reshape_target("Reshape", x.shape, shape), x.dtype)


def _reshape_bprop(x: Tensor, out: Tensor, dout: Tensor, *, shape: tuple[int, ...]):
    return (reshape(dout, x.shape),)


RESHAPE = primitive("reshape", lambda x, *, shape: np.reshape(x, shape), _reshape_infer,
                    _reshape_bprop)


def reshape(x: Any, shape: Any, *more: int) -> Tensor:
    """`x` with a new shape of the same size; one dimension may be -1 (inferred)."""
    if more or isinstance(shape, int):
        shape = (shape, *more)
    return apply(RESHAPE, to_tensor(x), shape=tuple(int(d) for d in shape))


class Reshape(PrimitiveOp):
    """`ops.Reshape()(x, shape)`."""

    fn = staticmethod(reshape)


# ---------------------------------------------------------------------------- broadcasting


def _broadcast_to_infer(x: TensorSpec, *, shape: tuple[int, ...]) -> TensorSpec:
    op = "BroadcastTo"
    if len(shape) < x.ndim:
        raise op_error(op, f"cannot broadcast shape {list(x.shape)} to {list(shape)}: the target "
                       "has fewer dimensions.")
    lead = len(shape) - x.ndim
    target = []
    for i, d in enumerate(shape):
        if i >= lead:
            src = x.shape[i - lead]
            if d == -1:
                d = src
            elif src not in (1, d, None):
                raise op_error(op, f"cannot broadcast shape {list(x.shape)} to {list(shape)}: "
                               f"dimension {i - lead} of the input is {src}, expected 1 or {d}.")
        elif d == -1:
            raise op_error(op, f"-1 in the target shape {list(shape)} must match an input "
                           "dimension.")
        target.append(d)
    return TensorSpec(tuple(target), x.dtype)


def _broadcast_to_impl(x: np.ndarray, *, shape: tuple[int, ...]) -> np.ndarray:
    if -1 in shape:
        lead = len(shape) - x.ndim
        shape = tuple(x.shape[i - lead] if d == -1 else d for i, d in enumerate(shape))
    return np.broadcast_to(x, shape)


def _broadcast_to_bprop(x: Tensor, out: Tensor, dout: Tensor, *, shape: tuple[int, ...]):
    return (sum_to(dout, x.shape),)


BROADCAST_TO = primitive("broadcast_to", _broadcast_to_impl, _broadcast_to_infer,
                         _broadcast_to_bprop)


def broadcast_to(x: Any, shape: Any) -> Tensor:
    """`x` broadcast to `shape` (-1 keeps the input's dimension)."""
    return apply(BROADCAST_TO, to_tensor(x), shape=tuple(int(d) for d in shape))


class BroadcastTo(PrimitiveOp):
    """`ops.BroadcastTo(shape)(x)`."""

    def __init__(self, shape: Any) -> None:
        super().__init__(shape=shape)

    @staticmethod
    def fn(x: Any, shape: Any) -> Tensor:
        return broadcast_to(x, shape)


def _sum_to_axes(in_shape: tuple[int, ...], shape: tuple[int, ...]) -> tuple[int, ...]:
    lead = len(in_shape) - len(shape)
    return tuple(range(lead)) + tuple(
        i + lead for i, d in enumerate(shape) if d == 1 and in_shape[i + lead] != 1)


def _sum_to_impl(x: np.ndarray, *, shape: tuple[int, ...]) -> np.ndarray:
    if x.shape == shape:
        return x
    axes = _sum_to_axes(x.shape, shape)
    return np.sum(x, axis=axes).reshape(shape) if axes else x.reshape(shape)


def _sum_to_infer(x: TensorSpec, *, shape: tuple[int, ...]) -> TensorSpec:
    _broadcast_to_infer(TensorSpec(shape, x.dtype), shape=x.shape)  # shape must broadcast to x
    return TensorSpec(tuple(shape), x.dtype)


def _sum_to_bprop(x: Tensor, out: Tensor, dout: Tensor, *, shape: tuple[int, ...]):
    return (broadcast_to(dout, x.shape),)


SUM_TO = primitive("sum_to", _sum_to_impl, _sum_to_infer, _sum_to_bprop)


def sum_to(x: Tensor, shape: tuple[int, ...]) -> Tensor:
    """Sum `x` over its broadcast dimensions down to `shape` (the reverse of broadcast_to).
    Bprop rules of broadcasting ops use it to give each input a gradient of its own shape."""
    if x.shape == tuple(shape):
        return x
    return apply(SUM_TO, x, shape=tuple(shape))


# ---------------------------------------------------------------------------- filling


def _like_infer(x: TensorSpec) -> TensorSpec:
    return x


def _zero_grad(x: Tensor, out: Tensor, dout: Tensor):
    return (None,)


ZEROS_LIKE = primitive("zeros_like", np.zeros_like, _like_infer, _zero_grad)
ONES_LIKE = primitive("ones_like", np.ones_like, _like_infer, _zero_grad)


def zeros_like(x: Any, dtype: Any = None) -> Tensor:
    """Zeros with `x`'s shape (and dtype, unless `dtype` is given)."""
    out = apply(ZEROS_LIKE, to_tensor(x))
    return out if dtype is None else cast(out, dtype)


def ones_like(x: Any, dtype: Any = None) -> Tensor:
    """Ones with `x`'s shape (and dtype, unless `dtype` is given)."""
    out = apply(ONES_LIKE, to_tensor(x))
    return out if dtype is None else cast(out, dtype)


class ZerosLike(PrimitiveOp):
    """`ops.ZerosLike()(x)`."""

    fn = staticmethod(zeros_like)


class OnesLike(PrimitiveOp):
    """`ops.OnesLike()(x)`."""

    fn = staticmethod(ones_like)


TENSOR_METHODS = {
    "reshape": reshape,
}
