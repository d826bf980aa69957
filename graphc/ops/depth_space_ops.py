"""`ops.DepthToSpace(block_size)`: an (N, C * b * b, H, W) Tensor rearranged to
(N, C, H * b, W * b), in MindSpore's (DCR) order: output[n, c, h * b + i, w * b + j] =
input[n, (i * b + j) * C + c, h, w]. A reshape and a transpose, so differentiable."""

from __future__ import annotations

from typing import Any

from ..common.tensor import Tensor
from .convert import to_tensor
from .primitive import PrimitiveOp, op_error
from .shape_ops import reshape, transpose


def _depth_to_space(x: Any, block_size: int) -> Tensor:
    x = to_tensor(x)
    b = block_size
    if x.ndim != 4 or x.shape[1] % (b * b):
        raise op_error("DepthToSpace", f"the input must be 4-D (N, C, H, W) with C divisible "
                       f"by block_size ** 2 = {b * b}, but got shape {list(x.shape)}.")
    n, c, h, w = x.shape
    y = reshape(x, (n, b, b, c // (b * b), h, w))
    y = transpose(y, (0, 3, 4, 1, 5, 2))
    return reshape(y, (n, c // (b * b), h * b, w * b))


class DepthToSpace(PrimitiveOp):
    """`ops.DepthToSpace(block_size)(x)`; see the module docstring."""

    def __init__(self, block_size: int) -> None:
        if isinstance(block_size, bool) or not isinstance(block_size, int) or block_size < 2:
            raise op_error("DepthToSpace", f"'block_size' must be an int >= 2, but got "
                           f"{block_size!r}.")
        super().__init__(block_size=block_size)

    def __call__(self, x: Any) -> Tensor:
        return _depth_to_space(x, self._attrs["block_size"])
