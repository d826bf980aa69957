"""The specialiser's statements: blocks, the located-error wrapper, `# @jit.typing` statements,
assignment forms, `raise`/`assert`, and conditions.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import gast

from ..common.errors import (
    GraphcError,
    GraphcStrictTypeError,
    GraphcSyntaxError,
    GraphcTypeError,
    GraphcValueError,
    with_trace,
)
from ..common.internal import internal_error, is_internal
from ..common.parameter import Parameter as Weight
from ..ir import node as ir
from .python_objects import raise_exception
from .support import (
    _BINOPS,
    _DEBUG,
    _INPLACE_OPS,
    _RETURN_VALUE,
    _RETURNED,
    Frame,
    InterpretedFunction,
    _as_load,
    _Block,
    _Break,
    _contains_graph_value,
    _Continue,
    _flag_names,
    _Halted,
    _Raised,
    _Return,
    _ReturnValue,
)
from .values import (
    GraphAny,
    GraphScalar,
    GraphTensor,
)


class StatementsMixin:
    """Methods of `GraphBuilder` (see `specialize.py`)."""

    def exec_block(self, frame: Frame, stmts: list[Any]) -> None:
        if any(isinstance(s, (gast.For, gast.While)) and s.orelse for s in stmts):
            stmts = self.policy.expand_loop_else(stmts)
        for i, stmt in enumerate(stmts):
            if isinstance(stmt, gast.If):
                cond = self._condition(frame, stmt)
                if isinstance(cond, bool):
                    # The taken branch joins this block, so a return under a run-time
                    # condition inside it still sees the rest of the function.
                    self.exec_block(frame, list(stmt.body if cond else stmt.orelse) +
                                    list(stmts[i + 1:]))
                    return
                exits = frame.source.analysis.of(stmt).returns_here
                if exits and frame.loop_depth and frame.flag_loops == frame.loop_depth:
                    # a return inside unrolled loops: a flag and a value, joined like variables
                    # (when no branch returned after all, e.g. under a constant condition,
                    # no flag is set and the rest runs as it is)
                    self._run_if(frame, stmt, cond)
                    if self._guard_rest(frame, stmts[i + 1:]):
                        return
                    continue
                if exits:
                    if frame.loop_depth:
                        raise GraphcSyntaxError(
                            "return under a condition computed from Tensors inside a loop is "
                            "not supported yet; keep a result variable and return after the "
                            "loop", frame.source.location(stmt))
                    self._if_with_exit(frame, stmt, cond, stmts[i + 1:])
                    return
                self._run_if(frame, stmt, cond)
                if self._guard_rest(frame, stmts[i + 1:], stmt):
                    return
                continue
            self.exec_stmt(frame, stmt)
            if isinstance(stmt, (gast.For, gast.While)) and \
                    self._guard_rest(frame, stmts[i + 1:], stmt):
                return

    def _guard_rest(self, frame: Frame, rest: list[Any], after: Any = None) -> bool:
        """After a break/continue/return under a run-time condition, run `rest` only where it
        did not happen. True when `rest` was handled here. `after` is the statement that ran
        last: one without a `return` cannot have set the return flag, which is then the one
        an enclosing real loop carries (and guards the code around this block with)."""
        if not frame.flag_loops and after is not None and \
                not frame.source.analysis.of(after).returns:
            return False
        if frame.flag_loops:
            self._returned_breaks(frame)
            guard = self._loop_guard(frame)
            if guard is None or not rest:
                return False
            if guard is False:  # the iteration surely ended before `rest`
                return True
            self._run_if(frame, _Block(list(rest)), guard)
            return True
        returned = frame.env.get(_RETURNED, False)
        if returned is False:
            return False
        keep_going = self.emit_scalar(ir.SCALAR_OP, (returned,), {"op": operator.not_}, bool) \
            if isinstance(returned, GraphScalar) else self._not_tensor(returned)
        if self.branch_depth:
            # in a branch of a run-time `if`: the flag and value join with the other branch;
            # the rest of the branch runs where no loop returned
            if rest:
                self._run_if(frame, _Block(list(rest)), keep_going)
            return True
        # at function level: the rest of the function runs where no loop returned
        value = frame.env[_RETURN_VALUE]
        for key in (_RETURNED, _RETURN_VALUE):
            frame.env.pop(key)
        self._if_with_exit(frame, _Block(list(rest), [_ReturnValue(value)]), keep_going, [])
        return True

    def _returned_breaks(self, frame: Frame) -> None:
        """A return at run time (a real loop's flag) inside unrolled loops breaks them all:
        each enclosing loop's break flag also holds where it returned."""
        returned = frame.env.get(_RETURNED, False)
        if not isinstance(returned, GraphScalar):
            return
        for level in range(1, frame.flag_loops + 1):
            brk = _flag_names(level)[0]
            broke = frame.env.get(brk, False)
            if broke is True or broke is returned or not isinstance(broke, (bool, GraphScalar)):
                continue
            frame.env[brk] = returned if broke is False else self.emit_scalar(
                ir.SCALAR_OP, (broke, returned), {"op": operator.or_}, bool)

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
                self.policy.run_statement(frame, stmt, method)
        finally:
            self.loc = previous

    @contextmanager
    def _locating(self) -> Iterator[None]:
        """Errors raised inside get the current user line (and the call trace) attached."""
        try:
            yield
        except (_Return, _Break, _Continue, _Raised, _Halted, RecursionError):
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
            if _DEBUG:
                raise
            located = with_trace(exc, self.call_stack + [self.loc])
            if not self.attempts and (self.variable_depth or self.effects):
                # the user's error, found while compiling, after run-time effects or under a
                # run-time condition: raised when the graph reaches it, as Python does (LAX)
                self.policy.deferred_raise(type(located), located.args,
                                           halt=not self.variable_depth)
            raise located from None

    def _stmt_Expr(self, frame: Frame, stmt: Any) -> None:
        self.eval(frame, stmt.value)

    def _stmt_Pass(self, frame: Frame, stmt: Any) -> None:
        pass

    def _stmt_Global(self, frame: Frame, stmt: Any) -> None:
        frame.global_names.update(stmt.names)

    def _stmt_Return(self, frame: Frame, stmt: Any) -> None:
        value = None if stmt.value is None else self.policy.typed(self.eval(frame, stmt.value))
        if self.depth == 1:
            self.policy.check_output(value)
        raise _Return(value)

    def _stmt_Break(self, frame: Frame, stmt: Any) -> None:
        raise _Break()

    def _stmt_Continue(self, frame: Frame, stmt: Any) -> None:
        raise _Continue()

    def _stmt_Assign(self, frame: Frame, stmt: Any) -> None:
        value = self.policy.typed(self.eval(frame, stmt.value))
        for target in stmt.targets:
            self.assign(frame, target, value)

    def _stmt_AugAssign(self, frame: Frame, stmt: Any) -> None:
        target = stmt.target
        current = self.eval(frame, _as_load(target))
        value = self.eval(frame, stmt.value)
        if isinstance(current, GraphAny):
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
        inner = frame.source.inner(stmt, f"{frame.source.qualname}.<locals>.{stmt.name}")
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
        # a run-time condition: `if test: pass else: raise AssertionError(msg)`, in the graph
        call = gast.Call(func=gast.Name(id="AssertionError", ctx=gast.Load(), annotation=None,
                                        type_comment=None),
                         args=[] if stmt.msg is None else [stmt.msg], keywords=[])
        failure = gast.Raise(exc=call, cause=None)
        for node in (call, call.func, failure):
            gast.copy_location(node, stmt)
        self._run_if(frame, gast.If(test=stmt.test, body=[], orelse=[failure]), truth)

    def _stmt_With(self, frame: Frame, stmt: Any) -> None:
        """`with m as v: body`: `__enter__` and `__exit__` of jit_class objects (and, at LAX,
        plain objects) are inlined around the body as Python runs them; an exception the body
        raises while the graph is built reaches `__exit__`, which may suppress it."""
        if not stmt.items:
            self.exec_block(frame, stmt.body)
            return
        item, rest = stmt.items[0], stmt.items[1:]
        manager = self.eval(frame, item.context_expr)
        kind = type(manager)
        if not hasattr(kind, "__enter__") or not hasattr(kind, "__exit__"):
            raise GraphcTypeError(f"'{kind.__name__}' object does not support the context "
                                  "manager protocol", self.loc)
        if not getattr(kind, "__ms_class__", False):
            self.policy.on_unsupported(GraphcStrictTypeError(
                f"In JIT strict mode, 'with' only supports jit_class instances, but got a "
                f"{kind.__name__} object. Make its class a jit_class, or use "
                "jit_syntax_level=LAX (the default) to run it as Python does.", self.loc),
                _nothing)
        exit_ = kind.__exit__.__get__(manager)
        value = self.call(kind.__enter__.__get__(manager), (), {})
        if item.optional_vars is not None:
            self.assign(frame, item.optional_vars, value)
        inner = gast.With(items=rest, body=stmt.body, type_comment=None) if rest else None
        # (the run-time effects so far are counted again after the body: a `raise` in the body
        # is then raised here, where __exit__ sees it, and raised at run time after __exit__)
        effects, self.effects = self.effects, 0
        try:
            if inner is not None:
                self._stmt_With(frame, inner)
            else:
                self.exec_block(frame, stmt.body)
        except (_Return, _Break, _Continue):
            self.effects += effects
            self.call(exit_, (None, None, None), {})
            raise
        except (GraphcSyntaxError, _Raised, _Halted, RecursionError):
            self.effects += effects
            raise
        except Exception as exc:  # the user's exception, raised where the graph is built
            self.effects += effects
            if is_internal(exc):
                raise
            # (the type Python raised: a located ValueError is graphc's subclass of it)
            raised = next(c for c in type(exc).__mro__ if not issubclass(c, GraphcError))
            suppress = self.truth(self.call(exit_, (raised, exc, exc.__traceback__), {}))
            if not isinstance(suppress, bool):
                raise GraphcSyntaxError("__exit__ decides whether to suppress an exception "
                                        "from a value computed in the graph, which the graph "
                                        "cannot express: return a constant", self.loc) from exc
            if not suppress:
                if not self.attempts and self.effects:
                    # after run-time effects (__exit__'s too): raised when the graph runs
                    self.policy.deferred_raise(type(exc), exc.args, halt=True)
                raise
            return
        self.effects += effects
        self.call(exit_, (None, None, None), {})

    def _stmt_Raise(self, frame: Frame, stmt: Any) -> None:
        exc = self.eval(frame, stmt.exc) if stmt.exc is not None else RuntimeError()
        if isinstance(exc, GraphAny):  # an exception built by Python at run time
            self.policy.interpret(raise_exception, (exc,), {}, "raises an exception built from "
                                  "values computed in the graph: raised in Python at run time",
                                  effect=True)
            if self.variable_depth:
                raise _Raised()
            raise _Return(None)  # unreachable at run time: the node raises
        if isinstance(exc, type) and issubclass(exc, BaseException):
            exc = exc()
        if not isinstance(exc, BaseException):
            raise GraphcTypeError("exceptions must derive from BaseException", self.loc)
        if _contains_graph_value(exc.args) and self.policy.raise_in_python(exc):
            if self.variable_depth:
                raise _Raised()
            raise _Return(None)  # unreachable at run time: the node raises
        if self.variable_depth:
            if _contains_graph_value(exc.args):
                raise GraphcSyntaxError("an exception raised under a run-time condition must "
                                        "have constant arguments", self.loc)
            self.emit_effect(ir.RAISE, (), {"type": type(exc), "args": exc.args})
            raise _Raised()
        if self.effects:
            # run-time effects (Python calls, prints, global writes) come first: raise after
            # them, when the graph runs, as Python does (LAX)
            self.policy.deferred_raise(type(exc), exc.args, halt=True)
        raise exc

    def _stmt_If(self, frame: Frame, stmt: Any) -> None:
        self._run_if(frame, stmt, self._condition(frame, stmt))

    def _stmt__AssignValue(self, frame: Frame, stmt: Any) -> None:
        self.assign(frame, stmt.target, stmt.value)

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
            return self.policy.interpret(bool, (value,), {}, "tests the truth of a value "
                                         "computed by Python: runs in Python", pytype=bool)
        return bool(value)


def _nothing() -> None:
    """What LAX does instead of STRICT's refusal of a construct: nothing (it goes on)."""
