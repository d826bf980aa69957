"""RMSProp (MindSpore's ApplyRMSProp / ApplyCenteredRMSProp), with g after weight decay,
centralisation and loss scale:

    ms = decay * ms + (1 - decay) * g * g
    mg = decay * mg + (1 - decay) * g                               (centered)
    mom = momentum * mom + lr * g / sqrt(ms + eps)                  (centered: ms - mg * mg + eps)
    p = p - mom

State: 'mean_square.<name>' (ones), 'moment.<name>' (zeros), 'mean_grad.<name>' (zeros,
centered).
"""

from __future__ import annotations

from typing import Any

from ... import ops
from .optimizer import Optimizer, zeros_like_params


def _float(op: str, name: str, value: Any, positive: bool) -> float:
    if not isinstance(value, float):
        raise TypeError(f"For '{op}', the '{name}' must be a float, but got "
                        f"{type(value).__name__}.")
    if value < 0 or (positive and value == 0):
        raise ValueError(f"For '{op}', the '{name}' must be {'> 0' if positive else '>= 0'}, but "
                         f"got {value}.")
    return value


class RMSProp(Optimizer):
    """Root-mean-square propagation (see the module docstring)."""

    def __init__(self, params: Any, learning_rate: Any = 0.1, decay: float = 0.9,
                 momentum: float = 0.0, epsilon: float = 1e-10, use_locking: bool = False,
                 centered: bool = False, loss_scale: float = 1.0,
                 weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        self.decay = _float("RMSProp", "decay", decay, positive=False)
        self.momentum = _float("RMSProp", "momentum", momentum, positive=False)
        self.epsilon = _float("RMSProp", "epsilon", epsilon, positive=True)
        for name, flag in (("use_locking", use_locking), ("centered", centered)):
            if not isinstance(flag, bool):
                raise TypeError(f"For 'RMSProp', the '{name}' must be a bool, but got {flag!r}.")
        self.centered = centered
        self.ms = zeros_like_params(self.parameters, "mean_square", fill=1.0)
        self.moment = zeros_like_params(self.parameters, "moment")
        if centered:
            self.mg = zeros_like_params(self.parameters, "mean_grad")

    def construct(self, gradients: Any) -> Any:
        grads, lrs = self._prepare(gradients)
        d = self.decay
        updates = []
        mgs = self.mg if self.centered else [None] * len(grads)
        for p, g, lr, ms, mom, mg in zip(self.parameters, grads, lrs, self.ms, self.moment, mgs):
            new_ms = ops.add(ops.mul(ms, d), ops.mul(ops.square(g), 1.0 - d))
            denom = new_ms
            if mg is not None:
                new_mg = ops.add(ops.mul(mg, d), ops.mul(g, 1.0 - d))
                denom = ops.sub(new_ms, ops.square(new_mg))
                updates.append((mg, new_mg))
            step = ops.div(ops.mul(g, lr), ops.sqrt(ops.add(denom, self.epsilon)))
            new_mom = ops.add(ops.mul(mom, self.momentum), step)
            updates += [(ms, new_ms), (mom, new_mom), (p, ops.sub(p, new_mom))]
        self._commit(updates)
        return self._success()
