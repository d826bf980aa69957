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
without one is an unsupported-syntax error naming the construct and the line.
"""

from __future__ import annotations

import builtins
import functools
import inspect
import operator
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import BuiltinFunctionType, FunctionType, MethodType, ModuleType
from typing import Any

import gast
import numpy as np

from ..common import dtype as mstype
from ..common.context import STRICT, active_tapes, active_tracer, context
from ..common.errors import (
    GraphcAttributeError,
    GraphcError,
    GraphcInternalError,
    GraphcSyntaxError,
    GraphcTypeError,
    GraphcValueError,
    SourceLocation,
    with_trace,
)
from ..common.parameter import Parameter as Weight
from ..common.tensor import Tensor
from ..ir import node as ir
from ..ir.graph import FuncGraph
from ..ops.primitive import Primitive, TensorSpec, spec_of
from ..parser.resolve import MISSING, Origin, lookup_global, origin_of
from ..parser.source import SourceFunction, load_source
from .abstract import AbstractAny, AbstractScalar, AbstractTuple, join_specs
from .graph_builtins import GRAPH_BUILTINS
from .guards import ContentGuard, Guard, content_snapshot, is_guardable, read_cell
from .values import (
    GraphAny,
    GraphScalar,
    GraphTensor,
    NeedsValueError,
    contains_graph_value,
    dict_of,
    tensor_to_scalar,
)

# Constant-range for loops longer than this become real loops instead of being unrolled.
UNROLL_LIMIT = 256
# GRAPHC_DEBUG=1 keeps the internal traceback of errors raised while compiling (read once).
_DEBUG = bool(os.environ.get("GRAPHC_DEBUG"))


class NotDifferentiableInGraph(GraphcSyntaxError):
    """A construct the in-graph gradient cannot follow yet (a run-time loop, a branch with side
    effects); at LAX level the gradient is then computed by PyNative at run time."""


class _Return(Exception):  # noqa: N818  (control flow, not an error)
    def __init__(self, value: Any) -> None:
        self.value = value


class _Break(Exception):  # noqa: N818
    pass


class _Continue(Exception):  # noqa: N818
    pass


class _Raised(Exception):  # noqa: N818
    """A `raise` reached under a run-time condition: the branch ends there at run time."""


class _Never:
    """The value of a variable in a branch that always raises: it never reaches the join."""

    def __repr__(self) -> str:
        return "<never>"


_NEVER = _Never()


def is_graph_value(value: Any) -> bool:
    return isinstance(value, (GraphTensor, GraphScalar, GraphAny))


_contains_graph_value = contains_graph_value


# A dict and its views: the view's name for MAKE_DICT ("" for the dict itself).
_DICT_KINDS: dict[type, str] = {dict: "", type({}.keys()): "keys", type({}.values()): "values",
                                type({}.items()): "items"}


@dataclass(eq=False)
class Frame:
    """One activation of a user function being interpreted."""

    source: SourceFunction
    fn: FunctionType | None
    env: dict[str, Any] = field(default_factory=dict)
    outer: Frame | None = None  # the frame a lambda/inner def was made in (read live)
    loop_depth: int = 0  # unrolled loops around the code being interpreted
    flag_loops: int = 0  # of those, loops whose break/continue may depend on run-time values
    global_names: set[str] = field(default_factory=set)

    def lookup(self, name: str) -> Any:
        if name in self.env and name not in self.global_names:
            return self.env[name]
        if self.outer is not None:
            value = self.outer.find_local(name)
            if value is not MISSING:
                return value
        if self.fn is not None:
            return lookup_global(self.fn, name)
        return getattr(builtins, name, MISSING)


def _find_local(frame: Frame, name: str) -> Any:
    """`name` in `frame`'s locals or those of the frames it was defined in (late binding, as
    Python's closures), else MISSING."""
    while frame is not None:
        if name in frame.env and name not in frame.global_names:
            return frame.env[name]
        frame = frame.outer
    return MISSING


Frame.find_local = _find_local  # type: ignore[attr-defined]


