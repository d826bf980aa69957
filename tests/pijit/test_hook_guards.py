"""Hooks registered after a function was captured: a Cell's forward hook or a Tensor's gradient
hook is part of what the graph assumed, so registering (or removing) one makes the next call
capture again, with the reason in words, and the hook runs as in PyNative."""

import numpy as np

import graphc as ms
from graphc import nn


def t(data):
    return ms.Tensor(np.asarray(data, np.float32))


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.relu = nn.ReLU()

    def construct(self, x):
        return self.relu(x) * 2


def test_a_forward_hook_registered_after_the_capture_recompiles_and_runs():
    net = Net()
    net.construct = ms.jit(net.construct, capture_mode="bytecode")
    x = t([-1, 2])
    np.testing.assert_array_equal(net(x).asnumpy(), [0, 4])
    assert net.construct.capture_info().break_count == 0
    seen = []
    handle = net.relu.register_forward_hook(lambda cell, args, out: seen.append(1) or out + 100)
    np.testing.assert_array_equal(net(x).asnumpy(), [200, 204])
    assert seen == [1]
    info = net.construct.capture_info()
    assert info.compiles[-1] == ("self.relu: a forward hook was registered after the capture "
                                 "(0 -> 1 hooks)")
    assert info.break_count == 1 and "forward hooks" in info.breaks[0].reason
    handle.remove()  # back to the hook-free graph
    np.testing.assert_array_equal(net(x).asnumpy(), [0, 4])
    assert seen == [1]


def test_a_forward_pre_hook_registered_later_is_seen_too():
    net = Net()
    net.construct = ms.jit(net.construct, capture_mode="bytecode")
    x = t([-1, 2])
    net(x)
    net.relu.register_forward_pre_hook(lambda cell, args: (args[0] * -1,))
    np.testing.assert_array_equal(net(x).asnumpy(), [2, 0])
    assert "forward hook was registered" in net.construct.capture_info().compiles[-1]


def test_a_gradient_hook_on_an_argument_registered_later_recompiles():
    def f(x):
        return x * 3

    g = ms.jit(f, capture_mode="bytecode")
    x = t([1, 2])
    g(x)
    g(x)
    assert g.capture_info().hits == 1
    x.register_hook(lambda grad: grad * 10)
    np.testing.assert_array_equal(g(x).asnumpy(), [3, 6])
    info = g.capture_info()
    assert info.compiles[-1] == ("argument x: a gradient hook was registered after the capture "
                                 "(0 -> 1 hooks)")
    assert info.hits == 1
