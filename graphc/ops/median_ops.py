"""The median primitive: `ops.Median(global_median=False, axis=0, keep_dims=False)(x)`
(`mindspore.ops.operations.math_ops.Median`) and `ops.median(input, axis=-1, keepdims=False)`.

It returns (values, indices): the lower median (of an even count, the smaller of the two middle
values) along `axis` and the position of that element (ties: the element a stable sort puts
there). With `global_median` the median of all elements, a scalar, and index 0; its gradient is
shared among the elements equal to the median, as in MindSpore.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .arith_ops import div, mul
from .compare_ops import equal
from .convert import to_tensor
from .join_ops import expand_dims
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive
from .reduce_ops import reduce_sum
from .shape_ops import cast

_OP = "Median"
_KINDS = (mstype.float32, mstype.float64, mstype.int16, mstype.int32, mstype.int64)


def _check_attrs(global_median: Any, axis: Any, keep_dims: Any) -> None:
    for name, value, kind in (("global_median", global_median, "bool"),
                              ("axis", axis, "int"), ("keep_dims", keep_dims, "bool")):
        ok = (isinstance(value, bool) if kind == "bool"
              else isinstance(value, int) and not isinstance(value, bool))
        if not ok:
            raise TypeError(f"For '{_OP}', the type of '{name}' should be '{kind}', but got "
                            f"type '{type(value).__name__}'.")


def _median_infer(x: TensorSpec, *, global_median: bool, axis: int,
                  keep_dims: bool) -> tuple[TensorSpec, TensorSpec]:
    if x.dtype not in _KINDS:
        raise op_error(_OP, "the input argument[x] must be a Tensor of Float32, Float64, Int16, "
                       f"Int32 or Int64, but got Tensor[{x.dtype}].", TypeError)
    if global_median:
        if axis != 0 or keep_dims:
            raise op_error(_OP, "when 'global_median' is True, 'axis' must be 0 and 'keep_dims' "
                           f"False, but got axis={axis}, keep_dims={keep_dims}.", RuntimeError)
        return TensorSpec((), x.dtype), TensorSpec((), mstype.int64)
    rank = max(x.ndim, 1)
    if not -rank <= axis < rank:
        raise ValueError(f"For primitive[{_OP}], the axis must be in [{-rank},{rank}), but got "
                         f"{axis}.")
    shape = list(x.shape)
    if shape:
        a = axis % rank
        shape[a:a + 1] = [1] if keep_dims else []
    return TensorSpec(tuple(shape), x.dtype), TensorSpec(tuple(shape), mstype.int64)


def _median_impl(x: np.ndarray, *, global_median: bool, axis: int,
                 keep_dims: bool) -> tuple[np.ndarray, np.ndarray]:
    if global_median or x.ndim == 0:
        flat = np.sort(x, axis=None, kind="stable")
        value = flat[(flat.size - 1) // 2] if flat.size else np.zeros((), x.dtype)
        return np.asarray(value, x.dtype), np.zeros((), np.int64)
    order = np.argsort(x, axis=axis, kind="stable")
    k = (x.shape[axis] - 1) // 2
    index = np.take(order, [k], axis=axis)
    value = np.take_along_axis(x, index, axis=axis)
    if not keep_dims:
        index, value = np.squeeze(index, axis), np.squeeze(value, axis)
    return value, index.astype(np.int64)


def _median_bprop(x: Tensor, out: tuple[Tensor, Tensor], dout: tuple[Tensor, Tensor], *,
                  global_median: bool, axis: int, keep_dims: bool):
    value, index = out
    dvalue = dout[0]
    if global_median or x.ndim == 0:
        mask = cast(equal(x, value), x.dtype)
        return (mul(mask, div(dvalue, reduce_sum(mask))),)
    a = axis % x.ndim
    if not keep_dims:
        index, dvalue = expand_dims(index, a), expand_dims(dvalue, a)
    positions = [1] * x.ndim
    positions[a] = x.shape[a]
    iota = Tensor(np.arange(x.shape[a], dtype=np.int64).reshape(positions))
    mask = cast(equal(iota, index), x.dtype)
    return (mul(mask, dvalue),)


MEDIAN = primitive("median", _median_impl, _median_infer, _median_bprop, num_outputs=2)


def _median(x: Any, global_median: bool, axis: int, keep_dims: bool) -> tuple[Tensor, Tensor]:
    _check_attrs(global_median, axis, keep_dims)
    return apply(MEDIAN, to_tensor(x), global_median=global_median, axis=axis,
                 keep_dims=keep_dims)


def median(input: Any, axis: int = -1, keepdims: bool = False) -> tuple[Tensor, Tensor]:
    """The lower median along `axis` and its index: `(values, indices)`."""
    return _median(input, False, axis, keepdims)


class Median(PrimitiveOp):
    """`ops.Median(global_median=False, axis=0, keep_dims=False)(x)`: see the module."""

    fn = staticmethod(_median)

    def __init__(self, global_median: bool = False, axis: int = 0,
                 keep_dims: bool = False) -> None:
        _check_attrs(global_median, axis, keep_dims)
        super().__init__(global_median=global_median, axis=axis, keep_dims=keep_dims)


TENSOR_METHODS = {
    "median": lambda self, axis=-1, keepdims=False: median(self, axis, keepdims),
}
