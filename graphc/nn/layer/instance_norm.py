"""Instance normalisation, `nn.InstanceNorm2d`: each (sample, channel) plane of an (N, C, H, W)
input normalised over H and W (biased variance), then per-channel `gamma` and `beta`.

Instance statistics are used in training and inference alike. In training the running
statistics (`moving_mean`, `moving_variance`, MindSpore's parameter names `mean` and
`variance`) are updated as cuDNN's kernel behind MindSpore's (GPU only; MindSpore 2.10 has no
CPU kernel) updates them: `running = (1 - momentum) * running + momentum * batch`, with the
batch's mean of the instance means and of the unbiased instance variances.
"""

from __future__ import annotations

from typing import Any

from ... import ops
from ...common import dtype as mstype
from ...common.initializer import initializer
from ...common.parameter import Parameter
from .._effects import assign
from ..cell import Cell
from .basic import check_positive_int, check_tensor


class InstanceNorm2d(Cell):
    """`nn.InstanceNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True,
    gamma_init='ones', beta_init='zeros', dtype=float32)`; see the module docstring."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1,
                 affine: bool = True, gamma_init: Any = "ones", beta_init: Any = "zeros",
                 dtype: Any = mstype.float32) -> None:
        super().__init__()
        op = "InstanceNorm2d"
        self.num_features = check_positive_int(op, "num_features", num_features)
        if isinstance(eps, bool) or not isinstance(eps, (int, float)) or eps <= 0:
            raise ValueError(f"For '{op}', the 'eps' must be a positive float, but got {eps!r}.")
        if (isinstance(momentum, bool) or not isinstance(momentum, (int, float))
                or not 0 <= momentum <= 1):
            raise ValueError(f"For '{op}', the 'momentum' must be a number in range [0, 1], "
                             f"but got {momentum!r}.")
        if not isinstance(affine, bool):
            raise TypeError(f"For '{op}', the 'affine' must be a bool, but got {affine!r}.")
        self.eps, self.momentum, self.affine = float(eps), float(momentum), affine
        self.moving_mean = Parameter(initializer("zeros", num_features, dtype), name="mean",
                                     requires_grad=False)
        self.moving_variance = Parameter(initializer("ones", num_features, dtype),
                                         name="variance", requires_grad=False)
        self.gamma = Parameter(initializer(gamma_init, num_features, dtype), name="gamma",
                               requires_grad=affine)
        self.beta = Parameter(initializer(beta_init, num_features, dtype), name="beta",
                              requires_grad=affine)

    def construct(self, x: Any) -> Any:
        check_tensor("InstanceNorm2d", x, (4,))
        if x.shape[1] != self.num_features:
            raise ValueError(f"For 'InstanceNorm2d', the input must be (N, {self.num_features}, "
                             f"H, W), but got shape {list(x.shape)}.")
        mean = ops.reduce_mean(x, (2, 3), True)
        xc = ops.sub(x, mean)
        var = ops.reduce_mean(ops.mul(xc, xc), (2, 3), True)
        y = ops.mul(xc, ops.rsqrt(ops.add(var, self.eps)))
        if self.training:
            self._update_running(mean, var, x.shape[2] * x.shape[3])
        shape = (1, self.num_features, 1, 1)
        return ops.add(ops.mul(y, ops.reshape(self.gamma, shape)),
                       ops.reshape(self.beta, shape))

    def _update_running(self, mean: Any, var: Any, count: int) -> None:
        unbiased = ops.mul(var, count / max(count - 1, 1))
        batch_mean = ops.stop_gradient(ops.reduce_mean(mean, (0, 2, 3)))
        batch_var = ops.stop_gradient(ops.reduce_mean(unbiased, (0, 2, 3)))
        keep = 1.0 - self.momentum
        assign(self.moving_mean, ops.add(ops.mul(self.moving_mean, keep),
                                         ops.mul(batch_mean, self.momentum)))
        assign(self.moving_variance, ops.add(ops.mul(self.moving_variance, keep),
                                             ops.mul(batch_var, self.momentum)))

    def extend_repr(self) -> str:
        return (f"num_features={self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"gamma={self.gamma}, beta={self.beta}, moving_mean={self.moving_mean}, "
                f"moving_variance={self.moving_variance}")
