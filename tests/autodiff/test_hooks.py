"""`Tensor.register_hook` / `Parameter.register_hook`: the hook sees a Tensor's whole gradient
and may replace it, eagerly and in gradients captured by PIJit. Expected numbers
are MindSpore 2.10's for the same programs."""

import numpy as np

import graphc as ms
from graphc import nn, ops


def t(data):
    return ms.Tensor(np.asarray(data, np.float32))


class Square(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = ms.Parameter(t([2.0, 3.0]), name="w")

    def construct(self, x):
        y = x * self.w
        return (y * y).sum()


def test_hooks_on_an_input_and_a_parameter_scale_their_gradients():
    net = Square()
    x = t([1.0, 2.0])
    x.register_hook(lambda g: g * 2)
    net.w.register_hook(lambda g: g * 10)
    gx, (gw,) = ops.grad(net, 0, net.trainable_params())(x)
    np.testing.assert_allclose(gx.asnumpy(), [16.0, 72.0])
    np.testing.assert_allclose(gw.asnumpy(), [40.0, 240.0])


def scaled_square(x):
    y = x * 3
    y.register_hook(lambda g: g * 100)  # an intermediate: what reaches x is changed
    return (y * y).sum()


def test_a_hook_on_an_intermediate_changes_what_flows_back_and_remove_takes_it_off():
    x = t([1.0, 2.0])
    np.testing.assert_allclose(ops.grad(scaled_square)(x).asnumpy(), [1800.0, 3600.0])
    handle = x.register_hook(lambda g: g + 1)
    np.testing.assert_allclose(ops.grad(scaled_square)(x).asnumpy(), [1801.0, 3601.0])
    handle.remove()
    np.testing.assert_allclose(ops.grad(scaled_square)(x).asnumpy(), [1800.0, 3600.0])


def test_hooks_run_in_a_gradient_captured_by_pijit():
    net = Square()
    x = t([1.0, 2.0])
    x.register_hook(lambda g: g * 2)
    net.w.register_hook(lambda g: g * 10)

    @ms.jit(capture_mode="bytecode")
    def gradients(x):
        return ops.grad(net, 0, net.trainable_params())(x)

    gx, (gw,) = gradients(x)
    np.testing.assert_allclose(gx.asnumpy(), [16.0, 72.0])
    np.testing.assert_allclose(gw.asnumpy(), [40.0, 240.0])
    info = gradients.capture_info()
    assert info.graph_count == 1 and info.break_count == 0


def test_a_hook_that_is_not_callable_is_a_type_error():
    import pytest
    with pytest.raises(TypeError, match="the hook must be a function"):
        t([1.0]).register_hook(3)
