"""Gradients of functions with fallback statements (SPEC 3.9, issue 7 'Derivation'): the same
as PyNative's, whether the gradient is taken inside a compiled function or of one, and checked
against finite differences."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn

from ..compare import finite_difference


class Scaler:
    def __init__(self, s):
        self.s = s
        self.calls = 0

    def apply(self, x):
        self.calls += 1
        return x * self.s


def loss_with_fallback(x):
    h = Scaler(3.0)
    y = h.apply(x)
    shift = float(np.sum(x.asnumpy()))  # a constant for autodiff, as in PyNative
    return (y * y).sum() + shift


def test_grad_inside_jit_of_a_function_with_fallback_equals_pynative():
    x = ms.Tensor(np.array([1.0, -2.0, 0.5], np.float32))
    g = ms.grad(loss_with_fallback)
    eager = g(x)
    compiled = ms.jit(lambda v: g(v))
    graph = compiled(x)
    np.testing.assert_allclose(graph.asnumpy(), eager.asnumpy(), rtol=1e-6)
    np.testing.assert_allclose(eager.asnumpy(), 18 * x.asnumpy(), rtol=1e-6)
    assert "the gradient is computed in PyNative" in str(compiled.explain(x))


def test_value_and_grad_of_a_jit_function_with_fallback_equals_pynative():
    x = ms.Tensor(np.array([0.5, 1.5], np.float32))
    eager_value, eager_grad = ms.value_and_grad(loss_with_fallback)(x)
    value, grad = ms.value_and_grad(ms.jit(loss_with_fallback))(x)
    np.testing.assert_allclose(value.asnumpy(), eager_value.asnumpy(), rtol=1e-6)
    np.testing.assert_allclose(grad.asnumpy(), eager_grad.asnumpy(), rtol=1e-6)
    # the NumPy shift is a constant for autodiff, so the gradient is that of the graph part
    np.testing.assert_allclose(grad.asnumpy(), finite_difference(
        lambda v: (v * 3.0 * v * 3.0).sum(), x), rtol=1e-2)


def test_grad_without_fallback_inside_jit_stays_in_the_graph():
    g = ms.grad(lambda v: (v * v).sum())
    compiled = ms.jit(lambda v: g(v))
    x = ms.Tensor(np.array([1.0, 2.0], np.float32))
    np.testing.assert_allclose(compiled(x).asnumpy(), [2.0, 4.0])
    assert compiled.explain(x).count == 0


class NetWithNumpy(nn.Cell):
    def __init__(self):
        super().__init__()
        self.dense = nn.Dense(3, 2)
        self.seen = []

    def construct(self, x):
        self.seen.append(float(np.abs(x.asnumpy()).max()))
        return self.dense(x)


@pytest.mark.parametrize("mode", [ms.PYNATIVE_MODE, ms.GRAPH_MODE])
def test_training_step_with_fallback_in_the_network(mode):
    ms.set_seed(1)
    ms.set_context(mode=mode)
    net = NetWithNumpy()
    loss = nn.WithLossCell(net, nn.MSELoss())
    step = nn.TrainOneStepCell(loss, nn.SGD(net.trainable_params(), learning_rate=0.1))
    x = ms.Tensor(np.array([[1.0, -2.0, 0.5]], np.float32))
    y = ms.Tensor(np.array([[0.5, 0.5]], np.float32))
    losses = [float(step(x, y).asnumpy()) for _ in range(3)]
    ms.set_context(mode=ms.PYNATIVE_MODE)
    ms.set_seed(1)
    ref_net = NetWithNumpy()
    ref = nn.TrainOneStepCell(nn.WithLossCell(ref_net, nn.MSELoss()),
                              nn.SGD(ref_net.trainable_params(), learning_rate=0.1))
    expected = [float(ref(x, y).asnumpy()) for _ in range(3)]
    np.testing.assert_allclose(losses, expected, rtol=1e-6)
    assert losses[2] < losses[0]
    assert net.seen == ref_net.seen == [2.0, 2.0, 2.0]
    if mode == ms.GRAPH_MODE:  # the logging runs in Python; the gradient stays in the graph
        report = str(ms.explain(step, x, y))
        assert "self.seen.append" in report
        assert "the gradient is computed in PyNative" not in report
