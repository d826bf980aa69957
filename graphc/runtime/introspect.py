"""`graphc.explain`: what JIT Fallback does in a function or Cell, in words a user can act on."""

from __future__ import annotations

from typing import Any

from ..fallback import ExplainReport
from .jit import BoundJit, JitFunction


def explain(fn: Any, *args: Any, **kwargs: Any) -> ExplainReport:
    """What JIT Fallback does in `fn` (a function, a `jit` function or a Cell) for these
    arguments: every interpret node with its file:line, source line and the reason in words.
    Compiles without running; `str()` of the report is the text, `.count` the number."""
    if isinstance(fn, (JitFunction, BoundJit)):
        return fn.explain(*args, **kwargs)
    if hasattr(fn, "__graphc_pijit__"):  # jit(capture_mode="bytecode"): what was captured
        return fn.capture_info()
    construct = getattr(type(fn), "construct", None)
    if construct is not None and callable(fn):  # a Cell: its construct, bound to it
        if not isinstance(construct, JitFunction):
            construct = JitFunction(construct)
        return BoundJit(construct, fn).explain(*args, **kwargs)
    return JitFunction(fn).explain(*args, **kwargs)
