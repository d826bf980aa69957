"""MindSpore's `repr` of a Tensor: `Tensor(shape=[2], dtype=Int64, value= [1, 2])` (SPEC 7.3)."""

from __future__ import annotations

import numpy as np


def format_repr(array: np.ndarray, dtype: object) -> str:
    """The MindSpore repr of a Tensor holding `array` with graphc dtype `dtype`."""
    sep = " " if array.ndim <= 1 else "\n"
    body = np.array2string(array, separator=", ")
    return f"Tensor(shape={list(array.shape)}, dtype={dtype}, value={sep}{body})"
