"""`FuncGraph`: one function (or branch, or loop body) of the SSA graph.

A FuncGraph owns its parameters, its CNodes in program order and its output node. Nested graphs
(branches of a `switch`, the condition and body of a `while_loop`) may read nodes of the graphs
that enclose them (free variables), as MindIR's closures do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..common.errors import SourceLocation
from .node import CNode, Node, Parameter, ValueNode


@dataclass(slots=True, eq=False)
class FuncGraph:
    name: str
    parameters: list[Parameter] = field(default_factory=list)
    nodes: list[CNode] = field(default_factory=list)
    output: Node | None = None
    parent: FuncGraph | None = None
    loc: SourceLocation | None = None
    flags: dict[str, Any] = field(default_factory=dict)

    def add_parameter(self, name: str, abstract: Any = None, loc: SourceLocation | None = None,
                      weight: Any = None) -> Parameter:
        p = Parameter(name, abstract, loc, weight)
        self.parameters.append(p)
        return p

    def add(self, node: CNode) -> CNode:
        self.nodes.append(node)
        return node

    def subgraphs(self) -> Iterator[FuncGraph]:
        """The graphs nested directly in this one (branches, loop bodies), in node order."""
        for node in self.nodes:
            for inp in node.inputs[1:]:
                if isinstance(inp, ValueNode) and isinstance(inp.value, FuncGraph):
                    yield inp.value

    def all_graphs(self) -> Iterator[FuncGraph]:
        """This graph and every graph nested in it, parents first."""
        yield self
        for sub in self.subgraphs():
            yield from sub.all_graphs()

    def __repr__(self) -> str:
        return f"FuncGraph({self.name})"


def operands_deep(node: CNode) -> list[Node]:
    """The operands of `node`, including the free variables its nested graphs read (so a
    `switch` or `while_loop` uses whatever its branches and body use)."""
    out: list[Node] = []
    for a in node.inputs[1:]:
        if isinstance(a, ValueNode) and isinstance(a.value, FuncGraph):
            g = a.value  # (each nested node once: deeper graphs are its nodes' operands)
            for n in g.nodes:
                out.extend(operands_deep(n))
            if g.output is not None:
                out.append(g.output)
        else:
            out.append(a)
    return out
