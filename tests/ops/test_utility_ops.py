"""depend, tuple_to_array, scalar_to_tensor, make_range, Identity and Print, against
MindSpore 2.10's printed results, eagerly and compiled."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops

from .both_modes import grad_both, run_both

X = np.array([[0.3, -1.2, 2.5, 0.7], [1.1, 4.0, -0.5, 2.2], [0.9, 0.1, 0.8, 3.3]], np.float32)
W = np.arange(1, 13, dtype=np.float32).reshape(3, 4)


def test_depend_returns_the_value_and_its_gradient():
    w = ms.Tensor(W)
    out = run_both(lambda x: ops.depend(x, x * 2), ms.Tensor(X))
    np.testing.assert_allclose(out.asnumpy(), X)
    g = grad_both(lambda a: (ops.depend(a * 2, a * 3) * w).sum(), ms.Tensor(X))
    np.testing.assert_allclose(g.asnumpy(), 2 * W)


def test_tuple_to_array_dtypes():
    a = ops.tuple_to_array((1, 2, 3))
    assert a.dtype == ms.int32
    np.testing.assert_array_equal(a.asnumpy(), [1, 2, 3])
    assert ops.tuple_to_array((1.5, 2.0)).dtype == ms.float32


def test_tuple_to_array_of_a_shape_in_a_graph():
    out = run_both(lambda x: ops.tuple_to_array(x.shape) * 2, ms.Tensor(X))
    np.testing.assert_array_equal(out.asnumpy(), [6, 8])
    assert out.dtype == ms.int32


def test_tuple_to_array_rejects_other_elements():
    with pytest.raises(TypeError, match="ints or floats"):
        ops.tuple_to_array((1, "a"))


def test_scalar_to_tensor():
    t = ops.scalar_to_tensor(3)
    assert t.dtype == ms.float32 and t.shape == () and float(t.asnumpy()) == 3.0
    t = ops.scalar_to_tensor(2.5, ms.int32)
    assert t.dtype == ms.int32 and int(t.asnumpy()) == 2
    assert ops.scalar_to_tensor(True).dtype == ms.float32


def test_make_range():
    assert ops.make_range(5) == (0, 1, 2, 3, 4)
    assert ops.make_range(1, 7, 2) == (1, 3, 5)
    assert ops.make_range(5, 0, -2) == (5, 3, 1)
    with pytest.raises(TypeError, match="ints"):
        ops.make_range(1.5)
    with pytest.raises(ValueError, match="step"):
        ops.make_range(0, 3, 0)


def test_identity_and_its_gradient():
    w = ms.Tensor(W)
    out = run_both(lambda x: ops.Identity()(x), ms.Tensor(X))
    np.testing.assert_allclose(out.asnumpy(), X)
    g = grad_both(lambda a: (ops.Identity()(a) * w).sum(), ms.Tensor(X))
    np.testing.assert_allclose(g.asnumpy(), W)


def test_print_eager_one_argument_per_line(capsys):
    assert ops.Print()("x is", ms.Tensor(np.array([1, 2], np.int32)), 3) is None
    assert capsys.readouterr().out == ("x is\nTensor(shape=[2], dtype=Int32, value= [1, 2])\n"
                                       "3\n")


def _print_then_add(x):
    y = x * 2
    ops.Print()("y:", y)
    return y + 1


def test_print_in_a_graph_runs_at_run_time_in_order(capsys):
    f = ms.jit(_print_then_add)
    x = ms.Tensor(np.array([1.5, 2.0], np.float32))
    f(x)
    first = capsys.readouterr().out
    assert first.startswith("y:\n") and "3." in first and "4." in first
    out = f(ms.Tensor(np.array([5.0, 6.0], np.float32)))  # cached graph: prints again
    np.testing.assert_allclose(out.asnumpy(), [11.0, 13.0])
    second = capsys.readouterr().out
    assert second.startswith("y:\n") and "10." in second and "12." in second


def test_print_rejects_objects():
    with pytest.raises(TypeError, match="Print"):
        ops.Print()(object())
