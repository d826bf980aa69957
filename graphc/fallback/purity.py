"""Whether a compiled graph is pure graph code: interpret nodes make it non-exportable
(SPEC 3.11, note 3)."""

from __future__ import annotations

from typing import Any

from ..common.errors import GraphcError
from ..ir import node as ir
from ..ir.graph import FuncGraph


def interpret_nodes(graph: FuncGraph) -> list[ir.CNode]:
    """The `py_execute` nodes of `graph` and of the graphs nested in it, in program order."""
    found: list[ir.CNode] = []
    for node in graph.nodes:
        if node.callee is ir.PY_EXECUTE:
            found.append(node)
        for operand in node.args:
            if isinstance(operand, ir.ValueNode) and isinstance(operand.value, FuncGraph):
                found.extend(interpret_nodes(operand.value))
    return found


def check_exportable(graph: FuncGraph, name: str = "graph") -> None:
    """Raise an error naming every line that runs in Python, if `graph` has interpret nodes."""
    nodes = interpret_nodes(graph)
    if not nodes:
        return
    lines: list[str] = []
    for node in nodes:
        info: Any = node.attrs["info"]
        entry = f"  {info.loc}: {info.loc.line_text.strip()}"
        if entry not in lines:
            lines.append(entry)
    raise GraphcError(
        f"'{name}' cannot be exported: {len(nodes)} interpret node(s) run in the Python "
        "interpreter (JIT Fallback), and an exported graph must be pure graph code. The lines "
        "to blame:\n" + "\n".join(lines) +
        "\nRewrite them with graphc ops, or compile with jit_syntax_level=STRICT to see each "
        "one as an error.")
