"""Norm clipping as a layer: `nn.ClipByNorm`."""

from __future__ import annotations

from typing import Any

from ...ops.clip_ops import clip_by_norm
from ..cell import Cell


class ClipByNorm(Cell):
    """`nn.ClipByNorm(axis=None)(x, clip_norm)`: `x * clip_norm / max(l2norm(x, axis),
    clip_norm)`, so that the 2-norm over `axis` (None: all elements) is at most clip_norm."""

    def __init__(self, axis: Any = None) -> None:
        super().__init__()
        if axis is not None and not isinstance(axis, (int, tuple, list)):
            raise TypeError(f"For 'ClipByNorm', the 'axis' must be None, an int or a tuple of "
                            f"ints, but got {type(axis).__name__}.")
        self.axis = axis

    def construct(self, x: Any, clip_norm: Any) -> Any:
        return clip_by_norm(x, clip_norm, self.axis)
