"""Creating Tensors (zeros, ones, fill, full, arange, linspace, eye, ...), one_hot, flip, repeat,
and static queries (shape, rank, size).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from . import attr_types as at
from .catalog import install_spellings
from .convert import to_tensor
from .gather_ops import GATHER, check_int_indices, index_tensor
from .index_ops import SELECT
from .infer_rules import normalize_axis
from .join_ops import FLATTEN, known_dim
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive, spell
from .shape_ops import (
    broadcast_to,
    cast,
    int_arg,
    int_tuple,
    scalar_arg,
    shape_arg,
    sum_to,
    zeros_like,
)


def _fill_infer(*, shape: at.Shape, dtype: mstype.DType, value: at.Scalar) -> TensorSpec:
    return TensorSpec(shape, dtype)


FILL = primitive("fill", lambda *, shape, dtype, value: np.full(shape, value, dtype.np_dtype),
                 _fill_infer)
spell(FILL, classes=("Fill",))


def _filled(op: str, shape: Any, value: Any, dtype: Any) -> Tensor:
    dtype = mstype.to_dtype(dtype)
    shape = shape_arg(op, shape)
    as_graph_tensor = getattr(value, "__graphc_tensor__", None)
    if as_graph_tensor is not None:  # a number known only when the graph runs
        value = as_graph_tensor(dtype)
    if isinstance(value, Tensor) and not isinstance(value._data, np.ndarray):
        # a graph value: keep it an input so the result depends on it
        return broadcast_to(cast(value, dtype), shape)
    return apply(FILL, shape=shape, dtype=dtype, value=scalar_arg(value))


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


def _eye_infer(*, n: int, m: int, dtype: mstype.DType) -> TensorSpec:
    for name, v in (("n", n), ("m", m)):
        if type(v) is not int or v < 0:
            raise op_error("Eye", f"'{name}' must be a non-negative int, but got {v!r}.")
    return TensorSpec((n, m), dtype)


EYE = primitive("eye", lambda *, n, m, dtype: np.eye(n, m, dtype=dtype.np_dtype), _eye_infer)
spell(EYE, classes=("Eye",))


def eye(n: Any, m: Any = None, dtype: Any = None) -> Tensor:
    """The `n` x `m` identity matrix (`m` defaults to `n`, `dtype` to Float32)."""
    n = int_arg("Eye", "n", n)
    m = n if m is None else int_arg("Eye", "m", m)
    return apply(EYE, n=n, m=m, dtype=mstype.float32 if dtype is None else mstype.to_dtype(dtype))


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


def _arange_infer(*, start: float, end: float, step: float, dtype: mstype.DType) -> TensorSpec:
    return TensorSpec((_arange_len(start, end, step),), dtype)


def _arange_impl(*, start: float, end: float, step: float, dtype: mstype.DType) -> np.ndarray:
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


def _one_hot_infer(indices: TensorSpec, on: TensorSpec, off: TensorSpec, *, depth: int,
                   axis: int) -> TensorSpec:
    op = "OneHot"
    check_int_indices(op, indices, "indices")
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
    return apply(ONE_HOT, index_tensor(indices), on_value, off_value,
                 depth=int_arg(op, "depth", depth), axis=int_arg(op, "axis", axis))


class OneHot(PrimitiveOp):
    """`ops.OneHot(axis=-1)(indices, depth, on_value, off_value)`."""

    def __init__(self, axis: int = -1) -> None:
        super().__init__(axis=axis)

    fn = staticmethod(one_hot)


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
    return apply(FLIP, to_tensor(input), dims=int_tuple("ReverseV2", "axis", dims))


def reverse(x: Any, axis: Any) -> Tensor:
    """`ops.reverse`: the same as `flip(x, axis)`."""
    return apply(FLIP, to_tensor(x), dims=int_tuple("ReverseV2", "axis", axis))


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
    ax, dim = known_dim(op, x, axis)
    reps = int_tuple(op, "repeats", repeats)
    if len(reps) not in (1, dim) or any(r < 0 for r in reps):
        raise op_error(op, f"'repeats' must be a non-negative int or hold one non-negative count "
                       f"for each of the {dim} entries along axis {ax}, but got {repeats!r}.")
    index = np.repeat(np.arange(dim), reps[0] if len(reps) == 1 else reps)
    return apply(GATHER, x, Tensor._make(index), axis=ax, batch_dims=0)


def repeat_elements(x: Any, rep: int, axis: int = 0) -> Tensor:
    """Each entry of `x` along `axis` repeated `rep` times."""
    return repeat_interleave(x, int_arg("repeat_elements", "rep", rep), axis)


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


install_spellings(globals())  # (the primitive classes and Tensor methods spelled above)
