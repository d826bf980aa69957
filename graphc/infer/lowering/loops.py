"""Lowering of `for` and `while`: unrolled while the trip count is a constant (with the
break/continue/return flags of `exits` where an exit depends on run-time values), rolled into
a real loop (`rolled_loops`) for a run-time condition or range, a long constant range, or a
loop over a value only Python knows; `for/while ... else` is the policy's."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import gast  # type: ignore[import-untyped]

from ...common.errors import GraphcSyntaxError, GraphcTypeError
from ..support import (
    UNROLL_LIMIT,
    AssignValue,
    Frame,
    RuntimeRange,
    is_graph_value,
    without_else,
)
from ..values import GraphAny, GraphTensor
from . import assignment, exits, rolled_loops
from .rules import statement_rule

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


def refuse_loop_else(b: GraphBuilder, frame: Frame, stmt: Any, keyword: str) -> None:
    """A loop with an `else`: STRICT refuses it, as MindSpore; LAX runs it without the
    `else` (the policy's answer)."""
    b.policy.on_unsupported(GraphcSyntaxError(
        f"The '{keyword}...else...' statement is not supported now.", b.loc),
        lambda: b.exec_block(frame, without_else(stmt)))


@statement_rule(gast.While)
def stmt_while(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    if stmt.orelse:
        refuse_loop_else(b, frame, stmt, "while")
        return
    exits.run_unrolled(b, frame, lambda: while_iterations(b, frame, stmt))


def while_iterations(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    iterations = 0
    tried_rolling = False
    while True:
        cond = b.truth(b.eval(frame, stmt.test))
        if not isinstance(cond, bool):
            # the rest of the iterations run as a real loop; a break flag already set at
            # run time is carried into it
            rolled_loops.rolled_loop(b, frame, stmt, lambda f: b.eval(f, stmt.test), stmt.body,
                                     None)
            return
        if not cond:
            return
        iterations += 1
        # Roll the rest into a real loop once it is long, or as soon as a break is decided
        # at run time (the constant condition cannot end the unrolling then).
        broke_at_run_time = is_graph_value(exits.break_flag(frame))
        if (iterations == UNROLL_LIMIT + 1 or (broke_at_run_time and not tried_rolling)) \
                and try_rolling(b, frame, stmt):
            return
        tried_rolling = tried_rolling or broke_at_run_time
        if iterations > 4 * UNROLL_LIMIT:
            message = (f"a while loop with a constant condition ran {iterations} iterations "
                       "while compiling and cannot be made a real loop; does it end? Make its "
                       "condition depend on Tensors, or loop over a range.")
            if (b.variable_depth or b.effects) and not b.attempts:
                # under a run-time condition the loop runs only where the branch is taken, and
                # after run-time effects (a raise under a Tensor condition in the body) only
                # where they let it go on (PyNative would never end there): the graph raises
                # if it gets there (LAX)
                b.policy.deferred_raise(RuntimeError, (message,), halt=not b.variable_depth)
            raise GraphcSyntaxError(message, b.loc)
        if not exits.unrolled_iteration(b, frame, stmt.body):
            return


@statement_rule(gast.For)
def stmt_for(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    if stmt.orelse:
        refuse_loop_else(b, frame, stmt, "for")
        return
    iterable = b.eval(frame, stmt.iter)
    if isinstance(iterable, range) and len(iterable) > UNROLL_LIMIT and \
            try_rolling_range(b, frame, stmt, iterable):
        return
    if isinstance(iterable, RuntimeRange):
        rolled_range(b, frame, stmt, iterable.start, iterable.stop, iterable.step)
        return
    if isinstance(iterable, GraphAny):
        for_over_any(b, frame, stmt, iterable)
        return
    if isinstance(iterable, GraphTensor) and iterable.ndim and iterable.shape[0] is None:
        raise GraphcSyntaxError("a for loop over a Tensor with a dynamic first dimension is "
                                "not supported", b.loc)
    try:
        items = iter(iterable)
    except TypeError:
        raise GraphcTypeError(f"'{type(iterable).__name__}' object is not iterable",
                              b.loc) from None
    exits.run_unrolled(b, frame, lambda: for_iterations(b, frame, stmt, items))


def for_iterations(b: GraphBuilder, frame: Frame, stmt: Any, items: Iterator[Any]) -> None:
    brk = exits.flag_names(frame.flag_loops + 1)[0]
    for item in items:
        if frame.env.get(brk, False) is False:  # (no break yet, at compile or run time)
            assignment.assign(b, frame, stmt.target, item)
            body = stmt.body
        else:  # the loop variable too keeps its value where the loop broke
            body = [AssignValue(stmt.target, item)] + list(stmt.body)
        if not exits.unrolled_iteration(b, frame, body):
            return


def for_over_any(b: GraphBuilder, frame: Frame, stmt: Any, iterable: GraphAny) -> None:
    """`for target in value` over a value only Python knows: its items are listed at run
    time and the loop runs over their indices."""
    policy = b.policy
    items = policy.interpret(list, (iterable,), {}, "iterates over a value computed by "
                             "Python: runs in Python", effect=True)
    count = policy.interpret(len, (items,), {}, "counts the items of a value computed "
                             "by Python", effect=True, pytype=int)

    def item(index: Any) -> Any:
        return policy.interpret(operator.getitem, (items, index), {}, "takes an item of "
                                "a value computed by Python", effect=True)
    rolled_range(b, frame, stmt, 0, count, 1, item)


def try_rolling_range(b: GraphBuilder, frame: Frame, stmt: Any, iterable: range) -> bool:
    """A long constant range as a real loop; False (nothing changed) when its body needs the
    counter as a constant or does what a real loop cannot — it is then unrolled."""
    return attempt(b, frame, lambda: rolled_range(b, frame, stmt, iterable.start,
                                                  iterable.stop, iterable.step))


def try_rolling(b: GraphBuilder, frame: Frame, stmt: Any) -> bool:
    """Finish a long constant-condition while loop as a real loop, its carried constants
    becoming run-time values. False (nothing changed) when the loop cannot be rolled."""
    return attempt(b, frame, lambda: rolled_loops.rolled_loop(
        b, frame, stmt, lambda f: b.eval(f, stmt.test), stmt.body, None))


def attempt(b: GraphBuilder, frame: Frame, build: Callable[[], None]) -> bool:
    """Run `build`; if it raises a compile error, or the user's own exception (which the
    form tried cannot raise where Python does: unrolled, it becomes a run-time raise), undo
    what it did to the frame and the graph and return False."""
    restore = b.rollback_point(frame)
    b.attempts += 1  # errors must reach here, not become run-time raises
    try:
        build()
        return True
    except (*exits.SIGNALS, RecursionError):
        raise
    except Exception:  # a GraphcError, or the user's exception
        restore()
        return False
    finally:
        b.attempts -= 1


def rolled_range(b: GraphBuilder, frame: Frame, stmt: Any, start: Any, stop: Any, step: Any,
                 item: Callable[[Any], Any] | None = None) -> None:
    """`for target in range(start, stop, step)` as a real loop with a run-time counter
    (the target is `item(counter)` when given)."""
    if not isinstance(step, int) or step == 0:
        raise GraphcSyntaxError("a for loop over range() with a run-time bound needs a "
                                "constant, non-zero step", b.loc)
    counter = f"__graphc_range_counter_{id(stmt)}"  # one per loop: loops nest
    frame.env[counter] = start

    def cond(f: Frame) -> Any:
        c = f.env[counter]
        return c < stop if step > 0 else c > stop

    def body(f: Frame) -> None:
        index = f.env[counter]
        assignment.assign(b, f, stmt.target, index if item is None else item(index))
        try:
            b.exec_block(f, stmt.body)
        except exits.ContinueSignal:  # a `continue` the body always reaches: on to the next index
            pass
        f.env[counter] = f.env[counter] + step

    stores = frame.source.analysis.of(stmt.target).stores
    rolled_loops.rolled_loop(b, frame, stmt, cond, None, body,
                             extra_assigned={counter} | stores)
    frame.env.pop(counter, None)
