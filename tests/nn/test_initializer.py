import math

import numpy as np
import pytest

import graphc as ms
from graphc.common.initializer import (
    Constant,
    HeNormal,
    HeUniform,
    Identity,
    Normal,
    One,
    Orthogonal,
    TruncatedNormal,
    Uniform,
    XavierNormal,
    XavierUniform,
    Zero,
    initializer,
)


def test_constant_initializers_and_names():
    assert initializer("zeros", (2, 3)).asnumpy().tolist() == [[0.0] * 3] * 2
    assert initializer("ones", 2).asnumpy().tolist() == [1.0, 1.0]
    assert initializer(Zero(), [2]).dtype == ms.float32
    np.testing.assert_array_equal(initializer(One(), (2,), ms.float16).asnumpy(), [1, 1])
    assert initializer(One(), (2,), ms.float16).dtype == ms.float16
    np.testing.assert_array_equal(initializer(Constant(3), (2,)).asnumpy(), [3.0, 3.0])
    np.testing.assert_array_equal(initializer(7, (2,), ms.int32).asnumpy(), [7, 7])


def test_tensor_init_is_returned_after_shape_check():
    t = ms.Tensor(np.ones((2, 3), np.float32))
    assert initializer(t, (2, 3)) is t
    with pytest.raises(ValueError, match=r"\[2, 3\].*\[3, 2\]"):
        initializer(t, (3, 2))


def test_unknown_name_and_bad_type_are_errors():
    with pytest.raises(ValueError, match="not supported"):
        initializer("nope", (2,))
    with pytest.raises(TypeError):
        initializer(object(), (2,))
    with pytest.raises(ValueError, match="shape"):
        initializer("ones", (2, -1))


def test_set_seed_makes_random_initializers_reproducible():
    for init in ("normal", "uniform", "he_uniform", "he_normal", "xavier_uniform",
                 "xavier_normal", "truncatednormal"):
        ms.set_seed(3)
        a = initializer(init, (4, 5)).asnumpy()
        ms.set_seed(3)
        b = initializer(init, (4, 5)).asnumpy()
        np.testing.assert_array_equal(a, b)
        assert a.dtype == np.float32 and a.shape == (4, 5)


def test_uniform_and_normal_statistics():
    ms.set_seed(0)
    u = initializer(Uniform(0.5), (200, 100)).asnumpy()
    assert u.min() >= -0.5 and u.max() <= 0.5 and abs(u.mean()) < 0.01
    n = initializer(Normal(sigma=2.0, mean=1.0), (200, 100)).asnumpy()
    assert abs(n.mean() - 1.0) < 0.05 and abs(n.std() - 2.0) < 0.05


def test_he_uniform_bound_uses_fan_in_and_gain():
    ms.set_seed(0)
    shape = (64, 16, 3, 3)
    w = initializer(HeUniform(math.sqrt(5)), shape).asnumpy()
    fan_in = 16 * 9
    gain = math.sqrt(2.0 / (1 + 5))
    bound = math.sqrt(3.0) * gain / math.sqrt(fan_in)
    assert w.max() <= bound and w.min() >= -bound
    assert w.max() > 0.9 * bound
    fan_out = initializer(HeNormal(mode="fan_out", nonlinearity="relu"), (400, 300)).asnumpy()
    assert abs(fan_out.std() - math.sqrt(2.0) / math.sqrt(400)) < 0.005


def test_xavier_and_truncated_normal():
    ms.set_seed(0)
    w = initializer(XavierUniform(gain=2.0), (30, 50)).asnumpy()
    bound = 2.0 * math.sqrt(6.0 / 80)
    assert w.max() <= bound and w.min() >= -bound
    xn = initializer(XavierNormal(), (300, 500)).asnumpy()
    assert abs(xn.std() - math.sqrt(2.0 / 800)) < 0.002
    t = initializer(TruncatedNormal(sigma=1.0, a=-0.5, b=0.5), (1000,)).asnumpy()
    assert t.min() >= -0.5 and t.max() <= 0.5


def test_fan_needs_two_dimensions():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        initializer("he_uniform", (3,))


def test_identity_orthogonal_and_in_place_call():
    np.testing.assert_array_equal(initializer(Identity(), (2, 3)).asnumpy(),
                                  np.eye(2, 3, dtype=np.float32))
    q = initializer(Orthogonal(), (4, 4)).asnumpy()
    np.testing.assert_allclose(q @ q.T, np.eye(4), atol=1e-5)
    arr = np.zeros((2, 2), np.float32)
    assert One()(arr) is arr and arr.sum() == 4


def test_tensor_constructor_accepts_initializer():
    t = ms.Tensor(shape=(2, 2), dtype=ms.float32, init=One())
    np.testing.assert_array_equal(t.asnumpy(), np.ones((2, 2)))


def test_without_a_graphc_seed_numpy_s_global_seed_makes_weights_reproducible(monkeypatch):
    import importlib
    module = importlib.import_module("graphc.common.initializer")
    monkeypatch.setattr(module, "get_seed", lambda: None)  # (no graphc.set_seed in effect)
    np.random.seed(0)
    first = [p.asnumpy() for p in ms.nn.Dense(3, 2).get_parameters()]
    np.random.seed(0)
    again = [p.asnumpy() for p in ms.nn.Dense(3, 2).get_parameters()]
    np.random.seed(1)
    other = ms.nn.Dense(3, 2).weight.asnumpy()
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], other)
