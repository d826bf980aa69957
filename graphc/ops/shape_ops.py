"""Casts, identity, reshape, broadcasting, filling and transpose, with the argument helpers
(axes, shapes) the array ops share.
"""

from __future__ import annotations

import functools
import math
import operator
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.errors import GraphcError
from ..common.tensor import Tensor
from .catalog import install_spellings
from .convert import to_tensor
from .infer_rules import normalize_axis
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive, spell


def _cast_infer(x: TensorSpec, *, dtype: mstype.DType) -> TensorSpec:
    return TensorSpec(x.shape, dtype)


def _cast_bprop(x: Tensor, out: Tensor, dout: Tensor, *, dtype: mstype.DType):
    return (cast(dout, x.dtype),)


CAST = primitive("cast", lambda x, *, dtype: x.astype(dtype.np_dtype), _cast_infer, _cast_bprop)
spell(CAST, classes=("Cast",))


def cast(input: Any, dtype: Any) -> Tensor:
    """`input` converted to `dtype` (a no-op when it already has it)."""
    x = to_tensor(input)
    dtype = mstype.to_dtype(dtype)
    if x.dtype is dtype:
        return x
    return apply(CAST, x, dtype=dtype)


def astype(x: Tensor, dtype: Any, copy: bool = True) -> Tensor:
    """`Tensor.astype`: a new Tensor of `dtype`, through the cast primitive, so that the
    PyNative tape records it (its gradient is the incoming one, cast back)."""
    return apply(CAST, to_tensor(x), dtype=mstype.to_dtype(dtype))


IDENTITY = primitive("identity", lambda x: x, lambda x: x, lambda x, out, dout: (dout,))


def identity(x: Any) -> Tensor:
    """A new Tensor object with `x`'s values (shares the buffer: Tensors are immutable)."""
    return apply(IDENTITY, to_tensor(x))


def _stop_gradient_bprop(x: Tensor, out: Tensor, dout: Tensor):
    return (None,)


STOP_GRADIENT = primitive("stop_gradient", lambda x: x, lambda x: x, _stop_gradient_bprop)


def stop_gradient(value: Any) -> Tensor:
    """`value`, with no gradient flowing back through it."""
    return apply(STOP_GRADIENT, to_tensor(value))


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
    back = x.shape
    if back.count(None) == 1:  # one dynamic dimension (in a graph): the size fixes it
        back = tuple(-1 if d is None else d for d in back)
    return (reshape(dout, back),)


RESHAPE = primitive("reshape", lambda x, *, shape: np.reshape(x, shape), _reshape_infer,
                    _reshape_bprop)
spell(RESHAPE, classes=("Reshape",), methods=("reshape",))


def reshape(input: Any, shape: Any, *more: int) -> Tensor:
    """`input` with a new shape of the same size; one dimension may be -1 (inferred)."""
    if more or isinstance(shape, int):
        shape = (shape, *more)
    return apply(RESHAPE, to_tensor(input), shape=_static_target(shape))


def _static_target(shape: Any) -> tuple[int, ...]:
    """The target shape as ints. Inside a graph, one entry may be a run-time int (a dynamic
    dimension, `x.shape[0]`): the size fixes it, so it is the inferred (-1) entry."""
    dims: list[int] = []
    run_time = []
    for i, d in enumerate(shape):
        try:
            dims.append(int(d))
        except GraphcError:  # a run-time scalar has no value while the graph is built
            run_time.append(i)
            dims.append(-1)
    if len(run_time) > 1 or (run_time and dims.count(-1) > 1):
        raise op_error("Reshape", f"the shape {tuple(shape)!r} has more than one dimension "
                       "known only at run time (or one and a -1); give the others as ints.",
                       ValueError)
    return tuple(dims)


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
            elif d is not None and src not in (1, d, None):  # (None: known at run time)
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


def broadcast_to(input: Any, shape: Any) -> Tensor:
    """`input` broadcast to `shape` (-1, or None from a graph shape, keeps that dimension)."""
    return apply(BROADCAST_TO, to_tensor(input), shape=tuple(-1 if d is None else int(d)
                                                         for d in shape))


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
    # (in its own dtype: NumPy would sum small ints into int64)
    return np.sum(x, axis=axes, dtype=x.dtype).reshape(shape) if axes else x.reshape(shape)


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


def _like_infer(x: TensorSpec) -> TensorSpec:
    return x


def _zero_grad(x: Tensor, out: Tensor, dout: Tensor):
    return (None,)


ZEROS_LIKE = primitive("zeros_like", np.zeros_like, _like_infer, _zero_grad)
spell(ZEROS_LIKE, classes=("ZerosLike",))


ONES_LIKE = primitive("ones_like", np.ones_like, _like_infer, _zero_grad)
spell(ONES_LIKE, classes=("OnesLike",))


def zeros_like(input: Any, dtype: Any = None) -> Tensor:
    """Zeros with `input`'s shape (and dtype, unless `dtype` is given)."""
    out = apply(ZEROS_LIKE, to_tensor(input))
    return out if dtype is None else cast(out, dtype)


def ones_like(input: Any, dtype: Any = None) -> Tensor:
    """Ones with `input`'s shape (and dtype, unless `dtype` is given)."""
    out = apply(ONES_LIKE, to_tensor(input))
    return out if dtype is None else cast(out, dtype)


