"""Names MindSpore's PIJit suite reaches that graphc adds for it: `ops.get_grad`,
`Cell._dynamic_shape_inputs`."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops
from graphc.ops import functional


def t(data):
    return ms.Tensor(np.asarray(data, np.float32))


class Scale(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = ms.Parameter(t([2.0, 3.0]), name="w")

    def construct(self, x, y):
        return x * y * self.w


def test_get_grad_finds_a_gradient_by_position_or_parameter():
    net = Scale()
    x, y = t([1.0, 2.0]), t([3.0, 4.0])
    grads = ops.grad(net, (0, 1), net.trainable_params(), return_ids=True)(x, y)
    np.testing.assert_allclose(ops.get_grad(grads, 1).asnumpy(), [2.0, 6.0])  # x * w
    np.testing.assert_allclose(ops.get_grad(grads, net.w).asnumpy(), [3.0, 8.0])  # x * y
    assert functional.get_grad is ops.get_grad
    single = ops.grad(net, 0, None, return_ids=True)(x, y)
    np.testing.assert_allclose(ops.get_grad(single, 0).asnumpy(), [6.0, 12.0])


def test_get_grad_errors_are_mindspores():
    net = Scale()
    grads = ops.grad(net, 0, None, return_ids=True)(t([1.0, 2.0]), t([3.0, 4.0]))
    with pytest.raises(RuntimeError, match="Can not find the gradient for position or "
                                           "Parameter 5"):
        ops.get_grad(grads, 5)
    with pytest.raises(TypeError, match="should be an integer or a Parameter"):
        ops.get_grad(grads, "w")


def test_get_grad_inside_a_pijit_function_is_captured():
    net = Scale()

    @ms.jit(capture_mode="bytecode")
    def second_input_grad(x, y):
        return ops.get_grad(ops.grad(net, (0, 1), return_ids=True)(x, y), 1)

    np.testing.assert_allclose(second_input_grad(t([1.0, 2.0]), t([3.0, 4.0])).asnumpy(),
                               [2.0, 6.0])
    info = second_input_grad.capture_info()
    assert info.graph_count == 1 and info.break_count == 0


def test_dynamic_shape_inputs_is_what_set_inputs_stored():
    net = Scale()
    assert net._dynamic_shape_inputs is None
    spec = ms.Tensor(shape=[None], dtype=ms.float32)
    net.set_inputs(spec, spec)
    assert net._dynamic_shape_inputs == (spec, spec)
