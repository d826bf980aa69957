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


def stack_column(arrays: list[np.ndarray], index: int, name: str, advice: str) -> np.ndarray:
    """The rows of column `index` (`name`) of one batch stacked into one array; rows of
    different shapes are MindSpore's RuntimeError, ending with `advice` (how to fix it)."""
    first = np.shape(arrays[0])
    for a in arrays[1:]:
        if np.shape(a) != first:
            raise RuntimeError(
                f"Cannot batch tensors with different shapes in column {index} "
                f"('{name}'). First element had shape <{','.join(map(str, first))}> "
                f"and this element had shape <{','.join(map(str, np.shape(a)))}>; {advice}.")
    return np.stack([np.asarray(a) for a in arrays])


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
