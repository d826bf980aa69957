"""In-place Tensor methods (add_, sub_, mul_, div_, copy_, fill_, zero_, clamp_): eagerly, in
graphs (straight-line, under Tensor conditions, in run-time and unrolled loops, on Parameters
in GRAPH_MODE Cells) and under autodiff.

MindSpore 2.10 on CPU has no in-place kernels for most of these (fill_/zero_ raise "kernel
InplaceFillScalar unregistered"; add_ returns a new Tensor), so the expected values here are the
documented semantics: the Tensor takes the new value and is returned.
"""

import numpy as np
import pytest

import graphc as ms
from graphc import nn

from .gradcheck import check_grad


def T(a, dtype=np.float32):
    return ms.Tensor(np.asarray(a, dtype))


def test_eager_methods_update_the_tensor_and_return_it():
    x = T([1., 2., 3.])
    assert x.add_(T([1., 1., 1.])) is x
    np.testing.assert_array_equal(x.asnumpy(), [2, 3, 4])
    x.sub_(1.0)
    np.testing.assert_array_equal(x.asnumpy(), [1, 2, 3])
    x.add_(1, alpha=2)
    np.testing.assert_array_equal(x.asnumpy(), [3, 4, 5])
    x.sub_(T([1., 1., 1.]), alpha=3)
    np.testing.assert_array_equal(x.asnumpy(), [0, 1, 2])
    x.mul_(2.0).div_(4.0)
    np.testing.assert_array_equal(x.asnumpy(), [0, 0.5, 1])
    x.clamp_(0.25, 0.75)
    np.testing.assert_array_equal(x.asnumpy(), [0.25, 0.5, 0.75])
    x.fill_(2.5)
    np.testing.assert_array_equal(x.asnumpy(), [2.5, 2.5, 2.5])
    x.zero_()
    np.testing.assert_array_equal(x.asnumpy(), [0, 0, 0])
    x.copy_(T([5, 6, 7], np.int32))
    assert x.dtype == ms.float32
    np.testing.assert_array_equal(x.asnumpy(), [5, 6, 7])
    x.copy_(T(1.5))  # broadcast
    np.testing.assert_array_equal(x.asnumpy(), [1.5, 1.5, 1.5])


def test_int_tensors_keep_their_dtype():
    i = T([1, 2, 7], np.int32)
    i.add_(2).mul_(3).div_(2, rounding_mode="floor").clamp_(max=9)
    assert i.dtype == ms.int32
    np.testing.assert_array_equal(i.asnumpy(), [4, 6, 9])
    i.fill_(T(3.7))
    np.testing.assert_array_equal(i.asnumpy(), [3, 3, 3])


def test_errors():
    with pytest.raises(ValueError, match="broadcast to the Tensor's shape"):
        T([1., 2.]).add_(T(np.ones((2, 2))))
    with pytest.raises(TypeError, match="can not be cast in place"):
        T([1, 2], np.int32).add_(1.5)
    with pytest.raises(TypeError, match="can not be cast in place"):
        T([1, 2], np.int32).div_(2)
    with pytest.raises(ValueError, match="one-element"):
        T([1., 2.]).fill_(T([1., 2.]))


def test_eager_parameter_update():
    p = ms.Parameter(T([1., 2.]), name="p")
    assert p.add_(T([1., 1.])) is p
    np.testing.assert_array_equal(p.asnumpy(), [2, 3])
    p.zero_()
    np.testing.assert_array_equal(p.asnumpy(), [0, 0])


def _chain(a):
    return (a * 1).add_(a).mul_(a).sum()


def _alias(a):
    b = a * 1
    c = b
    before = b * a  # reads the old value of b
    b.add_(a)
    return (c * a).sum() + before.sum()


def test_gradients_through_in_place_updates():
    a = T([1., 2.])
    np.testing.assert_allclose(ms.grad(_chain)(a).asnumpy(), [4, 8])  # d(2a^2)
    # c is b: it sees b + a = 2a; before = a^2: d(2a^2 + a^2) = 6a
    np.testing.assert_allclose(ms.grad(_alias)(a).asnumpy(), [6, 12])
    np.testing.assert_allclose(ms.jit(ms.grad(_chain))(a).asnumpy(), [4, 8])
    np.testing.assert_allclose(ms.jit(ms.grad(_alias))(a).asnumpy(), [6, 12])
    check_grad(lambda x: (x * 1).clamp_(-0.5, 0.5).mul_(x), np.array([-0.9, 0.2, 0.7]))


def _local(a):
    b = a * 2
    b.add_(1)
    c = b
    c.mul_(3)
    items = [b]
    b.sub_(1)
    return b, c, items[0]


def test_graph_straight_line_updates_are_seen_by_every_alias():
    out = ms.jit(_local)(T([1., 2.]))
    for t in out:
        np.testing.assert_array_equal(t.asnumpy(), [8, 14])


