"""rand/randn/rand_like/randn_like/randint/uniform/standard_normal (seeded, drawn at run time
in graphs), FillV2, nan_to_num/NanToNum and rrelu, against MindSpore 2.10's printed results
where they are deterministic."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops

from .both_modes import grad_both, run_both

NANS = np.array([np.nan, np.inf, -np.inf, 1.5], np.float32)
F32_MAX = np.float32(3.4028235e38)


def T(a):
    return ms.Tensor(np.asarray(a))


def test_random_functions_shapes_dtypes_and_ranges():
    assert ops.rand(2, 3).dtype == ms.float32 and ops.rand(2, 3).shape == (2, 3)
    assert ops.randn((2, 3)).shape == (2, 3)
    assert ops.rand(2, 3, dtype=ms.float64).dtype == ms.float64
    x = T(np.zeros((4, 2), np.float16))
    assert ops.rand_like(x).dtype == ms.float16 and ops.randn_like(x).shape == (4, 2)
    r = ops.randint(0, 5, (200,))
    assert r.dtype == ms.int64 and r.asnumpy().min() >= 0 and r.asnumpy().max() < 5
    u = ops.uniform((100,), T(np.float32(1)), T(np.float32(2))).asnumpy()
    assert u.dtype == np.float32 and (u >= 1).all() and (u < 2).all()
    assert ops.standard_normal((3, 1)).shape == (3, 1)
    with pytest.raises(ValueError, match="less than"):
        ops.randint(3, 3, (2,))
    with pytest.raises(TypeError, match="float type"):
        ops.rand(2, dtype=ms.int32)


def test_random_functions_follow_set_seed():
    ms.set_seed(11)
    a = (ops.rand(3).asnumpy(), ops.randn(3).asnumpy(), ops.randint(0, 9, (3,)).asnumpy())
    ms.set_seed(11)
    b = (ops.rand(3).asnumpy(), ops.randn(3).asnumpy(), ops.randint(0, 9, (3,)).asnumpy())
    for p, q in zip(a, b):
        np.testing.assert_array_equal(p, q)


def _noisy(x):
    return x + ops.randn(3), x + ops.rand(3)


def test_random_functions_in_a_graph_draw_each_run():
    f = ms.jit(_noisy)
    x = T(np.zeros(3, np.float32))
    first = f(x)[0].asnumpy()
    assert not np.array_equal(first, f(x)[0].asnumpy())


def test_fill_v2():
    out = run_both(lambda v: ops.FillV2()((2, 3), v), T(np.float32(2.5)))
    np.testing.assert_array_equal(out.asnumpy(), np.full((2, 3), 2.5))
    g = grad_both(lambda v: ops.FillV2()((2, 3), v).sum(), T(np.float32(2.5)))
    assert float(g.asnumpy()) == 6.0


def test_nan_to_num():
    def f(x):
        return ops.nan_to_num(x), ops.nan_to_num(x, 0.5, 10.0, -10.0), ops.NanToNum(nan=1.0)(x), \
            x.nan_to_num()

    a, b, c, d = run_both(f, T(NANS))
    np.testing.assert_array_equal(a.asnumpy(), np.array([0, F32_MAX, -F32_MAX, 1.5], np.float32))
    np.testing.assert_array_equal(b.asnumpy(), [0.5, 10, -10, 1.5])
    np.testing.assert_array_equal(c.asnumpy(), np.array([1, F32_MAX, -F32_MAX, 1.5], np.float32))
    np.testing.assert_array_equal(d.asnumpy(), a.asnumpy())
    w = T(np.array([1., 2., 3., 4.], np.float32))
    # MindSpore's gradient (of the defaults); finite replacements keep the sum finite
    g = grad_both(lambda x: (ops.nan_to_num(x, 0.0, 1.0, -1.0) * w).sum(), T(NANS))
    np.testing.assert_array_equal(g.asnumpy(), [0, 0, 0, 4])


def test_rrelu_slopes_within_bounds():
    x = T(np.array([-1., 2., -3., -0.5], np.float32))
    out = ops.rrelu(x).asnumpy()
    assert out[1] == 2.0
    slopes = out[[0, 2, 3]] / x.asnumpy()[[0, 2, 3]]
    assert ((slopes >= 1 / 8) & (slopes <= 1 / 3)).all()


def test_dense():
    out = run_both(lambda x, w, b: ops.dense(x, w, b), T(np.ones((2, 3), np.float32)),
                   T(np.arange(6, dtype=np.float32).reshape(2, 3)), T(np.array([1., 2.],
                                                                               np.float32)))
    np.testing.assert_array_equal(out.asnumpy(), [[4, 14], [4, 14]])


def test_binary_cross_entropy():
    p = T(np.array([0.2, 0.7, 0.9], np.float32))
    y = T(np.array([0., 1., 1.], np.float32))
    w = T(np.array([1., 2., 3.], np.float32))
    a, b = run_both(lambda p_, y_, w_: (ops.binary_cross_entropy(p_, y_),
                                        ops.binary_cross_entropy(p_, y_, w_, "sum")), p, y, w)
    assert float(a.asnumpy()) == pytest.approx(0.22839302, rel=1e-6)
    assert float(b.asnumpy()) == pytest.approx(1.2525752, rel=1e-6)
