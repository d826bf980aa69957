"""Item assignment on NumPy arrays inside graphs (`a[1] = 5`, `a[2] += 2`) runs as in Python at
LAX: on arrays the graph makes and on arrays passed in (which change for the caller).

MindSpore 2.10, by hand: `a = np.array([1, 2, 3]); a[1] = 5; a[2] += 2` gives [1, 5, 5];
`a = np.zeros((2, 2)); a[0, 1] = 7; a[1] += 1` then `x + Tensor(a)` at x=[1] gives [[1, 8], [2, 2]];
`a[0] = x.sum()` at x=[1, 2] gives [3, 2, 0]. (Under a run-time `if`, MindSpore 2.10 applies the
branch's assignment even when the condition is false; graphc does what Python does.)"""

import numpy as np
import pytest

import graphc as ms
from tests.compare import assert_same, check_compiled_matches_eager


def t(values):
    return ms.Tensor(np.array(values, np.float32))


def made_in_graph(x):
    a = np.array([1, 2, 3])
    a[1] = 5
    a[2] += 2
    return ms.Tensor(a), x


def two_dimensional(x):
    a = np.zeros((2, 2))
    a[0, 1] = 7
    a[1] += 1
    return x + ms.Tensor(a, ms.float32)


def from_a_graph_value(x):
    a = np.zeros(3, np.float32)
    a[0] = x.sum()
    a[1] += 2
    return ms.Tensor(a)


def in_an_unrolled_loop(x):
    a = np.arange(4)
    for i in range(3):
        a[i] = i * 10
    return a


def under_a_run_time_condition(x):
    a = np.ones(2)
    if x.sum() > 0:
        a[0] = 5
    return ms.Tensor(a, ms.float32) * x


def test_assignment_on_a_graph_array_matches_mindspore():
    out = ms.jit(made_in_graph)(t([1.0]))
    np.testing.assert_array_equal(out[0].asnumpy(), [1, 5, 5])
    np.testing.assert_array_equal(ms.jit(two_dimensional)(t([1.0])).asnumpy(), [[1, 8], [2, 2]])
    np.testing.assert_array_equal(ms.jit(from_a_graph_value)(t([1.0, 2.0])).asnumpy(),
                                  [3, 2, 0])


@pytest.mark.parametrize("fn, make", [
    (made_in_graph, lambda: (t([1.0]),)),
    (two_dimensional, lambda: (t([1.0]),)),
    (from_a_graph_value, lambda: (t([1.0, 2.0]),)),
    (in_an_unrolled_loop, lambda: (t([1.0]),)),
    (under_a_run_time_condition, lambda: (t([1.0]),)),
])
def test_compiled_matches_eager(fn, make):
    check_compiled_matches_eager(fn, make)


def test_condition_false_leaves_the_array_as_python_does():
    f = ms.jit(under_a_run_time_condition)
    assert_same(under_a_run_time_condition(t([-1.0])), f(t([-1.0])))
    np.testing.assert_array_equal(f(t([-1.0])).asnumpy(), [-1, -1])
    np.testing.assert_array_equal(f(t([2.0])).asnumpy(), [10, 2])


def test_an_array_passed_in_changes_for_the_caller():
    def f(x, a):
        a[1] = 5
        a[2] += 2
        return a

    a = np.array([1, 2, 3])
    out = ms.jit(f)(t([1.0]), a)
    np.testing.assert_array_equal(out, [1, 5, 5])
    np.testing.assert_array_equal(a, [1, 5, 5])


def test_strict_still_refuses_numpy_item_assignment():
    with pytest.raises(TypeError, match="'ndarray' object does not support item assignment"):
        ms.jit(from_a_graph_value, fullgraph=True)(t([1.0, 2.0]))
