"""Python structures of graph values as leaves plus a tree definition.

A value flowing through the specialiser may be a tuple of a Tensor and a list of run-time
numbers and constants. Branches, loops, loop gradients and compile pass only its *leaves* (the
values the graph computes) through a node, and rebuild the structure around the results:

    leaves, tree = flatten(value, is_leaf)      # the leaves, in order, and the structure
    value = unflatten(tree, new_leaves)          # the same structure around other leaves

`TreeDef` is frozen: a leaf, a constant (kept as it is), a sequence (its type and parts; a
slice is the sequence of its start, stop and step), a dict (keys and parts) or a dict view
(`keys()`/`values()`/`items()` of a dict of parts).
`flatten_up_to(tree, value)` takes the leaves of a value that must have `tree`'s structure (a
loop body's results against the loop's start) and says how it differs otherwise.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any


class Kind(enum.Enum):
    LEAF = "leaf"
    CONST = "const"
    SEQUENCE = "sequence"
    DICT = "dict"
    VIEW = "view"


_VIEWS: dict[type, str] = {type({}.keys()): "keys", type({}.values()): "values",
                           type({}.items()): "items"}


@dataclass(frozen=True, slots=True, eq=False)
class TreeDef:
    """The structure of a value around its leaves."""

    kind: Kind
    children: tuple[TreeDef, ...] = ()
    seq_type: type | None = None  # SEQUENCE: tuple, list (or a subclass), slice
    keys: tuple[Any, ...] = ()  # DICT and VIEW: the keys, in order
    value: Any = None  # CONST: the value itself; VIEW: the view's name

    @staticmethod
    def leaf() -> TreeDef:
        return _LEAF

    @staticmethod
    def const(value: Any) -> TreeDef:
        return TreeDef(Kind.CONST, value=value)

    @staticmethod
    def sequence(seq_type: type, children: Iterable[TreeDef]) -> TreeDef:
        return TreeDef(Kind.SEQUENCE, tuple(children), seq_type=seq_type)

    @staticmethod
    def dict(keys: Iterable[Any], children: Iterable[TreeDef]) -> TreeDef:
        return TreeDef(Kind.DICT, tuple(children), keys=tuple(keys))

    @property
    def is_leaf(self) -> bool:
        return self.kind is Kind.LEAF

    @property
    def is_const(self) -> bool:
        return self.kind is Kind.CONST

    @property
    def num_leaves(self) -> int:
        if self.kind is Kind.LEAF:
            return 1
        return sum(c.num_leaves for c in self.children)

    def leaf_names(self, name: str) -> list[str]:
        """A name for each leaf: `name` for a leaf, `name_i` for the parts of a container."""
        if self.kind is Kind.LEAF:
            return [name]
        return [n for i, c in enumerate(self.children) for n in c.leaf_names(f"{name}_{i}")]


_LEAF = TreeDef(Kind.LEAF)


def flatten(value: Any, is_leaf: Callable[[Any], bool], *,
            mappings: bool = True) -> tuple[list[Any], TreeDef]:
    """The leaves of `value` (what `is_leaf` holds for), in order, and its structure: tuples
    and lists (and, with `mappings`, dicts and their views) are walked; anything else is a
    constant."""
    leaves: list[Any] = []
    return leaves, _flatten(value, is_leaf, mappings, leaves)


def _flatten(value: Any, is_leaf: Callable[[Any], bool], mappings: bool,
             leaves: list[Any]) -> TreeDef:
    if is_leaf(value):
        leaves.append(value)
        return _LEAF
    if isinstance(value, (tuple, list)):
        return TreeDef.sequence(type(value), [_flatten(v, is_leaf, mappings, leaves)
                                              for v in value])
    if type(value) is slice:
        return TreeDef.sequence(slice, [_flatten(v, is_leaf, mappings, leaves)
                                        for v in _slice_parts(value)])
    if mappings:
        if isinstance(value, dict):
            return TreeDef.dict(value, [_flatten(v, is_leaf, mappings, leaves)
                                        for v in value.values()])
        view = _VIEWS.get(type(value))
        if view is not None:
            mapping = dict(value.mapping)  # type: ignore[attr-defined]
            return TreeDef(Kind.VIEW, tuple(_flatten(v, is_leaf, mappings, leaves)
                                            for v in mapping.values()),
                           keys=tuple(mapping), value=view)
    return TreeDef.const(value)


def unflatten(tree: TreeDef, leaves: Iterable[Any]) -> Any:
    """`tree`'s structure around `leaves` (consumed in order)."""
    return _unflatten(tree, iter(leaves))


def _unflatten(tree: TreeDef, leaves: Iterator[Any]) -> Any:
    kind = tree.kind
    if kind is Kind.LEAF:
        return next(leaves)
    if kind is Kind.CONST:
        return tree.value
    parts = [_unflatten(c, leaves) for c in tree.children]
    if kind is Kind.SEQUENCE:
        if tree.seq_type is slice:
            return slice(*parts)
        return tree.seq_type(parts)  # type: ignore[misc]
    mapping = dict(zip(tree.keys, parts))
    if kind is Kind.VIEW:
        return getattr(mapping, tree.value)()
    return mapping


class TreeMismatch(Exception):  # noqa: N818  (a finding, turned into the caller's error)
    """A value does not have the structure of a tree: `what` is "constant" (a constant part
    differs) or "structure" (a container differs in type or length)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def flatten_up_to(tree: TreeDef, value: Any) -> list[Any]:
    """The leaves of `value` at `tree`'s leaves; TreeMismatch if its containers differ from
    `tree`'s or a constant part is not the same (or an equal value of the same type)."""
    out: list[Any] = []
    _flatten_up_to(tree, value, out)
    return out


def _flatten_up_to(tree: TreeDef, value: Any, out: list[Any]) -> None:
    kind = tree.kind
    if kind is Kind.LEAF:
        out.append(value)
        return
    if kind is Kind.CONST:
        if not same_constant(tree.value, value):
            raise TreeMismatch("constant")
        return
    if kind is Kind.SEQUENCE:
        matches = isinstance(value, tree.seq_type)  # type: ignore[arg-type]
        if matches and tree.seq_type is slice:
            value = _slice_parts(value)
        if not matches or len(value) != len(tree.children):
            raise TreeMismatch("structure")
        items: Iterable[Any] = value
    else:
        if kind is Kind.VIEW:
            if _VIEWS.get(type(value)) != tree.value:
                raise TreeMismatch("structure")
            value = dict(value.mapping)
        if not isinstance(value, dict) or tuple(value) != tree.keys:
            raise TreeMismatch("structure")
        items = value.values()
    for child, item in zip(tree.children, items):
        _flatten_up_to(child, item, out)


def _slice_parts(value: slice) -> tuple[Any, Any, Any]:
    return value.start, value.stop, value.step


def same_constant(a: Any, b: Any) -> bool:
    """Whether `b` is the constant `a`: the same object, or an equal value of its type."""
    if a is b:
        return True
    try:
        return type(b) is type(a) and bool(b == a)
    except Exception:
        return False


__all__ = ["Kind", "TreeDef", "TreeMismatch", "flatten", "flatten_up_to", "same_constant",
           "unflatten"]
