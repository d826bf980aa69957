"""GatherD/gather_elements, Sort/sort, TopK/topk, ArgMaxWithValue, ArgMinWithValue and
nonzero: eager, compiled and differentiated, against MindSpore 2.10's printed results."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops

from .both_modes import grad_both, run_both
from .gradcheck import check_grad

X = np.array([[0.3, -1.2, 2.5, 0.7], [1.1, 4.0, -0.5, 2.2], [0.9, 0.1, 0.8, 3.3]], np.float32)
W = np.arange(1, 13, dtype=np.float32).reshape(3, 4)
W32 = np.array([[1., 2.], [3., 4.], [5., 6.]], np.float32)


def T(a):
    return ms.Tensor(np.asarray(a))


def test_arg_max_with_value_axis0_and_keep_dims():
    def f(x):
        i0, v0 = ops.ArgMaxWithValue(axis=0)(x)
        i1, v1 = ops.ArgMaxWithValue(axis=1, keep_dims=True)(x)
        return i0, v0, i1, v1

    i0, v0, i1, v1 = run_both(f, T(X))
    assert i0.dtype == ms.int64
    np.testing.assert_array_equal(i0.asnumpy(), [1, 1, 0, 2])
    np.testing.assert_allclose(v0.asnumpy(), [1.1, 4.0, 2.5, 3.3])
    np.testing.assert_array_equal(i1.asnumpy(), [[2], [1], [3]])
    np.testing.assert_allclose(v1.asnumpy(), [[2.5], [4.0], [3.3]])


def test_arg_min_with_value():
    i, v = run_both(lambda x: ops.ArgMinWithValue(axis=1)(x), T(X))
    np.testing.assert_array_equal(i.asnumpy(), [1, 2, 1])
    np.testing.assert_allclose(v.asnumpy(), [-1.2, -0.5, 0.1])


def test_arg_max_with_value_gradient_goes_to_the_maximum():
    w = T(np.array([1., 2., 3., 4.], np.float32))

    def loss(x):
        return (ops.ArgMaxWithValue(axis=0)(x)[1] * w).sum()

    g = grad_both(loss, T(X))
    np.testing.assert_allclose(g.asnumpy(), [[0, 0, 3, 0], [1, 2, 0, 0], [0, 0, 0, 4]])


def test_topk_values_indices_and_dims():
    def f(x):
        return ops.TopK()(x, 2) + ops.topk(x, 2, dim=0) + ops.topk(x, 2, largest=False)

    v, i, v0, i0, vs, is_ = run_both(f, T(X))
    assert i.dtype == ms.int32
    np.testing.assert_allclose(v.asnumpy(), [[2.5, 0.7], [4.0, 2.2], [3.3, 0.9]])
    np.testing.assert_array_equal(i.asnumpy(), [[2, 3], [1, 3], [3, 0]])
    np.testing.assert_allclose(v0.asnumpy(), [[1.1, 4.0, 2.5, 3.3], [0.9, 0.1, 0.8, 2.2]])
    np.testing.assert_array_equal(i0.asnumpy(), [[1, 1, 0, 2], [2, 2, 2, 1]])
    np.testing.assert_allclose(vs.asnumpy(), [[-1.2, 0.3], [-0.5, 1.1], [0.1, 0.8]])
    np.testing.assert_array_equal(is_.asnumpy(), [[1, 0], [2, 0], [1, 2]])


def test_topk_gradient():
    w = T(W32)

    def loss(x):
        return (ops.topk(x, 2)[0] * w).sum()

    g = grad_both(loss, T(X))
    np.testing.assert_allclose(g.asnumpy(), [[0, 0, 1, 2], [0, 3, 0, 4], [6, 0, 0, 5]])
    check_grad(lambda x: ops.topk(x, 3, dim=0)[0], X.astype(np.float64))


def test_topk_k_out_of_range_is_a_value_error():
    with pytest.raises(ValueError, match="the k must be in"):
        ops.TopK()(T(X), 5)


def test_sort_ascending_and_descending():
    def f(x):
        return ops.Sort()(x) + ops.sort(x, axis=0, descending=True)

    v, i, vd, idd = run_both(f, T(X))
    assert i.dtype == ms.int32
    np.testing.assert_allclose(v.asnumpy(), [[-1.2, 0.3, 0.7, 2.5], [-0.5, 1.1, 2.2, 4.0],
                                             [0.1, 0.8, 0.9, 3.3]])
    np.testing.assert_array_equal(i.asnumpy(), [[1, 0, 3, 2], [2, 0, 3, 1], [1, 2, 0, 3]])
    np.testing.assert_allclose(vd.asnumpy(), [[1.1, 4.0, 2.5, 3.3], [0.9, 0.1, 0.8, 2.2],
                                              [0.3, -1.2, -0.5, 0.7]])
    np.testing.assert_array_equal(idd.asnumpy(), [[1, 1, 0, 2], [2, 2, 2, 1], [0, 0, 1, 0]])


def test_sort_descending_ints_keeps_ties_in_order():
    v, i = ops.sort(T(np.array([3, -2**31, 3, 7], np.int32)), descending=True)
    np.testing.assert_array_equal(v.asnumpy(), [7, 3, 3, -2**31])
    np.testing.assert_array_equal(i.asnumpy(), [3, 0, 2, 1])


def test_sort_gradient():
    w = T(W)

    def loss(x):
        return (ops.sort(x)[0] * w).sum()

    g = grad_both(loss, T(X))
    np.testing.assert_allclose(g.asnumpy(), [[2, 1, 4, 3], [6, 8, 5, 7], [11, 9, 10, 12]])


def test_sort_axis_out_of_range():
    with pytest.raises(ValueError, match="axis"):
        ops.Sort(axis=3)(T(X))


IDX = np.array([[0, 2], [3, 1], [1, 1]], np.int32)


def test_gather_elements_and_gather_d():
    def f(x, idx, idx0):
        return ops.GatherD()(x, 1, idx), ops.gather_elements(x, 0, idx0)

    a, b = run_both(f, T(X), T(IDX), T(np.array([[2, 0, 1, 1]], np.int64)))
    np.testing.assert_allclose(a.asnumpy(), [[0.3, 2.5], [2.2, 4.0], [0.1, 0.1]])
    np.testing.assert_allclose(b.asnumpy(), [[0.9, -1.2, -0.5, 2.2]])


def test_gather_elements_gradient_adds_repeated_indices():
    w = T(W32)
    idx = T(IDX)

    def loss(x):
        return (ops.gather_elements(x, 1, idx) * w).sum()

    g = grad_both(loss, T(X))
    np.testing.assert_allclose(g.asnumpy(), [[1, 0, 2, 0], [0, 4, 0, 3], [0, 11, 0, 0]])
    check_grad(lambda x: ops.gather_elements(x, 1, idx), X.astype(np.float64))


def test_gather_elements_second_order():
    idx, v = T(IDX), T(np.ones((3, 4)))

    def inner(x):
        return (ops.gather_elements(x * x, 1, idx)).sum()

    check_grad(lambda x: ms.grad(inner)(x) * v, X.astype(np.float64))


def test_gather_elements_errors():
    with pytest.raises(IndexError, match="must be in"):
        ops.gather_elements(T(X), 1, T(np.array([[4]], np.int32)))
    with pytest.raises(TypeError, match="Int32 or Int64"):
        ops.gather_elements(T(X), 1, T(np.array([[0.5]], np.float32)))
    with pytest.raises(ValueError, match="rank"):
        ops.gather_elements(T(X), 1, T(np.array([0], np.int32)))


M = np.array([[0, 1.5, 0], [2, 0, -1]], np.float32)


def test_nonzero_function_method_and_as_tuple():
    def f(m):
        return ops.nonzero(m), m.nonzero()

    a, b = run_both(f, T(M))
    assert a.dtype == ms.int64
    np.testing.assert_array_equal(a.asnumpy(), [[0, 1], [1, 0], [1, 2]])
    np.testing.assert_array_equal(b.asnumpy(), a.asnumpy())
    rows, cols = ops.nonzero(T(M), as_tuple=True)
    np.testing.assert_array_equal(rows.asnumpy(), [0, 1, 1])
    np.testing.assert_array_equal(cols.asnumpy(), [1, 0, 2])
    np.testing.assert_array_equal(ops.nonzero(T(np.array([0, 3, 0, 4], np.int32))).asnumpy(),
                                  [[1], [3]])
