"""Reductions (sum, mean, prod, max, min, all, any, std, var, logsumexp, ...) and argmax/argmin.
"""

from __future__ import annotations

import builtins
import math
import operator
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from . import infer_rules as rules
from .arith_ops import div, mask_where, mul
from .array_ops import broadcast_to, cast, reshape
from .attr_types import Axis
from .compare_ops import equal
from .convert import to_tensor
from .primitive import TensorSpec, apply, op_error, primitive

_bool = mstype.bool_
Initial = bool | int | float | None  # where a reduction starts (None: its identity)
_float32 = mstype.float32


def axis_attr(op: str, axis: Any) -> Any:
    """`axis` as an attribute: None, an int or a non-empty tuple of ints."""
    if axis is None or type(axis) is int:
        return axis
    if isinstance(axis, (tuple, list)):
        if not axis:
            return None
        try:
            return tuple(operator.index(a) for a in axis)
        except TypeError:
            pass
    elif isinstance(axis, Tensor):
        return axis_attr(op, axis.asnumpy().tolist())
    elif isinstance(axis, np.integer):
        return int(axis)
    raise op_error(op, f"'axis' must be None, an int or a tuple of ints, but got {axis!r}.",
                   TypeError)


def _reduce_infer(op: str, out_dtype: mstype.DType | None = None, extreme: bool = False):
    def infer(x: TensorSpec, *, axis: Axis = None, keep_dims: bool = False,
              initial: Initial = None) -> TensorSpec:
        if extreme and initial is None and 0 in x.shape:
            _check_nonempty(op, x, axis)
        if axis is None:
            shape = (1,) * x.ndim if keep_dims else ()
        elif type(axis) is int:  # the common case, without building a set of axes
            a = rules.normalize_axis(op, axis, x.ndim)
            shape = x.shape
            if shape:
                shape = shape[:a] + (1,) + shape[a + 1:] if keep_dims else \
                    shape[:a] + shape[a + 1:]
        else:
            shape = rules.reduce_shape(x.shape, rules.normalize_axes(op, axis, x.ndim), keep_dims)
        return TensorSpec(shape, out_dtype or x.dtype)
    return infer


def _check_nonempty(op: str, x: TensorSpec, axis: Any) -> None:
    axes = range(x.ndim) if axis is None else rules.normalize_axes(op, axis, x.ndim)
    if builtins.any(x.shape[a] == 0 for a in axes):
        raise op_error(op, f"cannot reduce over an empty axis: the input has shape "
                       f"{list(x.shape)} and axis is {axis}. Give 'initial' for empty inputs.")


def _reducer(reduce):
    """A reduction kernel from a ufunc's `reduce` (NumPy's `np.sum` etc. add a slow wrapper)."""
    def impl(x: np.ndarray, *, axis: Any = None, keep_dims: bool = False,
             initial: Any = None) -> np.ndarray:
        if not x.ndim:
            axis = None
        if initial is None:
            out = reduce(x, axis=axis, keepdims=keep_dims)
        else:
            out = reduce(x, axis=axis, keepdims=keep_dims, initial=initial)
        # NumPy widens small ints (and bools) while summing; graphc keeps MindSpore's dtype.
        if x.dtype.kind in "iu" and out.dtype.kind in "iu" and out.dtype != x.dtype:
            out = out.astype(x.dtype)
        elif x.dtype.kind == "b" and out.dtype.kind != "b":
            out = out.astype(np.int32)
        return out
    return impl


def _reduced_axes(x: Tensor, axis: Any) -> tuple[int, ...]:
    ndim = x.ndim
    if axis is None:
        return tuple(range(ndim))
    return rules.normalize_axes("Reduce", axis, ndim)


def _keep_shape(x: Tensor, axes: tuple[int, ...]) -> tuple[int, ...]:
    """`x`'s shape with `axes` as 1 (an unknown dimension, in graph mode, as -1)."""
    return tuple(1 if i in axes else -1 if d is None else d for i, d in enumerate(x.shape))


def _expand(t: Tensor, x: Tensor, axes: tuple[int, ...], keep_dims: bool) -> Tensor:
    """A reduction's output (or its gradient) with the reduced axes back as size-1 dims."""
    return t if keep_dims else reshape(t, _keep_shape(x, axes))


