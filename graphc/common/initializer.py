"""Weight initialisers: MindSpore's `mindspore.common.initializer`.

`initializer(init, shape, dtype)` makes a Tensor filled by `init`, which may be an
`Initializer` object (`Normal(sigma=0.02)`), one of the registered names ('zeros', 'ones',
'normal', 'uniform', 'he_uniform', 'he_normal', 'xavier_uniform', 'xavier_normal',
'truncatednormal'), a number (a constant) or a Tensor (returned as is after a shape check).
Random initialisers draw from `context.rng()` once `graphc.set_seed(n)` was called, so it makes
them reproducible; without a seed each draw starts from NumPy's global random state, as
MindSpore's do, so `np.random.seed(n)` before building a network gives the same weights.
Values are computed in float64 and cast to the requested dtype once.

An `Initializer` is also what `Tensor(shape=..., dtype=..., init=...)` accepts: calling it with
`(shape, np_dtype)` returns a new array; calling it with an array fills that array in place
(MindSpore's `Initializer.__call__(arr)`).
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from . import dtype as mstype
from .context import get_seed
from .context import rng as _seeded_rng
from .tensor import Tensor


def rng() -> np.random.Generator:
    """The generator of one initialiser's draw (see the module docstring)."""
    if get_seed() is not None:
        return _seeded_rng()
    return np.random.default_rng(np.random.randint(0, 2**63 - 1, dtype=np.int64))

__all__ = [
    "Initializer", "Zero", "One", "Constant", "Normal", "Uniform", "HeUniform", "HeNormal",
    "XavierUniform", "XavierNormal", "TruncatedNormal", "Identity", "Orthogonal",
    "initializer",
]

_ALIASES: dict[str, type[Initializer]] = {}


def _register(*names: str):
    def deco(cls: type[Initializer]) -> type[Initializer]:
        for name in names:
            _ALIASES[name] = cls
        return cls
    return deco


def _calculate_fan_in_and_fan_out(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight: (in, out) for a 2-D (out, in) matrix; for a conv weight
    (out, in, *kernel) both are multiplied by the kernel's size."""
    dims = len(shape)
    if dims < 2:
        raise ValueError("'fan_in' and 'fan_out' can not be computed for tensor with fewer than "
                         f"2 dimensions, but got dimensions {dims}.")
    receptive = math.prod(shape[2:]) if dims > 2 else 1
    return shape[1] * receptive, shape[0] * receptive


def _calculate_correct_fan(shape: tuple[int, ...], mode: str) -> int:
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"For 'HeUniform' and 'HeNormal', 'mode' must be 'fan_in' or 'fan_out', "
                         f"but got {mode!r}.")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(shape)
    return fan_in if mode == "fan_in" else fan_out


