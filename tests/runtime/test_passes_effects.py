"""The passes ask one question of a node, `ir.effects.is_pure`: dead code elimination keeps
every node with effects (its own, or those of the graphs it runs), CSE merges only pure nodes,
and constant folding never computes a node with effects at compile time."""

import numpy as np
import pytest

from graphc import ir
from graphc.common import dtype as mstype
from graphc.common.errors import SourceLocation
from graphc.ops.math_ops import ADD
from graphc.ops.primitive import PRIMITIVES, TensorSpec
from graphc.runtime import passes

LOC = SourceLocation("net.py", 3, 4, 3, 9, "f", "    y = x + x")
SPEC = TensorSpec((2,), mstype.float32)


def _node(graph, op, *args, attrs=None, abstract=None):
    return graph.add(ir.CNode((ir.ValueNode(op),) + args, attrs or {}, abstract, LOC))


def _empty_graph(parent):
    g = ir.FuncGraph("inner", parent=parent)
    g.output = ir.ValueNode(())
    return g


@pytest.mark.parametrize("op", ir.SPECIAL_OPS, ids=lambda op: op.name)
def test_dead_code_elimination_keeps_exactly_the_unused_nodes_with_effects(op):
    g = ir.FuncGraph("g")
    g.output = ir.ValueNode(None)
    if op.nested:  # a switch / loop whose graph prints: kept; the same with pure graphs: dropped
        printing = _empty_graph(g)
        _node(printing, ir.PRINT)
        loud = _node(g, op, ir.ValueNode(True), ir.ValueNode(printing),
                     ir.ValueNode(_empty_graph(g)))
        quiet = _node(g, op, ir.ValueNode(True), ir.ValueNode(_empty_graph(g)),
                      ir.ValueNode(_empty_graph(g)))
        passes.dead_code_elimination(g, [])
        assert loud in g.nodes and quiet not in g.nodes
        return
    node = _node(g, op)
    passes.dead_code_elimination(g, [])
    assert (node in g.nodes) is bool(op.effects)


def test_cse_merges_pure_nodes_but_never_nodes_with_effects():
    g = ir.FuncGraph("g")
    x = g.add_parameter("x", SPEC)
    a, b = _node(g, ADD, x, x, abstract=SPEC), _node(g, ADD, x, x, abstract=SPEC)
    uniform = PRIMITIVES["uniform_real"]
    draws = [_node(g, uniform, attrs={"shape": (2,), "dtype": mstype.float32}, abstract=SPEC)
             for _ in range(2)]
    prints = [_node(g, ir.PRINT, x) for _ in range(2)]
    g.output = _node(g, ir.MAKE_TUPLE, a, b, *draws, abstract=None)
    passes.common_subexpression_elimination(g, [])
    assert b not in g.nodes and a in g.nodes  # merged
    assert all(d in g.nodes for d in draws) and all(p in g.nodes for p in prints)


def test_constant_folding_leaves_nodes_with_effects_to_run_time():
    g = ir.FuncGraph("g")
    const = ir.ValueNode(np.ones(2, np.float32), SPEC)
    pure = _node(g, ADD, const, const, abstract=SPEC)
    # (a collective on a constant: computing it now would skip the other ranks)
    reduced = _node(g, PRIMITIVES["all_reduce"], const, attrs={"op": "sum", "group": "world"},
                    abstract=SPEC)
    g.output = _node(g, ir.MAKE_TUPLE, pure, reduced)
    passes.constant_folding(g, [])
    assert pure not in g.nodes and reduced in g.nodes
