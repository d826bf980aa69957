"""The specialiser at LAX level (JIT Fallback): what becomes an interpret node, and the objects
that live outside the graph (globals, attributes, arguments) whose changes must happen at run
time on the real object. The nodes themselves are built by `graphc.fallback.Interpreter`.
"""

from __future__ import annotations

import builtins
import operator
from collections.abc import Callable
from types import BuiltinFunctionType, FunctionType, MethodType, ModuleType
from typing import TYPE_CHECKING, Any

import gast
import numpy as np

from ..common import dtype as mstype
from ..common.errors import GraphcError, GraphcSyntaxError
from ..common.internal import user_operations
from ..common.parameter import Parameter as Weight
from ..common.tensor import Tensor
from ..ir import node as ir
from ..parser.resolve import MISSING, Origin, origin_of
from .guards import ContentGuard, Guard, content_snapshot, is_guardable, read_cell
from .support import (
    Frame,
    InterpretedFunction,
    NotDifferentiableInGraph,
    _contains_graph_value,
    _find_local,
    _is_tensorlike,
    _same,
)
from .values import (
    GraphAny,
    NeedsValueError,
)

if TYPE_CHECKING:
    from .specialize import GraphBuilder

class FallbackMixin:
    """Methods of `GraphBuilder` (see `specialize.py`)."""

    def _differentiate(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """A `grad`/`value_and_grad` function called in the graph. If what it differentiates
        hands a Tensor being differentiated to Python (an interpret node whose operands a tape
        watches), the graph cannot follow the gradient through that Python code: the whole
        gradient is then computed at run time in PyNative, which gives PyNative's answer.
        Python code that only sees other values (logging, counters, NumPy on the data) is a
        constant for autodiff, as in PyNative, and the gradient stays in the graph."""
        saved_reads = self.fallback.watched_reads
        restore = self._rollback_point()
        try:
            result = func(*args, **kwargs)
            if self.fallback.watched_reads == saved_reads:
                return result
        except NotDifferentiableInGraph:
            pass  # a construct the graph's autodiff lacks: PyNative computes it at run time
        restore()
        func = getattr(func, "__graphc_grad_impl__", func)  # the PyNative path, at run time
        for value in tuple(args) + tuple(kwargs.values()):
            if type(value) in (list, dict, set) and self._lives_outside(value):
                self._mutated_object(value)  # PyNative may change it: pass the real object
        return self.fallback.call(func, args, kwargs, "differentiates a function that runs "
                                  "Python (JIT Fallback): the gradient is computed in PyNative "
                                  "at run time", effect=True)

    def _framework_on_any(self, func: Any, args: tuple[Any, ...],
                          kwargs: dict[str, Any]) -> Any:
        """A graphc op or Cell given a value only Python knows: run eagerly at run time."""
        dtype = kwargs.get("dtype", args[1] if len(args) > 1 else None)
        typed = getattr(func, "__name__", "") == "tensor" and isinstance(dtype, mstype.DType)
        result = self.fallback.call(func, args, kwargs, f"calls {_callable_name(func)} on a "
                                    "value computed by Python (type Any): runs eagerly in "
                                    "Python; " + ("tensor(..., dtype) gives its result's type"
                                                  if typed else "its result has type Any"))
        if typed and isinstance(result, GraphAny):
            # `tensor(x, dtype=...)` carries its own type (SPEC 3.10)
            return self.fallback.annotate(result, self.fallback.tensor_annotation(dtype))
        return result

    def _site(self) -> tuple[str, int, int]:
        return (self.loc.filename, self.loc.line, self.loc.col)

    def _fallback_python_call(self, func: Any, args: tuple[Any, ...],
                              kwargs: dict[str, Any]) -> Any:
        """The LAX rules for a call into Python that must run at run time even with constant
        inputs: changing an outside object in place, creating an object the graph changes."""
        owner = getattr(func, "__self__", None)
        if owner is not None and not isinstance(owner, (ModuleType, type)) and \
                getattr(func, "__name__", "") in _MUTATORS.get(type(owner), ()):
            if self._lives_outside(owner):
                self._mutated_object(owner)
                return self.fallback.call(
                    func, args, kwargs, f"calls {type(owner).__name__}.{func.__name__} on a "
                    f"{type(owner).__name__} that lives outside the function: runs in Python "
                    "so that the real object changes", effect=True)
            if type(owner) is list and not kwargs and _only_stores(func.__name__, args):
                return func(*args)  # a list the graph built holds run-time values as items
            return _NOT_HANDLED
        if func is not print and self.fallback.runs_each_call(func):
            return self.fallback.call(func, args, kwargs, f"calls {_callable_name(func)}, which "
                                      "reads or writes files, the clock or random state: runs "
                                      "in Python at every call", effect=True)
        if _is_plain_class(func):
            if ("create", self._site()) in self.volatile or _contains_graph_value(args) or \
                    _contains_graph_value(tuple(kwargs.values())):
                return self.fallback.call(
                    func, args, kwargs, f"creates an instance of {func.__qualname__}, a plain "
                    "Python class (not a Cell or @jit_class): runs in Python, and so do its "
                    "methods; the object has type Any", effect=True)
        return _NOT_HANDLED

    def python_callable(self, value: Any) -> Any:
        """`value` as Python code receives it: a lambda of the compiled function (interpreted
        into the graph so far) becomes a real Python function made at run time from its source,
        closing over the values it reads."""
        if not isinstance(value, InterpretedFunction):
            return value
        tree = _as_lambda(value.source.tree) \
            if isinstance(value.source.tree, gast.FunctionDef) else None
        if tree is not None:
            return self._interpret_expression(value.outer, tree, "makes the inner function a "
                                              "Python function, for Python code that calls it")
        if not isinstance(value.source.tree, gast.Lambda):
            raise GraphcSyntaxError(f"the inner function '{value.name}' is passed to Python code "
                                    "that runs at run time; only a lambda can be (define it "
                                    "with lambda, or at module level)", self.loc)
        return self._interpret_expression(value.outer, value.source.tree, "makes the lambda a "
                                          "Python function, for Python code that calls it")

    def _as_any(self, value: Any) -> Any:
        """`value` as a Python object at run time (Tensors wrapped), typed `Any`: how a value
        joins one computed by Python (a branch, a loop variable)."""
        if isinstance(value, GraphAny):
            return value
        # a list or dict the graph built is a new object at every call, as in PyNative
        outside = self._lives_outside(value)
        if outside and type(value) in (list, dict, set):
            self._mutated_object(value)  # Python may change it from here on: the real object
        convert = _same if outside else _fresh
        return self.fallback.call(convert, (value,), {}, "passes a value to one that only "
                                  "Python knows (a branch or loop joins them)", effect=True)

    def _lives_outside(self, obj: Any) -> bool:
        """Whether `obj` exists outside this graph's run (a global, an attribute, an argument,
        an object the graph folded): changing it must change the real object at run time."""
        i = id(obj)
        return i in self.external or i in self.created or i in self.arguments

    def _outside_graph(self, obj: Any) -> bool:
        """At LAX, whether `obj` is a real object outside the graph (kept, not copied, by
        branches and loops, so that changing it changes the real object)."""
        return self.fallback is not None and self._lives_outside(obj)

    def note_escape(self, value: Any) -> None:
        """Objects this graph created at compile time that reach Python at run time (an
        interpret node's operand, the graph's output) must be new objects at every call, as
        in PyNative: their creation moves to run time (the graph is built again)."""
        if not self.created:
            return
        stack = [value]
        while stack:
            item = stack.pop()
            site = self.created.get(id(item))
            if site is not None:
                self._rebuild_with(("create", site))
            if type(item) in (tuple, list):
                stack.extend(item)
            elif type(item) is dict:
                stack.extend(item.values())
            elif isinstance(item, MethodType):
                stack.append(item.__self__)

    def note_passed_to_python(self, operands: Any) -> None:
        """The operands of an interpret node reach Python at run time: what this graph created
        is made per call (`note_escape`), and a list or dict argument is the caller's object
        (the graph is built again taking that argument as it is)."""
        self.note_escape(operands)
        stack = [operands]
        while stack:
            item = stack.pop()
            if type(item) in (list, dict):
                argument = self.arguments.get(id(item))
                if argument is not None:
                    self._rebuild_with(argument[1])
                    continue
            if type(item) in (tuple, list):
                stack.extend(item)
            elif type(item) is dict:
                stack.extend(item.values())

    def _mutated_object(self, obj: Any) -> None:
        """`obj` is changed in place at run time: later reads of it are run-time reads."""
        argument = self.arguments.get(id(obj))
        if argument is not None:  # build again with the caller's object as an input
            self._rebuild_with(argument[1])
            return
        self.volatile.add(("object", id(obj)))
        site = self.created.get(id(obj))
        if site is not None:  # created by this graph: create it at run time, per call
            self._rebuild_with(("create", site))

    def _rebuild_with(self, key: tuple[Any, ...]) -> None:
        """Make `key` (an object, argument or creation site) a run-time matter, and have the
        function built again, since this build treated it as a constant."""
        self.volatile.add(key)
        self.folded_reads.add(key)

    def _volatile_value(self, value: Any) -> Any:
        """`value` as the graph reads it: an outside object changed at run time is read then."""
        if ("object", id(value)) in self.volatile:
            return GraphAny(ir.ValueNode(value))
        if _is_mutable_object(value):
            self.external.setdefault(id(value), value)
            self.folded_reads.add(("object", id(value)))
        elif type(value) is tuple:  # the lists a folded tuple holds live outside too
            items = tuple(self._volatile_value(item) for item in value)
            if any(a is not b for a, b in zip(items, value)):
                return items
        return value

    def _annotated_statement(self, frame: Frame, stmt: Any,
                             method: Callable[[Frame, Any], None]) -> None:
        """Run `stmt`, applying its `# @jit.typing:` comment (SPEC 3.10) if it has one."""
        annotation = self.fallback.statement_annotation(frame.source, stmt, frame.env, self.loc)
        if annotation is None:
            method(frame, stmt)
            return
        if annotation == "side_effect":
            self.side_effect_statement = True
            try:
                method(frame, stmt)
            finally:
                self.side_effect_statement = False
            return
        self.pending_annotation = annotation
        try:
            method(frame, stmt)
        finally:
            self.pending_annotation = None

    def _typed(self, value: Any) -> Any:
        """The value of an annotated statement, given the annotation's type."""
        if self.pending_annotation is not None and isinstance(value, GraphAny):
            return self.fallback.annotate(value, self.pending_annotation)
        return value

    def _for_over_any(self, frame: Frame, stmt: Any, iterable: GraphAny) -> None:
        """`for target in value` over a value only Python knows: its items are listed at run
        time and the loop runs over their indices."""
        items = self.fallback.call(list, (iterable,), {}, "iterates over a value computed by "
                                   "Python: runs in Python", effect=True)
        count = self.fallback.call(len, (items,), {}, "counts the items of a value computed "
                                   "by Python", effect=True, pytype=int)

        def item(index: Any) -> Any:
            return self.fallback.call(operator.getitem, (items, index), {}, "takes an item of "
                                      "a value computed by Python", effect=True)
        self._rolled_range(frame, stmt, 0, count, 1, item)

    def _read_global(self, frame: Frame, name: str) -> Any:
        """A global, closure or builtin name at LAX level: written globals are read at run time
        (or as the value this graph assigned); outside objects are tracked."""
        namespace = frame.fn.__globals__
        key = (id(namespace), name)
        if key in self.global_writes:
            return self.global_writes[key]
        if ("global",) + key in self.volatile:
            return self.fallback.call(operator.getitem, (namespace, name), {},
                                      f"reads the global '{name}', which the function assigns: "
                                      "runs in Python", effect=True)
        value = frame.lookup(name)
        if value is MISSING:
            raise NameError(f"name '{name}' is not defined")
        if isinstance(value, Weight):
            return self.weight_value(value)
        self.folded_reads.add(("global",) + key)
        self._guard_global(frame.fn, name, value)
        return self._volatile_value(value)

    def _guard_global(self, fn: FunctionType, name: str, value: Any) -> None:
        """Record that `name` (a global or closure value of `fn`) was folded as `value`: plain
        values by equality, containers and arrays by identity and contents."""
        snapshot = None
        if not is_guardable(value):
            if type(value) not in _CONTENT_GUARDED or ("object", id(value)) in self.volatile:
                return  # not foldable by value, or read at run time (the graph changes it)
            snapshot = content_snapshot(value)
            if snapshot is MISSING:
                return
        code = fn.__code__
        if fn.__closure__ and name in code.co_freevars:
            cell = fn.__closure__[code.co_freevars.index(name)]
            what, args = f"closure variable '{name}'", (read_cell, cell, value)
        elif name in fn.__globals__:
            what, args = f"global '{name}'", (dict.get, fn.__globals__, value, name)
        else:
            return
        if snapshot is None:
            self.guards.append(Guard(what, *args))
        else:
            self.guards.append(ContentGuard(what, *args, snapshot=snapshot))

    @user_operations
    def _operator(self, op: Callable[..., Any], *operands: Any) -> Any:
        """`op(*operands)`; at LAX level, on a value only Python knows or where the graph
        cannot compute it, an interpret node."""
        if self.fallback is None:
            return op(*operands)
        if not _contains_any(operands):
            try:
                return op(*operands)
            except NeedsValueError:
                pass
        symbol = _OPERATOR_WORDS.get(op, getattr(op, "__name__", "an operator"))
        return self.fallback.call(op, operands, {}, f"applies {symbol} to a value computed by "
                                  "Python (type Any): runs in Python; its result has type Any")

    def _lax_boolop(self, frame: Frame, is_and: bool, left: Any, truth: Any,
                    operand: Any) -> Any:
        """`left and/or operand` under a run-time condition at LAX level: Tensors are
        selected; anything else evaluates `operand` only where Python would (a switch)."""
        if _is_tensorlike(left):
            marker = len(self.fallback.nodes)
            restore = self._rollback_point(frame)
            right = self.eval(frame, operand)
            if _is_tensorlike(right) and len(self.fallback.nodes) == marker:
                return self._variable_boolop(is_and, left, right)
            restore()
        graphs, values = [], []
        for evaluates in ((True, False) if is_and else (False, True)):
            graph = self._branch_graph("boolop")  # (the current graph while a tape records)
            with self._in_graph(graph):
                values.append(self.eval(frame, operand) if evaluates else left)
            graphs.append(graph)
        (merged,) = self._join_branches(truth, graphs[0], graphs[1], [values[0]], [values[1]],
                                        ["<and/or>"])
        return merged

    def _graph_comprehension(self, frame: Frame, node: Any, emit: Callable[[], None],
                             out: Any) -> Any:
        """A comprehension built in the graph; at LAX level, one the graph cannot build (over a
        value only Python knows, several `for`s, a run-time filter) runs in Python."""
        if self.fallback is None:
            self._comprehension(frame, node, emit)
            return out
        restore = self._rollback_point(frame)
        try:
            self._comprehension(frame, node, emit)
            return out
        except GraphcError:
            restore()
            return self._interpret_expression(frame, node, "a comprehension the graph cannot "
                                              "unroll (over a value only Python knows, or with "
                                              "a run-time filter): runs in Python")

    def _rollback_point(self, frame: Frame | None = None) -> Callable[[], None]:
        """A function that undoes what building did to the graph since this call."""
        graph, saved_nodes = self.graph, len(self.graph.nodes)
        saved_interpret = len(self.fallback.nodes) if self.fallback is not None else 0
        saved_weights, saved_effects = dict(self.weight_values), self.effects
        saved_guards = len(self.guards)
        saved_env = dict(frame.env) if frame is not None else None

        def restore() -> None:
            del graph.nodes[saved_nodes:]
            if self.fallback is not None:
                del self.fallback.nodes[saved_interpret:]
            del self.guards[saved_guards:]
            self.weight_values, self.effects = saved_weights, saved_effects
            if frame is not None:
                frame.env = saved_env
        return restore

    def _interpret_expression(self, frame: Frame, node: Any, reason: str) -> Any:
        """Evaluate the expression `node` in CPython at run time, from its source text, with
        the local names it reads bound to their graph values (SPEC 4.3)."""
        names = sorted(frame.source.analysis.of(node).loads)
        local: dict[str, Any] = {}
        free = set(frame.fn.__code__.co_freevars) if frame.fn is not None else set()
        for name in names:
            value = _find_local(frame, name)
            if value is MISSING and name in free:
                value = frame.lookup(name)
            if value is not MISSING:
                local[name] = value
        namespace = frame.fn.__globals__ if frame.fn is not None else vars(builtins)
        fn = self.fallback.compile_expression(node, tuple(local), namespace)
        return self.fallback.call(fn, tuple(local.values()), {}, reason, effect=True)


_NOT_HANDLED = object()


# Mutable values whose contents a guard checks when a graph folded them.
_CONTENT_GUARDED = (list, dict, set, np.ndarray)


# Expression kinds the graph has no node for, run in Python at LAX level.
_INTERPRETABLE_EXPRESSIONS = frozenset({"SetComp"})


# Statements that may carry a `# @jit.typing:` comment.
_ANNOTATABLE = (gast.Assign, gast.AugAssign, gast.AnnAssign, gast.Expr, gast.Return)


# In-place methods of builtin containers: on an object from outside the graph they run at run
# time, on the real object (SPEC 3.5).
_MUTATORS: dict[type, frozenset[str]] = {
    list: frozenset({"append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear",
                     "__setitem__", "__delitem__", "__iadd__"}),
    dict: frozenset({"update", "pop", "popitem", "setdefault", "clear", "__setitem__",
                     "__delitem__"}),
    set: frozenset({"add", "discard", "remove", "update", "clear", "pop",
                    "intersection_update", "difference_update", "symmetric_difference_update"}),
    bytearray: frozenset({"append", "extend", "insert", "pop", "remove", "reverse", "clear"}),
    np.ndarray: frozenset({"fill", "sort", "resize", "put", "itemset", "partition",
                           "setfield", "setflags", "__setitem__"}),
}


_OPERATOR_WORDS = {
    operator.add: "'+'", operator.sub: "'-'", operator.mul: "'*'", operator.truediv: "'/'",
    operator.floordiv: "'//'", operator.mod: "'%'", operator.pow: "'**'",
    operator.matmul: "'@'", operator.and_: "'&'", operator.or_: "'|'", operator.xor: "'^'",
    operator.lshift: "'<<'", operator.rshift: "'>>'", operator.eq: "'=='",
    operator.ne: "'!='", operator.lt: "'<'", operator.le: "'<='", operator.gt: "'>'",
    operator.ge: "'>='", operator.is_: "'is'", operator.is_not: "'is not'",
    operator.getitem: "indexing", operator.neg: "unary '-'", operator.pos: "unary '+'",
    operator.invert: "'~'",
}


def _contains_any(value: Any) -> bool:
    if isinstance(value, GraphAny):
        return True
    if isinstance(value, (tuple, list)):
        return any(_contains_any(v) for v in value)
    if isinstance(value, dict):
        return any(_contains_any(v) for v in value.values())
    return False


def _callable_name(func: Any) -> str:
    if isinstance(func, MethodType) and isinstance(func.__self__, Tensor):
        return f"Tensor.{func.__name__}()"
    if isinstance(func, MethodType) or (isinstance(func, BuiltinFunctionType)
                                        and not isinstance(getattr(func, "__self__", None),
                                                           ModuleType)
                                        and getattr(func, "__self__", None) is not None):
        owner = func.__self__
        owner_name = owner.__name__ if isinstance(owner, type) else type(owner).__name__
        return f"{owner_name}.{func.__name__}()"
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None)
    if name is None:
        return f"a {type(func).__name__} object"
    module = getattr(func, "__module__", None) or ""
    top = module.split(".")[0]
    return f"{top + '.' if top and top != 'builtins' else ''}{name}"


