"""Batch normalisation: BatchNorm1d ((N, C) or (N, C, L) inputs) and BatchNorm2d
((N, C, H, W) inputs).

Training (`cell.training`, or `use_batch_statistics=True`) normalises with the batch's mean
and biased variance and updates the moving statistics in place:
`moving = momentum * moving + (1 - momentum) * batch`, where `momentum` is the user's (0.9 by
default). Normalisation uses the biased batch variance; the update of `moving_variance` uses
the unbiased one (times n / (n - 1), n the values per channel), as MindSpore 2.10 does in both
modes. Inference uses the moving statistics.
"""

from __future__ import annotations

import math
from typing import Any

from ... import ops
from ...common import dtype as mstype
from ...common.initializer import initializer
from ...common.parameter import Parameter
from ...ops.nn_ops import BATCH_NORM
from .._effects import assign
from ..cell import Cell
from .basic import check_positive_int, check_tensor


class _BatchNorm(Cell):
    """What BatchNorm1d and BatchNorm2d share; subclasses set `_ndims` (accepted input ranks)."""

    _ndims: tuple[int, ...] = ()

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.9,
                 affine: bool = True, gamma_init: Any = "ones", beta_init: Any = "zeros",
                 moving_mean_init: Any = "zeros", moving_var_init: Any = "ones",
                 use_batch_statistics: bool | None = None, data_format: str = "NCHW",
                 dtype: Any = mstype.float32) -> None:
        super().__init__()
        op = type(self).__name__
        self.num_features = check_positive_int(op, "num_features", num_features)
        if not isinstance(eps, (int, float)) or isinstance(eps, bool) or eps <= 0:
            raise ValueError(f"For '{op}', the 'eps' must be a positive float, but got {eps!r}.")
        if (not isinstance(momentum, (int, float)) or isinstance(momentum, bool)
                or not 0 <= momentum <= 1):
            raise ValueError(f"For '{op}', the 'momentum' must be a number in range [0, 1], "
                             f"but got {momentum!r}.")
        if use_batch_statistics not in (None, True, False):
            raise TypeError(f"For '{op}', the 'use_batch_statistics' must be a bool or None, "
                            f"but got {use_batch_statistics!r}.")
        if data_format != "NCHW":
            raise ValueError(f"For '{op}', the 'data_format' must be 'NCHW' (the only format "
                             f"graphc supports), but got {data_format!r}.")
        self.eps = float(eps)
        # MindSpore keeps 1 - momentum: the weight of the batch statistics in the update.
        self.momentum = 1.0 - momentum
        self.affine = affine
        self.use_batch_statistics = use_batch_statistics
        self.format = data_format
        self.moving_mean = Parameter(initializer(moving_mean_init, num_features, dtype),
                                     name="mean", requires_grad=False)
        self.moving_variance = Parameter(initializer(moving_var_init, num_features, dtype),
                                         name="variance", requires_grad=False)
        self.gamma = Parameter(initializer(gamma_init, num_features, dtype), name="gamma",
                               requires_grad=affine)
        self.beta = Parameter(initializer(beta_init, num_features, dtype), name="beta",
                              requires_grad=affine)

    def _check_input(self, x: Any) -> None:
        op = type(self).__name__
        check_tensor(op, x, self._ndims)
        if x.shape[1] not in (self.num_features, None):
            raise ValueError(f"For '{op}', the input must have num_features={self.num_features} "
                             f"channels (dimension 1), but got an input of shape "
                             f"{list(x.shape)}.")

    def construct(self, x: Any) -> Any:
        self._check_input(x)
        use_batch = self.training if self.use_batch_statistics is None \
            else self.use_batch_statistics
        y, batch_mean, batch_var = ops.apply(
            BATCH_NORM, x, self.gamma, self.beta, self.moving_mean, self.moving_variance,
            is_training=bool(use_batch), epsilon=self.eps)
        if use_batch:
            self._update_moving_stats(batch_mean, batch_var, _values_per_channel(x))
        return y

    def _update_moving_stats(self, batch_mean: Any, batch_var: Any, count: Any) -> None:
        """moving = (1 - self.momentum) * moving + self.momentum * batch, with no gradient;
        the batch variance made unbiased with the `count` values per channel."""
        keep = 1.0 - self.momentum
        if isinstance(count, int):
            factor: Any = count / max(count - 1, 1)
        else:  # a run-time count (dynamic dimensions)
            factor = ops.div(count, ops.maximum(ops.sub(count, 1.0), 1.0))
        unbiased = ops.mul(ops.stop_gradient(batch_var), factor)
        new_mean = ops.add(ops.mul(ops.stop_gradient(self.moving_mean), keep),
                           ops.mul(ops.stop_gradient(batch_mean), self.momentum))
        new_var = ops.add(ops.mul(ops.stop_gradient(self.moving_variance), keep),
                          ops.mul(unbiased, self.momentum))
        assign(self.moving_mean, new_mean)
        assign(self.moving_variance, new_var)

    def extend_repr(self) -> str:
        return (f"num_features={self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"gamma={self.gamma}, beta={self.beta}, moving_mean={self.moving_mean}, "
                f"moving_variance={self.moving_variance}")


def _values_per_channel(x: Any) -> Any:
    """How many values each channel of `x` has (N times the spatial size): an int for a known
    shape, else a run-time float32 Tensor."""
    if None not in x.shape:
        return math.prod(x.shape) // x.shape[1]
    total = ops.reduce_sum(ops.ones_like(ops.stop_gradient(x), dtype=mstype.float32))
    return ops.div(total, float(x.shape[1]))


class BatchNorm1d(_BatchNorm):
    """Batch normalisation over (N, C) or (N, C, L) inputs."""

    _ndims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation over (N, C, H, W) inputs."""

    _ndims = (4,)
