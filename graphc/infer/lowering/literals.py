"""Lowering of names and literal expressions: constants, names (locals, globals through the
policy, Parameters), tuples, lists, dicts, sets (the policy's), slices and lambdas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gast  # type: ignore[import-untyped]

from ...common.errors import GraphcSyntaxError, GraphcTypeError
from ...common.parameter import Parameter as Weight
from ...parser.resolve import MISSING
from ..python_objects import (
    make_set,
)
from ..support import Frame, InterpretedFunction, find_local
from .rules import expression_rule

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


@expression_rule(gast.Constant)
def expr_constant(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    if isinstance(node.value, complex):
        raise GraphcTypeError("Only support 'Number' type of 'int` and 'float'",
                              frame.source.location(node))
    return node.value


@expression_rule(gast.Name)
def expr_name(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    if frame.fn is not None and find_local(frame, node.id) is MISSING:
        return b.policy.read_global(frame, node.id)
    value = frame.lookup(node.id)
    if value is MISSING:
        raise NameError(f"name '{node.id}' is not defined")
    if isinstance(value, Weight):
        return b.weight_value(value)
    return value


@expression_rule(gast.Tuple)
def expr_tuple(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    return tuple(elements(b, frame, node.elts))


@expression_rule(gast.List)
def expr_list(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    return list(elements(b, frame, node.elts))


def elements(b: GraphBuilder, frame: Frame, elts: list[Any]) -> list[Any]:
    out: list[Any] = []
    for e in elts:
        if isinstance(e, gast.Starred):
            out.extend(b.eval(frame, e.value))
        else:
            out.append(b.eval(frame, e))
    return out


@expression_rule(gast.Dict)
def expr_dict(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    out: dict[Any, Any] = {}
    for k, v in zip(node.keys, node.values):
        if k is None:
            out.update(b.eval(frame, v))
        else:
            out[b.eval(frame, k)] = b.eval(frame, v)
    return out


@expression_rule(gast.Set)
def expr_set(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    def in_python() -> Any:
        items = elements(b, frame, node.elts)
        return b.policy.interpret(make_set, tuple(items), {}, "builds a set, which the "
                                  "graph has no type for: runs in Python")
    return b.policy.on_unsupported(GraphcSyntaxError(
        "Unsupported expression 'Set'.", frame.source.location(node)), in_python)


@expression_rule(gast.Slice)
def expr_slice(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    parts = [None if p is None else b.eval(frame, p)
             for p in (node.lower, node.upper, node.step)]
    return slice(*parts)


@expression_rule(gast.Lambda)
def expr_lambda(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    defaults = tuple(b.eval(frame, d) for d in node.args.defaults)
    inner = frame.source.inner(node, f"{frame.source.qualname}.<lambda>")
    return InterpretedFunction(inner, frame.fn, frame, defaults, "<lambda>")
