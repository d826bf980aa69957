"""The specialiser's loops: unrolled `for`/`while` (with break/continue/return flags) and rolled
loops (`while_loop` nodes with loop-carried values) for run-time trip counts.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..common.context import active_tapes
from ..common.errors import (
    GraphcError,
    GraphcSyntaxError,
    GraphcTypeError,
)
from ..common.parameter import Parameter as Weight
from ..common.tensor import Tensor
from ..ir import node as ir
from ..ir.graph import FuncGraph
from ..ops.primitive import TensorSpec
from ..parser.resolve import MISSING
from .abstract import AbstractAny, AbstractScalar, AbstractTuple, join_specs
from .pytree import TreeDef, TreeMismatch, flatten, flatten_up_to, unflatten
from .support import (
    _NEVER,
    _RETURN_VALUE,
    _RETURNED,
    _WEIGHT_KEY,
    UNROLL_LIMIT,
    Frame,
    _AssignValue,
    _Block,
    _Break,
    _Continue,
    _copy_containers,
    _flag_names,
    _graph_value,
    _Raised,
    _Return,
    _RuntimeRange,
    _same_container,
    _spec,
    is_graph_value,
    without_else,
)
from .values import (
    GraphAny,
    GraphScalar,
    GraphTensor,
    tensor_to_scalar,
)

if TYPE_CHECKING:
    from .specialize import GraphBuilder

class LoopsMixin:
    """Methods of `GraphBuilder` (see `specialize.py`)."""

    def _stmt_While(self, frame: Frame, stmt: Any) -> None:
        if stmt.orelse:  # STRICT refuses it, as MindSpore
            self.policy.on_unsupported(GraphcSyntaxError(
                "The 'while...else...' statement is not supported now.", self.loc),
                lambda: self.exec_block(frame, without_else(stmt)))
            return
        self._run_unrolled(frame, lambda: self._while_iterations(frame, stmt))

    def _while_iterations(self, frame: Frame, stmt: Any) -> None:
        iterations = 0
        tried_rolling = False
        while True:
            cond = self.truth(self.eval(frame, stmt.test))
            brk, _ = _flag_names(frame.flag_loops + 1)
            if not isinstance(cond, bool):
                # the rest of the iterations run as a real loop; a break flag already set at
                # run time is carried into it
                self._rolled_loop(frame, stmt, lambda f: self.eval(f, stmt.test), stmt.body,
                                  None)
                return
            if not cond:
                return
            iterations += 1
            # Roll the rest into a real loop once it is long, or as soon as a break is decided
            # at run time (the constant condition cannot end the unrolling then).
            broke_at_run_time = is_graph_value(frame.env.get(brk, False))
            if (iterations == UNROLL_LIMIT + 1 or (broke_at_run_time and not tried_rolling)) \
                    and self._try_rolling(frame, stmt):
                return
            tried_rolling = tried_rolling or broke_at_run_time
            if iterations > 4 * UNROLL_LIMIT:
                raise GraphcSyntaxError(
                    f"a while loop with a constant condition ran {iterations} iterations while "
                    "compiling and cannot be made a real loop; does it end? Make its condition "
                    "depend on Tensors, or loop over a range.", self.loc)
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
        """`not (broke or continued)` for the innermost flagged loop, None if neither flag
        is set, False if one surely is (every path left the iteration: by a break, continue
        or return under a run-time condition, or a raise on the other side)."""
        brk, cont = _flag_names(frame.flag_loops)
        flags = [v for v in (frame.env.get(brk, False), frame.env.get(cont, False))
                 if v is not False]
        if not flags:
            return None
        if any(v is True for v in flags):
            return False
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
        if stmt.orelse:  # STRICT refuses it, as MindSpore
            self.policy.on_unsupported(GraphcSyntaxError(
                "The 'for...else...' statement is not supported now.", self.loc),
                lambda: self.exec_block(frame, without_else(stmt)))
            return
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

    def _for_over_any(self, frame: Frame, stmt: Any, iterable: GraphAny) -> None:
        """`for target in value` over a value only Python knows: its items are listed at run
        time and the loop runs over their indices."""
        policy = self.policy
        items = policy.interpret(list, (iterable,), {}, "iterates over a value computed by "
                                 "Python: runs in Python", effect=True)
        count = policy.interpret(len, (items,), {}, "counts the items of a value computed "
                                 "by Python", effect=True, pytype=int)

        def item(index: Any) -> Any:
            return policy.interpret(operator.getitem, (items, index), {}, "takes an item of "
                                    "a value computed by Python", effect=True)
        self._rolled_range(frame, stmt, 0, count, 1, item)

    def _try_rolling_range(self, frame: Frame, stmt: Any, iterable: range) -> bool:
        """A long constant range as a real loop; False (nothing changed) when its body needs the
        counter as a constant or does what a real loop cannot — it is then unrolled."""
        return self._attempt(frame, lambda: self._rolled_range(
            frame, stmt, iterable.start, iterable.stop, iterable.step))

    def _try_rolling(self, frame: Frame, stmt: Any) -> bool:
        """Finish a long constant-condition while loop as a real loop, its carried constants
        becoming run-time values. False (nothing changed) when the loop cannot be rolled."""
        return self._attempt(frame, lambda: self._rolled_loop(
            frame, stmt, lambda f: self.eval(f, stmt.test), stmt.body, None))

    def _attempt(self, frame: Frame, build: Callable[[], None]) -> bool:
        """Run `build`; if it raises a compile error, undo what it did to the frame and the
        graph and return False."""
        restore = self.rollback_point(frame)
        self.attempts += 1  # errors must reach here, not become run-time raises
        try:
            build()
            return True
        except GraphcError:
            restore()
            return False
        finally:
            self.attempts -= 1

    def _rolled_range(self, frame: Frame, stmt: Any, start: Any, stop: Any, step: Any,
                      item: Callable[[Any], Any] | None = None) -> None:
        """`for target in range(start, stop, step)` as a real loop with a run-time counter
        (the target is `item(counter)` when given)."""
        if not isinstance(step, int) or step == 0:
            raise GraphcSyntaxError("a for loop over range() with a run-time bound needs a "
                                    "constant, non-zero step", self.loc)
        counter = f"__graphc_range_counter_{id(stmt)}"  # one per loop: loops nest
        frame.env[counter] = start

        def cond(f: Frame) -> Any:
            c = f.env[counter]
            return c < stop if step > 0 else c > stop

        def body(f: Frame) -> None:
            index = f.env[counter]
            self.assign(f, stmt.target, index if item is None else item(index))
            try:
                self.exec_block(f, stmt.body)
            except _Continue:  # a `continue` the body always reaches: on to the next index
                pass
            f.env[counter] = f.env[counter] + step

        self._rolled_loop(frame, stmt, cond, None, body,
                          extra_assigned={counter} | frame.source.analysis.of(stmt.target).stores)
        frame.env.pop(counter, None)

    def _rolled_loop(self, frame: Frame, stmt: Any, cond_fn: Callable[[Frame], Any],
                     body_stmts: list[Any] | None, body_fn: Callable[[Frame], None] | None,
                     extra_assigned: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        """A loop whose condition is only known at run time: a `while_loop` node whose cond and
        body graphs share the loop-carried parameters."""
        body_nodes = body_stmts if body_stmts is not None else stmt.body
        brk, cont = _flag_names(frame.flag_loops + 1)
        facts = frame.source.analysis.of(stmt)
        self.policy.before_rolled_loop(frame, facts.assigned)
        returns = facts.body_returns
        jumps = facts.body_jumps or returns
        own_return_vars = returns and _RETURNED not in frame.env
        if own_return_vars:  # `return` under a run-time condition: flags, as in unrolled loops
            frame.env[_RETURNED] = False
            frame.env[_RETURN_VALUE] = _NEVER
        if returns:
            extra_assigned = set(extra_assigned) | {_RETURNED, _RETURN_VALUE}
        if jumps:  # break/continue under run-time conditions: flags, as in unrolled loops
            frame.env.setdefault(brk, False)  # (set already if earlier iterations unrolled)
            extra_assigned = set(extra_assigned) | {brk}
            inner_cond, inner_body = cond_fn, body_fn

            def cond_fn(f: Frame) -> Any:
                return self._not_broken(self.truth(inner_cond(f)), f.env[brk])

            def body_fn(f: Frame) -> None:
                f.env[cont] = False
                if inner_body is not None:
                    inner_body(f)
                else:
                    self.exec_block(f, body_nodes)
                f.env.pop(cont, None)
        try:
            if active_tapes.get():  # differentiated: a stack and a reverse loop (loop_grad.py)
                self._differentiated_rolled_loop(frame, stmt, cond_fn, body_nodes, body_fn,
                                                 extra_assigned, jumps)
            else:
                self._rolled_loop_attempts(frame, stmt, cond_fn, body_nodes, body_fn,
                                           extra_assigned, jumps)
        finally:
            frame.env.pop(brk, None)
            if own_return_vars and frame.env.get(_RETURNED, False) is False:
                frame.env.pop(_RETURNED, None)
                frame.env.pop(_RETURN_VALUE, None)

    def _placeholder_like(self, value: Any) -> Any:
        """A value of `value`'s type to start a loop variable that the loop gives its first
        value (zeros for a Tensor, 0 for a number, None for a Python value)."""
        from ..ops.creation_ops import zeros
        if isinstance(value, Tensor):
            if any(d is None for d in value.shape):
                raise GraphcSyntaxError("return of a Tensor with a dynamic shape inside a loop "
                                        "whose condition is computed from Tensors is not "
                                        "supported yet", self.loc)
            return zeros(tuple(value.shape), value.dtype)
        if isinstance(value, GraphScalar):
            return value.type(0)
        if isinstance(value, GraphAny):
            return self.policy.as_any(None)
        if isinstance(value, (tuple, list)):
            return type(value)(self._placeholder_like(v) for v in value)
        return value

    def _not_broken(self, cond: Any, broke: Any) -> Any:
        """`cond and not broke` for a rolled loop's condition, as a run-time bool."""
        if isinstance(cond, GraphTensor):
            cond = tensor_to_scalar(cond, bool)
        if broke is False:
            return cond
        return self.emit_scalar(ir.SCALAR_OP, (cond, broke), {"op": _and_not}, bool)

    def _run_loop_body(self, frame: Frame, body_nodes: list[Any],
                       body_fn: Callable[[Frame], None] | None, jumps: bool) -> None:
        """Interpret one iteration of a rolled loop's body into the current graph; a break,
        continue or return it always reaches sets its flag."""
        self.variable_depth += 1
        saved_flag_loops, saved_depth = frame.flag_loops, frame.loop_depth
        if jumps:  # flagged like an unrolled loop: break/continue/return set flags
            frame.flag_loops, frame.loop_depth = saved_flag_loops + 1, saved_depth + 1
        else:
            frame.flag_loops = 0
        try:
            if body_fn is not None:
                body_fn(frame)
            else:
                self.exec_block(frame, body_nodes)
        except (_Break, _Continue, _Raised) as jump:  # always reached: the flag is set
            # (after a `raise` the loop ends as after a `break`: the exception leaves it)
            level_brk, level_cont = _flag_names(frame.flag_loops)
            frame.env[level_cont if isinstance(jump, _Continue) else level_brk] = True
        except _Return as ret:
            frame.env[_RETURNED] = True
            frame.env[_RETURN_VALUE] = ret.value
            for level in range(1, frame.flag_loops + 1):
                frame.env[_flag_names(level)[0]] = True
        finally:
            self.variable_depth -= 1
            frame.flag_loops, frame.loop_depth = saved_flag_loops, saved_depth

    def _rolled_loop_attempts(self, frame: Frame, stmt: Any, cond_fn: Callable[[Frame], Any],
                              body_nodes: list[Any], body_fn: Callable[[Frame], None] | None,
                              extra_assigned: set[str], jumps: bool,
                              on_body_start: Callable[[list[Any]], None] | None = None
                              ) -> RolledLoop:
        assigned = set(extra_assigned)
        analysis = frame.source.analysis
        for s in body_nodes:
            assigned |= analysis.of(s).assigned
        carried = [n for n in frame.env if n in assigned and n not in frame.global_names]
        for n in carried:  # an argument's or global's list changed by item stores in the
            value = frame.env[n]  # loop (LAX): the real object, changed in Python at run time
            if type(value) in (list, dict) and self.policy.outside_graph(value):
                self.policy.mutated_object(value)
                frame.env[n] = self.policy.as_any(value)
        init = [frame.env[n] for n in carried]
        weights_before = dict(self.weight_values)
        carried_weights: dict[str, Weight] = {}  # pseudo-variable -> Parameter the body assigns
        for _attempt in range(3 + len(frame.env)):
            leaves: list[Any] = []
            trees = []
            for value in init:
                value_leaves, tree = flatten(value, _is_loop_leaf, mappings=False)
                leaves += value_leaves
                trees.append(tree)
            leaf_names = [n for name, tree in zip(carried, trees) for n in tree.leaf_names(name)]
            params = [_param_for(self, leaf, n) for n, leaf in zip(leaf_names, leaves)]
            cond_graph = FuncGraph(f"{self.graph.name}_while_cond_{len(self.graph.nodes)}",
                                   parent=self.graph, loc=self.loc)
            body_graph = FuncGraph(f"{self.graph.name}_while_body_{len(self.graph.nodes)}",
                                   parent=self.graph, loc=self.loc)
            cond_graph.parameters = [p for p, _ in params]
            body_graph.parameters = cond_graph.parameters
            outer_env = dict(frame.env)
            param_values = iter([v for _, v in params])
            loop_values = [unflatten(t, param_values) for t in trees]
            frame.env = _copy_containers(outer_env, self.policy.outside_graph)
            frame.env.update(zip(carried, loop_values))
            self._enter_carried_weights(frame, carried_weights)
            with self.in_graph(cond_graph):
                cond_value = self.truth(cond_fn(frame))
                if isinstance(cond_value, bool):
                    raise GraphcSyntaxError("the loop condition became a constant inside the "
                                            "loop; make it depend on the loop's Tensors",
                                            self.loc)
                cond_graph.output = self.node_of(cond_value)
            with self.in_graph(body_graph):
                if on_body_start is not None:
                    on_body_start([p for p, _ in params])
                self._enter_carried_weights(frame, carried_weights)
                self._run_loop_body(frame, body_nodes, body_fn, jumps)
                newly_assigned = self._assigned_weights(weights_before, carried_weights)
                for name, weight in carried_weights.items():  # (an inner loop that carried
                    if id(weight) in self.weight_values:  # it too left it in weight_values)
                        frame.env[name] = self.weight_values[id(weight)]
                self.weight_values = dict(weights_before)
                changed = [name for name, old in outer_env.items()
                           if name not in carried and type(old) in (list, dict)
                           and not _same_container(old, frame.env.get(name, MISSING))]
                if changed:  # LAX: made Python objects below
                    self.policy.on_unsupported(GraphcSyntaxError(
                        f"'{changed[0]}' is modified in place inside a loop that runs a number "
                        "of times known only at run time; the graph cannot repeat that. Build "
                        "the values with Tensor ops, loop over a constant range, or use "
                        "jit_syntax_level=LAX.", self.loc), _nothing)
                new_values = [frame.env.get(n, MISSING) for n in carried]
                # a value first given inside the loop (the value a `return` leaves): start the
                # loop from a placeholder of its type, then build again
                first_given = [(i, v) for i, (t, v) in enumerate(zip(trees, new_values))
                               if t.is_const and t.value is _NEVER and v is not _NEVER]
                new_leaves: list[Any] = []
                mismatch = False
                widened = []
                as_python: list[str] = []  # LAX: carried round the loop as Python objects
                for n, t, v in zip(carried, trees, new_values):
                    if first_given:
                        break
                    if v is MISSING:
                        raise GraphcSyntaxError(f"'{n}' is deleted inside the loop", self.loc)
                    try:
                        new_leaves += carried_leaves(self, n, t, v)
                    except GraphcTypeError as exc:  # a container or constant that changes
                        self.policy.on_unsupported(exc, lambda n=n, out=as_python: out.append(n))
                if as_python:  # built again below with those names as Python objects
                    new_leaves = []
                for (_p, old), new in zip(params, new_leaves):
                    w = _widen_leaf(self, old, new)
                    if w is not None:
                        mismatch = True
                    widened.append(w if w is not None else old)
                new_leaves = [self.policy.as_any(v) if isinstance(p.abstract, AbstractAny) else v
                              for (p, _), v in zip(params, new_leaves)]
                body_graph.output = self.node_of(tuple(new_leaves)) if new_leaves else \
                    ir.ValueNode(())
            frame.env = outer_env
            if newly_assigned:  # Parameters the body assigns: carried round the loop too
                for name, weight in newly_assigned.items():
                    carried_weights[name] = weight
                    carried.append(name)
                    assigned.add(name)
                    frame.env[name] = init_value = self.weight_value(weight)
                    init.append(init_value)
                continue
            if changed or first_given or as_python:
                # LAX: each container the body changes in place, or gives another structure,
                # becomes the Python object it is in PyNative (type Any), changed at run time
                # by every iteration
                for name in changed + as_python:
                    frame.env[name] = self.policy.as_any(outer_env[name])
                for i, value in first_given:
                    frame.env[carried[i]] = self._placeholder_like(value)
                init = [frame.env[n] for n in carried]
                continue
            if not mismatch:
                break
            it_w = iter(widened)
            init = [unflatten(t, it_w) for t in trees]
        else:
            raise GraphcTypeError("the values carried round the loop do not settle to one "
                                  "type and shape", self.loc)
        init_leaves = [leaf for n, t in zip(carried, trees)
                       for leaf in carried_leaves(self, n, t, outer_env[n])]
        start_env = dict(outer_env)  # (frame.env is this dict: it gets the results below)
        init_nodes = tuple(self.node_of(_initial_leaf(self, leaf, p)) for leaf, (p, _) in
                           zip(init_leaves, params))
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
        for name, tree in zip(carried, trees):
            frame.env[name] = unflatten(tree, it)
        for name in assigned - set(carried):
            frame.env.pop(name, None)
        for name, weight in carried_weights.items():  # the Parameter's value after the loop
            self.weight_values[id(weight)] = _as_weight_value(frame.env.pop(name), weight)
        return RolledLoop(carried, trees, init_leaves, results, start_env)

    def _enter_carried_weights(self, frame: Frame, carried_weights: dict[str, Weight]) -> None:
        """Inside the loop's graphs a carried Parameter reads as its loop parameter."""
        for name, weight in carried_weights.items():
            self.weight_values[id(weight)] = _as_weight_value(frame.env[name], weight)

    def _assigned_weights(self, before: dict[int, Any],
                          carried_weights: dict[str, Weight]) -> dict[str, Weight]:
        """The Parameters the loop body just assigned that are not carried yet, by the
        pseudo-variable that carries each."""
        known = {id(w) for w in carried_weights.values()}
        out = {}
        for key, value in self.weight_values.items():
            if key not in known and value is not before.get(key):
                out[f"{_WEIGHT_KEY}{key}"] = self.weights[key][0]
        return out


