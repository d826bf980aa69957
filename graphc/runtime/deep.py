"""Compiling deeply nested programs independently of CPython's recursion limit.

The specialiser follows the user's program recursively (a call inlines the callee, an
expression its operands), so a function recursing 100 deep or an expression of 1,000 terms needs
more Python frames than the default limit allows. `run_deep` runs a compile step on a thread
with a large stack and a high recursion limit (the context variables of the caller carried
over); past that depth it raises a located `GraphcRecursionError`, a RecursionError.
"""

from __future__ import annotations

import contextvars
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from ..common.errors import GraphcError, SourceLocation

T = TypeVar("T")

STACK_BYTES = 1 << 30  # reserved address space for the compiling thread (not committed)
RECURSION_LIMIT = 60_000
_lock = threading.Lock()


class GraphcRecursionError(GraphcError, RecursionError):
    """The program nests calls or expressions deeper than graphc can compile."""


def run_deep(step: Callable[[], T], what: str, where: list[SourceLocation]) -> T:
    """`step()` on a thread with a deep stack; its result, or the exception it raised."""
    result: list[Any] = []
    error: list[BaseException] = []
    ctx = contextvars.copy_context()

    def target() -> None:
        try:
            result.append(ctx.run(step))
        except BaseException as exc:  # handed to the calling thread
            error.append(exc)

    with _lock:  # stack size and recursion limit are process-wide settings
        old_limit = sys.getrecursionlimit()
        old_stack = threading.stack_size()
        try:
            threading.stack_size(STACK_BYTES)
            sys.setrecursionlimit(max(old_limit, RECURSION_LIMIT))
            thread = threading.Thread(target=target, name="graphc-deep-compile")
            thread.start()
            thread.join()
        finally:
            threading.stack_size(old_stack)
            sys.setrecursionlimit(old_limit)
    if error:
        exc = error[0]
        if isinstance(exc, RecursionError) and not isinstance(exc, GraphcError):
            loc = where[-1] if where else None
            raise GraphcRecursionError(
                f"{what}: the program nests calls or expressions deeper than graphc compiles "
                f"(more than about {RECURSION_LIMIT // 20} levels); make the recursion or the "
                "expression shallower, or loop instead of recursing.", loc) from None
        raise exc
    return result[0]
