import numpy as np
import pytest

import graphc as ms
import graphc.nn as nn


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype(np.float32)
    w = np.array([[1.5], [-2.0], [0.5]], np.float32)
    y = (x @ w + 0.3).astype(np.float32)
    return ms.Tensor(x), ms.Tensor(y)


@pytest.mark.parametrize("make_opt", [
    lambda ps: nn.SGD(ps, 0.1),
    lambda ps: nn.Momentum(ps, 0.05, 0.9),
    lambda ps: nn.Adam(ps, 0.05),
])
def test_train_one_step_cell_lowers_regression_loss(make_opt):
    ms.set_seed(0)
    x, y = _data()
    net = nn.Dense(3, 1)
    train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), make_opt(
        net.trainable_params()))
    train.set_train()
    first = float(train(x, y).asnumpy())
    for _ in range(60):
        last = float(train(x, y).asnumpy())
    assert last < 0.1 * first


def test_train_one_step_matches_manual_sgd_step():
    ms.set_seed(0)
    x, y = _data()
    net = nn.Dense(3, 1)
    w0, b0 = net.weight.asnumpy().copy(), net.bias.asnumpy().copy()
    train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                                nn.SGD(net.trainable_params(), 0.1), sens=2.0)
    loss = train(x, y)
    xn, yn = x.asnumpy(), y.asnumpy()
    err = xn @ w0.T + b0 - yn
    np.testing.assert_allclose(loss.asnumpy(), (err ** 2).mean(), rtol=1e-5)
    dw = 2 * 2 * (err * xn).mean(0, keepdims=True)  # sens 2 scales the gradient
    np.testing.assert_allclose(net.weight.asnumpy(), w0 - 0.1 * dw, rtol=1e-4, atol=1e-6)


def test_train_one_step_runs_forward_once_per_step():
    calls = []

    class Counting(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc = nn.Dense(3, 1)

        def construct(self, x):
            calls.append(1)
            return self.fc(x)

    x, y = _data()
    net = Counting()
    train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                                nn.SGD(net.trainable_params(), 0.1))
    train(x, y)
    assert len(calls) == 1


def test_with_loss_and_eval_cells():
    x, y = _data()
    net = nn.Dense(3, 1)
    with_loss = nn.WithLossCell(net, nn.L1Loss())
    assert with_loss.backbone_network is net
    assert [p.name for p in with_loss.trainable_params()] == ["weight", "bias"]
    loss, out, label = nn.WithEvalCell(net, nn.L1Loss())(x, y)
    np.testing.assert_allclose(loss.asnumpy(), with_loss(x, y).asnumpy(), rtol=1e-6)
    assert out.shape == (32, 1) and label is y
    with pytest.raises(TypeError, match="optimizer"):
        nn.TrainOneStepCell(with_loss, "sgd")


def test_train_one_step_in_graph_mode_and_with_batchnorm():
    ms.set_context(mode=ms.GRAPH_MODE)

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc = nn.Dense(3, 4)
            self.bn = nn.BatchNorm1d(4)
            self.out = nn.Dense(4, 1)

        def construct(self, x):
            return self.out(self.bn(self.fc(x)))

    ms.set_seed(1)
    x, y = _data()
    net = Net()
    train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                                nn.Momentum(net.trainable_params(), 0.02, 0.9)).set_train()
    assert [p.name for p in net.trainable_params()] == [
        "fc.weight", "fc.bias", "bn.gamma", "bn.beta", "out.weight", "out.bias"]
    first = float(train(x, y).asnumpy())
    for _ in range(40):
        last = float(train(x, y).asnumpy())
    assert last < first
    assert np.abs(net.bn.moving_mean.asnumpy()).sum() > 0


def test_training_with_batchnorm_and_dropout_is_the_same_in_both_modes():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc = nn.Dense(3, 8)
            self.bn = nn.BatchNorm1d(8)
            self.drop = nn.Dropout(p=0.3)
            self.out = nn.Dense(8, 1)

        def construct(self, x):
            return self.out(self.drop(ms.ops.relu(self.bn(self.fc(x)))))

    def run(mode):
        ms.set_context(mode=mode)
        ms.set_seed(7)
        net = Net()
        train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                                    nn.Momentum(net.trainable_params(), 0.05, 0.9)).set_train()
        x, y = _data()
        losses = [float(train(x, y).asnumpy()) for _ in range(6)]
        return losses, net.bn.moving_mean.asnumpy(), net.bn.moving_variance.asnumpy()

    eager, graph = run(ms.PYNATIVE_MODE), run(ms.GRAPH_MODE)
    np.testing.assert_allclose(graph[0], eager[0], rtol=1e-5)  # same masks, same steps
    np.testing.assert_allclose(graph[1], eager[1], rtol=1e-5)  # same moving statistics
    np.testing.assert_allclose(graph[2], eager[2], rtol=1e-5)
