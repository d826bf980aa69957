"""Lowering of calls (infer/lowering/calls.py) and the callee kinds (infer/lowering/callees.py):
user functions, inner functions, partials and user Cells are inlined, framework ops and Cells
record their primitives, a run-time choice of callable becomes branches, Python callables fold
on constants (or run in Python at LAX), print is a node."""

import functools

import gast
import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops
from graphc.infer.lowering import callees
from graphc.infer.support import InterpretedFunction, RuntimeChoice

from .lowering_probe import compiled, expression_rule_module, t


def _helper(x, k=2):
    return x * k


class _Exp(nn.Cell):
    def construct(self, x):
        return ops.exp(x)


def test_calls_are_lowered_by_the_calls_rule():
    assert expression_rule_module(gast.Call) == "calls"


def test_callee_kinds_in_order():
    names = [kind.name for kind in callees.CALLEE_KINDS]
    assert names[0] == "print" and names[-1] == "a Python callable"
    assert callees.kind_of(print).name == "print"
    assert callees.kind_of(functools.partial(_helper, k=3)).name == "functools.partial"
    assert callees.kind_of(_helper).name == "a user function"
    assert callees.kind_of(_Exp()).name == "a Cell"
    assert callees.kind_of(ops.exp).name == "a framework callable"
    assert callees.kind_of(len).name == "a Python callable"
    assert callees.kind_of(ms.jit(_helper)).name == "a @jit function"
    assert callees.kind_of(RuntimeChoice((ops.exp,), 0)).name == "a run-time choice"
    inner = [kind.name for kind in callees.CALLEE_KINDS if kind.types is InterpretedFunction]
    assert inner == ["an inner function"]


def test_user_functions_partials_and_inner_functions_are_inlined():
    def f(x):
        def g(v):
            return v - 1
        return functools.partial(_helper, k=3)(x) + _helper(x) + g(x)

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [5.0, 11.0])
    assert kinds["mul"] == 2 and kinds["sub"] == 1 and kinds["add"] == 2


def test_user_and_framework_cells_record_their_primitives():
    net = _Exp()

    def f(x):
        return net(x) + nn.ReLU()(x)

    result, kinds = compiled(f, t([1.0, -2.0]))
    np.testing.assert_allclose(result.asnumpy(), [np.e + 1.0, np.exp(-2.0)], rtol=1e-6)
    assert kinds["exp"] == 1 and kinds["relu"] == 1


def test_a_callable_picked_by_a_run_time_index_is_a_switch():
    def f(x, i):
        return (ops.exp, ops.neg)[i](x)

    result, kinds = compiled(f, t([1.0, 2.0]), ms.Tensor(1, ms.int32))
    np.testing.assert_allclose(result.asnumpy(), [-1.0, -2.0])
    assert kinds["switch"] == 1 and kinds["exp"] == 1 and kinds["neg"] == 1


def test_python_callables_fold_on_constants():
    def f(x):
        return x + (max(3, 4) + len([1, 2]))

    result, kinds = compiled(f, t([1.0]))
    np.testing.assert_allclose(result.asnumpy(), [7.0])
    assert kinds["add"] == 1 and kinds["py_execute"] == 0


def test_python_callables_on_graph_values_run_in_python_at_lax():
    def f(x):
        return x + float(np.sum(x.asnumpy()))

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [4.0, 5.0])
    assert kinds["py_execute"] >= 1


def test_print_is_a_node():
    def f(x):
        print("x is", x)
        return x

    _, kinds = compiled(f, t([1.0]))
    assert kinds["print"] == 1


def test_in_place_tensor_methods_rebind_the_local_name():
    def f(x):
        y = x + 0
        y.add_(1)
        return y

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [2.0, 3.0])
    assert kinds["add"] == 2


def test_a_jit_class_instance_without_call_is_an_error():
    @ms.jit_class
    class NoCall:
        pass

    def f(x):
        return NoCall()(x)

    with pytest.raises(ValueError, match="has no __call__"):
        compiled(f, t([1.0]))
