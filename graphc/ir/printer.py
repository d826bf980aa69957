"""Text form of a graph, in the manner of MindSpore's `.ir` dumps.

Names are made by the printer (`%para1_x`, `%0`, `%1`, ...): nodes carry none, so nothing in
the graph changes when its printout does. Nested graphs (branches, loop bodies) print after
the graph that uses them.
"""

from __future__ import annotations

from typing import Any

from .graph import FuncGraph
from .node import CNode, Node, Parameter, ValueNode


def _abstract(a: Any) -> str:
    return "<unknown>" if a is None else f"<{a}>"


def _const(value: Any) -> str:
    if isinstance(value, FuncGraph):
        return f"@{value.name}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Namer:
    def __init__(self) -> None:
        self.names: dict[int, str] = {}
        self.count = 0
        self.params = 0

    def name(self, node: Node) -> str:
        if isinstance(node, ValueNode):
            return _const(node.value)
        key = id(node)
        if key not in self.names:
            if isinstance(node, Parameter):
                self.params += 1
                self.names[key] = f"%para{self.params}_{node.name}"
            else:
                self.names[key] = f"%{self.count}"
                self.count += 1
        return self.names[key]


def format_graph(graph: FuncGraph, *, types: bool = True, locations: bool = True) -> str:
    """The graph and its nested graphs as text."""
    namer = _Namer()
    graphs = list(graph.all_graphs())
    lines = [f"# IR entry: @{graph.name}", f"# Total subgraphs: {len(graphs)}", ""]
    for g in graphs:
        for p in g.parameters:
            namer.name(p)
    for g in graphs:
        lines.extend(_format_one(g, namer, types, locations))
        lines.append("")
    return "\n".join(lines)


def _format_one(g: FuncGraph, namer: _Namer, types: bool, locations: bool) -> list[str]:
    params = ", ".join(
        namer.name(p) + (f": {_abstract(p.abstract)}" if types else "") for p in g.parameters)
    out = [f"subgraph @{g.name}({params}) {{"]
    for node in g.nodes:
        out.append("  " + _format_node(node, namer, types, locations))
    if g.output is not None:
        out.append(f"  Return({namer.name(g.output)})")
    out.append("}")
    return out


def _format_node(node: CNode, namer: _Namer, types: bool, locations: bool) -> str:
    callee = node.callee
    callee_name = getattr(callee, "name", None) or repr(callee)
    args = [namer.name(a) for a in node.args]
    args += [f"{k}={v!r}" for k, v in node.attrs.items()]
    text = f"{namer.name(node)} = {callee_name}({', '.join(args)})"
    if types:
        text += f" : {_abstract(node.abstract)}"
    if locations and node.loc is not None and node.loc.line:
        text += f"    # {node.loc.filename.rsplit('/', 1)[-1]}:{node.loc.line}"
    return text