@dataclass(eq=False)
class InterpretedFunction:
    """A `lambda` or inner `def` created while interpreting: its source and captured scope."""

    source: SourceFunction
    fn: FunctionType | None
    outer: Frame
    defaults: tuple[Any, ...]
    name: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Called by Python code running while the graph is built (`map`, `sorted(key=...)`):
        interpret the body into the graph."""
        builder = active_tracer.get()
        if builder is None:
            raise GraphcTypeError(f"the inner function '{self.name}' can only be called inside "
                                  "the compiled function")
        return builder._call_user(self, args, kwargs)


class GraphBuilder:
    """Builds one specialised graph; also the tracer `ops.apply` reports primitive calls to."""

    def __init__(self, name: str, syntax_level: int) -> None:
        self.root = FuncGraph(name)
        self.graph = self.root
        self.strict = syntax_level == STRICT
        self.weights: dict[int, tuple[Weight, ir.Parameter]] = {}
        self.weight_values: dict[int, GraphTensor] = {}  # values assigned in the graph
        self.weight_reads: dict[int, GraphTensor] = {}  # the run-time read of each weight
        self.loc: SourceLocation = SourceLocation.synthetic("entry")
        self.call_stack: list[SourceLocation] = []
        self.depth = 0
        self.effects = 0  # number of side-effect nodes recorded
        # How many run-time conditions enclose the code being built (raise becomes a node).
        self.variable_depth = 0
        # Constants folded from places that can change between calls (SPEC 1.8).
        self.guards: list[Guard] = []
        # JIT Fallback (LAX): the `fallback.Interpreter` recording interpret nodes; None in
        # STRICT, where the same places are errors.
        self.fallback: Any = None
        self.side_effect_statement = False  # the statement has `# @jit.typing: side_effect`
        self.pending_annotation: Any = None  # the statement's `# @jit.typing:` type
        # Objects that live outside the graph (globals, attributes), by id: changing them in
        # place must happen at run time, on the real object.
        self.external: dict[int, Any] = {}
        # Objects this graph folded as constants and created (plain classes), by id -> site.
        self.created: dict[int, tuple[str, int, int]] = {}
        # What the compiled function changes at run time (shared by all its compilations):
        # ("object", id), ("attr", id, name), ("global", id(globals), name), ("create", site).
        # Reads of these are run-time reads.
        self.volatile: set[tuple[Any, ...]] = set()
        self.folded_reads: set[tuple[Any, ...]] = set()  # volatile-able things folded
        self.global_writes: dict[tuple[int, str], Any] = {}
        # Argument objects (lists, dicts, arrays) by id -> (object, ("arg", position)).
        self.arguments: dict[int, tuple[Any, tuple[str, int]]] = {}

    # ------------------------------------------------------------------ tracer protocol
    def apply(self, prim: Primitive, inputs: tuple[Any, ...], attrs: dict[str, Any]) -> Any:
        """Record `prim` on graph-valued inputs; decline (fold) when all are constants."""
        for t in inputs:
            if isinstance(t, (GraphTensor, Weight)):
                break
        else:
            return NotImplemented
        specs = prim.infer(*[_spec(t) for t in inputs], **attrs)
        node = self.graph.add(ir.CNode((ir.ValueNode(prim),) + tuple(self.node_of(t)
                                                                      for t in inputs),
                                       dict(attrs), specs, self.loc))
        if prim.num_outputs == 1:
            return GraphTensor(node, specs.shape, specs.dtype)
        node.abstract = AbstractTuple(tuple(specs))
        return tuple(self._getitem_tensor(node, i, s) for i, s in enumerate(specs))

    def _getitem_tensor(self, node: ir.Node, i: int, spec: TensorSpec) -> GraphTensor:
        item = self.graph.add(ir.CNode((ir.ValueNode(ir.TUPLE_GETITEM), node,
                                        ir.ValueNode(i)), {}, spec, self.loc))
        return GraphTensor(item, spec.shape, spec.dtype)

    def emit_scalar(self, op: ir.SpecialOp, args: tuple[Any, ...], attrs: dict[str, Any],
                    pytype: type) -> GraphScalar:
        node = self.graph.add(ir.CNode((ir.ValueNode(op),) + tuple(self.node_of(a)
                                                                   for a in args),
                                       attrs, AbstractScalar(pytype), self.loc))
        return GraphScalar(node, pytype)

    def emit_tensor(self, op: ir.SpecialOp, args: tuple[Any, ...], attrs: dict[str, Any],
                    shape: tuple[int | None, ...], dtype: mstype.DType) -> GraphTensor:
        spec = TensorSpec(tuple(shape), dtype)
        node = self.graph.add(ir.CNode((ir.ValueNode(op),) + tuple(self.node_of(a)
                                                                   for a in args),
                                       attrs, spec, self.loc))
        return GraphTensor(node, spec.shape, spec.dtype)

    def emit_effect(self, op: ir.SpecialOp, args: tuple[Any, ...],
                    attrs: dict[str, Any]) -> ir.CNode:
        self.effects += 1
        return self.graph.add(ir.CNode((ir.ValueNode(op),) + tuple(self.node_of(a)
                                                                   for a in args),
                                       attrs, None, self.loc))

    def node_of(self, value: Any) -> ir.Node:
        """The IR node producing `value` (a constant becomes a ValueNode)."""
        if isinstance(value, (GraphTensor, GraphScalar, GraphAny)):
            return value.node
        if value is _NEVER:
            return ir.ValueNode(None)
        if isinstance(value, Weight):
            return self.weight_value(value).node
        if isinstance(value, Tensor):
            return ir.ValueNode(value._data, TensorSpec(value.shape, value.dtype))
        if type(value) in _DICT_KINDS and _contains_graph_value(dict_of(value)):
            mapping = dict_of(value)
            nodes = tuple(self.node_of(v) for v in mapping.values())
            return self.graph.add(ir.CNode(
                (ir.ValueNode(ir.MAKE_DICT),) + nodes,
                {"keys": tuple(mapping), "view": _DICT_KINDS[type(value)]},
                AbstractTuple(tuple(_abstract(v) for v in mapping.values())), self.loc))
        if isinstance(value, (tuple, list)) and _contains_graph_value(value):
            op = ir.MAKE_TUPLE if isinstance(value, tuple) else ir.MAKE_LIST
            nodes = tuple(self.node_of(v) for v in value)
            return self.graph.add(ir.CNode((ir.ValueNode(op),) + nodes, {},
                                           AbstractTuple(tuple(_abstract(v) for v in value)),
                                           self.loc))
        return ir.ValueNode(value)

    def weight_value(self, weight: Weight) -> GraphTensor:
        """The graph value of a Parameter: read from the Parameter at run time, or the value
        most recently assigned to it in this graph."""
        current = self.weight_values.get(id(weight))
        if current is not None:
            return current
        entry = self.weights.get(id(weight))
        if entry is None:
            param = self.root.add_parameter(weight.name, TensorSpec(weight.shape, weight.dtype),
                                            self.loc, weight=weight)
            entry = self.weights[id(weight)] = (weight, param)
        value = self.weight_reads.get(id(weight))
        if value is None:
            value = self.weight_reads[id(weight)] = GraphTensor(entry[1], weight.shape,
                                                                weight.dtype, weight)
        return value

    def assign_weight(self, weight: Weight, value: Any) -> None:
        """`weight` takes `value` (an in-place Parameter update, ordered as a side effect)."""
        from ..ops.array_ops import cast
        from ..ops.convert import to_tensor
        value = to_tensor(value)
        if tuple(value.shape) != tuple(weight.shape):
            raise GraphcTypeError(f"cannot assign a value of shape {list(value.shape)} to the "
                                  f"Parameter '{weight.name}' of shape {list(weight.shape)}",
                                  self.loc)
        value = cast(value, weight.dtype)
        self.weight_value(weight)  # make sure it is a graph input
        self.emit_effect(ir.ASSIGN_PARAMETER, (value,), {"weight": weight})
        if not isinstance(value, GraphTensor):
            value = GraphTensor(self.node_of(value), weight.shape, weight.dtype)
        self.weight_values[id(weight)] = value

    # ------------------------------------------------------------------ entry
    def build(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
              self_obj: Any = None) -> Any:
        """Interpret `fn(*args, **kwargs)`; returns the Python structure of the result (graph
        values and constants)."""
        token = active_tracer.set(self)
        try:
            return self.call_function(fn, args, kwargs, self_obj)
        finally:
            active_tracer.reset(token)

    def build_call(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Build the graph of the call `func(*args, **kwargs)` as user code would make it (for
        framework callables such as a gradient function)."""
        token = active_tracer.set(self)
        try:
            return self.call(func, args, kwargs)
        finally:
            active_tracer.reset(token)

    # ------------------------------------------------------------------ calls
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
            self._scan_globals(frame, tree.body)
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

    def _scan_globals(self, frame: Frame, body: list[Any]) -> None:
        for node in body:
            for sub in gast.walk(node):
                if isinstance(sub, gast.Global):
                    frame.global_names.update(sub.names)

    def call(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """A call found in user code: inline user functions, run framework and constant calls,
        record `print` as a side effect."""
        if func is print:
            return self._print(args, kwargs)
        if isinstance(func, GraphAny):
            return self.fallback.call(func, args, kwargs, "calls a value computed by Python at "
                                      "run time: runs in Python; its result has type Any")
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
        if self.fallback is None:
            return func(*args, **kwargs)
        if _contains_any(args) or _contains_any(tuple(kwargs.values())):
            return self._framework_on_any(func, args, kwargs)
        if getattr(func, "__graphc_differentiates__", False):
            return self._differentiate(func, args, kwargs)
        try:
            return func(*args, **kwargs)
        except NeedsValueError:
            return self.fallback.call(func, args, kwargs, f"calls {_callable_name(func)}, "
                                      "which needs the value of a Tensor computed in the graph: "
                                      "runs in Python; its result has type Any")

    def _differentiate(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """A `grad`/`value_and_grad` function called in the graph. If what it differentiates
        runs Python (interpret nodes), the graph cannot carry the gradient through it: the
        whole gradient is computed at run time in PyNative, which gives PyNative's answer."""
        saved_interpret = len(self.fallback.nodes)
        restore = self._rollback_point()
        try:
            result = func(*args, **kwargs)
            if len(self.fallback.nodes) == saved_interpret:
                return result
        except NotDifferentiableInGraph:
            pass  # a construct the graph's autodiff lacks: PyNative computes it at run time
        restore()
        func = getattr(func, "__graphc_grad_impl__", func)  # the PyNative path, at run time
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
            return self.fallback.annotate(result, self._tensor_annotation(dtype))
        return result

    def _tensor_annotation(self, dtype: mstype.DType) -> Any:
        from ..fallback.annotation import TypeAnnotation  # noqa: PLC0415  (see _annotation)
        return TypeAnnotation("tensor", dtype)

    def _call_python(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """A builtin, class, or third-party callable: run it now when its inputs are constants
        (MindSpore folds these even in STRICT); otherwise it cannot be in the graph (STRICT) or
        runs in Python at run time (LAX)."""
        if self.fallback is not None:
            handled = self._fallback_python_call(func, args, kwargs)
            if handled is not _NOT_HANDLED:
                return handled
        elif _changes_outside_object(self, func):
            raise GraphcSyntaxError(
                f"'{_callable_name(func)}' changes a {type(func.__self__).__name__} that lives "
                "outside the function in place, which the static graph cannot express. Use "
                "jit_syntax_level=LAX (JIT Fallback) or change the object outside.", self.loc)
        if not _contains_graph_value(args) and not _contains_graph_value(tuple(kwargs.values())):
            result = func(*args, **kwargs)
            if self.fallback is not None:
                if _is_plain_class(func):
                    self.created[id(result)] = self._site()
                elif not _is_builtin_callable(func):
                    name = getattr(func, "__name__", None) or type(func).__name__
                    self.fallback.note_folded(_third_party_reason(func, name))
            return result
        name = getattr(func, "__qualname__", None) or getattr(func, "__name__", repr(func))
        module = getattr(func, "__module__", None)
        where = f"{module}.{name}" if module and module != "builtins" else name
        if self.fallback is None and func in GRAPH_BUILTINS:
            return GRAPH_BUILTINS[func](self, *args, **kwargs)
        if self.fallback is not None:
            if not _is_builtin_callable(func):
                return self.fallback.call(func, args, kwargs, _third_party_reason(func, where))
            if _contains_any(args) or _contains_any(tuple(kwargs.values())):
                target = next((a for a in args if isinstance(a, GraphAny)), None)
                return self.fallback.call(func, args, kwargs, f"calls {_callable_name(func)} on "
                                          f"{_any_words(target)}: runs in Python")
            try:
                if func in GRAPH_BUILTINS:
                    return GRAPH_BUILTINS[func](self, *args, **kwargs)
                return func(*args, **kwargs)
            except GraphcError as exc:
                if not isinstance(exc, NeedsValueError):
                    raise
            except (TypeError, ValueError):
                pass
            return self.fallback.call(func, args, kwargs,
                                      f"calls the builtin {where}() on values computed in the "
                                      "graph, which the graph cannot do: runs in Python; its "
                                      "result has type Any")
        if isinstance(func, (FunctionType, BuiltinFunctionType, type)) or callable(func):
            try:
                return func(*args, **kwargs)
            except GraphcError:
                raise
            except Exception as exc:
                raise GraphcSyntaxError(
                    f"'{where}' is called on a value computed in the graph, which needs JIT "
                    f"Fallback (running Python at run time): {type(exc).__name__}: {exc}. "
                    "graphc does not have JIT Fallback yet; compute this outside the compiled "
                    "function or with graphc ops.", self.loc) from None
        raise GraphcTypeError(f"'{where}' is not callable", self.loc)

    # ------------------------------------------------------------------ fallback (LAX)
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

    def _as_any(self, value: Any) -> Any:
        """`value` as a Python object at run time (Tensors wrapped), typed `Any`: how a value
        joins one computed by Python (a branch, a loop variable)."""
        if isinstance(value, GraphAny):
            return value
        return self.fallback.call(_same, (value,), {}, "passes a value to one that only "
                                  "Python knows (a branch or loop joins them)", effect=True)

    def _lives_outside(self, obj: Any) -> bool:
        """Whether `obj` exists outside this graph's run (a global, an attribute, an argument,
        an object the graph folded): changing it must change the real object at run time."""
        i = id(obj)
        return i in self.external or i in self.created or i in self.arguments

    def _mutated_object(self, obj: Any) -> None:
        """`obj` is changed in place at run time: later reads of it are run-time reads."""
        argument = self.arguments.get(id(obj))
        if argument is not None:  # build again with the caller's object as an input
            self.volatile.add(argument[1])
            self.folded_reads.add(argument[1])
            return
        self.volatile.add(("object", id(obj)))
        site = self.created.get(id(obj))
        if site is not None:  # created by this graph: create it at run time, per call
            self.volatile.add(("create", site))
            self.folded_reads.add(("create", site))

    def _volatile_value(self, value: Any) -> Any:
        """`value` as the graph reads it: an outside object changed at run time is read then."""
        if ("object", id(value)) in self.volatile:
            return GraphAny(ir.ValueNode(value))
        if _is_mutable_object(value):
            self.external.setdefault(id(value), value)
            self.folded_reads.add(("object", id(value)))
        return value

    def _print(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        for key in kwargs:
            if key not in ("sep", "end", "file", "flush"):
                raise GraphcTypeError(f"print() got an unexpected keyword argument '{key}'",
                                      self.loc)
        if _contains_graph_value(kwargs.get("sep")) or _contains_graph_value(kwargs.get("end")):
            raise GraphcTypeError("print(): 'sep' and 'end' must be constants", self.loc)
        self.emit_effect(ir.PRINT, tuple(args), dict(kwargs))
        return None

    # ------------------------------------------------------------------ statements
    def exec_block(self, frame: Frame, stmts: list[Any]) -> None:
        for i, stmt in enumerate(stmts):
            if isinstance(stmt, gast.If):
                cond = self._condition(frame, stmt)
                if isinstance(cond, bool):
                    # The taken branch joins this block, so a return under a run-time
                    # condition inside it still sees the rest of the function.
                    self.exec_block(frame, list(stmt.body if cond else stmt.orelse) +
                                    list(stmts[i + 1:]))
                    return
                if _has_exit(stmt) and frame.loop_depth and \
                        frame.flag_loops == frame.loop_depth:
                    # a return inside unrolled loops: a flag and a value, joined like variables
                    self._run_if(frame, stmt, cond)
                    self._guard_rest(frame, stmts[i + 1:])
                    return
                if _has_exit(stmt):
                    if frame.loop_depth:
                        raise GraphcSyntaxError(
                            "return under a condition computed from Tensors inside a loop is "
                            "not supported yet; keep a result variable and return after the "
                            "loop", frame.source.location(stmt))
                    self._if_with_exit(frame, stmt, cond, stmts[i + 1:])
                    return
                self._run_if(frame, stmt, cond)
                if self._guard_rest(frame, stmts[i + 1:]):
                    return
                continue
            self.exec_stmt(frame, stmt)
            if isinstance(stmt, (gast.For, gast.While)) and self._guard_rest(frame, stmts[i + 1:]):
                return

    def _guard_rest(self, frame: Frame, rest: list[Any]) -> bool:
        """After a break/continue/return under a run-time condition, run `rest` only where it
        did not happen. True when `rest` was handled here."""
        if frame.flag_loops:
            guard = self._loop_guard(frame)
            if guard is None or not rest:
                return False
            self._run_if(frame, _Block(list(rest)), guard)
            return True
        returned = frame.env.get(_RETURNED, False)
        if returned is False:
            return False
        # at function level: the rest of the function runs where no loop returned
        keep_going = self.emit_scalar(ir.SCALAR_OP, (returned,), {"op": operator.not_}, bool) \
            if isinstance(returned, GraphScalar) else self._not_tensor(returned)
        value = frame.env[_RETURN_VALUE]
        for key in (_RETURNED, _RETURN_VALUE):
            frame.env.pop(key)
        self._if_with_exit(frame, _Block(list(rest), [_ReturnValue(value)]), keep_going, [])
        return True

    def _not_tensor(self, value: Any) -> Any:
        from ..ops import math_ops
        return math_ops.logical_not(value)

    def _stmt__ReturnValue(self, frame: Frame, stmt: Any) -> None:
        raise _Return(stmt.value)

    def exec_stmt(self, frame: Frame, stmt: Any) -> None:
        method = getattr(self, "_stmt_" + type(stmt).__name__, None)
        previous = self.loc
        self.loc = frame.source.location(stmt)
        try:
            with self._locating():
                if method is None:
                    raise GraphcSyntaxError(f"Unsupported statement '{type(stmt).__name__}'.",
                                            self.loc)
                if self.fallback is not None and isinstance(stmt, _ANNOTATABLE):
                    self._annotated_statement(frame, stmt, method)
                else:
                    method(frame, stmt)
        finally:
            self.loc = previous

    @contextmanager
    def _locating(self) -> Iterator[None]:
        """Errors raised inside get the current user line (and the call trace) attached."""
        try:
            yield
        except (_Return, _Break, _Continue, _Raised):
            raise
        except GraphcError as exc:
            if exc.location is None:
                exc.location = self.loc
            if not exc.trace:
                exc.trace = [loc for loc in self.call_stack if loc.line] + [exc.location]
            raise
        except Exception as exc:
            if _DEBUG:
                raise
            raise with_trace(exc, self.call_stack + [self.loc]) from None

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

    def _stmt_Expr(self, frame: Frame, stmt: Any) -> None:
        self.eval(frame, stmt.value)

    def _stmt_Pass(self, frame: Frame, stmt: Any) -> None:
        pass

    def _stmt_Global(self, frame: Frame, stmt: Any) -> None:
        frame.global_names.update(stmt.names)

    def _stmt_Return(self, frame: Frame, stmt: Any) -> None:
        raise _Return(None if stmt.value is None else self._typed(self.eval(frame, stmt.value)))

    def _stmt_Break(self, frame: Frame, stmt: Any) -> None:
        raise _Break()

    def _stmt_Continue(self, frame: Frame, stmt: Any) -> None:
        raise _Continue()

    def _stmt_Assign(self, frame: Frame, stmt: Any) -> None:
        value = self.eval(frame, stmt.value)
        if self.pending_annotation is not None:
            value = self._typed(value)
        for target in stmt.targets:
            self.assign(frame, target, value)

    def _stmt_AugAssign(self, frame: Frame, stmt: Any) -> None:
        target = stmt.target
        current = self.eval(frame, _as_load(target))
        value = self.eval(frame, stmt.value)
        if isinstance(current, GraphAny) and self.fallback is not None:
            # Python's in-place operator on the run-time object (`a += 1` on an ndarray)
            op = _INPLACE_OPS[type(stmt.op)]
        else:
            op = _BINOPS[type(stmt.op)]
        self.assign(frame, target, self._operator(op, current, value))

    def _stmt_AnnAssign(self, frame: Frame, stmt: Any) -> None:
        raise GraphcSyntaxError("Unsupported statement 'AnnAssign'.", self.loc)

    def _stmt_FunctionDef(self, frame: Frame, stmt: Any) -> None:
        if stmt.decorator_list:
            raise GraphcSyntaxError("decorators on functions defined inside a compiled function "
                                    "are not supported", self.loc)
        defaults = tuple(self.eval(frame, d) for d in stmt.args.defaults)
        inner = SourceFunction(stmt, frame.source.filename, frame.source.first_line,
                               frame.source.indent, frame.source.lines,
                               f"{frame.source.qualname}.<locals>.{stmt.name}")
        fn = InterpretedFunction(inner, frame.fn, frame, defaults, stmt.name)
        frame.env[stmt.name] = fn

    def _stmt_Assert(self, frame: Frame, stmt: Any) -> None:
        test = self.eval(frame, stmt.test)
        truth = self.truth(test)
        if isinstance(truth, bool):
            if not truth:
                msg = self.eval(frame, stmt.msg) if stmt.msg is not None else None
                raise AssertionError(*(() if msg is None else (msg,)))
            return
        raise GraphcSyntaxError("assert on a value computed in the graph is not supported yet; "
                                "assert on shapes or constants, or check outside the function",
                                self.loc)

    def _stmt_Raise(self, frame: Frame, stmt: Any) -> None:
        exc = self.eval(frame, stmt.exc) if stmt.exc is not None else RuntimeError()
        if isinstance(exc, GraphAny):  # an exception built by Python at run time
            self.fallback.call(_raise, (exc,), {}, "raises an exception built from values "
                               "computed in the graph: raised in Python at run time",
                               effect=True)
            if self.variable_depth:
                raise _Raised()
            raise _Return(None)  # unreachable at run time: the node raises
        if isinstance(exc, type) and issubclass(exc, BaseException):
            exc = exc()
        if not isinstance(exc, BaseException):
            raise GraphcTypeError("exceptions must derive from BaseException", self.loc)
        if self.fallback is not None and _contains_graph_value(exc.args):
            self.fallback.call(_raise, (type(exc),) + tuple(exc.args), {}, "raises an exception "
                               "whose message needs values computed in the graph: raised in "
                               "Python at run time", effect=True)
            if self.variable_depth:
                raise _Raised()
            raise _Return(None)  # unreachable at run time: the node raises
        if self.variable_depth:
            if _contains_graph_value(exc.args):
                raise GraphcSyntaxError("an exception raised under a run-time condition must "
                                        "have constant arguments", self.loc)
            self.emit_effect(ir.RAISE, (), {"type": type(exc), "args": exc.args})
            raise _Raised()
        raise exc

    def _stmt_If(self, frame: Frame, stmt: Any) -> None:
        self._run_if(frame, stmt, self._condition(frame, stmt))

    def _stmt_While(self, frame: Frame, stmt: Any) -> None:
        if stmt.orelse:
            raise GraphcSyntaxError("The 'while...else...' statement is not supported now.",
                                    self.loc)
        self._run_unrolled(frame, lambda: self._while_iterations(frame, stmt))

    def _while_iterations(self, frame: Frame, stmt: Any) -> None:
        iterations = 0
        while True:
            cond = self.truth(self.eval(frame, stmt.test))
            brk, _ = _flag_names(frame.flag_loops + 1)
            if not isinstance(cond, bool):
                if frame.env.get(brk, False) is not False:
                    raise GraphcSyntaxError("a while loop that breaks under a run-time condition "
                                            "and then gets a run-time condition itself is not "
                                            "supported yet", self.loc)
                frame.env.pop(brk, None)
                self._rolled_loop(frame, stmt, lambda f: self.eval(f, stmt.test), stmt.body,
                                  None)
                return
            if not cond:
                return
            iterations += 1
            if iterations > UNROLL_LIMIT and frame.env.get(brk, False) is False and \
                    self._try_rolling(frame, stmt):
                return
            if not self._unrolled_iteration(frame, stmt.body):
                return

    def _unrolled_iteration(self, frame: Frame, body: list[Any]) -> bool:
        """Run one iteration of an unrolled loop's body; False when it breaks. After a break
        under a run-time condition, each later iteration runs only where none happened."""
        brk, cont = _flag_names(frame.flag_loops + 1)
        broke = frame.env.get(brk, False)
        if broke is True:
            return False
        frame.loop_depth += 1
        frame.flag_loops += 1
        try:
            frame.env[cont] = False
            if broke is False:
                self.exec_block(frame, body)
            else:
                self._run_if(frame, _Block(list(body)), self._loop_guard(frame))
        except _Break:
            return False
        except _Continue:
            pass
        finally:
            frame.loop_depth -= 1
            frame.flag_loops -= 1
            frame.env.pop(cont, None)
        return True

    def _loop_guard(self, frame: Frame) -> Any:
        """`not (broke or continued)` for the innermost flagged loop, or None if neither flag
        is set at run time."""
        brk, cont = _flag_names(frame.flag_loops)
        flags = [v for v in (frame.env.get(brk, False), frame.env.get(cont, False))
                 if v is not False]
        if not flags:
            return None
        if any(v is True for v in flags):
            raise GraphcInternalError("a constant break flag under a run-time condition")
        either = flags[0]
        for other in flags[1:]:
            either = self.emit_scalar(ir.SCALAR_OP, (either, other), {"op": operator.or_}, bool)
        return self.emit_scalar(ir.SCALAR_OP, (either,), {"op": operator.not_}, bool)

    def _run_unrolled(self, frame: Frame, run: Callable[[], None]) -> None:
        """Run a whole unrolled loop, with its break flag set up and removed afterwards."""
        brk, _ = _flag_names(frame.flag_loops + 1)
        saved = frame.env.get(brk, MISSING)
        frame.env[brk] = False
        if frame.flag_loops == 0 and _RETURNED not in frame.env:
            frame.env[_RETURNED] = False
            frame.env[_RETURN_VALUE] = _NEVER
        try:
            run()
        finally:
            if saved is MISSING:
                frame.env.pop(brk, None)
            else:
                frame.env[brk] = saved
            if frame.flag_loops == 0 and frame.env.get(_RETURNED, MISSING) is False:
                frame.env.pop(_RETURNED, None)
                frame.env.pop(_RETURN_VALUE, None)

    def _stmt_For(self, frame: Frame, stmt: Any) -> None:
        if stmt.orelse:
            raise GraphcSyntaxError("The 'for...else...' statement is not supported now.",
                                    self.loc)
        iterable = self.eval(frame, stmt.iter)
        if isinstance(iterable, range) and len(iterable) > UNROLL_LIMIT and \
                self._try_rolling_range(frame, stmt, iterable):
            return
        if isinstance(iterable, _RuntimeRange):
            self._rolled_range(frame, stmt, iterable.start, iterable.stop, iterable.step)
            return
        if isinstance(iterable, GraphAny):
            self._for_over_any(frame, stmt, iterable)
            return
        if isinstance(iterable, GraphTensor) and iterable.ndim and iterable.shape[0] is None:
            raise GraphcSyntaxError("a for loop over a Tensor with a dynamic first dimension is "
                                    "not supported", self.loc)
        try:
            items = iter(iterable)
        except TypeError:
            raise GraphcTypeError(f"'{type(iterable).__name__}' object is not iterable",
                                  self.loc) from None
        self._run_unrolled(frame, lambda: self._for_iterations(frame, stmt, items))

    def _for_iterations(self, frame: Frame, stmt: Any, items: Iterator[Any]) -> None:
        brk, _ = _flag_names(frame.flag_loops + 1)
        for item in items:
            if frame.env.get(brk, False) is False:
                self.assign(frame, stmt.target, item)
                body = stmt.body
            else:  # the loop variable too keeps its value where the loop broke
                body = [_AssignValue(stmt.target, item)] + list(stmt.body)
            if not self._unrolled_iteration(frame, body):
                return

    def _stmt__AssignValue(self, frame: Frame, stmt: Any) -> None:
        self.assign(frame, stmt.target, stmt.value)

    def _try_rolling_range(self, frame: Frame, stmt: Any, iterable: range) -> bool:
        """A long constant range as a real loop; False (nothing changed) when its body needs the
        counter as a constant or does what a real loop cannot — it is then unrolled."""
        return self._attempt(frame, lambda: self._rolled_range(
            frame, stmt, iterable.start, iterable.stop, iterable.step))

    # ------------------------------------------------------------------ control flow
    def _condition(self, frame: Frame, stmt: Any) -> Any:
        previous = self.loc
        self.loc = frame.source.location(stmt.test)
        try:
            with self._locating():
                return self.truth(self.eval(frame, stmt.test))
        finally:
            self.loc = previous

    def truth(self, value: Any) -> Any:
        """`bool(value)` for a constant; for a graph value, the graph value to branch on."""
        if isinstance(value, GraphTensor):
            if value._data.size not in (1, -1):
                raise GraphcValueError(
                    f"The truth value of a Tensor with shape {list(value.shape)} is ambiguous: "
                    "a condition must be a one-element Tensor. Use .any() or .all().", self.loc)
            return value
        if isinstance(value, GraphScalar):
            return value
        if isinstance(value, Weight):
            return self.weight_value(value)
        if isinstance(value, GraphAny):
            return self.fallback.call(bool, (value,), {}, "tests the truth of a value computed "
                                      "by Python: runs in Python", pytype=bool)
        return bool(value)

    def _run_if(self, frame: Frame, stmt: Any, cond: Any) -> None:
        if isinstance(cond, bool):
            self.exec_block(frame, stmt.body if cond else stmt.orelse)
            return
        before = dict(frame.env)
        effects = self.effects
        true_graph, true_env = self._branch(frame, before, stmt.body, "true")
        false_graph, false_env = self._branch(frame, before, stmt.orelse, "false")
        self._check_if_conversion(true_graph, effects)
        before.update(self._weight_entries(self.weight_values))
        both_raise = all(v is _NEVER for v in true_env.values()) and \
            all(v is _NEVER for v in false_env.values()) and true_env and false_env
        names = [n for n in _ordered_union(true_env, false_env)
                 if n in true_env and n in false_env
                 and not (true_env[n] is before.get(n, MISSING)
                          and false_env[n] is before.get(n, MISSING))]
        dropped = [n for n in _ordered_union(true_env, false_env)
                   if (n in true_env) != (n in false_env)]
        merged = self._join_branches(cond, true_graph, false_graph,
                                     [true_env[n] for n in names], [false_env[n] for n in names],
                                     names)
        if both_raise:
            if self.variable_depth:
                raise _Raised()
            raise _Return(None)  # unreachable at run time: both branches raise
        for name in dropped:
            frame.env.pop(name, None)
        for name, value in zip(names, merged):
            if name.startswith(_WEIGHT_KEY):
                self.weight_values[int(name[len(_WEIGHT_KEY):])] = value
            else:
                frame.env[name] = value

    def _weight_entries(self, assigned: dict[int, GraphTensor]) -> dict[str, Any]:
        """The value of every weight, as pseudo-variables that branches join like names."""
        out = {}
        for key, (weight, _) in self.weights.items():
            value = assigned.get(key)
            out[f"{_WEIGHT_KEY}{key}"] = value if value is not None else self.weight_value(weight)
        return out

    def _branch_graph(self, tag: str) -> FuncGraph:
        """The graph a branch is built in: its own, or — while an autodiff tape records, so
        that gradients can flow through the branch — the current one (if-conversion: both
        branches are computed and `select` picks, which is exact for side-effect-free code)."""
        if active_tapes.get():
            return self.graph
        return FuncGraph(f"{self.graph.name}_{tag}_{len(self.graph.nodes)}", parent=self.graph,
                         loc=self.loc)

    def _check_if_conversion(self, graph: FuncGraph, effects_before: int) -> None:
        if graph is self.graph and self.effects != effects_before:
            raise NotDifferentiableInGraph(
                "a branch on a Tensor condition with side effects (print, Parameter "
                "assignment, raise) inside a function being differentiated is not supported "
                "yet in graph mode", self.loc)

    def _branch(self, frame: Frame, before: dict[str, Any], body: list[Any],
                tag: str) -> tuple[FuncGraph, dict[str, Any]]:
        graph = self._branch_graph(tag)
        frame.env = _copy_containers(before)
        weights_before = dict(self.weight_values)
        raised = False
        with self._in_graph(graph):
            self.variable_depth += 1
            try:
                self.exec_block(frame, body)
            except _Return as ret:
                if not frame.flag_loops:
                    raise
                frame.env[_RETURNED] = True
                frame.env[_RETURN_VALUE] = ret.value
                for level in range(1, frame.flag_loops + 1):
                    frame.env[_flag_names(level)[0]] = True
            except (_Break, _Continue) as jump:
                if not frame.flag_loops:
                    raise GraphcSyntaxError("break/continue under a condition computed from "
                                            "Tensors is not supported in this loop yet",
                                            self.loc) from None
                brk, cont = _flag_names(frame.flag_loops)
                frame.env[brk if isinstance(jump, _Break) else cont] = True
            except _Raised:
                raised = True
            finally:
                self.variable_depth -= 1
        env = frame.env
        env.update(self._weight_entries(self.weight_values))
        if raised:
            env = {name: _NEVER for name in env}
        self.weight_values = weights_before
        frame.env = dict(before)
        return graph, env

    @contextmanager
    def _in_graph(self, graph: FuncGraph) -> Iterator[None]:
        outer = self.graph
        self.graph = graph
        try:
            yield
        finally:
            self.graph = outer

    def _if_with_exit(self, frame: Frame, stmt: Any, cond: Any, rest: list[Any]) -> None:
        """A variable `if` that returns in a branch: each branch runs with the rest of the
        function after it, so both end in a return, and the switch gives the return value."""
        before = dict(frame.env)
        results = []
        graphs = []
        effects = self.effects
        for body in (stmt.body, stmt.orelse):
            graph = self._branch_graph("ret")
            frame.env = _copy_containers(before)
            with self._in_graph(graph):
                self.variable_depth += 1
                try:
                    self.exec_block(frame, list(body) + list(rest))
                    value = None
                except _Return as ret:
                    value = ret.value
                except _Raised:
                    value = _NEVER
                except (_Break, _Continue):
                    raise GraphcSyntaxError("break/continue under a condition computed from "
                                            "Tensors is not supported yet", self.loc) from None
                finally:
                    self.variable_depth -= 1
            graphs.append(graph)
            results.append(value)
        frame.env = before
        self._check_if_conversion(graphs[0], effects)
        if results[0] is _NEVER and results[1] is _NEVER:
            self.graph.add(ir.CNode((ir.ValueNode(ir.SWITCH), self.node_of(cond),
                                     ir.ValueNode(graphs[0]), ir.ValueNode(graphs[1])), {},
                                    AbstractTuple(()), self.loc))
            for g in graphs:
                g.output = ir.ValueNode(())
            if self.variable_depth:
                raise _Raised()
            raise _Return(None)
        (merged,) = self._join_branches(cond, graphs[0], graphs[1], [results[0]], [results[1]],
                                        ["<return value>"])
        raise _Return(merged)

    def _join_branches(self, cond: Any, true_graph: FuncGraph, false_graph: FuncGraph,
                       true_values: list[Any], false_values: list[Any],
                       names: list[str]) -> list[Any]:
        """Emit the switch and return the joined value of each name."""
        templates = []
        true_leaves: list[Any] = []
        false_leaves: list[Any] = []
        for name, a, b in zip(names, true_values, false_values):
            templates.append(self._join_template(name, a, b, true_leaves, false_leaves))
        if true_graph is self.graph:  # if-converted: pick each value with `select`
            picked = iter([self._select(cond, a, b) for a, b in zip(true_leaves, false_leaves)])
            return [_fill_template(t, picked) for t in templates]
        as_any = [isinstance(a, GraphAny) or isinstance(b, GraphAny) or not _joinable(a, b)
                  for a, b in zip(true_leaves, false_leaves)]
        with self._in_graph(true_graph):
            true_leaves = [self._as_any(v) if conv else v
                           for v, conv in zip(true_leaves, as_any)]
            true_graph.output = self.node_of(tuple(true_leaves)) if true_leaves else \
                ir.ValueNode(())
        with self._in_graph(false_graph):
            false_leaves = [self._as_any(v) if conv else v
                            for v, conv in zip(false_leaves, as_any)]
            false_graph.output = self.node_of(tuple(false_leaves)) if false_leaves else \
                ir.ValueNode(())
        abstracts = tuple(_join_abstract(a, b) for a, b in zip(true_leaves, false_leaves))
        switch = self.graph.add(ir.CNode(
            (ir.ValueNode(ir.SWITCH), self.node_of(cond), ir.ValueNode(true_graph),
             ir.ValueNode(false_graph)), {}, AbstractTuple(abstracts), self.loc))
        leaves = []
        for i, abstract in enumerate(abstracts):
            item = self.graph.add(ir.CNode((ir.ValueNode(ir.TUPLE_GETITEM), switch,
                                            ir.ValueNode(i)), {}, abstract, self.loc))
            leaves.append(_graph_value(item, abstract))
        it = iter(leaves)
        return [_fill_template(t, it) for t in templates]

    def _select(self, cond: Any, a: Any, b: Any) -> Any:
        """`a if cond else b` on run-time values, differentiable for Tensors."""
        from ..ops import array_ops
        if a is _NEVER or b is _NEVER:  # the value is only read where it exists
            return b if a is _NEVER else a
        if isinstance(a, GraphAny) or isinstance(b, GraphAny) or not _joinable(a, b):
            return self.fallback.call(_if_else, (cond, a, b), {}, "picks one of two values, "
                                      "one computed by Python: runs in Python", effect=True)
        if isinstance(a, Tensor) and isinstance(b, Tensor):
            if isinstance(cond, GraphScalar):
                cond = cond.__graphc_tensor__(mstype.bool_)
            return array_ops.select(cond, a, b)
        pytype = _join_abstract(a, b).type
        return self.emit_scalar(ir.SCALAR_OP, (cond, a, b), {"op": _if_else}, pytype)

    def _join_template(self, name: str, a: Any, b: Any, ta: list[Any], tb: list[Any]) -> Any:
        """Describe how values `a` (true branch) and `b` (false branch) join; leaves that differ
        go through the switch (appended to `ta`/`tb`)."""
        if a is b:
            return ("const", a)
        if a is _NEVER or b is _NEVER:
            real = b if a is _NEVER else a
            if not _contains_graph_value(real) and not isinstance(real, Tensor):
                return ("const", real)
            if isinstance(real, (tuple, list)):
                parts = [self._join_template(name, x if a is not _NEVER else _NEVER,
                                             x if b is not _NEVER else _NEVER, ta, tb)
                         for x in real]
                return ("seq", type(real), parts)
            ta.append(a)
            tb.append(b)
            return ("leaf",)
        if self.fallback is not None and (isinstance(a, GraphAny) or isinstance(b, GraphAny)
                                          or not _joinable(a, b)):
            ta.append(a)  # one branch has a Python value: join as Python objects (Any)
            tb.append(b)
            return ("leaf",)
        if _is_tensorlike(a) and _is_tensorlike(b):
            sa, sb = _spec(a), _spec(b)
            if sa.dtype is not sb.dtype:
                raise GraphcTypeError(
                    "Cannot join the return values of different branches, perhaps you need to "
                    f"make them equal.\nType Join Failed: dtype1 = {sa.dtype}, dtype2 = "
                    f"{sb.dtype}. (variable '{name}')", self.loc)
            ta.append(a)
            tb.append(b)
            return ("leaf",)
        if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) \
                and type(a) is type(b) and len(a) == len(b):
            parts = [self._join_template(name, x, y, ta, tb) for x, y in zip(a, b)]
            return ("seq", type(a), parts)
        scalars = (bool, int, float, GraphScalar)
        if isinstance(a, scalars) and isinstance(b, scalars) and not isinstance(a, Tensor):
            if not is_graph_value(a) and not is_graph_value(b) and type(a) is type(b) and a == b:
                return ("const", a)
            ta.append(a)
            tb.append(b)
            return ("leaf",)
        if not _contains_graph_value(a) and not _contains_graph_value(b):
            try:
                if type(a) is type(b) and a == b:
                    return ("const", a)
            except Exception:
                pass
        raise GraphcTypeError(
            "Cannot join the return values of different branches, perhaps you need to make them "
            f"equal.\nType Join Failed: '{name}' is {_describe(a)} in one branch and "
            f"{_describe(b)} in the other.", self.loc)

    # ------------------------------------------------------------------ rolled loops
    def _try_rolling(self, frame: Frame, stmt: Any) -> bool:
        """Finish a long constant-condition while loop as a real loop, its carried constants
        becoming run-time values. False (nothing changed) when the loop cannot be rolled."""
        return self._attempt(frame, lambda: self._rolled_loop(
            frame, stmt, lambda f: self.eval(f, stmt.test), stmt.body, None))

    def _attempt(self, frame: Frame, build: Callable[[], None]) -> bool:
        """Run `build`; if it raises a compile error, undo what it did to the frame and the
        graph and return False."""
        saved_env = dict(frame.env)
        saved_nodes = len(self.graph.nodes)
        saved_weights = dict(self.weight_values)
        saved_guards, saved_effects = len(self.guards), self.effects
        try:
            build()
            return True
        except GraphcError:
            frame.env = saved_env
            del self.graph.nodes[saved_nodes:]
            self.weight_values = saved_weights
            del self.guards[saved_guards:]
            self.effects = saved_effects
            return False

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

    def _rolled_range(self, frame: Frame, stmt: Any, start: Any, stop: Any, step: Any,
                      item: Callable[[Any], Any] | None = None) -> None:
        """`for target in range(start, stop, step)` as a real loop with a run-time counter
        (the target is `item(counter)` when given)."""
        if not isinstance(step, int) or step == 0:
            raise GraphcSyntaxError("a for loop over range() with a run-time bound needs a "
                                    "constant, non-zero step", self.loc)
        counter = "__graphc_range_counter"
        frame.env[counter] = start

        def cond(f: Frame) -> Any:
            c = f.env[counter]
            return c < stop if step > 0 else c > stop

        def body(f: Frame) -> None:
            index = f.env[counter]
            self.assign(f, stmt.target, index if item is None else item(index))
            try:
                self.exec_block(f, stmt.body)
            except _Continue:
                raise GraphcSyntaxError("continue in a loop the compiler does not unroll is not "
                                        "supported yet", self.loc) from None
            f.env[counter] = f.env[counter] + step

        self._rolled_loop(frame, stmt, cond, None, body,
                          extra_assigned={counter} | _assigned_names(stmt.target))
        frame.env.pop(counter, None)

    def _rolled_loop(self, frame: Frame, stmt: Any, cond_fn: Callable[[Frame], Any],
                     body_stmts: list[Any] | None, body_fn: Callable[[Frame], None] | None,
                     extra_assigned: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        """A loop whose condition is only known at run time: a `while_loop` node whose cond and
        body graphs share the loop-carried parameters."""
        if active_tapes.get():
            raise NotDifferentiableInGraph(
                "a loop that runs a number of times known only at run time, inside a function "
                "being differentiated, is not supported yet in graph mode (loops with a constant "
                "trip count are fine)", self.loc)
        body_nodes = body_stmts if body_stmts is not None else stmt.body
        assigned = set(extra_assigned)
        for s in body_nodes:
            assigned |= _assigned_names_stmt(s)
        carried = [n for n in frame.env if n in assigned and n not in frame.global_names]
        init = [frame.env[n] for n in carried]
        for _attempt in range(3):
            leaves: list[Any] = []
            templates = [_flatten_loop_value(self, n, v, leaves) for n, v in zip(carried, init)]
            params = [_param_for(self, leaf, f"{n}") for n, leaf in
                      zip(_leaf_names(carried, templates), leaves)]
            cond_graph = FuncGraph(f"{self.graph.name}_while_cond_{len(self.graph.nodes)}",
                                   parent=self.graph, loc=self.loc)
            body_graph = FuncGraph(f"{self.graph.name}_while_body_{len(self.graph.nodes)}",
                                   parent=self.graph, loc=self.loc)
            cond_graph.parameters = [p for p, _ in params]
            body_graph.parameters = cond_graph.parameters
            outer_env = dict(frame.env)
            param_values = iter([v for _, v in params])
            loop_values = [_fill_template(t, param_values) for t in templates]
            frame.env = _copy_containers(outer_env)
            frame.env.update(zip(carried, loop_values))
            with self._in_graph(cond_graph):
                cond_value = self.truth(cond_fn(frame))
                if isinstance(cond_value, bool):
                    raise GraphcSyntaxError("the loop condition became a constant inside the "
                                            "loop; make it depend on the loop's Tensors",
                                            self.loc)
                cond_graph.output = self.node_of(cond_value)
            with self._in_graph(body_graph):
                self.variable_depth += 1
                saved_flag_loops, frame.flag_loops = frame.flag_loops, 0
                try:
                    if body_fn is not None:
                        body_fn(frame)
                    else:
                        self.exec_block(frame, body_nodes)
                except _Raised:
                    raise GraphcSyntaxError("raise directly in the body of a loop whose "
                                            "condition is computed from Tensors is not supported "
                                            "yet (put it under an if)", self.loc) from None
                except (_Break, _Continue):
                    raise GraphcSyntaxError("break/continue in a loop whose condition is "
                                            "computed from Tensors is not supported yet",
                                            self.loc) from None
                except _Return:
                    raise GraphcSyntaxError("return inside a loop whose condition is computed "
                                            "from Tensors is not supported yet",
                                            self.loc) from None
                finally:
                    self.variable_depth -= 1
                    frame.flag_loops = saved_flag_loops
                for name, old in outer_env.items():
                    if name not in carried and type(old) in (list, dict) and \
                            not _same_container(old, frame.env.get(name, MISSING)):
                        raise GraphcSyntaxError(
                            f"'{name}' is modified in place inside a loop that runs a number of "
                            "times known only at run time; the graph cannot repeat that. Build "
                            "the values with Tensor ops, or loop over a constant range.",
                            self.loc)
                new_values = [frame.env.get(n, MISSING) for n in carried]
                new_leaves: list[Any] = []
                mismatch = False
                widened = []
                for n, t, v in zip(carried, templates, new_values):
                    if v is MISSING:
                        raise GraphcSyntaxError(f"'{n}' is deleted inside the loop", self.loc)
                    _collect_leaves(self, n, t, v, new_leaves)
                for (_p, old), new in zip(params, new_leaves):
                    w = _widen_leaf(self, old, new)
                    if w is not None:
                        mismatch = True
                    widened.append(w if w is not None else old)
                new_leaves = [self._as_any(v) if isinstance(p.abstract, AbstractAny) else v
                              for (p, _), v in zip(params, new_leaves)]
                body_graph.output = self.node_of(tuple(new_leaves)) if new_leaves else \
                    ir.ValueNode(())
            frame.env = outer_env
            if not mismatch:
                break
            it_w = iter(widened)
            init = [_fill_template(t, it_w) for t in templates]
        else:
            raise GraphcTypeError("the values carried round the loop do not settle to one "
                                  "type and shape", self.loc)
        init_nodes = tuple(self.node_of(_initial_leaf(self, leaf, p)) for leaf, (p, _) in
                           zip(_flat_init(self, carried, [outer_env[n] for n in carried],
                                          templates), params))
        abstracts = tuple(p.abstract for p, _ in params)
        loop = self.graph.add(ir.CNode((ir.ValueNode(ir.WHILE_LOOP), ir.ValueNode(cond_graph),
                                        ir.ValueNode(body_graph)) + init_nodes, {},
                                       AbstractTuple(abstracts), self.loc))
        results = []
        for i, abstract in enumerate(abstracts):
            item = self.graph.add(ir.CNode((ir.ValueNode(ir.TUPLE_GETITEM), loop,
                                            ir.ValueNode(i)), {}, abstract, self.loc))
            results.append(_graph_value(item, abstract))
        it = iter(results)
        for name, template in zip(carried, templates):
            frame.env[name] = _fill_template(template, it)
        for name in assigned - set(carried):
            frame.env.pop(name, None)

    # ------------------------------------------------------------------ assignment
    def assign(self, frame: Frame, target: Any, value: Any) -> None:
        if isinstance(target, gast.Name):
            if target.id in frame.global_names and self.fallback is not None and \
                    frame.fn is not None:
                self._assign_global(frame.fn.__globals__, target.id, value)
                return
            if target.id in frame.global_names:
                raise GraphcSyntaxError(f"assigning the global '{target.id}' inside a compiled "
                                        "function is not supported (JIT Fallback needed)",
                                        self.loc)
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
            parts = self.fallback.call(_unpack_python, (value,) + shape, {}, "unpacks a value "
                                       "computed by Python: runs in Python", effect=True)
            value = tuple(self.fallback.call(operator.getitem, (parts, i), {}, "takes an "
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

    def _assign_global(self, namespace: dict[str, Any], name: str, value: Any) -> None:
        """`global name; name = value` (LAX): the module's global changes at run time."""
        self.fallback.call(operator.setitem, (namespace, name, value), {},
                           f"assigns the global '{name}': runs in Python so that the module's "
                           "variable changes", effect=True)
        self.volatile.add(("global", id(namespace), name))
        self.global_writes[(id(namespace), name)] = value

    def _assign_subscript(self, frame: Frame, target: Any, value: Any) -> None:
        container = self.eval(frame, _as_load(target.value))
        index = self.eval(frame, target.slice)
        if self.fallback is None and id(container) in self.external and \
                not isinstance(container, Tensor):
            raise GraphcSyntaxError(
                f"assigning an item of a {type(container).__name__} that lives outside the "
                "function, which the static graph cannot express. Use jit_syntax_level=LAX "
                "(JIT Fallback) or change it outside.", self.loc)
        if self.fallback is not None and not isinstance(container, Tensor) and (
                isinstance(container, GraphAny) or self._lives_outside(container)):
            if not isinstance(container, GraphAny):
                self._mutated_object(container)
            self.fallback.call(operator.setitem, (container, index, value), {},
                               f"assigns an item of a {_kind(container)} that lives outside "
                               "the graph: runs in Python so that the real object changes",
                               effect=True)
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
        current = getattr(obj, target.attr, None)
        if isinstance(current, Weight):
            self.assign_weight(current, value)
            return
        if self.fallback is not None:
            self.fallback.call(setattr, (obj, target.attr, value), {},
                               f"sets the attribute '{target.attr}' of a {_kind(obj)}: runs in "
                               "Python so that the change is seen after the call", effect=True)
            if not isinstance(obj, GraphAny):
                self.volatile.add(("attr", id(obj), target.attr))
                site = self.created.get(id(obj))
                if site is not None:
                    self._mutated_object(obj)
            return
        raise GraphcSyntaxError(
            f"In JIT strict mode, if need to modify a member attribute of a class with "
            f"self.{target.attr}, the member attribute must be of the Parameter type. But got "
            f"{current!r} with type '{type(current).__name__}'. (Setting other attributes needs "
            "JIT Fallback, which graphc does not have yet.)", self.loc)

    # ------------------------------------------------------------------ expressions
    def eval(self, frame: Frame, node: Any) -> Any:
        method = getattr(self, "_expr_" + type(node).__name__, None)
        if method is None and self.fallback is not None and \
                type(node).__name__ in _INTERPRETABLE_EXPRESSIONS:
            return self._interpret_expression(frame, node, f"uses a {type(node).__name__} "
                                              "expression, which the graph has no node for: "
                                              "runs in Python")
        if method is None:
            raise GraphcSyntaxError(f"Unsupported expression '{type(node).__name__}'.",
                                    frame.source.location(node))
        return method(frame, node)

    def _expr_Constant(self, frame: Frame, node: Any) -> Any:
        if isinstance(node.value, complex):
            raise GraphcTypeError("Only support 'Number' type of 'int` and 'float'",
                                  frame.source.location(node))
        return node.value

    def _expr_Name(self, frame: Frame, node: Any) -> Any:
        if self.fallback is not None and frame.fn is not None and \
                _find_local(frame, node.id) is MISSING:
            return self._read_global(frame, node.id)
        value = frame.lookup(node.id)
        if value is MISSING:
            raise NameError(f"name '{node.id}' is not defined")
        if isinstance(value, Weight):
            return self.weight_value(value)
        if frame.fn is not None and _find_local(frame, node.id) is MISSING:
            self._guard_global(frame.fn, node.id, value)
            return self._volatile_value(value)
        return value

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

    def _expr_Attribute(self, frame: Frame, node: Any) -> Any:
        return self._get_attribute(frame, node, self.eval(frame, node.value))

    def _get_attribute(self, frame: Frame, node: Any, obj: Any) -> Any:
        if self.fallback is not None:
            if isinstance(obj, GraphAny):
                annotation = obj.annotation
                if node.attr == "dtype" and annotation is not None and \
                        annotation.container == "tensor" and annotation.dtype is not None:
                    return annotation.dtype
                return self.fallback.call(getattr, (obj, node.attr), {},
                                          f"reads the attribute '{node.attr}' of a value "
                                          "computed by Python: runs in Python")
            key = ("attr", id(obj), node.attr)
            if key in self.volatile:
                return self.fallback.call(getattr, (obj, node.attr), {},
                                          f"reads the attribute '{node.attr}', which the "
                                          "function sets: runs in Python", effect=True)
            self.folded_reads.add(key)
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
            return self.weight_value(value)
        if not isinstance(obj, (ModuleType, type, Tensor)) and hasattr(obj, "__dict__") \
                and node.attr in vars(obj):
            owner = type(obj).__name__
            what = f"attribute '{node.attr}' of {owner}"
            if is_guardable(value):
                self.guards.append(Guard(what, getattr, obj, value, node.attr))
            elif type(value) in _CONTENT_GUARDED and ("object", id(value)) not in self.volatile:
                snapshot = content_snapshot(value)
                if snapshot is not MISSING:
                    self.guards.append(ContentGuard(what, getattr, obj, value, node.attr,
                                                    snapshot=snapshot))
        if not isinstance(obj, ModuleType):
            return self._volatile_value(value)
        return value

    def _expr_BinOp(self, frame: Frame, node: Any) -> Any:
        left = self.eval(frame, node.left)
        right = self.eval(frame, node.right)
        return self._operator(_BINOPS[type(node.op)], left, right)

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

    def _expr_UnaryOp(self, frame: Frame, node: Any) -> Any:
        value = self.eval(frame, node.operand)
        if isinstance(node.op, gast.Not):
            if isinstance(value, GraphAny):
                return self.fallback.call(operator.not_, (value,), {}, "applies 'not' to a value "
                                          "computed by Python: runs in Python", pytype=bool)
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
            if not isinstance(truth, bool) and self.fallback is not None:
                value = self._lax_boolop(frame, is_and, value, truth, operand)
                continue
            if not isinstance(truth, bool):
                right = self.eval(frame, operand)
                value = self._variable_boolop(is_and, value, right)
                continue
            if truth != is_and:  # `and` stops at a false value, `or` at a true one
                return value
            value = self.eval(frame, operand)
        return value

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
            graph = FuncGraph(f"{self.graph.name}_boolop_{len(self.graph.nodes)}",
                              parent=self.graph, loc=self.loc)
            with self._in_graph(graph):
                values.append(self.eval(frame, operand) if evaluates else left)
            graphs.append(graph)
        (merged,) = self._join_branches(truth, graphs[0], graphs[1], [values[0]], [values[1]],
                                        ["<and/or>"])
        return merged

    def _variable_boolop(self, is_and: bool, left: Any, right: Any) -> Any:
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
            else:
                value = self._operator(_CMPOPS[type(op)], left, right)
            if isinstance(value, GraphAny) or isinstance(result, GraphAny):
                # `a < b < c` with values Python computes: `a < b and b < c` in Python
                result = value if result is True else self.fallback.call(
                    _python_and, (result, value), {}, "chains comparisons of values computed "
                    "by Python: runs in Python")
                left = right
                continue
            result = value if result is True else self._variable_boolop(True, result, value) \
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

    def _expr_Call(self, frame: Frame, node: Any) -> Any:
        method_of = None
        if isinstance(node.func, gast.Attribute) and self.fallback is not None:
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
                return self.fallback.call_method(method_of, node.func.attr, tuple(args), kwargs,
                                                 f"calls the method '{node.func.attr}' of "
                                                 f"{_any_words(method_of)}: runs in Python; "
                                                 "its result has type Any")
            if func is range and _contains_graph_value(tuple(args)):
                return _RuntimeRange(*args)
            if func is super and not args:
                return self._zero_arg_super(frame)
            return self.call(func, tuple(args), kwargs)
        finally:
            self.loc = previous

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
        if self.fallback is None:
            raise GraphcSyntaxError("Unsupported expression 'Set'.", frame.source.location(node))
        items = self._elements(frame, node.elts)
        return self.fallback.call(_make_set, tuple(items), {}, "builds a set, which the graph "
                                  "has no type for: runs in Python")

    def _expr_Subscript(self, frame: Frame, node: Any) -> Any:
        value = self.eval(frame, node.value)
        index = self.eval(frame, node.slice)
        if self.fallback is not None and (isinstance(value, GraphAny) or
                                          isinstance(index, GraphAny)):
            return self.fallback.call(operator.getitem, (value, index), {}, "indexes a value "
                                      "computed by Python: runs in Python; its result has "
                                      "type Any")
        if isinstance(value, (tuple, list)) and is_graph_value(index):
            return self._runtime_index(value, index)
        if self.fallback is not None:
            return self._operator(operator.getitem, value, index)
        return value[index]

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
                with self._in_graph(graph):
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
        for branch in (node.body, node.orelse):
            graph = FuncGraph(f"{self.graph.name}_ifexp_{len(self.graph.nodes)}",
                              parent=self.graph, loc=self.loc)
            with self._in_graph(graph):
                values.append(self.eval(frame, branch))
            graphs.append(graph)
        (merged,) = self._join_branches(cond, graphs[0], graphs[1], [values[0]], [values[1]],
                                        ["<if expression>"])
        return merged

    def _expr_Lambda(self, frame: Frame, node: Any) -> Any:
        defaults = tuple(self.eval(frame, d) for d in node.args.defaults)
        inner = SourceFunction(node, frame.source.filename, frame.source.first_line,
                               frame.source.indent, frame.source.lines,
                               f"{frame.source.qualname}.<lambda>")
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
        names = sorted({n.id for n in gast.walk(node)
                        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)})
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

    def _expr_JoinedStr(self, frame: Frame, node: Any) -> Any:
        parts = [self.eval(frame, v) for v in node.values]
        if any(is_graph_value(p) for p in parts) and self.fallback is not None:
            return self.fallback.call(_join_str, tuple(parts), {}, "formats an f-string with "
                                      "values computed in the graph: runs in Python")
        if any(is_graph_value(p) for p in parts):
            raise GraphcSyntaxError("an f-string with a value computed in the graph needs JIT "
                                    "Fallback; print the value instead", self.loc)
        return "".join(str(p) for p in parts)

    def _expr_FormattedValue(self, frame: Frame, node: Any) -> Any:
        value = self.eval(frame, node.value)
        if is_graph_value(value):
            if self.fallback is not None:
                spec = self.eval(frame, node.format_spec) if node.format_spec is not None else ""
                return self.fallback.call(_format_value, (value, node.conversion, spec), {},
                                          "formats a value computed in the graph: runs in "
                                          "Python")
            return value
        if node.conversion == ord("r"):
            value = repr(value)
        elif node.conversion == ord("s"):
            value = str(value)
        elif node.conversion == ord("a"):
            value = ascii(value)
        spec = self.eval(frame, node.format_spec) if node.format_spec is not None else ""
        return format(value, spec)


# ---------------------------------------------------------------------------- helpers

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


def _same(value: Any) -> Any:
    return value


def _joinable(a: Any, b: Any) -> bool:
    """Whether the graph can join `a` and `b` (else, at LAX level, Python joins them)."""
    if a is _NEVER or b is _NEVER:
        return True
    if isinstance(a, GraphAny) or isinstance(b, GraphAny):
        return False
    numeric = (Tensor, bool, int, float, GraphScalar)
    if isinstance(a, numeric) and isinstance(b, numeric):
        return True  # the graph joins these, or says clearly why not (dtype, rank)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(
            _joinable(x, y) for x, y in zip(a, b))
    if not _contains_graph_value(a) and not _contains_graph_value(b):
        try:
            return type(a) is type(b) and bool(a == b)
        except Exception:
            return False
    return False


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

# Branches join Parameter values like variables, under names no Python variable can have.
_WEIGHT_KEY = "\0weight"


def _copy_containers(env: dict[str, Any]) -> dict[str, Any]:
    """`env` with its lists and dicts copied (recursively), so that a branch mutating a list
    in place changes its own copy; the branches' versions are then joined."""
    return {k: _copy_container(v) for k, v in env.items()}


def _copy_container(value: Any) -> Any:
    if type(value) is list:
        return [_copy_container(v) for v in value]
    if type(value) is dict:
        return {k: _copy_container(v) for k, v in value.items()}
    return value


def _same_container(a: Any, b: Any) -> bool:
    """Whether `b` (a copy of `a` that code may have mutated) still holds the same items."""
    if type(a) is not type(b):
        return a is b
    if type(a) is list:
        return len(a) == len(b) and all(_same_container(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return a.keys() == b.keys() and all(_same_container(a[k], b[k]) for k in a)
    return a is b


def _if_else(cond: Any, a: Any, b: Any) -> Any:
    """Run-time `a if cond else b` (if-converted branches)."""
    return a if cond else b


def _flag_names(level: int) -> tuple[str, str]:
    """Pseudo-variables (no Python name can clash) for the break/continue flags of the loop at
    nesting `level`; branches join them like variables."""
    return f"\0break{level}", f"\0continue{level}"


@dataclass(eq=False)
class _Block:
    """A list of statements run as the body of a synthesized `if` (a guard)."""

    body: list[Any]
    orelse: list[Any] = field(default_factory=list)


_RETURNED = "\0returned"  # pseudo-variables: did a loop return at run time, and what
_RETURN_VALUE = "\0return_value"


@dataclass(eq=False)
class _ReturnValue:
    """A synthesized `return` of an already computed value."""

    value: Any


@dataclass(eq=False)
class _AssignValue:
    """A synthesized statement: assign an already computed value to a target."""

    target: Any
    value: Any


@dataclass(frozen=True, eq=False)
class _RuntimeChoice:
    """`items[index]` for callables, with `index` known only at run time."""

    items: tuple[Any, ...]
    index: Any


class _RuntimeRange:
    """`range(...)` whose bounds are known only at run time: only a for loop can use it."""

    def __init__(self, *args: Any) -> None:
        if len(args) == 1:
            self.start, self.stop, self.step = 0, args[0], 1
        elif len(args) == 2:
            self.start, self.stop, self.step = args[0], args[1], 1
        else:
            self.start, self.stop, self.step = args


def _cell_call_target(func: Any) -> tuple[Any, Any] | None:
    """(cell, construct function) if `func` is a Cell instance being called."""
    construct = getattr(type(func), "construct", None)
    if construct is None or not hasattr(func, "_cells"):
        return None
    inner = getattr(construct, "__graphc_unwrapped__", None)
    return func, (inner if inner is not None else construct)


def _is_framework(func: Any) -> bool:
    if isinstance(func, MethodType):
        func = func.__func__
    if isinstance(func, (FunctionType, type)):
        return origin_of(func) is Origin.FRAMEWORK
    if isinstance(func, (BuiltinFunctionType, ModuleType)):
        return False
    # callable instances (primitive classes `ops.Add()`, ...)
    return origin_of(type(func)) is Origin.FRAMEWORK


def _spec(t: Any) -> TensorSpec:
    if isinstance(t, GraphScalar):
        dtype = {bool: mstype.bool_, int: mstype.int64, float: mstype.float32}[t.type]
        return TensorSpec((), dtype)
    return spec_of(t)


def _is_tensorlike(v: Any) -> bool:
    return isinstance(v, Tensor)


def _abstract(value: Any) -> Any:
    if isinstance(value, GraphAny):
        return value.abstract
    if isinstance(value, Tensor):
        return _spec(value)
    if isinstance(value, GraphScalar):
        return value.abstract
    if isinstance(value, (tuple, list)):
        return AbstractTuple(tuple(_abstract(v) for v in value))
    return type(value).__name__


def _join_abstract(a: Any, b: Any) -> Any:
    if a is _NEVER:
        return _abstract(b)
    if b is _NEVER:
        return _abstract(a)
    if isinstance(a, GraphAny) or isinstance(b, GraphAny) or not _joinable(a, b):
        return AbstractAny()
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        joined = join_specs(_spec(a), _spec(b))
        if joined is None:  # rank differs: a dynamic-rank value (only the dtype is known)
            sa = _spec(a)
            return TensorSpec((None,) * max(sa.ndim, _spec(b).ndim), sa.dtype)
        return joined
    ta = a.type if isinstance(a, GraphScalar) else type(a)
    tb = b.type if isinstance(b, GraphScalar) else type(b)
    if float in (ta, tb):
        return AbstractScalar(float)
    if int in (ta, tb):
        return AbstractScalar(int)
    return AbstractScalar(bool)


def _graph_value(node: ir.Node, abstract: Any) -> Any:
    if isinstance(abstract, AbstractAny):
        return GraphAny(node, abstract.annotation)
    if isinstance(abstract, TensorSpec):
        return GraphTensor(node, abstract.shape, abstract.dtype)
    return GraphScalar(node, abstract.type)


def _fill_template(template: Any, leaves: Iterator[Any]) -> Any:
    kind = template[0]
    if kind == "const":
        return template[1]
    if kind == "leaf":
        return next(leaves)
    seq_type, parts = template[1], template[2]
    return seq_type(_fill_template(p, leaves) for p in parts)


def _describe(v: Any) -> str:
    if isinstance(v, Tensor):
        return str(_spec(v))
    if isinstance(v, GraphScalar):
        return f"a run-time {v.type.__name__}"
    return f"{type(v).__name__} {v!r}"


def _ordered_union(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(list(a) + list(b)))


def _has_exit(stmt: Any) -> bool:
    """Whether a return occurs inside `stmt` (outside nested functions)."""
    stack = list(stmt.body) + list(stmt.orelse)
    while stack:
        node = stack.pop()
        if isinstance(node, gast.Return):
            return True
        if isinstance(node, (gast.FunctionDef, gast.Lambda, gast.While, gast.For)):
            continue
        stack.extend(gast.iter_child_nodes(node))
    return False


def _as_load(target: Any) -> Any:
    """A copy of an assignment target usable as an expression."""
    import copy
    node = copy.copy(target)
    if hasattr(node, "ctx"):
        node.ctx = gast.Load()
    return node


def _assigned_names(target: Any) -> set[str]:
    names = set()
    for node in gast.walk(target):
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Store):
            names.add(node.id)
    return names


def _assigned_names_stmt(stmt: Any) -> set[str]:
    names = set()
    for node in gast.walk(stmt):
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Store):
            names.add(node.id)
        elif isinstance(node, gast.Subscript) and isinstance(node.ctx, gast.Store):
            base = node.value
            while isinstance(base, gast.Subscript):
                base = base.value
            if isinstance(base, gast.Name):
                names.add(base.id)
    return names


# --- loop-carried values -------------------------------------------------------------------


def _flatten_loop_value(builder: GraphBuilder, name: str, value: Any, leaves: list[Any]) -> Any:
    """The template of a loop-carried value, its run-time parts appended to `leaves`
    (numbers become run-time scalars, Tensors keep shape and dtype)."""
    if isinstance(value, (Tensor, GraphScalar, GraphAny, _Widened, _WidenedScalar,
                          _WidenedAny)) or (
            isinstance(value, (int, float)) and not isinstance(value, bool)):
        leaves.append(value)
        return ("leaf",)
    if isinstance(value, bool):
        leaves.append(value)
        return ("leaf",)
    if isinstance(value, (tuple, list)):
        return ("seq", type(value), [_flatten_loop_value(builder, name, v, leaves)
                                     for v in value])
    return ("const", value)


def _leaf_names(names: list[str], templates: list[Any]) -> list[str]:
    out = []

    def walk(name: str, t: Any) -> None:
        if t[0] == "leaf":
            out.append(name)
        elif t[0] == "seq":
            for i, p in enumerate(t[2]):
                walk(f"{name}_{i}", p)
    for n, t in zip(names, templates):
        walk(n, t)
    return out


def _param_for(builder: GraphBuilder, leaf: Any, name: str) -> tuple[ir.Parameter, Any]:
    if isinstance(leaf, (GraphAny, _WidenedAny)):
        p = ir.Parameter(name, AbstractAny(), builder.loc)
        return p, GraphAny(p)
    if isinstance(leaf, _Widened):
        p = ir.Parameter(name, leaf.spec, builder.loc)
        return p, GraphTensor(p, leaf.spec.shape, leaf.spec.dtype)
    if isinstance(leaf, _WidenedScalar):
        p = ir.Parameter(name, AbstractScalar(leaf.type), builder.loc)
        return p, GraphScalar(p, leaf.type)
    if isinstance(leaf, Tensor):
        spec = _spec(leaf)
        p = ir.Parameter(name, spec, builder.loc)
        return p, GraphTensor(p, spec.shape, spec.dtype)
    pytype = leaf.type if isinstance(leaf, GraphScalar) else type(leaf)
    p = ir.Parameter(name, AbstractScalar(pytype), builder.loc)
    return p, GraphScalar(p, pytype)


def _collect_leaves(builder: GraphBuilder, name: str, template: Any, value: Any,
                    out: list[Any]) -> None:
    kind = template[0]
    if kind == "leaf":
        out.append(value)
        return
    if kind == "const":
        same = value is template[1]
        if not same:
            try:
                same = type(value) is type(template[1]) and bool(value == template[1])
            except Exception:
                same = False
        if not same:
            raise GraphcTypeError(f"'{name}' changes inside a loop whose condition is computed "
                                  "from Tensors; only Tensors, numbers and tuples of them can "
                                  "be carried round such a loop", builder.loc)
        return
    if not isinstance(value, template[1]) or len(value) != len(template[2]):
        raise GraphcTypeError(f"'{name}' changes structure inside the loop", builder.loc)
    for p, v in zip(template[2], value):
        _collect_leaves(builder, name, p, v, out)


def _widen_leaf(builder: GraphBuilder, old: Any, new: Any) -> Any:
    """None if `new` fits the loop parameter made for `old`; else the widened initial value."""
    if isinstance(old, GraphAny):
        return None
    if isinstance(new, GraphAny):
        return _WidenedAny()
    if isinstance(old, GraphTensor):
        if not isinstance(new, Tensor):
            raise GraphcTypeError("a loop variable holding a Tensor becomes a "
                                  f"{type(new).__name__}", builder.loc)
        so, sn = _spec(old), _spec(new)
        if so.dtype is not sn.dtype:
            raise GraphcTypeError(f"a loop variable changes dtype from {so.dtype} to "
                                  f"{sn.dtype} inside the loop", builder.loc)
        if so.shape == sn.shape:
            return None
        joined = join_specs(so, sn)
        if joined is None:
            raise GraphcTypeError(f"a loop variable changes rank from {list(so.shape)} to "
                                  f"{list(sn.shape)} inside the loop", builder.loc)
        return _Widened(joined)
    if isinstance(new, Tensor):
        raise GraphcTypeError("a loop variable holding a number becomes a Tensor",
                              builder.loc)
    new_type = new.type if isinstance(new, GraphScalar) else type(new)
    if new_type is old.type or (old.type is float and new_type in (int, bool)) or \
            (old.type is int and new_type is bool):
        return None
    return _WidenedScalar(float if float in (new_type, old.type) else int)


@dataclass(frozen=True)
class _Widened:
    spec: TensorSpec


@dataclass(frozen=True)
class _WidenedScalar:
    type: type


@dataclass(frozen=True)
class _WidenedAny:
    """A loop variable that becomes a value only Python knows."""


def _flat_init(builder: GraphBuilder, names: list[str], values: list[Any],
               templates: list[Any]) -> list[Any]:
    out: list[Any] = []
    for n, t, v in zip(names, templates, values):
        _collect_leaves(builder, n, t, v, out)
    return out


def _initial_leaf(builder: GraphBuilder, value: Any, param: ir.Parameter) -> Any:
    """The initial value fed to loop parameter `param` (converted to its type)."""
    abstract = param.abstract
    if isinstance(abstract, AbstractAny):
        return builder._as_any(value)
    if isinstance(abstract, AbstractScalar) and not is_graph_value(value):
        return abstract.type(value)
    if isinstance(abstract, AbstractScalar) and isinstance(value, GraphScalar) \
            and value.type is not abstract.type:
        return builder.emit_scalar(ir.SCALAR_OP, (value,), {"op": abstract.type},
                                   abstract.type)
    return value


_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    gast.Add: operator.add, gast.Sub: operator.sub, gast.Mult: operator.mul,
    gast.Div: operator.truediv, gast.FloorDiv: operator.floordiv, gast.Mod: operator.mod,
    gast.Pow: operator.pow, gast.MatMult: operator.matmul, gast.BitAnd: operator.and_,
    gast.BitOr: operator.or_, gast.BitXor: operator.xor, gast.LShift: operator.lshift,
    gast.RShift: operator.rshift,
}
# Python's in-place operators (`a += b` on a run-time object): `iadd` for `add`, ...
_INPLACE_OPS: dict[type, Callable[[Any, Any], Any]] = {
    node: getattr(operator, "i" + op.__name__.rstrip("_")) for node, op in _BINOPS.items()}
_UNARYOPS: dict[type, Callable[[Any], Any]] = {
    gast.UAdd: operator.pos, gast.USub: operator.neg, gast.Invert: operator.invert,
}
_CMPOPS: dict[type, Callable[[Any, Any], Any]] = {
    gast.Eq: operator.eq, gast.NotEq: operator.ne, gast.Lt: operator.lt, gast.LtE: operator.le,
    gast.Gt: operator.gt, gast.GtE: operator.ge, gast.Is: operator.is_,
    gast.IsNot: operator.is_not, gast.In: lambda a, b: a in b,
    gast.NotIn: lambda a, b: a not in b,
}


__all__ = ["GraphBuilder", "InterpretedFunction", "is_graph_value", "inspect", "np"]
