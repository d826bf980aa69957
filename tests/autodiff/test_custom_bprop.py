"""A Cell's own `bprop(self, *inputs, out, dout)` replaces autodiff through the Cell, eagerly
and in gradients PIJit captures. The bprops here are deliberately not the true derivative, so
the numbers show which one ran (MindSpore 2.10 gives the same numbers)."""

import numpy as np

import graphc as ms
from graphc import nn, ops


def t(data, dtype=np.float32):
    return ms.Tensor(np.asarray(data, dtype))


class MulAdd(nn.Cell):
    def construct(self, x, y):
        return 2 * x + y

    def bprop(self, x, y, out, dout):
        return 2 * dout, 2 * y  # (the true one is 2 * dout, dout)


class Outer(nn.Cell):
    def __init__(self):
        super().__init__()
        self.inner = MulAdd()

    def construct(self, x, y):
        return self.inner(x * 3, y) * 5


def test_the_cells_bprop_gives_the_gradients():
    gx, gy = ops.GradOperation(get_all=True)(MulAdd())(t([1.0]), t([2.0]))
    np.testing.assert_allclose(gx.asnumpy(), [2.0])
    np.testing.assert_allclose(gy.asnumpy(), [4.0])


def test_a_custom_bprop_inside_a_network_composes_with_autodiff_around_it():
    gx, gy = ops.grad(Outer(), (0, 1))(t([1.0]), t([2.0]))
    np.testing.assert_allclose(gx.asnumpy(), [30.0])  # 3 * (2 * 5)
    np.testing.assert_allclose(gy.asnumpy(), [4.0])  # 2 * y: this bprop ignores dout for y


def test_a_custom_bprop_inside_a_pijit_capture_is_recorded_in_its_graph():
    net = Outer()

    @ms.jit(capture_mode="bytecode")
    def gradients(x, y):
        return ops.grad(net, (0, 1))(x, y)

    gx, gy = gradients(t([1.0]), t([2.0]))
    np.testing.assert_allclose(gx.asnumpy(), [30.0])
    np.testing.assert_allclose(gy.asnumpy(), [4.0])
    info = gradients.capture_info()
    assert info.graph_count == 1 and info.break_count == 0


def test_a_bprop_returning_the_wrong_number_of_gradients_is_a_value_error():
    import pytest

    class Bad(nn.Cell):
        def construct(self, x, y):
            return x * y

        def bprop(self, x, y, out, dout):
            return (dout,)

    with pytest.raises(ValueError, match="one gradient per input of construct"):
        ops.grad(Bad(), (0, 1))(t([1.0]), t([2.0]))