def _calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain of `nonlinearity` (as torch.nn.init.calculate_gain)."""
    linear = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
              "conv_transpose3d", "sigmoid")
    if nonlinearity in linear:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = float(param)
        else:
            raise ValueError(f"For 'leaky_relu', the 'negative_slope' must be a number, but got "
                             f"{param!r}.")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"The argument 'nonlinearity' {nonlinearity!r} is not supported: expected "
                     f"one of {list(linear) + ['tanh', 'relu', 'leaky_relu', 'selu']}.")


class Initializer:
    """Base of the initialisers. A subclass implements `_generate(shape) -> float64 array`."""

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        raise NotImplementedError

    def __call__(self, arr_or_shape: Any, dtype: Any = None) -> np.ndarray:
        if isinstance(arr_or_shape, np.ndarray):
            arr_or_shape[...] = self._generate(arr_or_shape.shape)
            return arr_or_shape
        shape = _check_shape(arr_or_shape)
        np_dtype = np.dtype(np.float32) if dtype is None else _to_np_dtype(dtype)
        return np.asarray(self._generate(shape)).astype(np_dtype, copy=False)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._kwargs.items())
        return f"{type(self).__name__}({args})"


@_register("zeros", "zero")
class Zero(Initializer):
    """All zeros."""

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        return np.zeros(shape)


@_register("ones", "one")
class One(Initializer):
    """All ones."""

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        return np.ones(shape)


class Constant(Initializer):
    """Every element is `value`."""

    def __init__(self, value: Any) -> None:
        if not isinstance(value, (numbers.Number, np.generic)) or isinstance(value, bool):
            raise TypeError(f"For 'Constant', the 'value' must be a number, but got {value!r}.")
        super().__init__(value=value)
        self.value = value

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        return np.full(shape, self.value)


@_register("normal")
class Normal(Initializer):
    """Samples of N(mean, sigma**2)."""

    def __init__(self, sigma: float = 0.01, mean: float = 0.0) -> None:
        super().__init__(sigma=sigma, mean=mean)
        self.sigma = sigma
        self.mean = mean

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        return rng().normal(self.mean, self.sigma, shape)


@_register("uniform")
class Uniform(Initializer):
    """Samples of U(-scale, scale)."""

    def __init__(self, scale: float = 0.07) -> None:
        super().__init__(scale=scale)
        self.scale = scale

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        return rng().uniform(-self.scale, self.scale, shape)


class _Kaiming(Initializer):
    """Shared by HeUniform and HeNormal: the fan and gain of He initialisation."""

    def __init__(self, negative_slope: float = 0, mode: str = "fan_in",
                 nonlinearity: str = "leaky_relu") -> None:
        super().__init__(negative_slope=negative_slope, mode=mode, nonlinearity=nonlinearity)
        self.negative_slope = negative_slope
        self.mode = mode
        self.nonlinearity = nonlinearity

    def _std(self, shape: tuple[int, ...]) -> float:
        """gain / sqrt(fan) (0 for an empty fan)."""
        fan = _calculate_correct_fan(shape, self.mode)
        gain = _calculate_gain(self.nonlinearity, self.negative_slope)
        return gain / math.sqrt(fan) if fan else 0.0


@_register("he_uniform")
class HeUniform(_Kaiming):
    """Kaiming uniform: U(-bound, bound), bound = gain * sqrt(3 / fan)."""

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        bound = math.sqrt(3.0) * self._std(shape)
        return rng().uniform(-bound, bound, shape)


@_register("he_normal")
class HeNormal(_Kaiming):
    """Kaiming normal: N(0, std**2), std = gain / sqrt(fan)."""

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        return rng().normal(0.0, self._std(shape), shape)


@_register("xavier_uniform")
class XavierUniform(Initializer):
    """Glorot uniform: U(-bound, bound), bound = gain * sqrt(6 / (fan_in + fan_out))."""

    def __init__(self, gain: float = 1) -> None:
        super().__init__(gain=gain)
        self.gain = gain

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        fan_in, fan_out = _calculate_fan_in_and_fan_out(shape)
        bound = self.gain * math.sqrt(6.0 / (fan_in + fan_out)) if fan_in + fan_out else 0.0
        return rng().uniform(-bound, bound, shape)


@_register("xavier_normal")
class XavierNormal(Initializer):
    """Glorot normal: N(0, std**2), std = gain * sqrt(2 / (fan_in + fan_out))."""

    def __init__(self, gain: float = 1) -> None:
        super().__init__(gain=gain)
        self.gain = gain

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        fan_in, fan_out = _calculate_fan_in_and_fan_out(shape)
        std = self.gain * math.sqrt(2.0 / (fan_in + fan_out)) if fan_in + fan_out else 0.0
        return rng().normal(0.0, std, shape)


@_register("truncatednormal", "truncated_normal")
class TruncatedNormal(Initializer):
    """N(mean, sigma**2) restricted to [a, b] (resampling what falls outside)."""

    def __init__(self, sigma: float = 0.01, mean: float = 0.0, a: float = -2.0,
                 b: float = 2.0) -> None:
        if a >= b:
            raise ValueError(f"For 'TruncatedNormal', 'a' must be less than 'b', but got "
                             f"a={a}, b={b}.")
        super().__init__(sigma=sigma, mean=mean, a=a, b=b)
        self.sigma = sigma
        self.mean = mean
        self.a = a
        self.b = b

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        gen = rng()
        out = gen.normal(self.mean, self.sigma, shape)
        bad = (out < self.a) | (out > self.b)
        # Rejection sampling; fall back to clipping if [a, b] carries almost no mass.
        for _ in range(100):
            if not bad.any():
                break
            out[bad] = gen.normal(self.mean, self.sigma, int(bad.sum()))
            bad = (out < self.a) | (out > self.b)
        return np.clip(out, self.a, self.b)


@_register("identity", "eye")
class Identity(Initializer):
    """The identity matrix (2-D shapes only)."""

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        if len(shape) != 2:
            raise ValueError(f"For 'Identity', the shape must be 2-D, but got {list(shape)}.")
        return np.eye(shape[0], shape[1])


@_register("orthogonal")
class Orthogonal(Initializer):
    """A (semi-)orthogonal matrix times `gain`; dimensions after the first are flattened."""

    def __init__(self, gain: float = 1.0) -> None:
        super().__init__(gain=gain)
        self.gain = gain

    def _generate(self, shape: tuple[int, ...]) -> np.ndarray:
        if len(shape) < 2:
            raise ValueError(f"For 'Orthogonal', the shape must have at least 2 dimensions, "
                             f"but got {list(shape)}.")
        rows, cols = shape[0], math.prod(shape[1:])
        flat = rng().normal(0.0, 1.0, (rows, cols))
        if rows < cols:
            flat = flat.T
        q, r = np.linalg.qr(flat)
        q *= np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return (self.gain * q).reshape(shape)


def _check_shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (int(shape),)
    try:
        dims = tuple(shape)
    except TypeError:
        raise TypeError(f"For 'initializer', the shape must be an int, tuple or list of ints, "
                        f"but got {shape!r}.") from None
    for d in dims:
        if not isinstance(d, (int, np.integer)) or isinstance(d, bool) or d < 0:
            raise ValueError(f"For 'initializer', the shape must be non-negative ints, "
                             f"but got {list(dims)}.")
    return tuple(int(d) for d in dims)


def _to_np_dtype(dtype: Any) -> np.dtype:
    if isinstance(dtype, mstype.DType):
        return dtype.np_dtype
    return mstype.to_dtype(dtype).np_dtype


def _from_name(name: str) -> Initializer:
    cls = _ALIASES.get(name.lower())
    if cls is None:
        raise ValueError(f"For 'initializer', the init name {name!r} is not supported: expected "
                         f"one of {sorted(_ALIASES)}, an Initializer, a number or a Tensor.")
    return cls()


def initializer(init: Any, shape: Any = None, dtype: Any = mstype.float32) -> Tensor:
    """A Tensor of `shape` and `dtype` filled by `init` (an Initializer, its registered name, a
    number or a Tensor). A Tensor `init` must already have `shape` and is returned as is."""
    if isinstance(init, Tensor):
        if shape is not None:
            want = _check_shape(shape)
            if tuple(init.shape) != want:
                raise ValueError(f"For 'initializer', the shape of the 'init' Tensor "
                                 f"{list(init.shape)} is not equal to the 'shape' {list(want)}.")
        return init
    if shape is None:
        raise ValueError("For 'initializer', the 'shape' must be given unless 'init' is a "
                         "Tensor.")
    dims = _check_shape(shape)
    ms_dtype = mstype.to_dtype(dtype) if dtype is not None else mstype.float32
    if isinstance(init, str):
        init = _from_name(init)
    elif isinstance(init, (numbers.Number, np.generic)) and not isinstance(init, bool):
        init = Constant(init)
    elif isinstance(init, type) and issubclass(init, Initializer):
        init = init()
    if not isinstance(init, Initializer):
        raise TypeError(f"For 'initializer', 'init' must be a Tensor, a str, a number or an "
                        f"Initializer, but got {type(init).__name__}.")
    return Tensor(shape=dims, dtype=ms_dtype, init=init)
