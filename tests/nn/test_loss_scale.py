"""TrainOneStepWithLossScaleCell: a step whose gradients overflow is skipped and the dynamic
scale shrinks; otherwise the step equals an unscaled one. Both modes give the same numbers."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn

X = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], np.float32)
W = np.array([[0.1, 0.2, 0.3], [-0.1, 0.5, 0.2]], np.float32)


def _net():
    net = nn.Dense(3, 2)
    net.weight.set_data(ms.Tensor(W))
    net.bias.set_data(ms.Tensor(np.zeros(2, np.float32)))
    return net


@pytest.fixture(params=[ms.PYNATIVE_MODE, ms.GRAPH_MODE], ids=["pynative", "graph"])
def mode(request):
    ms.set_context(mode=request.param)
    yield
    ms.set_context(mode=ms.PYNATIVE_MODE)


def test_overflow_skips_the_step_and_the_scale_follows_the_window(mode):
    net = _net()
    opt = nn.Momentum(net.trainable_params(), 0.1, 0.9)
    update = nn.DynamicLossScaleUpdateCell(loss_scale_value=2 ** 10, scale_factor=2,
                                           scale_window=2)
    step = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()), opt, update)
    y = ms.Tensor(np.zeros((2, 2), np.float32))
    bad = X.copy()
    bad[0, 0] = np.inf
    scales, conds, weights = [], [], []
    for x in (X, bad, X, X, X):
        loss, cond, scale = step(ms.Tensor(x), y)
        scales.append(float(scale.asnumpy()))
        conds.append(bool(cond.asnumpy()))
        weights.append(net.weight.asnumpy().copy())
    assert conds == [False, True, False, False, False]
    # halved by the overflow, doubled after 2 clean steps
    assert scales == [1024.0, 1024.0, 512.0, 512.0, 1024.0]
    np.testing.assert_array_equal(weights[1], weights[0])  # the overflowed step did nothing
    assert not np.array_equal(weights[2], weights[1])

    # the clean steps equal unscaled TrainOneStepCell steps
    ref = _net()
    ref_step = nn.TrainOneStepCell(nn.WithLossCell(ref, nn.MSELoss()),
                                   nn.Momentum(ref.trainable_params(), 0.1, 0.9))
    for _ in range(2):
        ref_step(ms.Tensor(X), y)
    np.testing.assert_allclose(weights[2], ref.weight.asnumpy(), rtol=1e-5, atol=1e-6)


def test_fixed_scale_and_tensor_scale_sense():
    net = _net()
    step = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()),
                                            nn.SGD(net.trainable_params(), 0.1),
                                            ms.Tensor(np.array(64.0, np.float32)))
    loss, cond, scale = step(ms.Tensor(X), ms.Tensor(np.zeros((2, 2), np.float32)))
    assert float(scale.asnumpy()) == 64.0 and not bool(cond.asnumpy())
    step.set_sense_scale(ms.Tensor(np.array(8.0, np.float32)))
    assert float(step.scale_sense.asnumpy()) == 8.0
    with pytest.raises(ValueError, match=r"\(1,\) or \(\)"):
        nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()),
                                         nn.SGD(net.trainable_params(), 0.1),
                                         ms.Tensor(np.ones(3, np.float32)))
    with pytest.raises(TypeError, match="Cell or Tensor"):
        nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()),
                                         nn.SGD(net.trainable_params(), 0.1), 3.0)
    fixed = nn.FixedLossScaleUpdateCell(128.0)
    assert fixed.get_loss_scale() == 128.0
