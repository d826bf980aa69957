"""grad / value_and_grad / GradOperation called inside compiled functions give PyNative's
gradients, through control flow, Parameters and every API flag."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops

from ..compare import assert_same


def t(values):
    return ms.Tensor(np.array(values, np.float32))


W = ms.Parameter(t([0.5, -1.5]), name="w")


def loss(x, y):
    if x.sum() > 0:
        z = x * y * W
    else:
        z = x - y * W
    i = 0
    while i < 2:
        z = z * 1.5 + ops.tanh(z)
        i += 1
    return (z * z).sum()


def two_outputs(x, y):
    return (x * y).sum(), x + y


def grads_by_position(x, y):
    return ms.grad(loss, grad_position=(0, 1))(x, y)


def grads_with_weights(x, y):
    return ms.grad(loss, grad_position=0, weights=ms.ParameterTuple([W]))(x, y)


def weights_only(x, y):
    return ms.grad(loss, grad_position=None, weights=W)(x, y)


def value_and_grads(x, y):
    return ms.value_and_grad(loss, grad_position=1)(x, y)


def with_aux(x, y):
    return ms.grad(two_outputs, has_aux=True)(x, y)


def grad_operation_all(x, y):
    return ops.GradOperation(get_all=True)(loss)(x, y)


def grad_operation_sens(x, y):
    return ops.GradOperation(sens_param=True)(two_outputs)(x, y, (t(2.0), x * 0 + 1))


def grad_operation_by_list(x, y):
    return ops.GradOperation(get_by_list=True)(loss, ms.ParameterTuple([W]))(x, y)


def second_order(x, y):
    return ms.grad(ms.grad(lambda a: (ops.sin(a) * a).sum()))(x)


@pytest.mark.parametrize("fn", [grads_by_position, grads_with_weights, weights_only,
                                value_and_grads, with_aux, grad_operation_all,
                                grad_operation_sens, grad_operation_by_list, second_order])
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_grad_inside_jit_matches_pynative(fn, sign):
    x, y = t([1.0 * sign, 2.0]), t([0.5, -0.25])
    assert_same(fn(x, y), ms.jit(fn)(x, y))


def test_grad_of_cell_with_parameters_inside_graph_mode_construct():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc = nn.Dense(2, 2, weight_init="ones", bias_init="zeros")
            self.scale = ms.Parameter(t([2.0]), name="scale")

        def construct(self, x):
            return (self.fc(x) * self.scale).sum()

    class GradNet(nn.Cell):
        def __init__(self, net):
            super().__init__()
            self.net = net
            self.weights = ms.ParameterTuple(net.trainable_params())

        def construct(self, x):
            return ms.grad(self.net, grad_position=0, weights=self.weights)(x)

    x = t([[1.0, -2.0]])
    eager = GradNet(Net())(x)
    ms.set_context(mode=ms.GRAPH_MODE)
    assert_same(eager, GradNet(Net())(x))


def _doubling(x):
    while x.sum() < 10:
        x = x * 2
    return (x * x).sum()


def _grad_of_doubling(x):
    return ms.grad(_doubling)(x)


@pytest.mark.parametrize("level", [ms.STRICT, ms.LAX])
@pytest.mark.parametrize("start", [1.0, 3.0])
def test_grad_through_a_run_time_loop_inside_jit_is_compiled(level, start):
    ms.set_context(jit_syntax_level=level)
    compiled = ms.jit(_grad_of_doubling)
    x = t([start])
    assert_same(_grad_of_doubling(x), compiled(x))  # 1.0 doubles 4 times, 3.0 twice
    assert compiled.explain(x).count == 0  # a reverse loop in the graph, no Python


def _loop_with_print(x):
    while x.sum() < 10:
        print("step")
        x = x * 2
    return x.sum()


@pytest.mark.parametrize("level", [ms.LAX, ms.STRICT])
def test_grad_through_a_run_time_loop_with_print_is_compiled(level, capsys):
    def g(x):
        return ms.grad(_loop_with_print)(x)

    ms.set_context(jit_syntax_level=level)
    x = t([3.0])
    eager = g(x)
    compiled = ms.jit(g)
    graph = compiled(x)
    assert_same(eager, graph)
    assert capsys.readouterr().out == "step\nstep\n" * 2  # once per iteration, not replayed
    assert compiled.explain(x).count == 0


def test_grad_through_a_branch_with_print_inside_jit_is_pynatives_at_lax(capsys):
    def f(x):
        if x.sum() > 0:
            print("positive")
            x = x * 3
        return (x * x).sum()

    def g(x):
        return ms.grad(f)(x)

    x = t([2.0])
    eager = g(x)
    graph = ms.jit(g)(x)
    assert_same(eager, graph)
    assert capsys.readouterr().out == "positive\npositive\n"


COUNT = ms.Parameter(t([0.0]), name="count_branch")
SCALE = ms.Parameter(t([1.0, 2.0]), name="scale_branch")


def _branchy_loss(x):
    y = x * SCALE
    if y.sum() > 0:
        print("positive", y.sum())
        ops.assign_add(COUNT, t([1.0]))
        y = y * 3
    else:
        print("negative")
        if y.sum() < -100:
            raise ValueError("far too negative")
    return (y * y).sum()


@pytest.mark.parametrize("level", [ms.LAX, ms.STRICT])
@pytest.mark.parametrize("values", [[1.0, 1.0], [-1.0, -1.0]])
def test_branch_side_effects_under_grad_happen_only_on_the_side_taken(level, values, capsys):
    ms.set_context(jit_syntax_level=level)
    g = ms.grad(_branchy_loss, grad_position=0, weights=SCALE)
    x = t(values)
    COUNT.set_data(t([0.0]))
    eager = g(x)
    eager_out, eager_count = capsys.readouterr().out, COUNT.asnumpy().copy()
    COUNT.set_data(t([0.0]))
    compiled = ms.jit(lambda a: g(a))
    assert_same(eager, compiled(x))
    assert capsys.readouterr().out == eager_out
    np.testing.assert_array_equal(COUNT.asnumpy(), eager_count)
    assert compiled.explain(x).count == 0  # compiled, not a PyNative fallback
    with pytest.raises(ValueError, match="far too negative"):
        compiled(t([-100.0, -100.0]))
