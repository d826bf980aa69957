"""jit_syntax_level=LAX (JIT Fallback) as the specialiser's policy: what the graph cannot express
runs in CPython as interpret nodes, and objects that live outside the graph (globals,
attributes, arguments, objects the graph created) are tracked so that changing them happens at
run time on the real object.

`LaxPolicy` answers the questions of `infer.policy.Policy`; it owns the `Interpreter` that
records the interpret nodes and the `MutationTracker` of outside objects. The lowering it calls
back into (`GraphBuilder`'s public methods) knows nothing of the level.
"""

from __future__ import annotations

import builtins
import operator
from collections.abc import Callable
from types import MethodType, ModuleType
from typing import TYPE_CHECKING, Any

import gast

from ..common import dtype as mstype
from ..common.errors import GraphcError, GraphcSyntaxError, GraphcTypeError, GraphcValueError
from ..common.internal import user_operations
from ..common.parameter import Parameter as Weight
from ..common.tensor import Tensor
from ..infer.graph_builtins import GRAPH_BUILTINS
from ..infer.policy import NOT_HANDLED, global_write_error
from ..infer.python_objects import (
    MUTATORS,
    any_words,
    callable_name,
    contains_any,
    is_builtin_callable,
    is_mutable_object,
    is_plain_class,
    item_at,
    kind_words,
    third_party_reason,
    with_item,
)
from ..infer.python_objects import (
    array_with_item as array_item_copy,
)
from ..infer.support import (
    MISSING,
    Frame,
    InterpretedFunction,
    NotDifferentiableInGraph,
    without_else,
)
from ..infer.values import GraphAny, NeedsValueError, contains_graph_value
from ..ir import node as ir
from .interpret import Interpreter
from .tracking import (
    ArgumentKey,
    AttributeKey,
    CreationKey,
    GlobalKey,
    MutationTracker,
    ObjectKey,
)

if TYPE_CHECKING:
    from ..infer.specialize import GraphBuilder

# Statements that may carry a `# @jit.typing:` comment.
_ANNOTATABLE = (gast.Assign, gast.AugAssign, gast.AnnAssign, gast.Expr, gast.Return)


