"""The environment options a compile reads, taken once per compile.

`MS_JIT_MODULES` / `MS_JIT_IGNORE_MODULES` (which modules' functions are user code to parse or
third-party code to run in Python) and `GRAPHC_VERIFY_IR` (check the IR after every pass) are
read from the environment when a compile starts (`compiling()`), not at each name a graph
looks up; code outside a compile reads them afresh (`current()`). A compile nested in another
(a Cell's graph built while its caller's is) sees its caller's options.

The options also hold the origins found for modules (`origins`), so a module's classification
is computed once per compile.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


def _module_set(variable: str) -> frozenset[str]:
    return frozenset(m.strip() for m in os.environ.get(variable, "").split(",") if m.strip())


@dataclass(frozen=True, slots=True)
class CompileOptions:
    """The options one compile runs under."""

    jit_modules: frozenset[str]  # MS_JIT_MODULES: parsed as user code
    ignore_modules: frozenset[str]  # MS_JIT_IGNORE_MODULES: run in Python
    verify_ir: bool  # GRAPHC_VERIFY_IR: the IR verifier after every pass
    # top-level module name -> its origin (parser.resolve.Origin), filled as found
    origins: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_environment(cls) -> CompileOptions:
        return cls(_module_set("MS_JIT_MODULES"), _module_set("MS_JIT_IGNORE_MODULES"),
                   bool(os.environ.get("GRAPHC_VERIFY_IR")))


_active: ContextVar[CompileOptions | None] = ContextVar("graphc_compile_options", default=None)


def current() -> CompileOptions:
    """The running compile's options (read from the environment when none runs)."""
    options = _active.get()
    return options if options is not None else CompileOptions.from_environment()


def in_compile() -> bool:
    return _active.get() is not None


@contextmanager
def compiling() -> Iterator[CompileOptions]:
    """Run a compile under options read now (or its caller's, when nested)."""
    options = _active.get()
    if options is not None:
        yield options
        return
    options = CompileOptions.from_environment()
    token = _active.set(options)
    try:
        yield options
    finally:
        _active.reset(token)
