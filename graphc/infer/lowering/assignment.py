"""Lowering of assignments: `=`, `+=`-style augmented assignment, `:=`, and the targets a value
is stored into (names, unpacking with a star, items of Tensors/lists/dicts, attributes and
Parameters); the policy decides about stores outside the graph."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

import gast  # type: ignore[import-untyped]
import numpy as np

from ...common.errors import GraphcSyntaxError, GraphcTypeError, GraphcValueError
from ...common.parameter import Parameter as Weight
from ...common.tensor import Tensor
from ..policy import NOT_HANDLED
from ..python_objects import (
    unpack_python,
)
from ..support import AssignValue, Frame, as_load, is_graph_value
from ..values import GraphAny, GraphScalar, GraphTensor
from . import operators
from .rules import expression_rule, statement_rule

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


@statement_rule(gast.Assign)
def stmt_assign(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    value = b.policy.typed(b.eval(frame, stmt.value))
    for target in stmt.targets:
        assign(b, frame, target, value)


@statement_rule(gast.AugAssign)
def stmt_aug_assign(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    target = stmt.target
    current = b.eval(frame, as_load(target))
    value = b.eval(frame, stmt.value)
    if isinstance(current, GraphAny):
        # Python's in-place operator on the run-time object (`a += 1` on an ndarray)
        op = operators.INPLACE_OPS[type(stmt.op)]
    else:
        op = operators.BINOPS[type(stmt.op)]
    assign(b, frame, target, operators.compute(b, op, current, value))


@statement_rule(gast.AnnAssign)
def stmt_ann_assign(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    raise GraphcSyntaxError("Unsupported statement 'AnnAssign'.", b.loc)


@statement_rule(AssignValue)
def stmt_assign_value(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    assign(b, frame, stmt.target, stmt.value)


@expression_rule(gast.NamedExpr)
def expr_named_expr(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    value = b.eval(frame, node.value)
    assign(b, frame, node.target, value)
    return value


def assign(b: GraphBuilder, frame: Frame, target: Any, value: Any) -> None:
    if isinstance(target, gast.Name):
        if target.id in frame.global_names:
            b.policy.on_global_write(frame, target.id, value)
            return
        frame.env[target.id] = value
    elif isinstance(target, (gast.Tuple, gast.List)):
        unpack(b, frame, target.elts, value)
    elif isinstance(target, gast.Subscript):
        assign_subscript(b, frame, target, value)
    elif isinstance(target, gast.Attribute):
        assign_attribute(b, frame, target, value)
    else:
        raise GraphcSyntaxError(f"cannot assign to {type(target).__name__}", b.loc)


def unpack(b: GraphBuilder, frame: Frame, targets: list[Any], value: Any) -> None:
    if isinstance(value, GraphAny):
        star = [i for i, t in enumerate(targets) if isinstance(t, gast.Starred)]
        shape = (len(targets), star[0] if star else -1)
        parts = b.policy.interpret(unpack_python, (value,) + shape, {}, "unpacks a value "
                                   "computed by Python: runs in Python", effect=True)
        value = tuple(b.policy.interpret(operator.getitem, (parts, i), {}, "takes an "
                                         "unpacked item", effect=True)
                      for i in range(len(targets)))
        if star:
            targets = [t.value if isinstance(t, gast.Starred) else t for t in targets]
    if isinstance(value, GraphTensor):
        items = list(value)
    elif isinstance(value, GraphScalar):
        raise GraphcTypeError("cannot unpack a run-time scalar", b.loc)
    else:
        try:
            items = list(value)
        except TypeError:
            raise GraphcTypeError(f"cannot unpack non-iterable {type(value).__name__} "
                                  "object", b.loc) from None
    star = [i for i, t in enumerate(targets) if isinstance(t, gast.Starred)]
    if star:
        i = star[0]
        after = len(targets) - i - 1
        if len(items) < len(targets) - 1:
            raise GraphcValueError(f"not enough values to unpack (expected at least "
                                   f"{len(targets) - 1}, got {len(items)})", b.loc)
        head, mid, tail = items[:i], items[i:len(items) - after], items[len(items) - after:]
        for t, v in zip(targets[:i], head):
            assign(b, frame, t, v)
        assign(b, frame, targets[i].value, list(mid))
        for t, v in zip(targets[i + 1:], tail):
            assign(b, frame, t, v)
        return
    if len(items) != len(targets):
        raise GraphcValueError(
            f"{'too many' if len(items) > len(targets) else 'not enough'} values to unpack "
            f"(expected {len(targets)}, got {len(items)})", b.loc)
    for t, v in zip(targets, items):
        assign(b, frame, t, v)


def assign_subscript(b: GraphBuilder, frame: Frame, target: Any, value: Any) -> None:
    container = b.eval(frame, as_load(target.value))
    index = b.eval(frame, target.slice)
    if not isinstance(container, Tensor) and \
            b.policy.on_item_store(container, index, value):
        return
    if isinstance(container, Tensor):
        from ...ops import array_ops
        setitem = getattr(array_ops, "tensor_setitem", None)
        if setitem is None:
            raise GraphcSyntaxError("Tensor item assignment needs ops.tensor_setitem",
                                    b.loc)
        if isinstance(container, Weight):
            b.assign_weight(container, setitem(b.weight_value(container), index,
                                               value))
            return
        assign(b, frame, target.value, setitem(container, index, value))
        return
    if isinstance(container, (list, dict)) and is_graph_value(index) or \
            isinstance(container, np.ndarray):
        # a position known only at run time, or a NumPy array the graph made (LAX: Python
        # builds the new value)
        new_value = b.policy.on_runtime_item_store(container, index, value)
        if new_value is not NOT_HANDLED:
            assign(b, frame, target.value, new_value)
            return
    if isinstance(container, list):
        new = list(container)
        new[index] = value
        assign(b, frame, target.value, new)
        return
    if isinstance(container, dict):
        new_dict = dict(container)
        new_dict[index] = value
        assign(b, frame, target.value, new_dict)
        return
    raise GraphcTypeError(f"'{type(container).__name__}' object does not support item "
                          "assignment", b.loc)


def assign_attribute(b: GraphBuilder, frame: Frame, target: Any, value: Any) -> None:
    obj = b.eval(frame, target.value)
    if isinstance(obj, Weight) or getattr(obj, "graphc_weight", None) is not None:
        raise GraphcValueError("Do not support to set attribute for a parameter. (Set "
                               f"'{target.attr}' outside the compiled function.)", b.loc)
    current = getattr(obj, target.attr, None)
    if isinstance(current, Weight):
        b.assign_weight(current, value)
        return
    b.policy.on_attribute_store(obj, target.attr, value, current)
