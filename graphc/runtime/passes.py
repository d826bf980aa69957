"""Optimisation passes over a specialised graph, and the pipeline that runs them.

Inlining and most constant folding happen while the graph is built (calls are inlined by the
specialiser; operations on constants are computed then). The pipeline here forwards identity-like
ops, folds what is still constant (chains the backward pass builds from shapes alone, such as
`ones_like` of a known shape, then reshape and broadcast), merges common subexpressions and
drops dead code. Each pass is a function
`(FuncGraph, roots) -> bool` (did it change anything), named and timed by `run_pipeline`.
Side-effecting nodes (print, Parameter assignment, random ops) are never removed or merged:
every pass asks `ir.effects.is_pure`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ..ir import node as ir
from ..ir.effects import is_pure
from ..ir.graph import FuncGraph, operands_deep
from ..ir.manager import GraphManager
from ..ir.verify import verify_graph
from ..ops.primitive import PrimitiveDef
from .typecheck import check_types


def dead_code_elimination(graph: FuncGraph, roots: list[ir.Node]) -> bool:
    """Drop pure nodes whose values nothing uses (in this graph and its nested graphs)."""
    changed = False
    live: set[int] = {id(r) for r in roots}
    if graph.output is not None:
        live.add(id(graph.output))
    kept: list[ir.CNode] = []
    for node in reversed(graph.nodes):
        if id(node) in live or not is_pure(node):
            kept.append(node)
            for u in operands_deep(node):
                live.add(id(u))
        else:
            changed = True
    kept.reverse()
    graph.nodes = kept
    for node in graph.nodes:
        for a in node.args:
            if isinstance(a, ir.ValueNode) and isinstance(a.value, FuncGraph):
                sub = a.value
                changed |= dead_code_elimination(sub, [])
    return changed


def _attr_key(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return ("array", id(value))
    try:
        hash(value)
        return value
    except TypeError:
        return ("id", id(value))


# The special ops CSE merges besides pure primitives (a `make_list` must stay a new list, and
# the rest are cheap or rare).
_MERGEABLE_SPECIAL = frozenset({ir.TUPLE_GETITEM})


def _mergeable(node: ir.CNode) -> bool:
    callee = node.callee
    return (isinstance(callee, PrimitiveDef) or callee in _MERGEABLE_SPECIAL) and is_pure(node)


def common_subexpression_elimination(graph: FuncGraph, roots: list[ir.Node]) -> bool:
    """Merge pure primitive nodes that call the same primitive on the same operands."""
    seen: dict[Any, ir.CNode] = {}
    replace: dict[int, ir.Node] = {}
    changed = False
    kept = []
    for node in graph.nodes:
        if replace:
            node.inputs = tuple(replace.get(id(i), i) for i in node.inputs)
        callee = node.callee
        if _mergeable(node):
            operands = tuple(("v", a.value if not isinstance(a.value, np.ndarray) else id(a.value))
                             if isinstance(a, ir.ValueNode) else id(a) for a in node.args)
            try:
                key = (id(callee), operands,
                       tuple(sorted((k, _attr_key(v)) for k, v in node.attrs.items())))
                hash(key)
            except TypeError:
                kept.append(node)
                continue
            prior = seen.get(key)
            if prior is not None:
                replace[id(node)] = prior
                changed = True
                continue
            seen[key] = node
        kept.append(node)
    graph.nodes = kept
    _apply_replacements(graph, roots, replace)
    return changed


def _apply_replacements(graph: FuncGraph, roots: list[ir.Node],
                        replace: dict[int, ir.Node]) -> None:
    """Point every use of a merged-away node (in all nested graphs, and the roots: the caller's
    output leaves among them) at its replacement."""
    if not replace:
        return
    _rewrite_uses(graph, replace)
    for i, r in enumerate(roots):
        roots[i] = replace.get(id(r), r)


def _rewrite_uses(graph: FuncGraph, replace: dict[int, ir.Node]) -> None:
    GraphManager(graph).replace_uses(replace)


# Primitives that return their input unchanged once the graph runs (stop_gradient only
# matters to a recording tape, which a compiled graph never has).
_FORWARDING = frozenset({"identity", "stop_gradient"})


def _replace_nodes(graph: FuncGraph, roots: list[ir.Node],
                   replacement: Callable[[ir.CNode], ir.Node | None]) -> bool:
    """Drop every node (in every nested graph) for which `replacement` gives a node, and make
    its readers read that node instead."""
    replace: dict[int, ir.Node] = {}
    for g in graph.all_graphs():
        kept = []
        for node in g.nodes:
            if replace:
                node.inputs = tuple(replace.get(id(i), i) for i in node.inputs)
            new = replacement(node)
            if new is None:
                kept.append(node)
                continue
            replace[id(node)] = new
        g.nodes = kept
    _apply_replacements(graph, roots, replace)
    return bool(replace)


def forward_identities(graph: FuncGraph, roots: list[ir.Node]) -> bool:
    """Replace uses of identity-like nodes by their input (in every nested graph)."""
    return _replace_nodes(graph, roots, lambda node: node.args[0] if isinstance(
        node.callee, PrimitiveDef) and node.callee.name in _FORWARDING else None)


# Primitives whose value depends only on their input's shape and dtype.
_SHAPE_ONLY = frozenset({"ones_like", "zeros_like"})
# Constants larger than this many elements are left to run time (the graph holds no big arrays).
_FOLD_LIMIT = 4096


def constant_folding(graph: FuncGraph, roots: list[ir.Node]) -> bool:
    """Compute at compile time the pure primitive nodes whose operands are all constants (and
    `ones_like`/`zeros_like` of fully known shapes), in every nested graph."""
    return _replace_nodes(graph, roots, _fold)


def _fold(node: ir.CNode) -> ir.ValueNode | None:
    callee = node.callee
    if not isinstance(callee, PrimitiveDef) or not is_pure(node) or callee.num_outputs != 1:
        return None
    spec = node.abstract
    args = node.args
    arrays = [a.value for a in args
              if isinstance(a, ir.ValueNode) and isinstance(a.value, np.ndarray)]
    shape_only = callee.name in _SHAPE_ONLY
    if not shape_only and (not args or len(arrays) != len(args)):
        return None
    if not hasattr(spec, "shape") or None in spec.shape or math.prod(spec.shape) > _FOLD_LIMIT:
        return None
    if shape_only:
        value = callee.impl(np.zeros(spec.shape, spec.dtype.np_dtype), **node.attrs)
    else:
        value = callee.impl(*arrays, **node.attrs)
    value = np.asarray(value)
    if value.shape != tuple(spec.shape) or value.dtype != spec.dtype.np_dtype:
        return None  # (never expected: infer and impl agree; keep the node then)
    return ir.ValueNode(value, spec)


Pass = Callable[[FuncGraph, list[ir.Node]], bool]
PIPELINE: tuple[tuple[str, Pass], ...] = (
    ("forward_identities", forward_identities),
    ("constant_folding", constant_folding),
    ("cse", common_subexpression_elimination),
    ("dce", dead_code_elimination),
)


def run_pipeline(graph: FuncGraph, roots: list[ir.Node], verify: bool = False,
                 passes: tuple[tuple[str, Pass], ...] = PIPELINE) -> dict[str, float]:
    """Run `passes` in order; returns seconds per pass. `verify` checks the graph's structure
    (`ir.verify_graph`) and types (`typecheck.check_types`) after each."""
    timings = {}
    for name, fn in passes:
        start = time.perf_counter()
        fn(graph, roots)
        timings[name] = time.perf_counter() - start
        if verify:
            verify_graph(graph)
            check_types(graph)
    return timings
