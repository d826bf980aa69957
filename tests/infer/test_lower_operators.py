"""Lowering of operators (infer/lowering/operators.py): folded on constants, a primitive node
on Tensors; `and`/`or` with a run-time condition `select` on Tensors; comparisons chained and
`in` of a run-time number compared item by item."""

import gast
import numpy as np

import graphc as ms

from .lowering_probe import compiled, expression_rule_module, t


def test_operators_are_lowered_by_the_operator_rules():
    for kind in (gast.BinOp, gast.UnaryOp, gast.BoolOp, gast.Compare):
        assert expression_rule_module(kind) == "operators"


def test_operators_fold_on_constants_and_record_nodes_on_tensors():
    def f(x):
        return -x, x ** 2, 3 * 4 + 1

    (neg, square, number), kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(neg.asnumpy(), [-1.0, -2.0])
    np.testing.assert_allclose(square.asnumpy(), [1.0, 4.0])
    assert number == 13 and kinds["neg"] == 1 and kinds["pow_scalar"] == 1
    assert kinds["mul"] == 0 and kinds["add"] == 0


def test_and_with_a_run_time_condition_selects_between_tensors():
    def f(x, y):
        return x.sum() > 1 and y

    result, kinds = compiled(f, t([1.0, 2.0]), t([3.0, 4.0]))
    np.testing.assert_allclose(result.asnumpy(), [3.0, 4.0])
    assert kinds["select"] == 1 and kinds["switch"] == 0


def test_in_of_a_run_time_number_compares_it_with_each_item():
    def f(x, n):
        return n in (1, 2, 3), n not in (5,)

    (found, missing), kinds = compiled(f, t([1.0]), ms.mutable(2))
    assert found is True and missing is True
    assert kinds["scalar_op"] >= 3


def test_chained_comparisons_of_tensors_and_both_sides_with_select():
    def f(x):
        return 0 < x < 3

    for value, expected in ((1.0, True), (5.0, False), (-1.0, False)):
        result, kinds = compiled(f, t([value]))
        assert bool(result.asnumpy()[0]) is expected
        assert kinds["less"] + kinds["greater"] == 2 and kinds["select"] == 1
