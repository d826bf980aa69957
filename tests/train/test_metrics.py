"""The metrics against MindSpore 2.10's numbers for the same inputs (recorded by hand)."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn, train

Y_PRED = np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3],
                   [0.6, 0.1, 0.3], [0.1, 0.2, 0.7]], np.float32)
Y = np.array([1, 0, 1, 2, 0, 2], np.int32)


def _two_batches(metric):
    metric.clear()
    metric.update(ms.Tensor(Y_PRED[:3]), ms.Tensor(Y[:3]))
    metric.update(ms.Tensor(Y_PRED[3:]), ms.Tensor(Y[3:]))
    return np.asarray(metric.eval())


@pytest.mark.parametrize("metric, expected", [
    (train.Accuracy(), 0.666667),
    (train.Top1CategoricalAccuracy(), 0.666667),
    (train.Precision(), [1.0, 0.5, 0.5]),
    (train.Recall(), [1.0, 0.5, 0.5]),
    (train.F1(), [1.0, 0.5, 0.5]),
    (train.ConfusionMatrix(3), [[2, 0, 0], [0, 1, 1], [0, 1, 1]]),
    (train.ConfusionMatrix(3, normalize="target"), [[1, 0, 0], [0, 0.5, 0.5], [0, 0.5, 0.5]]),
])
def test_classification_metrics_match_mindspore(metric, expected):
    np.testing.assert_allclose(_two_batches(metric), expected, atol=1e-6)


def test_other_metrics_match_mindspore():
    p = train.Precision()
    p.update(ms.Tensor(Y_PRED), ms.Tensor(Y))
    assert p.eval(average=True) == pytest.approx(0.666667, abs=1e-6)
    top2 = train.TopKCategoricalAccuracy(2)
    top2.update(Y_PRED, Y)  # ndarrays are accepted too
    assert top2.eval() == pytest.approx(4 / 6)
    a = train.Accuracy()
    a.update(Y_PRED, np.eye(3, dtype=np.float32)[Y])  # one-hot labels
    assert a.eval() == pytest.approx(4 / 6)
    ml = train.Accuracy("multilabel")
    ml.update(np.array([[1, 0, 1], [0, 1, 1]]), np.array([[1, 0, 1], [1, 1, 1]]))
    assert ml.eval() == 0.5
    mae = train.MAE()
    mae.update(ms.Tensor(np.array([[0.1, 0.2], [0.6, 0.9]], np.float32)),
               ms.Tensor(np.array([[0.1, 0.25], [0.7, 0.9]], np.float32)))
    assert mae.eval() == pytest.approx(0.075, abs=1e-6)
    mse = train.MSE()
    mse.update([0.1, 0.2, 0.6, 0.9], [0.1, 0.25, 0.7, 0.9])
    assert mse.eval() == pytest.approx(0.003125, abs=1e-6)
    loss = train.Loss()
    loss.update(ms.Tensor(np.array([0.5, 1.5], np.float32)))
    loss.update(ms.Tensor(np.array(2.0, np.float32)))
    assert loss.eval() == 1.5


def test_calling_a_metric_clears_updates_and_evaluates():
    acc = train.Accuracy()
    acc.update(Y_PRED, Y)
    assert acc(Y_PRED[:2], Y[:2]) == 1.0  # the earlier update is cleared


def test_set_indexes_picks_the_inputs():
    acc = train.Accuracy().set_indexes([2, 1])
    acc.update("ignored", Y, Y_PRED)
    assert acc.eval() == pytest.approx(4 / 6)


def test_errors_are_mindspores():
    with pytest.raises(RuntimeError, match="number of samples is 0"):
        train.Accuracy().eval()
    with pytest.raises(ValueError, match="needs 2 inputs"):
        train.Accuracy().update(Y_PRED)
    with pytest.raises(ValueError, match="class number not match"):
        a = train.Accuracy()
        a.update(Y_PRED, Y)
        a.update(Y_PRED[:, :2], Y)
    with pytest.raises(TypeError, match="eval_type"):
        train.Accuracy("bad")
    with pytest.raises(TypeError, match="tensor, list or numpy.ndarray"):
        train.MAE().update(3, 4)
    with pytest.raises(KeyError, match="unsupported metric"):
        train.get_metric_fn("nope")


def test_names_and_spellings():
    assert isinstance(train.get_metric_fn("acc"), train.Accuracy)
    assert set(train.get_metrics({"acc", "loss"})) == {"acc", "loss"}
    assert nn.Accuracy is train.Accuracy is ms.Accuracy
    assert nn.Metric is train.Metric and ms.train.metrics.F1 is nn.F1
    for name in ("Top1CategoricalAccuracy", "Top5CategoricalAccuracy", "Precision", "Recall",
                 "MAE", "MSE", "Loss", "ConfusionMatrix"):
        assert getattr(nn, name) is getattr(train, name)


def test_module_spellings_of_mindspore_1x_scripts():
    from graphc.nn.metrics import Accuracy as A1

    from graphc.train.metrics import Accuracy as A2
    assert A1 is A2 is train.Accuracy