def _reduce_sum_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: Any = None,
                      keep_dims: bool = False):
    axes = _reduced_axes(x, axis)
    return (broadcast_to(_expand(dout, x, axes, keep_dims), x.shape),)


def _count(x: Tensor, axes: tuple[int, ...]) -> Any:
    """How many elements one reduction over `axes` sees: an int, or a Tensor when a reduced
    dimension is unknown until run time."""
    dims = [x.shape[i] for i in axes]
    if None not in dims:
        return math.prod(dims)
    return reduce_sum(cast(_ones_of(x), _float32), axes, keep_dims=True)


def _ones_of(x: Tensor) -> Tensor:
    from .array_ops import ones_like
    return ones_like(x)


def _reduce_mean_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: Any = None,
                       keep_dims: bool = False):
    axes = _reduced_axes(x, axis)
    g = broadcast_to(_expand(dout, x, axes, keep_dims), x.shape)
    n = _count(x, axes)
    return (div(g, n) if isinstance(n, Tensor) else mul(g, 1.0 / builtins.max(n, 1)),)


def _reduce_extreme_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: Any = None,
                          keep_dims: bool = False, initial: Any = None):
    axes = _reduced_axes(x, axis)
    hit = mask_where(equal(x, _expand(out, x, axes, keep_dims)), dout)
    share = div(_expand(dout, x, axes, keep_dims), reduce_sum(hit, axes, keep_dims=True))
    return (mul(hit, share),)


def _reduce_prod_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: Any = None,
                       keep_dims: bool = False):
    # d prod / d x_i = prod / x_i: exact for nonzero inputs (a zero input gives inf/nan).
    axes = _reduced_axes(x, axis)
    g = mul(_expand(dout, x, axes, keep_dims), _expand(out, x, axes, keep_dims))
    return (div(g, x),)


