"""Guards: constants a graph folded from places the program can change between calls (a
global, a closure variable, an object attribute: SPEC 1.8). A compiled graph is reused only
while every guard still holds; a failed guard names what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..parser.resolve import MISSING

_GUARDABLE = (bool, int, float, str, type(None))


def is_guardable(value: Any) -> bool:
    """Plain values folded into a graph: re-checked at every call, since the program may
    change them (objects, functions and Cells are not: their own reads are guarded)."""
    if isinstance(value, _GUARDABLE):
        return True
    if isinstance(value, tuple):
        return all(is_guardable(v) for v in value)
    return False


def read_cell(cell: Any) -> Any:
    try:
        return cell.cell_contents
    except ValueError:
        return MISSING


@dataclass(frozen=True, eq=False)
class Guard:
    """A folded constant's source and the value it had: `read(owner, *args)` must still equal
    `value` for the compiled graph to be valid."""

    what: str
    read: Callable[..., Any]
    owner: Any
    value: Any
    arg: Any = MISSING

    def current(self) -> Any:
        if self.arg is MISSING:
            return self.read(self.owner)
        return self.read(self.owner, self.arg, MISSING) if self.read is not getattr \
            else getattr(self.owner, self.arg, MISSING)

    def holds(self) -> bool:
        now = self.current()
        return now is self.value or (type(now) is type(self.value) and now == self.value)

    def describe_change(self) -> str:
        now = self.current()
        shown = "<deleted>" if now is MISSING else repr(now)
        return f"{self.what}: {self.value!r} -> {shown}"


# Arrays larger than this are guarded by identity only: comparing their contents at every call
# would cost more than the call.
CONTENT_GUARD_LIMIT = 65536


def content_snapshot(value: Any) -> Any:
    """A copy of a mutable container or array whose contents a graph folded, to compare with
    at each call; MISSING when its contents cannot be checked cheaply."""
    import numpy as np
    kind = type(value)
    if kind in (list, tuple, set, frozenset):
        items = [content_snapshot(v) if not is_guardable(v) else v for v in value]
        if any(v is MISSING for v in items):
            return MISSING
        return kind(items) if kind is not list else items
    if kind is dict:
        entries = {k: content_snapshot(v) if not is_guardable(v) else v
                   for k, v in value.items()}
        return MISSING if any(v is MISSING for v in entries.values()) else entries
    if kind is np.ndarray and value.size <= CONTENT_GUARD_LIMIT and value.dtype != object:
        return value.copy()
    if is_guardable(value):
        return value
    return _Identity(value)  # Cells, functions, objects: their own reads are guarded


class _Identity:
    """A snapshot that compares by identity (an object inside a guarded container)."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def __eq__(self, other: Any) -> bool:
        return other is self.obj or (isinstance(other, _Identity) and other.obj is self.obj)

    def __hash__(self) -> int:
        return id(self.obj)


def same_content(value: Any, snapshot: Any) -> bool:
    import numpy as np
    if isinstance(snapshot, np.ndarray):
        return type(value) is np.ndarray and value.shape == snapshot.shape and \
            value.dtype == snapshot.dtype and bool(np.array_equal(value, snapshot))
    if isinstance(snapshot, _Identity):
        return value is snapshot.obj
    if type(value) is not type(snapshot):
        return False
    if type(value) is dict:
        return value.keys() == snapshot.keys() and all(
            same_content(value[k], snapshot[k]) for k in value)
    if type(value) in (list, tuple):
        return len(value) == len(snapshot) and all(
            same_content(a, b) for a, b in zip(value, snapshot))
    return value == snapshot


@dataclass(frozen=True, eq=False)
class ContentGuard(Guard):
    """A folded mutable value (a list, dict or array read from a global, closure or attribute):
    the name must still hold the same object, with the same contents."""

    snapshot: Any = None

    def holds(self) -> bool:
        now = self.current()
        return now is self.value and same_content(now, self.snapshot)

    def describe_change(self) -> str:
        now = self.current()
        if now is not self.value:
            return f"{self.what}: rebound to {'<deleted>' if now is MISSING else repr(now)}"
        return f"{self.what}: contents changed {_short(self.snapshot)} -> {_short(now)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
