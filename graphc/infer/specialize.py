"""The specialiser: abstract interpretation of a function's AST for one input signature,
building the typed, specialised graph.

Values flowing through the interpreter are either compile-time constants (plain Python objects,
real Tensors: MindSpore's constant semantics, SPEC 1.8) or graph values (`GraphTensor`,
`GraphScalar`) standing for what the graph computes at run time. So:

- an operation on constants is computed now (constant folding, Python's own semantics);
- an operation on a graph value records a node: graphc's ops go through `ops.apply`, which
  hands them to this builder (`GraphBuilder.apply`);
- `if`/`while` on a constant condition run only the taken branch (unrolling loops); on a
  graph value they build a `switch` / `while_loop` node with nested graphs;
- calls into user functions and user Cells are inlined by interpreting their source;
  calls into graphc (ops, framework Cells) are run, recording their primitives.

Statement and expression kinds each have a `_stmt_<Node>` / `_expr_<Node>` method; a kind
without one is an unsupported-syntax error naming the construct and the line (or, at LAX level,
an interpret node).

`GraphBuilder` is one class assembled from mixins, a module each: this module holds its state,
the tracer protocol (`apply`, `node_of`, Parameters), calls and assignment targets;
`statements.py`, `loops.py`, `branches.py` and `expressions.py` the language; `lax.py` the JIT
Fallback rules; `support.py` the pieces they share.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from contextlib import AbstractContextManager
from types import FunctionType, MethodType
from typing import Any

import gast
import numpy as np

from ..common import dtype as mstype
from ..common.context import active_tracer, context
from ..common.errors import (
    GraphcError,
    GraphcSyntaxError,
    GraphcTypeError,
    GraphcValueError,
    SourceLocation,
)
from ..common.internal import user_operations
from ..common.parameter import Parameter as Weight
from ..common.tensor import Tensor, tensor
from ..ir import node as ir
from ..ir.graph import FuncGraph
from ..ops.primitive import PrimitiveDef
from ..parser.resolve import MISSING, Origin, origin_of
from ..parser.source import load_source
from .branches import BranchesMixin
from .emitter import Emitter
from .expressions import ExpressionsMixin
from .guards import ContentGuard, Guard, content_snapshot, is_guardable, read_cell
from .loop_grad import LoopGradMixin
from .loops import LoopsMixin
from .policy import NOT_HANDLED, Policy, StrictPolicy
from .python_objects import CONTENT_GUARDED, contains_any, unpack_python
from .statements import StatementsMixin
from .support import (
    _RETURNED,
    Frame,
    InterpretedFunction,
    _as_load,
    _cell_call_target,
    _contains_graph_value,
    _copy_container,
    _Halted,
    _is_framework,
    _Raised,
    _Return,
    _RuntimeChoice,
    is_graph_value,
)
from .values import (
    GraphAny,
    GraphScalar,
    GraphTensor,
)


def _tensor_of_graph_value(data: Any, dtype: Any) -> Tensor:
    """`Tensor(data, dtype)` for run-time numbers or Tensors (or sequences of them): the graph
    builds it (a conversion, a cast, or a stack)."""
    from ..ops import array_ops
    dtype = mstype.to_dtype(dtype) if dtype is not None else None
    if isinstance(data, GraphScalar):
        return data.__graphc_tensor__(dtype)
    if isinstance(data, GraphTensor):
        return array_ops.cast(data, dtype) if dtype is not None else array_ops.identity(data)
    items = [_tensor_of_graph_value(v, dtype) if _contains_graph_value(v) else
             Tensor(v, dtype) for v in data]
    if dtype is None:  # the promoted type of the items, as Tensor([...]) would give
        dtype = functools.reduce(mstype.promote, [t.dtype for t in items])
        items = [array_ops.cast(t, dtype) for t in items]
    return array_ops.stack(items)


class GraphBuilder(StatementsMixin, LoopsMixin, LoopGradMixin, BranchesMixin, ExpressionsMixin):
    """Builds one specialised graph; also the tracer `ops.apply` reports primitive calls to.

    `policy` makes the policy (`infer.policy.Policy`) deciding what happens where the graph
    cannot express the program: `StrictPolicy`, or JIT Fallback's `LaxPolicy` (the runtime
    passes `fallback.LaxPolicy.factory(...)`)."""

    # the tracer protocol and node building, from the emitter (bound in __init__)
    apply: Callable[[PrimitiveDef, tuple[Any, ...], dict[str, Any]], Any]
    emit_scalar: Callable[..., GraphScalar]
    emit_tensor: Callable[..., GraphTensor]
    emit_effect: Callable[..., ir.CNode]
    node_of: Callable[..., ir.Node]
    weight_value: Callable[[Weight], GraphTensor]
    assign_weight: Callable[[Weight, Any], None]
    in_graph: Callable[[FuncGraph], AbstractContextManager[None]]

    def __init__(self, name: str,
                 policy: Callable[[GraphBuilder], Policy] = StrictPolicy) -> None:
        # The IR-building state (graphs, location, effects, Parameters) is the emitter's; the
        # builder walks the source around it.
        self.emitter = emitter = Emitter(name)
        self.apply = emitter.apply  # type: ignore[method-assign]
        self.emit_scalar = emitter.emit_scalar
        self.emit_tensor = emitter.emit_tensor
        self.emit_effect = emitter.emit_effect
        self.node_of = emitter.node_of
        self.weight_value = emitter.weight_value
        self.assign_weight = emitter.assign_weight
        self.in_graph = emitter.in_graph
        self.call_stack: list[SourceLocation] = []
        self.depth = 0
        # How many run-time conditions enclose the code being built (raise becomes a node).
        self.variable_depth = 0
        # `if` branches (on run-time conditions) around the code being interpreted, since the
        # function level or the innermost branch that runs the rest of the function
        self.branch_depth = 0
        self.attempts = 0  # builds that a compile error undoes (a loop tried as a real loop)
        # Constants folded from places that can change between calls (SPEC 1.8).
        self.guards: list[Guard] = []
        # Objects that live outside the graph (globals, attributes), by id: the graph may not
        # change them (STRICT), or changes them at run time on the real object (LAX).
        self.external: dict[int, Any] = {}
        self.policy: Policy = policy(self)

    def build(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
              self_obj: Any = None) -> Any:
        """Interpret `fn(*args, **kwargs)`; returns the Python structure of the result (graph
        values and constants)."""
        token = active_tracer.set(self)
        try:
            return self.call_function(fn, args, kwargs, self_obj)
        except _Halted:  # the graph raises before it returns
            return None
        finally:
            active_tracer.reset(token)

    def build_call(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Build the graph of the call `func(*args, **kwargs)` as user code would make it (for
        framework callables such as a gradient function)."""
        token = active_tracer.set(self)
        try:
            return self.call(func, args, kwargs)
        except _Halted:  # the graph raises before it returns
            return None
        finally:
            active_tracer.reset(token)

    # The emitter's state, as the lowering reads and sets it.
    @property
    def root(self) -> FuncGraph:
        return self.emitter.root

    @property
    def graph(self) -> FuncGraph:
        return self.emitter.graph

    @graph.setter
    def graph(self, graph: FuncGraph) -> None:
        self.emitter.graph = graph

    @property
    def loc(self) -> SourceLocation:
        return self.emitter.loc

    @loc.setter
    def loc(self, loc: SourceLocation) -> None:
        self.emitter.loc = loc

    @property
    def effects(self) -> int:
        return self.emitter.effects

    @effects.setter
    def effects(self, count: int) -> None:
        self.emitter.effects = count

    @property
    def weights(self) -> dict[int, tuple[Weight, ir.Parameter]]:
        return self.emitter.weights

    @property
    def weight_values(self) -> dict[int, GraphTensor]:
        return self.emitter.weight_values

    @weight_values.setter
    def weight_values(self, values: dict[int, GraphTensor]) -> None:
        self.emitter.weight_values = values

    def rollback_point(self, frame: Frame | None = None) -> Callable[[], None]:
        """A function that undoes what building did since this call: the emitter's nodes,
        the policy's records, the guards, and `frame`'s variables."""
        undo_emitter = self.emitter.rollback_point()
        undo_policy = self.policy.checkpoint()
        saved_guards = len(self.guards)
        saved_env = dict(frame.env) if frame is not None else None

        def restore() -> None:
            undo_emitter()
            undo_policy()
            del self.guards[saved_guards:]
            if frame is not None:
                frame.env = saved_env  # type: ignore[assignment]
        return restore

    def raise_when_run(self, exc_type: type, args: tuple[Any, ...], halt: bool) -> None:
        """The graph raises `exc_type(*args)` here when it runs: a raise node, and the signal
        that ends building this path (`halt`: nothing after it is built, else the branch)."""
        self.emit_effect(ir.RAISE, (), {"type": exc_type, "args": args})
        raise (_Halted() if halt else _Raised()) from None

    def global_value(self, frame: Frame, name: str) -> Any:
        """A global, closure or builtin name of `frame`'s function folded as a constant (with a
        guard), as the policy sees outside objects."""
        value = frame.lookup(name)
        if value is MISSING:
            raise NameError(f"name '{name}' is not defined")
        if isinstance(value, Weight):
            return self.weight_value(value)
        self.guard_global(frame.fn, name, value)  # type: ignore[arg-type]
        return self.policy.read_outside(value)

    def guard_global(self, fn: FunctionType, name: str, value: Any) -> None:
        """Record that `name` (a global or closure value of `fn`) was folded as `value`: plain
        values by equality, containers and arrays by identity and contents."""
        snapshot = None
        if not is_guardable(value):
            if type(value) not in CONTENT_GUARDED or self.policy.changed_at_run_time(value):
                return  # not foldable by value, or read at run time (the graph changes it)
            snapshot = content_snapshot(value)
            if snapshot is MISSING:
                return
        code = fn.__code__
        args: tuple[Any, ...]
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

    def call_function(self, fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                      self_obj: Any = None) -> Any:
        """Interpret a user function (inlining it into the current graph)."""
        if isinstance(fn, InterpretedFunction):
            source, py_fn, outer = fn.source, fn.fn, fn.outer
        else:
            source, py_fn, outer = load_source(fn), fn, None
        self.depth += 1
        if self.depth > context().max_call_depth:
            raise GraphcError(f"Exceed function call depth limit {context().max_call_depth}, "
                              "(function call depth: "
                              f"{self.depth}). You can use set_context(max_call_depth=...) to "
                              "raise the limit, or check for recursion without an end.", self.loc)
        try:
            frame = Frame(source, py_fn, outer=outer)
            if self_obj is not None:
                args = (self_obj,) + tuple(args)
            self._bind_arguments(frame, fn, args, kwargs)
            tree = source.tree
            if isinstance(tree, gast.Lambda):
                return self.eval(frame, tree.body)
            frame.global_names.update(source.analysis.of(tree).globals)
            try:
                self.exec_block(frame, tree.body)
                if _RETURNED in frame.env:  # a loop returned at run time, and the body ended
                    self._guard_rest(frame, [gast.Return(value=None)])
            except _Return as ret:
                return ret.value
            return None
        finally:
            self.depth -= 1

    def _bind_arguments(self, frame: Frame, fn: Any, args: tuple[Any, ...],
                        kwargs: dict[str, Any]) -> None:
        tree = frame.source.tree
        spec = tree.args
        names = [a.id for a in spec.posonlyargs + spec.args]
        if isinstance(fn, InterpretedFunction):
            defaults = fn.defaults
        else:
            defaults = tuple(fn.__defaults__ or ())
        kw_defaults = {} if isinstance(fn, InterpretedFunction) else dict(fn.__kwdefaults__ or {})
        env = frame.env
        if len(args) > len(names) and spec.vararg is None:
            raise GraphcTypeError(
                f"The parameters number of the function is {len(names)}, but the number of "
                f"provided arguments is {len(args)}.", self.loc)
        for name, value in zip(names, args):
            env[name] = value
        if spec.vararg is not None:
            env[spec.vararg.id] = tuple(args[len(names):])
        kwonly = [a.id for a in spec.kwonlyargs]
        extra_kw = {}
        for key, value in kwargs.items():
            if key in names or key in kwonly:
                if key in env:
                    raise GraphcTypeError(f"Got multiple values for argument '{key}'", self.loc)
                env[key] = value
            elif spec.kwarg is not None:
                extra_kw[key] = value
            else:
                raise GraphcTypeError(f"Got an unexpected keyword argument '{key}'", self.loc)
        if spec.kwarg is not None:
            env[spec.kwarg.id] = extra_kw
        first_default = len(names) - len(defaults)
        for i, name in enumerate(names):
            if name not in env:
                if i >= first_default:
                    env[name] = defaults[i - first_default]
                else:
                    raise GraphcTypeError(
                        f"The parameters number of the function is {len(names)}, but the "
                        f"number of provided arguments is {len(args)}. Missing: '{name}'.",
                        self.loc)
        for name in kwonly:
            if name not in env:
                if name in kw_defaults:
                    env[name] = kw_defaults[name]
                else:
                    raise GraphcTypeError(f"Missing keyword-only argument '{name}'", self.loc)

    def call(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """A call found in user code: inline user functions, run framework and constant calls,
        record `print` as a side effect."""
        if func is print:
            return self._print(args, kwargs)
        if isinstance(func, GraphAny):
            return self.policy.interpret(func, args, kwargs, "calls a value computed by Python "
                                         "at run time: runs in Python; its result has type Any")
        if isinstance(func, _RuntimeChoice):
            return self._call_choice(func, args, kwargs)
        if isinstance(func, functools.partial):  # functools.partial / ops.partial
            return self.call(func.func, tuple(func.args) + tuple(args),
                             {**func.keywords, **kwargs})
        if isinstance(func, InterpretedFunction):
            return self._call_user(func, args, kwargs)
        jit_inner = getattr(func, "__graphc_jit_function__", None)
        if jit_inner is not None:  # a @jit function called from a graph: transparent
            fn, bound_self = jit_inner()
            return self._call_user(fn, args, kwargs, bound_self)
        from_cell = _cell_call_target(func)
        if from_cell is not None:
            cell, construct = from_cell
            args = cell.__graphc_cast_inputs__(args)  # to_float's input casts (nn/cell.py)
            if origin_of(type(cell)) is Origin.FRAMEWORK:
                return self._call_framework(construct.__get__(cell), args, kwargs)
            return self._call_user(construct, args, kwargs, cell)
        if isinstance(func, MethodType):
            target, bound = func.__func__, func.__self__
            if isinstance(target, FunctionType) and not isinstance(bound, type) \
                    and origin_of(target) is Origin.USER and not isinstance(bound, Tensor):
                return self._call_user(target, args, kwargs, bound)
        if isinstance(func, FunctionType) and origin_of(func) is Origin.USER:
            return self._call_user(func, args, kwargs)
        if getattr(type(func), "__ms_class__", False) and not callable(func):
            raise GraphcValueError(f"MsClassObject: '{type(func).__name__}' has no __call__ "
                                   "function, please check the code.", self.loc)
        if _is_framework(func):
            return self._call_framework(func, args, kwargs)
        return self._call_python(func, args, kwargs)

    def _call_user(self, fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                   self_obj: Any = None) -> Any:
        self.call_stack.append(self.loc)
        try:
            return self.call_function(fn, args, kwargs, self_obj)
        finally:
            self.call_stack.pop()

    def _call_framework(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if (func is Tensor or func is tensor) and args and \
                isinstance(args[0], (GraphScalar, GraphTensor, tuple, list)) and \
                _contains_graph_value(args[0]) and not contains_any(args[0]):
            dtype = kwargs.get("dtype", args[1] if len(args) > 1 else None)
            return _tensor_of_graph_value(args[0], dtype)
        return self.policy.on_framework_call(func, args, kwargs)

    @user_operations
    def _call_python(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """A builtin, class, or third-party callable: run it now when its inputs are constants
        (MindSpore folds these even in STRICT); otherwise the policy decides (STRICT: it cannot
        be in the graph; LAX: it runs in Python at run time)."""
        handled = self.policy.before_python_call(func, args, kwargs)
        if handled is not NOT_HANDLED:
            return handled
        if not _contains_graph_value(args) and not _contains_graph_value(tuple(kwargs.values())):
            result = func(*args, **kwargs)
            self.policy.on_folded_call(func, result)
            return result
        name = getattr(func, "__qualname__", None) or getattr(func, "__name__", repr(func))
        module = getattr(func, "__module__", None)
        where = f"{module}.{name}" if module and module != "builtins" else str(name)
        return self.policy.on_python_call(func, args, kwargs, where)

    def emit_print(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """A print node for `print(*args, **kwargs)`, run in program order (`ops.Print`)."""
        return self._print(args, kwargs)

    def _print(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        for key in kwargs:
            if key not in ("sep", "end", "file", "flush"):
                raise GraphcTypeError(f"print() got an unexpected keyword argument '{key}'",
                                      self.loc)
        if _contains_graph_value(kwargs.get("sep")) or _contains_graph_value(kwargs.get("end")):
            raise GraphcTypeError("print(): 'sep' and 'end' must be constants", self.loc)
        self.effects += 1
        # a list or dict the graph built prints as it is now (later changes are made while
        # compiling); one from outside prints as it is when the print runs
        args = tuple(_copy_container(a, self.policy.outside_graph) for a in args)
        self.graph.add(ir.CNode((ir.ValueNode(ir.PRINT),) +
                                tuple(self.node_of(a, python=True) for a in args),
                                dict(kwargs), None, self.loc))
        return None

    def assign(self, frame: Frame, target: Any, value: Any) -> None:
        if isinstance(target, gast.Name):
            if target.id in frame.global_names:
                self.policy.on_global_write(frame, target.id, value)
                return
            frame.env[target.id] = value
        elif isinstance(target, (gast.Tuple, gast.List)):
            self._unpack(frame, target.elts, value)
        elif isinstance(target, gast.Subscript):
            self._assign_subscript(frame, target, value)
        elif isinstance(target, gast.Attribute):
            self._assign_attribute(frame, target, value)
        else:
            raise GraphcSyntaxError(f"cannot assign to {type(target).__name__}", self.loc)

    def _unpack(self, frame: Frame, targets: list[Any], value: Any) -> None:
        if isinstance(value, GraphAny):
            star = [i for i, t in enumerate(targets) if isinstance(t, gast.Starred)]
            shape = (len(targets), star[0] if star else -1)
            parts = self.policy.interpret(unpack_python, (value,) + shape, {}, "unpacks a value "
                                          "computed by Python: runs in Python", effect=True)
            value = tuple(self.policy.interpret(operator.getitem, (parts, i), {}, "takes an "
                                                "unpacked item", effect=True)
                          for i in range(len(targets)))
            if star:
                targets = [t.value if isinstance(t, gast.Starred) else t for t in targets]
        if isinstance(value, GraphTensor):
            items = list(value)
        elif isinstance(value, GraphScalar):
            raise GraphcTypeError("cannot unpack a run-time scalar", self.loc)
        else:
            try:
                items = list(value)
            except TypeError:
                raise GraphcTypeError(f"cannot unpack non-iterable {type(value).__name__} "
                                      "object", self.loc) from None
        star = [i for i, t in enumerate(targets) if isinstance(t, gast.Starred)]
        if star:
            i = star[0]
            after = len(targets) - i - 1
            if len(items) < len(targets) - 1:
                raise GraphcValueError(f"not enough values to unpack (expected at least "
                                           f"{len(targets) - 1}, got {len(items)})", self.loc)
            head, mid, tail = items[:i], items[i:len(items) - after], items[len(items) - after:]
            for t, v in zip(targets[:i], head):
                self.assign(frame, t, v)
            self.assign(frame, targets[i].value, list(mid))
            for t, v in zip(targets[i + 1:], tail):
                self.assign(frame, t, v)
            return
        if len(items) != len(targets):
            raise GraphcValueError(
                f"{'too many' if len(items) > len(targets) else 'not enough'} values to unpack "
                f"(expected {len(targets)}, got {len(items)})", self.loc)
        for t, v in zip(targets, items):
            self.assign(frame, t, v)

    def _assign_subscript(self, frame: Frame, target: Any, value: Any) -> None:
        container = self.eval(frame, _as_load(target.value))
        index = self.eval(frame, target.slice)
        if not isinstance(container, Tensor) and \
                self.policy.on_item_store(container, index, value):
            return
        if isinstance(container, Tensor):
            from ..ops import array_ops
            setitem = getattr(array_ops, "tensor_setitem", None)
            if setitem is None:
                raise GraphcSyntaxError("Tensor item assignment needs ops.tensor_setitem",
                                        self.loc)
            if isinstance(container, Weight):
                self.assign_weight(container, setitem(self.weight_value(container), index,
                                                      value))
                return
            self.assign(frame, target.value, setitem(container, index, value))
            return
        if isinstance(container, (list, dict)) and is_graph_value(index) or \
                isinstance(container, np.ndarray):
            # a position known only at run time, or a NumPy array the graph made (LAX: Python
            # builds the new value)
            new_value = self.policy.on_runtime_item_store(container, index, value)
            if new_value is not NOT_HANDLED:
                self.assign(frame, target.value, new_value)
                return
        if isinstance(container, list):
            new = list(container)
            new[index] = value
            self.assign(frame, target.value, new)
            return
        if isinstance(container, dict):
            new_dict = dict(container)
            new_dict[index] = value
            self.assign(frame, target.value, new_dict)
            return
        raise GraphcTypeError(f"'{type(container).__name__}' object does not support item "
                              "assignment", self.loc)

    def _assign_attribute(self, frame: Frame, target: Any, value: Any) -> None:
        obj = self.eval(frame, target.value)
        if isinstance(obj, Weight) or getattr(obj, "graphc_weight", None) is not None:
            raise GraphcValueError("Do not support to set attribute for a parameter. (Set "
                                   f"'{target.attr}' outside the compiled function.)", self.loc)
        current = getattr(obj, target.attr, None)
        if isinstance(current, Weight):
            self.assign_weight(current, value)
            return
        self.policy.on_attribute_store(obj, target.attr, value, current)


__all__ = ["GraphBuilder", "InterpretedFunction", "is_graph_value"]
