"""Lowering of list, generator and dict comprehensions: unrolled over a constant iterable in
the graph; one the graph cannot unroll (over a value only Python knows, several `for`s, a
run-time filter) is the policy's (LAX: it runs in Python)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import gast  # type: ignore[import-untyped]

from ...common.errors import GraphcError, GraphcSyntaxError, GraphcTypeError
from ..support import Frame
from . import assignment
from .rules import expression_rule

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


def comprehension(b: GraphBuilder, frame: Frame, node: Any, emit: Callable[[], None]) -> None:
    if len(node.generators) != 1:
        raise GraphcTypeError(
            f"The 'generators' supports 1 'comprehension' in {type(node).__name__}, but got "
            f"{len(node.generators)} comprehensions.", frame.source.location(node))
    gen = node.generators[0]
    iterable = b.eval(frame, gen.iter)
    saved = dict(frame.env)
    try:
        for item in iterable:
            assignment.assign(b, frame, gen.target, item)
            ok = True
            for cond in gen.ifs:
                truth = b.truth(b.eval(frame, cond))
                if not isinstance(truth, bool):
                    raise GraphcSyntaxError("a comprehension filter must be a constant "
                                            "condition", frame.source.location(cond))
                ok = ok and truth
            if ok:
                emit()
    finally:
        frame.env = saved


@expression_rule(gast.ListComp, gast.GeneratorExp)
def expr_list_comp(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    out: list[Any] = []
    return graph_comprehension(b, frame, node, lambda: out.append(b.eval(frame, node.elt)),
                               out)


@expression_rule(gast.DictComp)
def expr_dict_comp(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    out: dict[Any, Any] = {}

    def emit() -> None:
        out[b.eval(frame, node.key)] = b.eval(frame, node.value)
    return graph_comprehension(b, frame, node, emit, out)


def graph_comprehension(b: GraphBuilder, frame: Frame, node: Any, emit: Callable[[], None],
                        out: Any) -> Any:
    """A comprehension built in the graph; one the graph cannot build (over a value only
    Python knows, several `for`s, a run-time filter) is the policy's (LAX: Python's)."""
    restore = b.rollback_point(frame)
    try:
        comprehension(b, frame, node, emit)
        return out
    except GraphcError as exc:
        def in_python() -> Any:
            restore()
            return b.policy.interpret_expression(
                frame, node, "a comprehension the graph cannot unroll (over a value only "
                "Python knows, or with a run-time filter): runs in Python")
        return b.policy.on_unsupported(exc, in_python)
