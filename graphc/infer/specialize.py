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

`GraphBuilder` is a plain class: this module holds its state, the tracer protocol (`apply`,
`node_of`, Parameters, from its `Emitter`), the interpretation of one function call (frames,
argument binding) and the dispatch into the lowering rules. How each construct is lowered is a
rule of `infer.lowering` (`STATEMENT_RULES` / `EXPRESSION_RULES`, keyed by gast node type, one
module per family; calls by the kind of their callee, `lowering.callees.CALLEE_KINDS`). A kind
without a rule is an unsupported-syntax error naming the construct and the line (or, at LAX
level, the policy's `on_unsupported`: an interpret node).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from types import FunctionType
from typing import Any

import gast  # type: ignore[import-untyped]

from ..common.context import active_tracer, context
from ..common.errors import (
    GraphcError,
    GraphcSyntaxError,
    GraphcTypeError,
    GraphcValueError,
    SourceLocation,
    with_trace,
)
from ..common.internal import internal_error, is_internal
from ..common.parameter import Parameter as Weight
from ..ir import node as ir
from ..ir.graph import FuncGraph
from ..ops.primitive import PrimitiveDef
from ..parser.resolve import MISSING
from ..parser.source import load_source
from .emitter import Emitter
from .guards import ContentGuard, Guard, content_snapshot, is_guardable, read_cell
from .lowering import EXPRESSION_RULES, STATEMENT_RULES, callees, exits, operators
from .lowering.callees import CALLEE_KINDS
from .policy import Policy, StrictPolicy
from .python_objects import CONTENT_GUARDED, INTERPRETABLE_EXPRESSIONS
from .support import DEBUG, Frame, InterpretedFunction, is_graph_value
from .values import GraphAny, GraphScalar, GraphTensor


class GraphBuilder:
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
                 policy: Callable[[GraphBuilder], Policy] = StrictPolicy,
                 emitter: Emitter | None = None) -> None:
        # The IR-building state (graphs, location, effects, Parameters) is the emitter's; the
        # builder walks the source around it. (Given an emitter, it builds into that one's
        # current graph: PIJit's, for a @jit function called from captured code.)
        self.emitter = emitter = Emitter(name) if emitter is None else emitter
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
        except exits.Halted:  # the graph raises before it returns
            return None
        finally:
            active_tracer.reset(token)

    def build_call(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Build the graph of the call `func(*args, **kwargs)` as user code would make it (for
        framework callables such as a gradient function)."""
        token = active_tracer.set(self)
        try:
            return self.call(func, args, kwargs)
        except exits.Halted:  # the graph raises before it returns
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
        raise (exits.Halted() if halt else exits.Raised()) from None

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
            self.guards.append(ContentGuard(what, *args, snapshot=snapshot))  # type: ignore[misc]

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
            self.bind_arguments(frame, fn, args, kwargs)
            tree = source.tree
            if isinstance(tree, gast.Lambda):
                return self.eval(frame, tree.body)
            frame.global_names.update(source.analysis.of(tree).globals)
            try:
                self.exec_block(frame, tree.body)
                if exits.RETURNED in frame.env:  # a loop returned at run time, and the body ended
                    exits.guard_rest(self, frame, [gast.Return(value=None)])
            except exits.ReturnSignal as ret:
                return ret.value
            return None
        finally:
            self.depth -= 1

    def bind_arguments(self, frame: Frame, fn: Any, args: tuple[Any, ...],
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

    # ---- dispatch into the lowering rules
    # A block of statements: `lowering.exits.run_block` (a statement after an exit taken at run
    # time runs only where the exit did not happen). The rule functions below are the builder's
    # methods by assignment, which costs no call of its own.
    exec_block = exits.run_block
    emit_print = callees.call_print  # print(*args, **kwargs) as a node, run in program order
    # `left and/or right` on values whose truth is known only at run time (the policy's
    # answers for such operands): `select` on Tensors, or a switch
    variable_boolop = operators.variable_boolop
    boolop_switch = operators.boolop_switch

    def exec_stmt(self, frame: Frame, stmt: Any) -> None:
        """Interpret one statement by its rule (`lowering.STATEMENT_RULES`)."""
        rule = STATEMENT_RULES.get(type(stmt))
        previous = self.loc
        self.loc = frame.source.location(stmt)
        try:
            with self.locating():
                if rule is None:
                    raise GraphcSyntaxError(f"Unsupported statement '{type(stmt).__name__}'.",
                                            self.loc)
                self.policy.run_statement(frame, stmt, functools.partial(rule, self))
        finally:
            self.loc = previous

    def eval(self, frame: Frame, node: Any) -> Any:
        """The value of an expression, by its rule (`lowering.EXPRESSION_RULES`)."""
        rule = EXPRESSION_RULES.get(type(node))
        if rule is None:
            error = GraphcSyntaxError(f"Unsupported expression '{type(node).__name__}'.",
                                      frame.source.location(node))
            if type(node).__name__ not in INTERPRETABLE_EXPRESSIONS:
                raise error
            return self.policy.on_unsupported(error, lambda: self.policy.interpret_expression(
                frame, node, f"uses a {type(node).__name__} expression, which the graph has no "
                "node for: runs in Python"))
        return rule(self, frame, node)

    def call(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """A call found in user code, by the kind of its callee (`lowering.callees`): inline
        user functions, run framework and constant calls, record `print` as a side effect."""
        for kind in CALLEE_KINDS:
            if (kind.types is None or isinstance(func, kind.types)) and \
                    (kind.claims is None or kind.claims(func)):
                return kind.call(self, func, args, kwargs)
        raise AssertionError("the last callee kind claims every callee")  # pragma: no cover

    @contextmanager
    def locating(self) -> Iterator[None]:
        """Errors raised inside get the current user line (and the call trace) attached."""
        try:
            yield
        except (exits.ReturnSignal, exits.BreakSignal, exits.ContinueSignal, exits.Raised,
                exits.Halted, RecursionError):
            raise  # (a RecursionError: jit compiles again on a deeper stack)
        except GraphcError as exc:
            strict = self.policy.strict_error(exc)
            if strict is not None:  # STRICT's refusal, with MindSpore's type
                strict.location = exc.location or self.loc
                strict.trace = [loc for loc in self.call_stack if loc.line] + [strict.location]
                raise strict from None
            if exc.location is None:
                exc.location = self.loc
            if not exc.trace:
                exc.trace = [loc for loc in self.call_stack if loc.line] + [exc.location]
            raise
        except Exception as exc:
            if is_internal(exc):
                raise internal_error(exc, f"compiling '{self.root.name}'",
                                     self.call_stack + [self.loc]) from exc
            if DEBUG:
                raise
            located = with_trace(exc, self.call_stack + [self.loc])
            if not self.attempts and (self.variable_depth or self.effects):
                # the user's error, found while compiling, after run-time effects or under a
                # run-time condition: raised when the graph reaches it, as Python does (LAX)
                self.policy.deferred_raise(type(located), located.args,
                                           halt=not self.variable_depth)
            raise located from None

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
            return self.policy.interpret(bool, (value,), {}, "tests the truth of a value "
                                         "computed by Python: runs in Python", pytype=bool)
        return bool(value)


__all__ = ["GraphBuilder", "InterpretedFunction", "is_graph_value"]
