"""The specialiser's expressions: one `_expr_<Node>` method per gast expression kind.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from types import ModuleType
from typing import Any

import gast

from ..common import dtype as mstype
from ..common.errors import (
    GraphcAttributeError,
    GraphcError,
    GraphcSyntaxError,
    GraphcTypeError,
    GraphcValueError,
)
from ..common.internal import user_operations
from ..common.parameter import Parameter as Weight
from ..common.sequence_equality import holds_arrays, sequence_count, sequence_index
from ..common.tensor import Tensor
from ..ir import node as ir
from ..ir.graph import FuncGraph
from ..ops.inplace_ops import INPLACE_METHODS
from ..parser.resolve import MISSING, lookup_global
from .guards import ContentGuard, Guard, content_snapshot, is_guardable
from .policy import NOT_HANDLED
from .python_objects import (
    CONTENT_GUARDED,
    INTERPRETABLE_EXPRESSIONS,
    OPERATOR_WORDS,
    any_words,
    contains_any,
    format_value,
    join_str,
    make_set,
    python_and,
)
from .support import (
    _BINOPS,
    _CMPOPS,
    _UNARYOPS,
    Frame,
    InterpretedFunction,
    _contains_graph_value,
    _describe,
    _find_local,
    _is_tensorlike,
    _RuntimeChoice,
    _RuntimeRange,
    is_graph_value,
)
from .values import (
    GraphAny,
    GraphScalar,
    GraphTensor,
    NeedsValueError,
    run_time_shape,
    tensor_to_scalar,
)


class ExpressionsMixin:
    """Methods of `GraphBuilder` (see `specialize.py`)."""

    def eval(self, frame: Frame, node: Any) -> Any:
        method = getattr(self, "_expr_" + type(node).__name__, None)
        if method is None:
            error = GraphcSyntaxError(f"Unsupported expression '{type(node).__name__}'.",
                                      frame.source.location(node))
            if type(node).__name__ not in INTERPRETABLE_EXPRESSIONS:
                raise error
            return self.policy.on_unsupported(error, lambda: self.policy.interpret_expression(
                frame, node, f"uses a {type(node).__name__} expression, which the graph has no "
                "node for: runs in Python"))
        return method(frame, node)

    def _expr_Constant(self, frame: Frame, node: Any) -> Any:
        if isinstance(node.value, complex):
            raise GraphcTypeError("Only support 'Number' type of 'int` and 'float'",
                                  frame.source.location(node))
        return node.value

    def _expr_Name(self, frame: Frame, node: Any) -> Any:
        if frame.fn is not None and _find_local(frame, node.id) is MISSING:
            return self.policy.read_global(frame, node.id)
        value = frame.lookup(node.id)
        if value is MISSING:
            raise NameError(f"name '{node.id}' is not defined")
        if isinstance(value, Weight):
            return self.weight_value(value)
        return value

    def _expr_Attribute(self, frame: Frame, node: Any) -> Any:
        return self._get_attribute(frame, node, self.eval(frame, node.value))

    def _get_attribute(self, frame: Frame, node: Any, obj: Any) -> Any:
        read = self.policy.on_attribute_read(obj, node.attr)
        if read is not NOT_HANDLED:
            return read
        if node.attr == "shape" and isinstance(obj, GraphTensor):
            return run_time_shape(obj)
        if node.attr == "has_key" and type(obj) is dict:  # MindSpore's graph dicts have it
            return _has_key(obj)
        if node.attr in _SEQUENCE_METHODS and type(obj) in (tuple, list) and (
                holds_arrays(obj) or _contains_graph_value(obj)):
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
            read = self.weight_value(value)
            cast = getattr(type(obj), "__graphc_cast_weight__", None)  # to_float (nn/cell.py)
            return read if cast is None else cast(obj, value, read)
        if not isinstance(obj, (ModuleType, type, Tensor)) and hasattr(obj, "__dict__") \
                and node.attr in vars(obj):
            owner = type(obj).__name__
            what = f"attribute '{node.attr}' of {owner}"
            if is_guardable(value):
                self.guards.append(Guard(what, getattr, obj, value, node.attr))
            elif type(value) in CONTENT_GUARDED and not self.policy.changed_at_run_time(value):
                snapshot = content_snapshot(value)
                if snapshot is not MISSING:
                    self.guards.append(ContentGuard(what, getattr, obj, value, node.attr,
                                                    snapshot=snapshot))
        read = self.policy.on_attribute_value(obj, node.attr, value)
        if read is not NOT_HANDLED:
            return read
        if not isinstance(obj, ModuleType):
            return self.policy.read_outside(value)
        return value

    def _expr_BinOp(self, frame: Frame, node: Any) -> Any:
        left = self.eval(frame, node.left)
        right = self.eval(frame, node.right)
        return self._operator(_BINOPS[type(node.op)], left, right)

    def _expr_UnaryOp(self, frame: Frame, node: Any) -> Any:
        value = self.eval(frame, node.operand)
        if isinstance(node.op, gast.Not):
            if isinstance(value, GraphAny):
                return self.policy.interpret(operator.not_, (value,), {}, "applies 'not' to a "
                                             "value computed by Python: runs in Python",
                                             pytype=bool)
            truth = self.truth(value)
            if isinstance(truth, bool):
                return not truth
            if isinstance(truth, GraphTensor):  # Python's `not` gives a bool, known at run time
                from ..ops import math_ops
                return tensor_to_scalar(math_ops.logical_not(truth), bool)
            return truth == False  # noqa: E712  (a run-time scalar comparison node)
        return self._operator(_UNARYOPS[type(node.op)], value)

    def _expr_BoolOp(self, frame: Frame, node: Any) -> Any:
        is_and = isinstance(node.op, gast.And)
        value = self.eval(frame, node.values[0])
        for operand in node.values[1:]:
            truth = self.truth(value)
            if not isinstance(truth, bool):
                value = self.policy.on_runtime_boolop(frame, is_and, value, truth, operand)
                continue
            if truth != is_and:  # `and` stops at a false value, `or` at a true one
                return value
            value = self.eval(frame, operand)
        return value

    def variable_boolop(self, is_and: bool, left: Any, right: Any) -> Any:
        """`left and/or right` on Tensors whose truth is known only at run time: `select`."""
        from ..ops import array_ops, math_ops
        if _is_tensorlike(left) and _is_tensorlike(right):
            # Python: `a and b` is b if a is true else a; `a or b` is a if a is true else b.
            truth = left if left.dtype is mstype.bool_ else math_ops.not_equal(left, 0)
            return array_ops.select(truth, right, left) if is_and else \
                array_ops.select(truth, left, right)
        raise GraphcSyntaxError("'and'/'or' with a run-time condition needs Tensor operands on "
                                "both sides", self.loc)

    def _expr_Compare(self, frame: Frame, node: Any) -> Any:
        left = self.eval(frame, node.left)
        result: Any = True
        for op, comp in zip(node.ops, node.comparators):
            right = self.eval(frame, comp)
            if isinstance(op, (gast.In, gast.NotIn)) and isinstance(left, GraphScalar) and \
                    isinstance(right, (tuple, list)):
                value = self._scalar_in(left, right, negate=isinstance(op, gast.NotIn))
            elif isinstance(op, (gast.Is, gast.IsNot)) and _run_time_numbers(left, right):
                # `n is 3` of a run-time int: Python's answer when the graph runs
                value = self.emit_scalar(ir.SCALAR_OP, (left, right),
                                         {"op": _CMPOPS[type(op)]}, bool)
            else:
                value = self._operator(_CMPOPS[type(op)], left, right)
            if isinstance(value, GraphAny) or isinstance(result, GraphAny):
                # `a < b < c` with values Python computes: `a < b and b < c` in Python
                result = value if result is True else self.policy.interpret(
                    python_and, (result, value), {}, "chains comparisons of values computed "
                    "by Python: runs in Python")
                left = right
                continue
            result = value if result is True else self.variable_boolop(True, result, value) \
                if not isinstance(self.truth(result), bool) else (value if result else result)
            left = right
        return result

    def _scalar_in(self, value: GraphScalar, items: tuple[Any, ...] | list[Any],
                   negate: bool) -> Any:
        """`value in items` for a run-time number: any(value == item) at run time."""
        found: Any = False
        for item in items:
            if not isinstance(item, (bool, int, float, GraphScalar)):
                continue  # a number is never equal to a non-number
            equal = value == item
            found = equal if found is False else self.emit_scalar(
                ir.SCALAR_OP, (found, equal), {"op": operator.or_}, bool)
        if negate:
            if found is False:
                return True
            return self.emit_scalar(ir.SCALAR_OP, (found,), {"op": operator.not_}, bool)
        return found

    def _inplace_call(self, frame: Frame, node: Any) -> Any:
        """`x.add_(y)` (an in-place Tensor method): the call, then, if it gave a new value
        rather than updating `x`, the variable rebound to it (`_rebind_updated`)."""
        owner = self.eval(frame, node.func.value)
        func = None if isinstance(owner, GraphAny) else self._get_attribute(frame, node.func,
                                                                             owner)
        args: list[Any] = []
        for a in node.args:
            args.extend(self.eval(frame, a.value) if isinstance(a, gast.Starred)
                        else (self.eval(frame, a),))
        kwargs: dict[str, Any] = {}
        for kw in node.keywords:
            if kw.arg is None:
                kwargs.update(self.eval(frame, kw.value))
            else:
                kwargs[kw.arg] = self.eval(frame, kw.value)
        previous = self.loc
        self.loc = frame.source.location(node)
        try:
            if func is None:  # a value computed by Python: the method runs there
                return self.policy.interpret_method(owner, node.func.attr, tuple(args), kwargs,
                                                    f"calls the method '{node.func.attr}' of "
                                                    f"{any_words(owner)}: runs in Python; "
                                                    "its result has type Any")
            result = self.call(func, tuple(args), kwargs)
            if isinstance(owner, Tensor) and result is not owner:
                self._rebind_updated(frame, node.func, owner, result)
            return result
        finally:
            self.loc = previous

    def _rebind_updated(self, frame: Frame, func: Any, owner: Tensor, result: Any) -> None:
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
                self.loc)
        for name in names:
            frame.env[name] = result

    def _expr_Call(self, frame: Frame, node: Any) -> Any:
        if isinstance(node.func, gast.Attribute) and node.func.attr in INPLACE_METHODS:
            return self._inplace_call(frame, node)
        method_of = None
        if isinstance(node.func, gast.Attribute):
            owner = self.eval(frame, node.func.value)
            if isinstance(owner, GraphAny):  # `any_value.method(...)`: one interpret node
                func, method_of = None, owner
            else:
                func = self._get_attribute(frame, node.func, owner)
        else:
            func = self.eval(frame, node.func)
        args: list[Any] = []
        for a in node.args:
            if isinstance(a, gast.Starred):
                args.extend(self.eval(frame, a.value))
            else:
                args.append(self.eval(frame, a))
        kwargs: dict[str, Any] = {}
        for kw in node.keywords:
            if kw.arg is None:
                kwargs.update(self.eval(frame, kw.value))
            else:
                kwargs[kw.arg] = self.eval(frame, kw.value)
        previous = self.loc
        self.loc = frame.source.location(node)
        try:
            if method_of is not None:
                return self.policy.interpret_method(method_of, node.func.attr, tuple(args),
                                                    kwargs, f"calls the method "
                                                    f"'{node.func.attr}' of "
                                                    f"{any_words(method_of)}: runs in Python; "
                                                    "its result has type Any")
            if func is range and _contains_graph_value(tuple(args)):
                return _RuntimeRange(*(self._range_bound(a) for a in args))
            if func is super and not args:
                return self._zero_arg_super(frame)
            return self.call(func, tuple(args), kwargs)
        finally:
            self.loc = previous

    def _range_bound(self, value: Any) -> Any:
        """A bound of `range()`: one only Python knows is an int when the loop runs (range
        takes its `__index__`), so the loop's counter is a run-time int."""
        if not isinstance(value, GraphAny):
            return value
        return self.policy.interpret(operator.index, (value,), {}, "range() over a value "
                                     "computed by Python: its bound is read at run time",
                                     pytype=int)

    def _zero_arg_super(self, frame: Frame) -> Any:
        """`super()` inside a method: the class it was defined in and its first argument."""
        cls = lookup_global(frame.fn, "__class__") if frame.fn is not None else MISSING
        params = frame.source.tree.args.args
        if cls is MISSING or not params:
            raise GraphcSyntaxError("super() without arguments is only supported in methods",
                                    self.loc)
        return super(cls, frame.env[params[0].id])

    def _expr_Tuple(self, frame: Frame, node: Any) -> Any:
        return tuple(self._elements(frame, node.elts))

    def _expr_List(self, frame: Frame, node: Any) -> Any:
        return list(self._elements(frame, node.elts))

    def _elements(self, frame: Frame, elts: list[Any]) -> list[Any]:
        out: list[Any] = []
        for e in elts:
            if isinstance(e, gast.Starred):
                out.extend(self.eval(frame, e.value))
            else:
                out.append(self.eval(frame, e))
        return out

    def _expr_Dict(self, frame: Frame, node: Any) -> Any:
        out: dict[Any, Any] = {}
        for k, v in zip(node.keys, node.values):
            if k is None:
                out.update(self.eval(frame, v))
            else:
                out[self.eval(frame, k)] = self.eval(frame, v)
        return out

    def _expr_Set(self, frame: Frame, node: Any) -> Any:
        def in_python() -> Any:
            items = self._elements(frame, node.elts)
            return self.policy.interpret(make_set, tuple(items), {}, "builds a set, which the "
                                         "graph has no type for: runs in Python")
        return self.policy.on_unsupported(GraphcSyntaxError(
            "Unsupported expression 'Set'.", frame.source.location(node)), in_python)

    @user_operations
    def _expr_Subscript(self, frame: Frame, node: Any) -> Any:
        value = self.eval(frame, node.value)
        index = self.eval(frame, node.slice)
        if type(value) in _DICT_VIEWS:  # `d.values()[0]`: MindSpore's views index as tuples
            value = tuple(value)
        if isinstance(index, slice) and isinstance(value, (tuple, list)) and \
                _contains_graph_value((index.start, index.stop, index.step)):
            return self.policy.interpret(_sliced, (value, index.start, index.stop, index.step),
                                         {}, "slices a tuple or list at bounds known only at "
                                         "run time: runs in Python; its result has type Any")
        if isinstance(value, GraphAny) or isinstance(index, GraphAny):
            return self.policy.interpret(operator.getitem, (value, index), {}, "indexes a value "
                                         "computed by Python: runs in Python; its result has "
                                         "type Any")
        if isinstance(value, (tuple, list)) and is_graph_value(index):
            return self._runtime_index(value, index)
        return self._operator(operator.getitem, value, index)

    def _runtime_index(self, items: tuple[Any, ...] | list[Any], index: Any) -> Any:
        """`items[index]` with an index known only at run time (SPEC 2.3): Tensors are selected
        in the graph; Cells and functions give a choice that a call turns into branches."""
        n = len(items)
        if n == 0:
            raise GraphcValueError("index into an empty sequence", self.loc)
        if isinstance(index, GraphTensor) and (index.dtype.kind not in ("int", "uint")
                                               or index._data.size not in (1, -1)):
            raise GraphcTypeError("a run-time index into a tuple or list must be a one-element "
                                  f"integer Tensor, not {_describe(index)}", self.loc)
        if isinstance(index, GraphScalar) and index.type is not int:
            raise GraphcTypeError("a run-time index into a tuple or list must be an int",
                                  self.loc)
        if all(isinstance(v, Tensor) for v in items):
            from ..ops import array_ops, math_ops
            position = math_ops.floor_mod(index, n)
            result = items[0]
            for i in range(1, n):
                result = array_ops.select(math_ops.equal(position, i), items[i], result)
            return result
        if not all(callable(v) for v in items):
            picked = self.policy.on_runtime_item(items, index)
            if picked is not NOT_HANDLED:
                return picked
        return _RuntimeChoice(tuple(items), index)

    def _call_choice(self, choice: _RuntimeChoice, args: tuple[Any, ...],
                     kwargs: dict[str, Any]) -> Any:
        """Call the item a run-time index picks: one branch per item, joined like an `if`."""
        from ..ops import math_ops
        position = math_ops.floor_mod(choice.index, len(choice.items))

        def build(lo: int, hi: int) -> Any:
            if hi - lo == 1:
                return self.call(choice.items[lo], args, kwargs)
            mid = (lo + hi) // 2
            cond = self.truth(math_ops.less(position, mid))
            values, graphs = [], []
            for a, b in ((lo, mid), (mid, hi)):
                graph = FuncGraph(f"{self.graph.name}_case_{len(self.graph.nodes)}",
                                  parent=self.graph, loc=self.loc)
                with self.in_graph(graph):
                    values.append(build(a, b))
                graphs.append(graph)
            (merged,) = self._join_branches(cond, graphs[0], graphs[1], [values[0]],
                                            [values[1]], ["<selected call>"])
            return merged

        return build(0, len(choice.items))

    def _expr_Slice(self, frame: Frame, node: Any) -> Any:
        parts = [None if p is None else self.eval(frame, p)
                 for p in (node.lower, node.upper, node.step)]
        return slice(*parts)

    def _expr_IfExp(self, frame: Frame, node: Any) -> Any:
        cond = self.truth(self.eval(frame, node.test))
        if isinstance(cond, bool):
            return self.eval(frame, node.body if cond else node.orelse)
        values = []
        graphs = []
        effects = self.effects
        for branch in (node.body, node.orelse):
            graph = self._branch_graph("ifexp")  # (the current graph while a tape records)
            with self.in_graph(graph):
                values.append(self.eval(frame, branch))
            graphs.append(graph)
        self._check_if_conversion(graphs[0], effects)
        (merged,) = self._join_branches(cond, graphs[0], graphs[1], [values[0]], [values[1]],
                                        ["<if expression>"])
        return merged

    def _expr_Lambda(self, frame: Frame, node: Any) -> Any:
        defaults = tuple(self.eval(frame, d) for d in node.args.defaults)
        inner = frame.source.inner(node, f"{frame.source.qualname}.<lambda>")
        return InterpretedFunction(inner, frame.fn, frame, defaults, "<lambda>")

    def _comprehension(self, frame: Frame, node: Any, emit: Callable[[], None]) -> None:
        if len(node.generators) != 1:
            raise GraphcTypeError(
                f"The 'generators' supports 1 'comprehension' in {type(node).__name__}, but got "
                f"{len(node.generators)} comprehensions.", frame.source.location(node))
        gen = node.generators[0]
        iterable = self.eval(frame, gen.iter)
        saved = dict(frame.env)
        try:
            for item in iterable:
                self.assign(frame, gen.target, item)
                ok = True
                for cond in gen.ifs:
                    truth = self.truth(self.eval(frame, cond))
                    if not isinstance(truth, bool):
                        raise GraphcSyntaxError("a comprehension filter must be a constant "
                                                "condition", frame.source.location(cond))
                    ok = ok and truth
                if ok:
                    emit()
        finally:
            frame.env = saved

    def _expr_NamedExpr(self, frame: Frame, node: Any) -> Any:
        value = self.eval(frame, node.value)
        self.assign(frame, node.target, value)
        return value

    def _expr_ListComp(self, frame: Frame, node: Any) -> Any:
        out: list[Any] = []
        return self._graph_comprehension(
            frame, node, lambda: out.append(self.eval(frame, node.elt)), out)

    _expr_GeneratorExp = _expr_ListComp

    def _expr_DictComp(self, frame: Frame, node: Any) -> Any:
        out: dict[Any, Any] = {}

        def emit() -> None:
            out[self.eval(frame, node.key)] = self.eval(frame, node.value)
        return self._graph_comprehension(frame, node, emit, out)

    def _expr_JoinedStr(self, frame: Frame, node: Any) -> Any:
        parts = [self.eval(frame, v) for v in node.values]
        if any(_contains_graph_value(p) for p in parts):
            return self.policy.on_unsupported(
                _fstring_error(self.loc), lambda: self.policy.interpret(
                    join_str, tuple(parts), {}, "formats an f-string with values computed in "
                    "the graph: runs in Python"))
        return "".join(str(p) for p in parts)

    def _expr_FormattedValue(self, frame: Frame, node: Any) -> Any:
        value = self.eval(frame, node.value)
        if _contains_graph_value(value):  # (a list of graph values too: `f"{[x, y]}"`)
            def in_python() -> Any:
                spec = self.eval(frame, node.format_spec) if node.format_spec is not None else ""
                return self.policy.interpret(format_value, (value, node.conversion, spec), {},
                                             "formats a value computed in the graph: runs in "
                                             "Python")
            return self.policy.on_unsupported(_fstring_error(self.loc), in_python)
        if node.conversion == ord("r"):
            value = repr(value)
        elif node.conversion == ord("s"):
            value = str(value)
        elif node.conversion == ord("a"):
            value = ascii(value)
        spec = self.eval(frame, node.format_spec) if node.format_spec is not None else ""
        return format(value, spec)

    @user_operations
    def _operator(self, op: Callable[..., Any], *operands: Any) -> Any:
        """`op(*operands)`; on a value only Python knows, or where the graph cannot compute
        it, the policy decides (LAX: an interpret node)."""
        symbol = OPERATOR_WORDS.get(op, getattr(op, "__name__", "an operator"))
        reason = (f"applies {symbol} to a value computed by Python (type Any): runs in Python; "
                  "its result has type Any")
        if not contains_any(operands):
            try:
                return op(*operands)
            except NeedsValueError as exc:
                return self.policy.on_unsupported(exc, lambda: self.policy.interpret(
                    op, operands, {}, reason))
        return self.policy.interpret(op, operands, {}, reason)

    def boolop_switch(self, frame: Frame, is_and: bool, left: Any, truth: Any,
                      operand: Any) -> Any:
        """`left and/or operand` under a run-time condition as a switch: `operand` is evaluated
        only where Python would evaluate it."""
        graphs, values = [], []
        for evaluates in ((True, False) if is_and else (False, True)):
            graph = self._branch_graph("boolop")  # (the current graph while a tape records)
            with self.in_graph(graph):
                values.append(self.eval(frame, operand) if evaluates else left)
            graphs.append(graph)
        (merged,) = self._join_branches(truth, graphs[0], graphs[1], [values[0]], [values[1]],
                                        ["<and/or>"])
        return merged

    def _graph_comprehension(self, frame: Frame, node: Any, emit: Callable[[], None],
                             out: Any) -> Any:
        """A comprehension built in the graph; one the graph cannot build (over a value only
        Python knows, several `for`s, a run-time filter) is the policy's (LAX: Python's)."""
        restore = self.rollback_point(frame)
        try:
            self._comprehension(frame, node, emit)
            return out
        except GraphcError as exc:
            def in_python() -> Any:
                restore()
                return self.policy.interpret_expression(
                    frame, node, "a comprehension the graph cannot unroll (over a value only "
                    "Python knows, or with a run-time filter): runs in Python")
            return self.policy.on_unsupported(exc, in_python)


_DICT_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))


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


def _fstring_error(loc: Any) -> GraphcSyntaxError:
    return GraphcSyntaxError("an f-string with a value computed in the graph needs JIT Fallback; "
                             "print the value instead", loc)


def _run_time_numbers(left: Any, right: Any) -> bool:
    """Whether `left is right` compares numbers, one of them known only at run time."""
    numbers = (GraphScalar, bool, int, float)
    return isinstance(left, numbers) and isinstance(right, numbers) and (
        isinstance(left, GraphScalar) or isinstance(right, GraphScalar))
