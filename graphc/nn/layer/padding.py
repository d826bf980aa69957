"""Padding layers: `nn.Pad` (CONSTANT zeros, REFLECT, SYMMETRIC)."""

from __future__ import annotations

from typing import Any

from ...ops.spatial_ops import pad_by_mode
from ..cell import Cell


class Pad(Cell):
    """`nn.Pad(paddings, mode='CONSTANT')`: pads by one (before, after) pair per dimension of
    the input, from the first; 'REFLECT' mirrors without the edge, 'SYMMETRIC' with it."""

    def __init__(self, paddings: Any, mode: str = "CONSTANT") -> None:
        super().__init__()
        if mode not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
            raise ValueError(f"For 'Pad', the 'mode' must be 'CONSTANT', 'REFLECT' or "
                             f"'SYMMETRIC', but got {mode!r}.")
        if not isinstance(paddings, tuple) or any(
                not isinstance(p, tuple) or len(p) != 2 for p in paddings):
            raise TypeError(f"For 'Pad', the 'paddings' must be a tuple of (before, after) "
                            f"pairs, but got {paddings!r}.")
        self.paddings = paddings
        self.mode = mode

    def construct(self, x: Any) -> Any:
        return pad_by_mode(x, self.paddings, self.mode)

    def extend_repr(self) -> str:
        return f"paddings={self.paddings}, mode={self.mode}"
