"""The functional loss-scaling API of `mindspore.amp` for hand-written training steps:
`StaticLossScaler`, `DynamicLossScaler` and `all_finite`.

    loss = scaler.scale(loss)                  # inside the differentiated function
    grads = scaler.unscale(grads)              # Tensors, or (nested) tuples/lists of them
    finite = all_finite(grads)                 # a bool Tensor: no inf/NaN anywhere
    scaler.adjust(finite)                      # dynamic: scale / factor on overflow, scale *
                                               # factor after `scale_window` finite steps

The scalers are jit_classes whose scale (and counter) are Parameters, so they work eagerly and
inside `@jit` functions alike.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..common import dtype as mstype
from ..common.parameter import Parameter
from ..common.tensor import Tensor
from ..runtime import jit_class


def _map(fn: Any, inputs: Any) -> Any:
    if isinstance(inputs, (tuple, list)):
        return type(inputs)(_map(fn, x) for x in inputs)
    return fn(inputs)


def _flatten(inputs: Any) -> list[Any]:
    if isinstance(inputs, (tuple, list)):
        return [leaf for x in inputs for leaf in _flatten(x)]
    return [inputs]


def all_finite(inputs: Any) -> Any:
    """True (a bool Tensor) when no Tensor in `inputs` holds an inf or NaN."""
    leaves = _flatten(inputs)
    if not leaves:
        return Tensor(np.array(True))
    return ops.reduce_all(ops.stack([ops.reduce_all(ops.isfinite(x)) for x in leaves]))


def _check_scale(value: Any) -> float:
    if not isinstance(value, (float, int)) or isinstance(value, bool):
        raise TypeError(f"For 'LossScaler', the 'scale_value' must be a float or an int, but got "
                        f"{type(value).__name__}.")
    if value < 1.0:
        raise ValueError(f"The argument 'scale_value' must be > 1, but got {value}")
    return float(value)


def _positive_int(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"For 'DynamicLossScaler', the '{name}' must be a positive int, but got "
                         f"{value!r}.")
    return value


@jit_class
class LossScaler:
    """Base class: `scale`, `unscale`, `adjust(grads_finite)`."""

    scale_value: Parameter

    def scale(self, inputs: Any) -> Any:
        return _map(lambda x: ops.mul(x, ops.cast(self.scale_value, x.dtype)), inputs)

    def unscale(self, inputs: Any) -> Any:
        return _map(lambda x: ops.mul(x, ops.cast(ops.div(1.0, self.scale_value), x.dtype)),
                    inputs)

    def adjust(self, grads_finite: Any) -> Any:
        raise NotImplementedError(f"'{type(self).__name__}' must override 'adjust'.")


class StaticLossScaler(LossScaler):
    """A constant scale; `adjust` does nothing and returns False."""

    def __init__(self, scale_value: float) -> None:
        self.scale_value = Parameter(Tensor(np.array(_check_scale(scale_value), np.float32)),
                                     name="scale_value", requires_grad=False)

    def adjust(self, grads_finite: Any) -> Any:
        return False


class DynamicLossScaler(LossScaler):
    """A scale divided by `scale_factor` (not below 1) when the gradients were not finite and
    multiplied by it (if the product stays finite) after `scale_window` finite steps in a row."""

    def __init__(self, scale_value: float, scale_factor: int, scale_window: int) -> None:
        self.scale_value = Parameter(Tensor(np.array(_check_scale(scale_value), np.float32)),
                                     name="scale_value", requires_grad=False)
        self.scale_window = _positive_int("scale_window", scale_window)
        self.scale_factor = _positive_int("scale_factor", scale_factor)
        self.counter = Parameter(Tensor(np.array(0, np.int32)), name="counter",
                                 requires_grad=False)

    def adjust(self, grads_finite: Any) -> Any:
        scale = self.scale_value
        grown = ops.mul(scale, float(self.scale_factor))
        at_window = ops.equal(self.counter, self.scale_window - 1)
        on_finite = ops.select(at_window, ops.select(ops.isfinite(grown), grown, scale), scale)
        shrunk = ops.maximum(ops.div(scale, float(self.scale_factor)), 1.0)
        new_scale = ops.select(grads_finite, on_finite, shrunk)
        counter = ops.mul(ops.floor_mod(ops.add(self.counter, 1), self.scale_window),
                          ops.cast(grads_finite, mstype.int32))
        ops.assign(self.scale_value, new_scale)
        ops.assign(self.counter, counter)
        return True


__all__ = ["LossScaler", "StaticLossScaler", "DynamicLossScaler", "all_finite"]
