"""The specialiser's branches: `if` on run-time conditions becomes a `switch` with a graph per
branch (or `select` when a tape records), and the values the branches assign are joined.
"""

from __future__ import annotations

import operator
from typing import Any

from ..common import dtype as mstype
from ..common.context import active_tapes
from ..common.errors import (
    GraphcSyntaxError,
    GraphcTypeError,
)
from ..common.tensor import Tensor
from ..ir import node as ir
from ..ir.effects import effects_of, makes_value
from ..ir.graph import FuncGraph
from ..parser.resolve import MISSING
from .abstract import AbstractTuple
from .pytree import TreeDef, unflatten
from .support import (
    _NEVER,
    _RETURN_VALUE,
    _RETURNED,
    _WEIGHT_KEY,
    Frame,
    NotDifferentiableInGraph,
    _Break,
    _contains_graph_value,
    _Continue,
    _copy_containers,
    _describe,
    _flag_names,
    _graph_value,
    _if_else,
    _is_tensorlike,
    _join_abstract,
    _ordered_union,
    _Raised,
    _Return,
    _spec,
    is_graph_value,
    joinable,
)
from .values import (
    GraphAny,
    GraphScalar,
    GraphTensor,
)

# Side effects an if-converted branch can keep conditional (on nodes that make no value).
_MOVABLE_EFFECTS = frozenset({ir.Effect.IO, ir.Effect.PARAMETER_WRITE, ir.Effect.RAISE})


