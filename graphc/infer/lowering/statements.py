"""Lowering of the remaining simple statements: expression statements, `pass`, `global`,
inner `def`, `assert`, `raise` (a raise node under a run-time condition) and `with` (the
manager's `__enter__`/`__exit__` inlined around the body)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gast  # type: ignore[import-untyped]

from ...common.errors import GraphcError, GraphcStrictTypeError, GraphcSyntaxError, GraphcTypeError
from ...common.internal import is_internal
from ...ir import node as ir
from ..python_objects import raise_exception
from ..support import (
    Frame,
    InterpretedFunction,
)
from ..values import GraphAny, contains_graph_value
from . import assignment, branches, exits
from .rules import statement_rule

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


def _nothing() -> None:
    """What LAX does instead of STRICT's refusal of a construct: nothing (it goes on)."""


@statement_rule(gast.Expr)
def stmt_expr(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    b.eval(frame, stmt.value)


@statement_rule(gast.Pass)
def stmt_pass(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    pass


@statement_rule(gast.Global)
def stmt_global(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    frame.global_names.update(stmt.names)


@statement_rule(gast.FunctionDef)
def stmt_function_def(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    if stmt.decorator_list:
        raise GraphcSyntaxError("decorators on functions defined inside a compiled function "
                                "are not supported", b.loc)
    defaults = tuple(b.eval(frame, d) for d in stmt.args.defaults)
    inner = frame.source.inner(stmt, f"{frame.source.qualname}.<locals>.{stmt.name}")
    fn = InterpretedFunction(inner, frame.fn, frame, defaults, stmt.name)
    frame.env[stmt.name] = fn


@statement_rule(gast.Assert)
def stmt_assert(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    test = b.eval(frame, stmt.test)
    truth = b.truth(test)
    if isinstance(truth, bool):
        if not truth:
            msg = b.eval(frame, stmt.msg) if stmt.msg is not None else None
            raise AssertionError(*(() if msg is None else (msg,)))
        return
    # a run-time condition: `if test: pass else: raise AssertionError(msg)`, in the graph
    call = gast.Call(func=gast.Name(id="AssertionError", ctx=gast.Load(), annotation=None,
                                    type_comment=None),
                     args=[] if stmt.msg is None else [stmt.msg], keywords=[])
    failure = gast.Raise(exc=call, cause=None)
    for node in (call, call.func, failure):
        gast.copy_location(node, stmt)
    branches.run_if(b, frame, gast.If(test=stmt.test, body=[], orelse=[failure]), truth)


@statement_rule(gast.With)
def stmt_with(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    """`with m as v: body`: `__enter__` and `__exit__` of jit_class objects (and, at LAX,
    plain objects) are inlined around the body as Python runs them; an exception the body
    raises while the graph is built reaches `__exit__`, which may suppress it."""
    if not stmt.items:
        b.exec_block(frame, stmt.body)
        return
    item, rest = stmt.items[0], stmt.items[1:]
    manager = b.eval(frame, item.context_expr)
    kind = type(manager)
    if not hasattr(kind, "__enter__") or not hasattr(kind, "__exit__"):
        raise GraphcTypeError(f"'{kind.__name__}' object does not support the context "
                              "manager protocol", b.loc)
    if not getattr(kind, "__ms_class__", False):
        b.policy.on_unsupported(GraphcStrictTypeError(
            f"In JIT strict mode, 'with' only supports jit_class instances, but got a "
            f"{kind.__name__} object. Make its class a jit_class, or use "
            "jit_syntax_level=LAX (the default) to run it as Python does.", b.loc),
            _nothing)
    exit_ = kind.__exit__.__get__(manager)
    value = b.call(kind.__enter__.__get__(manager), (), {})
    if item.optional_vars is not None:
        assignment.assign(b, frame, item.optional_vars, value)
    inner = gast.With(items=rest, body=stmt.body, type_comment=None) if rest else None
    # (the run-time effects so far are counted again after the body: a `raise` in the body
    # is then raised here, where __exit__ sees it, and raised at run time after __exit__)
    effects, b.effects = b.effects, 0
    try:
        if inner is not None:
            stmt_with(b, frame, inner)
        else:
            b.exec_block(frame, stmt.body)
    except (exits.ReturnSignal, exits.BreakSignal, exits.ContinueSignal):
        b.effects += effects
        b.call(exit_, (None, None, None), {})
        raise
    except (GraphcSyntaxError, exits.Raised, exits.Halted, RecursionError):
        b.effects += effects
        raise
    except Exception as exc:  # the user's exception, raised where the graph is built
        b.effects += effects
        if is_internal(exc):
            raise
        # (the type Python raised: a located ValueError is graphc's subclass of it)
        raised = next(c for c in type(exc).__mro__ if not issubclass(c, GraphcError))
        suppress = b.truth(b.call(exit_, (raised, exc, exc.__traceback__), {}))
        if not isinstance(suppress, bool):
            raise GraphcSyntaxError("__exit__ decides whether to suppress an exception "
                                    "from a value computed in the graph, which the graph "
                                    "cannot express: return a constant", b.loc) from exc
        if not suppress:
            if not b.attempts and b.effects:
                # after run-time effects (__exit__'s too): raised when the graph runs
                b.policy.deferred_raise(type(exc), exc.args, halt=True)
            raise
        return
    b.effects += effects
    b.call(exit_, (None, None, None), {})


@statement_rule(gast.Raise)
def stmt_raise(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    exc = b.eval(frame, stmt.exc) if stmt.exc is not None else RuntimeError()
    if isinstance(exc, GraphAny):  # an exception built by Python at run time
        b.policy.interpret(raise_exception, (exc,), {}, "raises an exception built from "
                           "values computed in the graph: raised in Python at run time",
                           effect=True)
        if b.variable_depth:
            raise exits.Raised()
        raise exits.ReturnSignal(None)  # unreachable at run time: the node raises
    if isinstance(exc, type) and issubclass(exc, BaseException):
        exc = exc()
    if not isinstance(exc, BaseException):
        raise GraphcTypeError("exceptions must derive from BaseException", b.loc)
    if contains_graph_value(exc.args) and b.policy.raise_in_python(exc):
        if b.variable_depth:
            raise exits.Raised()
        raise exits.ReturnSignal(None)  # unreachable at run time: the node raises
    if b.variable_depth:
        if contains_graph_value(exc.args):
            raise GraphcSyntaxError("an exception raised under a run-time condition must "
                                    "have constant arguments", b.loc)
        b.emit_effect(ir.RAISE, (), {"type": type(exc), "args": exc.args})
        raise exits.Raised()
    if b.effects:
        # run-time effects (Python calls, prints, global writes) come first: raise after
        # them, when the graph runs, as Python does (LAX)
        b.policy.deferred_raise(type(exc), exc.args, halt=True)
    raise exc
