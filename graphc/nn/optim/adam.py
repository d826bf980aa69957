"""Adam as MindSpore's Adam kernel computes it, with g after weight decay and loss scale and
t the step number (beta1_power = beta1 ** t, beta2_power = beta2 ** t):

    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    lr_t = lr * sqrt(1 - beta2_power) / (1 - beta1_power)
    p = p - lr_t * m / (sqrt(v) + eps)                              default
    p = p - lr_t * (beta1 * m + (1 - beta1) * g) / (sqrt(v) + eps)  use_nesterov
    vhat = max(vhat, v); p = p - lr_t * m / (sqrt(vhat) + eps)      use_amsgrad

(eps is added outside the bias correction, as in MindSpore and TensorFlow.) State:
'moment1.<name>', 'moment2.<name>' (and 'vhat.<name>') per Parameter, and the Parameters
'beta1_power', 'beta2_power'.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import ops
from ...common.parameter import Parameter
from ...common.tensor import Tensor
from .optimizer import Optimizer, zeros_like_params


def _check_unit_interval(name: str, value: Any) -> float:
    if not isinstance(value, float):
        raise TypeError(f"For 'Adam', the '{name}' must be a float, but got "
                        f"{type(value).__name__}.")
    if not 0.0 < value < 1.0:
        raise ValueError(f"For 'Adam', the '{name}' must be in range (0.0, 1.0), but got "
                         f"{value}.")
    return value


class Adam(Optimizer):
    """Adaptive moment estimation (see the module docstring for the update)."""

    def __init__(self, params: Any, learning_rate: Any = 1e-3, beta1: float = 0.9,
                 beta2: float = 0.999, eps: float = 1e-8, use_locking: bool = False,
                 use_nesterov: bool = False, weight_decay: float = 0.0, loss_scale: float = 1.0,
                 use_amsgrad: bool = False, **kwargs: Any) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        self.beta1 = _check_unit_interval("beta1", beta1)
        self.beta2 = _check_unit_interval("beta2", beta2)
        if not isinstance(eps, float) or eps <= 0:
            raise ValueError(f"For 'Adam', the 'eps' must be a positive float, but got {eps!r}.")
        for name, flag in (("use_locking", use_locking), ("use_nesterov", use_nesterov),
                           ("use_amsgrad", use_amsgrad)):
            if not isinstance(flag, bool):
                raise TypeError(f"For 'Adam', the '{name}' must be a bool, but got {flag!r}.")
        if use_amsgrad and use_nesterov:
            raise ValueError("For 'Adam', 'use_amsgrad' and 'use_nesterov' can not both be "
                             "True.")
        unknown = set(kwargs) - {"use_lazy", "use_offload"}
        if unknown or kwargs.get("use_lazy") or kwargs.get("use_offload"):
            raise ValueError(f"For 'Adam', the arguments {sorted(kwargs)} are not supported by "
                             "graphc.")
        self.eps = eps
        self.use_locking = use_locking
        self.use_nesterov = use_nesterov
        self.use_amsgrad = use_amsgrad
        self.beta1_power = Parameter(Tensor(np.array(1.0, np.float32)), name="beta1_power",
                                     requires_grad=False)
        self.beta2_power = Parameter(Tensor(np.array(1.0, np.float32)), name="beta2_power",
                                     requires_grad=False)
        self.moment1 = zeros_like_params(self.parameters, "moment1")
        self.moment2 = zeros_like_params(self.parameters, "moment2")
        if use_amsgrad:
            self.vhat = zeros_like_params(self.parameters, "vhat")

    def construct(self, gradients: Any) -> Any:
        grads, lrs = self._prepare(gradients)
        b1, b2 = self.beta1, self.beta2
        beta1_power = ops.mul(self.beta1_power.value(), b1)
        beta2_power = ops.mul(self.beta2_power.value(), b2)
        correction = ops.div(ops.sqrt(ops.sub(1.0, beta2_power)), ops.sub(1.0, beta1_power))
        updates: list[tuple[Parameter, Any]] = [(self.beta1_power, beta1_power),
                                                (self.beta2_power, beta2_power)]
        vhats = self.vhat if self.use_amsgrad else [None] * len(grads)
        for p, g, lr, m, v, vhat in zip(self.parameters, grads, lrs, self.moment1,
                                        self.moment2, vhats):
            new_m = ops.add(ops.mul(m, b1), ops.mul(g, 1.0 - b1))
            new_v = ops.add(ops.mul(v, b2), ops.mul(ops.mul(g, g), 1.0 - b2))
            lr_t = ops.mul(lr, correction)
            denom_v = new_v
            if vhat is not None:
                denom_v = ops.maximum(vhat, new_v)
                updates.append((vhat, denom_v))
            numer = ops.add(ops.mul(new_m, b1), ops.mul(g, 1.0 - b1)) if self.use_nesterov \
                else new_m
            step = ops.div(numer, ops.add(ops.sqrt(denom_v), self.eps))
            updates.append((m, new_m))
            updates.append((v, new_v))
            updates.append((p, ops.sub(p, ops.mul(step, lr_t))))
        self._commit(updates)
        return self._success()
