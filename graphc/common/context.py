"""The context: graphc's one piece of global mutable state.

`set_context` / `get_context` read and write the mode (GRAPH_MODE / PYNATIVE_MODE), the JIT
syntax level (STRICT / COMPATIBLE / LAX), the device target and the graph-dump options. The
stack of active autodiff tapes is per thread of execution (a `ContextVar`), so two threads
differentiating at once never see each other's tapes.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np

GRAPH_MODE = 0
PYNATIVE_MODE = 1

STRICT = 0
COMPATIBLE = 1
LAX = 2

_DEVICE_TARGETS = ("CPU", "GPU", "Ascend")


@dataclass(slots=True)
class Context:
    """The current settings. Read with `get_context(key)`; change with `set_context(**kw)`."""

    mode: int = PYNATIVE_MODE
    jit_syntax_level: int = LAX
    device_target: str = "CPU"
    device_id: int = 0
    save_graphs: bool | int = False
    save_graphs_path: str = "."
    max_call_depth: int = 1000
    pynative_synchronize: bool = False
    # MindSpore's backend optimisation level ("O0", "O1", ...): recorded, graphc has one backend.
    jit_level: str = ""
    # Read once from the environment, at import: MS_JIT=0 runs graph code eagerly.
    jit_enabled: bool = field(default_factory=lambda: os.environ.get("MS_JIT", "1") != "0")
    # Bumped on every set_context, so compile caches can key on the settings cheaply.
    version: int = 0
    # The random generator of dropout and weight initialisers; `set_seed` replaces it.
    rng: np.random.Generator = field(default_factory=np.random.default_rng)
    seed: int | None = None


_context = Context()


def context() -> Context:
    """The process-wide context object."""
    return _context


def _check_mode(value: Any) -> int:
    if value not in (GRAPH_MODE, PYNATIVE_MODE) or isinstance(value, bool):
        raise ValueError(
            "For 'context.set_context', the argument 'mode' should be context.GRAPH_MODE (0) "
            f"or context.PYNATIVE_MODE (1), but got {value!r}."
        )
    return int(value)


def _check_level(value: Any) -> int:
    names = {"STRICT": STRICT, "COMPATIBLE": COMPATIBLE, "LAX": LAX}
    if isinstance(value, str) and value in names:
        return names[value]
    if value not in (STRICT, COMPATIBLE, LAX) or isinstance(value, bool):
        raise ValueError(
            "For 'context.set_context', the argument 'jit_syntax_level' should be "
            f"context.STRICT or context.LAX, but got {value!r}."
        )
    return int(value)


def _check_device(value: Any) -> str:
    if value not in _DEVICE_TARGETS:
        raise ValueError(
            "For 'context.set_context', the argument 'device_target' must be one of "
            f"{list(_DEVICE_TARGETS)}, but got {value!r}. graphc runs every target on the CPU."
        )
    return str(value)


def _check_positive_int(name: str):
    def check(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValueError(
                f"For 'context.set_context', the argument '{name}' must be a positive int, "
                f"but got {value!r}."
            )
        return value
    return check


def _check_nonneg_int(name: str):
    def check(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(
                f"For 'context.set_context', the argument '{name}' must be an int >= 0, "
                f"but got {value!r}."
            )
        return value
    return check


def _check_str(name: str):
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(
                f"For 'context.set_context', the argument '{name}' must be a str, "
                f"but got {value!r}."
            )
        return value
    return check


def _check_bool_or_level(value: Any) -> bool | int:
    if isinstance(value, bool) or (isinstance(value, int) and 0 <= value <= 3):
        return value
    raise ValueError(
        "For 'context.set_context', the argument 'save_graphs' must be a bool or an int in "
        f"[0, 3], but got {value!r}."
    )


_CHECKERS = {
    "mode": _check_mode,
    "jit_syntax_level": _check_level,
    "device_target": _check_device,
    "device_id": _check_nonneg_int("device_id"),
    "save_graphs": _check_bool_or_level,
    "save_graphs_path": _check_str("save_graphs_path"),
    "max_call_depth": _check_positive_int("max_call_depth"),
    "pynative_synchronize": lambda v: bool(v),
    "jit_level": _check_str("jit_level"),
}


def set_context(**kwargs: Any) -> None:
    """Change settings. Every key and value is checked before any is applied, so a call that
    raises leaves the context as it was."""
    checked = {}
    for key, value in kwargs.items():
        checker = _CHECKERS.get(key)
        if checker is None:
            raise ValueError(
                f"For 'context.set_context', the keyword argument {key} is not recognized! "
                f"The supported keys are {sorted(_CHECKERS)}."
            )
        checked[key] = checker(value)
    for key, value in checked.items():
        setattr(_context, key, value)
    _context.version += 1


def get_context(attr_key: str) -> Any:
    """The stored value of setting `attr_key`; ValueError for an unknown attr_key."""
    if attr_key not in _CHECKERS:
        raise ValueError(
            f"For 'context.get_context', the argument {attr_key!r} is not recognized! "
            f"The supported keys are {sorted(_CHECKERS)}."
        )
    return getattr(_context, attr_key)


def set_seed(seed: int) -> None:
    """Seed graphc's random numbers (dropout masks, weight initialisers): same seed, same
    numbers."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"For 'set_seed', the seed must be an int >= 0, but got {seed!r}.")
    _context.seed = seed
    _context.rng = np.random.default_rng(seed)


def get_seed() -> int | None:
    return _context.seed


def rng() -> np.random.Generator:
    """The current random generator."""
    return _context.rng


# The stack of autodiff tapes recording eager ops, innermost last. A tape is any object with a
# `record(primitive, attrs, inputs, outputs)` method (graphc.autodiff defines the real one).
active_tapes: ContextVar[tuple[Any, ...]] = ContextVar("graphc_active_tapes", default=())

# The graph builder that is tracing framework code while a function is compiled, or None.
# `ops.apply` hands it every primitive call whose inputs include a graph value.
active_tracer: ContextVar[Any] = ContextVar("graphc_active_tracer", default=None)
