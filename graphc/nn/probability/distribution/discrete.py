"""The discrete distributions: `Bernoulli(probs)` on {0, 1} and `Categorical(probs)` on
{0, ..., K-1} (`probs` along the last axis)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ....common import dtype as mstype
from ....common.tensor import Tensor
from ....ops import arith_ops as A
from ....ops import compare_ops as K
from ....ops.creation_ops import arange
from ....ops.index_ops import where
from ....ops.join_ops import expand_dims
from ....ops.linalg_ops import cumsum
from ....ops.random_ops import rand
from ....ops.reduce_ops import reduce_sum
from ....ops.shape_ops import cast
from .distribution import Distribution


def _xlogy(x: Tensor, y: Tensor) -> Tensor:
    """x * log(y), 0 where x is 0."""
    return where(K.equal(x, 0.0), A.mul(x, 0.0), A.mul(x, A.log(y)))


class Bernoulli(Distribution):
    """`Bernoulli(probs=None, seed=None, dtype=int32, name='Bernoulli')`: 1 with
    probability `probs`."""

    PARAMS = ("probs",)

    def __init__(self, probs: Any = None, seed: int | None = None,
                 dtype: Any = mstype.int32, name: str = "Bernoulli") -> None:
        super().__init__(seed, dtype, name, {"probs": probs})

    @property
    def probs(self) -> Tensor | None:
        return self._dist_params["probs"]

    def _check_param(self, key: str, value: Any) -> Tensor:
        t = super()._check_param(key, value)
        data = getattr(t, "_data", None)
        if isinstance(data, np.ndarray) and not np.all((data >= 0) & (data <= 1)):
            raise ValueError(f"For '{self.name}', 'probs' must be in [0, 1], but got "
                             f"{data.tolist()}.")
        return t

    def _log_prob(self, value: Tensor, p: Tensor) -> Tensor:
        return A.add(_xlogy(value, p), _xlogy(A.sub(1.0, value), A.sub(1.0, p)))

    def _cdf(self, value: Tensor, p: Tensor) -> Tensor:
        zeros = A.mul(A.add(value, p), 0.0)
        below_one = where(K.less(value, 1.0), A.add(zeros, A.sub(1.0, p)), A.add(zeros, 1.0))
        return where(K.less(value, 0.0), zeros, below_one)

    def _mean(self, p: Tensor) -> Tensor:
        return p

    def _var(self, p: Tensor) -> Tensor:
        return A.mul(p, A.sub(1.0, p))

    def _entropy(self, p: Tensor) -> Tensor:
        return A.neg(A.add(_xlogy(p, p), _xlogy(A.sub(1.0, p), A.sub(1.0, p))))

    def _kl(self, this: tuple[Tensor, ...], other: tuple[Tensor, ...]) -> Tensor:
        (p1,), (p2,) = this, other
        q1, q2 = A.sub(1.0, p1), A.sub(1.0, p2)
        return A.add(_xlogy(p1, A.true_divide(p1, p2)), _xlogy(q1, A.true_divide(q1, q2)))

    def _sample(self, shape: tuple[int, ...], p: Tensor) -> Tensor:
        return cast(K.less(rand(shape), p), self.dtype)


class Categorical(Distribution):
    """`Categorical(probs=None, seed=None, dtype=int32, name='Categorical')`: category k with
    probability `probs[..., k]`."""

    PARAMS = ("probs",)

    def __init__(self, probs: Any = None, seed: int | None = None,
                 dtype: Any = mstype.int32, name: str = "Categorical") -> None:
        super().__init__(seed, dtype, name, {"probs": probs})
        if self.probs is not None:
            self.batch_shape = self.broadcast_shape = tuple(self.probs.shape[:-1])

    @property
    def probs(self) -> Tensor | None:
        return self._dist_params["probs"]

    def _check_param(self, key: str, value: Any) -> Tensor:
        t = super()._check_param(key, value)
        if len(t.shape) < 1:
            raise ValueError(f"For '{self.name}', 'probs' must have at least one dimension "
                             "(the categories), but got a scalar.")
        data = getattr(t, "_data", None)
        if isinstance(data, np.ndarray) and (
                np.any(data < 0) or not np.allclose(data.sum(-1), 1.0, atol=1e-6)):
            raise ValueError(f"For '{self.name}', 'probs' must be >= 0 and sum to 1 along the "
                             f"last axis, but got {data.tolist()}.")
        return t

    def _batch_of(self, value: Tensor) -> tuple[int, ...]:
        return tuple(value.shape[:-1])

    def _categories(self, p: Tensor) -> Tensor:
        return arange(0, p.shape[-1], dtype=mstype.float32)

    def _log_prob(self, value: Tensor, p: Tensor) -> Tensor:
        hit = K.equal(expand_dims(value, -1), self._categories(p))
        return A.log(reduce_sum(A.mul(cast(hit, mstype.float32), p), -1))

    def _cdf(self, value: Tensor, p: Tensor) -> Tensor:
        below = K.less_equal(self._categories(p), expand_dims(value, -1))
        return reduce_sum(A.mul(cast(below, mstype.float32), p), -1)

    def _mean(self, p: Tensor) -> Tensor:
        return reduce_sum(A.mul(self._categories(p), p), -1)

    def _var(self, p: Tensor) -> Tensor:
        k = self._categories(p)
        second = reduce_sum(A.mul(A.square(k), p), -1)
        return A.sub(second, A.square(self._mean(p)))

    def _entropy(self, p: Tensor) -> Tensor:
        return A.neg(reduce_sum(_xlogy(p, p), -1))

    def _kl(self, this: tuple[Tensor, ...], other: tuple[Tensor, ...]) -> Tensor:
        (p1,), (p2,) = this, other
        return reduce_sum(_xlogy(p1, A.true_divide(p1, p2)), -1)

    def _sample(self, shape: tuple[int, ...], p: Tensor) -> Tensor:
        u = expand_dims(rand(shape), -1)
        count = reduce_sum(cast(K.less_equal(cumsum(p, -1), u), mstype.float32), -1)
        return cast(K.clip(count, 0.0, float(p.shape[-1] - 1)), self.dtype)
