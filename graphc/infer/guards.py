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
