"""Array primitives: dtype casts, shape changes, broadcasting, filling, indexing, joining.

Each primitive keeps impl, infer and bprop together (see `primitive.py`); below each group are
its functional spellings (`ops.reshape`) and primitive classes (`ops.Reshape()`).
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .convert import binary_operands, to_tensor
from .infer_rules import broadcast_shapes, normalize_axis, same_dtype
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive

# This module defines `ops.slice` and `ops.range`, which shadow the builtins at module level;
# code here uses these aliases for the builtins.
_py_slice = slice
_py_range = range

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
    """`x` broadcast to `shape` (-1, or None from a graph shape, keeps the input's dimension)."""
    return apply(BROADCAST_TO, to_tensor(x), shape=tuple(-1 if d is None else int(d)
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
    return tuple(_py_range(lead)) + tuple(
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


# ---------------------------------------------------------------------------- argument helpers


def _int_tuple(op: str, arg: str, value: Any) -> tuple[int, ...]:
    """An int, a sequence of ints or an int Tensor as a tuple of Python ints."""
    if type(value) is tuple and all(type(v) is int for v in value):
        return value
    if isinstance(value, Tensor):
        value = value.asnumpy().reshape(-1).tolist()
    elif isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value),)
    try:
        return tuple(operator.index(v) for v in value)
    except TypeError:
        raise op_error(op, f"'{arg}' must be an int or a tuple of ints, but got {value!r}.",
                       TypeError) from None


def _int_arg(op: str, arg: str, value: Any) -> int:
    """An int argument (a Python int, NumPy int or one-element int Tensor)."""
    if type(value) is int:
        return value
    try:
        if isinstance(value, bool):
            raise TypeError
        return operator.index(value)
    except TypeError:
        raise op_error(op, f"'{arg}' must be an int, but got {value!r}.", TypeError) from None


def _shape_arg(op: str, size: Any) -> tuple[int, ...]:
    """A shape given as an int, a tuple/list of ints or an int Tensor, checked non-negative."""
    shape = _int_tuple(op, "size", size)
    if any(d < 0 for d in shape):
        raise op_error(op, f"the shape must consist of non-negative ints, but got {shape}.")
    return shape


def _scalar_arg(value: Any) -> Any:
    """A hashable Python scalar for a fill value (NumPy scalars and 1-element Tensors too)."""
    if isinstance(value, (Tensor, np.ndarray, np.generic)):
        return np.asarray(value).item()
    return value


def _unify_dtypes(tensors: Any) -> list[Tensor]:
    """`tensors` as Tensors of one promoted dtype (MindSpore promotes Concat's inputs)."""
    ts = [t if isinstance(t, Tensor) else to_tensor(t) for t in tensors]
    if len(ts) > 1:
        first = ts[0]._data.dtype
        if any(t._data.dtype != first for t in ts):
            target = functools.reduce(mstype.promote, (t.dtype for t in ts))
            ts = [cast(t, target) for t in ts]
    return ts


# ---------------------------------------------------------------------------- transpose


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


def transpose(input: Any, dims: Any) -> Tensor:
    """`input` with its dimensions permuted: output dimension i is input dimension `dims[i]`
    (negative entries count from the end)."""
    return apply(TRANSPOSE, to_tensor(input), perm=_int_tuple("Transpose", "perm", dims))


def permute(input: Any, axis: Any) -> Tensor:
    """`ops.permute`: the same as `transpose(input, axis)`."""
    return apply(TRANSPOSE, to_tensor(input), perm=_int_tuple("Transpose", "perm", axis))


class Transpose(PrimitiveOp):
    """`ops.Transpose()(x, perm)`."""

    fn = staticmethod(transpose)


def swapaxes(input: Any, axis0: int, axis1: int) -> Tensor:
    """`input` with dimensions `axis0` and `axis1` exchanged."""
    x = to_tensor(input)
    nd = x.ndim
    a = normalize_axis("swapaxes", axis0, nd, "axis0")
    b = normalize_axis("swapaxes", axis1, nd, "axis1")
    perm = list(_py_range(nd))
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
           for a in _int_tuple("moveaxis", "source", source)]
    dst = [normalize_axis("moveaxis", a, nd, "destination")
           for a in _int_tuple("moveaxis", "destination", destination)]
    if len(src) != len(dst):
        raise op_error("moveaxis", f"'source' {tuple(src)} and 'destination' {tuple(dst)} must "
                       "have the same number of elements.")
    order = [a for a in _py_range(nd) if a not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return apply(TRANSPOSE, x, perm=tuple(order))


def movedim(x: Any, source: Any, destination: Any) -> Tensor:
    """`ops.movedim`: the same as `moveaxis`."""
    return moveaxis(x, source, destination)


# ---------------------------------------------------------------------------- concat, stack


def _concat_infer(*xs: TensorSpec, axis: int) -> TensorSpec:
    op = "Concat"
    if not xs:
        raise op_error(op, "the input tuple must hold at least one Tensor, but it is empty.")
    first = xs[0]
    nd = first.ndim
    if nd == 0:
        raise op_error(op, "cannot concatenate 0-d Tensors; expand them to 1-d first.")
    ax = normalize_axis(op, axis, nd)
    dtype = same_dtype(op, *xs)
    shape = list(first.shape)
    total: int | None = 0
    for i, s in enumerate(xs):
        if s.ndim != nd:
            raise op_error(op, f"all inputs must have the same rank, but input 0 has shape "
                           f"{list(first.shape)} and input {i} has shape {list(s.shape)}.")
        for d in _py_range(nd):
            if d == ax:
                continue
            a, b = shape[d], s.shape[d]
            if a is None:
                shape[d] = b
            elif b is not None and a != b:
                raise op_error(op, f"the input shapes must match in every dimension except the "
                               f"concatenation axis {ax}, but input 0 has shape "
                               f"{list(first.shape)} and input {i} has shape {list(s.shape)}.")
        n = s.shape[ax]
        total = None if total is None or n is None else total + n
    shape[ax] = total
    return TensorSpec(tuple(shape), dtype)


def _concat_bprop(*args: Any, axis: int):
    xs, dout = args[:-2], args[-1]
    ax = axis % xs[0].ndim
    return apply(SPLIT, dout, axis=ax, sizes=tuple(x.shape[ax] for x in xs))


CONCAT = primitive("concat", lambda *xs, axis: np.concatenate(xs, axis), _concat_infer,
                   _concat_bprop)


def concat(tensors: Any, axis: int = 0) -> Tensor:
    """The Tensors of `tensors` joined along `axis` (dtypes are promoted to a common one)."""
    if isinstance(tensors, Tensor):
        raise op_error("Concat", "'tensors' must be a tuple or list of Tensors, but got a "
                       "Tensor.", TypeError)
    return apply(CONCAT, *_unify_dtypes(tensors), axis=_int_arg("Concat", "axis", axis))


def cat(tensors: Any, axis: int = 0) -> Tensor:
    """`ops.cat`: the same as `concat`."""
    return concat(tensors, axis)


class Concat(PrimitiveOp):
    """`ops.Concat(axis=0)(tensors)`."""

    def __init__(self, axis: int = 0) -> None:
        super().__init__(axis=axis)

    fn = staticmethod(concat)


def _stack_infer(*xs: TensorSpec, axis: int) -> TensorSpec:
    op = "Stack"
    if not xs:
        raise op_error(op, "the input tuple must hold at least one Tensor, but it is empty.")
    first = xs[0]
    ax = normalize_axis(op, axis, first.ndim + 1)
    dtype = same_dtype(op, *xs)
    shape = list(first.shape)
    for i, s in enumerate(xs):
        if s.ndim != first.ndim or any(a is not None and b is not None and a != b
                                       for a, b in zip(shape, s.shape)):
            raise op_error(op, f"all inputs must have the same shape, but input 0 has shape "
                           f"{list(first.shape)} and input {i} has shape {list(s.shape)}.")
        shape = [b if a is None else a for a, b in zip(shape, s.shape)]
    shape.insert(ax, len(xs))
    return TensorSpec(tuple(shape), dtype)


def _stack_bprop(*args: Any, axis: int):
    xs, dout = args[:-2], args[-1]
    return apply(UNSTACK, dout, axis=axis % (xs[0].ndim + 1))


STACK = primitive("stack", lambda *xs, axis: np.stack(xs, axis), _stack_infer, _stack_bprop)


def stack(tensors: Any, axis: int = 0) -> Tensor:
    """The Tensors of `tensors` (all of one shape) stacked along a new dimension `axis`."""
    if isinstance(tensors, Tensor):
        raise op_error("Stack", "'tensors' must be a tuple or list of Tensors, but got a "
                       "Tensor.", TypeError)
    return apply(STACK, *_unify_dtypes(tensors), axis=_int_arg("Stack", "axis", axis))


class Stack(PrimitiveOp):
    """`ops.Stack(axis=0)(tensors)`."""

    def __init__(self, axis: int = 0) -> None:
        super().__init__(axis=axis)

    fn = staticmethod(stack)


def _unstack_infer(x: TensorSpec, *, axis: int) -> tuple[TensorSpec, ...]:
    op = "Unstack"
    if x.ndim == 0:
        raise op_error(op, "the input must have at least 1 dimension, but got a 0-d Tensor.")
    ax = normalize_axis(op, axis, x.ndim)
    n = x.shape[ax]
    if n is None:
        raise op_error(op, f"the size of dimension {ax} of the input (shape {list(x.shape)}) "
                       "must be known to unstack it.")
    spec = TensorSpec(x.shape[:ax] + x.shape[ax + 1:], x.dtype)
    return (spec,) * n


def _unstack_bprop(x: Tensor, out: tuple, dout: tuple, *, axis: int):
    return (apply(STACK, *dout, axis=axis),)


UNSTACK = primitive("unstack", lambda x, *, axis: tuple(np.moveaxis(x, axis, 0)),
                    _unstack_infer, _unstack_bprop, num_outputs=0)


def unstack(input_x: Any, axis: int = 0) -> tuple[Tensor, ...]:
    """The slices of `input_x` along `axis`, as a tuple of Tensors of one rank less."""
    return apply(UNSTACK, to_tensor(input_x), axis=_int_arg("Unstack", "axis", axis))


def unbind(input: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """`ops.unbind`: the same as `unstack(input, dim)`."""
    return unstack(input, dim)


class Unstack(PrimitiveOp):
    """`ops.Unstack(axis=0, num=None)(x)`."""

    def __init__(self, axis: int = 0, num: int | None = None) -> None:
        super().__init__(axis=axis)

    fn = staticmethod(unstack)


# ---------------------------------------------------------------------------- split


def _split_infer(x: TensorSpec, *, axis: int, sizes: tuple[int, ...]) -> tuple[TensorSpec, ...]:
    op = "Split"
    ax = normalize_axis(op, axis, x.ndim)
    dim = x.shape[ax]
    if dim is not None and sum(sizes) != dim:
        raise op_error(op, f"the sizes {sizes} must add up to dimension {ax} of the input "
                       f"(shape {list(x.shape)}), which is {dim}, but they add up to "
                       f"{sum(sizes)}.")
    head, tail = x.shape[:ax], x.shape[ax + 1:]
    return tuple(TensorSpec(head + (s,) + tail, x.dtype) for s in sizes)


def _split_impl(x: np.ndarray, *, axis: int, sizes: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    return tuple(np.split(x, list(itertools.accumulate(sizes[:-1])), axis))


def _split_bprop(x: Tensor, out: tuple, dout: tuple, *, axis: int, sizes: tuple[int, ...]):
    return (apply(CONCAT, *dout, axis=axis),)


SPLIT = primitive("split", _split_impl, _split_infer, _split_bprop, num_outputs=0)


def _known_dim(op: str, x: Tensor, axis: int) -> tuple[int, int]:
    """(normalized axis, size of that dimension), the size being needed at trace time."""
    ax = normalize_axis(op, _int_arg(op, "axis", axis), x.ndim)
    dim = x.shape[ax]
    if dim is None:
        raise op_error(op, f"the size of dimension {ax} of the input (shape {list(x.shape)}) "
                       "must be known to split it.")
    return ax, dim


def split(tensor: Any, split_size_or_sections: Any, axis: int = 0) -> tuple[Tensor, ...]:
    """`tensor` cut along `axis`: into chunks of `split_size_or_sections` elements (the last one
    smaller if it does not divide) when it is an int, or into pieces of the listed sizes."""
    op = "Split"
    x = to_tensor(tensor)
    ax, dim = _known_dim(op, x, axis)
    s = split_size_or_sections
    if isinstance(s, (int, np.integer)) and not isinstance(s, bool):
        s = int(s)
        if s <= 0:
            raise op_error(op, f"the value of 'split_size_or_sections' must be more than zero, "
                           f"but got {s}.")
        sizes = (s,) * (dim // s) + ((dim % s,) if dim % s else ())
        if not sizes:
            sizes = (0,)
    else:
        sizes = _int_tuple(op, "split_size_or_sections", s)
        if any(v < 0 for v in sizes):
            raise op_error(op, f"each element of 'split_size_or_sections' must be non-negative, "
                           f"but got {sizes}.")
        if sum(sizes) != dim:
            raise op_error(op, f"the sum of 'split_size_or_sections' {sizes} must equal "
                           f"dimension {ax} of the input (shape {list(x.shape)}), which is "
                           f"{dim}, but it is {sum(sizes)}.")
    return apply(SPLIT, x, axis=ax, sizes=sizes)


def chunk(input: Any, chunks: int, axis: int = 0) -> tuple[Tensor, ...]:
    """`input` cut along `axis` into at most `chunks` pieces of equal size (the last smaller)."""
    op = "chunk"
    x = to_tensor(input)
    chunks = _int_arg(op, "chunks", chunks)
    if chunks <= 0:
        raise op_error(op, f"'chunks' must be greater than 0, but got {chunks}.")
    ax, dim = _known_dim(op, x, axis)
    return split(x, max(-(-dim // chunks), 1), ax)


class Split(PrimitiveOp):
    """`ops.Split(axis=0, output_num=1)(x)`: `output_num` equal pieces along `axis`."""

    def __init__(self, axis: int = 0, output_num: int = 1) -> None:
        super().__init__(axis=axis, output_num=output_num)

    @staticmethod
    def fn(input_x: Any, axis: int = 0, output_num: int = 1) -> tuple[Tensor, ...]:
        op = "Split"
        x = to_tensor(input_x)
        ax, dim = _known_dim(op, x, axis)
        if output_num <= 0 or dim % output_num:
            raise op_error(op, f"dimension {ax} of the input (shape {list(x.shape)}) must be "
                           f"divisible by output_num = {output_num}, but it is {dim}.")
        return apply(SPLIT, x, axis=ax, sizes=(dim // output_num,) * output_num)


# ---------------------------------------------------------------------------- squeeze, expand


def _squeeze_shape(op: str, shape: tuple, axis: tuple[int, ...] | None) -> tuple:
    if axis is None:
        return tuple(d for d in shape if d != 1)
    nd = len(shape)
    if nd == 0:
        return shape
    axes = {normalize_axis(op, a, nd) for a in axis}
    return tuple(d for i, d in enumerate(shape) if not (d == 1 and i in axes))


def _squeeze_infer(x: TensorSpec, *, axis: tuple[int, ...] | None) -> TensorSpec:
    return TensorSpec(_squeeze_shape("Squeeze", x.shape, axis), x.dtype)


def _squeeze_impl(x: np.ndarray, *, axis: tuple[int, ...] | None) -> np.ndarray:
    return x.reshape(_squeeze_shape("Squeeze", x.shape, axis))


def _reshape_back_bprop(x: Tensor, out: Tensor, dout: Tensor, **attrs: Any):
    return (reshape(dout, x.shape),)


SQUEEZE = primitive("squeeze", _squeeze_impl, _squeeze_infer, _reshape_back_bprop)


def squeeze(input: Any, axis: Any = None) -> Tensor:
    """`input` without its size-1 dimensions (only those listed in `axis`, if given; listed
    dimensions whose size is not 1 are kept, as in MindSpore 2.x)."""
    if axis is not None:
        axis = _int_tuple("Squeeze", "axis", axis) or None
    return apply(SQUEEZE, to_tensor(input), axis=axis)


class Squeeze(PrimitiveOp):
    """`ops.Squeeze(axis=())(x)`; the empty tuple squeezes every size-1 dimension."""

    def __init__(self, axis: Any = ()) -> None:
        super().__init__(axis=axis)

    fn = staticmethod(squeeze)


def _expand_dims_infer(x: TensorSpec, *, axis: int) -> TensorSpec:
    ax = normalize_axis("ExpandDims", axis, x.ndim + 1)
    return TensorSpec(x.shape[:ax] + (1,) + x.shape[ax:], x.dtype)


EXPAND_DIMS = primitive("expand_dims", lambda x, *, axis: np.expand_dims(x, axis),
                        _expand_dims_infer, _reshape_back_bprop)


def expand_dims(input_x: Any, axis: int) -> Tensor:
    """`input_x` with a new size-1 dimension at position `axis` (in `[-ndim-1, ndim]`)."""
    return apply(EXPAND_DIMS, to_tensor(input_x), axis=_int_arg("ExpandDims", "axis", axis))


def unsqueeze(input: Any, dim: int) -> Tensor:
    """`ops.unsqueeze`: the same as `expand_dims(input, dim)`."""
    return apply(EXPAND_DIMS, to_tensor(input), axis=_int_arg("ExpandDims", "axis", dim))


class ExpandDims(PrimitiveOp):
    """`ops.ExpandDims()(x, axis)`."""

    fn = staticmethod(expand_dims)


# ---------------------------------------------------------------------------- flatten


def _flatten_shape(shape: tuple, start_dim: int, end_dim: int) -> tuple:
    op = "Flatten"
    nd = len(shape)
    if nd <= 1:
        return (math.prod(shape),) if None not in shape else (None,)
    s = normalize_axis(op, start_dim, nd, "start_dim")
    e = normalize_axis(op, end_dim, nd, "end_dim")
    if s > e:
        raise op_error(op, f"'start_dim' ({start_dim}) cannot come after 'end_dim' ({end_dim}) "
                       f"for an input of shape {list(shape)}.")
    mid = shape[s:e + 1]
    return shape[:s] + ((None if None in mid else math.prod(mid)),) + shape[e + 1:]


def _flatten_infer(x: TensorSpec, *, start_dim: int, end_dim: int) -> TensorSpec:
    return TensorSpec(_flatten_shape(x.shape, start_dim, end_dim), x.dtype)


FLATTEN = primitive(
    "flatten", lambda x, *, start_dim, end_dim: x.reshape(_flatten_shape(x.shape, start_dim,
                                                                         end_dim)),
    _flatten_infer, _reshape_back_bprop)


def flatten(input: Any, order: str = "C", *, start_dim: int = 1, end_dim: int = -1) -> Tensor:
    """Dimensions `start_dim`..`end_dim` of `input` merged into one (a 0-d input becomes 1-d).
    `order='F'` flattens the transposed input, as MindSpore does."""
    x = to_tensor(input)
    if order == "F":
        x = apply(TRANSPOSE, x, perm=tuple(_py_range(x.ndim - 1, -1, -1)))
    elif order != "C":
        raise op_error("Flatten", f"'order' must be 'C' or 'F', but got {order!r}.")
    return apply(FLATTEN, x, start_dim=_int_arg("Flatten", "start_dim", start_dim),
                 end_dim=_int_arg("Flatten", "end_dim", end_dim))


class Flatten(PrimitiveOp):
    """`ops.Flatten()(x)`: keeps dimension 0 and merges the rest (a 1-d input becomes (N, 1))."""

    @staticmethod
    def fn(input_x: Any) -> Tensor:
        x = to_tensor(input_x)
        if x.ndim == 0:
            raise op_error("Flatten", "the input must have at least 1 dimension, but got a 0-d "
                           "Tensor.")
        if x.ndim == 1:
            return apply(EXPAND_DIMS, x, axis=1)
        return apply(FLATTEN, x, start_dim=1, end_dim=-1)


def ravel(input: Any) -> Tensor:
    """`input` as a 1-d Tensor."""
    return apply(FLATTEN, to_tensor(input), start_dim=0, end_dim=-1)


# ---------------------------------------------------------------------------- tile


def _tile_infer(x: TensorSpec, *, multiples: tuple[int, ...]) -> TensorSpec:
    if any(m < 0 for m in multiples):
        raise op_error("Tile", f"'dims' cannot contain negative integers, but got {multiples}.")
    n = max(len(multiples), x.ndim)
    m = (1,) * (n - len(multiples)) + multiples
    s = (1,) * (n - x.ndim) + x.shape
    return TensorSpec(tuple(None if d is None else d * k for d, k in zip(s, m)), x.dtype)


def _tile_bprop(x: Tensor, out: Tensor, dout: Tensor, *, multiples: tuple[int, ...]):
    n = max(len(multiples), x.ndim)
    m = (1,) * (n - len(multiples)) + multiples
    s = (1,) * (n - x.ndim) + tuple(x.shape)
    g = reshape(dout, tuple(v for pair in zip(m, s) for v in pair))
    g = sum_to(g, tuple(v for d in s for v in (1, d)))
    return (reshape(g, x.shape),)


TILE = primitive("tile", lambda x, *, multiples: np.tile(x, multiples), _tile_infer,
                 _tile_bprop)


def tile(input: Any, dims: Any) -> Tensor:
    """`input` repeated `dims[i]` times along dimension i (`dims` shorter than the rank is
    padded with leading 1s; longer adds leading dimensions)."""
    return apply(TILE, to_tensor(input), multiples=_int_tuple("Tile", "dims", dims))


class Tile(PrimitiveOp):
    """`ops.Tile()(x, dims)`."""

    fn = staticmethod(tile)


# ---------------------------------------------------------------------------- gather


def _check_int_indices(op: str, spec: TensorSpec, arg: str) -> None:
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
    for i in _py_range(bd):
        a, b = params[i], indices[i]
        if a is not None and b is not None and a != b:
            raise op_error(op, f"the first {bd} (batch) dimensions of 'input_params' (shape "
                           f"{list(params)}) and 'input_indices' (shape {list(indices)}) must "
                           "be equal.")
    return ax, bd


def _gather_infer(params: TensorSpec, indices: TensorSpec, *, axis: int,
                  batch_dims: int) -> TensorSpec:
    _check_int_indices("Gather", indices, "input_indices")
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
        for k in _py_range(p.shape[0]):
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
    full = (_py_slice(None),)
    if batch_dims == 0:
        np.add.at(z, full * ax + (indices,), dout)
        return z
    bd = batch_dims + indices.ndim if batch_dims < 0 else batch_dims
    zb, ib = _batched(z, indices, bd)
    db = dout.reshape((zb.shape[0],) + dout.shape[bd:])
    for k in _py_range(zb.shape[0]):
        np.add.at(zb[k], full * (ax - bd) + (ib[k],), db[k])
    return z


def _gather_grad_bprop(dout: Tensor, indices: Tensor, out: Tensor, ddx: Tensor, *, axis: int,
                       batch_dims: int, shape: tuple[int, ...]):
    return (apply(GATHER, ddx, indices, axis=axis, batch_dims=batch_dims), None)


GATHER_GRAD = primitive("gather_grad", _gather_grad_impl, _gather_grad_infer,
                        _gather_grad_bprop)


def _index_tensor(value: Any) -> Tensor:
    """An index argument as a Tensor (lists and NumPy arrays of ints or bools are accepted)."""
    return value if isinstance(value, Tensor) else Tensor(value)


def gather(input_params: Any, input_indices: Any, axis: int, batch_dims: int = 0) -> Tensor:
    """Slices of `input_params` along `axis` picked by `input_indices` (negative indices count
    from the end); the first `batch_dims` dimensions of both are batch dimensions.
    Output shape: `params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis+1:]`."""
    indices = _index_tensor(input_indices)
    batch_dims = _int_arg("Gather", "batch_dims", batch_dims)
    if batch_dims < 0:
        batch_dims += indices.ndim
    return apply(GATHER, to_tensor(input_params), indices,
                 axis=_int_arg("Gather", "axis", axis), batch_dims=batch_dims)


class Gather(PrimitiveOp):
    """`ops.Gather(batch_dims=0)(input_params, input_indices, axis)`."""

    def __init__(self, batch_dims: int = 0) -> None:
        super().__init__(batch_dims=batch_dims)

    fn = staticmethod(gather)


def index_select(input: Any, axis: int, index: Any) -> Tensor:
    """The entries of `input` along `axis` at the positions listed in the 1-d `index`."""
    index = _index_tensor(index)
    if index.ndim != 1:
        raise op_error("index_select", f"'index' must be 1-d, but got shape {list(index.shape)}.")
    return gather(input, index, axis)


def _nd_split(indices: np.ndarray) -> tuple[np.ndarray, ...]:
    return tuple(np.moveaxis(indices, -1, 0))


def _gather_nd_infer(x: TensorSpec, indices: TensorSpec) -> TensorSpec:
    op = "GatherNd"
    _check_int_indices(op, indices, "indices")
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


def gather_nd(input_x: Any, indices: Any) -> Tensor:
    """`out[i...] = input_x[indices[i..., 0], ..., indices[i..., k-1]]` (k = last dimension of
    `indices`); the remaining dimensions of `input_x` are kept."""
    return apply(GATHER_ND, to_tensor(input_x), _index_tensor(indices))


class GatherNd(PrimitiveOp):
    """`ops.GatherNd()(input_x, indices)`."""

    fn = staticmethod(gather_nd)


def _scatter_nd_infer(indices: TensorSpec, updates: TensorSpec, *,
                      shape: tuple[int, ...]) -> TensorSpec:
    op = "ScatterNd"
    _check_int_indices(op, indices, "indices")
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


def scatter_nd(indices: Any, updates: Any, shape: Any) -> Tensor:
    """Zeros of `shape` with `updates` added at `indices` (duplicates accumulate): the adjoint
    of `gather_nd`."""
    return apply(SCATTER_ND, _index_tensor(indices), to_tensor(updates),
                 shape=_shape_arg("ScatterNd", shape))


class ScatterNd(PrimitiveOp):
    """`ops.ScatterNd()(indices, updates, shape)`."""

    fn = staticmethod(scatter_nd)


# ---------------------------------------------------------------------------- indexing
#
# An index is a static attribute `index`: a tuple with one entry per item of the Python index.
# Entries are an int, None (new axis), Ellipsis, a `(start, stop, step)` tuple (a slice; Python
# 3.11 slices are not hashable), or the marker `TENSOR_INDEX`, which stands for the next Tensor
# input (an int or bool array: NumPy advanced indexing). Results follow NumPy's rules.

TENSOR_INDEX = "tensor"


def _slice_key(op: str, s: slice) -> tuple:
    start, stop, step = s.start, s.stop, s.step
    try:
        if not (start is None or type(start) is int):
            start = operator.index(start)
        if not (stop is None or type(stop) is int):
            stop = operator.index(stop)
        if not (step is None or type(step) is int):
            step = operator.index(step)
    except TypeError:
        raise op_error(op, f"slice bounds must be ints or None, but got {s!r}.",
                       IndexError) from None
    if step == 0:
        raise op_error(op, "the slice step cannot be zero.")
    return (start, stop, step)


def _parse_index(op: str, index: Any) -> tuple[tuple, list[Tensor]]:
    """A Python index as (static key, Tensor inputs); see the section comment."""
    items = index if type(index) is tuple else (index,)
    key: list[Any] = []
    tensors: list[Tensor] = []
    for it in items:
        t = type(it)
        if t is int or it is None or it is Ellipsis:
            key.append(it)
        elif t is _py_slice:
            key.append(_slice_key(op, it))
        elif isinstance(it, Tensor):
            key.append(TENSOR_INDEX)
            tensors.append(it)
        elif isinstance(it, (bool, np.bool_)):
            if not it:
                raise op_error(op, "when a Tensor is indexed by a bool object, the value only "
                               "supports 'True'.", IndexError)
            key.append(None)
        elif isinstance(it, np.integer):
            key.append(int(it))
        elif isinstance(it, (list, tuple, np.ndarray)):
            try:
                arr = Tensor(it)
            except (TypeError, ValueError):
                raise op_error(op, f"a list index must hold ints or bools, but got {it!r}.",
                               IndexError) from None
            if arr.dtype.kind not in ("bool", "int", "uint"):
                raise op_error(op, f"a list index must hold ints or bools, but got {it!r}.",
                               IndexError)
            key.append(TENSOR_INDEX)
            tensors.append(arr)
        else:
            raise op_error(op, "only integers, slices (`:`), ellipsis (`...`), None, bool, "
                           f"Tensor, list and tuple are supported as an index, but got {it!r} "
                           f"of type {t.__name__}.", IndexError)
    return tuple(key), tensors


def _slice_len(n: int | None, e: tuple) -> int | None:
    if n is None:
        return None
    return len(_py_range(*_py_slice(*e).indices(n)))


def _index_shape(op: str, shape: tuple, index: tuple, adv: tuple[TensorSpec, ...]) -> tuple:
    """The shape of `x[index]` for an `x` of `shape` (NumPy rules, dims may be None)."""
    ndim = len(shape)
    has_adv = bool(adv)
    consumed = 0
    n_ellipsis = 0
    k = 0
    for e in index:
        if e is None:
            continue
        if e is Ellipsis:
            n_ellipsis += 1
        elif type(e) is str:
            spec = adv[k]
            k += 1
            if spec.dtype.kind == "bool":
                consumed += spec.ndim
            elif spec.dtype.kind in ("int", "uint"):
                consumed += 1
            else:
                raise op_error(op, f"Tensor indices must be of an integer or bool type, but got "
                               f"{spec.dtype}.", IndexError)
        else:
            consumed += 1
    if n_ellipsis > 1:
        raise op_error(op, "an index can only have a single ellipsis ('...').", IndexError)
    if consumed > ndim:
        raise op_error(op, f"too many indices for a Tensor of shape {list(shape)}: the index "
                       f"uses {consumed} dimensions, but the Tensor has {ndim}.", IndexError)
    out: list[Any] = []
    adv_shapes: list[tuple] = []
    adv_pos: int | None = None
    adjacent = True
    prev_adv = False
    dim = 0
    k = 0
    for e in index:
        is_adv = False
        if e is None:
            out.append(1)
        elif e is Ellipsis:
            n = ndim - consumed
            out.extend(shape[dim:dim + n])
            dim += n
        elif type(e) is tuple:
            out.append(_slice_len(shape[dim], e))
            dim += 1
        elif type(e) is int:
            size = shape[dim]
            if size is not None and not -size <= e < size:
                raise op_error(op, f"index {e} is out of bounds for dimension {dim} with size "
                               f"{size}.", IndexError)
            dim += 1
            if has_adv:
                is_adv = True
                adv_shapes.append(())
        else:
            spec = adv[k]
            k += 1
            is_adv = True
            if spec.dtype.kind == "bool":
                for j, d in enumerate(spec.shape):
                    s = shape[dim + j]
                    if d is not None and s is not None and d != s:
                        raise op_error(op, f"the boolean index of shape {list(spec.shape)} does "
                                       f"not match the indexed Tensor of shape {list(shape)} at "
                                       f"dimension {dim + j}: {d} != {s}.", IndexError)
                dim += spec.ndim
                adv_shapes.append((None,))
            else:
                dim += 1
                adv_shapes.append(spec.shape)
        if is_adv:
            if adv_pos is None:
                adv_pos = len(out)
            elif not prev_adv:
                adjacent = False
        prev_adv = is_adv
    out.extend(shape[dim:])
    if adv_pos is not None:
        try:
            joint = broadcast_shapes(op, *adv_shapes)
        except ValueError:
            raise op_error(op, "the index arrays could not be broadcast together: shapes "
                           f"{' '.join(str(list(s)) for s in adv_shapes)}.", IndexError) from None
        if adjacent:
            out[adv_pos:adv_pos] = joint
        else:
            out[:0] = joint
    return tuple(out)


def _np_index(index: tuple, arrays: tuple) -> Any:
    """The NumPy index for a static key and its index arrays."""
    if len(index) == 1 and not arrays:
        e = index[0]
        return _py_slice(*e) if type(e) is tuple else e
    it = iter(arrays)
    return tuple(_py_slice(*e) if type(e) is tuple else next(it) if type(e) is str else e
                 for e in index)


def _getitem_infer(x: TensorSpec, *adv: TensorSpec, index: tuple) -> TensorSpec:
    shape = x.shape
    if len(index) == 1 and not adv and shape:
        e = index[0]
        if type(e) is int:
            n = shape[0]
            if n is not None and not -n <= e < n:
                raise op_error("Tensor.__getitem__", f"index {e} is out of bounds for dimension "
                               f"0 with size {n}.", IndexError)
            return TensorSpec(shape[1:], x.dtype)
        if type(e) is tuple:
            return TensorSpec((_slice_len(shape[0], e),) + shape[1:], x.dtype)
    return TensorSpec(_index_shape("Tensor.__getitem__", shape, index, adv), x.dtype)


def _getitem_impl(x: np.ndarray, *arrays: np.ndarray, index: tuple) -> np.ndarray:
    try:
        return x[_np_index(index, arrays)]
    except IndexError as exc:
        raise IndexError(f"For 'Tensor.__getitem__', {exc} (Tensor of shape "
                         f"{list(x.shape)}).") from None


def _getitem_bprop(*args: Any, index: tuple):
    x, arrays, dout = args[0], args[1:-2], args[-1]
    return (apply(GETITEM_GRAD, dout, *arrays, index=index, shape=tuple(x.shape)),
            *(None for _ in arrays))


GETITEM = primitive("getitem", _getitem_impl, _getitem_infer, _getitem_bprop)


def _getitem_grad_infer(dout: TensorSpec, *adv: TensorSpec, index: tuple,
                        shape: tuple[int, ...]) -> TensorSpec:
    return TensorSpec(shape, dout.dtype)


def _getitem_grad_impl(dout: np.ndarray, *arrays: np.ndarray, index: tuple,
                       shape: tuple[int, ...]) -> np.ndarray:
    """The adjoint of getitem: `dout` placed (summed, for repeated advanced indices) into zeros
    of the indexed Tensor's shape."""
    z = np.zeros(shape, dout.dtype)
    npi = _np_index(index, arrays)
    if arrays:
        np.add.at(z, npi, dout)
    else:
        z[npi] = dout
    return z


def _getitem_grad_bprop(*args: Any, index: tuple, shape: tuple[int, ...]):
    arrays, ddx = args[1:-2], args[-1]
    return (apply(GETITEM, ddx, *arrays, index=index), *(None for _ in arrays))


GETITEM_GRAD = primitive("getitem_grad", _getitem_grad_impl, _getitem_grad_infer,
                         _getitem_grad_bprop)


def getitem(x: Any, index: Any) -> Tensor:
    """`x[index]` with NumPy semantics: ints, slices (any step, negative too), None, Ellipsis,
    True, and int/bool Tensors, lists or arrays (advanced indexing), alone or in a tuple.
    Differentiable with respect to `x`."""
    x = to_tensor(x)
    t = type(index)
    if t is int:
        return apply(GETITEM, x, index=(index,))
    if t is _py_slice:
        return apply(GETITEM, x, index=(_slice_key("Tensor.__getitem__", index),))
    key, tensors = _parse_index("Tensor.__getitem__", index)
    return apply(GETITEM, x, *tensors, index=key)


def _tensor_getitem(self: Tensor, index: Any) -> Tensor:
    """`x[index]`: see `ops.getitem`. Plain int and slice indices take a short path."""
    t = type(index)
    if t is int:
        return apply(GETITEM, self, index=(index,))
    if t is _py_slice:
        return apply(GETITEM, self, index=(_slice_key("Tensor.__getitem__", index),))
    key, tensors = _parse_index("Tensor.__getitem__", index)
    return apply(GETITEM, self, *tensors, index=key)


def _setitem_infer(x: TensorSpec, value: TensorSpec, *adv: TensorSpec,
                   index: tuple) -> TensorSpec:
    op = "Tensor.__setitem__"
    region = _index_shape(op, x.shape, index, adv)
    vshape = value.shape
    while len(vshape) > len(region) and vshape[0] == 1:
        vshape = vshape[1:]
    lead = len(region) - len(vshape)
    if lead < 0 or any(v not in (1, None) and r is not None and v != r
                       for v, r in zip(vshape, region[lead:])):
        raise op_error(op, f"the value of shape {list(value.shape)} cannot be broadcast to the "
                       f"indexed region of shape {list(region)} (Tensor of shape "
                       f"{list(x.shape)}).")
    if value.dtype is not x.dtype:
        raise op_error(op, f"the value's dtype {value.dtype} must be the Tensor's dtype "
                       f"{x.dtype}.", TypeError)
    return x


def _setitem_impl(x: np.ndarray, value: np.ndarray, *arrays: np.ndarray,
                  index: tuple) -> np.ndarray:
    out = x.copy()
    try:
        out[_np_index(index, arrays)] = value
    except (IndexError, ValueError) as exc:
        raise type(exc)(f"For 'Tensor.__setitem__', {exc} (Tensor of shape "
                        f"{list(x.shape)}).") from None
    return out


def _reduce_to_shape(g: Tensor, shape: tuple) -> Tensor:
    """`g` summed down to `shape`, which broadcasts to it (possibly with extra leading 1s)."""
    if g.ndim < len(shape):
        g = reshape(g, (1,) * (len(shape) - g.ndim) + tuple(g.shape))
    return sum_to(g, tuple(shape))


def _setitem_bprop(*args: Any, index: tuple):
    x, value, arrays, dout = args[0], args[1], args[2:-2], args[-1]
    dx = apply(SETITEM, dout, zeros_like(cast(value, dout.dtype)), *arrays, index=index)
    dv = apply(GETITEM, dout, *arrays, index=index)
    if arrays:
        # repeated advanced indices: only the last write of each element reaches the output
        winners = apply(SETITEM_WINNERS, x, *arrays, index=index)
        dv = apply(SELECT, winners, dv, zeros_like(dv))
    return (dx, _reduce_to_shape(dv, value.shape), *(None for _ in arrays))


SETITEM = primitive("setitem", _setitem_impl, _setitem_infer, _setitem_bprop)


def _setitem_winners_infer(x: TensorSpec, *adv: TensorSpec, index: tuple) -> TensorSpec:
    return TensorSpec(_index_shape("Tensor.__setitem__", x.shape, index, adv), mstype.bool_)


def _setitem_winners_impl(x: np.ndarray, *arrays: np.ndarray, index: tuple) -> np.ndarray:
    """Which elements of the indexed region `x[index] = region` actually lands (NumPy keeps the
    last of repeated writes). Not differentiable: a mask of constants."""
    npi = _np_index(index, arrays)
    ids = np.arange(x[npi].size).reshape(x[npi].shape)
    buf = np.full(x.shape, -1, np.int64)
    buf[npi] = ids
    return buf[npi] == ids


SETITEM_WINNERS = primitive("setitem_winners", _setitem_winners_impl, _setitem_winners_infer)


def tensor_setitem(x: Any, index: Any, value: Any) -> Tensor:
    """A new Tensor equal to `x` with `x[index] = value` applied (out of place, so it can be
    used in graphs and differentiated with respect to `x` and `value`). `value` is broadcast
    to the indexed region and converted to `x`'s dtype. `index` is as for `getitem`."""
    x = to_tensor(x)
    key, tensors = _parse_index("Tensor.__setitem__", index)
    if not (isinstance(value, Tensor) and value._data.dtype == x._data.dtype):
        value = to_tensor(value, x.dtype)
    return apply(SETITEM, x, value, *tensors, index=key)


@functools.lru_cache(maxsize=256)
def _strided_key(begin: tuple, end: tuple, strides: tuple, begin_mask: int, end_mask: int,
                 ellipsis_mask: int, new_axis_mask: int, shrink_axis_mask: int) -> tuple:
    """StridedSlice's arguments as a getitem key (TensorFlow's mask semantics)."""
    op = "StridedSlice"
    if not len(begin) == len(end) == len(strides):
        raise op_error(op, f"'begin', 'end' and 'strides' must have the same length, but got "
                       f"lengths {len(begin)}, {len(end)} and {len(strides)}.")
    if 0 in strides:
        raise op_error(op, f"'strides' cannot contain 0, but got {strides}.")
    if bin(ellipsis_mask).count("1") > 1:
        raise op_error(op, f"only one bit of 'ellipsis_mask' may be set, but got "
                       f"{ellipsis_mask}.")
    key: list[Any] = []
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if ellipsis_mask & bit:
            key.append(Ellipsis)
        elif new_axis_mask & bit:
            key.append(None)
        elif shrink_axis_mask & bit:
            if s < 0:
                raise op_error(op, f"'strides[{i}]' cannot be negative when bit {i} of "
                               f"'shrink_axis_mask' is set, but got {s}.")
            key.append(b)
        else:
            key.append((None if begin_mask & bit else b, None if end_mask & bit else e, s))
    return tuple(key)


_STRIDED_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                  "shrink_axis_mask")


def _strided_slice_infer(x: TensorSpec, **attrs: Any) -> TensorSpec:
    return TensorSpec(_index_shape("StridedSlice", x.shape, _strided_key(**attrs), ()), x.dtype)


def _strided_slice_impl(x: np.ndarray, **attrs: Any) -> np.ndarray:
    return x[_np_index(_strided_key(**attrs), ())]


def _strided_slice_bprop(x: Tensor, out: Tensor, dout: Tensor, **attrs: Any):
    return (apply(GETITEM_GRAD, dout, index=_strided_key(**attrs), shape=tuple(x.shape)),)


STRIDED_SLICE = primitive("strided_slice", _strided_slice_impl, _strided_slice_infer,
                          _strided_slice_bprop)


def strided_slice(input_x: Any, begin: Any, end: Any, strides: Any, begin_mask: int = 0,
                  end_mask: int = 0, ellipsis_mask: int = 0, new_axis_mask: int = 0,
                  shrink_axis_mask: int = 0) -> Tensor:
    """`input_x[begin[0]:end[0]:strides[0], ...]`; bit i of a mask changes entry i: begin/end
    masks ignore the bound, ellipsis_mask makes it `...`, new_axis_mask `None`, and
    shrink_axis_mask the int `begin[i]`. Dimensions not covered are taken whole."""
    op = "StridedSlice"
    return apply(STRIDED_SLICE, to_tensor(input_x), begin=_int_tuple(op, "begin", begin),
                 end=_int_tuple(op, "end", end), strides=_int_tuple(op, "strides", strides),
                 begin_mask=begin_mask, end_mask=end_mask, ellipsis_mask=ellipsis_mask,
                 new_axis_mask=new_axis_mask, shrink_axis_mask=shrink_axis_mask)


class StridedSlice(PrimitiveOp):
    """`ops.StridedSlice(begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0,
    shrink_axis_mask=0)(x, begin, end, strides)`."""

    def __init__(self, begin_mask: int = 0, end_mask: int = 0, ellipsis_mask: int = 0,
                 new_axis_mask: int = 0, shrink_axis_mask: int = 0) -> None:
        super().__init__(begin_mask=begin_mask, end_mask=end_mask, ellipsis_mask=ellipsis_mask,
                         new_axis_mask=new_axis_mask, shrink_axis_mask=shrink_axis_mask)

    fn = staticmethod(strided_slice)


def _slice_infer(x: TensorSpec, *, begin: tuple[int, ...], size: tuple[int, ...]) -> TensorSpec:
    op = "Slice"
    if not len(begin) == len(size) == x.ndim:
        raise op_error(op, f"the lengths of 'begin' {begin} and 'size' {size} must equal the rank "
                       f"of the input (shape {list(x.shape)}).")
    out = []
    for i, (b, s, d) in enumerate(zip(begin, size, x.shape)):
        if b < 0 or s < -1:
            raise op_error(op, f"'begin' must be non-negative and 'size' >= -1, but got "
                           f"begin {begin} and size {size}.")
        if d is not None and (b > d or (s != -1 and b + s > d)):
            raise op_error(op, f"begin[{i}] + size[{i}] must be no greater than dimension {i} of "
                           f"the input (shape {list(x.shape)}), but got begin {begin} and size "
                           f"{size}.")
        out.append((None if d is None else d - b) if s == -1 else s)
    return TensorSpec(tuple(out), x.dtype)


def _slice_index(begin: tuple[int, ...], size: tuple[int, ...]) -> tuple:
    return tuple((b, None if s == -1 else b + s, None) for b, s in zip(begin, size))


def _slice_bprop(x: Tensor, out: Tensor, dout: Tensor, *, begin: tuple, size: tuple):
    return (apply(GETITEM_GRAD, dout, index=_slice_index(begin, size), shape=tuple(x.shape)),)


SLICE = primitive("slice", lambda x, *, begin, size: x[_np_index(_slice_index(begin, size), ())],
                  _slice_infer, _slice_bprop)


def slice(input_x: Any, begin: Any, size: Any) -> Tensor:
    """The block of `input_x` starting at `begin` with extent `size` (-1: to the end)."""
    return apply(SLICE, to_tensor(input_x), begin=_int_tuple("Slice", "begin", begin),
                 size=_int_tuple("Slice", "size", size))


class Slice(PrimitiveOp):
    """`ops.Slice()(x, begin, size)`."""

    fn = staticmethod(slice)


def narrow(input: Any, axis: int, start: int, length: int) -> Tensor:
    """`length` entries of `input` along `axis` from `start` (negative counts from the end)."""
    op = "narrow"
    x = to_tensor(input)
    ax = normalize_axis(op, _int_arg(op, "axis", axis), x.ndim)
    start, length = _int_arg(op, "start", start), _int_arg(op, "length", length)
    dim = x.shape[ax]
    if dim is not None:
        if not -dim <= start <= dim:
            raise op_error(op, f"'start' must be in [{-dim}, {dim}], but got {start}.")
        start %= max(dim, 1)
        if length < 0 or start + length > dim:
            raise op_error(op, f"'start' + 'length' must be in [0, {dim}] (dimension {ax} of "
                           f"shape {list(x.shape)}), but got start {start} and length {length}.")
    full = (None, None, None)
    return apply(GETITEM, x, index=(full,) * ax + ((start, start + length, None),))


# ---------------------------------------------------------------------------- select, where


def _select_infer(cond: TensorSpec, x: TensorSpec, y: TensorSpec) -> TensorSpec:
    op = "Select"
    if cond.dtype is not mstype.bool_:
        raise op_error(op, f"the dtype of 'condition' must be Bool, but got {cond.dtype}.",
                       TypeError)
    return TensorSpec(broadcast_shapes(op, cond.shape, x.shape, y.shape), same_dtype(op, x, y))


def _select_bprop(cond: Tensor, x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    zeros = zeros_like(dout)
    return (None, sum_to(apply(SELECT, cond, dout, zeros), x.shape),
            sum_to(apply(SELECT, cond, zeros, dout), y.shape))


SELECT = primitive("select", np.where, _select_infer, _select_bprop)


def select(condition: Any, input: Any, other: Any) -> Tensor:
    """Elementwise `input` where `condition` is True, else `other` (broadcast; Tensors or
    scalars, promoted to one dtype). Gradients flow to `input` and `other`."""
    x, y = binary_operands("Select", input, other)
    return apply(SELECT, to_tensor(condition), x, y)


def where(condition: Any, input: Any, other: Any) -> Tensor:
    """`ops.where`: the same as `select(condition, input, other)`."""
    x, y = binary_operands("Select", input, other)
    return apply(SELECT, to_tensor(condition), x, y)


class Select(PrimitiveOp):
    """`ops.Select()(condition, input, other)`."""

    fn = staticmethod(select)


def masked_fill(input_x: Any, mask: Any, value: Any) -> Tensor:
    """`input_x` with `value` (a scalar or 0-d Tensor, converted to `input_x`'s dtype) where the
    Bool `mask` (broadcast against `input_x`) is True."""
    x, mask = to_tensor(input_x), to_tensor(mask)
    if mask.dtype is not mstype.bool_:
        raise op_error("MaskedFill", f"the dtype of 'mask' must be Bool, but got {mask.dtype}.",
                       TypeError)
    if not (isinstance(value, Tensor) and value._data.dtype == x._data.dtype):
        value = to_tensor(value, x.dtype)
    return apply(SELECT, mask, value, x)


class MaskedFill(PrimitiveOp):
    """`ops.MaskedFill()(input_x, mask, value)`."""

    fn = staticmethod(masked_fill)


# ---------------------------------------------------------------------------- creation


def _fill_infer(*, shape: tuple[int, ...], dtype: mstype.DType, value: Any) -> TensorSpec:
    return TensorSpec(shape, dtype)


FILL = primitive("fill", lambda *, shape, dtype, value: np.full(shape, value, dtype.np_dtype),
                 _fill_infer)


def _filled(op: str, shape: Any, value: Any, dtype: Any) -> Tensor:
    dtype = mstype.to_dtype(dtype)
    shape = _shape_arg(op, shape)
    as_graph_tensor = getattr(value, "__graphc_tensor__", None)
    if as_graph_tensor is not None:  # a number known only when the graph runs
        value = as_graph_tensor(dtype)
    if isinstance(value, Tensor) and not isinstance(value._data, np.ndarray):
        # a graph value: keep it an input so the result depends on it
        return broadcast_to(cast(value, dtype), shape)
    return apply(FILL, shape=shape, dtype=dtype, value=_scalar_arg(value))


def zeros(size: Any, dtype: Any = None) -> Tensor:
    """A Tensor of zeros of shape `size` (an int, a tuple/list of ints or an int Tensor) and
    `dtype` (default Float32)."""
    return _filled("Zeros", size, 0, mstype.float32 if dtype is None else dtype)


def ones(shape: Any, dtype: Any = None) -> Tensor:
    """A Tensor of ones of `shape` and `dtype` (default Float32)."""
    return _filled("Ones", shape, 1, mstype.float32 if dtype is None else dtype)


def fill(type: Any, shape: Any, value: Any) -> Tensor:
    """A Tensor of `shape` and dtype `type` filled with `value` (a scalar or 0-d Tensor)."""
    return _filled("Fill", shape, value, type)


def full(size: Any, fill_value: Any, *, dtype: Any = None) -> Tensor:
    """A Tensor of shape `size` filled with `fill_value`. As in MindSpore, `dtype` defaults to
    Int64 whatever the fill value (so `full((2,), 3.5)` is `[3, 3]`)."""
    return _filled("Full", size, fill_value, mstype.int64 if dtype is None else dtype)


def full_like(input: Any, fill_value: Any, *, dtype: Any = None) -> Tensor:
    """A Tensor with `input`'s shape (and dtype, unless `dtype` is given) filled with
    `fill_value`."""
    x = to_tensor(input)
    return _filled("FullLike", x.shape, fill_value, x.dtype if dtype is None else dtype)


class Zeros(PrimitiveOp):
    """`ops.Zeros()(size, dtype)`."""

    fn = staticmethod(zeros)


class Ones(PrimitiveOp):
    """`ops.Ones()(shape, dtype)`."""

    fn = staticmethod(ones)


class Fill(PrimitiveOp):
    """`ops.Fill()(dtype, dims, value)`."""

    fn = staticmethod(fill)


def _eye_infer(*, n: int, m: int, dtype: mstype.DType) -> TensorSpec:
    for name, v in (("n", n), ("m", m)):
        if type(v) is not int or v < 0:
            raise op_error("Eye", f"'{name}' must be a non-negative int, but got {v!r}.")
    return TensorSpec((n, m), dtype)


EYE = primitive("eye", lambda *, n, m, dtype: np.eye(n, m, dtype=dtype.np_dtype), _eye_infer)


def eye(n: Any, m: Any = None, dtype: Any = None) -> Tensor:
    """The `n` x `m` identity matrix (`m` defaults to `n`, `dtype` to Float32)."""
    n = _int_arg("Eye", "n", n)
    m = n if m is None else _int_arg("Eye", "m", m)
    return apply(EYE, n=n, m=m, dtype=mstype.float32 if dtype is None else mstype.to_dtype(dtype))


class Eye(PrimitiveOp):
    """`ops.Eye()(n, m, dtype)`."""

    fn = staticmethod(eye)


def _arange_len(start: Any, end: Any, step: Any) -> int:
    op = "Range"
    if step == 0:
        raise op_error(op, "'step' cannot be zero.")
    if step > 0 and end < start:
        raise op_error(op, f"'step' cannot be positive when 'end' < 'start', but got start "
                       f"{start}, end {end} and step {step}.")
    if step < 0 and end > start:
        raise op_error(op, f"'step' cannot be negative when 'end' > 'start', but got start "
                       f"{start}, end {end} and step {step}.")
    return max(math.ceil((end - start) / step), 0)


def _arange_infer(*, start: Any, end: Any, step: Any, dtype: mstype.DType) -> TensorSpec:
    return TensorSpec((_arange_len(start, end, step),), dtype)


def _arange_impl(*, start: Any, end: Any, step: Any, dtype: mstype.DType) -> np.ndarray:
    n = _arange_len(start, end, step)
    if all(type(v) is int for v in (start, end, step)):
        return np.arange(start, start + n * step, step, dtype=dtype.np_dtype)[:n]
    return (np.arange(n, dtype=np.float64) * step + start).astype(dtype.np_dtype)


ARANGE = primitive("arange", _arange_impl, _arange_infer)


def _number(op: str, name: str, v: Any) -> int | float:
    if isinstance(v, (Tensor, np.ndarray, np.generic)):
        v = np.asarray(v).item()
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise op_error(op, f"'{name}' must be an int or a float, but got {v!r}.", TypeError)
    return v


def arange(start: Any = 0, end: Any = None, step: Any = 1, *, dtype: Any = None) -> Tensor:
    """`[start, start + step, ...)` up to `end` (exclusive); `arange(n)` counts from 0. The
    dtype is Int64 when all bounds are ints, else Float32, unless `dtype` is given."""
    if end is None:
        start, end = 0, start
    start, end, step = (_number("Range", n, v) for n, v in
                        (("start", start), ("end", end), ("step", step)))
    if dtype is None:
        ints = all(type(v) is int for v in (start, end, step))
        dtype = mstype.int64 if ints else mstype.float32
    return apply(ARANGE, start=start, end=end, step=step, dtype=mstype.to_dtype(dtype))


def range(start: Any, end: Any, step: Any, maxlen: int = 1000000) -> Tensor:
    """`ops.range`: `arange(start, end, step)` with the dtype of `start` when it is a Tensor."""
    dtype = start.dtype if isinstance(start, Tensor) else None
    return arange(start, end, step, dtype=dtype)


class Range(PrimitiveOp):
    """`ops.Range(maxlen=1000000)(start, end, step)`."""

    def __init__(self, maxlen: int = 1000000) -> None:
        super().__init__(maxlen=maxlen)

    fn = staticmethod(range)


# ---------------------------------------------------------------------------- one_hot


def _one_hot_infer(indices: TensorSpec, on: TensorSpec, off: TensorSpec, *, depth: int,
                   axis: int) -> TensorSpec:
    op = "OneHot"
    _check_int_indices(op, indices, "indices")
    if depth < 0:
        raise op_error(op, f"'depth' must be greater than or equal to 0, but got {depth}.")
    if not -1 <= axis <= indices.ndim:
        raise op_error(op, f"'axis' must be in [-1, {indices.ndim}] for indices of shape "
                       f"{list(indices.shape)}, but got {axis}.")
    if on.ndim or off.ndim:
        raise op_error(op, f"'on_value' and 'off_value' must be scalars, but got shapes "
                       f"{list(on.shape)} and {list(off.shape)}.")
    if on.dtype is not off.dtype:
        raise op_error(op, f"'on_value' and 'off_value' must have the same dtype, but got "
                       f"{on.dtype} and {off.dtype}.", TypeError)
    ax = indices.ndim if axis == -1 else axis
    return TensorSpec(indices.shape[:ax] + (depth,) + indices.shape[ax:], on.dtype)


def _one_hot_impl(indices: np.ndarray, on: np.ndarray, off: np.ndarray, *, depth: int,
                  axis: int) -> np.ndarray:
    ax = indices.ndim if axis == -1 else axis
    hot = np.arange(depth).reshape((depth,) + (1,) * (indices.ndim - ax))
    return np.where(np.expand_dims(indices, ax) == hot, on, off)


_TRUE = np.asarray(True)
_FALSE = np.asarray(False)


def _one_hot_bprop(indices: Tensor, on: Tensor, off: Tensor, out: Tensor, dout: Tensor, *,
                   depth: int, axis: int):
    mask = apply(ONE_HOT, indices, Tensor._make(_TRUE), Tensor._make(_FALSE), depth=depth,
                 axis=axis)
    zeros = zeros_like(dout)
    return (None, sum_to(apply(SELECT, mask, dout, zeros), ()),
            sum_to(apply(SELECT, mask, zeros, dout), ()))


ONE_HOT = primitive("one_hot", _one_hot_impl, _one_hot_infer, _one_hot_bprop)


def one_hot(indices: Any, depth: int, on_value: Any = 1, off_value: Any = 0,
            axis: int = -1) -> Tensor:
    """A new dimension of size `depth` at `axis`, holding `on_value` at position `indices` and
    `off_value` elsewhere (out-of-range indices give all `off_value`). The dtype is that of the
    values (a Python scalar takes the other value's Tensor dtype)."""
    op = "OneHot"
    tensor_on, tensor_off = isinstance(on_value, Tensor), isinstance(off_value, Tensor)
    if tensor_on and not tensor_off:
        off_value = to_tensor(off_value, on_value.dtype)
    elif tensor_off and not tensor_on:
        on_value = to_tensor(on_value, off_value.dtype)
    elif not tensor_on:
        if isinstance(on_value, bool) and isinstance(off_value, bool):
            dtype = mstype.bool_
        elif isinstance(on_value, float) or isinstance(off_value, float):
            dtype = mstype.float32
        else:
            dtype = mstype.int64
        on_value, off_value = to_tensor(on_value, dtype), to_tensor(off_value, dtype)
    return apply(ONE_HOT, _index_tensor(indices), on_value, off_value,
                 depth=_int_arg(op, "depth", depth), axis=_int_arg(op, "axis", axis))


class OneHot(PrimitiveOp):
    """`ops.OneHot(axis=-1)(indices, depth, on_value, off_value)`."""

    def __init__(self, axis: int = -1) -> None:
        super().__init__(axis=axis)

    fn = staticmethod(one_hot)


# ---------------------------------------------------------------------------- flip, repeat


def _flip_infer(x: TensorSpec, *, dims: tuple[int, ...]) -> TensorSpec:
    op = "ReverseV2"
    axes = [normalize_axis(op, d, x.ndim, "axis") for d in dims]
    if len(set(axes)) != len(axes):
        raise op_error(op, f"'axis' cannot contain duplicate dimensions, but got {dims}.")
    return x


def _flip_bprop(x: Tensor, out: Tensor, dout: Tensor, *, dims: tuple[int, ...]):
    return (apply(FLIP, dout, dims=dims),)


FLIP = primitive("flip", lambda x, *, dims: np.flip(x, dims), _flip_infer, _flip_bprop)


def flip(input: Any, dims: Any) -> Tensor:
    """`input` with the order of its entries reversed along each dimension in `dims`."""
    return apply(FLIP, to_tensor(input), dims=_int_tuple("ReverseV2", "axis", dims))


def reverse(x: Any, axis: Any) -> Tensor:
    """`ops.reverse`: the same as `flip(x, axis)`."""
    return apply(FLIP, to_tensor(x), dims=_int_tuple("ReverseV2", "axis", axis))


class ReverseV2(PrimitiveOp):
    """`ops.ReverseV2(axis)(x)`."""

    def __init__(self, axis: Any) -> None:
        super().__init__(axis=axis)

    fn = staticmethod(reverse)


def repeat_interleave(input: Any, repeats: Any, axis: int | None = None) -> Tensor:
    """Each entry of `input` along `axis` repeated `repeats` times (an int, or one count per
    entry); `axis=None` works on the flattened input. Built on `gather`, so differentiable."""
    op = "repeat_interleave"
    x = to_tensor(input)
    if axis is None:
        x = apply(FLATTEN, x, start_dim=0, end_dim=-1)
        axis = 0
    ax, dim = _known_dim(op, x, axis)
    reps = _int_tuple(op, "repeats", repeats)
    if len(reps) not in (1, dim) or any(r < 0 for r in reps):
        raise op_error(op, f"'repeats' must be a non-negative int or hold one non-negative count "
                       f"for each of the {dim} entries along axis {ax}, but got {repeats!r}.")
    index = np.repeat(np.arange(dim), reps[0] if len(reps) == 1 else reps)
    return apply(GATHER, x, Tensor._make(index), axis=ax, batch_dims=0)


def repeat_elements(x: Any, rep: int, axis: int = 0) -> Tensor:
    """Each entry of `x` along `axis` repeated `rep` times."""
    return repeat_interleave(x, _int_arg("repeat_elements", "rep", rep), axis)


# ---------------------------------------------------------------------------- static queries


def shape(input_x: Any) -> tuple[int, ...]:
    """The shape of `input_x`, as a tuple of ints."""
    return to_tensor(input_x).shape


def rank(input_x: Any) -> int:
    """The number of dimensions of `input_x`."""
    return to_tensor(input_x).ndim


def dtype(x: Any) -> mstype.DType:
    """The dtype of `x`."""
    return to_tensor(x).dtype


def size(input_x: Any) -> int:
    """The number of elements of `input_x`."""
    return to_tensor(input_x).size


class Shape(PrimitiveOp):
    """`ops.Shape()(x)`: the shape as a tuple."""

    fn = staticmethod(shape)


class Rank(PrimitiveOp):
    """`ops.Rank()(x)`: the number of dimensions."""

    fn = staticmethod(rank)


class DType(PrimitiveOp):
    """`ops.DType()(x)`: the dtype."""

    fn = staticmethod(dtype)


class Size(PrimitiveOp):
    """`ops.Size()(x)`: the number of elements."""

    fn = staticmethod(size)


# ---------------------------------------------------------------------------- Tensor methods


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
        return apply(TRANSPOSE, self, perm=tuple(_py_range(self.ndim - 1, -1, -1)))
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
    "__getitem__": _tensor_getitem,
    "reshape": reshape,
    "view": _tensor_view,
    "transpose": _tensor_transpose,
    "permute": _tensor_permute,
    "swapaxes": _tensor_swapaxes,
    "swapdims": _tensor_swapaxes,
    "moveaxis": _tensor_moveaxis,
    "movedim": _tensor_moveaxis,
    "squeeze": _tensor_squeeze,
    "expand_dims": _tensor_expand_dims,
    "unsqueeze": _tensor_unsqueeze,
    "flatten": _tensor_flatten,
    "ravel": _tensor_ravel,
    "tile": _tensor_tile,
    "broadcast_to": _tensor_broadcast_to,
    "expand_as": _tensor_expand_as,
    "gather": _tensor_gather,
    "index_select": _tensor_index_select,
    "masked_fill": _tensor_masked_fill,
    "where": _tensor_where,
    "flip": _tensor_flip,
    "repeat_interleave": _tensor_repeat_interleave,
    "narrow": _tensor_narrow,
    "split": _tensor_split,
    "chunk": _tensor_chunk,
    "unbind": _tensor_unbind,
}