# Builtins whose answer on a graph value would describe the stand-in, not the run-time value.
_VALUE_BUILTINS = frozenset({repr, id, hash, type, vars, dir, str, format, ascii})


# Standard modules whose functions only combine values (they run while the graph is built).
_STRUCTURAL_MODULES = frozenset({"functools", "operator", "_operator", "itertools"})


def _changes_outside_object(builder: GraphBuilder, func: Any) -> bool:
    """Whether `func` is an in-place method of an object from outside the graph."""
    owner = getattr(func, "__self__", None)
    return owner is not None and id(owner) in builder.external and \
        getattr(func, "__name__", "") in _MUTATORS.get(type(owner), ())


def _is_builtin_callable(func: Any) -> bool:
    """A builtin or structural function, type, or method of a builtin object (`len`,
    `list.append`, `functools.partial`): tried on graph values while the graph is built."""
    owner = getattr(func, "__self__", None)
    if isinstance(func, BuiltinFunctionType) and owner is not None and \
            not isinstance(owner, ModuleType):
        return type(owner).__module__ == "builtins"
    if func in _VALUE_BUILTINS:
        return False
    module = getattr(func, "__module__", None)
    return module == "builtins" or module in _STRUCTURAL_MODULES


def _third_party_reason(func: Any, where: str) -> str:
    module = (getattr(func, "__module__", None) or "").split(".")[0]
    what = f"{module}.{getattr(func, '__name__', where)}" if module and module != "builtins" \
        else where
    if isinstance(func, type):
        return (f"creates a {what}, a class the graph does not know: runs in Python; the "
                "object has type Any")
    return (f"calls {what}, a third-party function: runs in Python; its result has type Any — "
            "add a `# @jit.typing:` comment to type it")


