"""Tensor methods that change only the dtype or say how the data is laid out: `to(dtype)`,
`long()`, `int()`, `short()`, `float()`, `half()`, `double()`, `bool()`, `contiguous()`,
`is_contiguous()`, and `numpy()` (MindSpore's other name of `asnumpy()`). A cast is the `cast`
op (so it is recorded in graphs and differentiable); graphc's arrays are always contiguous, so
`contiguous()` is the Tensor itself, as in MindSpore for a contiguous Tensor."""

from __future__ import annotations

from typing import Any

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .shape_ops import cast


def _tensor_to(self: Tensor, dtype: Any = None, non_blocking: bool = False,
               copy: bool = False) -> Tensor:
    """`t.to(dtype)`; a device name (`t.to("cpu")`) or None keeps the Tensor as it is."""
    if dtype is None or isinstance(dtype, str):
        return self
    if not isinstance(dtype, mstype.DType):
        raise TypeError(f"For 'Tensor.to', 'dtype' must be a graphc dtype such as "
                        f"graphc.float32, but got {type(dtype).__name__}.")
    return cast(self, dtype)


def _caster(dtype: mstype.DType):
    def method(self: Tensor) -> Tensor:
        return cast(self, dtype)
    method.__doc__ = f"The Tensor cast to {dtype}."
    return method


TENSOR_METHODS = {
    "to": _tensor_to,
    "long": _caster(mstype.int64),
    "int": _caster(mstype.int32),
    "short": _caster(mstype.int16),
    "float": _caster(mstype.float32),
    "half": _caster(mstype.float16),
    "double": _caster(mstype.float64),
    "bool": _caster(mstype.bool_),
    "contiguous": lambda self: self,
    "is_contiguous": lambda self: True,
    "numpy": lambda self: self.asnumpy(),
}
