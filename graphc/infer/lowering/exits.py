"""Leaving a block early: `break`, `continue`, `return` and the flags that carry them.

The interpreter carries an exit taken while the graph is built as a signal
(`ReturnSignal`, `BreakSignal`, `ContinueSignal`; `Raised`/`Halted` for a `raise`). An exit
under a run-time condition cannot be a Python exception: it becomes a flag, a pseudo-variable
no Python name can clash with (`flag_names(level)` for the loop at nesting `level`, `RETURNED`
and `RETURN_VALUE` for a return), which branches join like any variable. This module holds all
of that: the signals, the flags, the block runner that runs the statements after a run-time
exit only where it did not happen (`run_block`, `guard_rest`, `loop_guard`), the flags of an
unrolled loop (`run_unrolled`, `unrolled_iteration`, `break_flag`) and of a rolled one
(`rolled_loop_flags`, `not_broken`), what a caught signal sets (`record_return`,
`record_jump`), and a run-time `if` that returns (`if_with_exit`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import gast  # type: ignore[import-untyped]

from ...common.context import active_tapes
from ...common.errors import GraphcSyntaxError
from ...ir import node as ir
from ...ir.graph import FuncGraph
from ...parser.resolve import MISSING
from ..abstract import AbstractTuple
from ..emitter import NEVER
from ..support import Block, Frame, ReturnValue, copy_containers
from ..values import (
    GraphScalar,
    GraphTensor,
    tensor_to_scalar,
)
from . import branches, rolled_loops
from .rules import statement_rule

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


class ReturnSignal(Exception):  # noqa: N818  (control flow, not an error)
    def __init__(self, value: Any) -> None:
        self.value = value


class BreakSignal(Exception):  # noqa: N818
    pass


class ContinueSignal(Exception):  # noqa: N818
    pass


class Raised(Exception):  # noqa: N818
    """A `raise` reached under a run-time condition: the branch ends there at run time."""


class Halted(Exception):  # noqa: N818
    """A `raise` reached on every path after run-time effects: the graph raises there when it
    runs, and nothing after it (in this function or its callers) is built."""


SIGNALS = (ReturnSignal, BreakSignal, ContinueSignal, Raised, Halted)
"""The exceptions that steer building (not errors): they pass through every handler."""


def flag_names(level: int) -> tuple[str, str]:
    """Pseudo-variables (no Python name can clash) for the break/continue flags of the loop at
    nesting `level`; branches join them like variables."""
    return f"\0break{level}", f"\0continue{level}"


RETURNED = "\0returned"  # pseudo-variables: did a loop return at run time, and what


RETURN_VALUE = "\0return_value"


def _and_not(a: Any, b: Any) -> bool:
    return bool(a) and not b


def run_block(b: GraphBuilder, frame: Frame, stmts: list[Any]) -> None:
    if any(isinstance(s, (gast.For, gast.While)) and s.orelse for s in stmts):
        stmts = b.policy.expand_loop_else(stmts)
    for i, stmt in enumerate(stmts):
        if isinstance(stmt, gast.If):
            cond = branches.condition(b, frame, stmt)
            if isinstance(cond, bool):
                # The taken branch joins this block, so a return under a run-time
                # condition inside it still sees the rest of the function.
                b.exec_block(frame, list(stmt.body if cond else stmt.orelse) +
                             list(stmts[i + 1:]))
                return
            returns = frame.source.analysis.of(stmt).returns_here
            if returns and frame.loop_depth and frame.flag_loops == frame.loop_depth:
                # a return inside unrolled loops: a flag and a value, joined like variables
                # (when no branch returned after all, e.g. under a constant condition,
                # no flag is set and the rest runs as it is)
                branches.run_if(b, frame, stmt, cond)
                if guard_rest(b, frame, stmts[i + 1:]):
                    return
                continue
            if returns:
                if frame.loop_depth:
                    raise GraphcSyntaxError(
                        "return under a condition computed from Tensors inside a loop is "
                        "not supported yet; keep a result variable and return after the "
                        "loop", frame.source.location(stmt))
                if_with_exit(b, frame, stmt, cond, stmts[i + 1:])
                return
            branches.run_if(b, frame, stmt, cond)
            if guard_rest(b, frame, stmts[i + 1:], stmt):
                return
            continue
        b.exec_stmt(frame, stmt)
        if isinstance(stmt, (gast.For, gast.While)) and \
                guard_rest(b, frame, stmts[i + 1:], stmt):
            return


def guard_rest(b: GraphBuilder, frame: Frame, rest: list[Any], after: Any = None) -> bool:
    """After a break/continue/return under a run-time condition, run `rest` only where it
    did not happen. True when `rest` was handled here. `after` is the statement that ran
    last: one without a `return` cannot have set the return flag, which is then the one
    an enclosing real loop carries (and guards the code around this block with)."""
    if not frame.flag_loops and after is not None and \
            not frame.source.analysis.of(after).returns:
        return False
    if frame.flag_loops:
        returned_breaks(b, frame)
        guard = loop_guard(b, frame)
        if guard is None or not rest:
            return False
        if guard is False:  # the iteration surely ended before `rest`
            return True
        branches.run_if(b, frame, Block(list(rest)), guard)
        return True
    returned = frame.env.get(RETURNED, False)
    if returned is False:
        return False
    keep_going = b.emit_scalar(ir.SCALAR_OP, (returned,), {"op": operator.not_}, bool) \
        if isinstance(returned, GraphScalar) else not_tensor(b, returned)
    if b.branch_depth:
        # in a branch of a run-time `if`: the flag and value join with the other branch;
        # the rest of the branch runs where no loop returned
        if rest:
            branches.run_if(b, frame, Block(list(rest)), keep_going)
        return True
    # at function level: the rest of the function runs where no loop returned
    value = frame.env[RETURN_VALUE]
    for key in (RETURNED, RETURN_VALUE):
        frame.env.pop(key)
    if_with_exit(b, frame, Block(list(rest), [ReturnValue(value)]), keep_going, [])
    return True


def returned_breaks(b: GraphBuilder, frame: Frame) -> None:
    """A return at run time (a real loop's flag) inside unrolled loops breaks them all:
    each enclosing loop's break flag also holds where it returned."""
    returned = frame.env.get(RETURNED, False)
    if not isinstance(returned, GraphScalar):
        return
    for level in range(1, frame.flag_loops + 1):
        brk = flag_names(level)[0]
        broke = frame.env.get(brk, False)
        if broke is True or broke is returned or not isinstance(broke, (bool, GraphScalar)):
            continue
        frame.env[brk] = returned if broke is False else b.emit_scalar(
            ir.SCALAR_OP, (broke, returned), {"op": operator.or_}, bool)


def not_tensor(b: GraphBuilder, value: Any) -> Any:
    from ...ops import math_ops
    return math_ops.logical_not(value)


@statement_rule(ReturnValue)
def stmt_return_value(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    raise ReturnSignal(stmt.value)


@statement_rule(gast.Return)
def stmt_return(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    value = None if stmt.value is None else b.policy.typed(b.eval(frame, stmt.value))
    if b.depth == 1:
        b.policy.check_output(value)
    raise ReturnSignal(value)


@statement_rule(gast.Break)
def stmt_break(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    raise BreakSignal()


@statement_rule(gast.Continue)
def stmt_continue(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    raise ContinueSignal()


def loop_guard(b: GraphBuilder, frame: Frame) -> Any:
    """`not (broke or continued)` for the innermost flagged loop, None if neither flag
    is set, False if one surely is (every path left the iteration: by a break, continue
    or return under a run-time condition, or a raise on the other side)."""
    brk, cont = flag_names(frame.flag_loops)
    flags = [v for v in (frame.env.get(brk, False), frame.env.get(cont, False))
             if v is not False]
    if not flags:
        return None
    if any(v is True for v in flags):
        return False
    either = flags[0]
    for other in flags[1:]:
        either = b.emit_scalar(ir.SCALAR_OP, (either, other), {"op": operator.or_}, bool)
    return b.emit_scalar(ir.SCALAR_OP, (either,), {"op": operator.not_}, bool)


def run_unrolled(b: GraphBuilder, frame: Frame, run: Callable[[], None]) -> None:
    """Run a whole unrolled loop, with its break flag set up and removed afterwards."""
    brk, _ = flag_names(frame.flag_loops + 1)
    saved = frame.env.get(brk, MISSING)
    frame.env[brk] = False
    if frame.flag_loops == 0 and RETURNED not in frame.env:
        frame.env[RETURNED] = False
        frame.env[RETURN_VALUE] = NEVER
    try:
        run()
    finally:
        if saved is MISSING:
            frame.env.pop(brk, None)
        else:
            frame.env[brk] = saved
        if frame.flag_loops == 0 and frame.env.get(RETURNED, MISSING) is False:
            frame.env.pop(RETURNED, None)
            frame.env.pop(RETURN_VALUE, None)


def not_broken(b: GraphBuilder, cond: Any, broke: Any) -> Any:
    """`cond and not broke` for a rolled loop's condition, as a run-time bool."""
    if isinstance(cond, GraphTensor):
        cond = tensor_to_scalar(cond, bool)
    if broke is False:
        return cond
    return b.emit_scalar(ir.SCALAR_OP, (cond, broke), {"op": _and_not}, bool)


def pair_return_flags(b: GraphBuilder, true_env: dict[str, Any], false_env: dict[str, Any],
                      true_graph: FuncGraph, false_graph: FuncGraph) -> None:
    """A return flag set on one side only (a loop in that branch returned under a run-time
    condition) is False on the other, its return value a placeholder, so both join."""
    for env, other, other_graph in ((true_env, false_env, false_graph),
                                    (false_env, true_env, true_graph)):
        if RETURNED not in env or RETURNED in other or not other:
            continue
        if all(v is NEVER for v in other.values()):
            other[RETURNED] = other[RETURN_VALUE] = NEVER
            continue
        other[RETURNED] = False
        with b.in_graph(other_graph):
            other[RETURN_VALUE] = rolled_loops.placeholder_like(b, env[RETURN_VALUE])


def if_with_exit(b: GraphBuilder, frame: Frame, stmt: Any, cond: Any, rest: list[Any]) -> None:
    """A variable `if` that returns in a branch: each branch runs with the rest of the
    function after it, so both end in a return, and the switch gives the return value."""
    before = dict(frame.env)
    results = []
    graphs = []
    effects = b.effects
    converted = bool(active_tapes.get())  # if-converted: the gradient needs gates
    sides = (cond, branches.negated(b, cond)) if converted else (None, None)
    for body, taken in zip((stmt.body, stmt.orelse), sides):
        graph = branches.branch_graph(b, "ret")
        frame.env = copy_containers(before, b.policy.outside_graph)
        if taken is not None:
            branches.gated(b, frame.env, taken)
        saved_branch_depth, b.branch_depth = b.branch_depth, 0  # runs the rest
        with b.in_graph(graph):
            b.variable_depth += 1
            try:
                b.exec_block(frame, list(body) + list(rest))
                value = None
            except ReturnSignal as ret:
                value = ret.value
            except Raised:
                value = NEVER
            except (BreakSignal, ContinueSignal):
                raise GraphcSyntaxError("break/continue under a condition computed from "
                                        "Tensors is not supported yet", b.loc) from None
            finally:
                b.variable_depth -= 1
                b.branch_depth = saved_branch_depth
        graphs.append(graph)
        results.append(value)
    frame.env = before
    branches.check_if_conversion(b, graphs[0], effects)
    if results[0] is NEVER and results[1] is NEVER:
        b.graph.add(ir.CNode((ir.ValueNode(ir.SWITCH), b.node_of(cond),
                              ir.ValueNode(graphs[0]), ir.ValueNode(graphs[1])), {},
                             AbstractTuple(()), b.loc))
        for g in graphs:
            g.output = ir.ValueNode(())
        if b.variable_depth:
            raise Raised()
        raise ReturnSignal(None)
    (merged,) = branches.join_branches(b, cond, graphs[0], graphs[1], [results[0]], [results[1]],
                                       ["<return value>"])
    raise ReturnSignal(merged)


def unrolled_iteration(b: GraphBuilder, frame: Frame, body: list[Any]) -> bool:
    """Run one iteration of an unrolled loop's body; False when it breaks. After a break
    under a run-time condition, each later iteration runs only where none happened."""
    brk, cont = flag_names(frame.flag_loops + 1)
    broke = frame.env.get(brk, False)
    if broke is True:
        return False
    frame.loop_depth += 1
    frame.flag_loops += 1
    try:
        frame.env[cont] = False
        if broke is False:
            b.exec_block(frame, body)
        else:
            branches.run_if(b, frame, Block(list(body)), loop_guard(b, frame))
    except BreakSignal:
        return False
    except ContinueSignal:
        pass
    finally:
        frame.loop_depth -= 1
        frame.flag_loops -= 1
        frame.env.pop(cont, None)
    return True


def break_flag(frame: Frame) -> Any:
    """The break flag of the loop about to run (or running) inside the innermost flagged one:
    False, True, or a run-time bool."""
    return frame.env.get(f"\0break{frame.flag_loops + 1}", False)  # (flag_names, inline)


def record_return(frame: Frame, value: Any) -> None:
    """A return always reached in a branch or a rolled loop's body: its flag and value, and
    the break flags of the enclosing flagged loops (a return leaves them all)."""
    frame.env[RETURNED] = True
    frame.env[RETURN_VALUE] = value
    for level in range(1, frame.flag_loops + 1):
        frame.env[flag_names(level)[0]] = True


def record_jump(frame: Frame, jump: Exception) -> None:
    """A break or continue (or a raise, which leaves the loop as a break does) always reached
    in the innermost flagged loop: its flag."""
    brk, cont = flag_names(frame.flag_loops)
    frame.env[cont if isinstance(jump, ContinueSignal) else brk] = True


@dataclass(frozen=True, slots=True)
class FlaggedLoop:
    """A rolled loop's condition and body with its exit flags: the names it carries besides
    its variables, and whether a break/continue/return may happen at run time."""

    cond_fn: Callable[[Frame], Any]
    body_fn: Callable[[Frame], None] | None
    assigned: set[str]
    jumps: bool


@contextmanager
def rolled_loop_flags(b: GraphBuilder, frame: Frame, stmt: Any,
                      cond_fn: Callable[[Frame], Any], body_nodes: list[Any],
                      body_fn: Callable[[Frame], None] | None,
                      extra_assigned: set[str]) -> Iterator[FlaggedLoop]:
    """The flags of a rolled loop whose body may break, continue or return under run-time
    conditions: carried round the loop, ending it through its condition, and removed after."""
    brk, cont = flag_names(frame.flag_loops + 1)
    facts = frame.source.analysis.of(stmt)
    b.policy.before_rolled_loop(frame, facts.assigned)
    returns = facts.body_returns
    jumps = facts.body_jumps or returns
    own_return_vars = returns and RETURNED not in frame.env
    if own_return_vars:  # `return` under a run-time condition: flags, as in unrolled loops
        frame.env[RETURNED] = False
        frame.env[RETURN_VALUE] = NEVER
    if returns:
        extra_assigned = set(extra_assigned) | {RETURNED, RETURN_VALUE}
    if jumps:  # break/continue under run-time conditions: flags, as in unrolled loops
        frame.env.setdefault(brk, False)  # (set already if earlier iterations unrolled)
        extra_assigned = set(extra_assigned) | {brk}
        inner_cond, inner_body = cond_fn, body_fn

        def cond_fn(f: Frame) -> Any:
            return not_broken(b, b.truth(inner_cond(f)), f.env[brk])

        def body_fn(f: Frame) -> None:
            f.env[cont] = False
            if inner_body is not None:
                inner_body(f)
            else:
                b.exec_block(f, body_nodes)
            f.env.pop(cont, None)
    try:
        yield FlaggedLoop(cond_fn, body_fn, set(extra_assigned), bool(jumps))
    finally:
        frame.env.pop(brk, None)
        if own_return_vars and frame.env.get(RETURNED, False) is False:
            frame.env.pop(RETURNED, None)
            frame.env.pop(RETURN_VALUE, None)