def _while(a, n):
    b = a * 1
    i = 0
    while i < n:
        b.mul_(a)
        i += 1
    return b


def _for(a):
    b = a * 1
    for _ in range(3):
        b.mul_(2)
    return b


def _branch(a):
    b = a * 1
    if a.sum() > 0:
        b.mul_(a)
    else:
        b.sub_(10)
    return b


def test_graph_updates_under_run_time_control_flow():
    a = T([1., 2.])
    np.testing.assert_array_equal(ms.jit(_while)(a, ms.Tensor(3)).asnumpy(), [1, 16])
    np.testing.assert_array_equal(ms.jit(_for)(a).asnumpy(), [8, 16])
    np.testing.assert_array_equal(ms.jit(_branch)(a).asnumpy(), [1, 4])
    np.testing.assert_array_equal(ms.jit(_branch)(-a).asnumpy(), [-11, -12])
    g = ms.jit(ms.grad(lambda x, n: _while(x, n).sum()))(a, ms.Tensor(2))
    np.testing.assert_allclose(g.asnumpy(), [3, 12])  # d(a^3)
    g = ms.jit(ms.grad(lambda x: _branch(x).sum()))(a)
    np.testing.assert_allclose(g.asnumpy(), [2, 4])


def _fresh_constant(a):
    t = ms.Tensor(np.ones(2, np.float32))
    t.add_(a)
    return t


GLOBAL = ms.Tensor(np.ones(2, np.float32))


def _global_update(a):
    GLOBAL.add_(a)
    return GLOBAL * 1


def test_graph_constants_and_globals():
    np.testing.assert_array_equal(ms.jit(_fresh_constant)(T([1., 2.])).asnumpy(), [2, 3])
    with pytest.raises(TypeError, match="not a local variable"):
        ms.jit(_global_update)(T([1., 2.]))


class Accumulate(nn.Cell):
    def __init__(self):
        super().__init__()
        self.p = ms.Parameter(T([1., 2.]), name="p")

    def construct(self, x):
        self.p.add_(x)
        self.p.clamp_(0, 4)
        return self.p * 1


def test_graph_mode_cell_updates_its_parameter_each_call():
    ms.set_context(mode=ms.GRAPH_MODE)
    net = Accumulate()
    np.testing.assert_array_equal(net(T([1.5, 3.])).asnumpy(), [2.5, 4])
    np.testing.assert_array_equal(net.p.asnumpy(), [2.5, 4])
    np.testing.assert_array_equal(net(T([1.5, 3.])).asnumpy(), [4, 4])
    np.testing.assert_array_equal(net.p.asnumpy(), [4, 4])


def test_pynative_cell_gives_the_same():
    net = Accumulate()
    np.testing.assert_array_equal(net(T([1.5, 3.])).asnumpy(), [2.5, 4])
    np.testing.assert_array_equal(net(T([1.5, 3.])).asnumpy(), [4, 4])


def test_fill_and_zero_in_a_graph():
    def f(a):
        b = a * 1
        b.fill_(3.0)
        c = a * 1
        c.zero_()
        d = a * 1
        d.copy_(a + 10)
        return b, c, d

    b, c, d = ms.jit(f)(T([1., 2.]))
    np.testing.assert_array_equal(b.asnumpy(), [3, 3])
    np.testing.assert_array_equal(c.asnumpy(), [0, 0])
    np.testing.assert_array_equal(d.asnumpy(), [11, 12])


def _update_arguments(a, items):
    a.add_(1)
    items[0].mul_(2)
    return a * 2


def test_graph_arguments_updated_in_place_are_written_back_each_call():
    f = ms.jit(_update_arguments)
    a, b = T([1., 2.]), T([3., 4.])
    np.testing.assert_array_equal(f(a, [b]).asnumpy(), [4, 6])
    np.testing.assert_array_equal(a.asnumpy(), [2, 3])
    np.testing.assert_array_equal(b.asnumpy(), [6, 8])
    np.testing.assert_array_equal(f(a, [b]).asnumpy(), [6, 8])  # the cached graph
    np.testing.assert_array_equal(a.asnumpy(), [3, 4])
    np.testing.assert_array_equal(b.asnumpy(), [12, 16])
    other = T([0., 0.])
    f(other, [b])
    np.testing.assert_array_equal(other.asnumpy(), [1, 1])


class ClampInput(nn.Cell):
    def construct(self, x):
        x.clamp_(0, 2)
        return x + 1


def test_graph_mode_cell_argument_update_matches_pynative():
    x = T([-1., 3.])
    np.testing.assert_array_equal(ClampInput()(x).asnumpy(), [1, 3])
    ms.set_context(mode=ms.GRAPH_MODE)
    y = T([-1., 3.])
    np.testing.assert_array_equal(ClampInput()(y).asnumpy(), [1, 3])
    np.testing.assert_array_equal(y.asnumpy(), x.asnumpy())