class BranchesMixin:
    """Methods of `GraphBuilder` (see `specialize.py`)."""

    def _run_if(self, frame: Frame, stmt: Any, cond: Any) -> None:
        if isinstance(cond, bool):
            self.exec_block(frame, stmt.body if cond else stmt.orelse)
            return
        before = dict(frame.env)
        effects = self.effects
        start = len(self.graph.nodes)
        converted = bool(active_tapes.get())  # if-converted: the gradient needs gates
        true_graph, true_env = self._branch(frame, before, stmt.body, "true",
                                            cond if converted else None)
        middle = len(self.graph.nodes)
        false_graph, false_env = self._branch(frame, before, stmt.orelse, "false",
                                              self._negated(cond) if converted else None)
        self._pair_return_flags(true_env, false_env, true_graph, false_graph)
        if true_graph is self.graph and self.effects != effects:
            self._guard_branch_effects(cond, start, middle)
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

    def _pair_return_flags(self, true_env: dict[str, Any], false_env: dict[str, Any],
                           true_graph: FuncGraph, false_graph: FuncGraph) -> None:
        """A return flag set on one side only (a loop in that branch returned under a run-time
        condition) is False on the other, its return value a placeholder, so both join."""
        for env, other, other_graph in ((true_env, false_env, false_graph),
                                        (false_env, true_env, true_graph)):
            if _RETURNED not in env or _RETURNED in other or not other:
                continue
            if all(v is _NEVER for v in other.values()):
                other[_RETURNED] = other[_RETURN_VALUE] = _NEVER
                continue
            other[_RETURNED] = False
            with self.in_graph(other_graph):
                other[_RETURN_VALUE] = self._placeholder_like(env[_RETURN_VALUE])

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

    def _guard_branch_effects(self, cond: Any, start: int, middle: int) -> None:
        """If-converted branches (a tape records) compute both sides; their side effects
        (print, Parameter assignment, raise) must still happen only on the side taken. They
        move into a switch of their own after both sides. Other effects (Python calls,
        random ops) cannot be moved apart from the values they make: not supported here."""
        nodes = self.graph.nodes
        sides: list[list[ir.CNode]] = [[], []]
        kept = nodes[:start]
        for i, node in enumerate(nodes[start:], start):
            effects = effects_of(node)
            if effects and effects <= _MOVABLE_EFFECTS and not makes_value(node):
                sides[0 if i < middle else 1].append(node)
            elif effects:
                raise NotDifferentiableInGraph(
                    "a branch on a Tensor condition that calls Python or random ops, inside a "
                    "function being differentiated, is not supported in graph mode", self.loc)
            else:
                kept.append(node)
        graphs = []
        for tag, side in zip(("true", "false"), sides):
            g = FuncGraph(f"{self.graph.name}_{tag}_effects_{len(kept)}", parent=self.graph,
                          loc=self.loc)
            g.nodes = side
            g.output = ir.ValueNode(())
            graphs.append(g)
        self.graph.nodes = kept
        self.graph.add(ir.CNode((ir.ValueNode(ir.SWITCH), self.node_of(cond),
                                 ir.ValueNode(graphs[0]), ir.ValueNode(graphs[1])),
                                {"effects_only": True}, AbstractTuple(()), self.loc))

    def _check_if_conversion(self, graph: FuncGraph, effects_before: int) -> None:
        if graph is self.graph and self.effects != effects_before:
            raise NotDifferentiableInGraph(
                "a branch on a Tensor condition with side effects (print, Parameter "
                "assignment, raise) inside a function being differentiated is not supported "
                "yet in graph mode", self.loc)

    def _negated(self, cond: Any) -> Any:
        if isinstance(cond, GraphScalar):
            return self.emit_scalar(ir.SCALAR_OP, (cond,), {"op": operator.not_}, bool)
        from ..ops import math_ops
        return math_ops.logical_not(cond)

    def _gated(self, env: dict[str, Any], taken: Any) -> dict[Any, Any]:
        """In an if-converted branch (a tape records), its Tensor variables read through a
        gate that zeroes their gradient where the branch is not taken; {id(gated): value}."""
        from ..ops import index_ops
        if isinstance(taken, GraphScalar):
            taken = taken.__graphc_tensor__(mstype.bool_)
        originals = {}
        for name, value in env.items():
            if isinstance(value, GraphTensor) and value.dtype.is_float:
                gated = index_ops.branch_gate(value, taken)
                originals[id(gated)] = value
                env[name] = gated
        return originals

    def _branch(self, frame: Frame, before: dict[str, Any], body: list[Any],
                tag: str, taken: Any = None) -> tuple[FuncGraph, dict[str, Any]]:
        graph = self._branch_graph(tag)
        frame.env = _copy_containers(before, self.policy.outside_graph)
        gates = self._gated(frame.env, taken) if graph is self.graph and taken is not None \
            else {}
        weights_before = dict(self.weight_values)
        raised = False
        with self.in_graph(graph):
            self.variable_depth += 1
            self.branch_depth += 1
            try:
                self.exec_block(frame, body)
            except _Return as ret:  # (from a loop in the branch, too): a flag and a value
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
                self.branch_depth -= 1
        env = frame.env
        for name, value in env.items():  # variables the branch left as they were
            if id(value) in gates:
                env[name] = gates[id(value)]
        env.update(self._weight_entries(self.weight_values))
        if raised:
            env = {name: _NEVER for name in env}
        self.weight_values = weights_before
        frame.env = dict(before)
        return graph, env

    def _if_with_exit(self, frame: Frame, stmt: Any, cond: Any, rest: list[Any]) -> None:
        """A variable `if` that returns in a branch: each branch runs with the rest of the
        function after it, so both end in a return, and the switch gives the return value."""
        before = dict(frame.env)
        results = []
        graphs = []
        effects = self.effects
        converted = bool(active_tapes.get())  # if-converted: the gradient needs gates
        sides = (cond, self._negated(cond)) if converted else (None, None)
        for body, taken in zip((stmt.body, stmt.orelse), sides):
            graph = self._branch_graph("ret")
            frame.env = _copy_containers(before, self.policy.outside_graph)
            if taken is not None:
                self._gated(frame.env, taken)
            saved_branch_depth, self.branch_depth = self.branch_depth, 0  # runs the rest
            with self.in_graph(graph):
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
                    self.branch_depth = saved_branch_depth
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
            return [unflatten(t, picked) for t in templates]
        as_any = [isinstance(a, GraphAny) or isinstance(b, GraphAny) or not joinable(a, b)
                  or self.policy.joins_as_objects(a, b)
                  for a, b in zip(true_leaves, false_leaves)]
        with self.in_graph(true_graph):
            true_leaves = [self.policy.as_any(v) if conv else v
                           for v, conv in zip(true_leaves, as_any)]
            true_graph.output = self.node_of(tuple(true_leaves)) if true_leaves else \
                ir.ValueNode(())
        with self.in_graph(false_graph):
            false_leaves = [self.policy.as_any(v) if conv else v
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
        return [unflatten(t, it) for t in templates]

    def _select(self, cond: Any, a: Any, b: Any) -> Any:
        """`a if cond else b` on run-time values, differentiable for Tensors."""
        from ..ops import array_ops
        if a is _NEVER or b is _NEVER:  # the value is only read where it exists
            return b if a is _NEVER else a
        if isinstance(a, GraphAny) or isinstance(b, GraphAny) or not joinable(a, b) or \
                self.policy.joins_as_objects(a, b):
            return self.policy.interpret(_if_else, (cond, a, b), {}, "picks one of two values, "
                                         "one computed by Python: runs in Python", effect=True)
        if isinstance(a, Tensor) and isinstance(b, Tensor):
            if isinstance(cond, GraphScalar):
                cond = cond.__graphc_tensor__(mstype.bool_)
            return array_ops.select(cond, a, b)
        pytype = _join_abstract(a, b).type
        return self.emit_scalar(ir.SCALAR_OP, (cond, a, b), {"op": _if_else}, pytype)

    def _join_template(self, name: str, a: Any, b: Any, ta: list[Any],
                       tb: list[Any]) -> TreeDef:
        """The structure in which values `a` (true branch) and `b` (false branch) join; leaves
        that differ go through the switch (appended to `ta`/`tb`)."""
        if a is b:
            return TreeDef.const(a)
        if a is _NEVER or b is _NEVER:
            real = b if a is _NEVER else a
            if not _contains_graph_value(real) and not isinstance(real, Tensor):
                return TreeDef.const(real)
            if isinstance(real, (tuple, list, dict)):
                items = list(real.values()) if isinstance(real, dict) else real
                parts = [self._join_template(name, x if a is not _NEVER else _NEVER,
                                             x if b is not _NEVER else _NEVER, ta, tb)
                         for x in items]
                if isinstance(real, dict):
                    return TreeDef.dict(list(real), parts)
                return TreeDef.sequence(type(real), parts)
            ta.append(a)
            tb.append(b)
            return TreeDef.leaf()
        same_sequence = isinstance(a, (tuple, list)) and type(a) is type(b) and \
            len(a) == len(b)
        if self.policy.joins_as_objects(a, b) or \
                (not same_sequence and self.policy.python_joins(a, b)):
            ta.append(a)  # one branch has a Python value: join as Python objects (Any)
            tb.append(b)
            return TreeDef.leaf()
        if _is_tensorlike(a) and _is_tensorlike(b):
            sa, sb = _spec(a), _spec(b)
            if sa.dtype is not sb.dtype:
                raise GraphcTypeError(
                    "Cannot join the return values of different branches, perhaps you need to "
                    f"make them equal.\nType Join Failed: dtype1 = {sa.dtype}, dtype2 = "
                    f"{sb.dtype}. (variable '{name}')", self.loc)
            ta.append(a)
            tb.append(b)
            return TreeDef.leaf()
        if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) \
                and type(a) is type(b) and len(a) == len(b):
            parts = [self._join_template(name, x, y, ta, tb) for x, y in zip(a, b)]
            return TreeDef.sequence(type(a), parts)
        scalars = (bool, int, float, GraphScalar)
        if isinstance(a, scalars) and isinstance(b, scalars) and not isinstance(a, Tensor):
            if not is_graph_value(a) and not is_graph_value(b) and type(a) is type(b) and a == b:
                return TreeDef.const(a)
            ta.append(a)
            tb.append(b)
            return TreeDef.leaf()
        if not _contains_graph_value(a) and not _contains_graph_value(b):
            try:
                if type(a) is type(b) and a == b:
                    return TreeDef.const(a)
            except Exception:
                pass
        raise GraphcTypeError(
            "Cannot join the return values of different branches, perhaps you need to make them "
            f"equal.\nType Join Failed: '{name}' is {_describe(a)} in one branch and "
            f"{_describe(b)} in the other.", self.loc)
