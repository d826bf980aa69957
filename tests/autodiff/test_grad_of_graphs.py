"""grad / value_and_grad / GradOperation *of* compiled functions, called from PyNative: the
forward, the backward (the primitives' bprops) and the packing compile into one graph, built
once and cached; the gradients equal PyNative's and finite differences, through Tensor control
flow, Parameters and every API flag."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops

from ..compare import assert_same, finite_difference
from .test_grad_in_graph import W, loss, t, two_outputs

COMPOSITIONS = {
    "grad_position_int": lambda f: ms.grad(f),
    "grad_position_tuple": lambda f: ms.grad(f, grad_position=(0, 1)),
    "weights_tuple": lambda f: ms.grad(f, grad_position=0, weights=ms.ParameterTuple([W])),
    "weights_only": lambda f: ms.grad(f, grad_position=None, weights=W),
    "value_and_grad": lambda f: ms.value_and_grad(f, grad_position=1),
    "get_all": lambda f: ops.GradOperation(get_all=True)(f),
    "get_by_list": lambda f: ops.GradOperation(get_by_list=True)(f, ms.ParameterTuple([W])),
}


@pytest.mark.parametrize("name", sorted(COMPOSITIONS))
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_grad_of_a_jit_function_is_compiled_and_matches_pynative(name, sign):
    make = COMPOSITIONS[name]
    x, y = t([1.0 * sign, 2.0]), t([0.5, -0.25])
    eager = make(loss)(x, y)
    compiled_fn = make(ms.jit(loss))
    assert_same(eager, compiled_fn(x, y))
    assert_same(eager, compiled_fn(x, y))
    stats = compiled_fn.cache_info()
    assert stats.misses == 1 and stats.hits == 1  # one graph, reused


def test_has_aux_and_sens_param_of_jit_functions():
    x, y = t([1.0, 2.0]), t([0.5, -0.25])
    jitted = ms.jit(two_outputs)
    assert_same(ms.grad(two_outputs, has_aux=True)(x, y),
                ms.grad(jitted, has_aux=True)(x, y))
    sens = (t(2.0), t([1.0, 1.0]))
    assert_same(ops.GradOperation(sens_param=True)(two_outputs)(x, y, sens),
                ops.GradOperation(sens_param=True)(jitted)(x, y, sens))


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_compiled_gradient_agrees_with_finite_differences(sign):
    y = t([0.5, -0.25])
    x = t([0.3 * sign, 0.7])
    compiled = ms.grad(ms.jit(loss))(x, y)
    expected = finite_difference(lambda v: loss(v, y), x)
    np.testing.assert_allclose(compiled.asnumpy(), expected, rtol=2e-2, atol=2e-3)


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(2, 2, weight_init="ones", bias_init="zeros")
        self.scale = ms.Parameter(t([2.0]), name="scale")

    def construct(self, x):
        h = self.fc(x)
        if h.sum() > 0:
            h = h * self.scale
        return (h * h).sum()


def test_grad_of_a_graph_mode_cell_with_parameters_is_compiled():
    x = t([[1.0, -2.0]])
    eager_net = Net()
    eager = ms.grad(eager_net, grad_position=0, weights=eager_net.trainable_params())(x)
    ms.set_context(mode=ms.GRAPH_MODE)
    net = Net()
    grad_fn = ms.grad(net, grad_position=0, weights=net.trainable_params())
    assert_same(eager, grad_fn(x))
    assert grad_fn.cache_info().misses == 1


def test_grad_of_grad_of_a_jit_function_stays_on_the_tape():
    f = ms.jit(lambda a: (ops.sin(a) * a).sum())
    x = t([0.5, 1.0])
    second = ms.grad(ms.grad(f))(x)
    expected = 2 * np.cos(x.asnumpy()) - x.asnumpy() * np.sin(x.asnumpy())
    np.testing.assert_allclose(second.asnumpy(), expected, rtol=1e-5)


def test_iterating_over_a_tensor_is_differentiable_in_both_modes():
    def f(x):
        for row in x:
            x = x + row
        return (x * x).sum() + sum(r.sum() for r in x)

    x = ms.Tensor(np.array([[1.0, 2.0], [0.5, -1.0]], np.float32))
    eager = ms.grad(f)(x)
    np.testing.assert_allclose(eager.asnumpy(), finite_difference(f, x).reshape(2, 2),
                               rtol=1e-2)
    assert_same(eager, ms.jit(lambda a: ms.grad(f)(a))(x))
