"""The continuous distributions: `Normal(mean, sd)`, `Uniform(low, high)`,
`Exponential(rate)`."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ....common import dtype as mstype
from ....common.tensor import Tensor
from ....ops import arith_ops as A
from ....ops import compare_ops as K
from ....ops.index_ops import where
from ....ops.random_ops import rand, randn
from .distribution import Distribution

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
_NEG_INF = float("-inf")


def _check_positive(name: str, key: str, value: Tensor) -> Tensor:
    data = getattr(value, "_data", None)
    if isinstance(data, np.ndarray) and not np.all(data > 0):
        raise ValueError(f"For '{name}', '{key}' must be greater than zero, but got "
                         f"{data.tolist()}.")
    return value


def _zeros_of(*values: Tensor) -> Tensor:
    """0 broadcast to the shape of `values` (to give results the batch shape)."""
    out = A.mul(values[0], 0.0)
    for v in values[1:]:
        out = A.add(out, A.mul(v, 0.0))
    return out


class Normal(Distribution):
    """`Normal(mean=None, sd=None, seed=None, dtype=float32, name='Normal')`."""

    PARAMS = ("mean", "sd")

    def __init__(self, mean: Any = None, sd: Any = None, seed: int | None = None,
                 dtype: Any = mstype.float32, name: str = "Normal") -> None:
        super().__init__(seed, dtype, name, {"mean": mean, "sd": sd})

    def _check_param(self, key: str, value: Any) -> Tensor:
        t = super()._check_param(key, value)
        return _check_positive(self.name, key, t) if key == "sd" else t

    def _describe(self) -> str:
        return super()._describe().replace("sd =", "standard deviation =")

    def _log_prob(self, value: Tensor, mean: Tensor, sd: Tensor) -> Tensor:
        z = A.true_divide(A.sub(value, mean), sd)
        return A.sub(A.sub(A.mul(A.square(z), -0.5), A.log(sd)), _HALF_LOG_2PI)

    def _cdf(self, value: Tensor, mean: Tensor, sd: Tensor) -> Tensor:
        z = A.true_divide(A.sub(value, mean), A.mul(sd, math.sqrt(2.0)))
        return A.mul(A.add(A.erf(z), 1.0), 0.5)

    def _mean(self, mean: Tensor, sd: Tensor) -> Tensor:
        return A.add(mean, _zeros_of(sd))

    def _var(self, mean: Tensor, sd: Tensor) -> Tensor:
        return A.add(A.square(sd), _zeros_of(mean))

    def _entropy(self, mean: Tensor, sd: Tensor) -> Tensor:
        return A.add(A.add(A.log(sd), 0.5 + _HALF_LOG_2PI), _zeros_of(mean))

    def _kl(self, this: tuple[Tensor, ...], other: tuple[Tensor, ...]) -> Tensor:
        (m1, s1), (m2, s2) = this, other
        ratio = A.true_divide(A.add(A.square(s1), A.square(A.sub(m1, m2))),
                              A.mul(A.square(s2), 2.0))
        return A.sub(A.add(A.log(A.true_divide(s2, s1)), ratio), 0.5)

    def _sample(self, shape: tuple[int, ...], mean: Tensor, sd: Tensor) -> Tensor:
        return A.add(mean, A.mul(sd, randn(shape, dtype=self.dtype)))


class Uniform(Distribution):
    """`Uniform(low=None, high=None, seed=None, dtype=float32, name='Uniform')`: on
    [low, high]."""

    PARAMS = ("low", "high")

    def __init__(self, low: Any = None, high: Any = None, seed: int | None = None,
                 dtype: Any = mstype.float32, name: str = "Uniform") -> None:
        super().__init__(seed, dtype, name, {"low": low, "high": high})
        low_t, high_t = self._dist_params["low"], self._dist_params["high"]
        if low_t is not None and high_t is not None and \
                not np.all(low_t.asnumpy() < high_t.asnumpy()):
            raise ValueError(f"For '{name}', 'low' must be less than 'high', but got "
                             f"{low_t.asnumpy().tolist()} and {high_t.asnumpy().tolist()}.")

    def _inside(self, value: Tensor, low: Tensor, high: Tensor) -> Tensor:
        return K.logical_and(K.greater_equal(value, low), K.less_equal(value, high))

    def _log_prob(self, value: Tensor, low: Tensor, high: Tensor) -> Tensor:
        density = A.neg(A.log(A.sub(high, low)))
        return where(self._inside(value, low, high), A.add(density, _zeros_of(value)),
                     A.add(_zeros_of(value, low, high), _NEG_INF))

    def _cdf(self, value: Tensor, low: Tensor, high: Tensor) -> Tensor:
        return K.clip(A.true_divide(A.sub(value, low), A.sub(high, low)), 0.0, 1.0)

    def _mean(self, low: Tensor, high: Tensor) -> Tensor:
        return A.mul(A.add(low, high), 0.5)

    def _var(self, low: Tensor, high: Tensor) -> Tensor:
        return A.true_divide(A.square(A.sub(high, low)), 12.0)

    def _entropy(self, low: Tensor, high: Tensor) -> Tensor:
        return A.log(A.sub(high, low))

    def _kl(self, this: tuple[Tensor, ...], other: tuple[Tensor, ...]) -> Tensor:
        (l1, h1), (l2, h2) = this, other
        kl = A.log(A.true_divide(A.sub(h2, l2), A.sub(h1, l1)))
        covered = K.logical_and(K.greater_equal(l1, l2), K.less_equal(h1, h2))
        return where(covered, kl, A.add(_zeros_of(kl), float("inf")))

    def _sample(self, shape: tuple[int, ...], low: Tensor, high: Tensor) -> Tensor:
        return A.add(low, A.mul(A.sub(high, low), rand(shape, dtype=self.dtype)))


class Exponential(Distribution):
    """`Exponential(rate=None, seed=None, dtype=float32, name='Exponential')`."""

    PARAMS = ("rate",)

    def __init__(self, rate: Any = None, seed: int | None = None,
                 dtype: Any = mstype.float32, name: str = "Exponential") -> None:
        super().__init__(seed, dtype, name, {"rate": rate})

    @property
    def rate(self) -> Tensor | None:
        return self._dist_params["rate"]

    def _check_param(self, key: str, value: Any) -> Tensor:
        return _check_positive(self.name, key, super()._check_param(key, value))

    def _log_prob(self, value: Tensor, rate: Tensor) -> Tensor:
        log_density = A.sub(A.log(rate), A.mul(rate, value))
        return where(K.greater_equal(value, 0.0), log_density,
                     A.add(_zeros_of(log_density), _NEG_INF))

    def _cdf(self, value: Tensor, rate: Tensor) -> Tensor:
        cdf = A.sub(1.0, A.exp(A.neg(A.mul(rate, value))))
        return where(K.greater_equal(value, 0.0), cdf, _zeros_of(cdf))

    def _mean(self, rate: Tensor) -> Tensor:
        return A.reciprocal(rate)

    def _var(self, rate: Tensor) -> Tensor:
        return A.reciprocal(A.square(rate))

    def _entropy(self, rate: Tensor) -> Tensor:
        return A.sub(1.0, A.log(rate))

    def _kl(self, this: tuple[Tensor, ...], other: tuple[Tensor, ...]) -> Tensor:
        (r1,), (r2,) = this, other
        return A.sub(A.add(A.log(A.true_divide(r1, r2)), A.true_divide(r2, r1)), 1.0)

    def _sample(self, shape: tuple[int, ...], rate: Tensor) -> Tensor:
        u = rand(shape, dtype=self.dtype)
        return A.true_divide(A.neg(A.log(A.sub(1.0, u))), rate)
