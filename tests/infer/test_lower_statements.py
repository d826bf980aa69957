"""Lowering of the remaining statements (infer/lowering/statements.py): `assert` and `raise`
under a run-time condition are raise nodes, `with` inlines the manager's methods, inner `def`
is inlined where it is called, `global` writes are the policy's."""

import gast
import numpy as np
import pytest

import graphc as ms
from graphc.common.errors import GraphcSyntaxError

from .lowering_probe import compiled, statement_rule_module, t


def test_statements_are_lowered_by_the_statement_rules():
    for kind in (gast.Expr, gast.Pass, gast.Global, gast.FunctionDef, gast.Assert, gast.With,
                 gast.Raise):
        assert statement_rule_module(kind) == "statements"


def test_assert_on_a_tensor_is_a_raise_node_under_a_switch():
    def f(x):
        assert x.sum() > 0, "not positive"
        return x

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [1.0, 2.0])
    assert kinds["switch"] == 1 and kinds["raise"] == 1
    with pytest.raises(AssertionError, match="not positive"):
        ms.jit(f)(t([-1.0, -2.0]))


def test_raise_under_a_tensor_condition_is_a_raise_node():
    def f(x):
        if x.sum() > 100:
            raise ValueError("too big")
        return x

    _, kinds = compiled(f, t([1.0]))
    assert kinds["raise"] == 1
    with pytest.raises(ValueError, match="too big"):
        ms.jit(f)(t([101.0]))


def test_with_inlines_enter_and_exit_of_a_jit_class():
    @ms.jit_class
    class Offset:
        def __enter__(self):
            return 5

        def __exit__(self, *exc):
            return False

    def f(x):
        with Offset() as v:
            y = x + v
        return y

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [6.0, 7.0])
    assert kinds["add"] == 1 and kinds["py_execute"] == 0


def test_an_inner_def_is_inlined_where_it_is_called():
    def f(x):
        def triple(v):
            return v * 3
        pass
        return triple(x)

    result, kinds = compiled(f, t([1.0]))
    np.testing.assert_allclose(result.asnumpy(), [3.0])
    assert kinds["mul"] == 1


def test_a_global_write_runs_in_python_at_lax_and_is_an_error_at_strict():
    def f(x):
        global _WRITTEN
        _WRITTEN = 5
        return x

    _, kinds = compiled(f, t([1.0]))
    assert kinds["py_execute"] == 1 and globals()["_WRITTEN"] == 5
    with pytest.raises(GraphcSyntaxError, match="global '_WRITTEN'"):
        compiled(f, t([1.0]), strict=True)
