"""Random samples of the standard distributions, as primitives with the "random" effect: each
call (eager, or each run of a compiled graph) draws new numbers from `context.rng()`, so
`set_seed` makes them repeatable. The probability distributions (`nn.probability`) scale them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.context import rng
from ..common.tensor import Tensor
from .primitive import TensorSpec, apply, op_error, primitive

_DRAW = {
    "normal": lambda shape: rng().standard_normal(shape),
    "uniform": lambda shape: rng().random(shape),
}


def _sample_impl(*, shape: tuple[int, ...], dtype: mstype.DType, kind: str) -> np.ndarray:
    return np.asarray(_DRAW[kind](shape)).astype(dtype.np_dtype)


def _sample_infer(*, shape: tuple[int, ...], dtype: mstype.DType, kind: str) -> TensorSpec:
    if kind not in _DRAW:
        raise op_error("StandardSample", f"the kind must be one of {sorted(_DRAW)}, but got "
                       f"{kind!r}.")
    if not all(isinstance(d, int) and d >= 0 for d in shape):
        raise op_error("StandardSample", f"the shape must be a tuple of ints >= 0, but got "
                       f"{shape}.")
    if not dtype.is_float:
        raise op_error("StandardSample", f"the dtype must be a float type, but got {dtype}.",
                       TypeError)
    return TensorSpec(tuple(shape), dtype)


STANDARD_SAMPLE = primitive("standard_sample", _sample_impl, _sample_infer,
                            effects=frozenset({"random"}))


def standard_normal(shape: Any, dtype: Any = mstype.float32) -> Tensor:
    """Samples of N(0, 1) of `shape`."""
    return apply(STANDARD_SAMPLE, shape=tuple(shape), dtype=mstype.to_dtype(dtype),
                 kind="normal")


def standard_uniform(shape: Any, dtype: Any = mstype.float32) -> Tensor:
    """Samples of U[0, 1) of `shape`."""
    return apply(STANDARD_SAMPLE, shape=tuple(shape), dtype=mstype.to_dtype(dtype),
                 kind="uniform")
