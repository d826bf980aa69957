"""`Parameter` (a named, trainable Tensor updated in place) and `ParameterTuple`."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from .context import active_tracer
from .tensor import Tensor, to_array

# Unnamed Parameters are called `Parameter#N`, numbered as MindSpore 2.10 numbers them (its first
# user-created one is #2); a Cell attribute renames it after the attribute.
_UNNAMED = itertools.count(2)

class Parameter(Tensor):
    """A Tensor that a Cell owns and an optimiser updates in place.

    `Parameter(default_input, name=None, requires_grad=True, layerwise_parallel=False,
    parallel_optimizer=True, storage_format='', device=None)`. Its `name` becomes the attribute
    path ('conv.weight') when the Cell that holds it is attached to another Cell. Arithmetic on
    a Parameter gives plain Tensors; `set_data` replaces the values, keeping the object.
    """

    __slots__ = ("name", "requires_grad", "layerwise_parallel", "parallel_optimizer",
                 "_name_fixed")

    def __init__(self, default_input: Any, name: str | None = None, requires_grad: bool = True,
                 layerwise_parallel: bool = False, parallel_optimizer: bool = True,
                 storage_format: str = "", device: str | None = None) -> None:
        # `storage_format` (Ascend's data layouts) and `device` (where MindSpore keeps the
        # data) are accepted for MindSpore's signature; graphc keeps every value in NumPy.
        if isinstance(default_input, Tensor):
            self._data = default_input._data.copy()
        elif isinstance(default_input, (np.ndarray, list, tuple, bool, int, float, np.generic)):
            self._data = to_array(default_input, None)
        else:
            raise TypeError(
                "For 'Parameter', the type of default_input must be Tensor, ndarray, list, "
                f"tuple, int, float or bool, but got '{type(default_input).__name__}'."
            )
        if name is not None and not isinstance(name, str):
            raise TypeError(f"For 'Parameter', the name must be a str, but got {name!r}.")
        self.name = name if name else f"Parameter#{next(_UNNAMED)}"
        self._name_fixed = bool(name)
        self.requires_grad = bool(requires_grad)
        self.layerwise_parallel = layerwise_parallel
        self.parallel_optimizer = parallel_optimizer

    @property
    def data(self) -> Parameter:
        return self

    def value(self) -> Tensor:
        """The current values as a Tensor (inside a graph being built: the graph value that
        reads this Parameter at run time)."""
        tracer = active_tracer.get()
        if tracer is not None:
            return tracer.weight_value(self)
        return Tensor._make(self._data)

    def set_data(self, data: Any, slice_shape: bool = False) -> Parameter:
        """Replace the values. The new data must have this Parameter's shape (unless the
        Parameter is a scalar placeholder); its dtype is cast to the Parameter's."""
        new = data._data if isinstance(data, Tensor) else to_array(data, None)
        if new.shape != self._data.shape and not slice_shape:
            raise ValueError(
                f"For 'Parameter.set_data' of '{self.name}', the new data's shape "
                f"{new.shape} differs from the Parameter's shape {self._data.shape}."
            )
        self._data = np.array(new, dtype=self._data.dtype, copy=True)
        return self

    def clone(self, init: Any = "same") -> Parameter:
        """A new Parameter of the same name and shape: a copy of the values (`init="same"`),
        or filled by an initializer (`"zeros"`, `"ones"`, `One()`, ...)."""
        if isinstance(init, str) and init == "same":
            data = self._data.copy()
        else:
            from .initializer import initializer
            data = initializer(init, self._data.shape, self.dtype)._data
        p = Parameter(data, name=self.name, requires_grad=self.requires_grad)
        p._name_fixed = self._name_fixed
        return p

    def __str__(self) -> str:
        return (f"Parameter (name={self.name}, shape={self._data.shape}, dtype={self.dtype}, "
                f"requires_grad={self.requires_grad})")

    __repr__ = __str__

    def __reduce__(self):
        return (Parameter, (self._data, self.name, self.requires_grad))


def named_weight(value: Any) -> Any:
    """The Parameter a graph value reads (`graphc_weight`), or `value` itself."""
    weight = getattr(value, "graphc_weight", None)
    return value if weight is None else weight


class ParameterTuple(tuple):
    """An immutable tuple of Parameters, the usual `weights` argument of `grad`."""

    def __new__(cls, iterable: Any = ()) -> ParameterTuple:
        # inside a graph, a Parameter read by user code is a graph value that names it
        items = tuple(named_weight(item) for item in iterable)
        for item in items:
            if not isinstance(item, Parameter):
                raise TypeError(f"ParameterTuple input should be Parameter, but got "
                                f"{type(item).__name__}.")
        return super().__new__(cls, items)

    def clone(self, prefix: str, init: str = "same") -> ParameterTuple:
        out = []
        for p in self:
            c = p.clone(init)  # "same" copies; an initializer name fills (e.g. "zeros")
            c.name = f"{prefix}.{p.name}"
            out.append(c)
        return ParameterTuple(out)
