"""`mindspore.numpy`'s math: reductions (`sum`, `mean`, `amax`, `amin`, `max`, `min`,
`argmax`), element-wise functions (`exp`, `log`, `sqrt`, `abs`, `square`) and binary ops
(`add`, `subtract`, `multiply`, `divide`, `power`, `maximum`, `minimum`), `matmul`, `dot`,
`clip` and `norm`.

Each is graphc's op under NumPy's name and argument spelling (works eagerly and in graphs,
differentiable where the op is); a `dtype` argument casts the result, as MindSpore 2.10's do.
Python numbers and sequences become Tensors first (floats Float32, ints Int32).
"""

from __future__ import annotations

from typing import Any

from .. import ops
from ..common.tensor import Tensor

__all__ = ["sum", "mean", "amax", "amin", "max", "min", "argmax", "exp", "log", "sqrt", "abs",
           "square", "add", "subtract", "multiply", "divide", "power", "maximum", "minimum",
           "matmul", "dot", "clip", "norm"]


def _t(a: Any) -> Tensor:
    from . import asarray  # the package's conversion (the package imports this module)
    return asarray(a)


def _cast(x: Tensor, dtype: Any) -> Tensor:
    return x if dtype is None or x.dtype == dtype else ops.cast(x, dtype)


def _axes(axis: Any) -> Any:
    return () if axis is None else axis


def sum(a: Any, axis: Any = None, dtype: Any = None, keepdims: bool = False,  # noqa: A001
        initial: Any = None) -> Tensor:
    """The sum over `axis` (all by default), plus `initial`; integers and bools sum as Int64,
    as in MindSpore 2.10."""
    a = _t(a)
    if dtype is None and not a.dtype.is_float:
        dtype = "int64"
    a = _cast(a, _dtype(dtype))
    out = ops.reduce_sum(a, _axes(axis), keepdims)
    return out if initial is None else ops.add(out, initial)


def mean(a: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None) -> Tensor:
    """The mean over `axis` (all by default); integers keep their dtype (the mean truncated),
    as in MindSpore 2.10."""
    a = _t(a)
    if dtype is None and not a.dtype.is_float:
        dtype = a.dtype
        a = ops.cast(a, _dtype("float32"))
    return _cast(ops.reduce_mean(a, _axes(axis), keepdims), _dtype(dtype))


def _reduce_extreme(fn: Any, a: Any, axis: Any, keepdims: bool, where: Any) -> Tensor:
    if where is not True:
        raise NotImplementedError("graphc's mindspore.numpy reductions take no 'where' mask: "
                                  "select the elements first (mnp.where)")
    return fn(_t(a), _axes(axis), keepdims)


def amax(a: Any, axis: Any = None, keepdims: bool = False, initial: Any = None,
         where: Any = True) -> Tensor:
    """The largest element over `axis` (all by default), at least `initial`."""
    out = _reduce_extreme(ops.reduce_max, a, axis, keepdims, where)
    return out if initial is None else ops.maximum(out, initial)


def amin(a: Any, axis: Any = None, keepdims: bool = False, initial: Any = None,
         where: Any = True) -> Tensor:
    """The smallest element over `axis` (all by default), at most `initial`."""
    out = _reduce_extreme(ops.reduce_min, a, axis, keepdims, where)
    return out if initial is None else ops.minimum(out, initial)


max = amax  # noqa: A001
min = amin  # noqa: A001


def argmax(a: Any, axis: Any = None) -> Tensor:
    """The index of the largest element (of the flattened array when `axis` is None)."""
    a = _t(a)
    if axis is None:
        a, axis = ops.reshape(a, (-1,)), 0
    return ops.argmax(a, axis)


def _unary(fn: Any) -> Any:
    def f(x: Any, dtype: Any = None) -> Tensor:
        return _cast(fn(_t(x)), _dtype(dtype))
    f.__name__ = fn.__name__
    f.__doc__ = f"`{fn.__name__}` element-wise; `dtype` casts the result."
    return f


def _binary(fn: Any, name: str) -> Any:
    def f(x1: Any, x2: Any, dtype: Any = None) -> Tensor:
        return _cast(fn(_t(x1), _t(x2)), _dtype(dtype))
    f.__name__ = name
    f.__doc__ = f"`{name}` element-wise, broadcasting; `dtype` casts the result."
    return f


def _float(fn: Any) -> Any:
    def g(x: Tensor) -> Tensor:
        return fn(x if x.dtype.is_float else ops.cast(x, _dtype("float32")))
    g.__name__ = fn.__name__
    return g


exp = _unary(_float(ops.exp))
log = _unary(_float(ops.log))
sqrt = _unary(_float(ops.sqrt))
abs = _unary(ops.abs)  # noqa: A001
square = _unary(ops.square)
add = _binary(ops.add, "add")
subtract = _binary(ops.sub, "subtract")
multiply = _binary(ops.mul, "multiply")
divide = _binary(lambda a, b: ops.div(a, b), "divide")
power = _binary(ops.pow, "power")
maximum = _binary(ops.maximum, "maximum")
minimum = _binary(ops.minimum, "minimum")
matmul = _binary(ops.matmul, "matmul")


def dot(a: Any, b: Any) -> Tensor:
    """NumPy's dot: matmul for 1-D/2-D, the product sum over `a`'s last axis and `b`'s
    second-to-last otherwise."""
    a, b = _t(a), _t(b)
    if a.ndim == 0 or b.ndim == 0:
        return ops.mul(a, b)
    if b.ndim == 1 or a.ndim <= 2 and b.ndim <= 2:
        return ops.matmul(a, b)
    k = a.shape[-1]
    order = (b.ndim - 2, *range(b.ndim - 2), b.ndim - 1)  # b's contracted axis first
    out = ops.matmul(ops.reshape(a, (-1, k)), ops.reshape(ops.transpose(b, order), (k, -1)))
    return ops.reshape(out, (*a.shape[:-1], *b.shape[:-2], b.shape[-1]))


def clip(x: Any, xmin: Any, xmax: Any, dtype: Any = None) -> Tensor:
    """`x` clipped to [xmin, xmax] (either may be None)."""
    return _cast(ops.clamp(_t(x), xmin, xmax), _dtype(dtype))


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Tensor:
    """The vector 2-norm (Frobenius for matrices) by default, or `ops.norm`'s `ord`."""
    x = _t(x)
    if not x.dtype.is_float:
        x = ops.cast(x, _dtype("float32"))
    if ord is None and axis is None:
        out = ops.sqrt(ops.reduce_sum(ops.square(x)))
        return ops.reshape(out, (1,) * x.ndim) if keepdims else out
    return ops.norm(x, ord, axis, keepdims)


def _dtype(dtype: Any) -> Any:
    from ..common import dtype as mstype
    if dtype is None or not isinstance(dtype, str):
        return dtype
    return getattr(mstype, dtype)

