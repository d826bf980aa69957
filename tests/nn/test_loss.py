import numpy as np
import pytest

import graphc as ms
import graphc.nn as nn


def _t(a, dtype=np.float32):
    return ms.Tensor(np.asarray(a, dtype))


RNG = np.random.default_rng(0)
LOGITS = RNG.normal(size=(4, 5)).astype(np.float32)
TARGET = RNG.normal(size=(4, 5)).astype(np.float32)
INDICES = np.array([0, 3, 4, 1], np.int32)


def _log_softmax(x, axis=-1):
    x = x.astype(np.float64)
    m = x.max(axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis, keepdims=True))


def _reduce(x, reduction):
    return {"none": x, "mean": x.mean(), "sum": x.sum()}[reduction]


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_mse_and_l1_match_numpy(reduction):
    out = nn.MSELoss(reduction)(_t(LOGITS), _t(TARGET)).asnumpy()
    np.testing.assert_allclose(out, _reduce((LOGITS - TARGET) ** 2, reduction), rtol=1e-5)
    out = nn.L1Loss(reduction)(_t(LOGITS), _t(TARGET)).asnumpy()
    np.testing.assert_allclose(out, _reduce(np.abs(LOGITS - TARGET), reduction), rtol=1e-5)


def test_mean_reduction_gives_0d_tensor_and_broadcasting_works():
    out = nn.MSELoss()(_t(LOGITS), _t(TARGET[:1]))
    assert out.shape == ()
    np.testing.assert_allclose(out.asnumpy(), ((LOGITS - TARGET[:1]) ** 2).mean(), rtol=1e-5)
    with pytest.raises(ValueError, match=r"MSELoss.*\[4, 5\].*\[4, 3\]"):
        nn.MSELoss()(_t(LOGITS), _t(np.ones((4, 3))))


def test_bad_reduction_is_a_clear_error():
    with pytest.raises(ValueError, match="reduction.*'avg'"):
        nn.MSELoss("avg")


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_softmax_cross_entropy_dense_and_sparse(reduction):
    probs = np.exp(TARGET) / np.exp(TARGET).sum(-1, keepdims=True)
    loss = nn.SoftmaxCrossEntropyWithLogits(reduction=reduction)
    want = -(probs * _log_softmax(LOGITS)).sum(-1)
    np.testing.assert_allclose(loss(_t(LOGITS), _t(probs)).asnumpy(), _reduce(want, reduction),
                               rtol=1e-5)
    sparse = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction=reduction)
    want = -_log_softmax(LOGITS)[np.arange(4), INDICES]
    np.testing.assert_allclose(sparse(_t(LOGITS), ms.Tensor(INDICES)).asnumpy(),
                               _reduce(want, reduction), rtol=1e-5)


def test_softmax_cross_entropy_default_reduction_is_none_and_errors():
    out = nn.SoftmaxCrossEntropyWithLogits(sparse=True)(_t(LOGITS), ms.Tensor(INDICES))
    assert out.shape == (4,)
    with pytest.raises(ValueError, match=r"sparse=True.*\[4\]"):
        nn.SoftmaxCrossEntropyWithLogits(sparse=True)(_t(LOGITS), ms.Tensor(INDICES[:3]))
    with pytest.raises(ValueError, match="same shape"):
        nn.SoftmaxCrossEntropyWithLogits()(_t(LOGITS), _t(TARGET[:, :3]))


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_cross_entropy_loss_indices_weight_and_ignore(reduction):
    weight = np.array([1.0, 2.0, 0.5, 1.0, 3.0], np.float32)
    labels = np.array([0, 3, -100, 4], np.int32)
    loss = nn.CrossEntropyLoss(weight=_t(weight), reduction=reduction)
    logp = _log_softmax(LOGITS)
    valid = labels != -100
    safe = np.where(valid, labels, 0)
    w = weight[safe] * valid
    per = -logp[np.arange(4), safe] * w
    want = {"none": per, "sum": per.sum(), "mean": per.sum() / w.sum()}[reduction]
    np.testing.assert_allclose(loss(_t(LOGITS), ms.Tensor(labels)).asnumpy(), want, rtol=1e-5)


def test_cross_entropy_loss_probabilities_and_label_smoothing():
    probs = np.exp(TARGET) / np.exp(TARGET).sum(-1, keepdims=True)
    logp = _log_softmax(LOGITS)
    got = nn.CrossEntropyLoss()(_t(LOGITS), _t(probs)).asnumpy()
    np.testing.assert_allclose(got, -(probs * logp).sum(-1).mean(), rtol=1e-5)
    got = nn.CrossEntropyLoss(label_smoothing=0.1)(_t(LOGITS), ms.Tensor(INDICES)).asnumpy()
    onehot = np.eye(5)[INDICES]
    smoothed = onehot * 0.9 + 0.1 / 5
    np.testing.assert_allclose(got, -(smoothed * logp).sum(-1).mean(), rtol=1e-5)


def test_cross_entropy_loss_unbatched_and_errors():
    loss = nn.CrossEntropyLoss(reduction="none")
    out = loss(_t(LOGITS[0]), ms.Tensor(np.array(2, np.int32)))
    assert out.shape == ()
    np.testing.assert_allclose(out.asnumpy(), -_log_softmax(LOGITS[0])[2], rtol=1e-5)
    with pytest.raises(TypeError, match="weight"):
        nn.CrossEntropyLoss(weight=[1.0, 2.0])
    with pytest.raises(ValueError, match="label_smoothing"):
        nn.CrossEntropyLoss(label_smoothing=1.5)
