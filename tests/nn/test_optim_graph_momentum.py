"""An optimiser's momentum Parameter changed with set_data is seen by the next step in
GRAPH_MODE as in PyNative (it is read when the graph runs, not folded when it compiles)."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn


@pytest.mark.parametrize("make", [lambda ps: nn.SGD(ps, 0.1, momentum=0.5),
                                  lambda ps: nn.Momentum(ps, 0.1, momentum=0.5)])
def test_momentum_set_between_steps_is_seen_in_both_modes(make):
    def run(mode):
        ms.set_context(mode=mode)
        ms.set_seed(3)
        net = nn.Dense(2, 1)
        opt = make(net.trainable_params())
        step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt)
        x, y = ms.Tensor(np.ones((4, 2), np.float32)), ms.Tensor(np.zeros((4, 1), np.float32))
        losses = [float(step(x, y).asnumpy()) for _ in range(2)]
        opt.momentum.set_data(ms.Tensor(np.array(0.9, np.float32)))
        losses += [float(step(x, y).asnumpy()) for _ in range(2)]
        return losses

    eager = run(ms.PYNATIVE_MODE)
    graph = run(ms.GRAPH_MODE)
    np.testing.assert_allclose(graph, eager, rtol=1e-6)
