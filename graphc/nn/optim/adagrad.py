"""Adagrad (MindSpore's ApplyAdagrad), with g after weight decay, centralisation and loss
scale:

    accum = accum + g * g          (only with update_slots)
    p = p - lr * g / sqrt(accum)

State: 'accum.<name>' per Parameter, filled with `accum` (0.1).
"""

from __future__ import annotations

from typing import Any

from ... import ops
from .optimizer import Optimizer, zeros_like_params


class Adagrad(Optimizer):
    """Adaptive gradient (see the module docstring)."""

    def __init__(self, params: Any, accum: float = 0.1, learning_rate: Any = 0.001,
                 update_slots: bool = True, loss_scale: float = 1.0,
                 weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        if not isinstance(accum, float):
            raise TypeError(f"For 'Adagrad', the 'accum' must be a float, but got "
                            f"{type(accum).__name__}.")
        if accum < 0:
            raise ValueError(f"For 'Adagrad', the 'accum' must be >= 0, but got {accum}.")
        if not isinstance(update_slots, bool):
            raise TypeError(f"For 'Adagrad', the 'update_slots' must be a bool, but got "
                            f"{update_slots!r}.")
        self.update_slots = update_slots
        self.accum = zeros_like_params(self.parameters, "accum", fill=accum)

    def construct(self, gradients: Any) -> Any:
        grads, lrs = self._prepare(gradients)
        updates = []
        for p, g, lr, acc in zip(self.parameters, grads, lrs, self.accum):
            new_acc = ops.add(acc, ops.square(g)) if self.update_slots else acc
            step = ops.div(ops.mul(g, lr), ops.sqrt(new_acc))
            if self.update_slots:
                updates.append((acc, new_acc))
            updates.append((p, ops.sub(p, step)))
        self._commit(updates)
        return self._success()
