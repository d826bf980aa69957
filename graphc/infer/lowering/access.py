"""Lowering of attribute reads and subscripts: attributes (guarded when folded from an
object that can change), Tensor shapes, MindSpore's sequence and dict methods, and indexing
with constant or run-time indices (a run-time index picks a Tensor with `select`, a callable
through a `RuntimeChoice` that a call turns into branches)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

import gast  # type: ignore[import-untyped]

from ...common.errors import GraphcAttributeError, GraphcTypeError, GraphcValueError
from ...common.internal import user_operations
from ...common.parameter import Parameter as Weight
from ...common.sequence_equality import holds_arrays, sequence_count, sequence_index
from ...common.tensor import Tensor
from ...parser.resolve import MISSING
from ..guards import ContentGuard, Guard, content_snapshot, is_guardable
from ..policy import NOT_HANDLED
from ..python_objects import (
    CONTENT_GUARDED,
)
from ..support import Frame, RuntimeChoice, describe, is_graph_value
from ..values import GraphAny, GraphScalar, GraphTensor, contains_graph_value, run_time_shape
from . import operators
from .rules import expression_rule

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


_DICT_VIEWS: tuple[type, ...] = (type({}.keys()), type({}.values()), type({}.items()))


def _sliced(items: Any, start: Any, stop: Any, step: Any) -> Any:
    """`items[start:stop:step]` at run time, a bound an int or a one-element Tensor."""
    def bound(b: Any) -> Any:
        return None if b is None else int(b)
    return items[bound(start):bound(stop):bound(step)]


_SEQUENCE_METHODS: dict[str, Callable[..., int]] = {
    "count": sequence_count, "index": sequence_index}


def _has_key(mapping: dict[Any, Any]) -> Callable[[Any], bool]:
    """`d.has_key(key)` inside graphs: `key in d` (MindSpore supports it on graph dicts)."""
    def has_key(key: Any) -> bool:
        return key in mapping
    return has_key


@expression_rule(gast.Attribute)
def expr_attribute(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    return get_attribute(b, frame, node, b.eval(frame, node.value))


def get_attribute(b: GraphBuilder, frame: Frame, node: Any, obj: Any) -> Any:
    read = b.policy.on_attribute_read(obj, node.attr)
    if read is not NOT_HANDLED:
        return read
    if node.attr == "shape" and isinstance(obj, GraphTensor):
        return run_time_shape(obj)
    if node.attr == "has_key" and type(obj) is dict:  # MindSpore's graph dicts have it
        return _has_key(obj)
    if node.attr in _SEQUENCE_METHODS and type(obj) in (tuple, list) and (
            holds_arrays(obj) or contains_graph_value(obj)):
        # MindSpore's comparison of Tensor items; at run time when they are graph values
        return functools.partial(_SEQUENCE_METHODS[node.attr], obj)
    try:
        value = getattr(obj, node.attr)
    except AttributeError:
        if isinstance(obj, (list, tuple)):
            raise GraphcAttributeError(
                f"'{type(obj).__name__.capitalize()}' object has no attribute "
                f"'{node.attr}'", frame.source.location(node)) from None
        raise GraphcAttributeError(
            f"'{type(obj).__name__}' object has no attribute '{node.attr}'",
            frame.source.location(node)) from None
    if isinstance(value, Weight):
        read = b.weight_value(value)
        cast = getattr(type(obj), "__graphc_cast_weight__", None)  # to_float (nn/cell.py)
        return read if cast is None else cast(obj, value, read)
    if not isinstance(obj, (ModuleType, type, Tensor)) and hasattr(obj, "__dict__") \
            and node.attr in vars(obj):
        owner = type(obj).__name__
        what = f"attribute '{node.attr}' of {owner}"
        if is_guardable(value):
            b.guards.append(Guard(what, getattr, obj, value, node.attr))
        elif type(value) in CONTENT_GUARDED and not b.policy.changed_at_run_time(value):
            snapshot = content_snapshot(value)
            if snapshot is not MISSING:
                b.guards.append(ContentGuard(what, getattr, obj, value, node.attr,
                                             snapshot=snapshot))
    read = b.policy.on_attribute_value(obj, node.attr, value)
    if read is not NOT_HANDLED:
        return read
    if not isinstance(obj, ModuleType):
        return b.policy.read_outside(value)
    return value


@expression_rule(gast.Subscript)
@user_operations
def expr_subscript(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    value = b.eval(frame, node.value)
    index = b.eval(frame, node.slice)
    if type(value) in _DICT_VIEWS:  # `d.values()[0]`: MindSpore's views index as tuples
        value = tuple(value)
    if isinstance(index, slice) and isinstance(value, (tuple, list)) and \
            contains_graph_value((index.start, index.stop, index.step)):
        return b.policy.interpret(_sliced, (value, index.start, index.stop, index.step),
                                  {}, "slices a tuple or list at bounds known only at "
                                  "run time: runs in Python; its result has type Any")
    if isinstance(value, GraphAny) or isinstance(index, GraphAny):
        return b.policy.interpret(operator.getitem, (value, index), {}, "indexes a value "
                                  "computed by Python: runs in Python; its result has "
                                  "type Any")
    if isinstance(value, (tuple, list)) and is_graph_value(index):
        return runtime_index(b, value, index)
    return operators.compute(b, operator.getitem, value, index)


def runtime_index(b: GraphBuilder, items: tuple[Any, ...] | list[Any], index: Any) -> Any:
    """`items[index]` with an index known only at run time (SPEC 2.3): Tensors are selected
    in the graph; Cells and functions give a choice that a call turns into branches."""
    n = len(items)
    if n == 0:
        raise GraphcValueError("index into an empty sequence", b.loc)
    if isinstance(index, GraphTensor) and (index.dtype.kind not in ("int", "uint")
                                           or index._data.size not in (1, -1)):
        raise GraphcTypeError("a run-time index into a tuple or list must be a one-element "
                              f"integer Tensor, not {describe(index)}", b.loc)
    if isinstance(index, GraphScalar) and index.type is not int:
        raise GraphcTypeError("a run-time index into a tuple or list must be an int",
                              b.loc)
    if all(isinstance(v, Tensor) for v in items):
        from ...ops import array_ops, math_ops
        position = math_ops.floor_mod(index, n)
        result = items[0]
        for i in range(1, n):
            result = array_ops.select(math_ops.equal(position, i), items[i], result)
        return result
    if not all(callable(v) for v in items):
        picked = b.policy.on_runtime_item(items, index)
        if picked is not NOT_HANDLED:
            return picked
    return RuntimeChoice(tuple(items), index)
