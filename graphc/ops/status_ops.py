"""Overflow status of float Tensors, as loss-scaling code checks it: `ops.FloatStatus`, and
the Ascend status-register ops `NPUAllocFloatStatus` / `NPUGetFloatStatus` /
`NPUClearFloatStatus`.

`FloatStatus()(x)` is `[1.]` (Float32, shape (1,)) when `x` holds a NaN or an infinity, else
`[0.]`. It has no gradient (loss-scale cells only read it).

The NPU ops read a hardware register that only Ascend has. MindSpore 2.10 constructs them on
any target (model-zoo cells build them in `__init__` and call them only on Ascend), but on the
CPU calling one raises RuntimeError "Unsupported op [...] on CPU"; graphc does the same.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import dtype as mstype
from . import infer_rules as rules
from .convert import to_tensor
from .primitive import PrimitiveOp, TensorSpec, apply, primitive


def _float_status_impl(x: np.ndarray) -> np.ndarray:
    return np.array([0.0 if np.isfinite(x).all() else 1.0], np.float32)


def _float_status_infer(x: TensorSpec) -> TensorSpec:
    rules.check_dtype("FloatStatus", x, ("float",), "Float16, Float32 or Float64")
    return TensorSpec((1,), mstype.float32)


FLOAT_STATUS = primitive("float_status", _float_status_impl, _float_status_infer)


def _float_status(x: Any) -> Any:
    """The overflow flag of `x` (MindSpore has no functional spelling of it)."""
    return apply(FLOAT_STATUS, to_tensor(x))


class FloatStatus(PrimitiveOp):
    """`ops.FloatStatus()(x)`: `[1.]` if the float Tensor `x` has a NaN or +-inf, else `[0.]`."""

    fn = staticmethod(_float_status)


class _AscendOnly(PrimitiveOp):
    """A primitive MindSpore defines for Ascend only: it constructs, and calling it raises
    RuntimeError as MindSpore does on the CPU."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(
            f"Unsupported op [{self.name}] on CPU: it reads Ascend's float-status register, "
            "which graphc (like MindSpore on the CPU) does not have. Check for overflow with "
            "ops.FloatStatus()(x) or ops.isfinite(x).all() instead.")


class NPUAllocFloatStatus(_AscendOnly):
    """`ops.NPUAllocFloatStatus()()`: Ascend only (RuntimeError when called)."""


class NPUGetFloatStatus(_AscendOnly):
    """`ops.NPUGetFloatStatus()(x)`: Ascend only (RuntimeError when called)."""


class NPUClearFloatStatus(_AscendOnly):
    """`ops.NPUClearFloatStatus()(x)`: Ascend only (RuntimeError when called)."""