@dataclass(eq=False)
class RolledLoop:
    """What building a rolled loop produced: the carried names and their structures, the
    initial and final leaf values, and the environment the loop started from."""

    carried: list[str]
    trees: list[TreeDef]
    init_leaves: list[Any]
    results: list[Any]
    outer_env: dict[str, Any]


def _nothing() -> None:
    """What LAX does instead of STRICT's refusal: nothing here (it goes on)."""


def _and_not(a: Any, b: Any) -> bool:
    return bool(a) and not b


def _is_loop_leaf(value: Any) -> bool:
    """A loop-carried value the loop's parameters carry: Tensors, numbers (which become
    run-time scalars), values only Python knows, and widened starts; tuples and lists of them
    are structure, anything else a constant."""
    return isinstance(value, (Tensor, GraphScalar, GraphAny, _Widened, _WidenedScalar,
                              _WidenedAny, int, float))


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


def carried_leaves(builder: GraphBuilder, name: str, tree: TreeDef, value: Any) -> list[Any]:
    """The leaves of `value` (the variable `name` after an iteration) at the loop's `tree`;
    the error when it no longer has the structure the loop carries."""
    try:
        return flatten_up_to(tree, value)
    except TreeMismatch as mismatch:
        if mismatch.what == "constant":
            raise GraphcTypeError(f"'{name}' changes inside a loop whose condition is computed "
                                  "from Tensors; only Tensors, numbers and tuples of them can "
                                  "be carried round such a loop", builder.loc) from None
        raise GraphcTypeError(f"'{name}' changes structure inside the loop",
                              builder.loc) from None


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


def _initial_leaf(builder: GraphBuilder, value: Any, param: ir.Parameter) -> Any:
    """The initial value fed to loop parameter `param` (converted to its type)."""
    abstract = param.abstract
    if isinstance(abstract, AbstractAny):
        return builder.policy.as_any(value)
    if isinstance(abstract, AbstractScalar) and not is_graph_value(value):
        return abstract.type(value)
    if isinstance(abstract, AbstractScalar) and isinstance(value, GraphScalar) \
            and value.type is not abstract.type:
        return builder.emit_scalar(ir.SCALAR_OP, (value,), {"op": abstract.type},
                                   abstract.type)
    return value


def _as_weight_value(value: Any, weight: Weight) -> GraphTensor:
    """`value` (a loop parameter or result) as the graph value of `weight`."""
    return GraphTensor(value.node, weight.shape, weight.dtype, weight)
