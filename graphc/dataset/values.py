"""Turning what user code returns (sources, map functions) into column values: NumPy arrays,
with MindSpore's defaults (Python int -> int64, float -> float64, str -> a NumPy string)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import Tensor


def to_column(value: Any) -> np.ndarray:
    """`value` as a NumPy array (Tensors unwrapped; PIL images kept as they are)."""
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, Tensor):
        return value.asnumpy()
    if _is_pil(value):
        return value
    return np.asarray(value)


def _is_pil(value: Any) -> bool:
    return type(value).__module__.startswith("PIL.")


def as_tuple(value: Any) -> tuple[Any, ...]:
    """A function's result as a tuple of columns (a lone array is one column)."""
    if isinstance(value, tuple):
        return value
    if isinstance(value, list) and value and all(
            isinstance(v, (np.ndarray, Tensor)) for v in value):
        return tuple(value)
    return (value,)


def describe_error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
