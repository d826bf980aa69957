"""Activation cells (ReLU, ReLU6, LeakyReLU, Sigmoid, Tanh, GELU, SiLU, Softmax, LogSoftmax)
and `get_activation`, which turns a name such as 'relu' into a fresh cell."""

from __future__ import annotations

from typing import Any

from ... import ops
from ..cell import Cell


def _check_axis(op: str, axis: Any) -> Any:
    ok = isinstance(axis, int) and not isinstance(axis, bool)
    if isinstance(axis, (tuple, list)):
        ok = all(isinstance(a, int) and not isinstance(a, bool) for a in axis)
        axis = tuple(axis)
    if not ok:
        raise TypeError(f"For '{op}', the 'axis' must be an int or a tuple of ints, but got "
                        f"{axis!r}.")
    return axis


class ReLU(Cell):
    """max(x, 0)."""

    def construct(self, x: Any) -> Any:
        return ops.relu(x)


class ReLU6(Cell):
    """min(max(x, 0), 6)."""

    def construct(self, x: Any) -> Any:
        return ops.relu6(x)


class LeakyReLU(Cell):
    """x where x >= 0, alpha * x elsewhere (MindSpore's default alpha is 0.2)."""

    def __init__(self, alpha: float = 0.2) -> None:
        super().__init__()
        if not isinstance(alpha, (int, float)) or isinstance(alpha, bool):
            raise TypeError(f"For 'LeakyReLU', the 'alpha' must be a number, but got "
                            f"{alpha!r}.")
        self.alpha = alpha

    def construct(self, x: Any) -> Any:
        return ops.leaky_relu(x, self.alpha)


class Sigmoid(Cell):
    """1 / (1 + exp(-x))."""

    def construct(self, x: Any) -> Any:
        return ops.sigmoid(x)


class Tanh(Cell):
    def construct(self, x: Any) -> Any:
        return ops.tanh(x)


class GELU(Cell):
    """Gaussian error linear unit; `approximate=True` (the default) uses the tanh formula."""

    def __init__(self, approximate: bool = True) -> None:
        super().__init__()
        if not isinstance(approximate, bool):
            raise TypeError(f"For 'GELU', the 'approximate' must be a bool, but got "
                            f"{approximate!r}.")
        self.approximate = approximate

    def construct(self, x: Any) -> Any:
        return ops.gelu(x, approximate="tanh" if self.approximate else "none")


class SiLU(Cell):
    """x * sigmoid(x)."""

    def construct(self, x: Any) -> Any:
        return ops.silu(x)


class Softmax(Cell):
    """exp(x) / sum(exp(x)) along `axis`."""

    def __init__(self, axis: int | tuple[int, ...] = -1) -> None:
        super().__init__()
        self.axis = _check_axis("Softmax", axis)

    def construct(self, x: Any) -> Any:
        return ops.softmax(x, self.axis)


class LogSoftmax(Cell):
    """log(softmax(x)) along `axis`, computed stably."""

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.axis = _check_axis("LogSoftmax", axis)

    def construct(self, x: Any) -> Any:
        return ops.log_softmax(x, self.axis)


_ACTIVATIONS: dict[str, type[Cell]] = {
    "relu": ReLU,
    "relu6": ReLU6,
    "leakyrelu": LeakyReLU,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "gelu": GELU,
    "silu": SiLU,
    "softmax": Softmax,
    "logsoftmax": LogSoftmax,
}


def get_activation(name: str | None, prim_name: str | None = None) -> Cell | None:
    """A new activation cell for `name` ('relu', 'sigmoid', ...); None for None."""
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(f"For 'get_activation', the 'name' must be a str, but got "
                        f"{type(name).__name__}.")
    cls = _ACTIVATIONS.get(name.lower())
    if cls is None:
        where = f"For '{prim_name}', the" if prim_name else "The"
        raise KeyError(f"{where} activation '{name}' is not supported: expected one of "
                       f"{sorted(_ACTIVATIONS)}.")
    return cls()
