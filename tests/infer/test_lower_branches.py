"""Lowering of `if` and `a if c else b` (infer/lowering/branches.py): a constant condition
compiles the taken branch only; a run-time one a `switch` joining what the branches assign,
or `select` while a tape records."""

import gast
import numpy as np

import graphc as ms
from graphc import ops

from .lowering_probe import compiled, expression_rule_module, statement_rule_module, t


def test_if_and_if_expressions_are_lowered_by_the_branches_rules():
    assert statement_rule_module(gast.If) == "branches"
    assert expression_rule_module(gast.IfExp) == "branches"


def test_if_on_a_tensor_condition_is_a_switch_joining_the_assigned_variable():
    def f(x):
        if x.sum() > 0:
            y = x + 1
        else:
            y = x - 1
        return y

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [2.0, 3.0])
    assert kinds["switch"] == 1 and kinds["add"] == 1 and kinds["sub"] == 1
    result, _ = compiled(f, t([-1.0, -2.0]))
    np.testing.assert_allclose(result.asnumpy(), [-2.0, -3.0])


def test_if_on_a_constant_compiles_only_the_taken_branch():
    def f(x, flag):
        if flag > 1:
            y = ops.exp(x)
        else:
            y = ops.neg(x)
        return y

    result, kinds = compiled(f, t([0.0]), 3)
    np.testing.assert_allclose(result.asnumpy(), [1.0])
    assert kinds["switch"] == 0 and kinds["exp"] == 1 and kinds["neg"] == 0


def test_if_expression_on_a_tensor_condition_is_a_switch():
    def f(x):
        return x * 2 if x.sum() > 100 else x * 3

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [3.0, 6.0])
    assert kinds["switch"] == 1 and kinds["mul"] == 2


def test_if_differentiated_in_the_graph_picks_with_select():
    def f(x):
        if x.sum() > 0:
            y = x * x
        else:
            y = x * 3
        return y.sum()

    grad = ms.jit(ms.grad(f))
    np.testing.assert_allclose(grad(t([1.0, 2.0])).asnumpy(), [2.0, 4.0])
    np.testing.assert_allclose(grad(t([-1.0, -2.0])).asnumpy(), [3.0, 3.0])
    graph = grad.graphs()[-1].graph
    names = [getattr(n.callee, "name", None) for g in graph.all_graphs() for n in g.nodes]
    assert "switch" not in names and "select" in names
