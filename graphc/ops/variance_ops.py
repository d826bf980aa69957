"""The variance: `ops.var(input, axis=None, ddof=0, keepdims=False)` and `Tensor.var(...)`:
the mean of the squared distances to the mean over `axis` (all axes when None), divided by
`n - ddof` instead of `n`. Integer and bool inputs give Float32. Built from the reduction and
arithmetic ops, so it is recorded in graphs and differentiable."""

from __future__ import annotations

from typing import Any

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .arith_ops import mul, sub
from .convert import to_tensor
from .primitive import op_error
from .reduce_ops import reduce_mean, reduce_sum
from .shape_ops import cast


def var(input: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False) -> Tensor:
    """The variance of `input` over `axis`, with `ddof` delta degrees of freedom."""
    x = to_tensor(input)
    if isinstance(ddof, bool) or not isinstance(ddof, int):
        raise op_error("var", f"'ddof' must be an int, but got {type(ddof).__name__}.",
                       TypeError)
    if not x.dtype.is_float:
        x = cast(x, mstype.float32)
    axes: Any = () if axis is None else axis
    d = sub(x, reduce_mean(x, axes, True))
    total = reduce_sum(mul(d, d), axes, bool(keepdims))
    dims = range(x.ndim) if axis is None else [axis] if isinstance(axis, int) else list(axis)
    n = 1
    for a in dims:
        n *= x.shape[a]
    return mul(total, 1.0 / (n - ddof)) if n - ddof > 0 else mul(total, float("nan"))


TENSOR_METHODS = {
    "var": lambda self, axis=None, ddof=0, keepdims=False: var(self, axis, ddof, keepdims),
}
