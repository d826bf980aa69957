"""Lowering of operators: binary, unary, boolean (`and`/`or`, as `select` or a switch under a
run-time condition) and comparisons (chained, `in` of a run-time number, `is` of run-time
numbers). `compute` applies an operator with Python's semantics, or asks the policy where the
graph cannot compute it. The gast operator -> Python operator tables live here."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import gast  # type: ignore[import-untyped]

from ...common import dtype as mstype
from ...common.errors import GraphcSyntaxError
from ...common.internal import user_operations
from ...ir import node as ir
from ..python_objects import OPERATOR_WORDS, contains_any, python_and
from ..support import (
    Frame,
    is_tensorlike,
)
from ..values import GraphAny, GraphScalar, GraphTensor, NeedsValueError, tensor_to_scalar
from . import branches
from .rules import expression_rule

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    gast.Add: operator.add, gast.Sub: operator.sub, gast.Mult: operator.mul,
    gast.Div: operator.truediv, gast.FloorDiv: operator.floordiv, gast.Mod: operator.mod,
    gast.Pow: operator.pow, gast.MatMult: operator.matmul, gast.BitAnd: operator.and_,
    gast.BitOr: operator.or_, gast.BitXor: operator.xor, gast.LShift: operator.lshift,
    gast.RShift: operator.rshift,
}


# Python's in-place operators (`a += b` on a run-time object): `iadd` for `add`, ...
INPLACE_OPS: dict[type, Callable[[Any, Any], Any]] = {
    node: getattr(operator, "i" + op.__name__.rstrip("_")) for node, op in BINOPS.items()}


UNARYOPS: dict[type, Callable[[Any], Any]] = {
    gast.UAdd: operator.pos, gast.USub: operator.neg, gast.Invert: operator.invert,
}


CMPOPS: dict[type, Callable[[Any, Any], Any]] = {
    gast.Eq: operator.eq, gast.NotEq: operator.ne, gast.Lt: operator.lt, gast.LtE: operator.le,
    gast.Gt: operator.gt, gast.GtE: operator.ge, gast.Is: operator.is_,
    gast.IsNot: operator.is_not, gast.In: lambda a, b: a in b,
    gast.NotIn: lambda a, b: a not in b,
}


def _run_time_numbers(left: Any, right: Any) -> bool:
    """Whether `left is right` compares numbers, one of them known only at run time."""
    numbers = (GraphScalar, bool, int, float)
    return isinstance(left, numbers) and isinstance(right, numbers) and (
        isinstance(left, GraphScalar) or isinstance(right, GraphScalar))


@expression_rule(gast.BinOp)
def expr_bin_op(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    left = b.eval(frame, node.left)
    right = b.eval(frame, node.right)
    return compute(b, BINOPS[type(node.op)], left, right)


@expression_rule(gast.UnaryOp)
def expr_unary_op(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    value = b.eval(frame, node.operand)
    if isinstance(node.op, gast.Not):
        if isinstance(value, GraphAny):
            return b.policy.interpret(operator.not_, (value,), {}, "applies 'not' to a "
                                      "value computed by Python: runs in Python",
                                      pytype=bool)
        truth = b.truth(value)
        if isinstance(truth, bool):
            return not truth
        if isinstance(truth, GraphTensor):  # Python's `not` gives a bool, known at run time
            from ...ops import math_ops
            return tensor_to_scalar(math_ops.logical_not(truth), bool)  # type: ignore[arg-type]
        return truth == False  # noqa: E712  (a run-time scalar comparison node)
    return compute(b, UNARYOPS[type(node.op)], value)


@expression_rule(gast.BoolOp)
def expr_bool_op(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    is_and = isinstance(node.op, gast.And)
    value = b.eval(frame, node.values[0])
    for operand in node.values[1:]:
        truth = b.truth(value)
        if not isinstance(truth, bool):
            value = b.policy.on_runtime_boolop(frame, is_and, value, truth, operand)
            continue
        if truth != is_and:  # `and` stops at a false value, `or` at a true one
            return value
        value = b.eval(frame, operand)
    return value


def variable_boolop(b: GraphBuilder, is_and: bool, left: Any, right: Any) -> Any:
    """`left and/or right` on Tensors whose truth is known only at run time: `select`."""
    from ...ops import array_ops, math_ops
    if is_tensorlike(left) and is_tensorlike(right):
        # Python: `a and b` is b if a is true else a; `a or b` is a if a is true else b.
        truth = left if left.dtype is mstype.bool_ else math_ops.not_equal(left, 0)
        return array_ops.select(truth, right, left) if is_and else \
            array_ops.select(truth, left, right)
    raise GraphcSyntaxError("'and'/'or' with a run-time condition needs Tensor operands on "
                            "both sides", b.loc)


@expression_rule(gast.Compare)
def expr_compare(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    left = b.eval(frame, node.left)
    result: Any = True
    for op, comp in zip(node.ops, node.comparators):
        right = b.eval(frame, comp)
        if isinstance(op, (gast.In, gast.NotIn)) and isinstance(left, GraphScalar) and \
                isinstance(right, (tuple, list)):
            value = scalar_in(b, left, right, negate=isinstance(op, gast.NotIn))
        elif isinstance(op, (gast.Is, gast.IsNot)) and _run_time_numbers(left, right):
            # `n is 3` of a run-time int: Python's answer when the graph runs
            value = b.emit_scalar(ir.SCALAR_OP, (left, right),
                                  {"op": CMPOPS[type(op)]}, bool)
        else:
            value = compute(b, CMPOPS[type(op)], left, right)
        if isinstance(value, GraphAny) or isinstance(result, GraphAny):
            # `a < b < c` with values Python computes: `a < b and b < c` in Python
            result = value if result is True else b.policy.interpret(
                python_and, (result, value), {}, "chains comparisons of values computed "
                "by Python: runs in Python")
            left = right
            continue
        result = value if result is True else variable_boolop(b, True, result, value) \
            if not isinstance(b.truth(result), bool) else (value if result else result)
        left = right
    return result


def scalar_in(b: GraphBuilder, value: GraphScalar, items: tuple[Any, ...] | list[Any],
              negate: bool) -> Any:
    """`value in items` for a run-time number: any(value == item) at run time."""
    found: Any = False
    for item in items:
        if not isinstance(item, (bool, int, float, GraphScalar)):
            continue  # a number is never equal to a non-number
        equal = value == item
        found = equal if found is False else b.emit_scalar(
            ir.SCALAR_OP, (found, equal), {"op": operator.or_}, bool)
    if negate:
        if found is False:
            return True
        return b.emit_scalar(ir.SCALAR_OP, (found,), {"op": operator.not_}, bool)
    return found


@user_operations
def compute(b: GraphBuilder, op: Callable[..., Any], *operands: Any) -> Any:
    """`op(*operands)`; on a value only Python knows, or where the graph cannot compute
    it, the policy decides (LAX: an interpret node)."""
    symbol = OPERATOR_WORDS.get(op, getattr(op, "__name__", "an operator"))
    reason = (f"applies {symbol} to a value computed by Python (type Any): runs in Python; "
              "its result has type Any")
    if not contains_any(operands):
        try:
            return op(*operands)
        except NeedsValueError as exc:
            return b.policy.on_unsupported(exc, lambda: b.policy.interpret(
                op, operands, {}, reason))
    return b.policy.interpret(op, operands, {}, reason)


def boolop_switch(b: GraphBuilder, frame: Frame, is_and: bool, left: Any, truth: Any,
                  operand: Any) -> Any:
    """`left and/or operand` under a run-time condition as a switch: `operand` is evaluated
    only where Python would evaluate it."""
    graphs, values = [], []
    for evaluates in ((True, False) if is_and else (False, True)):
        graph = branches.branch_graph(b, "boolop")  # (the current graph while a tape records)
        with b.in_graph(graph):
            values.append(b.eval(frame, operand) if evaluates else left)
        graphs.append(graph)
    (merged,) = branches.join_branches(b, truth, graphs[0], graphs[1], [values[0]], [values[1]],
                                       ["<and/or>"])
    return merged