def _any_words(value: Any) -> str:
    """How a reason names a value only Python knows."""
    if isinstance(value, GraphAny) and isinstance(value.node, ir.ValueNode):
        return (f"the {type(value.node.value).__name__} that lives outside the function, "
                "which it changes")
    return "a value computed by Python"


def _kind(obj: Any) -> str:
    if isinstance(obj, GraphAny):
        return "value computed by Python"
    return f"{type(obj).__name__} object"


def _is_plain_class(func: Any) -> bool:
    """A user class that is neither a Cell nor a `jit_class` nor an exception (SPEC 3.3)."""
    return isinstance(func, type) and origin_of(func) is Origin.USER and \
        not getattr(func, "__ms_class__", False) and not hasattr(func, "construct") and \
        not issubclass(func, BaseException)


def _is_mutable_object(value: Any) -> bool:
    kind = type(value)
    if kind in (list, dict, set, bytearray) or isinstance(value, np.ndarray):
        return True
    return _is_plain_class(kind)


def _fresh(value: Any) -> Any:
    """`value` with its lists and dicts copied (recursively): the graph's own containers are
    new objects at every call."""
    if type(value) is list:
        return [_fresh(v) for v in value]
    if type(value) is dict:
        return {k: _fresh(v) for k, v in value.items()}
    return value


