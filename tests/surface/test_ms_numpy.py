"""`graphc.numpy` (MindSpore's `mindspore.numpy`): dtypes, array creation, random arrays and
isclose/all, on Tensors, eagerly and inside @jit; and MindSpore's deprecated `P.TensorAdd`."""

import numpy as onp
import pytest

import graphc as ms
from graphc import numpy as mnp


def test_dtypes_and_creation():
    assert mnp.float32 is ms.float32 and mnp.int32 is ms.int32
    assert mnp.ones((2, 3)).dtype == ms.float32
    onp.testing.assert_array_equal(mnp.ones((2, 3)).asnumpy(), onp.ones((2, 3)))
    onp.testing.assert_array_equal(mnp.zeros(2, mnp.int32).asnumpy(), [0, 0])
    assert mnp.full((2,), 3).dtype == ms.int32
    onp.testing.assert_array_equal(mnp.full((2,), 1.5).asnumpy(), [1.5, 1.5])
    onp.testing.assert_array_equal(mnp.arange(1, 7, 2).asnumpy(), [1, 3, 5])
    assert mnp.array([1.0, 2.0]).dtype == ms.float32 and mnp.array([1, 2]).dtype == ms.int32
    assert mnp.array(5, ndmin=2).shape == (1, 1)
    with pytest.raises(TypeError, match="shape"):
        mnp.ones("2")


def test_random_arrays_have_the_shape_and_range():
    ms.set_seed(1)
    u = mnp.rand(200, 3)
    assert u.shape == (200, 3) and u.dtype == ms.float32
    assert 0.0 <= float(u.asnumpy().min()) and float(u.asnumpy().max()) < 1.0
    n = mnp.randn((400, 4)).asnumpy()
    assert n.shape == (400, 4) and abs(float(n.mean())) < 0.2 and 0.8 < float(n.std()) < 1.2


def test_isclose_and_all():
    got = mnp.isclose(mnp.array([1.0, 2.0, float("nan")]), mnp.array([1.0, 2.1, float("nan")]))
    onp.testing.assert_array_equal(got.asnumpy(), [True, False, False])
    nan_equal = mnp.isclose(mnp.array([float("nan")]), mnp.array([float("nan")]),
                            equal_nan=True)
    assert bool(nan_equal.asnumpy()[0])
    assert bool(mnp.all(mnp.ones(3)).asnumpy()) and not bool(mnp.all(mnp.zeros(3)).asnumpy())
    onp.testing.assert_array_equal(
        mnp.all(mnp.array([[1, 0], [1, 1]]), axis=1).asnumpy(), [False, True])


@ms.jit
def _make(x):
    return x + mnp.ones((2, 2)) * mnp.full((2, 2), 2.0)


def test_inside_jit():
    onp.testing.assert_array_equal(_make(ms.Tensor(onp.zeros((2, 2), onp.float32))).asnumpy(),
                                   onp.full((2, 2), 2.0))


def test_deprecated_tensor_add_is_add():
    from graphc.ops import operations as P
    assert P.TensorAdd is P.Add
    out = P.TensorAdd()(ms.Tensor(onp.float32(1.0)), ms.Tensor(onp.float32(2.0)))
    assert float(out.asnumpy()) == 3.0