def _mean_impl(x: np.ndarray, *, axis: Any = None, keep_dims: bool = False) -> np.ndarray:
    total = np.add.reduce(x, axis=axis if x.ndim else None, keepdims=keep_dims)
    size = np.size(total)
    out = np.true_divide(total, x.size // size if size else 1)
    # Ints keep their dtype, truncated toward zero as MindSpore's ReduceMean (-1.5 -> -1).
    return out if x.dtype.kind in "fc" else np.trunc(out).astype(
        x.dtype if x.dtype.kind != "b" else np.int32)


REDUCE_SUM = primitive("reduce_sum", _reducer(np.add.reduce), _reduce_infer("ReduceSum"),
                       _reduce_sum_bprop)


REDUCE_MEAN = primitive("reduce_mean", _mean_impl, _reduce_infer("ReduceMean"),
                        _reduce_mean_bprop)


REDUCE_MAX = primitive("reduce_max", _reducer(np.maximum.reduce),
                       _reduce_infer("ReduceMax", extreme=True), _reduce_extreme_bprop)


REDUCE_MIN = primitive("reduce_min", _reducer(np.minimum.reduce),
                       _reduce_infer("ReduceMin", extreme=True), _reduce_extreme_bprop)


REDUCE_PROD = primitive("reduce_prod", _reducer(np.multiply.reduce),
                        _reduce_infer("ReduceProd"), _reduce_prod_bprop)


REDUCE_ALL = primitive("reduce_all", _reducer(np.logical_and.reduce),
                       _reduce_infer("ReduceAll", _bool))


REDUCE_ANY = primitive("reduce_any", _reducer(np.logical_or.reduce),
                       _reduce_infer("ReduceAny", _bool))


def reduce_sum(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Sum over `axis` (an int, a tuple, or ()/None for all axes), keeping the dtype."""
    return apply(REDUCE_SUM, to_tensor(x), axis=axis_attr("ReduceSum", axis),
                 keep_dims=bool(keep_dims))


def reduce_mean(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Mean over `axis`; int inputs keep their dtype (the mean truncated toward zero)."""
    return apply(REDUCE_MEAN, to_tensor(x), axis=axis_attr("ReduceMean", axis),
                 keep_dims=bool(keep_dims))


def reduce_max(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Maximum over `axis`."""
    return apply(REDUCE_MAX, to_tensor(x), axis=axis_attr("ReduceMax", axis),
                 keep_dims=bool(keep_dims))


def reduce_min(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Minimum over `axis`."""
    return apply(REDUCE_MIN, to_tensor(x), axis=axis_attr("ReduceMin", axis),
                 keep_dims=bool(keep_dims))


def reduce_prod(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Product over `axis`, keeping the dtype."""
    return apply(REDUCE_PROD, to_tensor(x), axis=axis_attr("ReduceProd", axis),
                 keep_dims=bool(keep_dims))


def reduce_all(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Whether all elements over `axis` are nonzero (Bool)."""
    return apply(REDUCE_ALL, to_tensor(x), axis=axis_attr("ReduceAll", axis),
                 keep_dims=bool(keep_dims))


def reduce_any(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Whether any element over `axis` is nonzero (Bool)."""
    return apply(REDUCE_ANY, to_tensor(x), axis=axis_attr("ReduceAny", axis),
                 keep_dims=bool(keep_dims))


def sum(input: Any, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """`ops.sum`: sum over `dim` (None = all). Ints keep their dtype; a Bool input counts its
    True elements as Int64; `dtype` converts the input first."""
    x = to_tensor(input)
    if dtype is not None:
        x = cast(x, dtype)
    elif x._data.dtype == np.bool_:
        x = cast(x, mstype.int64)
    return apply(REDUCE_SUM, x, axis=axis_attr("ReduceSum", dim), keep_dims=bool(keepdim))


def mean(x: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """`ops.mean`: mean over `axis` (None = all)."""
    return apply(REDUCE_MEAN, to_tensor(x), axis=axis_attr("ReduceMean", axis),
                 keep_dims=bool(keep_dims))


def prod(input: Any, axis: Any = None, keep_dims: bool = False, dtype: Any = None) -> Tensor:
    """`ops.prod`: product over `axis` (None = all)."""
    x = to_tensor(input)
    if dtype is not None:
        x = cast(x, dtype)
    return apply(REDUCE_PROD, x, axis=axis_attr("ReduceProd", axis), keep_dims=bool(keep_dims))


def all(input: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """`ops.all`: whether all elements over `axis` (None = all) are nonzero."""
    return apply(REDUCE_ALL, to_tensor(input), axis=axis_attr("ReduceAll", axis),
                 keep_dims=bool(keep_dims))


def any(input: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """`ops.any`: whether any element over `axis` (None = all) is nonzero."""
    return apply(REDUCE_ANY, to_tensor(input), axis=axis_attr("ReduceAny", axis),
                 keep_dims=bool(keep_dims))


def _check_where(op: str, where: Any) -> None:
    if where is not None and where is not True:
        raise op_error(op, "the 'where' argument is not supported by graphc yet; mask the input "
                       "first (e.g. with a large negative fill for max).", NotImplementedError)


def extreme_attrs(op: str, axis: Any, keepdims: Any, initial: Any, where: Any) -> dict:
    _check_where(op, where)
    attrs = {"axis": axis_attr(op, axis), "keep_dims": bool(keepdims)}
    if initial is not None:
        if isinstance(initial, Tensor):
            initial = initial.item()
        attrs["initial"] = initial
    return attrs


def amax(input: Any, axis: Any = None, keepdims: bool = False, *, initial: Any = None,
         where: Any = None) -> Tensor:
    """`ops.amax`: maximum over `axis` (None = all); `initial` is a lower bound."""
    return apply(REDUCE_MAX, to_tensor(input),
                 **extreme_attrs("ReduceMax", axis, keepdims, initial, where))


def amin(input: Any, axis: Any = None, keepdims: bool = False, *, initial: Any = None,
         where: Any = None) -> Tensor:
    """`ops.amin`: minimum over `axis` (None = all); `initial` is an upper bound."""
    return apply(REDUCE_MIN, to_tensor(input),
                 **extreme_attrs("ReduceMin", axis, keepdims, initial, where))


def extreme_with_index(prim: Any, arg: Any, op: str, input: Any, axis: Any, keepdims: bool,
                        initial: Any, where: Any) -> tuple[Tensor, Tensor]:
    x = to_tensor(input)
    values = apply(prim, x, **extreme_attrs(op, axis, keepdims, initial, where))
    if axis is None:  # MindSpore's index is fixed at 0 when reducing everything
        from .array_ops import zeros_like
        return values, cast(zeros_like(values), mstype.int64)
    return values, apply(arg, x, axis=rules.normalize_axis(op, axis, x.ndim),
                         keep_dims=bool(keepdims), output_type=mstype.int64)


def max(input: Any, axis: Any = None, keepdims: bool = False, *, initial: Any = None,
        where: Any = None) -> tuple[Tensor, Tensor]:
    """`ops.max`: (maximum values, their Int64 indices) over one `axis`; with axis None the
    maximum of everything and index 0, as MindSpore."""
    return extreme_with_index(REDUCE_MAX, ARGMAX, "ReduceMax", input, axis, keepdims, initial,
                               where)


def min(input: Any, axis: Any = None, keepdims: bool = False, *, initial: Any = None,
        where: Any = None) -> tuple[Tensor, Tensor]:
    """`ops.min`: (minimum values, their Int64 indices) over one `axis`; with axis None the
    minimum of everything and index 0, as MindSpore."""
    return extreme_with_index(REDUCE_MIN, ARGMIN, "ReduceMin", input, axis, keepdims, initial,
                               where)


def _arg_infer(op: str):
    def infer(x: TensorSpec, *, axis: int | None = None, keep_dims: bool = False,
              output_type: mstype.DType = mstype.int32) -> TensorSpec:
        if x.dtype.kind == "complex":
            raise op_error(op, f"the input must be a real number type, but got {x.dtype}.",
                           TypeError)
        if output_type is not mstype.int32 and output_type is not mstype.int64:
            raise op_error(op, f"'output_type' must be Int32 or Int64, but got {output_type}.",
                           TypeError)
        if axis is None or x.ndim == 0:
            if axis is not None:
                rules.normalize_axis(op, axis, 0)
            return TensorSpec((1,) * x.ndim if keep_dims else (), output_type)
        a = rules.normalize_axis(op, axis, x.ndim)
        if x.shape[a] == 0:
            raise op_error(op, f"cannot take the {op[3:].lower()} over an empty axis {axis} of "
                           f"shape {list(x.shape)}.")
        return TensorSpec(rules.reduce_shape(x.shape, (a,), keep_dims), output_type)
    return infer


def _arg_impl(fn):
    def impl(x: np.ndarray, *, axis: int | None = None, keep_dims: bool = False,
             output_type: mstype.DType = mstype.int32) -> np.ndarray:
        if x.ndim == 0:
            return np.zeros((), output_type.np_dtype)
        return fn(x, axis=axis, keepdims=keep_dims).astype(output_type.np_dtype, copy=False)
    impl.__name__ = f"{fn.__name__}_impl"
    return impl


ARGMAX = primitive("argmax", _arg_impl(np.argmax), _arg_infer("Argmax"))


ARGMIN = primitive("argmin", _arg_impl(np.argmin), _arg_infer("Argmin"))


def arg_extreme(prim: Any, x: Any, axis: Any, keep_dims: bool, output_type: mstype.DType) -> Tensor:
    x = to_tensor(x)
    if axis is None:
        keep_dims = False  # MindSpore ignores keepdim when reducing everything
    elif type(axis) is not int:
        axis = operator.index(axis)
    return apply(prim, x, axis=axis, keep_dims=bool(keep_dims), output_type=output_type)


def argmax(input: Any, dim: Any = None, keepdim: bool = False) -> Tensor:
    """`ops.argmax`: Int64 index of the first maximum along `dim` (None: of the flattened
    input)."""
    return arg_extreme(ARGMAX, input, dim, keepdim, mstype.int64)


def argmin(input: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """`ops.argmin`: Int32 index of the first minimum along `axis` (None: of the flattened
    input), as MindSpore."""
    return arg_extreme(ARGMIN, input, axis, keepdims, mstype.int32)


TENSOR_METHODS = {
    "amax": amax,
    "amin": amin,
}
