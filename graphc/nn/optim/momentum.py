"""Momentum (MindSpore's ApplyMomentum), with g after weight decay and loss scale:

    moments = momentum * moments + g
    p = p - lr * (g + momentum * moments)   if use_nesterov
    p = p - lr * moments                    otherwise

State: 'moments.<name>' (zeros) per Parameter.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import ops
from ...common.parameter import Parameter
from ...common.tensor import Tensor
from .optimizer import Optimizer, nonnegative_float, zeros_like_params


class Momentum(Optimizer):
    """Stochastic gradient descent with (optionally Nesterov) momentum."""

    def __init__(self, params: Any, learning_rate: Any, momentum: float,
                 weight_decay: float = 0.0, loss_scale: float = 1.0,
                 use_nesterov: bool = False) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        momentum = nonnegative_float("Momentum", "momentum", momentum)
        if not isinstance(use_nesterov, bool):
            raise TypeError(f"For 'Momentum', the 'use_nesterov' must be a bool, but got "
                            f"{use_nesterov!r}.")
        self.momentum = Parameter(Tensor(np.array(momentum, np.float32)), name="momentum",
                                  requires_grad=False)
        self.use_nesterov = use_nesterov
        self.moments = zeros_like_params(self.parameters, "moments")

    def construct(self, gradients: Any) -> Any:
        grads, lrs = self._prepare(gradients)
        momentum = self.momentum.value()
        updates = []
        for p, g, lr, moment in zip(self.parameters, grads, lrs, self.moments):
            new_moment = ops.add(ops.mul(moment, momentum), g)
            step = ops.add(g, ops.mul(new_moment, momentum)) if self.use_nesterov \
                else new_moment
            updates.append((moment, new_moment))
            updates.append((p, ops.sub(p, ops.mul(step, lr))))
        self._commit(updates)
        return self._success()
