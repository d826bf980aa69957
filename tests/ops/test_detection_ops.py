"""SigmoidCrossEntropyWithLogits, the SmoothL1Loss primitive class, IOU, BoundingBoxEncode /
Decode and UniformReal / StandardNormal: eager and compiled, against MindSpore 2.10's printed
results (random draws: by seed, as graphc's other random ops)."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops

from .both_modes import grad_both, run_both
from .gradcheck import check_grad

LG = np.array([[-1.5, 0.3, 2.0], [0.7, -0.2, 4.1]], np.float32)
LB = np.array([[0., 1., 1.], [1., 0., 0.5]], np.float32)
A = np.array([[0., 0., 4., 4.], [1., 1., 3., 5.], [2., 2., 2., 2.]], np.float32)
B = np.array([[0., 0., 2., 2.], [1., 2., 5., 6.]], np.float32)
D = np.array([[0.1, -0.2, 0.3, 0.05], [-0.5, 0.4, -0.3, 2.0]], np.float32)


def T(a):
    return ms.Tensor(np.asarray(a))


def test_sigmoid_cross_entropy_with_logits():
    out = run_both(lambda x, y: ops.SigmoidCrossEntropyWithLogits()(x, y), T(LG), T(LB))
    np.testing.assert_allclose(out.asnumpy(), [[0.2014133, 0.5543553, 0.126928],
                                               [0.4031861, 0.5981389, 2.0664368]], rtol=1e-5)


def test_sigmoid_cross_entropy_gradients_labels_get_zero_as_in_mindspore():
    gx, gy = grad_both(lambda x, y: ops.SigmoidCrossEntropyWithLogits()(x, y).sum(),
                       T(LG), T(LB), grad_position=(0, 1))
    np.testing.assert_allclose(gx.asnumpy(), [[0.182425514, -0.425557494, -0.119202971],
                                              [-0.331812263, 0.450165987, 0.483697474]],
                               rtol=1e-5)
    np.testing.assert_array_equal(gy.asnumpy(), np.zeros((2, 3)))
    y = LB.astype(np.float64)
    check_grad(lambda x: ops.SigmoidCrossEntropyWithLogits()(x, ms.Tensor(y)),
               LG.astype(np.float64))


def test_smooth_l1_loss_class():
    def f(x, y):
        return (ops.SmoothL1Loss()(x, y), ops.SmoothL1Loss(beta=0.5, reduction="mean")(x, y),
                ops.SmoothL1Loss(reduction="sum")(x, y))

    a, b, c = run_both(f, T(LG), T(LB))
    np.testing.assert_allclose(a.asnumpy(), [[1.0, 0.245, 0.5], [0.045, 0.02, 3.1]], rtol=1e-5)
    assert float(b.asnumpy()) == pytest.approx(0.9883333, rel=1e-6)
    assert float(c.asnumpy()) == pytest.approx(4.91, rel=1e-6)
    with pytest.raises(ValueError, match="reduction"):
        ops.SmoothL1Loss(reduction="avg")


def test_iou_and_iof():
    def f(a, b):
        return ops.IOU()(a, b), ops.IOU(mode="iof")(a, b)

    iou, iof = run_both(f, T(A), T(B))
    np.testing.assert_allclose(iou.asnumpy(), [[0.36, 0.2, 0.1111111],
                                               [0.3157895, 0.4285714, 0.04]], rtol=1e-5)
    np.testing.assert_allclose(iof.asnumpy(), [[1.0, 0.4444444, 0.1111111],
                                               [0.48, 0.48, 0.04]], rtol=1e-5)
    g = ms.grad(lambda x: ops.IOU()(x, T(B)).sum())(T(A))  # MindSpore: zeros
    np.testing.assert_array_equal(g.asnumpy(), np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"\(N, 4\)"):
        ops.IOU()(T(np.zeros((2, 3), np.float32)), T(B))


def test_bounding_box_encode():
    def f(anchor, gt):
        return (ops.BoundingBoxEncode()(anchor, gt),
                ops.BoundingBoxEncode(means=(0.1, 0.2, 0.0, 0.0),
                                      stds=(0.5, 0.5, 2.0, 1.0))(anchor, gt))

    e1, e2 = run_both(f, T(B), T(A[:2]))
    np.testing.assert_allclose(e1.asnumpy(), [[0.3333333, 0.3333333, 0.5108256, 0.5108256],
                                              [-0.2, -0.2, -0.5108256, 0.0]], rtol=1e-5,
                               atol=1e-7)
    np.testing.assert_allclose(e2.asnumpy(), [[0.4666667, 0.2666667, 0.2554128, 0.5108256],
                                              [-0.6, -0.8, -0.2554128, 0.0]], rtol=1e-5,
                               atol=1e-7)


def test_bounding_box_decode():
    def f(anchor, deltas):
        return (ops.BoundingBoxDecode(max_shape=(6, 7))(anchor, deltas),
                ops.BoundingBoxDecode(max_shape=(4, 4), means=(0.1, 0.2, 0.0, 0.0),
                                      stds=(0.5, 0.5, 2.0, 1.0), wh_ratio_clip=0.2)(anchor,
                                                                                     deltas))

    d1, d2 = run_both(f, T(B), T(D))
    np.testing.assert_allclose(d1.asnumpy(), [[0, 0, 2.8247883, 1.4769067],
                                              [0, 0, 1.8520455, 6.0]], rtol=1e-5)
    np.testing.assert_allclose(d2.asnumpy(), [[0, 0.2230933, 3.6831784, 2.3769066],
                                              [1.3779709, 0, 3.122029, 4.0]], rtol=1e-5)
    with pytest.raises(ValueError, match="same number of boxes"):
        ops.BoundingBoxDecode(max_shape=(4, 4))(T(B), T(D[:1]))


def test_uniform_real_is_seeded_and_in_range():
    ms.set_seed(3)
    a = ops.UniformReal(seed=2)((2, 3))
    ms.set_seed(3)
    b = ops.UniformReal(seed=2)((2, 3))
    assert a.dtype == ms.float32 and a.shape == (2, 3)
    np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
    assert (a.asnumpy() >= 0).all() and (a.asnumpy() < 1).all()
    assert ops.StandardNormal()((4,)).shape == (4,)


def _two_draws(x):
    return x + ops.UniformReal()((3,)), x + ops.UniformReal()((3,))


def test_uniform_real_in_a_graph_draws_at_run_time():
    f = ms.jit(_two_draws)
    x = T(np.zeros(3, np.float32))
    a, b = f(x)
    c, _ = f(x)
    assert not np.array_equal(a.asnumpy(), b.asnumpy())  # two draws, not one merged node
    assert not np.array_equal(a.asnumpy(), c.asnumpy())  # not folded at compile time
    ms.set_seed(5)
    first = f(x)[0].asnumpy()
    ms.set_seed(5)
    np.testing.assert_array_equal(f(x)[0].asnumpy(), first)
