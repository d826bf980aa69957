"""Joining and splitting: concat, stack, split, squeeze/expand_dims, flatten, tile.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from ..common.tensor import Tensor
from .catalog import install_spellings
from .convert import to_tensor
from .infer_rules import normalize_axis, same_dtype
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive, spell
from .shape_ops import TRANSPOSE, int_arg, int_tuple, reshape, sum_to, unify_dtypes


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
        for d in range(nd):
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
    return apply(CONCAT, *unify_dtypes(tensors), axis=int_arg("Concat", "axis", axis))


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
    return apply(STACK, *unify_dtypes(tensors), axis=int_arg("Stack", "axis", axis))


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
    return apply(UNSTACK, to_tensor(input_x), axis=int_arg("Unstack", "axis", axis))


def unbind(input: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """`ops.unbind`: the same as `unstack(input, dim)`."""
    return unstack(input, dim)


class Unstack(PrimitiveOp):
    """`ops.Unstack(axis=0, num=None)(x)`."""

    def __init__(self, axis: int = 0, num: int | None = None) -> None:
        super().__init__(axis=axis)

    fn = staticmethod(unstack)


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


def known_dim(op: str, x: Tensor, axis: int) -> tuple[int, int]:
    """(normalized axis, size of that dimension), the size being needed at trace time."""
    ax = normalize_axis(op, int_arg(op, "axis", axis), x.ndim)
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
    ax, dim = known_dim(op, x, axis)
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
        sizes = int_tuple(op, "split_size_or_sections", s)
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
    chunks = int_arg(op, "chunks", chunks)
    if chunks <= 0:
        raise op_error(op, f"'chunks' must be greater than 0, but got {chunks}.")
    ax, dim = known_dim(op, x, axis)
    return split(x, max(-(-dim // chunks), 1), ax)


class Split(PrimitiveOp):
    """`ops.Split(axis=0, output_num=1)(x)`: `output_num` equal pieces along `axis`."""

    def __init__(self, axis: int = 0, output_num: int = 1) -> None:
        super().__init__(axis=axis, output_num=output_num)

    @staticmethod
    def fn(input_x: Any, axis: int = 0, output_num: int = 1) -> tuple[Tensor, ...]:
        op = "Split"
        x = to_tensor(input_x)
        ax, dim = known_dim(op, x, axis)
        if output_num <= 0 or dim % output_num:
            raise op_error(op, f"dimension {ax} of the input (shape {list(x.shape)}) must be "
                           f"divisible by output_num = {output_num}, but it is {dim}.")
        return apply(SPLIT, x, axis=ax, sizes=(dim // output_num,) * output_num)


def _squeeze_shape(op: str, shape: tuple, axis: tuple[int, ...] | None) -> tuple:
    nd = len(shape)
    if nd == 0:
        return shape
    if axis is None:  # (a dimension known only at run time is kept)
        return tuple(d for d in shape if d != 1)
    axes = {normalize_axis(op, a, nd) for a in axis}
    unknown = sorted(i for i in axes if shape[i] is None)
    if unknown:  # (whether it is dropped depends on its size: the rank would be unknown)
        raise op_error(op, f"cannot squeeze the input of shape {list(shape)}: dimension "
                       f"{unknown[0]} is known only at run time, so whether it is 1 is not "
                       "known when the graph is built. Reshape it instead.")
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
        axis = int_tuple("Squeeze", "axis", axis) or None
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
spell(EXPAND_DIMS, classes=("ExpandDims",))


def expand_dims(input_x: Any, axis: int) -> Tensor:
    """`input_x` with a new size-1 dimension at position `axis` (in `[-ndim-1, ndim]`)."""
    return apply(EXPAND_DIMS, to_tensor(input_x), axis=int_arg("ExpandDims", "axis", axis))


def unsqueeze(input: Any, dim: int) -> Tensor:
    """`ops.unsqueeze`: the same as `expand_dims(input, dim)`."""
    return apply(EXPAND_DIMS, to_tensor(input), axis=int_arg("ExpandDims", "axis", dim))


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
        x = apply(TRANSPOSE, x, perm=tuple(range(x.ndim - 1, -1, -1)))
    elif order != "C":
        raise op_error("Flatten", f"'order' must be 'C' or 'F', but got {order!r}.")
    return apply(FLATTEN, x, start_dim=int_arg("Flatten", "start_dim", start_dim),
                 end_dim=int_arg("Flatten", "end_dim", end_dim))


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
spell(TILE, classes=("Tile",))


def tile(input: Any, dims: Any) -> Tensor:
    """`input` repeated `dims[i]` times along dimension i (`dims` shorter than the rank is
    padded with leading 1s; longer adds leading dimensions)."""
    return apply(TILE, to_tensor(input), multiples=int_tuple("Tile", "dims", dims))


install_spellings(globals())  # (the primitive classes and Tensor methods spelled above)
