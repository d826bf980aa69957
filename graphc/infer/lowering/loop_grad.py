"""Gradients through real (run-time) loops while a graph is built under an autodiff tape.

The forward loop is built as usual, with the recording tapes paused, and pushes its carried
values on a run-time stack at the start of every iteration. The whole loop is then recorded on
the tapes as one operation (`LoopOp`) whose inputs are the loop's initial Tensor values and the
outer Tensors its body reads. Its bprop builds the reverse loop: while the stack is not empty,
pop one iteration's values, rebuild that iteration's body from them under a local tape (the
forward values are recomputed, not stored), and run that tape backwards from the cotangents of
the iteration's results — which gives the cotangents of its inputs and, summed over the
iterations, of the outer Tensors. Every step uses the primitives' bprops, as elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...common.context import active_tapes
from ...common.parameter import Parameter as Weight
from ...ir import node as ir
from ...ir.effects import effects_of, makes_value
from ...ir.graph import FuncGraph, operands_deep
from ..abstract import AbstractScalar, AbstractTuple
from ..pytree import unflatten
from ..support import NotDifferentiableInGraph, copy_containers, graph_value
from ..values import (
    GraphTensor,
)
from . import (
    rolled_loops,
)

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


@dataclass(eq=False)
class LoopOp:
    """A rolled loop as one operation on an autodiff tape (it quacks like a Primitive)."""

    name: str
    num_outputs: int
    bprop: Callable[..., tuple[Any, ...]] = field(repr=False)
    effects: frozenset[str] = frozenset()


def _differentiable(t: Any) -> bool:
    return isinstance(t, GraphTensor) and t.dtype.is_float


# Effects the reverse loop leaves out when it replays the body (the forward loop had them), and
# those a differentiated loop may have: these and its own stack of values.
_REPLAY_SKIPS = frozenset({ir.Effect.IO, ir.Effect.RAISE})


_REPLAYABLE = _REPLAY_SKIPS | {ir.Effect.LOOP_STACK}


def _is_print_or_raise(node: ir.CNode) -> bool:
    effects = effects_of(node)
    return bool(effects) and effects <= _REPLAY_SKIPS and not makes_value(node)


def _only_replayable_effects(loop_node: ir.CNode) -> bool:
    """Whether the loop's only side effects are prints and raises (besides saving its values),
    which the reverse loop can leave out when it replays the body."""
    return effects_of(loop_node) <= _REPLAYABLE


def _without_prints_and_raises(nodes: list[ir.CNode]) -> list[ir.CNode]:
    """`nodes` of a replayed loop body without its prints and raises, and so the graphs they
    run (an inner loop's body, a branch: all built by the replay itself)."""
    kept = [n for n in nodes if not _is_print_or_raise(n)]
    for node in kept:
        for arg in node.args:
            if isinstance(arg, ir.ValueNode) and isinstance(arg.value, FuncGraph):
                arg.value.nodes[:] = _without_prints_and_raises(arg.value.nodes)
    return kept


def _spec_of(t: Any) -> Any:
    from ...ops.primitive import TensorSpec
    return TensorSpec(tuple(t.shape), t.dtype)


def _dtype_of(meta: Any) -> Any:
    from ...common import dtype as mstype
    return mstype.from_numpy(meta.dtype)


def differentiated_rolled_loop(b: GraphBuilder, frame: Any, stmt: Any, cond_fn: Any,
                               body_nodes: list[Any], body_fn: Any,
                               extra_assigned: set[str], jumps: bool) -> None:
    tapes = active_tapes.get()
    # where the loop stands (the flags of the loops around it, the run-time conditions): the
    # reverse loop, built later from the tape, replays the body from the same place
    nesting = (frame.flag_loops, frame.loop_depth, b.variable_depth, b.branch_depth)
    stack = b.graph.add(ir.CNode((ir.ValueNode(ir.MAKE_STACK),), {}, None, b.loc))
    effects_before = b.effects

    def push(params: list[Any]) -> None:
        b.graph.add(ir.CNode((ir.ValueNode(ir.STACK_PUSH), stack) + tuple(params), {},
                             None, b.loc))

    token = active_tapes.set(())  # the tapes see the loop as one op, not its insides
    try:
        loop = rolled_loops.rolled_loop_attempts(b, frame, stmt, cond_fn, body_nodes, body_fn,
                                                 extra_assigned, jumps, on_body_start=push)
    finally:
        active_tapes.reset(token)
    loop_node = b.graph.nodes[-1]
    while loop_node.callee is not ir.WHILE_LOOP:  # (the getitems follow the loop node)
        loop_node = b.graph.nodes[b.graph.nodes.index(loop_node) - 1]
    if b.effects != effects_before and not _only_replayable_effects(loop_node):
        raise NotDifferentiableInGraph(
            "a loop that runs a number of times known only at run time and assigns "
            "Parameters or calls Python or random ops, inside a function being "
            "differentiated, is not supported in graph mode", b.loc)
    body_graph = graph_argument(loop_node, 1)
    params = body_graph.parameters
    free = watched_free_tensors(b, tapes, loop_node)
    # every float Tensor the loop carries gets a cotangent; those that start from a graph
    # value pass it on to that value
    positions = [i for i, v in enumerate(loop.results) if _differentiable(v)]
    fed = [i for i in positions if _differentiable(loop.init_leaves[i])]
    inputs = [loop.init_leaves[i] for i in fed]
    outputs = [loop.results[i] for i in positions]
    if not outputs:
        return

    def bprop(*args: Any) -> tuple[Any, ...]:
        douts = args[-1] if len(outputs) > 1 else (args[-1],)
        cots = reverse_loop(b, frame, loop, stack, params, positions, free, douts,
                            body_nodes, body_fn, jumps, type(tapes[0]), nesting)
        by_position = dict(zip(positions, cots))
        return tuple(by_position[i] for i in fed) + tuple(cots[len(positions):])

    op = LoopOp("while_loop", len(outputs), bprop)
    for tape in tapes:
        tape.record(op, {}, tuple(inputs) + tuple(free), tuple(outputs))


def watched_free_tensors(b: GraphBuilder, tapes: tuple[Any, ...], loop_node: ir.CNode) -> list[Any]:
    """The Tensors of the enclosing graphs that the loop reads and a tape watches."""
    watched: dict[int, Any] = {}
    for tape in tapes:
        for t in tape.watched.values():
            if isinstance(t, GraphTensor):
                watched.setdefault(id(t.node), t)
    for tape in tapes:  # a Parameter the loop reads: the Parameter itself (framework code
        for t in tape.watched.values():  # such as Dense passes it to ops as it is)
            if isinstance(t, Weight) and id(t) in b.weights:
                watched[id(b.weights[id(t)][1])] = t
    inner: set[int] = set()
    for i in (0, 1):
        for g in graph_argument(loop_node, i).all_graphs():
            inner.update(id(p) for p in g.parameters)
            inner.update(id(n) for n in g.nodes)
    seen: dict[int, Any] = {}
    for i in (0, 1):  # what the condition and body read (not the inits)
        for g in graph_argument(loop_node, i).all_graphs():
            used_here = [u for n in g.nodes for u in operands_deep(n)]
            if g.output is not None:
                used_here.append(g.output)
            for used in used_here:
                if id(used) not in inner and id(used) in watched:
                    seen.setdefault(id(used), watched[id(used)])
    return list(seen.values())


def reverse_loop(b: GraphBuilder, frame: Any, loop: Any, stack: ir.Node, params: list[ir.Parameter],
                 positions: list[int], free: list[Any], douts: tuple[Any, ...],
                 body_nodes: list[Any], body_fn: Any, jumps: bool,
                 tape_type: type, nesting: tuple[int, int, int, int]) -> tuple[Any, ...]:
    """Emit the reverse loop; the cotangents of the loop's inputs, then of `free`. The body
    is replayed at the loop's own `nesting` (see `differentiated_rolled_loop`)."""
    from ...ops.shape_ops import zeros_like
    init = [d if d is not None else zeros_like(loop.results[i])
            for d, i in zip(douts, positions)] + [zeros_like(t) for t in free]
    specs = [t._data for t in init]  # (shape and dtype of each carried cotangent)
    cond_graph = FuncGraph(f"{b.graph.name}_reverse_cond_{len(b.graph.nodes)}",
                           parent=b.graph, loc=b.loc)
    body_graph = FuncGraph(f"{b.graph.name}_reverse_body_{len(b.graph.nodes)}",
                           parent=b.graph, loc=b.loc)
    carried_params = [ir.Parameter(f"d{i}", _spec_of(t), b.loc)
                      for i, t in enumerate(init)]
    cond_graph.parameters = carried_params
    body_graph.parameters = carried_params
    with b.in_graph(cond_graph):
        cond_graph.output = b.graph.add(ir.CNode(
            (ir.ValueNode(ir.STACK_NONEMPTY), stack), {}, AbstractScalar(bool), b.loc))
    with b.in_graph(body_graph):
        popped = b.graph.add(ir.CNode((ir.ValueNode(ir.STACK_POP), stack), {},
                                      AbstractTuple(tuple(p.abstract for p in params)),
                                      b.loc))
        leaves = [graph_value(b.graph.add(ir.CNode(
            (ir.ValueNode(ir.TUPLE_GETITEM), popped, ir.ValueNode(i)), {}, p.abstract,
            b.loc)), p.abstract) for i, p in enumerate(params)]
        cots = [GraphTensor(p, s.shape, _dtype_of(s)) for p, s in zip(carried_params, specs)]
        tape = tape_type()  # a tape like the recording one (infer does not import autodiff)
        saved_env = frame.env
        frame.env = copy_containers(loop.outer_env, b.policy.outside_graph)
        it = iter(leaves)
        frame.env.update(zip(loop.carried, [unflatten(t, it) for t in loop.trees]))
        starts = [leaves[i] for i in positions]
        token = active_tapes.set((tape,))
        now = (frame.flag_loops, frame.loop_depth, b.variable_depth, b.branch_depth)
        (frame.flag_loops, frame.loop_depth, b.variable_depth, b.branch_depth) = nesting
        try:
            for t in starts + free:
                tape.watch(t)
            mark = len(b.graph.nodes)
            rolled_loops.run_loop_body(b, frame, body_nodes, body_fn, jumps)
            # the forward loop printed and raised already: the replay only computes
            b.graph.nodes[mark:] = _without_prints_and_raises(b.graph.nodes[mark:])
            ends: list[Any] = []
            for name, tree in zip(loop.carried, loop.trees):
                ends += rolled_loops.carried_leaves(b, name, tree, frame.env[name])
        finally:
            active_tapes.reset(token)
            (frame.flag_loops, frame.loop_depth, b.variable_depth, b.branch_depth) = now
        frame.env = saved_env
        grads = tape.backward([ends[i] for i in positions], cots[:len(positions)],
                              starts + free)
        new = grads[:len(positions)]
        from ...ops.arith_ops import add
        acc = [add(a, g) for a, g in zip(cots[len(positions):], grads[len(positions):])]
        body_graph.output = b.node_of(tuple(new + acc))
    reverse = b.graph.add(ir.CNode(
        (ir.ValueNode(ir.WHILE_LOOP), ir.ValueNode(cond_graph), ir.ValueNode(body_graph))
        + tuple(b.node_of(t) for t in init), {},
        AbstractTuple(tuple(p.abstract for p in carried_params)), b.loc))
    out = []
    for i, p in enumerate(carried_params):
        item = b.graph.add(ir.CNode((ir.ValueNode(ir.TUPLE_GETITEM), reverse,
                                     ir.ValueNode(i)), {}, p.abstract, b.loc))
        out.append(graph_value(item, p.abstract))
    return tuple(out)


def graph_argument(node: ir.CNode, i: int) -> FuncGraph:
    """The graph that argument `i` of a special op's node (a `while_loop`'s cond/body) holds."""
    arg = node.args[i]
    assert isinstance(arg, ir.ValueNode) and isinstance(arg.value, FuncGraph)
    return arg.value
