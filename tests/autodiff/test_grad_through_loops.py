"""Gradients through real (run-time) loops inside compiled functions: a reverse loop replays
each iteration from the values the forward loop saved, with the primitives' bprops. Equal to
PyNative's gradients and to finite differences; compiled (no interpret node), in STRICT too."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops

from ..compare import assert_same, finite_difference

W = ms.Parameter(ms.Tensor(np.array([0.5, -0.25], np.float32)), name="w_loop")


def t(values):
    return ms.Tensor(np.array(values, np.float32))


def tensor_while(x, n):
    i = 0
    y = x
    while i < n:  # n is mutable: a run-time trip count
        y = ops.tanh(y * W) + x
        i += 1
    return (y * y).sum()


def condition_on_values(x, n):
    y = x
    while (y * y).sum() < 50:  # the loop's length depends on the values themselves
        y = y * 1.5 + 0.1
    return (y * W).sum()


def break_and_range(x, n):
    total = x * 0
    for k in range(n):
        total = total + ops.sin(x * (k + 1))
        if total.sum() > 1.5:
            break
    return (total * total).sum()


CASES = [tensor_while, condition_on_values, break_and_range]


@pytest.mark.parametrize("fn", CASES)
@pytest.mark.parametrize("n", [0, 1, 4])
def test_grad_through_a_run_time_loop_is_compiled_and_matches_pynative(fn, n):
    x = t([0.3, 0.7])
    g = ms.grad(fn, grad_position=0, weights=W)
    eager = g(x, n)
    compiled = ms.jit(lambda a, m: g(a, m))
    graph = compiled(x, ms.mutable(n))
    assert_same(eager, graph, rtol=1e-5)
    assert compiled.explain(x, ms.mutable(n)).count == 0  # all graph code
    assert_same(eager, compiled(x, ms.mutable(n)), rtol=1e-5)  # cached, same graph
    assert compiled.cache_info().misses == 1


@pytest.mark.parametrize("fn", CASES)
def test_compiled_loop_gradient_agrees_with_finite_differences(fn):
    x = t([0.3, 0.7])
    grad = ms.jit(lambda a, m: ms.grad(fn)(a, m))(x, ms.mutable(3))
    expected = finite_difference(lambda v: fn(v, 3), x)
    np.testing.assert_allclose(grad.asnumpy(), expected, rtol=2e-2, atol=2e-3)


def test_value_and_grad_through_a_loop_in_strict_mode():
    ms.set_context(jit_syntax_level=ms.STRICT)
    x = t([0.3, 0.7])
    vg = ms.value_and_grad(tensor_while)
    assert_same(vg(x, 3), ms.jit(lambda a, m: vg(a, m))(x, ms.mutable(3)), rtol=1e-5)


class SmallRNN(ms.nn.Cell):
    def __init__(self):
        super().__init__()
        self.cell = ms.nn.Dense(4, 4)
        self.out = ms.nn.Dense(4, 1)

    def construct(self, x):
        h = x[0] * 0
        t = 0
        steps = (x[0, 0] * 0 + x.shape[0]).astype(ms.int32)  # known only at run time
        while t < steps:  # a real loop; x[t] indexes with the run-time counter
            h = ops.tanh(self.cell(h) + x[t])
            t += 1
        return self.out(h)


def test_graph_mode_training_through_a_run_time_loop_matches_pynative():
    def run(mode):
        ms.set_context(mode=mode)
        ms.set_seed(0)
        net = SmallRNN()
        step = ms.nn.TrainOneStepCell(ms.nn.WithLossCell(net, ms.nn.MSELoss()),
                                      ms.nn.SGD(net.trainable_params(), 0.05))
        x = ms.Tensor(np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32))
        y = ms.Tensor(np.ones((1,), np.float32))
        return [float(step(x, y).asnumpy()) for _ in range(4)], step, x, y

    eager, _, _, _ = run(ms.PYNATIVE_MODE)
    graph, step, x, y = run(ms.GRAPH_MODE)
    np.testing.assert_allclose(graph, eager, rtol=1e-5)
    assert graph[-1] < graph[0]
    assert ms.explain(step, x, y).count == 0


def test_gradient_through_slices_with_run_time_bounds():
    def f(x, n):
        out = x[0] * 0
        t = 0
        while t < n:
            out = out + x[t:t + 2].sum(0) * (t + 1) + x[:, t:].sum()
            t += 1
        return (out * out).sum()

    x = ms.Tensor(np.arange(12, dtype=np.float32).reshape(4, 3) / 10)
    eager = ms.grad(f)(x, 3)
    graph = ms.jit(lambda a, m: ms.grad(f)(a, m))(x, ms.mutable(3))
    assert_same(eager, graph, rtol=1e-5)
    np.testing.assert_allclose(eager.asnumpy(), finite_difference(lambda v: f(v, 3), x)
                               .reshape(4, 3), rtol=1e-2)
