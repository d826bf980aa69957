"""What a LAX graph changes outside itself, and what it folded that such a change invalidates.

A compiled function may change objects that live outside its graph (an argument's list, a
global, an attribute, an object the graph created): those changes must happen at run time, on
the real object, and later reads of the object are run-time reads. Each such thing has a key
(one dataclass per kind). `MutationTracker.volatile` holds the keys the function is known to
change; it is shared by all compilations of one function, so a build that folded a value and
then found that the function changes it is built again, reading it at run time
(`needs_rebuild`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ObjectKey:
    """An outside object (by id) changed in place. A key recorded as volatile holds the object
    (`keep`, not compared), so that no other object takes its id while the key is kept: a
    freed object's id given to a new one would make that one read at run time by mistake."""

    ident: int
    keep: Any = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class AttributeKey:
    """An attribute of an object (by id) that the function sets (the object held as in
    `ObjectKey`)."""

    ident: int
    name: str
    keep: Any = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class GlobalKey:
    """A module global (its module's namespace by id) that the function assigns."""

    namespace: int
    name: str


@dataclass(frozen=True, slots=True)
class CreationKey:
    """Where (file, line, column) the graph creates an object it must create at run time."""

    site: tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class ArgumentKey:
    """An argument (by position) the function changes: passed to the graph as it is."""

    position: int


MutationKey = ObjectKey | AttributeKey | GlobalKey | CreationKey | ArgumentKey


@dataclass(slots=True)
class MutationTracker:
    """One build's view of outside objects: what the function changes (`volatile`, shared
    between builds), what this build folded, and the objects it found outside the graph."""

    volatile: set[Any] = field(default_factory=set)
    folded_reads: set[Any] = field(default_factory=set)  # volatile-able things folded
    # `global name; name = v` at function level: later reads in this build give v
    global_writes: dict[tuple[int, str], Any] = field(default_factory=dict)
    # objects this graph folded as constants and created (plain classes), by id -> site
    created: dict[int, tuple[str, int, int]] = field(default_factory=dict)
    # argument objects (lists, dicts, arrays) by id -> (object, its key)
    arguments: dict[int, tuple[Any, ArgumentKey]] = field(default_factory=dict)

    def rebuild_with(self, key: Any) -> None:
        """Make `key` a run-time matter; this build treated it as a constant."""
        self.volatile.add(key)
        self.folded_reads.add(key)

    def needs_rebuild(self, known: set[Any]) -> bool:
        """Whether this build folded something found changing since `known` was taken."""
        return bool(self.folded_reads & (self.volatile - known))


__all__ = ["ArgumentKey", "AttributeKey", "CreationKey", "GlobalKey", "MutationKey",
           "MutationTracker", "ObjectKey"]
