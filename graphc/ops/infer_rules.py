"""Shape and dtype rules shared by many primitives' `infer` functions.

Each helper takes `TensorSpec`s and returns a `TensorSpec`, raising a `ValueError`/`TypeError`
that names the op, the offending shapes or dtypes and what was expected. Unknown dimensions
(`None`) propagate: they are checked at run time by the kernels.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..common import dtype as mstype
from .primitive import TensorSpec, op_error


def broadcast_shapes(op: str, *shapes: tuple[int | None, ...]) -> tuple[int | None, ...]:
    """NumPy broadcasting of `shapes`, or a ValueError naming `op` and the shapes."""
    ndim = max((len(s) for s in shapes), default=0)
    result: list[int | None] = []
    for i in range(ndim):
        dim: int | None = 1
        for s in shapes:
            j = i - (ndim - len(s))
            if j < 0:
                continue
            d = s[j]
            if d == 1:
                continue
            if dim == 1:
                dim = d
            elif d is None or dim is None:
                dim = d if dim is None else dim
            elif d != dim:
                shown = " and ".join(str(list(x)) for x in shapes)
                raise op_error(op, f"the shapes {shown} cannot be broadcast together: dimension "
                               f"{i} is {dim} in one and {d} in the other. Shapes broadcast when "
                               "each dimension, counted from the last, is equal or 1.")
        result.append(dim)
    return tuple(result)


def same_dtype(op: str, *specs: TensorSpec) -> mstype.DType:
    """The common dtype of `specs`; TypeError if they differ."""
    first = specs[0].dtype
    for s in specs[1:]:
        if s.dtype is not first:
            raise op_error(op, f"all inputs must have the same dtype, but got "
                           f"{', '.join(str(x.dtype) for x in specs)}.", TypeError)
    return first


def elementwise(op: str, *specs: TensorSpec) -> TensorSpec:
    """Broadcast shapes; inputs must share one dtype (callers promote before apply)."""
    return TensorSpec(broadcast_shapes(op, *(s.shape for s in specs)), same_dtype(op, *specs))


def compare(op: str, *specs: TensorSpec) -> TensorSpec:
    """Like `elementwise`, with a Bool result."""
    same_dtype(op, *specs)
    return TensorSpec(broadcast_shapes(op, *(s.shape for s in specs)), mstype.bool_)


def check_dtype(op: str, spec: TensorSpec, kinds: Sequence[str], what: str,
                arg: str = "x") -> None:
    """TypeError unless `spec.dtype.kind` is in `kinds`; `what` words the expectation."""
    if spec.dtype.kind not in kinds:
        raise op_error(op, f"the dtype of '{arg}' must be {what}, but got {spec.dtype}.",
                       TypeError)


def float_result(spec: TensorSpec) -> mstype.DType:
    """Float ops (exp, log, sqrt, ...) keep float dtypes and give Float32 for ints and bools."""
    return spec.dtype if spec.dtype.kind in ("float", "complex") else mstype.float32


def normalize_axis(op: str, axis: int, ndim: int, arg: str = "axis") -> int:
    """`axis` in `[-ndim, ndim)` made non-negative, or a ValueError naming the valid range."""
    if not isinstance(axis, int) or isinstance(axis, bool):
        raise op_error(op, f"'{arg}' must be an int, but got {axis!r}.", TypeError)
    lo, hi = -max(ndim, 1), max(ndim, 1)
    if not lo <= axis < hi:
        raise op_error(op, f"'{arg}' must be in range [{lo}, {hi}), but got {axis}.")
    return axis % max(ndim, 1)


def normalize_axes(op: str, axis: int | Sequence[int] | None, ndim: int) -> tuple[int, ...]:
    """Reduction axes as a sorted tuple of non-negative ints; `()`/None mean all axes."""
    if axis is None or axis == ():
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    result = sorted({normalize_axis(op, a, ndim) for a in axes})
    if len(result) != len(axes):
        raise op_error(op, f"'axis' has duplicate entries: {axis!r}.")
    return tuple(result)


def reduce_shape(shape: tuple[int | None, ...], axes: tuple[int, ...],
                 keep_dims: bool) -> tuple[int | None, ...]:
    if keep_dims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)
