"""More basic layers: PReLU (a learnt negative slope, parameter `a`) and MatMul (a batched,
broadcasting matrix product with optional transposes)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import ops
from ...common.parameter import Parameter
from ...common.tensor import Tensor
from ..cell import Cell
from .basic import check_positive_int, check_tensor


class PReLU(Cell):
    """`max(0, x) + a * min(0, x)`, with one slope per channel (axis 1) or one for all
    (`channel=1`); `w` is the initial slope (a float, or a Tensor of shape (channel,))."""

    def __init__(self, channel: int = 1, w: Any = 0.25) -> None:
        super().__init__()
        self.channel = check_positive_int("PReLU", "channel", channel)
        if isinstance(w, Tensor):
            if tuple(w.shape) not in ((channel,), (1,)):
                raise ValueError(f"For 'PReLU', a Tensor 'w' must have shape ({channel},), but "
                                 f"got {list(w.shape)}.")
            data = np.broadcast_to(w.asnumpy().astype(np.float32), (channel,)).copy()
        elif isinstance(w, (int, float)) and not isinstance(w, bool):
            data = np.full((channel,), w, np.float32)
        else:
            raise TypeError(f"For 'PReLU', the 'w' must be a float or a Tensor, but got "
                            f"{type(w).__name__}.")
        self.a = Parameter(Tensor(data), name="a")

    def construct(self, x: Any) -> Any:
        check_tensor("PReLU", x)
        a = self.a
        if self.channel > 1:
            if x.ndim < 2 or x.shape[1] != self.channel:
                raise ValueError(f"For 'PReLU', the input must have channel={self.channel} "
                                 f"channels on axis 1, but got shape {list(x.shape)}.")
            a = ops.reshape(a, (1, self.channel) + (1,) * (x.ndim - 2))
        return ops.add(ops.relu(x), ops.mul(a, ops.minimum(x, 0.0)))


class MatMul(Cell):
    """`nn.MatMul(transpose_x1=False, transpose_x2=False)(x1, x2)`: the matrix product over the
    last two dimensions; leading dimensions broadcast."""

    def __init__(self, transpose_x1: bool = False, transpose_x2: bool = False) -> None:
        super().__init__()
        for name, v in (("transpose_x1", transpose_x1), ("transpose_x2", transpose_x2)):
            if not isinstance(v, bool):
                raise TypeError(f"For 'MatMul', the '{name}' must be a bool, but got "
                                f"{type(v).__name__}.")
        self.transpose_x1 = transpose_x1
        self.transpose_x2 = transpose_x2

    def construct(self, x1: Any, x2: Any) -> Any:
        check_tensor("MatMul", x1, what="x1")
        check_tensor("MatMul", x2, what="x2")
        if self.transpose_x1:
            x1 = ops.swapaxes(x1, -1, -2)
        if self.transpose_x2:
            x2 = ops.swapaxes(x2, -1, -2)
        return ops.matmul(x1, x2)
