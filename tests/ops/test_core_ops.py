import numpy as np
import pytest

import graphc as ms
from graphc import ops

from .gradcheck import check_grad


def test_add_mul_sub_neg_gradients_with_broadcasting():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(2, 3)), rng.normal(size=(3,))
    check_grad(ops.add, a, b)
    check_grad(ops.sub, a, b)
    check_grad(ops.mul, a, b)
    check_grad(ops.neg, a)


def test_reshape_broadcast_to_and_cast_gradients():
    a = np.random.default_rng(2).normal(size=(2, 3))
    check_grad(lambda x: ops.reshape(x, (3, -1)), a)
    check_grad(lambda x: ops.broadcast_to(x, (4, 2, 3)), a)
    g = ms.grad(lambda x: ops.cast(x, ms.float32) * 2.0)(ms.Tensor(a))
    assert g.dtype is ms.float64
    np.testing.assert_allclose(g.asnumpy(), np.full((2, 3), 2.0))


def test_primitive_classes_call_the_functional_ops():
    x = ms.Tensor([1.0, 2.0])
    np.testing.assert_allclose(ops.Add()(x, x).asnumpy(), [2.0, 4.0])
    np.testing.assert_allclose(ops.Reshape()(x, (2, 1)).asnumpy(), [[1.0], [2.0]])


def test_broadcast_mismatch_names_op_and_shapes():
    with pytest.raises(ValueError, match=r"For 'Add'.*\[2, 3\] and \[4\]"):
        ops.add(ms.Tensor(np.zeros((2, 3))), ms.Tensor(np.zeros(4)))


def test_reshape_size_mismatch_is_clear():
    with pytest.raises(ValueError, match=r"For 'Reshape', cannot reshape .* \[2, 3\]"):
        ops.reshape(ms.Tensor(np.zeros((2, 3))), (4, 2))
