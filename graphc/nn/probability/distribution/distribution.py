"""`Distribution`, the base of the probability distributions: parameter handling and the
methods derived from the ones a distribution defines.

A distribution stores its parameters (`Normal(mean, sd)`) as Tensors, or None; every method
takes optional overriding parameters after its own arguments (`prob(value, mean, sd)`), as
MindSpore's do. A subclass names its parameters in `PARAMS` and defines `_log_prob`, `_cdf`,
`_mean`, `_var`, `_entropy` and `_sample` on the resolved parameter Tensors.
"""

from __future__ import annotations

from typing import Any

from ....common import dtype as mstype
from ....common.tensor import Tensor
from ....ops import arith_ops as A
from ....ops.convert import to_tensor
from ...cell import Cell


class Distribution(Cell):
    """Base of the distributions; `construct(name, *args)` calls the method `name`."""

    PARAMS: tuple[str, ...] = ()
    PARAM_DTYPE: mstype.DType = mstype.float32  # the dtype parameters are stored in

    def __init__(self, seed: int | None, dtype: Any, name: str,
                 params: dict[str, Any]) -> None:
        super().__init__()
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)
                                 or seed < 0):
            raise TypeError(f"For '{name}', the seed must be an int >= 0 or None, but got "
                            f"{seed!r}.")
        self.seed = 0 if seed is None else seed
        self.dtype = mstype.to_dtype(dtype)
        self.name = name
        self.parameters = {**params, "seed": seed, "dtype": self.dtype, "name": name,
                           "param_dict": dict(params)}
        self._dist_params = {key: None if value is None else self._check_param(key, value)
                        for key, value in params.items()}
        known = [v for v in self._dist_params.values() if v is not None]
        shape: tuple[int, ...] = ()
        for value in known:
            shape = _broadcast_shapes(name, shape, value.shape)
        self.batch_shape = self.broadcast_shape = shape

    def _check_param(self, key: str, value: Any) -> Tensor:
        """A parameter as a Tensor of PARAM_DTYPE; subclasses add range checks."""
        return to_tensor(value, self.PARAM_DTYPE)

    def _resolve(self, given: tuple[Any, ...], method: str) -> tuple[Tensor, ...]:
        """The parameters for one call: those given override the stored ones."""
        if len(given) > len(self.PARAMS):
            raise TypeError(f"For '{self.name}.{method}', at most {len(self.PARAMS)} "
                            f"parameters {self.PARAMS} may follow the arguments, but got "
                            f"{len(given)}.")
        out = []
        for i, key in enumerate(self.PARAMS):
            if i < len(given) and given[i] is not None:
                out.append(self._check_param(key, given[i]))
                continue
            stored = self._dist_params[key]
            if stored is None:
                raise ValueError(f"For '{self.name}.{method}', the parameter '{key}' was not "
                                 "given to the constructor, so it must be passed to the call.")
            out.append(stored)
        return tuple(out)

    def _value(self, value: Any) -> Tensor:
        return to_tensor(value, self.PARAM_DTYPE)

    # The public methods, each resolving the parameters first.
    def log_prob(self, value: Any, *params: Any) -> Tensor:
        return self._log_prob(self._value(value), *self._resolve(params, "log_prob"))

    def prob(self, value: Any, *params: Any) -> Tensor:
        return A.exp(self.log_prob(value, *params))

    def cdf(self, value: Any, *params: Any) -> Tensor:
        return self._cdf(self._value(value), *self._resolve(params, "cdf"))

    def log_cdf(self, value: Any, *params: Any) -> Tensor:
        return A.log(self.cdf(value, *params))

    def survival_function(self, value: Any, *params: Any) -> Tensor:
        return A.sub(1.0, self.cdf(value, *params))

    def log_survival(self, value: Any, *params: Any) -> Tensor:
        return A.log(self.survival_function(value, *params))

    def mean(self, *params: Any) -> Tensor:
        return self._mean(*self._resolve(params, "mean"))

    def var(self, *params: Any) -> Tensor:
        return self._var(*self._resolve(params, "var"))

    def sd(self, *params: Any) -> Tensor:
        return A.sqrt(self.var(*params))

    def entropy(self, *params: Any) -> Tensor:
        return self._entropy(*self._resolve(params, "entropy"))

    def kl_loss(self, dist: str, *params: Any) -> Tensor:
        """KL(self || other), `other` a distribution of the same kind with `params`."""
        if dist != type(self).__name__:
            raise ValueError(f"For '{self.name}.kl_loss', the other distribution must be "
                             f"'{type(self).__name__}', but got {dist!r}.")
        n = len(self.PARAMS)
        other = self._resolve_other(params[:n])
        return self._kl(self._resolve(params[n:], "kl_loss"), other)

    def cross_entropy(self, dist: str, *params: Any) -> Tensor:
        n = len(self.PARAMS)
        return A.add(self.entropy(*params[n:]), self.kl_loss(dist, *params))

    def _resolve_other(self, params: tuple[Any, ...]) -> tuple[Tensor, ...]:
        if len(params) != len(self.PARAMS) or any(p is None for p in params):
            raise TypeError(f"For '{self.name}.kl_loss', the other distribution's parameters "
                            f"{self.PARAMS} must all be given.")
        return tuple(self._check_param(k, v) for k, v in zip(self.PARAMS, params))

    def sample(self, shape: Any = (), *params: Any) -> Tensor:
        if isinstance(shape, int):
            shape = (shape,)
        if not isinstance(shape, tuple):
            raise TypeError(f"For '{self.name}.sample', the shape must be a tuple, but got "
                            f"{type(shape).__name__}.")
        resolved = self._resolve(params, "sample")
        batch: tuple[int, ...] = ()
        for value in resolved:
            batch = _broadcast_shapes(self.name, batch, self._batch_of(value))
        return self._sample(tuple(shape) + batch, *resolved)

    def _batch_of(self, value: Tensor) -> tuple[int, ...]:
        return tuple(value.shape)

    def construct(self, name: str, *args: Any) -> Any:
        method = getattr(self, name, None)
        if name.startswith("_") or method is None or not callable(method):
            raise ValueError(f"For '{self.name}', {name!r} is not a method of the "
                             "distribution.")
        return method(*args)

    def _describe(self) -> str:
        return ", ".join(f"{k} = {_short(v)}" for k, v in self._dist_params.items())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._describe()})"

    __str__ = __repr__


def _short(value: Tensor | None) -> str:
    return "None" if value is None else str(value.asnumpy())


def _broadcast_shapes(name: str, a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    import numpy as np
    try:
        return tuple(np.broadcast_shapes(tuple(a), tuple(b)))
    except ValueError:
        raise ValueError(f"For '{name}', the parameter shapes {a} and {b} do not "
                         "broadcast.") from None
