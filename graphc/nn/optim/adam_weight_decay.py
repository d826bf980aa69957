"""AdamWeightDecay (decoupled weight decay, MindSpore's AdamWeightDecay kernel). The
gradients are used as given (no loss scale, no gradient decay); with lr the current rate:

    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    update = m / (eps + sqrt(v)) + weight_decay * p      (the decay only where decay_flags)
    p = p - lr * update

There is no bias correction. State: 'adam_m.<name>', 'adam_v.<name>' per Parameter.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import ops
from .optimizer import Optimizer, zeros_like_params


def check_betas_eps(op: str, beta1: Any, beta2: Any, eps: Any) -> None:
    """MindSpore's checks: floats, beta1 and beta2 in (0, 1), eps > 0."""
    for name, value in (("beta1", beta1), ("beta2", beta2), ("eps", eps)):
        if not isinstance(value, float):
            raise TypeError(f"For '{op}', the '{name}' must be a float, but got "
                            f"{type(value).__name__}.")
    for name, value in (("beta1", beta1), ("beta2", beta2)):
        if not 0.0 < value < 1.0:
            raise ValueError(f"For '{op}', the '{name}' must be in range (0.0, 1.0), but got "
                             f"{value}.")
    if eps <= 0:
        raise ValueError(f"For '{op}', the 'eps' must be > 0, but got {eps}.")


class AdamWeightDecay(Optimizer):
    """Adam with decoupled weight decay (see the module docstring)."""

    def __init__(self, params: Any, learning_rate: Any = 1e-3, beta1: float = 0.9,
                 beta2: float = 0.999, eps: float = 1e-6, weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, params, weight_decay)
        check_betas_eps("AdamWeightDecay", beta1, beta2, eps)
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        # MindSpore holds the betas as float32 Tensors, so 1 - beta is rounded in float32
        self._one_minus_beta1 = float(np.float32(1.0) - np.float32(beta1))
        self._one_minus_beta2 = float(np.float32(1.0) - np.float32(beta2))
        self.moments1 = zeros_like_params(self.parameters, "adam_m")
        self.moments2 = zeros_like_params(self.parameters, "adam_v")

    def construct(self, gradients: Any) -> Any:
        grads = self.gradients_centralization(self._check_gradients(gradients))
        lrs = self._current_lrs()
        b1, b2 = self.beta1, self.beta2
        updates = []
        for p, g, lr, m, v, wd in zip(self.parameters, grads, lrs, self.moments1,
                                      self.moments2, self._raw_decay_of_params()):
            new_m = ops.add(ops.mul(m, b1), ops.mul(g, self._one_minus_beta1))
            new_v = ops.add(ops.mul(v, b2), ops.mul(ops.square(g), self._one_minus_beta2))
            update = ops.div(new_m, ops.add(ops.sqrt(new_v), self.eps))
            if wd > 0:
                update = ops.add(update, ops.mul(p, wd))
            updates += [(m, new_m), (v, new_v), (p, ops.sub(p, ops.mul(update, lr)))]
        self._commit(updates)
        return self._success()

    def _raw_decay_of_params(self) -> tuple[float, ...]:
        """Each Parameter's weight decay (0 where decay_flags says no)."""
        return tuple(d if flag else 0.0 for d, flag in zip(self._raw_decay, self.decay_flags))