def int_tuple(op: str, arg: str, value: Any) -> tuple[int, ...]:
    """An int, a sequence of ints or an int Tensor as a tuple of Python ints."""
    if type(value) is tuple and all(type(v) is int for v in value):
        return value
    if isinstance(value, Tensor):
        value = value.asnumpy().reshape(-1).tolist()
    elif isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value),)
    try:
        return tuple(operator.index(v) for v in value)
    except GraphcError:  # a run-time int in a graph (a dynamic dim): the compiler decides
        raise
    except TypeError:
        raise op_error(op, f"'{arg}' must be an int or a tuple of ints, but got {value!r}.",
                       TypeError) from None


def int_arg(op: str, arg: str, value: Any) -> int:
    """An int argument (a Python int, NumPy int or one-element int Tensor)."""
    if type(value) is int:
        return value
    try:
        if isinstance(value, bool):
            raise TypeError
        return operator.index(value)
    except TypeError:
        raise op_error(op, f"'{arg}' must be an int, but got {value!r}.", TypeError) from None


def shape_arg(op: str, size: Any) -> tuple[int, ...]:
    """A shape given as an int, a tuple/list of ints or an int Tensor, checked non-negative."""
    shape = int_tuple(op, "size", size)
    if any(d < 0 for d in shape):
        raise op_error(op, f"the shape must consist of non-negative ints, but got {shape}.")
    return shape


def scalar_arg(value: Any) -> Any:
    """A hashable Python scalar for a fill value (NumPy scalars and 1-element Tensors too)."""
    if isinstance(value, (Tensor, np.ndarray, np.generic)):
        return np.asarray(value).item()
    return value


def unify_dtypes(tensors: Any) -> list[Tensor]:
    """`tensors` as Tensors of one promoted dtype (MindSpore promotes Concat's inputs)."""
    ts = [t if isinstance(t, Tensor) else to_tensor(t) for t in tensors]
    if len(ts) > 1:
        first = ts[0]._data.dtype
        if any(t._data.dtype != first for t in ts):
            target = functools.reduce(mstype.promote, (t.dtype for t in ts))
            ts = [cast(t, target) for t in ts]
    return ts


def _transpose_infer(x: TensorSpec, *, perm: tuple[int, ...]) -> TensorSpec:
    op = "Transpose"
    if len(perm) != x.ndim:
        raise op_error(op, f"the length of 'perm' must equal the rank of the input, but got perm "
                       f"{perm} for an input of shape {list(x.shape)} (rank {x.ndim}).")
    axes = [normalize_axis(op, p, x.ndim, "perm") for p in perm]
    if len(set(axes)) != len(axes):
        raise op_error(op, f"'perm' must not repeat a dimension, but got {perm}.")
    return TensorSpec(tuple(x.shape[a] for a in axes), x.dtype)


def _inverse_perm(perm: tuple[int, ...]) -> tuple[int, ...]:
    n = len(perm)
    inv = [0] * n
    for i, p in enumerate(perm):
        inv[p % n] = i
    return tuple(inv)


def _transpose_bprop(x: Tensor, out: Tensor, dout: Tensor, *, perm: tuple[int, ...]):
    return (apply(TRANSPOSE, dout, perm=_inverse_perm(perm)),)


TRANSPOSE = primitive("transpose", lambda x, *, perm: np.transpose(x, perm), _transpose_infer,
                      _transpose_bprop)
spell(TRANSPOSE, classes=("Transpose",))


def transpose(input: Any, dims: Any) -> Tensor:
    """`input` with its dimensions permuted: output dimension i is input dimension `dims[i]`
    (negative entries count from the end)."""
    return apply(TRANSPOSE, to_tensor(input), perm=int_tuple("Transpose", "perm", dims))


def permute(input: Any, axis: Any) -> Tensor:
    """`ops.permute`: the same as `transpose(input, axis)`."""
    return apply(TRANSPOSE, to_tensor(input), perm=int_tuple("Transpose", "perm", axis))


def swapaxes(input: Any, axis0: int, axis1: int) -> Tensor:
    """`input` with dimensions `axis0` and `axis1` exchanged."""
    x = to_tensor(input)
    nd = x.ndim
    a = normalize_axis("swapaxes", axis0, nd, "axis0")
    b = normalize_axis("swapaxes", axis1, nd, "axis1")
    perm = list(range(nd))
    perm[a], perm[b] = b, a
    return apply(TRANSPOSE, x, perm=tuple(perm))


def swapdims(input: Any, dim0: int, dim1: int) -> Tensor:
    """`ops.swapdims`: the same as `swapaxes`."""
    return swapaxes(input, dim0, dim1)


def moveaxis(x: Any, source: Any, destination: Any) -> Tensor:
    """`x` with the dimensions `source` moved to positions `destination`; the others keep
    their order."""
    x = to_tensor(x)
    nd = x.ndim
    src = [normalize_axis("moveaxis", a, nd, "source")
           for a in int_tuple("moveaxis", "source", source)]
    dst = [normalize_axis("moveaxis", a, nd, "destination")
           for a in int_tuple("moveaxis", "destination", destination)]
    if len(src) != len(dst):
        raise op_error("moveaxis", f"'source' {tuple(src)} and 'destination' {tuple(dst)} must "
                       "have the same number of elements.")
    order = [a for a in range(nd) if a not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return apply(TRANSPOSE, x, perm=tuple(order))


def movedim(x: Any, source: Any, destination: Any) -> Tensor:
    """`ops.movedim`: the same as `moveaxis`."""
    return moveaxis(x, source, destination)


TENSOR_METHODS = {
    'astype': astype,
}


install_spellings(globals())  # (the primitive classes and Tensor methods spelled above)
