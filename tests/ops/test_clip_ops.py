"""norm, L2Normalize, clip_by_global_norm and nn.ClipByNorm: eager, compiled and
differentiated, against MindSpore 2.10's printed results."""

import math

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops

from .both_modes import grad_both, run_both
from .gradcheck import check_grad

LG = np.array([[-1.5, 0.3, 2.0], [0.7, -0.2, 4.1]], np.float32)
W6 = np.array([[1., 2., 3.], [4., 5., 6.]], np.float32)
A1 = np.array([[3., 4.], [1., 2.]], np.float32)
A2 = np.array([0.5, -12.], np.float32)


def T(a):
    return ms.Tensor(np.asarray(a))


def test_norm_orders_and_dims():
    def f(x):
        return (ops.norm(x), ops.norm(x, 1), ops.norm(x, dim=1), ops.norm(x, "fro"),
                ops.norm(x, float("inf"), dim=1), ops.norm(x, 2, dim=0, keepdim=True),
                ops.norm(x, "nuc"), ops.norm(x, 2), ops.norm(x, -1, dim=1), ops.norm(x, 3, dim=1),
                ops.norm(x, 0, dim=1))

    out = [o.asnumpy() for o in run_both(f, T(LG), rtol=1e-5)]
    expected = [4.86621, 6.1, [2.5179358, 4.1641326], 4.86621, [2.0, 4.1],
                [[1.6552945, 0.3605551, 4.5617976]], 6.2553144, 4.562148,
                [0.2222222, 0.1498695], [2.2507489, 4.1069484], [3.0, 3.0]]
    for got, want in zip(out, expected):
        np.testing.assert_allclose(got, want, rtol=1e-5)
    v = T(np.array([3., -4., 0.5], np.float32))
    assert float(ops.norm(v, 1).asnumpy()) == pytest.approx(7.5)
    assert float(ops.norm(v, float("-inf")).asnumpy()) == pytest.approx(0.5)


def test_norm_gradients():
    g = grad_both(lambda a: ops.norm(a), T(LG))
    np.testing.assert_allclose(g.asnumpy(), [[-0.3082481, 0.0616496, 0.4109975],
                                             [0.1438491, -0.0410997, 0.8425448]], rtol=1e-5)
    g = grad_both(lambda a: ops.norm(a, 1, dim=1).sum(), T(LG))
    np.testing.assert_array_equal(g.asnumpy(), [[-1, 1, 1], [1, -1, 1]])
    x = LG.astype(np.float64)
    for ord_ in ("nuc", 2, -2, 1, math.inf):
        check_grad(lambda a, o=ord_: ops.norm(a, o), x)
    check_grad(lambda a: ops.norm(a, 3, dim=0), x)


def test_norm_errors():
    with pytest.raises(ValueError, match="matrix norm 'ord'"):
        ops.norm(T(LG), 3)
    with pytest.raises(TypeError, match="float type"):
        ops.norm(T(np.array([1, 2], np.int32)))


def test_l2_normalize():
    def f(x):
        return (ops.L2Normalize()(x), ops.L2Normalize(axis=1, epsilon=1e-4)(x),
                ops.L2Normalize(axis=-1, epsilon=100.0)(x))

    a, b, c = run_both(f, T(LG))
    np.testing.assert_allclose(a.asnumpy(), [[-0.9061831, 0.8320503, 0.4384237],
                                             [0.4228854, -0.5547002, 0.8987685]], rtol=1e-5)
    np.testing.assert_allclose(b.asnumpy(), [[-0.5957261, 0.1191452, 0.7943015],
                                             [0.1681022, -0.0480292, 0.9845988]], rtol=1e-5)
    np.testing.assert_allclose(c.asnumpy(), [[-0.15, 0.03, 0.2], [0.07, -0.02, 0.41]],
                               rtol=1e-5)


def test_l2_normalize_gradient():
    w = T(W6)
    g = grad_both(lambda a: (ops.L2Normalize(axis=1)(a) * w).sum(), T(LG))
    np.testing.assert_allclose(g.asnumpy(), [[0.8763625, 0.6984591, 0.552503],
                                             [0.70465, 1.2738543, -0.0581668]], rtol=1e-5)


def test_clip_by_global_norm():
    def f(p, q):
        return ops.clip_by_global_norm((p, q), 1.0), ops.clip_by_global_norm([p, q], 100.0)

    (a, b), (c, d) = run_both(f, T(A1), T(A2))
    np.testing.assert_allclose(a.asnumpy(), [[0.227266207, 0.30302161], [0.0757554024,
                                                                         0.151510805]],
                               rtol=1e-5)
    np.testing.assert_allclose(b.asnumpy(), [0.0378777012, -0.909064829], rtol=1e-5)
    np.testing.assert_array_equal(c.asnumpy(), A1)
    np.testing.assert_array_equal(d.asnumpy(), A2)


def test_clip_by_global_norm_gradient():
    w = T(np.array([[1., 2.], [3., 4.]], np.float32))
    gp, gq = grad_both(lambda p, q: (ops.clip_by_global_norm((p, q), 1.0)[0] * w).sum(),
                       T(A1), T(A2), grad_position=(0, 1))
    np.testing.assert_allclose(gp.asnumpy(), [[0.0470618196, 0.113252699],
                                              [0.217701674, 0.283892542]], rtol=1e-5)
    np.testing.assert_allclose(gq.asnumpy(), [-0.00478226366, 0.114774331], rtol=1e-5)


def test_clip_by_global_norm_use_norm_is_refused_as_in_mindspore():
    with pytest.raises(ValueError, match="only supports None"):
        ops.clip_by_global_norm((T(A1),), 1.0, T(np.float32(4.0)))


def test_nn_clip_by_norm():
    c = T(np.float32(2.0))

    def f(x, clip):
        return (nn.ClipByNorm()(x, clip), nn.ClipByNorm(axis=1)(x, clip),
                nn.ClipByNorm()(x, clip * 50))

    a, b, d = run_both(f, T(A1), c)
    np.testing.assert_allclose(a.asnumpy(), [[1.095445, 1.4605935], [0.3651484, 0.7302967]],
                               rtol=1e-5)
    # Row 0 is MindSpore's number; MindSpore 2.10's CPU kernel reads the wrong elements for
    # the other rows when `axis` is given, so row 1 is the definition: [1, 2] * 2 / sqrt(5).
    np.testing.assert_allclose(b.asnumpy(), [[1.2, 1.6], [2 / math.sqrt(5), 4 / math.sqrt(5)]],
                               rtol=1e-5)
    np.testing.assert_array_equal(d.asnumpy(), A1)


def test_nn_clip_by_norm_gradient():
    w = T(np.array([[1., 2.], [3., 4.]], np.float32))
    c = T(np.float32(2.0))
    g = grad_both(lambda a: (nn.ClipByNorm()(a, c) * w).sum(), T(A1))
    np.testing.assert_allclose(g.asnumpy(), [[-0.438178, -0.3408051], [0.8276696, 0.9250426]],
                               rtol=1e-5)
