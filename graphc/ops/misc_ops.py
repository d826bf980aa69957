"""Small element-wise ops MindSpore programs use: `nan_to_num` / `NanToNum` (also
`Tensor.nan_to_num`), `FillV2` and `rrelu`. All are written with differentiable ops.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.tensor import Tensor
from .arith_ops import mul
from .compare_ops import greater, greater_equal, isinf, isnan, logical_and
from .convert import to_tensor
from .index_ops import select
from .primitive import PrimitiveOp, op_error
from .shape_ops import broadcast_to, cast


def _constant_like(x: Tensor, value: float) -> Tensor:
    return Tensor._make(np.full(tuple(x.shape), value, x.dtype.np_dtype))


def nan_to_num(input: Any, nan: Any = None, posinf: Any = None, neginf: Any = None) -> Tensor:
    """`input` with NaN replaced by `nan` (0 by default), +inf by `posinf` and -inf by
    `neginf` (by default the largest and lowest finite values of the dtype). The gradient is
    zero at the replaced elements."""
    x = to_tensor(input)
    if not x.dtype.is_float:
        raise op_error("nan_to_num", f"'input' must be a float Tensor, but got {x.dtype}.",
                       TypeError)
    info = np.finfo(x.dtype.np_dtype)
    nan = 0.0 if nan is None else float(nan)
    posinf = float(info.max) if posinf is None else float(posinf)
    neginf = float(info.min) if neginf is None else float(neginf)
    inf = isinf(x)
    out = select(isnan(x), _constant_like(x, nan), x)
    out = select(logical_and(inf, greater(x, 0)), _constant_like(x, posinf), out)
    return select(logical_and(inf, greater(0, x)), _constant_like(x, neginf), out)


class NanToNum(PrimitiveOp):
    """`ops.NanToNum(nan=None, posinf=None, neginf=None)(x)`: see `nan_to_num`."""

    def __init__(self, nan: Any = None, posinf: Any = None, neginf: Any = None) -> None:
        super().__init__(nan=nan, posinf=posinf, neginf=neginf)

    @staticmethod
    def fn(x: Any, *, nan: Any, posinf: Any, neginf: Any) -> Tensor:
        return nan_to_num(x, nan, posinf, neginf)


class FillV2(PrimitiveOp):
    """`ops.FillV2()(shape, value)`: a Tensor of `shape` filled with the 0-d Tensor `value`
    (its dtype); differentiable in `value`."""

    def __call__(self, shape: Any, value: Any) -> Tensor:
        if isinstance(shape, Tensor):
            shape = tuple(int(v) for v in shape.asnumpy().reshape(-1))
        if not isinstance(shape, (tuple, list)):
            raise op_error("FillV2", f"'shape' must be a tuple of ints or a Tensor, but got "
                           f"{type(shape).__name__}.", TypeError)
        v = to_tensor(value)
        if v.size != 1:
            raise ValueError(f"For primitive[FillV2], the size of the input [fill_value] must "
                             f"be equal to 1, but got {v.size}.")
        return broadcast_to(v.reshape(()), tuple(int(d) for d in shape))


def rrelu(input: Any, lower: float = 1.0 / 8, upper: float = 1.0 / 3) -> Tensor:
    """Randomized leaky ReLU: negative elements are scaled by a slope drawn uniformly from
    [lower, upper] for each element (graphc's generator)."""
    from .random_ops import uniform
    x = to_tensor(input)
    if not lower <= upper:
        raise op_error("rrelu", f"'lower' ({lower}) must not exceed 'upper' ({upper}).")
    slope = cast(uniform(tuple(x.shape), float(lower), float(upper)), x.dtype)
    return select(greater_equal(x, 0), x, mul(x, slope))


TENSOR_METHODS = {
    "nan_to_num": lambda self, nan=None, posinf=None, neginf=None: nan_to_num(
        self, nan, posinf, neginf),
}
