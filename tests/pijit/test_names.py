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


def test_mint_clamp_is_captured_like_ops_clamp():
    from graphc import mint
    from graphc.mint.nn import functional

    @ms.jit(capture_mode="bytecode")
    def clamped(x, low, high):
        return functional.relu(mint.clamp(x, low, high) - 3)

    x = ms.Tensor(np.array([1, 2, 3, 4, 5], np.int32))
    np.testing.assert_array_equal(clamped(x, 2, 4).asnumpy(), [0, 0, 0, 1, 1])
    info = clamped.capture_info()
    assert info.graph_count == 1 and info.graphs[0].ops == ["clamp", "sub", "relu"]
    assert mint.clamp is ops.clamp


def test_function_id_is_one_number_per_function_however_it_is_reached():
    from graphc._c_expression import function_id

    class Thing:
        @classmethod
        def make(cls):
            return cls()

        @staticmethod
        def helper():
            return 1

        def method(self):
            return 2

    assert function_id(tuple.__getitem__) == function_id(().__getitem__)
    assert function_id(list.__getitem__) == function_id([].__getitem__)
    assert function_id(Thing.method) == function_id(Thing().method) == id(Thing.method)
    assert function_id(Thing.make) == id(Thing.__dict__["make"].__func__)
    assert function_id(Thing.helper) == id(Thing().helper)
    assert function_id(Thing) == id(Thing)
    assert function_id(list.__getitem__) != function_id(list.append)


def test_no_grad_block_inside_a_captured_gradient_needs_no_break():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = ms.Parameter(t([5.0]), name="w")

        def construct(self, x):
            y = self.w * x
            with ms._no_grad():
                m = y * self.w  # a constant to the gradient
            return m * y

    net = Net()

    @ms.jit(capture_mode="bytecode")
    def gradient(x):
        return ops.grad(net)(x)

    np.testing.assert_allclose(gradient(t([2.0])).asnumpy(), ops.grad(net)(t([2.0])).asnumpy())
    np.testing.assert_allclose(gradient(t([2.0])).asnumpy(), [250.0])  # m * w, m = 50
    info = gradient.capture_info()
    assert info.graph_count == 1 and info.break_count == 0


def test_disable_pijit_option_runs_the_calls_it_selects_eagerly():
    f = ms.jit(lambda x, n: x * n, capture_mode="bytecode",
               jit_config={"_disable_pijit": lambda args, kwargs: args[1] > 1})
    for n in range(4):
        np.testing.assert_allclose(f(t([1.0]), n).asnumpy(), [float(n)])
    info = f.capture_info()
    assert info.calls == 2 and len(info.compiles) == 2  # n = 0 and n = 1 only


def test_symbol_is_a_dynamic_dim_of_an_input_signature_with_mindspores_checks():
    s = ms.Symbol(max=10, min=1)
    assert str(s) == "{'max': 10}"
    spec = ms.Tensor(shape=(s, 2), dtype=ms.float32)
    assert spec.shape == (-1, 2)  # MindSpore 2.10 shows a dynamic dim as -1
    f = ms.jit(lambda x: x * 2, capture_mode="bytecode", input_signature=(spec,))
    for rows in (1, 3):
        np.testing.assert_allclose(f(ms.Tensor(np.ones((rows, 2), np.float32))).asnumpy(),
                                   np.full((rows, 2), 2.0))
    assert f.capture_info().compiles == ["first call"]
    with pytest.raises(ValueError, match="the 'min' value should be positive, but got 0"):
        ms.Symbol(min=0)
    with pytest.raises(ValueError, match=r"should be in the range '\[0, 2\)', but got 5"):
        ms.Symbol(divisor=2, remainder=5)
    with pytest.raises(TypeError, match="the argument 'min' must be int"):
        ms.Symbol(min=1.5)
