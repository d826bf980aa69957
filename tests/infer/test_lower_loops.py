"""Lowering of `for` and `while` (infer/lowering/loops.py, rolled_loops.py): unrolled over
constants, a `while_loop` node for a run-time condition or range and for a long constant range."""

import gast
import numpy as np

import graphc as ms

from .lowering_probe import compiled, statement_rule_module, t


def test_for_and_while_are_lowered_by_the_loops_rules():
    assert statement_rule_module(gast.For) == "loops"
    assert statement_rule_module(gast.While) == "loops"


def test_for_over_a_short_constant_range_is_unrolled():
    def f(x):
        for i in range(3):
            x = x + i
        return x

    result, kinds = compiled(f, t([1.0]))
    np.testing.assert_allclose(result.asnumpy(), [4.0])
    assert kinds["while_loop"] == 0 and kinds["add"] == 3  # one per iteration


def test_while_on_a_tensor_condition_is_a_while_loop_node():
    def f(x):
        while x.sum() < 100:
            x = x * 2
        return x

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [64.0, 128.0])
    assert kinds["while_loop"] == 1 and kinds["mul"] == 1


def test_for_over_a_long_constant_range_is_rolled():
    def f(x):
        for _ in range(300):
            x = x + 1
        return x

    result, kinds = compiled(f, t([1.0]))
    np.testing.assert_allclose(result.asnumpy(), [301.0])
    assert kinds["while_loop"] == 1 and kinds["add"] == 1


def test_for_over_a_run_time_range_is_rolled_with_a_run_time_counter():
    def f(x, n):
        for i in range(n):
            x = x + i
        return x

    result, kinds = compiled(f, t([1.0]), ms.mutable(4))
    np.testing.assert_allclose(result.asnumpy(), [7.0])
    assert kinds["while_loop"] == 1 and kinds["scalar_op"] >= 1


def test_for_over_a_tuple_of_tensors_unrolls_one_body_per_item():
    def f(x):
        total = x
        for v in (x, x * 2, x * 3):
            total = total + v
        return total

    result, kinds = compiled(f, t([1.0]))
    np.testing.assert_allclose(result.asnumpy(), [7.0])
    assert kinds["while_loop"] == 0 and kinds["add"] == 3
