"""nn.ForwardValueAndGrad: the network's output and GradOperation's gradients in one Cell,
in PyNative and GRAPH_MODE, with weights and a sensitivity."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = ms.Parameter(ms.Tensor(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)),
                              name="w")

    def construct(self, x):
        return ops.matmul(x, self.w)


X = np.array([[1.0, -1.0]], np.float32)


def check(mode):
    ms.set_context(mode=mode)
    try:
        net = Net()
        x = ms.Tensor(X)
        loss, (gx,) = nn.ForwardValueAndGrad(net, get_all=True)(x)
        np.testing.assert_allclose(loss.asnumpy(), X @ net.w.asnumpy())
        np.testing.assert_allclose(gx.asnumpy(), np.ones((1, 2)) @ net.w.asnumpy().T)
        weights = ms.ParameterTuple(net.trainable_params())
        _, ((gx2,), (gw,)) = nn.ForwardValueAndGrad(net, weights, get_all=True,
                                                     get_by_list=True)(x)
        np.testing.assert_allclose(gx2.asnumpy(), gx.asnumpy())
        np.testing.assert_allclose(gw.asnumpy(), X.T @ np.ones((1, 2)))
        sens = np.array([[2.0, 0.5]], np.float32)
        _, (gs,) = nn.ForwardValueAndGrad(net, get_all=True, sens_param=True)(
            x, ms.Tensor(sens))
        np.testing.assert_allclose(gs.asnumpy(), sens @ net.w.asnumpy().T)
    finally:
        ms.set_context(mode=ms.PYNATIVE_MODE)


def test_forward_value_and_grad_pynative():
    check(ms.PYNATIVE_MODE)


def test_forward_value_and_grad_graph_mode():
    check(ms.GRAPH_MODE)


def test_forward_value_and_grad_rejects_bad_arguments():
    with pytest.raises(TypeError, match="get_all"):
        nn.ForwardValueAndGrad(Net(), get_all=1)
    with pytest.raises(TypeError, match="weights"):
        nn.ForwardValueAndGrad(Net(), get_by_list=True)
    with pytest.raises(TypeError, match="network"):
        nn.ForwardValueAndGrad(42)
