"""Structural checks of a graph: every operand is defined before use, in this graph or in an
enclosing one; every CNode has a callee and a location. A failure is a graphc bug."""

from __future__ import annotations

from ..common.errors import GraphcInternalError
from .graph import FuncGraph
from .node import CNode, Parameter, SpecialOp, ValueNode


def verify_graph(graph: FuncGraph, _visible: frozenset[int] = frozenset()) -> None:
    """Raise GraphcInternalError naming the first malformed node."""
    visible = set(_visible)
    visible.update(id(p) for p in graph.parameters)
    for node in graph.nodes:
        if not isinstance(node, CNode) or not node.inputs:
            raise GraphcInternalError(f"graph {graph.name}: {node!r} is not a CNode with a callee")
        head = node.inputs[0]
        if not isinstance(head, ValueNode) or not (
                isinstance(head.value, SpecialOp) or hasattr(head.value, "impl")):
            raise GraphcInternalError(f"graph {graph.name}: callee {head!r} is neither a "
                                      "primitive nor a special op")
        for inp in node.args:
            if isinstance(inp, ValueNode):
                if isinstance(inp.value, FuncGraph):
                    verify_graph(inp.value, frozenset(visible))
                continue
            if id(inp) not in visible:
                kind = "parameter" if isinstance(inp, Parameter) else "node"
                raise GraphcInternalError(
                    f"graph {graph.name}: {kind} {inp!r} is used by {node.callee!r} before it is "
                    "defined", node.loc)
        if node.loc is None:
            raise GraphcInternalError(f"graph {graph.name}: node {node.callee!r} has no location")
        visible.add(id(node))
    out = graph.output
    if out is not None and not isinstance(out, ValueNode) and id(out) not in visible:
        raise GraphcInternalError(f"graph {graph.name}: its output is not defined in it")
