"""Random sampling primitives: `ops.UniformReal` and `ops.StandardNormal`.

They draw from graphc's generator (`set_seed`), like dropout and the initialisers; their
`seed`/`seed2` arguments are accepted for MindSpore compatibility. They carry the "random"
effect, so inside a graph each call is a node that draws anew every time the graph runs (it is
never folded into a constant nor merged with another draw).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.context import rng
from ..common.tensor import Tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive

_RANDOM = frozenset({"random"})


def _shape_infer(*, shape: tuple[int, ...]) -> TensorSpec:
    return TensorSpec(shape, mstype.float32)


UNIFORM_REAL = primitive(
    "uniform_real", lambda *, shape: rng().random(shape, dtype=np.float32), _shape_infer,
    effects=_RANDOM)


STANDARD_NORMAL = primitive(
    "standard_normal", lambda *, shape: rng().standard_normal(shape, dtype=np.float32),
    _shape_infer, effects=_RANDOM)


def _shape_arg(op: str, shape: Any) -> tuple[int, ...]:
    if isinstance(shape, Tensor):
        shape = tuple(int(v) for v in shape.asnumpy().reshape(-1))
    if (not isinstance(shape, (tuple, list)) or any(
            isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0 for v in shape)):
        raise op_error(op, f"'shape' must be a tuple of non-negative ints, but got {shape!r}.",
                       TypeError)
    return tuple(int(v) for v in shape)


def _check_seeds(op: str, seed: Any, seed2: Any) -> None:
    for name, value in (("seed", seed), ("seed2", seed2)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise op_error(op, f"'{name}' must be an int >= 0, but got {value!r}.", TypeError)


class UniformReal(PrimitiveOp):
    """`ops.UniformReal(seed=0, seed2=0)(shape)`: Float32 samples uniform in [0, 1)."""

    def __init__(self, seed: int = 0, seed2: int = 0) -> None:
        _check_seeds("UniformReal", seed, seed2)
        super().__init__()

    def __call__(self, shape: Any) -> Tensor:
        return apply(UNIFORM_REAL, shape=_shape_arg("UniformReal", shape))


class StandardNormal(PrimitiveOp):
    """`ops.StandardNormal(seed=0, seed2=0)(shape)`: Float32 samples of N(0, 1)."""

    def __init__(self, seed: int = 0, seed2: int = 0) -> None:
        _check_seeds("StandardNormal", seed, seed2)
        super().__init__()

    def __call__(self, shape: Any) -> Tensor:
        return apply(STANDARD_NORMAL, shape=_shape_arg("StandardNormal", shape))
