"""MindSpore's `mindspore.ops.operations._grad_ops` (imported as `G` by MindSpore's programs):
graphc's gradient primitives are its ops' bprops, not public classes, so this module names
only what such programs construct: `MedianGrad(global_median, axis, keep_dims)(dy, x, y,
indices)`, the gradient of `Median` spread back onto `x`."""

from __future__ import annotations

from typing import Any

from ..median_ops import MEDIAN, Median
from ..primitive import PrimitiveOp


def _median_grad(dy: Any, x: Any, y: Any, indices: Any, *, global_median: bool, axis: int,
                 keep_dims: bool) -> Any:
    return MEDIAN.bprop(x, (y, indices), (dy, None), global_median=global_median, axis=axis,
                        keep_dims=keep_dims)[0]


class MedianGrad(PrimitiveOp):
    """`G.MedianGrad(global_median=False, axis=0, keep_dims=False)(dy, x, y, indices)`."""

    fn = staticmethod(_median_grad)

    def __init__(self, global_median: bool = False, axis: int = 0,
                 keep_dims: bool = False) -> None:
        Median(global_median, axis, keep_dims)  # (the same checks)
        super().__init__(global_median=global_median, axis=axis, keep_dims=keep_dims)
