"""The specialiser: constants fold, graph values become nodes, control flow on constants is
resolved at compile time."""

import numpy as np

import graphc as ms
from graphc import ops


def t(values):
    return ms.Tensor(np.array(values, np.float32))


def _callees(jf):
    graph = jf.graphs()[-1].graph
    return [getattr(n.callee, "name", None) for g in graph.all_graphs() for n in g.nodes]


def test_tensors_created_from_constants_fold():
    def f(x):
        c = ms.Tensor([1.0, 2.0]) + ms.Tensor([1.0, 1.0])
        return x + c

    jf = ms.jit(f)
    np.testing.assert_allclose(jf(t([0.0, 0.0])).asnumpy(), [2.0, 3.0])
    assert _callees(jf).count("add") == 1


def test_constant_condition_compiles_only_the_taken_branch():
    def f(x, flag):
        if flag:
            return ops.exp(x)
        return ops.log(x)

    jf = ms.jit(f)
    jf(t([1.0]), True)
    assert "exp" in _callees(jf) and "log" not in _callees(jf)


def test_untaken_branch_errors_are_not_reported():
    def f(x):
        if x.shape[0] == 2:
            return x
        return x.reshape((7, 7))  # invalid for this shape, never compiled

    np.testing.assert_allclose(ms.jit(f)(t([1.0, 2.0])).asnumpy(), [1.0, 2.0])


def test_python_floats_stay_python_floats():
    def f(x):
        return x, float("-123.6")

    _, value = ms.jit(f)(t([1.0]))
    assert value == -123.6 and type(value) is float


def test_shapes_and_len_are_constants():
    def f(x):
        return len(x) * x.shape[1] + x.ndim

    assert ms.jit(f)(t(np.ones((3, 4)))) == 14


def test_loop_carried_python_int_becomes_a_run_time_scalar():
    def f(x):
        n = 0
        while x.sum() < 8:
            x = x * 2
            n = n + 1
        return x, n

    jf = ms.jit(f)
    x, n = jf(t([1.0]))
    assert n == 3 and type(n) is int
    np.testing.assert_allclose(x.asnumpy(), [8.0])
