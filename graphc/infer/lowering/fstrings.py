"""Lowering of f-strings: formatted now when every part is a constant; with a value computed
in the graph, the policy's (LAX: formatted in Python at run time; STRICT: an error)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gast  # type: ignore[import-untyped]

from ...common.errors import GraphcSyntaxError
from ..python_objects import (
    format_value,
    join_str,
)
from ..support import Frame
from ..values import contains_graph_value
from .rules import expression_rule

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


def _fstring_error(loc: Any) -> GraphcSyntaxError:
    return GraphcSyntaxError("an f-string with a value computed in the graph needs JIT Fallback; "
                             "print the value instead", loc)


@expression_rule(gast.JoinedStr)
def expr_joined_str(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    parts = [b.eval(frame, v) for v in node.values]
    if any(contains_graph_value(p) for p in parts):
        return b.policy.on_unsupported(
            _fstring_error(b.loc), lambda: b.policy.interpret(
                join_str, tuple(parts), {}, "formats an f-string with values computed in "
                "the graph: runs in Python"))
    return "".join(str(p) for p in parts)


@expression_rule(gast.FormattedValue)
def expr_formatted_value(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    value = b.eval(frame, node.value)
    if contains_graph_value(value):  # (a list of graph values too: `f"{[x, y]}"`)
        def in_python() -> Any:
            spec = b.eval(frame, node.format_spec) if node.format_spec is not None else ""
            return b.policy.interpret(format_value, (value, node.conversion, spec), {},
                                      "formats a value computed in the graph: runs in "
                                      "Python")
        return b.policy.on_unsupported(_fstring_error(b.loc), in_python)
    if node.conversion == ord("r"):
        value = repr(value)
    elif node.conversion == ord("s"):
        value = str(value)
    elif node.conversion == ord("a"):
        value = ascii(value)
    spec = b.eval(frame, node.format_spec) if node.format_spec is not None else ""
    return format(value, spec)
