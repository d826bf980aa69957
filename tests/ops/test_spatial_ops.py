"""pad / Pad / nn.Pad and ResizeNearestNeighbor: eager, compiled and differentiated, against
MindSpore 2.10's printed results."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops

from .both_modes import grad_both, run_both
from .gradcheck import check_grad

X = np.array([[1., 2., 3.], [4., 5., 6.]], np.float32)
X4 = np.arange(12, dtype=np.float32).reshape(1, 1, 3, 4)


def T(a):
    return ms.Tensor(np.asarray(a))


def test_pad_primitive_and_constant_modes():
    def f(x):
        return (ops.Pad(((1, 0), (2, 1)))(x), ops.pad(x, (1, 2), value=9.0),
                ops.pad(x, (1, 0, 0, 1)), ops.pad(x, (-1, 1)))

    a, b, c, d = run_both(f, T(X))
    np.testing.assert_array_equal(a.asnumpy(), [[0, 0, 0, 0, 0, 0], [0, 0, 1, 2, 3, 0],
                                                [0, 0, 4, 5, 6, 0]])
    np.testing.assert_array_equal(b.asnumpy(), [[9, 1, 2, 3, 9, 9], [9, 4, 5, 6, 9, 9]])
    np.testing.assert_array_equal(c.asnumpy(), [[0, 1, 2, 3], [0, 4, 5, 6], [0, 0, 0, 0]])
    np.testing.assert_array_equal(d.asnumpy(), [[2, 3, 0], [5, 6, 0]])


def test_pad_reflect_replicate_circular():
    def f(x):
        return (ops.pad(x, (2, 1, 1, 2), mode="reflect"),
                ops.pad(x, (1, 2, 2, 1), mode="replicate"),
                ops.pad(x, (1, 2, 1, 1), mode="circular"))

    r, e, c = run_both(f, T(X4))
    np.testing.assert_array_equal(r.asnumpy()[0, 0], [
        [6, 5, 4, 5, 6, 7, 6], [2, 1, 0, 1, 2, 3, 2], [6, 5, 4, 5, 6, 7, 6],
        [10, 9, 8, 9, 10, 11, 10], [6, 5, 4, 5, 6, 7, 6], [2, 1, 0, 1, 2, 3, 2]])
    np.testing.assert_array_equal(e.asnumpy()[0, 0], [
        [0, 0, 1, 2, 3, 3, 3], [0, 0, 1, 2, 3, 3, 3], [0, 0, 1, 2, 3, 3, 3],
        [4, 4, 5, 6, 7, 7, 7], [8, 8, 9, 10, 11, 11, 11], [8, 8, 9, 10, 11, 11, 11]])
    np.testing.assert_array_equal(c.asnumpy()[0, 0], [
        [11, 8, 9, 10, 11, 8, 9], [3, 0, 1, 2, 3, 0, 1], [7, 4, 5, 6, 7, 4, 5],
        [11, 8, 9, 10, 11, 8, 9], [3, 0, 1, 2, 3, 0, 1]])


def test_nn_pad_modes():
    def f(x):
        return (nn.Pad(((0, 1), (1, 2)), mode="REFLECT")(x),
                nn.Pad(((1, 1), (2, 2)), mode="SYMMETRIC")(x), nn.Pad(((1, 1), (0, 1)))(x))

    r, s, c = run_both(f, T(X))
    np.testing.assert_array_equal(r.asnumpy(), [[2, 1, 2, 3, 2, 1], [5, 4, 5, 6, 5, 4],
                                                [2, 1, 2, 3, 2, 1]])
    np.testing.assert_array_equal(s.asnumpy(), [[2, 1, 1, 2, 3, 3, 2], [2, 1, 1, 2, 3, 3, 2],
                                                [5, 4, 4, 5, 6, 6, 5], [5, 4, 4, 5, 6, 6, 5]])
    np.testing.assert_array_equal(c.asnumpy(), [[0, 0, 0, 0], [1, 2, 3, 0], [4, 5, 6, 0],
                                                [0, 0, 0, 0]])


def test_pad_gradients_match_mindspore():
    w = T(np.arange(1, 16, dtype=np.float32).reshape(3, 5))
    g = grad_both(lambda a: (ops.Pad(((1, 0), (1, 1)))(a) * w).sum(), T(X))
    np.testing.assert_array_equal(g.asnumpy(), [[7, 8, 9], [12, 13, 14]])
    w = T(np.arange(1, 19, dtype=np.float32).reshape(3, 6))
    g = grad_both(lambda a: (nn.Pad(((0, 1), (1, 2)), mode="REFLECT")(a) * w).sum(), T(X))
    np.testing.assert_array_equal(g.asnumpy(), [[40, 54, 20], [20, 27, 10]])
    w = T(np.arange(1, 43, dtype=np.float32).reshape(1, 1, 6, 7))
    g = grad_both(lambda a: (ops.pad(a, (1, 2, 2, 1), mode="replicate") * w).sum(), T(X4))
    np.testing.assert_array_equal(g.asnumpy()[0, 0], [[51, 30, 33, 117], [45, 24, 25, 81],
                                                      [132, 69, 71, 225]])


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
def test_pad_gradient_by_finite_differences(mode):
    check_grad(lambda x: ops.pad(x, (1, 2, -1, 1), mode=mode), X4.astype(np.float64) / 7)


def test_pad_second_order():
    v = T(np.ones((1, 1, 6, 7)))

    def inner(x):
        return (ops.pad(x * x, (1, 2, 2, 1), mode="reflect") * v).sum()

    check_grad(lambda x: ms.grad(inner)(x), X4.astype(np.float64) / 7)


def test_pad_errors():
    with pytest.raises(ValueError, match="smaller than its size"):
        ops.pad(T(X), (3, 0), mode="reflect")
    with pytest.raises(ValueError, match="'mode'"):
        ops.pad(T(X), (1, 1), mode="edge")
    with pytest.raises(TypeError, match="even number"):
        ops.pad(T(X), (1,))
    with pytest.raises(ValueError, match=">= 0"):
        ops.Pad(((1, -1), (0, 0)))
    with pytest.raises(ValueError, match="'mode'"):
        nn.Pad(((1, 1),), mode="EDGE")


def test_resize_nearest_neighbor():
    def f(x):
        return (ops.ResizeNearestNeighbor((5, 6))(x),
                ops.ResizeNearestNeighbor((5, 6), align_corners=True)(x),
                ops.ResizeNearestNeighbor((2, 3))(x),
                ops.ResizeNearestNeighbor((5, 6), half_pixel_centers=True)(x))

    up, ac, down, hpc = run_both(f, T(X4))
    rows = [[0, 0, 1, 2, 2, 3], [0, 0, 1, 2, 2, 3], [4, 4, 5, 6, 6, 7], [4, 4, 5, 6, 6, 7],
            [8, 8, 9, 10, 10, 11]]
    np.testing.assert_array_equal(up.asnumpy()[0, 0], rows)
    np.testing.assert_array_equal(ac.asnumpy()[0, 0], [
        [0, 1, 1, 2, 2, 3], [4, 5, 5, 6, 6, 7], [4, 5, 5, 6, 6, 7], [8, 9, 9, 10, 10, 11],
        [8, 9, 9, 10, 10, 11]])
    np.testing.assert_array_equal(down.asnumpy()[0, 0], [[0, 1, 2], [4, 5, 6]])
    # MindSpore 2.10's CPU kernel gives half_pixel_centers=True the same table
    np.testing.assert_array_equal(hpc.asnumpy()[0, 0], rows)


def test_resize_nearest_neighbor_gradient():
    w = T(np.arange(1, 31, dtype=np.float32).reshape(1, 1, 5, 6))
    g = grad_both(lambda a: (ops.ResizeNearestNeighbor((5, 6))(a) * w).sum(), T(X4))
    np.testing.assert_array_equal(g.asnumpy()[0, 0], [[18, 12, 30, 18], [66, 36, 78, 42],
                                                      [51, 27, 57, 30]])
    check_grad(lambda x: ops.ResizeNearestNeighbor((4, 3), align_corners=True)(x),
               X4.astype(np.float64))


def test_resize_nearest_neighbor_errors():
    with pytest.raises(ValueError, match="4-D"):
        ops.ResizeNearestNeighbor((2, 2))(T(X))
    with pytest.raises(TypeError, match="size"):
        ops.ResizeNearestNeighbor((2, 0))


BILINEAR = [[0, 0.5, 1.166667, 1.833333, 2.5, 3], [1.6, 2.1, 2.766667, 3.433334, 4.1, 4.6],
            [4, 4.5, 5.166667, 5.833333, 6.5, 7],
            [6.400001, 6.900001, 7.566668, 8.233335, 8.900001, 9.400001],
            [8, 8.5, 9.166667, 9.833334, 10.5, 11]]


def test_interpolate_modes():
    def f(x):
        return (ops.interpolate(x, size=(5, 6), mode="bilinear"),
                ops.interpolate(x, size=(5, 6), mode="bilinear", align_corners=True),
                ops.interpolate(x, size=(2, 3), mode="bilinear"),
                ops.interpolate(x, size=(5, 6), mode="nearest"), ops.interpolate(x, size=(2, 3)),
                ops.interpolate(x, scale_factor=2.0, mode="bilinear",
                                recompute_scale_factor=True))

    bl, ac, down, nn_up, nn_down, sf = run_both(f, T(X4))
    np.testing.assert_allclose(bl.asnumpy()[0, 0], BILINEAR, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(ac.asnumpy()[0, 0], np.arange(5)[:, None] * 2 +
                               np.arange(6)[None, :] * 0.6, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(down.asnumpy()[0, 0], [[1.166667, 2.5, 3.833333],
                                                      [7.166667, 8.5, 9.833334]], rtol=1e-5)
    np.testing.assert_array_equal(nn_up.asnumpy()[0, 0], [
        [0, 0, 1, 2, 2, 3], [0, 0, 1, 2, 2, 3], [4, 4, 5, 6, 6, 7], [4, 4, 5, 6, 6, 7],
        [8, 8, 9, 10, 10, 11]])
    np.testing.assert_array_equal(nn_down.asnumpy()[0, 0], [[0, 1, 2], [4, 5, 6]])
    assert sf.shape == (1, 1, 6, 8)
    x3 = T(np.arange(8, dtype=np.float32).reshape(1, 2, 4))
    lin = ops.interpolate(x3, size=6, mode="linear").asnumpy()
    np.testing.assert_allclose(lin, [[[0, 0.5, 1.166667, 1.833333, 2.5, 3],
                                      [4, 4.5, 5.166667, 5.833333, 6.5, 7]]], rtol=1e-5)
    lin_ac = ops.interpolate(x3, size=6, mode="linear", align_corners=True).asnumpy()
    np.testing.assert_allclose(lin_ac, [[[0, 0.6, 1.2, 1.8, 2.4, 3], [4, 4.6, 5.2, 5.8, 6.4, 7]]],
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(ops.interpolate(x3, size=6).asnumpy(),
                                  [[[0, 0, 1, 2, 2, 3], [4, 4, 5, 6, 6, 7]]])


def test_interpolate_gradients():
    w = T(np.arange(1, 31, dtype=np.float32).reshape(1, 1, 5, 6))
    g = grad_both(lambda a: (ops.interpolate(a, size=(5, 6), mode="bilinear") * w).sum(), T(X4))
    np.testing.assert_allclose(g.asnumpy()[0, 0], [[8.599999, 12.066664, 15.533335, 19],
                                                   [36, 39.89999, 43.800003, 47.699993],
                                                   [55.400005, 58.86666, 62.333347, 65.8]],
                               rtol=1e-5)
    g = grad_both(lambda a: (ops.interpolate(a, size=(5, 6)) * w).sum(), T(X4))
    np.testing.assert_array_equal(g.asnumpy()[0, 0], [[18, 12, 30, 18], [66, 36, 78, 42],
                                                      [51, 27, 57, 30]])
    check_grad(lambda x: ops.interpolate(x, size=(3, 2, 5), mode="trilinear",
                                         align_corners=True),
               np.arange(24, dtype=np.float64).reshape(1, 1, 2, 3, 4) / 5)


def test_interpolate_errors():
    with pytest.raises(ValueError, match="'mode'"):
        ops.interpolate(T(X4), size=(2, 2), mode="bicubic")
    with pytest.raises(ValueError, match="4-D"):
        ops.interpolate(T(X), size=(2, 2), mode="bilinear")
    with pytest.raises(ValueError, match="exactly one"):
        ops.interpolate(T(X4))
