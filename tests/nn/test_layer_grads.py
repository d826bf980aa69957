"""Gradients through the layers (PyNative tape) against finite differences."""

import numpy as np

import graphc as ms
import graphc.nn as nn


def _numeric_grad(f, x, eps=1e-3):
    g = np.zeros_like(x, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        g[idx] = (f(xp) - f(xm)) / (2 * eps)
    return g


def _check_input_grad(cell, x, atol=2e-2):
    rng = np.random.default_rng(1)
    w = rng.normal(size=cell(ms.Tensor(x)).shape).astype(np.float32)

    def f(arr):
        return float((cell(ms.Tensor(arr.astype(np.float32))).asnumpy() * w).sum())

    got = ms.grad(lambda t: (cell(t) * ms.Tensor(w)).sum())(ms.Tensor(x)).asnumpy()
    np.testing.assert_allclose(got, _numeric_grad(f, x.astype(np.float64)), atol=atol,
                               rtol=2e-2)


def test_grad_through_conv_bn_pool_dense():
    ms.set_seed(0)
    x = np.random.default_rng(0).normal(size=(2, 2, 5, 5)).astype(np.float32)
    _check_input_grad(nn.Conv2d(2, 3, 3, has_bias=True), x)
    _check_input_grad(nn.BatchNorm2d(2, use_batch_statistics=True), x)
    _check_input_grad(nn.MaxPool2d(2, 2), x)
    _check_input_grad(nn.AvgPool2d(3, 1, pad_mode="same"), x)
    _check_input_grad(nn.SequentialCell(nn.Flatten(), nn.Dense(50, 4, activation="tanh")), x)


def test_grad_of_weights_via_trainable_params():
    ms.set_seed(0)
    net = nn.Dense(3, 2)
    x = ms.Tensor(np.array([[1.0, 2.0, 3.0]], np.float32))
    dw, db = ms.grad(lambda t: net(t).sum(), None, net.trainable_params())(x)
    np.testing.assert_allclose(dw.asnumpy(), np.array([[1.0, 2.0, 3.0]] * 2))
    np.testing.assert_allclose(db.asnumpy(), [1.0, 1.0])


def test_loss_grads_match_numeric():
    rng = np.random.default_rng(2)
    logits = rng.normal(size=(3, 4)).astype(np.float32)
    labels = ms.Tensor(np.array([1, 0, 3], np.int32))
    for loss in (nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean"),
                 nn.CrossEntropyLoss(label_smoothing=0.2)):
        got = ms.grad(lambda t, fn=loss: fn(t, labels))(ms.Tensor(logits)).asnumpy()
        want = _numeric_grad(
            lambda a, fn=loss: float(fn(ms.Tensor(a.astype(np.float32)), labels).asnumpy()),
            logits.astype(np.float64))
        np.testing.assert_allclose(got, want, atol=1e-3)
