"""LAMB (layer-wise adaptive moments, MindSpore's Lamb kernel). The gradients are used as
given (after centralisation); with t the step number (1 at the first step):

    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    r = (m / (1 - beta1 ** t)) / (sqrt(v / (1 - beta2 ** t)) + eps) + weight_decay * p
    trust = ||p|| / ||r||   (1 when either norm is 0)
    p = p - lr * trust * r

State: 'lamb_m.<name>', 'lamb_v.<name>' per Parameter; t is 'global_step' + 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import ops
from ...common import dtype as mstype
from .adam_weight_decay import check_betas_eps
from .optimizer import Optimizer, zeros_like_params


class Lamb(Optimizer):
    """Layer-wise adaptive large-batch optimiser (see the module docstring)."""

    def __init__(self, params: Any, learning_rate: Any, beta1: float = 0.9,
                 beta2: float = 0.999, eps: float = 1e-6, weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, params, weight_decay)
        check_betas_eps("Lamb", beta1, beta2, eps)
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        # MindSpore holds the betas as float32 Tensors, so 1 - beta is rounded in float32
        self._one_minus_beta1 = float(np.float32(1.0) - np.float32(beta1))
        self._one_minus_beta2 = float(np.float32(1.0) - np.float32(beta2))
        self.moments1 = zeros_like_params(self.parameters, "lamb_m")
        self.moments2 = zeros_like_params(self.parameters, "lamb_v")

    def construct(self, gradients: Any) -> Any:
        grads = self.gradients_centralization(self._check_gradients(gradients))
        lrs = self._current_lrs()
        b1, b2 = self.beta1, self.beta2
        t = ops.reshape(ops.add(ops.cast(self.global_step, mstype.float32), 1.0), ())
        correction1 = ops.sub(1.0, ops.pow(b1, t))
        correction2 = ops.sub(1.0, ops.pow(b2, t))
        updates = []
        for p, g, lr, m, v, decay, flag in zip(self.parameters, grads, lrs, self.moments1,
                                               self.moments2, self._raw_decay, self.decay_flags):
            new_m = ops.add(ops.mul(m, b1), ops.mul(g, self._one_minus_beta1))
            new_v = ops.add(ops.mul(v, b2), ops.mul(ops.square(g), self._one_minus_beta2))
            r = ops.div(ops.div(new_m, correction1),
                        ops.add(ops.sqrt(ops.div(new_v, correction2)), self.eps))
            if flag and decay > 0:
                r = ops.add(r, ops.mul(p, decay))
            w_norm = ops.sqrt(ops.reduce_sum(ops.square(p)))
            r_norm = ops.sqrt(ops.reduce_sum(ops.square(r)))
            ok = ops.logical_and(ops.greater(w_norm, 0.0), ops.greater(r_norm, 0.0))
            trust = ops.select(ok, ops.div(w_norm, ops.select(ok, r_norm, 1.0)), 1.0)
            updates += [(m, new_m), (v, new_v),
                        (p, ops.sub(p, ops.mul(ops.mul(r, trust), lr)))]
        self._commit(updates)
        return self._success()
