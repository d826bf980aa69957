"""Lowering of `break`, `continue` and `return` (infer/lowering/exits.py): taken at compile
time they end the loop or function; under a run-time condition they become flags joined by the
branches, and the statements after them run only where they were not taken."""

import gast
import numpy as np

from graphc.infer.lowering import exits
from graphc.infer.support import ReturnValue

from .lowering_probe import compiled, statement_rule_module, t


def test_break_continue_and_return_are_lowered_by_the_exits_rules():
    for kind in (gast.Break, gast.Continue, gast.Return, ReturnValue):
        assert statement_rule_module(kind) == "exits"


def test_break_under_a_tensor_condition_sets_a_flag_that_guards_later_iterations():
    def f(x):
        for _ in range(4):
            if x.sum() > 5:
                break
            x = x + 1
        return x

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [3.0, 4.0])  # two iterations, then a break
    # each iteration's body runs under a switch on the (run-time) flag
    assert kinds["while_loop"] == 0 and kinds["add"] == 4 and kinds["switch"] >= 4
    assert kinds["scalar_op"] >= 1  # `not (broke or continued)`


def test_continue_under_a_tensor_condition_skips_the_rest_of_the_iteration():
    def f(x):
        for _ in range(3):
            if x.sum() > 4:
                continue
            x = x + 1
        return x

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [2.0, 3.0])
    assert kinds["add"] == 3 and kinds["switch"] >= 3


def test_return_under_a_tensor_condition_in_a_loop_is_a_flag_and_a_value():
    def f(x):
        for _ in range(3):
            if x.sum() > 4:
                return x
            x = x + 1
        return x * 10

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [2.0, 3.0])
    result, _ = compiled(f, t([-9.0, -9.0]))
    np.testing.assert_allclose(result.asnumpy(), [-60.0, -60.0])
    assert kinds["mul"] == 1 and kinds["switch"] >= 3


def test_return_in_a_branch_of_a_tensor_if_joins_the_return_values():
    def f(x):
        if x.sum() > 0:
            return x + 1
        return x - 1

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [2.0, 3.0])
    assert kinds["switch"] == 1 and kinds["add"] == 1 and kinds["sub"] == 1


def test_return_inside_a_rolled_loop_carries_its_flag_round_the_loop():
    def f(x):
        while x.sum() < 100:
            if x.sum() > 10:
                return x * 0
            x = x * 2
        return x

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [0.0, 0.0])
    assert kinds["while_loop"] == 1 and kinds["switch"] >= 1


def test_flag_names_cannot_clash_with_python_names():
    brk, cont = exits.flag_names(1)
    for name in (brk, cont, exits.RETURNED, exits.RETURN_VALUE):
        assert not name.isidentifier()
