"""`mindspore.numpy`'s array manipulation: `where`, `reshape`, `tile`, `concatenate`,
`stack`, `expand_dims`, `squeeze`, `split`, `broadcast_to`, `transpose`, `flip`,
`zeros_like`, `ones_like`, `full_like`.

Each is graphc's op under NumPy's name and argument spelling, so it works eagerly and in
graphs and is differentiable where the op is. As in MindSpore 2.10, Python numbers and
sequences become Tensors first (floats Float32, ints Int32); `where` broadcasts its three
arguments and gives the promoted dtype of `x` and `y` (a nonzero condition picks `x`), and its
one-argument form is refused (TypeError).
"""

from __future__ import annotations

from typing import Any

from .. import ops
from ..common import dtype as mstype
from ..common.tensor import Tensor

__all__ = ["where", "reshape", "tile", "concatenate", "stack", "expand_dims", "squeeze",
           "split", "broadcast_to", "transpose", "flip", "zeros_like", "ones_like",
           "full_like"]


def _t(a: Any) -> Tensor:
    from . import asarray  # the package's conversion (the package imports this module)
    return asarray(a)


def where(condition: Any, x: Any = None, y: Any = None) -> Tensor:
    """Elements of `x` where `condition` is nonzero, else of `y` (broadcast together);
    differentiable in `x` and `y`."""
    if x is None or y is None:
        raise TypeError("For 'mindspore.numpy.where', x and y must both be given: expect "
                        "input to be array like.")
    cond, x, y = _t(condition), _t(x), _t(y)
    if cond.dtype != mstype.bool_:
        cond = ops.not_equal(cond, 0)
    dtype = mstype.promote(x.dtype, y.dtype)
    x = x if x.dtype == dtype else ops.cast(x, dtype)
    y = y if y.dtype == dtype else ops.cast(y, dtype)
    return ops.select(cond, x, y)  # select broadcasts the three


def reshape(x: Any, new_shape: Any) -> Tensor:
    """`x` with shape `new_shape` (an int or tuple; one entry may be -1)."""
    return ops.reshape(_t(x), (new_shape,) if isinstance(new_shape, int) else tuple(new_shape))


def tile(a: Any, reps: Any) -> Tensor:
    """`a` repeated `reps` times along each axis (NumPy's rule when `reps` is shorter or
    longer than `a`'s rank)."""
    a = _t(a)
    reps = (reps,) if isinstance(reps, int) else tuple(reps)
    while a.ndim < len(reps):
        a = ops.expand_dims(a, 0)
    reps = (1,) * (a.ndim - len(reps)) + reps
    return ops.tile(a, reps)


def concatenate(arrays: Any, axis: int | None = 0) -> Tensor:
    """The arrays joined along `axis` (None: flattened first)."""
    items = [_t(a) for a in arrays]
    if axis is None:
        items, axis = [ops.reshape(a, (-1,)) for a in items], 0
    return ops.concat(tuple(items), axis)


def stack(arrays: Any, axis: int = 0) -> Tensor:
    """The arrays stacked along a new axis."""
    return ops.stack(tuple(_t(a) for a in arrays), axis)


def expand_dims(a: Any, axis: Any) -> Tensor:
    """`a` with a new axis of size 1 at `axis` (an int or a tuple of ints)."""
    a = _t(a)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    rank = a.ndim + len(axes)
    for ax in sorted(x % rank for x in axes):
        a = ops.expand_dims(a, ax)
    return a


def squeeze(a: Any, axis: Any = None) -> Tensor:
    """`a` without its size-1 axes (or only those of `axis`)."""
    return ops.squeeze(_t(a), axis)


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> tuple[Tensor, ...]:
    """`x` cut along `axis` into `indices_or_sections` equal parts, or at the given indices
    (NumPy's meaning, not `ops.split`'s sizes)."""
    x = _t(x)
    if isinstance(indices_or_sections, int):
        return tuple(ops.split(x, x.shape[axis] // indices_or_sections, axis))
    size = x.shape[axis]
    bounds = [0, *[min(max(i if i >= 0 else i + size, 0), size) for i in indices_or_sections],
              size]
    ndim = x.ndim
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        index = tuple(slice(lo, max(lo, hi)) if d == axis % ndim else slice(None)
                      for d in range(ndim))
        out.append(x[index])
    return tuple(out)


def broadcast_to(array: Any, shape: Any) -> Tensor:
    """`array` broadcast to `shape`."""
    return ops.broadcast_to(_t(array), (shape,) if isinstance(shape, int) else tuple(shape))


def transpose(a: Any, axes: Any = None) -> Tensor:
    """`a` with its axes permuted (reversed by default)."""
    a = _t(a)
    return ops.transpose(a, tuple(range(a.ndim))[::-1] if axes is None else tuple(axes))


def flip(m: Any, axis: Any = None) -> Tensor:
    """`m` reversed along `axis` (an int, a tuple, or every axis)."""
    m = _t(m)
    axes = tuple(range(m.ndim)) if axis is None else (
        (axis,) if isinstance(axis, int) else tuple(axis))
    return ops.flip(m, axes)


def _like(a: Any, dtype: Any, shape: Any, value: Any) -> Tensor:
    a = _t(a)
    shape = tuple(a.shape) if shape is None else (
        (shape,) if isinstance(shape, int) else tuple(shape))
    return ops.fill(dtype or a.dtype, shape, value)


def zeros_like(a: Any, dtype: Any = None, shape: Any = None) -> Tensor:
    """Zeros with `a`'s shape and dtype (or the given ones)."""
    return _like(a, dtype, shape, 0)


def ones_like(a: Any, dtype: Any = None, shape: Any = None) -> Tensor:
    """Ones with `a`'s shape and dtype (or the given ones)."""
    return _like(a, dtype, shape, 1)


def full_like(a: Any, fill_value: Any, dtype: Any = None, shape: Any = None) -> Tensor:
    """`fill_value` with `a`'s shape and dtype (or the given ones)."""
    return _like(a, dtype, shape, fill_value)
