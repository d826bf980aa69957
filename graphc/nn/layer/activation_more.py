"""More activation cells MindSpore programs use: HSwish, HSigmoid and ELU."""

from __future__ import annotations

from typing import Any

from ... import ops
from ..cell import Cell


class HSwish(Cell):
    """Hard swish: x * relu6(x + 3) / 6."""

    def construct(self, x: Any) -> Any:
        return ops.hardswish(x)


class HSigmoid(Cell):
    """Hard sigmoid: relu6(x + 3) / 6."""

    def construct(self, x: Any) -> Any:
        return ops.hardsigmoid(x)


class ELU(Cell):
    """x where x > 0, alpha * (exp(x) - 1) elsewhere. MindSpore 2.10's kernel accepts only
    alpha = 1.0 (ValueError otherwise, when called); graphc computes any alpha."""

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__()
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
            raise TypeError(f"For 'ELU', the 'alpha' must be a float, but got {alpha!r}.")
        self.alpha = float(alpha)

    def construct(self, x: Any) -> Any:
        return ops.elu(x, self.alpha)
