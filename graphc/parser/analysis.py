"""Facts about a function's source, computed once per node and cached with the source.

`Analysis.of(node)` gives the `NodeFacts` of a gast node: the names it assigns, whether a
`return`, `break` or `continue` leaves through it, the names it declares `global` or
`nonlocal`, and the names it reads. The facts of a node and of everything inside it are
computed bottom-up (iteratively, so deep trees do not recurse) the first time any of them is
asked for, and kept: the specialiser, which interprets a statement many times (unrolled loops,
several specialisations of one function), looks them up instead of walking the tree again.

One `Analysis` belongs to a loaded function (`SourceFunction.analysis`) and is shared with the
functions defined inside it, so an inner `def` executed many times is analysed once. A node the
specialiser synthesises (the `if` a loop's `else` becomes, the lambda an inner `def` makes) is
analysed the same way when first asked about.

Scopes: `stores`, `assigned`, `loads`, `globals` and `nonlocals` include nested functions and
lambdas (as `gast.walk` sees them: a loop body that defines a closure counts the closure's
names too); `returns`, `returns_here` and `jumps` stop at nested functions, lambdas and
classes, whose returns and jumps are their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gast

from ..ops.inplace_ops import INPLACE_METHODS

_EMPTY: frozenset[str] = frozenset()

# Nodes whose `return`/`break`/`continue` belong to another scope.
_SCOPES = (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda, gast.ClassDef)
_LOOPS = (gast.For, gast.AsyncFor, gast.While)


@dataclass(frozen=True, slots=True)
class NodeFacts:
    """What one node (with everything inside it) does, as far as the specialiser asks."""

    stores: frozenset[str]  # names bound by a `Name` target (`x = ...`, `for x in ...`)
    # `stores`, plus the variables an item assignment (`x[i] = v`) or an in-place Tensor
    # method (`x.add_(y)`) gives a new value
    assigned: frozenset[str]
    loads: frozenset[str]  # names read
    globals: frozenset[str]  # names declared `global`
    nonlocals: frozenset[str]  # names declared `nonlocal`
    returns: bool  # a `return` inside (not in a nested function or class)
    returns_here: bool  # ... and not inside a nested loop's body either (a loop's `else` is
    # at the loop's own level)
    jumps: bool  # a `break`/`continue` leaving through this node (not a nested loop's own)
    body_returns: bool  # for a loop: its body returns
    body_jumps: bool  # for a loop: its body has a `break`/`continue` of this loop


_LEAF = NodeFacts(_EMPTY, _EMPTY, _EMPTY, _EMPTY, _EMPTY, False, False, False, False, False)


class Analysis:
    """The facts of the nodes of one function's source (and its inner functions), by node."""

    __slots__ = ("_facts",)

    def __init__(self) -> None:
        # id(node) -> (node, facts); the node is kept so that its id is not reused
        self._facts: dict[int, tuple[Any, NodeFacts]] = {}

    def of(self, node: Any) -> NodeFacts:
        """The facts of `node` (computed with those of its descendants on first use)."""
        entry = self._facts.get(id(node))
        if entry is not None and entry[0] is node:
            return entry[1]
        stack: list[tuple[Any, bool]] = [(node, False)]
        while stack:
            current, children_done = stack.pop()
            if children_done:
                self._facts[id(current)] = (current, self._combine(current))
                continue
            known = self._facts.get(id(current))
            if known is not None and known[0] is current:
                continue
            stack.append((current, True))
            stack.extend((child, False) for child in _children(current))
        return self._facts[id(node)][1]

    def _combine(self, node: Any) -> NodeFacts:
        children = [self._facts[id(c)][1] for c in _children(node)]
        if not children and not isinstance(node, (gast.Name, gast.Return, gast.Break,
                                                  gast.Continue, gast.Global, gast.Nonlocal)):
            return _LEAF
        stores = _union(f.stores for f in children)
        assigned = _union(f.assigned for f in children)
        loads = _union(f.loads for f in children)
        globals_ = _union(f.globals for f in children)
        nonlocals = _union(f.nonlocals for f in children)
        if isinstance(node, gast.Name):
            if isinstance(node.ctx, gast.Store):
                stores = stores | {node.id}
                assigned = assigned | {node.id}
            elif isinstance(node.ctx, gast.Load):
                loads = loads | {node.id}
        elif isinstance(node, gast.Subscript) and isinstance(node.ctx, gast.Store):
            base = node.value
            while isinstance(base, gast.Subscript):
                base = base.value
            if isinstance(base, gast.Name):
                assigned = assigned | {base.id}
        elif isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) and \
                node.func.attr in INPLACE_METHODS and isinstance(node.func.value, gast.Name):
            assigned = assigned | {node.func.value.id}  # `x.add_(y)` gives x a new value
        elif isinstance(node, gast.Global):
            globals_ = globals_ | frozenset(node.names)
        elif isinstance(node, gast.Nonlocal):
            nonlocals = nonlocals | frozenset(node.names)
        if isinstance(node, gast.Return):
            returns = returns_here = True
            jumps = False
        elif isinstance(node, _SCOPES):
            returns = returns_here = jumps = False
        else:
            returns = any(f.returns for f in children)
            returns_here = not isinstance(node, _LOOPS) and any(f.returns_here
                                                                for f in children)
            jumps = isinstance(node, (gast.Break, gast.Continue)) or any(
                f.jumps for f in children)
        body_returns = body_jumps = False
        if isinstance(node, _LOOPS):
            body = [self._facts[id(s)][1] for s in node.body]
            body_returns = any(f.returns for f in body)
            body_jumps = any(f.jumps for f in body)
            # only the loop's `else` can leave the enclosing loop by a break/continue, and
            # a `return` in it leaves from the loop's own level
            jumps = any(self._facts[id(s)][1].jumps for s in node.orelse)
            returns_here = any(self._facts[id(s)][1].returns_here for s in node.orelse)
        return NodeFacts(stores, assigned, loads, globals_, nonlocals, returns, returns_here,
                         jumps, body_returns, body_jumps)


def _children(node: Any) -> list[Any]:
    """The child nodes of a gast node (none for the specialiser's own statement records)."""
    if not hasattr(node, "_fields"):
        return []
    return list(gast.iter_child_nodes(node))


def _union(sets: Any) -> frozenset[str]:
    out = _EMPTY
    for s in sets:
        if s:
            out = s if not out else out | s
    return out


__all__ = ["Analysis", "NodeFacts"]
