"""Telling graphc's own failures from the user's.

An exception escaping while a graph is compiled or run is either the user's — raised by the
user's code, by a library it calls, by an operation of the user's program on its values (`1 //
0`, `t[9]` on a 3-tuple), or by one of graphc's deliberate checks (`raise ValueError(...)` in
graphc) — or graphc's own bug: a builtin operation failing inside graphc's code (a KeyError of
a lookup, an AttributeError on None, a NameError in generated code). `is_internal` decides from
the traceback where the exception started; `internal_error` wraps graphc's own in
`GraphcInternalError` naming the user's line, the original chained (`GRAPHC_DEBUG=1` also puts
its full traceback in the message).

Functions of graphc that apply the user's own operations to the user's values are marked
`@user_operations`: a builtin failing directly in them is the user's error.
"""

from __future__ import annotations

import linecache
import os
import sys
import sysconfig
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from .errors import GraphcError, GraphcInternalError, SourceLocation

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_LIBRARY_DIRS = tuple({os.path.abspath(p) + os.sep for p in (
    sysconfig.get_paths().get("stdlib", ""), sysconfig.get_paths().get("purelib", ""),
    sysconfig.get_paths().get("platlib", ""), os.path.dirname(os.__file__)) if p})

# In generated code, these are failures of the code itself, not of the user's operations.
_GENERATED_BUGS = (NameError, AssertionError, AttributeError, RecursionError, SyntaxError)

_USER_OPERATION_CODES: set[Any] = set()

F = TypeVar("F", bound=Callable[..., Any])


def user_operations(fn: F) -> F:
    """Mark `fn` as applying the user's own operations to the user's values: an exception a
    builtin raises directly in it is the user's (as plain Python would raise it)."""
    _USER_OPERATION_CODES.add(fn.__code__)
    return fn


def _origin(filename: str) -> str:
    if filename.startswith("<graphc generated"):
        return "generated"
    if filename.startswith("<graphc"):  # interpret-node lambdas: the user's expressions
        return "user"
    path = os.path.abspath(filename) if not filename.startswith("<") else filename
    if path.startswith(_PACKAGE_DIR):
        return "graphc"
    if filename.startswith("<frozen") or path.startswith(_LIBRARY_DIRS):
        return "library"
    return "user"


def _is_raise_line(filename: str, lineno: int) -> bool:
    return linecache.getline(filename, lineno).lstrip().startswith("raise")


def _innermost(tb: TracebackType | None) -> list[TracebackType]:
    entries = []
    while tb is not None:
        entries.append(tb)
        tb = tb.tb_next
    return entries


def is_internal(exc: BaseException) -> bool:
    """Whether `exc`, escaping graphc while it compiled or ran a graph, is a graphc bug."""
    if isinstance(exc, GraphcInternalError):
        return True
    if isinstance(exc, GraphcError) or not isinstance(exc, Exception):
        return False
    entries = _innermost(exc.__traceback__)
    if not entries:
        return False
    for tb in reversed(entries):  # from where it was raised outwards
        code = tb.tb_frame.f_code
        origin = _origin(code.co_filename)
        if origin == "library":
            continue
        if origin == "user":
            return False
        if origin == "generated":
            raise_lines = tb.tb_frame.f_globals.get("_user_raise_lines", ())
            return tb.tb_lineno not in raise_lines and isinstance(exc, _GENERATED_BUGS)
        if tb is not entries[-1]:
            return False  # a library graphc called refused the user's values
        if isinstance(exc, AssertionError):
            return True
        return not (_is_raise_line(code.co_filename, tb.tb_lineno)
                    or code in _USER_OPERATION_CODES)
    return False


def note_user_line(exc: BaseException) -> None:
    """Add to `exc` (a shape or type error raised eagerly by an op or layer) a note naming the
    user's line that called it: the innermost frame of the user's code on the stack."""
    if getattr(exc, "_graphc_user_line", False) or not hasattr(exc, "add_note"):
        return
    frame = sys._getframe(1)
    while frame is not None and _origin(frame.f_code.co_filename) != "user":
        frame = frame.f_back
    if frame is None:
        return
    text = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    exc.add_note(f"(at {frame.f_code.co_filename}:{frame.f_lineno}: {text})")
    exc._graphc_user_line = True  # type: ignore[attr-defined]


def _debug() -> bool:
    return bool(os.environ.get("GRAPHC_DEBUG"))


def internal_error(exc: BaseException, what: str, locations: list[SourceLocation]
                   ) -> GraphcInternalError:
    """The `GraphcInternalError` that reports `exc` (graphc's bug) while `what` ('compiling
    f'), at the user's `locations` (outermost call first); raise it `from exc`."""
    located = [loc for loc in locations if loc.line]
    where = ""
    if located:
        loc = located[-1]
        where = f" at {loc.filename}:{loc.line}: {loc.line_text.strip()}"
    message = (f"{type(exc).__name__}: {exc} (while {what}{where}). Please report it with "
               "this message and that code; GRAPHC_DEBUG=1 shows graphc's own traceback in full.")
    if _debug():
        message += "\n\ngraphc's traceback:\n" + "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__))
    err = GraphcInternalError(message, located[-1] if located else None)
    err.trace = located
    return err


def function_location(fn: Any) -> list[SourceLocation]:
    """The `def` line of a user function, as the location of a failure inside its graph."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return []
    line = code.co_firstlineno
    for i in range(line, line + 20):  # past the decorators, to the `def` line
        if linecache.getline(code.co_filename, i).lstrip().startswith(("def ", "async def ")):
            line = i
            break
    text = linecache.getline(code.co_filename, line)
    return [SourceLocation(code.co_filename, line, function=code.co_name, line_text=text)]


def reraise_internal(exc: BaseException, what: str, fn: Any) -> None:
    """Raise `GraphcInternalError` for `exc` if it is graphc's bug (else return)."""
    if is_internal(exc) and not isinstance(exc, GraphcInternalError):
        raise internal_error(exc, what, function_location(fn)) from exc


__all__ = ["is_internal", "internal_error", "user_operations", "function_location",
           "note_user_line",
           "reraise_internal"]
