"""Coordinate grids and adaptive average pooling: `ops.meshgrid` / `ops.Meshgrid` and
`ops.adaptive_avg_pool2d` / `ops.AdaptiveAvgPool2D`.

Both are written with graphc's differentiable ops, so they work eagerly and in graphs and
have gradients. Adaptive pooling is a product with one averaging matrix per spatial axis:
output row i averages input rows floor(i*H/out) .. ceil((i+1)*H/out) - 1, MindSpore's windows.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..common.tensor import Tensor
from .convert import to_tensor
from .linalg_ops import matmul
from .primitive import PrimitiveOp, op_error
from .shape_ops import broadcast_to, reshape, transpose


def meshgrid(*inputs: Any, indexing: str = "xy") -> tuple[Tensor, ...]:
    """Coordinate matrices from 1-D Tensors: with 'xy' (Cartesian) the first two output axes
    are swapped relative to 'ij' (matrix indexing), as in NumPy."""
    if len(inputs) == 1 and isinstance(inputs[0], (tuple, list)):
        inputs = tuple(inputs[0])
    if indexing not in ("xy", "ij"):
        raise op_error("Meshgrid", f"'indexing' must be 'xy' or 'ij', but got {indexing!r}.")
    ts = [to_tensor(t) for t in inputs]
    if len(ts) < 2 or any(t.ndim != 1 for t in ts):
        raise op_error("Meshgrid", "the inputs must be two or more 1-D Tensors, but got ranks "
                       f"{[t.ndim for t in ts]}.")
    sizes = [t.shape[0] for t in ts]
    if indexing == "xy":
        sizes[0], sizes[1] = sizes[1], sizes[0]
    out = []
    for i, t in enumerate(ts):
        axis = {0: 1, 1: 0}.get(i, i) if indexing == "xy" else i
        view = [1] * len(ts)
        view[axis] = sizes[axis]
        out.append(broadcast_to(reshape(t, tuple(view)), tuple(sizes)))
    return tuple(out)


class Meshgrid(PrimitiveOp):
    """`ops.Meshgrid(indexing='xy')((x, y, ...))`: see `meshgrid`."""

    def __init__(self, indexing: str = "xy") -> None:
        if indexing not in ("xy", "ij"):
            raise op_error("Meshgrid", f"'indexing' must be 'xy' or 'ij', but got {indexing!r}.")
        super().__init__(indexing=indexing)

    def __call__(self, inputs: Any) -> tuple[Tensor, ...]:
        return meshgrid(*inputs, indexing=self._attrs["indexing"])


def _window_matrix(size: int, out: int, dtype: np.dtype) -> Tensor:
    m = np.zeros((out, size), dtype)
    for i in range(out):
        lo, hi = (i * size) // out, math.ceil((i + 1) * size / out)
        m[i, lo:hi] = 1.0 / (hi - lo)
    return Tensor._make(m)


def _output_size(op: str, output_size: Any, h: int, w: int) -> tuple[int, int]:
    if isinstance(output_size, int) and not isinstance(output_size, bool):
        output_size = (output_size, output_size)
    if not isinstance(output_size, (tuple, list)) or len(output_size) != 2:
        raise op_error(op, f"'output_size' must be an int or a tuple of 2 ints (None keeps "
                       f"the input's size), but got {output_size!r}.", TypeError)
    oh, ow = (h if output_size[0] is None else output_size[0],
              w if output_size[1] is None else output_size[1])
    if any(isinstance(v, bool) or not isinstance(v, int) or v <= 0 for v in (oh, ow)):
        raise op_error(op, f"'output_size' must be positive, but got {output_size!r}.")
    return oh, ow


def adaptive_avg_pool2d(input: Any, output_size: Any) -> Tensor:
    """Average pooling of a (C, H, W) or (N, C, H, W) Tensor to `output_size` (oh, ow)."""
    x = to_tensor(input)
    if x.ndim not in (3, 4) or not x.dtype.is_float:
        raise op_error("AdaptiveAvgPool2D", "'input' must be a 3-D or 4-D float Tensor, but "
                       f"got {x.dtype} of shape {list(x.shape)}.", TypeError)
    h, w = x.shape[-2:]
    oh, ow = _output_size("AdaptiveAvgPool2D", output_size, h, w)
    np_dtype = x.dtype.np_dtype
    rows = _window_matrix(h, oh, np_dtype)                      # (oh, h)
    cols = transpose(_window_matrix(w, ow, np_dtype), (1, 0))   # (w, ow)
    return matmul(matmul(rows, x), cols)


class AdaptiveAvgPool2D(PrimitiveOp):
    """`ops.AdaptiveAvgPool2D(output_size)(x)`: see `adaptive_avg_pool2d`."""

    def __init__(self, output_size: Any) -> None:
        super().__init__(output_size=output_size)

    def __call__(self, x: Any) -> Tensor:
        return adaptive_avg_pool2d(x, self._attrs["output_size"])
