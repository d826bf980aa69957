"""The functional loss scalers of graphc.amp in a hand-written training step, eagerly and
inside @jit: MindSpore 2.10's numbers for the same run (recorded by hand)."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn
from graphc.amp import DynamicLossScaler, StaticLossScaler, all_finite

# MindSpore 2.10: (loss, finite, scale after adjust, counter, weight[0, :2]) per step
MS_STEPS = [(1.1087501, True, 1024.0, 1, [0.01875, 0.0825]),
            (np.inf, False, 512.0, 0, [0.01875, 0.0825]),
            (0.12401033, True, 512.0, 1, [0.00932812, 0.05609375]),
            (0.07484994, True, 1024.0, 0, [0.00831543, 0.04264726]),
            (0.050228637, True, 1024.0, 1, [0.00827289, 0.03258279])]


@pytest.fixture(params=[ms.PYNATIVE_MODE, ms.GRAPH_MODE], ids=["pynative", "graph"])
def mode(request):
    ms.set_context(mode=request.param)
    yield
    ms.set_context(mode=ms.PYNATIVE_MODE)


def test_dynamic_scaler_in_a_jit_training_step(mode):
    net = nn.Dense(3, 2)
    net.weight.set_data(ms.Tensor(np.array([[0.1, 0.2, 0.3], [-0.1, 0.5, 0.2]], np.float32)))
    net.bias.set_data(ms.Tensor(np.zeros(2, np.float32)))
    loss_fn = nn.MSELoss()
    opt = nn.SGD(net.trainable_params(), 0.1)
    scaler = DynamicLossScaler(1024.0, 2, 2)

    def forward(x, y):
        return scaler.scale(loss_fn(net(x), y))

    grad_fn = ms.value_and_grad(forward, None, opt.parameters)

    @ms.jit
    def step(x, y):
        loss, grads = grad_fn(x, y)
        loss = scaler.unscale(loss)
        finite = all_finite(grads)
        if finite:
            grads = scaler.unscale(grads)
            opt(grads)
        scaler.adjust(finite)
        return loss, finite

    x = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], np.float32)
    bad = x.copy()
    bad[0, 0] = np.inf
    y = ms.Tensor(np.zeros((2, 2), np.float32))
    for xi, (loss_ms, finite_ms, scale_ms, counter_ms, w_ms) in zip((x, bad, x, x, x), MS_STEPS):
        loss, finite = step(ms.Tensor(xi), y)
        np.testing.assert_allclose(float(loss.asnumpy()), loss_ms, rtol=1e-6)
        assert bool(finite.asnumpy()) is finite_ms
        assert float(scaler.scale_value.asnumpy()) == scale_ms
        assert int(scaler.counter.asnumpy()) == counter_ms
        np.testing.assert_allclose(net.weight.asnumpy().ravel()[:2], w_ms, rtol=1e-6)


def test_static_scaler_and_all_finite():
    s = StaticLossScaler(8)
    a, (b,) = s.scale((ms.Tensor(np.array([1.0], np.float32)),
                       [ms.Tensor(np.array([2.0], np.float16))]))
    assert a.asnumpy().tolist() == [8.0] and b.dtype == ms.float16 and b.asnumpy()[0] == 16.0
    assert s.unscale(a).asnumpy().tolist() == [1.0]
    assert s.adjust(True) is False
    assert not bool(all_finite([ms.Tensor(np.array([1.0, np.nan], np.float32))]).asnumpy())
    assert bool(all_finite((ms.Tensor(np.ones(3, np.float32)),)).asnumpy())
    with pytest.raises(ValueError, match="scale_value"):
        StaticLossScaler(0.5)
    with pytest.raises(ValueError, match="scale_window"):
        DynamicLossScaler(8.0, 2, 0)
