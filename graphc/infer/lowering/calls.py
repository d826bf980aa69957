"""Lowering of call expressions: the callee and arguments are evaluated, then the call is
made by the kind of callee (`callees.call`); in-place Tensor methods rebind the local names
of the updated Tensor, `range()` with run-time bounds becomes a `RuntimeRange`, and
zero-argument `super()` is resolved."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

import gast  # type: ignore[import-untyped]

from ...common.errors import GraphcSyntaxError, GraphcTypeError
from ...common.parameter import Parameter as Weight
from ...common.tensor import Tensor
from ...ops.inplace_ops import INPLACE_METHODS
from ...parser.resolve import MISSING, lookup_global
from ..python_objects import (
    any_words,
)
from ..support import Frame, RuntimeRange
from ..values import GraphAny, contains_graph_value
from . import access
from .rules import expression_rule

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


def call_arguments(b: GraphBuilder, frame: Frame, node: Any
                   ) -> tuple[list[Any], dict[str, Any]]:
    """The positional and keyword arguments of call `node`, evaluated in order (`*a` and
    `**k` unpacked)."""
    args: list[Any] = []
    for a in node.args:
        if isinstance(a, gast.Starred):
            args.extend(b.eval(frame, a.value))
        else:
            args.append(b.eval(frame, a))
    kwargs: dict[str, Any] = {}
    for kw in node.keywords:
        if kw.arg is None:
            kwargs.update(b.eval(frame, kw.value))
        else:
            kwargs[kw.arg] = b.eval(frame, kw.value)
    return args, kwargs


def inplace_call(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    """`x.add_(y)` (an in-place Tensor method): the call, then, if it gave a new value
    rather than updating `x`, the variable rebound to it (`_rebind_updated`)."""
    owner = b.eval(frame, node.func.value)
    func = None if isinstance(owner, GraphAny) else access.get_attribute(b, frame, node.func,
                                                                         owner)
    args, kwargs = call_arguments(b, frame, node)
    previous = b.loc
    b.loc = frame.source.location(node)
    try:
        if func is None:  # a value computed by Python: the method runs there
            return b.policy.interpret_method(owner, node.func.attr, tuple(args), kwargs,
                                             f"calls the method '{node.func.attr}' of "
                                             f"{any_words(owner)}: runs in Python; "
                                             "its result has type Any")
        result = b.call(func, tuple(args), kwargs)
        if isinstance(owner, Tensor) and result is not owner:
            rebind_updated(b, frame, node.func, owner, result)
        return result
    finally:
        b.loc = previous


def rebind_updated(b: GraphBuilder, frame: Frame, func: Any, owner: Tensor, result: Any) -> None:
    """`owner.add_(...)` (an in-place Tensor method) gave a new graph value instead of
    updating `owner` (under a run-time condition or loop, or a constant Tensor): the
    names of this frame bound to `owner` take the new value, as they would see it in
    PyNative. A Parameter is updated by an assignment node and needs nothing here."""
    if isinstance(owner, Weight) or isinstance(getattr(owner, "graphc_weight", None),
                                               Weight):
        if isinstance(func.value, gast.Name) and not isinstance(owner, Weight):
            frame.env[func.value.id] = result
        return
    names = [name for name, value in frame.env.items() if value is owner]
    if not isinstance(func.value, gast.Name) or func.value.id not in names:
        raise GraphcTypeError(
            f"'{func.attr}' updates a Tensor that is not a local variable of this function "
            "(an attribute, item, global or closure value that is not a Parameter); inside "
            "a compiled function only local Tensors and Parameters can be updated in place: "
            "make it a Parameter, or use the functional op and assign the result.",
            b.loc)
    for name in names:
        frame.env[name] = result


@expression_rule(gast.Call)
def expr_call(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    if isinstance(node.func, gast.Attribute) and node.func.attr in INPLACE_METHODS:
        return inplace_call(b, frame, node)
    method_of = None
    if isinstance(node.func, gast.Attribute):
        owner = b.eval(frame, node.func.value)
        if isinstance(owner, GraphAny):  # `any_value.method(...)`: one interpret node
            func, method_of = None, owner
        else:
            func = access.get_attribute(b, frame, node.func, owner)
    else:
        func = b.eval(frame, node.func)
    args, kwargs = call_arguments(b, frame, node)
    previous = b.loc
    b.loc = frame.source.location(node)
    try:
        if method_of is not None:
            return b.policy.interpret_method(method_of, node.func.attr, tuple(args),
                                             kwargs, f"calls the method "
                                             f"'{node.func.attr}' of "
                                             f"{any_words(method_of)}: runs in Python; "
                                             "its result has type Any")
        if func is range and contains_graph_value(tuple(args)):
            return RuntimeRange(*(range_bound(b, a) for a in args))
        if func is super and not args:
            return zero_arg_super(b, frame)
        return b.call(func, tuple(args), kwargs)
    finally:
        b.loc = previous


def range_bound(b: GraphBuilder, value: Any) -> Any:
    """A bound of `range()`: one only Python knows is an int when the loop runs (range
    takes its `__index__`), so the loop's counter is a run-time int."""
    if not isinstance(value, GraphAny):
        return value
    return b.policy.interpret(operator.index, (value,), {}, "range() over a value "
                              "computed by Python: its bound is read at run time",
                              pytype=int)


def zero_arg_super(b: GraphBuilder, frame: Frame) -> Any:
    """`super()` inside a method: the class it was defined in and its first argument."""
    cls = lookup_global(frame.fn, "__class__") if frame.fn is not None else MISSING
    params = frame.source.tree.args.args
    if cls is MISSING or not params:
        raise GraphcSyntaxError("super() without arguments is only supported in methods",
                                b.loc)
    return super(cls, frame.env[params[0].id])
