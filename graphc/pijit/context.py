"""`PIJitCaptureContext`: MindSpore's decorator behind `jit(capture_mode="bytecode")`, as its
tests use it (`PIJitCaptureContext(jit_config=..., fullgraph=...)(fn)`).

Applied to a function it gives a `PIJitFunction`; to a method, one bound to the same instance;
to a Cell instance, its `construct` captured and bound to the cell; to a Cell class (or any
class with `construct`), the class with `construct` replaced. Generators and coroutines, and
graphc's own functions, are returned unchanged (MindSpore does the same, with a warning for
the former). Used as a context manager it switches MindSpore's PI-mode flag on and off.
"""

from __future__ import annotations

import inspect
import types
import warnings
from typing import Any

from .api import PIJitFunction
from .settings import jit_mode_pi_disable, jit_mode_pi_enable


class PIJitCaptureContext:
    """Capture functions from their bytecode with one `jit_config` and `fullgraph` setting."""

    def __init__(self, fullgraph: bool = False, jit_config: Any = None) -> None:
        config: dict[str, Any] = {}
        if isinstance(jit_config, dict):
            config.update(jit_config)
        elif jit_config is not None:
            config.update(dict(getattr(jit_config, "jit_config_dict", {}) or {}))
        self.fullgraph = bool(fullgraph)
        self.config = config

    def __call__(self, fn: Any) -> Any:
        if isinstance(fn, type):
            construct = vars(fn).get("construct") or getattr(fn, "construct", None)
            if construct is None:
                raise TypeError(f"PIJitCaptureContext cannot capture the class "
                                f"{fn.__name__}: it has no 'construct' method. Decorate a "
                                "function, a method or a Cell.")
            setattr(fn, "construct", self(construct))  # noqa: B010
            return fn
        if isinstance(fn, types.MethodType) or hasattr(fn, "__graphc_pijit__"):
            # a method, or a function/method already captured: captured (again) with this
            # context's options
            return PIJitFunction(fn, None, self.config, self.fullgraph)
        if not isinstance(fn, (types.FunctionType, PIJitFunction)):
            if callable(getattr(fn, "construct", None)):  # a Cell instance
                return PIJitFunction(fn, None, self.config, self.fullgraph)
            raise TypeError(f"PIJitCaptureContext captures a function, method or Cell, not "
                            f"{type(fn).__name__}.")
        if isinstance(fn, types.FunctionType) and _unsupported(fn):
            warnings.warn(f"jit(capture_mode='bytecode'): {fn.__qualname__} is a generator or "
                          "coroutine function; it runs as plain Python.", stacklevel=2)
            return fn
        return PIJitFunction(fn, None, self.config, self.fullgraph)

    def __enter__(self) -> PIJitCaptureContext:
        jit_mode_pi_enable()
        return self

    def __exit__(self, *exc: Any) -> None:
        jit_mode_pi_disable()


def _unsupported(fn: types.FunctionType) -> bool:
    return inspect.isgeneratorfunction(fn) or inspect.iscoroutinefunction(fn) or \
        inspect.isasyncgenfunction(fn)


__all__ = ["PIJitCaptureContext"]