class LaxPolicy:
    """JIT Fallback: interpret nodes where the graph cannot go."""

    def __init__(self, builder: GraphBuilder, tracker: MutationTracker | None = None) -> None:
        self.builder = builder
        self.tracker = tracker if tracker is not None else MutationTracker()
        self.interpreter = Interpreter(builder, self)
        self.side_effect_statement = False  # the statement has `# @jit.typing: side_effect`
        self.pending_annotation: Any = None  # the statement's `# @jit.typing:` type

    @classmethod
    def factory(cls, tracker: MutationTracker) -> Callable[[GraphBuilder], LaxPolicy]:
        """What `GraphBuilder(name, policy=...)` takes: a LaxPolicy sharing `tracker`."""
        return lambda builder: cls(builder, tracker)

    @property
    def folded(self) -> list[Any]:
        return self.interpreter.folded

    # ---- running in Python
    def interpret(self, callee: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                  reason: str, *, effect: bool = False, pytype: type | None = None) -> Any:
        return self.interpreter.call(callee, args, kwargs, reason, effect=effect, pytype=pytype)

    def interpret_method(self, obj: Any, name: str, args: tuple[Any, ...],
                         kwargs: dict[str, Any], reason: str) -> Any:
        return self.interpreter.call_method(obj, name, args, kwargs, reason)

    def interpret_expression(self, frame: Frame, node: Any, reason: str) -> Any:
        """Evaluate the expression `node` in CPython at run time, from its source text, with
        the local names it reads bound to their graph values (SPEC 4.3)."""
        names = sorted(frame.source.analysis.of(node).loads)
        local: dict[str, Any] = {}
        free = set(frame.fn.__code__.co_freevars) if frame.fn is not None else set()
        for name in names:
            value = frame.find_local(name)  # type: ignore[attr-defined]
            if value is MISSING and name in free:
                value = frame.lookup(name)
            if value is not MISSING:
                local[name] = value
        namespace = frame.fn.__globals__ if frame.fn is not None else vars(builtins)
        fn = self.interpreter.compile_expression(node, tuple(local), namespace)
        return self.interpret(fn, tuple(local.values()), {}, reason, effect=True)

    def as_any(self, value: Any) -> Any:
        """`value` as a Python object at run time (Tensors wrapped), typed `Any`: how a value
        joins one computed by Python (a branch, a loop variable)."""
        if isinstance(value, GraphAny):
            return value
        # a list or dict the graph built is a new object at every call, as in PyNative
        outside = self.lives_outside(value)
        if outside and type(value) in (list, dict, set):
            self.mutated_object(value)  # Python may change it from here on: the real object
        convert = _same if outside else _fresh
        return self.interpret(convert, (value,), {}, "passes a value to one that only "
                              "Python knows (a branch or loop joins them)", effect=True)

    def on_unsupported(self, error: GraphcError, in_python: Callable[[], Any]) -> Any:
        return in_python()

    def checkpoint(self) -> Callable[[], None]:
        nodes = self.interpreter.nodes
        saved = len(nodes)

        def restore() -> None:
            del nodes[saved:]
        return restore

    # ---- calls
    def before_python_call(self, func: Any, args: tuple[Any, ...],
                           kwargs: dict[str, Any]) -> Any:
        """The LAX rules for a call into Python that must run at run time even with constant
        inputs: changing an outside object in place, creating an object the graph changes."""
        owner = getattr(func, "__self__", None)
        if owner is not None and not isinstance(owner, (ModuleType, type)) and \
                getattr(func, "__name__", "") in MUTATORS.get(type(owner), ()):
            if self.lives_outside(owner):
                self.mutated_object(owner)
                return self.interpret(
                    func, args, kwargs, f"calls {type(owner).__name__}.{func.__name__} on a "
                    f"{type(owner).__name__} that lives outside the function: runs in Python "
                    "so that the real object changes", effect=True)
            if type(owner) is list and not kwargs and _only_stores(func.__name__, args):
                return func(*args)  # a list the graph built holds run-time values as items
            return NOT_HANDLED
        if func is not print and self.interpreter.runs_each_call(func):
            return self.interpret(func, args, kwargs, f"calls {callable_name(func)}, which "
                                  "reads or writes files, the clock or random state: runs "
                                  "in Python at every call", effect=True)
        if is_plain_class(func):
            if CreationKey(self._site()) in self.tracker.volatile or \
                    contains_graph_value(args) or contains_graph_value(tuple(kwargs.values())):
                return self.interpret(
                    func, args, kwargs, f"creates an instance of {func.__qualname__}, a plain "
                    "Python class (not a Cell or @jit_class): runs in Python, and so do its "
                    "methods; the object has type Any", effect=True)
        return NOT_HANDLED

    def on_folded_call(self, func: Any, result: Any) -> None:
        if is_plain_class(func):
            self.tracker.created[id(result)] = self._site()
        elif not is_builtin_callable(func):
            name = getattr(func, "__name__", None) or type(func).__name__
            self.interpreter.note_folded(third_party_reason(func, name))

    @user_operations  # a builtin failing here (getattr of a missing name) is the user's error
    def on_python_call(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                       where: str) -> Any:
        builder = self.builder
        if not is_builtin_callable(func):
            return self.interpret(func, args, kwargs, third_party_reason(func, where))
        if contains_any(args) or contains_any(tuple(kwargs.values())):
            target = next((a for a in args if isinstance(a, GraphAny)), None)
            return self.interpret(func, args, kwargs, f"calls {callable_name(func)} on "
                                  f"{any_words(target)}: runs in Python")
        restore = builder.rollback_point()
        try:
            if func in GRAPH_BUILTINS:
                return GRAPH_BUILTINS[func](builder, *args, **kwargs)
            return func(*args, **kwargs)
        except (GraphcTypeError, GraphcValueError, TypeError, ValueError):
            restore()  # what the graph cannot do here, Python does at run time
        return self.interpret(func, args, kwargs,
                              f"calls the builtin {where}() on values computed in the "
                              "graph, which the graph cannot do: runs in Python; its "
                              "result has type Any")

    def on_framework_call(self, func: Any, args: tuple[Any, ...],
                          kwargs: dict[str, Any]) -> Any:
        if contains_any(args) or contains_any(tuple(kwargs.values())):
            return self._framework_on_any(func, args, kwargs)
        if getattr(func, "__graphc_differentiates__", False):
            return self._differentiate(func, args, kwargs)
        try:
            return func(*args, **kwargs)
        except NeedsValueError:
            return self.interpret(func, args, kwargs, f"calls {callable_name(func)}, "
                                  "which needs the value of a Tensor computed in the graph: "
                                  "runs in Python; its result has type Any")

    def _framework_on_any(self, func: Any, args: tuple[Any, ...],
                          kwargs: dict[str, Any]) -> Any:
        """A graphc op or Cell given a value only Python knows: run eagerly at run time."""
        dtype = kwargs.get("dtype", args[1] if len(args) > 1 else None)
        typed = getattr(func, "__name__", "") == "tensor" and isinstance(dtype, mstype.DType)
        result = self.interpret(func, args, kwargs, f"calls {callable_name(func)} on a "
                                "value computed by Python (type Any): runs eagerly in "
                                "Python; " + ("tensor(..., dtype) gives its result's type"
                                              if typed else "its result has type Any"))
        if typed and isinstance(result, GraphAny):
            # `tensor(x, dtype=...)` carries its own type (SPEC 3.10)
            return self.interpreter.annotate(result, self.interpreter.tensor_annotation(dtype))
        return result

    def _differentiate(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """A `grad`/`value_and_grad` function called in the graph. If what it differentiates
        hands a Tensor being differentiated to Python (an interpret node whose operands a tape
        watches), the graph cannot follow the gradient through that Python code: the whole
        gradient is then computed at run time in PyNative, which gives PyNative's answer.
        Python code that only sees other values (logging, counters, NumPy on the data) is a
        constant for autodiff, as in PyNative, and the gradient stays in the graph."""
        saved_reads = self.interpreter.watched_reads
        restore = self.builder.rollback_point()
        try:
            result = func(*args, **kwargs)
            if self.interpreter.watched_reads == saved_reads:
                return result
        except NotDifferentiableInGraph:
            pass  # a construct the graph's autodiff lacks: PyNative computes it at run time
        restore()
        func = getattr(func, "__graphc_grad_impl__", func)  # the PyNative path, at run time
        for value in tuple(args) + tuple(kwargs.values()):
            if type(value) in (list, dict, set) and self.lives_outside(value):
                self.mutated_object(value)  # PyNative may change it: pass the real object
        return self.interpret(func, args, kwargs, "differentiates a function that runs "
                              "Python (JIT Fallback): the gradient is computed in PyNative "
                              "at run time", effect=True)

    # ---- objects outside the graph
    def read_global(self, frame: Frame, name: str) -> Any:
        """A global, closure or builtin name at LAX level: written globals are read at run time
        (or as the value this graph assigned); outside objects are tracked."""
        namespace = frame.fn.__globals__  # type: ignore[union-attr]
        key = GlobalKey(id(namespace), name)
        if (key.namespace, name) in self.tracker.global_writes:
            return self.tracker.global_writes[(key.namespace, name)]
        if key in self.tracker.volatile:
            return self.interpret(operator.getitem, (namespace, name), {},
                                  f"reads the global '{name}', which the function assigns: "
                                  "runs in Python", effect=True)
        if not isinstance(frame.lookup(name), Weight):
            self.tracker.folded_reads.add(key)
        return self.builder.global_value(frame, name)

    def read_outside(self, value: Any) -> Any:
        """`value` as the graph reads it: an outside object changed at run time is read then."""
        key = ObjectKey(id(value))
        if key in self.tracker.volatile:
            return GraphAny(ir.ValueNode(value))
        if is_mutable_object(value):
            self.builder.external.setdefault(id(value), value)
            self.tracker.folded_reads.add(key)
        elif type(value) is tuple:  # the lists a folded tuple holds live outside too
            items = tuple(self.read_outside(item) for item in value)
            if any(a is not b for a, b in zip(items, value)):
                return items
        return value

    def changed_at_run_time(self, value: Any) -> bool:
        return ObjectKey(id(value)) in self.tracker.volatile

    def on_attribute_read(self, obj: Any, attr: str) -> Any:
        if isinstance(obj, GraphAny):
            annotation = obj.annotation
            if attr == "dtype" and annotation is not None and \
                    annotation.container == "tensor" and annotation.dtype is not None:
                return annotation.dtype
            return self.interpret(getattr, (obj, attr), {}, f"reads the attribute '{attr}' of "
                                  "a value computed by Python: runs in Python")
        key = AttributeKey(id(obj), attr)
        if key in self.tracker.volatile:
            return self.interpret(getattr, (obj, attr), {}, f"reads the attribute '{attr}', "
                                  "which the function sets: runs in Python", effect=True)
        self.tracker.folded_reads.add(key)
        return NOT_HANDLED

    def on_attribute_value(self, obj: Any, attr: str, value: Any) -> Any:
        if type(value) not in (list, dict, set) or isinstance(obj, (ModuleType, type)) or \
                not hasattr(obj, "__dict__") or attr not in vars(obj):
            return NOT_HANDLED
        # a container held by an attribute: if the graph changes it in place, the build is
        # made again and reads the attribute when it runs (it may be another object)
        key = ObjectKey(id(value))
        self.tracker.folded_reads.add(key)
        if key in self.tracker.volatile:
            return self.interpret(getattr, (obj, attr), {}, f"reads the attribute '{attr}', "
                                  "whose value the function changes: runs in Python",
                                  effect=True)
        return NOT_HANDLED

    def lives_outside(self, obj: Any) -> bool:
        """Whether `obj` exists outside this graph's run (a global, an attribute, an argument,
        an object the graph folded): changing it must change the real object at run time."""
        i = id(obj)
        return i in self.builder.external or i in self.tracker.created or \
            i in self.tracker.arguments

    def outside_graph(self, obj: Any) -> bool:
        return self.lives_outside(obj)

    def note_escape(self, value: Any) -> None:
        """Objects this graph created at compile time that reach Python at run time (an
        interpret node's operand, the graph's output) must be new objects at every call, as
        in PyNative: their creation moves to run time (the graph is built again)."""
        created = self.tracker.created
        if not created:
            return
        stack = [value]
        while stack:
            item = stack.pop()
            site = created.get(id(item))
            if site is not None:
                self.tracker.rebuild_with(CreationKey(site))
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
                argument = self.tracker.arguments.get(id(item))
                if argument is not None:
                    self.tracker.rebuild_with(argument[1])
                    continue
            if type(item) in (tuple, list):
                stack.extend(item)
            elif type(item) is dict:
                stack.extend(item.values())

    def on_runtime_item(self, items: Any, index: Any) -> Any:
        return self.interpret(item_at, (items, index), {}, "indexes a tuple or list of "
                              "non-Tensor items with a run-time index: runs in Python; its "
                              "result has type Any")

    def mutated_object(self, obj: Any) -> None:
        """`obj` is changed in place at run time: later reads of it are run-time reads."""
        argument = self.tracker.arguments.get(id(obj))
        if argument is not None:  # build again with the caller's object as an input
            self.tracker.rebuild_with(argument[1])
            return
        self.tracker.volatile.add(ObjectKey(id(obj), obj))
        site = self.tracker.created.get(id(obj))
        if site is not None:  # created by this graph: create it at run time, per call
            self.tracker.rebuild_with(CreationKey(site))

    def note_argument(self, value: Any, position: int) -> None:
        """`value` is the caller's argument object at `position` (a list, dict, set, array)."""
        self.tracker.arguments[id(value)] = (value, ArgumentKey(position))

    def on_global_write(self, frame: Frame, name: str, value: Any) -> None:
        """`global name; name = value` (LAX): the module's global changes at run time."""
        if frame.fn is None:
            raise global_write_error(name, self.builder.loc)
        namespace = frame.fn.__globals__
        self.interpret(operator.setitem, (namespace, name, value), {},
                       f"assigns the global '{name}': runs in Python so that the module's "
                       "variable changes", effect=True)
        self.tracker.volatile.add(GlobalKey(id(namespace), name))
        if self.builder.variable_depth:  # under a run-time condition: later reads read it then
            self.tracker.global_writes.pop((id(namespace), name), None)
        else:
            self.tracker.global_writes[(id(namespace), name)] = value

    def before_rolled_loop(self, frame: Frame, assigned: frozenset[str]) -> None:
        """The value this build gave a global is not what the loop body reads from its second
        iteration on, when the body assigns it too: the body reads it at run time."""
        if frame.fn is None:
            return
        namespace = id(frame.fn.__globals__)
        for name in assigned & frame.global_names:
            self.tracker.global_writes.pop((namespace, name), None)

    def on_item_store(self, container: Any, index: Any, value: Any) -> bool:
        if not isinstance(container, GraphAny) and not self.lives_outside(container):
            return False
        if not isinstance(container, GraphAny):
            self.mutated_object(container)
        self.interpret(operator.setitem, (container, index, value), {},
                       f"assigns an item of a {kind_words(container)} that lives outside "
                       "the graph: runs in Python so that the real object changes", effect=True)
        return True

    def on_runtime_item_store(self, container: Any, index: Any, value: Any) -> Any:
        if isinstance(container, (list, dict)):  # a position known at run time: Python builds it
            return self.interpret(with_item, (container, index, value), {}, "assigns an item "
                                  "at a position known only at run time: runs in Python; the "
                                  "result has type Any")
        # a NumPy array the graph made (arrays from outside change in place)
        if not contains_graph_value(index) and not contains_graph_value(value):
            return array_item_copy(container, index, value)
        return self.interpret(array_item_copy, (container, index, value), {}, "assigns an item "
                              "of a NumPy array from a value computed in the graph: runs in "
                              "Python")

    def on_attribute_store(self, obj: Any, attr: str, value: Any, current: Any) -> None:
        self.interpret(setattr, (obj, attr, value), {},
                       f"sets the attribute '{attr}' of a {kind_words(obj)}: runs in "
                       "Python so that the change is seen after the call", effect=True)
        if not isinstance(obj, GraphAny):
            self.tracker.volatile.add(AttributeKey(id(obj), attr, obj))
            if id(obj) in self.tracker.created:
                self.mutated_object(obj)

    # ---- statements and values
    def expand_loop_else(self, stmts: list[Any]) -> list[Any]:
        """Loops with an `else`, as statements without it (a flag and an `if`)."""
        return [n for s in stmts for n in (
            without_else(s) if isinstance(s, (gast.For, gast.While)) and s.orelse else [s])]

    def run_statement(self, frame: Frame, stmt: Any,
                      method: Callable[[Frame, Any], None]) -> None:
        """Run `stmt`, applying its `# @jit.typing:` comment (SPEC 3.10) if it has one."""
        if not isinstance(stmt, _ANNOTATABLE):
            method(frame, stmt)
            return
        annotation = self.interpreter.statement_annotation(frame.source, stmt, frame.env,
                                                           self.builder.loc)
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

    def typed(self, value: Any) -> Any:
        """The value of an annotated statement, given the annotation's type."""
        if self.pending_annotation is not None and isinstance(value, GraphAny):
            return self.interpreter.annotate(value, self.pending_annotation)
        return value

    def strict_error(self, exc: GraphcError) -> GraphcError | None:
        return None

    def deferred_raise(self, exc_type: type, args: tuple[Any, ...], halt: bool) -> None:
        self.builder.raise_when_run(exc_type, args, halt)

    def raise_in_python(self, exc: BaseException) -> bool:
        from ..infer.python_objects import raise_exception
        self.interpret(raise_exception, (type(exc),) + tuple(exc.args), {}, "raises an "
                       "exception whose message needs values computed in the graph: raised in "
                       "Python at run time", effect=True)
        return True

    def check_output(self, value: Any) -> None:
        pass  # any Python object can be returned through JIT Fallback

    def python_joins(self, a: Any, b: Any) -> bool:
        from ..infer.support import joinable
        return isinstance(a, GraphAny) or isinstance(b, GraphAny) or not joinable(a, b)

    def joins_as_objects(self, a: Any, b: Any) -> bool:
        mutable = (list, dict, set)
        return a is not b and (type(a) in mutable or type(b) in mutable) and \
            (self.lives_outside(a) or self.lives_outside(b))

    def on_runtime_boolop(self, frame: Frame, is_and: bool, left: Any, truth: Any,
                          operand: Any) -> Any:
        """`left and/or operand` under a run-time condition: Tensors are selected; anything
        else evaluates `operand` only where Python would (a switch)."""
        builder = self.builder
        if isinstance(left, Tensor):
            marker = len(self.interpreter.nodes)
            restore = builder.rollback_point(frame)
            right = builder.eval(frame, operand)
            if isinstance(right, Tensor) and len(self.interpreter.nodes) == marker:
                return builder.variable_boolop(is_and, left, right)
            restore()
        return builder.boolop_switch(frame, is_and, left, truth, operand)

    # ---- Python callables handed to Python
    def python_callable(self, value: Any) -> Any:
        """`value` as Python code receives it: a lambda of the compiled function (interpreted
        into the graph so far) becomes a real Python function made at run time from its source,
        closing over the values it reads."""
        if not isinstance(value, InterpretedFunction):
            return value
        tree = _as_lambda(value.source.tree) \
            if isinstance(value.source.tree, gast.FunctionDef) else None
        if tree is not None:
            return self.interpret_expression(value.outer, tree, "makes the inner function a "
                                             "Python function, for Python code that calls it")
        if not isinstance(value.source.tree, gast.Lambda):
            raise GraphcSyntaxError(f"the inner function '{value.name}' is passed to Python code "
                                    "that runs at run time; only a lambda can be (define it "
                                    "with lambda, or at module level)", self.builder.loc)
        return self.interpret_expression(value.outer, value.source.tree, "makes the lambda a "
                                         "Python function, for Python code that calls it")

    def _site(self) -> tuple[str, int, int]:
        loc = self.builder.loc
        return (loc.filename, loc.line, loc.col)


def _same(value: Any) -> Any:
    return value


def _fresh(value: Any) -> Any:
    """`value` with its lists and dicts copied (recursively): the graph's own containers are
    new objects at every call."""
    if type(value) is list:
        return [_fresh(v) for v in value]
    if type(value) is dict:
        return {k: _fresh(v) for k, v in value.items()}
    return value


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


__all__ = ["LaxPolicy"]