def _unpack_python(value: Any, count: int, star: int) -> tuple[Any, ...]:
    """Python's unpacking of `value` into `count` targets (the one at `star` starred)."""
    if star < 0:
        items = tuple(value)
        if len(items) != count:
            raise ValueError(f"{'too many' if len(items) > count else 'not enough'} values to "
                             f"unpack (expected {count}, got {len(items)})")
        return items
    items = tuple(value)
    after = count - star - 1
    if len(items) < count - 1:
        raise ValueError(f"not enough values to unpack (expected at least {count - 1}, got "
                         f"{len(items)})")
    return items[:star] + (list(items[star:len(items) - after]),) + items[len(items) - after:]


def _raise(exc: Any, *args: Any) -> None:
    """Raise `exc` (an exception, or an exception class called with `args`) at run time."""
    raise exc(*args) if isinstance(exc, type) else exc


def _python_and(a: Any, b: Any) -> Any:
    return a and b


def _make_set(*items: Any) -> set[Any]:
    return set(items)


def _join_str(*parts: Any) -> str:
    return "".join(str(p) for p in parts)


def _format_value(value: Any, conversion: int, spec: str) -> str:
    if conversion == ord("r"):
        value = repr(value)
    elif conversion == ord("s"):
        value = str(value)
    elif conversion == ord("a"):
        value = ascii(value)
    return format(value, spec)


def _only_stores(method: str, args: tuple[Any, ...]) -> bool:
    """Whether `list.method(*args)` only stores its arguments (no run-time value decides where
    or whether), so the graph does it on a list it built even when they are run-time values."""
    if method == "append":
        return len(args) == 1
    if method == "insert":
        return len(args) == 2 and isinstance(args[0], int)
    if method == "extend":
        return len(args) == 1 and type(args[0]) in (list, tuple)
    return False


def _as_lambda(tree: Any) -> Any:
    """The lambda that an inner `def` of one `return expr` statement is (made once), else
    None: such a function can be handed to Python code as a lambda made at run time."""
    cached = getattr(tree, "_graphc_as_lambda", None)
    if cached is not None:
        return cached
    body = tree.body
    if tree.decorator_list or len(body) != 1 or not isinstance(body[0], gast.Return) or \
            body[0].value is None:
        return None
    lam = gast.copy_location(gast.Lambda(args=tree.args, body=body[0].value), tree)
    tree._graphc_as_lambda = lam
    return lam
