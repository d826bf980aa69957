"""Rolled loops: a `while_loop` node whose condition and body graphs share the loop-carried
parameters. The carried values are flattened into leaves (`pytree`), their types widened until
an iteration gives back what it was given, Parameters the body assigns are carried too, and
under an autodiff tape the loop is recorded as one op (`loop_grad`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...common.context import active_tapes
from ...common.errors import GraphcSyntaxError, GraphcTypeError
from ...common.parameter import Parameter as Weight
from ...common.tensor import Tensor
from ...ir import node as ir
from ...ir.graph import FuncGraph
from ...ops.primitive import TensorSpec
from ...parser.resolve import MISSING
from ..abstract import AbstractAny, AbstractScalar, AbstractTuple, join_specs
from ..emitter import NEVER, spec_of_value
from ..pytree import TreeDef, TreeMismatch, flatten, flatten_up_to, unflatten
from ..support import (
    WEIGHT_KEY,
    Frame,
    as_weight_value,
    copy_containers,
    graph_value,
    is_graph_value,
    same_container,
)
from ..values import (
    GraphAny,
    GraphScalar,
    GraphTensor,
)
from . import (
    exits,
    loop_grad,
)

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


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
        spec = spec_of_value(leaf)
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
        so, sn = spec_of_value(old), spec_of_value(new)
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


def rolled_loop(b: GraphBuilder, frame: Frame, stmt: Any, cond_fn: Callable[[Frame], Any],
                body_stmts: list[Any] | None, body_fn: Callable[[Frame], None] | None,
                extra_assigned: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """A loop whose condition is only known at run time: a `while_loop` node whose cond and
    body graphs share the loop-carried parameters."""
    body_nodes = body_stmts if body_stmts is not None else stmt.body
    with exits.rolled_loop_flags(b, frame, stmt, cond_fn, body_nodes, body_fn,
                                 extra_assigned) as flagged:
        if active_tapes.get():  # differentiated: a stack and a reverse loop (loop_grad.py)
            loop_grad.differentiated_rolled_loop(b, frame, stmt, flagged.cond_fn, body_nodes,
                                                 flagged.body_fn, flagged.assigned,
                                                 flagged.jumps)
        else:
            rolled_loop_attempts(b, frame, stmt, flagged.cond_fn, body_nodes, flagged.body_fn,
                                 flagged.assigned, flagged.jumps)


def placeholder_like(b: GraphBuilder, value: Any) -> Any:
    """A value of `value`'s type to start a loop variable that the loop gives its first
    value (zeros for a Tensor, 0 for a number, None for a Python value)."""
    from ...ops.creation_ops import zeros
    if isinstance(value, Tensor):
        if any(d is None for d in value.shape):
            raise GraphcSyntaxError("return of a Tensor with a dynamic shape inside a loop "
                                    "whose condition is computed from Tensors is not "
                                    "supported yet", b.loc)
        return zeros(tuple(value.shape), value.dtype)
    if isinstance(value, GraphScalar):
        return value.type(0)
    if isinstance(value, GraphAny):
        return b.policy.as_any(None)
    if isinstance(value, (tuple, list)):
        return type(value)(placeholder_like(b, v) for v in value)
    if type(value) is dict:  # (a dict the body builds from its values: not those values)
        return {k: placeholder_like(b, v) for k, v in value.items()}
    return value


def run_loop_body(b: GraphBuilder, frame: Frame, body_nodes: list[Any],
                  body_fn: Callable[[Frame], None] | None, jumps: bool) -> None:
    """Interpret one iteration of a rolled loop's body into the current graph; a break,
    continue or return it always reaches sets its flag."""
    b.variable_depth += 1
    saved_flag_loops, saved_depth = frame.flag_loops, frame.loop_depth
    if jumps:  # flagged like an unrolled loop: break/continue/return set flags
        frame.flag_loops, frame.loop_depth = saved_flag_loops + 1, saved_depth + 1
    else:
        frame.flag_loops = 0
    try:
        if body_fn is not None:
            body_fn(frame)
        else:
            b.exec_block(frame, body_nodes)
    except (exits.BreakSignal, exits.ContinueSignal, exits.Raised) as jump:
        # always reached: the flag is set
        # (after a `raise` the loop ends as after a `break`: the exception leaves it)
        exits.record_jump(frame, jump)
    except exits.ReturnSignal as ret:
        exits.record_return(frame, ret.value)
    finally:
        b.variable_depth -= 1
        frame.flag_loops, frame.loop_depth = saved_flag_loops, saved_depth


def rolled_loop_attempts(b: GraphBuilder, frame: Frame, stmt: Any, cond_fn: Callable[[Frame], Any],
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
        if type(value) in (list, dict) and b.policy.outside_graph(value):
            b.policy.mutated_object(value)
            frame.env[n] = b.policy.as_any(value)
    init = [frame.env[n] for n in carried]
    weights_before = dict(b.weight_values)
    carried_weights: dict[str, Weight] = {}  # pseudo-variable -> Parameter the body assigns
    for _attempt in range(3 + len(frame.env)):
        leaves: list[Any] = []
        trees = []
        for value in init:
            value_leaves, tree = flatten(value, _is_loop_leaf, mappings=False)
            leaves += value_leaves
            trees.append(tree)
        leaf_names = [n for name, tree in zip(carried, trees) for n in tree.leaf_names(name)]
        params = [_param_for(b, leaf, n) for n, leaf in zip(leaf_names, leaves)]
        cond_graph = FuncGraph(f"{b.graph.name}_while_cond_{len(b.graph.nodes)}",
                               parent=b.graph, loc=b.loc)
        body_graph = FuncGraph(f"{b.graph.name}_while_body_{len(b.graph.nodes)}",
                               parent=b.graph, loc=b.loc)
        cond_graph.parameters = [p for p, _ in params]
        body_graph.parameters = cond_graph.parameters
        outer_env = dict(frame.env)
        param_values = iter([v for _, v in params])
        loop_values = [unflatten(t, param_values) for t in trees]
        frame.env = copy_containers(outer_env, b.policy.outside_graph)
        frame.env.update(zip(carried, loop_values))
        enter_carried_weights(b, frame, carried_weights)
        with b.in_graph(cond_graph):
            cond_value = b.truth(cond_fn(frame))
            if isinstance(cond_value, bool):
                raise GraphcSyntaxError("the loop condition became a constant inside the "
                                        "loop; make it depend on the loop's Tensors",
                                        b.loc)
            cond_graph.output = b.node_of(cond_value)
        with b.in_graph(body_graph):
            if on_body_start is not None:
                on_body_start([p for p, _ in params])
            enter_carried_weights(b, frame, carried_weights)
            run_loop_body(b, frame, body_nodes, body_fn, jumps)
            newly_assigned = assigned_weights(b, weights_before, carried_weights)
            for name, weight in carried_weights.items():  # (an inner loop that carried
                if id(weight) in b.weight_values:  # it too left it in weight_values)
                    frame.env[name] = b.weight_values[id(weight)]
            b.weight_values = dict(weights_before)
            changed = [name for name, old in outer_env.items()
                       if name not in carried and type(old) in (list, dict)
                       and not same_container(old, frame.env.get(name, MISSING))]
            if changed:  # LAX: made Python objects below
                b.policy.on_unsupported(GraphcSyntaxError(
                    f"'{changed[0]}' is modified in place inside a loop that runs a number "
                    "of times known only at run time; the graph cannot repeat that. Build "
                    "the values with Tensor ops, loop over a constant range, or use "
                    "jit_syntax_level=LAX.", b.loc), _nothing)
            new_values = [frame.env.get(n, MISSING) for n in carried]
            # a value first given inside the loop (the value a `return` leaves): start the
            # loop from a placeholder of its type, then build again
            first_given = [(i, v) for i, (t, v) in enumerate(zip(trees, new_values))
                           if t.is_const and t.value is NEVER and v is not NEVER]
            new_leaves: list[Any] = []
            mismatch = False
            widened = []
            as_python: list[str] = []  # LAX: carried round the loop as Python objects
            for n, t, v in zip(carried, trees, new_values):
                if first_given:
                    break
                if v is MISSING:
                    raise GraphcSyntaxError(f"'{n}' is deleted inside the loop", b.loc)
                try:
                    new_leaves += carried_leaves(b, n, t, v)
                except GraphcTypeError as exc:  # a container or constant that changes
                    b.policy.on_unsupported(exc, functools.partial(as_python.append, n))
            if as_python:  # built again below with those names as Python objects
                new_leaves = []
            for (_p, old), new in zip(params, new_leaves):
                w = _widen_leaf(b, old, new)
                if w is not None:
                    mismatch = True
                widened.append(w if w is not None else old)
            new_leaves = [b.policy.as_any(v) if isinstance(p.abstract, AbstractAny) else v
                          for (p, _), v in zip(params, new_leaves)]
            body_graph.output = b.node_of(tuple(new_leaves)) if new_leaves else \
                ir.ValueNode(())
        frame.env = outer_env
        if newly_assigned:  # Parameters the body assigns: carried round the loop too
            for name, weight in newly_assigned.items():
                carried_weights[name] = weight
                carried.append(name)
                assigned.add(name)
                frame.env[name] = init_value = b.weight_value(weight)
                init.append(init_value)
            continue
        if changed or first_given or as_python:
            # LAX: each container the body changes in place, or gives another structure,
            # becomes the Python object it is in PyNative (type Any), changed at run time
            # by every iteration
            for name in changed + as_python:
                frame.env[name] = b.policy.as_any(outer_env[name])
            for i, value in first_given:
                frame.env[carried[i]] = placeholder_like(b, value)
            init = [frame.env[n] for n in carried]
            continue
        if not mismatch:
            break
        it_w = iter(widened)
        init = [unflatten(t, it_w) for t in trees]
    else:
        raise GraphcTypeError("the values carried round the loop do not settle to one "
                              "type and shape", b.loc)
    init_leaves = [leaf for n, t in zip(carried, trees)
                   for leaf in carried_leaves(b, n, t, outer_env[n])]
    start_env = dict(outer_env)  # (frame.env is this dict: it gets the results below)
    init_nodes = tuple(b.node_of(_initial_leaf(b, leaf, p)) for leaf, (p, _) in
                       zip(init_leaves, params))
    abstracts = tuple(p.abstract for p, _ in params)
    loop = b.graph.add(ir.CNode((ir.ValueNode(ir.WHILE_LOOP), ir.ValueNode(cond_graph),
                                 ir.ValueNode(body_graph)) + init_nodes, {},
                                AbstractTuple(abstracts), b.loc))
    results = []
    for i, abstract in enumerate(abstracts):
        item = b.graph.add(ir.CNode((ir.ValueNode(ir.TUPLE_GETITEM), loop,
                                     ir.ValueNode(i)), {}, abstract, b.loc))
        results.append(graph_value(item, abstract))
    it = iter(results)
    for name, tree in zip(carried, trees):
        frame.env[name] = unflatten(tree, it)
    for name in assigned - set(carried):
        frame.env.pop(name, None)
    for name, weight in carried_weights.items():  # the Parameter's value after the loop
        b.weight_values[id(weight)] = as_weight_value(frame.env.pop(name), weight)
    return RolledLoop(carried, trees, init_leaves, results, start_env)


def enter_carried_weights(b: GraphBuilder, frame: Frame,
                          carried_weights: dict[str, Weight]) -> None:
    """Inside the loop's graphs a carried Parameter reads as its loop parameter."""
    for name, weight in carried_weights.items():
        b.weight_values[id(weight)] = as_weight_value(frame.env[name], weight)


def assigned_weights(b: GraphBuilder, before: dict[int, Any],
                     carried_weights: dict[str, Weight]) -> dict[str, Weight]:
    """The Parameters the loop body just assigned that are not carried yet, by the
    pseudo-variable that carries each."""
    known = {id(w) for w in carried_weights.values()}
    out = {}
    for key, value in b.weight_values.items():
        if key not in known and value is not before.get(key):
            out[f"{WEIGHT_KEY}{key}"] = b.weights[key][0]
    return out
