"""What a node does besides computing its value: the one answer passes, branches and loop
gradients share.

A primitive names its effects in `PrimitiveDef.effects` ("random", "collective"); a special op
in `SpecialOp.effects` (`node.Effect`). A `switch` or `while_loop` node has the effects of the
nodes of its graphs as well. A node without effects is pure: passes may drop it when nothing
reads it, merge it with an equal one, or compute it at compile time.
"""

from __future__ import annotations

from collections.abc import Iterator

from .graph import FuncGraph
from .node import CNode, SpecialOp, ValueNode


def nested_graphs(node: CNode) -> Iterator[FuncGraph]:
    """The graphs `node` runs (a switch's branches, a loop's condition and body)."""
    for a in node.inputs[1:]:
        if isinstance(a, ValueNode) and isinstance(a.value, FuncGraph):
            yield a.value


def effects_of(node: CNode) -> frozenset[str]:
    """The names of `node`'s side effects, those of the nodes of its graphs included."""
    callee = node.callee
    found: frozenset[str] = callee.effects
    if isinstance(callee, SpecialOp) and callee.nested:
        for graph in nested_graphs(node):
            for inner in graph.nodes:
                found |= effects_of(inner)
    return found


def is_pure(node: CNode) -> bool:
    """`node` has no side effect (nor has any node of its graphs)."""
    callee = node.callee
    if callee.effects:
        return False
    if isinstance(callee, SpecialOp) and callee.nested:
        return all(is_pure(inner) for graph in nested_graphs(node) for inner in graph.nodes)
    return True


def makes_value(node: CNode) -> bool:
    """Something may read what `node` gives: False for the ops run only for their effect
    (print, raise, assignments) and for a `switch` that only keeps effects conditional."""
    callee = node.callee
    if isinstance(callee, SpecialOp):
        return callee.makes_value and not node.attrs.get("effects_only", False)
    return True


__all__ = ["effects_of", "is_pure", "makes_value", "nested_graphs"]
