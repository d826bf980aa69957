"""Lowering of `if` and `a if c else b`: on a constant condition the taken branch runs; on a
run-time one each branch is built in its own graph and a `switch` node joins the values the
branches assign (or, while a tape records, both sides are computed and `select` picks, with
gates so that gradients flow only through the side taken)."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

import gast  # type: ignore[import-untyped]

from ...common import dtype as mstype
from ...common.context import active_tapes
from ...common.errors import GraphcSyntaxError, GraphcTypeError
from ...common.tensor import Tensor
from ...ir import node as ir
from ...ir.effects import effects_of, makes_value
from ...ir.graph import FuncGraph
from ...parser.resolve import MISSING
from ..abstract import AbstractTuple
from ..emitter import NEVER, spec_of_value
from ..pytree import TreeDef, unflatten
from ..support import (
    WEIGHT_KEY,
    Frame,
    NotDifferentiableInGraph,
    as_weight_value,
    copy_containers,
    describe,
    graph_value,
    if_else,
    is_graph_value,
    is_tensorlike,
    join_abstract,
    joinable,
    ordered_union,
)
from ..values import (
    GraphAny,
    GraphScalar,
    GraphTensor,
    contains_graph_value,
)
from . import exits
from .rules import expression_rule, statement_rule

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


# Side effects an if-converted branch can keep conditional (on nodes that make no value).
_MOVABLE_EFFECTS = frozenset({ir.Effect.IO, ir.Effect.PARAMETER_WRITE, ir.Effect.RAISE})


@statement_rule(gast.If)
def stmt_if(b: GraphBuilder, frame: Frame, stmt: Any) -> None:
    run_if(b, frame, stmt, condition(b, frame, stmt))


def condition(b: GraphBuilder, frame: Frame, stmt: Any) -> Any:
    previous = b.loc
    b.loc = frame.source.location(stmt.test)
    try:
        with b.locating():
            return b.truth(b.eval(frame, stmt.test))
    finally:
        b.loc = previous


@expression_rule(gast.IfExp)
def expr_if_exp(b: GraphBuilder, frame: Frame, node: Any) -> Any:
    cond = b.truth(b.eval(frame, node.test))
    if isinstance(cond, bool):
        return b.eval(frame, node.body if cond else node.orelse)
    values = []
    graphs = []
    effects = b.effects
    for branch in (node.body, node.orelse):
        graph = branch_graph(b, "ifexp")  # (the current graph while a tape records)
        with b.in_graph(graph):
            values.append(b.eval(frame, branch))
        graphs.append(graph)
    check_if_conversion(b, graphs[0], effects)
    (merged,) = join_branches(b, cond, graphs[0], graphs[1], [values[0]], [values[1]],
                              ["<if expression>"])
    return merged


def run_if(b: GraphBuilder, frame: Frame, stmt: Any, cond: Any) -> None:
    if isinstance(cond, bool):
        b.exec_block(frame, stmt.body if cond else stmt.orelse)
        return
    before = dict(frame.env)
    effects = b.effects
    start = len(b.graph.nodes)
    converted = bool(active_tapes.get())  # if-converted: the gradient needs gates
    true_graph, true_env = branch(b, frame, before, stmt.body, "true",
                                  cond if converted else None)
    middle = len(b.graph.nodes)
    false_graph, false_env = branch(b, frame, before, stmt.orelse, "false",
                                    negated(b, cond) if converted else None)
    exits.pair_return_flags(b, true_env, false_env, true_graph, false_graph)
    if true_graph is b.graph and b.effects != effects:
        guard_branch_effects(b, cond, start, middle)
    before.update(weight_entries(b, b.weight_values))
    both_raise = all(v is NEVER for v in true_env.values()) and \
        all(v is NEVER for v in false_env.values()) and true_env and false_env
    names = [n for n in ordered_union(true_env, false_env)
             if n in true_env and n in false_env
             and not (true_env[n] is before.get(n, MISSING)
                      and false_env[n] is before.get(n, MISSING))]
    dropped = [n for n in ordered_union(true_env, false_env)
               if (n in true_env) != (n in false_env)]
    merged = join_branches(b, cond, true_graph, false_graph,
                           [true_env[n] for n in names], [false_env[n] for n in names],
                           names)
    if both_raise:
        if b.variable_depth:
            raise exits.Raised()
        raise exits.ReturnSignal(None)  # unreachable at run time: both branches raise
    for name in dropped:
        frame.env.pop(name, None)
    for name, value in zip(names, merged):
        if name.startswith(WEIGHT_KEY):
            key = int(name[len(WEIGHT_KEY):])
            b.weight_values[key] = as_weight_value(value, b.weights[key][0])
        else:
            frame.env[name] = value


def weight_entries(b: GraphBuilder, assigned: dict[int, GraphTensor]) -> dict[str, Any]:
    """The value of every weight, as pseudo-variables that branches join like names."""
    out = {}
    for key, (weight, _) in b.weights.items():
        value = assigned.get(key)
        out[f"{WEIGHT_KEY}{key}"] = value if value is not None else b.weight_value(weight)
    return out


def branch_graph(b: GraphBuilder, tag: str) -> FuncGraph:
    """The graph a branch is built in: its own, or — while an autodiff tape records, so
    that gradients can flow through the branch — the current one (if-conversion: both
    branches are computed and `select` picks, which is exact for side-effect-free code)."""
    if active_tapes.get():
        return b.graph
    return FuncGraph(f"{b.graph.name}_{tag}_{len(b.graph.nodes)}", parent=b.graph,
                     loc=b.loc)


def guard_branch_effects(b: GraphBuilder, cond: Any, start: int, middle: int) -> None:
    """If-converted branches (a tape records) compute both sides; their side effects
    (print, Parameter assignment, raise) must still happen only on the side taken. They
    move into a switch of their own after both sides. Other effects (Python calls,
    random ops) cannot be moved apart from the values they make: not supported here."""
    nodes = b.graph.nodes
    sides: list[list[ir.CNode]] = [[], []]
    kept = nodes[:start]
    for i, node in enumerate(nodes[start:], start):
        effects = effects_of(node)
        if effects and effects <= _MOVABLE_EFFECTS and not makes_value(node):
            sides[0 if i < middle else 1].append(node)
        elif effects:
            raise NotDifferentiableInGraph(
                "a branch on a Tensor condition that calls Python or random ops, inside a "
                "function being differentiated, is not supported in graph mode", b.loc)
        else:
            kept.append(node)
    graphs = []
    for tag, side in zip(("true", "false"), sides):
        g = FuncGraph(f"{b.graph.name}_{tag}_effects_{len(kept)}", parent=b.graph,
                      loc=b.loc)
        g.nodes = side
        g.output = ir.ValueNode(())
        graphs.append(g)
    b.graph.nodes = kept
    b.graph.add(ir.CNode((ir.ValueNode(ir.SWITCH), b.node_of(cond),
                          ir.ValueNode(graphs[0]), ir.ValueNode(graphs[1])),
                         {"effects_only": True}, AbstractTuple(()), b.loc))


def check_if_conversion(b: GraphBuilder, graph: FuncGraph, effects_before: int) -> None:
    if graph is b.graph and b.effects != effects_before:
        raise NotDifferentiableInGraph(
            "a branch on a Tensor condition with side effects (print, Parameter "
            "assignment, raise) inside a function being differentiated is not supported "
            "yet in graph mode", b.loc)


def negated(b: GraphBuilder, cond: Any) -> Any:
    if isinstance(cond, GraphScalar):
        return b.emit_scalar(ir.SCALAR_OP, (cond,), {"op": operator.not_}, bool)
    from ...ops import math_ops
    return math_ops.logical_not(cond)


def gated(b: GraphBuilder, env: dict[str, Any], taken: Any) -> dict[Any, Any]:
    """In an if-converted branch (a tape records), its Tensor variables read through a
    gate that zeroes their gradient where the branch is not taken; {id(gated): value}."""
    from ...ops import index_ops
    if isinstance(taken, GraphScalar):
        taken = taken.__graphc_tensor__(mstype.bool_)
    originals = {}
    for name, value in env.items():
        if isinstance(value, GraphTensor) and value.dtype.is_float:
            gated = index_ops.branch_gate(value, taken)
            originals[id(gated)] = value
            env[name] = gated
    return originals


def branch(b: GraphBuilder, frame: Frame, before: dict[str, Any], body: list[Any],
           tag: str, taken: Any = None) -> tuple[FuncGraph, dict[str, Any]]:
    graph = branch_graph(b, tag)
    frame.env = copy_containers(before, b.policy.outside_graph)
    gates = gated(b, frame.env, taken) if graph is b.graph and taken is not None \
        else {}
    weights_before = dict(b.weight_values)
    raised = False
    with b.in_graph(graph):
        b.variable_depth += 1
        b.branch_depth += 1
        try:
            b.exec_block(frame, body)
        except exits.ReturnSignal as ret:  # (from a loop in the branch, too): a flag and a value
            exits.record_return(frame, ret.value)
        except (exits.BreakSignal, exits.ContinueSignal) as jump:
            if not frame.flag_loops:
                raise GraphcSyntaxError("break/continue under a condition computed from "
                                        "Tensors is not supported in this loop yet",
                                        b.loc) from None
            exits.record_jump(frame, jump)
        except exits.Raised:
            raised = True
        finally:
            b.variable_depth -= 1
            b.branch_depth -= 1
    env = frame.env
    for name, value in env.items():  # variables the branch left as they were
        if id(value) in gates:
            env[name] = gates[id(value)]
    env.update(weight_entries(b, b.weight_values))
    if raised:
        env = {name: NEVER for name in env}
    b.weight_values = weights_before
    frame.env = dict(before)
    return graph, env


def join_branches(b: GraphBuilder, cond: Any, true_graph: FuncGraph, false_graph: FuncGraph,
                  true_values: list[Any], false_values: list[Any],
                  names: list[str]) -> list[Any]:
    """Emit the switch and return the joined value of each name."""
    templates = []
    true_leaves: list[Any] = []
    false_leaves: list[Any] = []
    for name, va, vb in zip(names, true_values, false_values):
        templates.append(join_template(b, name, va, vb, true_leaves, false_leaves))
    if true_graph is b.graph:  # if-converted: pick each value with `select`
        picked = iter([select(b, cond, va, vb) for va, vb in zip(true_leaves, false_leaves)])
        return [unflatten(t, picked) for t in templates]
    as_any = [isinstance(va, GraphAny) or isinstance(vb, GraphAny) or not joinable(va, vb)
              or b.policy.joins_as_objects(va, vb)
              for va, vb in zip(true_leaves, false_leaves)]
    with b.in_graph(true_graph):
        true_leaves = [b.policy.as_any(v) if conv else v
                       for v, conv in zip(true_leaves, as_any)]
        true_graph.output = b.node_of(tuple(true_leaves)) if true_leaves else \
            ir.ValueNode(())
    with b.in_graph(false_graph):
        false_leaves = [b.policy.as_any(v) if conv else v
                        for v, conv in zip(false_leaves, as_any)]
        false_graph.output = b.node_of(tuple(false_leaves)) if false_leaves else \
            ir.ValueNode(())
    abstracts = tuple(join_abstract(va, vb) for va, vb in zip(true_leaves, false_leaves))
    switch = b.graph.add(ir.CNode(
        (ir.ValueNode(ir.SWITCH), b.node_of(cond), ir.ValueNode(true_graph),
         ir.ValueNode(false_graph)), {}, AbstractTuple(abstracts), b.loc))
    leaves = []
    for i, abstract in enumerate(abstracts):
        item = b.graph.add(ir.CNode((ir.ValueNode(ir.TUPLE_GETITEM), switch,
                                     ir.ValueNode(i)), {}, abstract, b.loc))
        leaves.append(graph_value(item, abstract))
    it = iter(leaves)
    return [unflatten(t, it) for t in templates]


def select(b: GraphBuilder, cond: Any, va: Any, vb: Any) -> Any:
    """`va if cond else vb` on run-time values, differentiable for Tensors."""
    from ...ops import array_ops
    if va is NEVER or vb is NEVER:  # the value is only read where it exists
        return vb if va is NEVER else va
    if isinstance(va, GraphAny) or isinstance(vb, GraphAny) or not joinable(va, vb) or \
            b.policy.joins_as_objects(va, vb):
        return b.policy.interpret(if_else, (cond, va, vb), {}, "picks one of two values, "
                                  "one computed by Python: runs in Python", effect=True)
    if isinstance(va, Tensor) and isinstance(vb, Tensor):
        if isinstance(cond, GraphScalar):
            cond = cond.__graphc_tensor__(mstype.bool_)
        return array_ops.select(cond, va, vb)
    pytype = join_abstract(va, vb).type
    return b.emit_scalar(ir.SCALAR_OP, (cond, va, vb), {"op": if_else}, pytype)


def join_template(b: GraphBuilder, name: str, va: Any, vb: Any, ta: list[Any],
                  tb: list[Any]) -> TreeDef:
    """The structure in which values `va` (true branch) and `vb` (false branch) join; leaves
    that differ go through the switch (appended to `ta`/`tb`)."""
    if va is vb:
        return TreeDef.const(va)
    if va is NEVER or vb is NEVER:
        real = vb if va is NEVER else va
        if not contains_graph_value(real) and not isinstance(real, Tensor):
            return TreeDef.const(real)
        if isinstance(real, (tuple, list, dict)):
            items = list(real.values()) if isinstance(real, dict) else real
            parts = [join_template(b, name, x if va is not NEVER else NEVER,
                                   x if vb is not NEVER else NEVER, ta, tb)
                     for x in items]
            if isinstance(real, dict):
                return TreeDef.dict(list(real), parts)
            return TreeDef.sequence(type(real), parts)
        ta.append(va)
        tb.append(vb)
        return TreeDef.leaf()
    same_sequence = isinstance(va, (tuple, list)) and type(va) is type(vb) and \
        len(va) == len(vb)
    if b.policy.joins_as_objects(va, vb) or \
            (not same_sequence and b.policy.python_joins(va, vb)):
        ta.append(va)  # one branch has va Python value: join as Python objects (Any)
        tb.append(vb)
        return TreeDef.leaf()
    if is_tensorlike(va) and is_tensorlike(vb):
        sa, sb = spec_of_value(va), spec_of_value(vb)
        if sa.dtype is not sb.dtype:
            raise GraphcTypeError(
                "Cannot join the return values of different branches, perhaps you need to "
                f"make them equal.\nType Join Failed: dtype1 = {sa.dtype}, dtype2 = "
                f"{sb.dtype}. (variable '{name}')", b.loc)
        ta.append(va)
        tb.append(vb)
        return TreeDef.leaf()
    if isinstance(va, (tuple, list)) and isinstance(vb, (tuple, list)) \
            and type(va) is type(vb) and len(va) == len(vb):
        parts = [join_template(b, name, x, y, ta, tb) for x, y in zip(va, vb)]
        return TreeDef.sequence(type(va), parts)
    scalars = (bool, int, float, GraphScalar)
    if isinstance(va, scalars) and isinstance(vb, scalars) and not isinstance(va, Tensor):
        if not is_graph_value(va) and not is_graph_value(vb) and type(va) is type(vb) and va == vb:
            return TreeDef.const(va)
        ta.append(va)
        tb.append(vb)
        return TreeDef.leaf()
    if not contains_graph_value(va) and not contains_graph_value(vb):
        try:
            if type(va) is type(vb) and va == vb:
                return TreeDef.const(va)
        except Exception:
            pass
    raise GraphcTypeError(
        "Cannot join the return values of different branches, perhaps you need to make them "
        f"equal.\nType Join Failed: '{name}' is {describe(va)} in one branch and "
        f"{describe(vb)} in the other.", b.loc)
