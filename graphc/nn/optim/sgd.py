"""SGD with optional momentum, dampening and Nesterov, as MindSpore's SGD kernel computes it.

Per element, with g already divided by loss_scale:

    g = g + weight_decay * p                       (every Parameter; no beta/gamma filter)
    if momentum > 0:
        accum = g                 on the first step (stat == 1, then stat = 0)
        accum = momentum * accum + (1 - dampening) * g   afterwards
        g = g + momentum * accum  if nesterov else accum
    p = p - lr * g

State: 'accum.<name>' (zeros) and 'stat.<name>' (ones) per Parameter.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import ops
from ...common.parameter import Parameter
from ...common.tensor import Tensor
from .optimizer import Optimizer, nonnegative_float, zeros_like_params


class SGD(Optimizer):
    """Stochastic gradient descent (see the module docstring for the update)."""

    def __init__(self, params: Any, learning_rate: Any = 0.1, momentum: float = 0.0,
                 dampening: float = 0.0, weight_decay: float = 0.0, nesterov: bool = False,
                 loss_scale: float = 1.0) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        momentum = nonnegative_float("SGD", "momentum", momentum)
        dampening = nonnegative_float("SGD", "dampening", dampening)
        if not isinstance(nesterov, bool):
            raise TypeError(f"For 'SGD', the 'nesterov' must be a bool, but got {nesterov!r}.")
        if nesterov and (momentum <= 0.0 or dampening != 0.0):
            raise ValueError("For 'SGD', if 'nesterov' is true, 'momentum' must be > 0.0 and "
                             f"'dampening' must equal 0.0, but got 'momentum' {momentum}, "
                             f"'dampening' {dampening}.")
        self.dampening = dampening
        self.nesterov = nesterov
        self.momentum = Parameter(Tensor(np.array(momentum, np.float32)), name="momentum",
                                  requires_grad=False)
        # Whether the momentum rule is used at all is fixed here; its value is read at each
        # step (also inside a graph), so `optimizer.momentum.set_data(...)` takes effect.
        self._with_momentum = momentum > 0
        self.accum = zeros_like_params(self.parameters, "accum")
        self.stat = zeros_like_params(self.parameters, "stat", fill=1.0)

    def construct(self, gradients: Any) -> Any:
        grads, lrs = self._prepare(gradients, decay=False)
        momentum = self.momentum.value()
        updates: list[tuple[Parameter, Any]] = []
        for p, g, lr, wd, accum, stat in zip(self.parameters, grads, lrs, self._raw_decay,
                                             self.accum, self.stat):
            if wd > 0:
                g = ops.add(g, ops.mul(p, wd))
            if self._with_momentum:
                # stat is 1 until the first step and 0 after it: it selects the first-step
                # rule (accum = g) elementwise, as the kernel's `stat > 0` test does.
                first = stat
                running = ops.add(ops.mul(accum, momentum), ops.mul(g, 1.0 - self.dampening))
                new_accum = ops.add(ops.mul(first, g), ops.mul(ops.sub(1.0, first), running))
                updates.append((accum, new_accum))
                updates.append((stat, ops.zeros_like(stat)))
                g = ops.add(g, ops.mul(new_accum, momentum)) if self.nesterov else new_accum
            updates.append((p, ops.sub(p, ops.mul(g, lr))))
        self._commit(updates)
        return self._success()
