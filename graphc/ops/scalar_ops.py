"""Python scalars and tuples as MindSpore's primitives take them: `ops.ScalarToTensor`,
`ops.ScalarCast` and `F.tuple_len`.

`ScalarCast()(x, dtype)` gives a Python scalar: `int(x)` for Int64, `float(x)` for Float64,
`bool(x)` for Bool, the three types MindSpore 2.10 accepts. In a graph these run on
constants, at compile time.
"""

from __future__ import annotations

from typing import Any

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .primitive import PrimitiveOp, op_error
from .utility_ops import scalar_to_tensor

_SCALAR_CASTS = {mstype.int64: int, mstype.float64: float, mstype.bool_: bool}


class ScalarToTensor(PrimitiveOp):
    """`ops.ScalarToTensor()(x, dtype=mindspore.float32)`: a 0-d Tensor holding `x`."""

    def __call__(self, input_x: Any, dtype: Any = mstype.float32) -> Tensor:
        return scalar_to_tensor(input_x, dtype)


class ScalarCast(PrimitiveOp):
    """`ops.ScalarCast()(input_x, input_y)`: the Python scalar `input_x` as type `input_y`."""

    def __call__(self, input_x: Any, input_y: Any) -> Any:
        cast = _SCALAR_CASTS.get(input_y)
        if cast is None:
            raise op_error("ScalarCast", "the supported type is in the list: [mindspore.int64, "
                           f"mindspore.float64, mindspore.bool], but got {input_y}.")
        if isinstance(input_x, Tensor):
            input_x = input_x.asnumpy().item()
        return cast(input_x)


def tuple_len(data: Any) -> int:
    """`F.tuple_len(t)`: the length of a tuple (or list)."""
    return len(data)

