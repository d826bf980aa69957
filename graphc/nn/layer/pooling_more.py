"""`nn.MaxPool1d` and `nn.AvgPool1d`: the 2-D pooling cells over an (N, C, L) input seen as
(N, C, 1, L), so they share MaxPool2d's kernels, graphs and gradients."""

from __future__ import annotations

from typing import Any

from ... import ops
from ..cell import Cell
from .pooling import AvgPool2d, MaxPool2d


def _one(op: str, name: str, value: Any) -> int:
    if isinstance(value, (tuple, list)) and len(value) == 1:
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, int) or value < (0 if name == "padding"
                                                                        else 1):
        raise ValueError(f"For '{op}', the '{name}' must be a positive int, but got "
                         f"{value!r}.")
    return value


class MaxPool1d(Cell):
    """`nn.MaxPool1d(kernel_size=1, stride=1, pad_mode='valid', padding=0, dilation=1,
    return_indices=False, ceil_mode=False)` over (N, C, L) or (C, L) inputs."""

    def __init__(self, kernel_size: Any = 1, stride: Any = 1, pad_mode: str = "valid",
                 padding: Any = 0, dilation: Any = 1, return_indices: bool = False,
                 ceil_mode: bool = False) -> None:
        super().__init__()
        k, s = _one("MaxPool1d", "kernel_size", kernel_size), _one("MaxPool1d", "stride", stride)
        p = _one("MaxPool1d", "padding", padding)
        d = _one("MaxPool1d", "dilation", dilation)
        self.pool = MaxPool2d((1, k), (1, s), pad_mode, (0, p), (1, d),
                              return_indices, ceil_mode)

    def construct(self, x: Any) -> Any:
        return ops.squeeze(self.pool(ops.expand_dims(x, -2)), -2)


class AvgPool1d(Cell):
    """`nn.AvgPool1d(kernel_size=1, stride=1, pad_mode='valid', padding=0, ceil_mode=False,
    count_include_pad=True)` over (N, C, L) or (C, L) inputs."""

    def __init__(self, kernel_size: Any = 1, stride: Any = 1, pad_mode: str = "valid",
                 padding: Any = 0, ceil_mode: bool = False,
                 count_include_pad: bool = True) -> None:
        super().__init__()
        k, s = _one("AvgPool1d", "kernel_size", kernel_size), _one("AvgPool1d", "stride", stride)
        p = _one("AvgPool1d", "padding", padding)
        self.pool = AvgPool2d((1, k), (1, s), pad_mode, (0, p), ceil_mode,
                              count_include_pad)

    def construct(self, x: Any) -> Any:
        return ops.squeeze(self.pool(ops.expand_dims(x, -2)), -2)
