"""A Parameter assigned inside a run-time loop is carried round it: the loop's condition and
the next iteration read the new value, as in PyNative (before, they read the value from before
the loop, and such a loop gave wrong results or never ended)."""

import numpy as np
import pytest

import graphc as ms
from graphc import Parameter, Tensor, nn, ops


class AugAssignLoop(nn.Cell):
    def __init__(self):
        super().__init__()
        self.param_a = Parameter(Tensor([1], ms.float32), name="name_a")

    def construct(self, x):
        y = x * 0
        while x >= self.param_a:
            y += x
            x -= 2
            self.param_a += y
        return self.param_a


class ConstantStartLoop(nn.Cell):
    def __init__(self):
        super().__init__()
        self.param_a = Parameter(Tensor([1], ms.float32), name="name_a")

    def construct(self):
        x = Tensor(7).astype("int32")
        y = Tensor(0).astype("int32")
        while x >= self.param_a:
            y += x
            x -= Tensor(-2).astype("int32")
            self.param_a += y
        return self.param_a


class AssignInLoop(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.ones(2, np.float32)), name="w")

    def construct(self, n):
        i = n * 0
        while i < n:
            ops.assign(self.w, self.w * 2)
            i += 1
        return self.w + 0, i


def _run(make, mode, *args):
    ms.set_context(mode=mode)
    net = make()
    out = net(*args)
    return out, net


@pytest.mark.parametrize("mode", [ms.PYNATIVE_MODE, ms.GRAPH_MODE])
def test_augmented_parameter_update_reaches_the_loop_condition(mode):
    out, net = _run(AugAssignLoop, mode, Tensor(7, ms.float32))
    assert out.asnumpy().tolist() == [8.0]
    assert net.param_a.asnumpy().tolist() == [8.0]


@pytest.mark.parametrize("mode", [ms.PYNATIVE_MODE, ms.GRAPH_MODE])
def test_loop_ends_when_the_updated_parameter_passes_the_counter(mode):
    out, net = _run(ConstantStartLoop, mode)
    assert out.asnumpy().tolist() == [24.0]  # MindSpore 2.10's answer too
    assert net.param_a.asnumpy().tolist() == [24.0]


@pytest.mark.parametrize("mode", [ms.PYNATIVE_MODE, ms.GRAPH_MODE])
def test_each_iteration_reads_the_previous_iterations_assignment(mode):
    (w, i), net = _run(AssignInLoop, mode, Tensor(3, ms.int32))
    assert w.asnumpy().tolist() == [8.0, 8.0] and int(i) == 3
    assert net.w.asnumpy().tolist() == [8.0, 8.0]


class NestedLoopsAssignBoth(nn.Cell):
    """The outer loop assigns one Parameter, the inner loop the other: both are carried round
    both loops (building this used to fail with an internal KeyError)."""

    def __init__(self):
        super().__init__()
        self.outer = Parameter(Tensor([-1], ms.float32), name="outer")
        self.inner = Parameter(Tensor([1], ms.float32), name="inner")

    def construct(self):
        x = Tensor([7]).astype("int32")
        y = Tensor([0]).astype("int32")
        while self.outer < Tensor([1]).astype("int32"):
            self.outer += Tensor([1]).astype("int32")
            while x >= self.inner:
                y += x
                x -= Tensor([-2]).astype("int32")
                self.inner += y
        return self.inner + self.outer


def test_parameters_assigned_in_nested_run_time_loops_as_mindspore():
    ms.set_context(mode=ms.GRAPH_MODE)
    net = NestedLoopsAssignBoth()
    out = net()
    # MindSpore 2.10: [25.], and the Parameters end as [24.] and [1.]
    np.testing.assert_allclose(out.asnumpy(), [25.0])
    np.testing.assert_allclose(net.inner.asnumpy(), [24.0])
    np.testing.assert_allclose(net.outer.asnumpy(), [1.0])


class AssignAfterATensorIf(nn.Cell):
    """`ops.assign(self.w, ...)` where `self.w`'s value is the join of a Tensor `if` that
    assigned it on one side (it raised: the joined value had lost its Parameter)."""

    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor([1.0, 2.0], ms.float32), name="w")

    def construct(self, x):
        if x.sum() > 0:
            ops.assign(self.w, self.w + x)
        ops.assign(self.w, self.w * 2)
        return self.w + 0


class WhileTrueAssigning(nn.Cell):
    """`while True` ended by a break under a Tensor condition, assigning a Parameter under
    another: tried as a real loop, whose body assigns the joined value (it unrolled to its
    limit and raised where PyNative returns)."""

    def __init__(self):
        super().__init__()
        self.para = Parameter(Tensor(np.arange(6).reshape(3, 2), ms.int32), name="a")

    def construct(self, x, y):
        out = y * self.para
        if x < 4:
            while True:
                if x == 3:
                    out = out + y
                    x = x + 2
                if x == 5:
                    ops.assign(self.para, out)
                    x = x - 3
                    continue
                if x == 2:
                    break
            return out
        return out + out


@pytest.mark.parametrize("value", [1.0, -5.0])
def test_an_assign_after_a_tensor_if_that_assigned(value):
    results = []
    for mode in (ms.PYNATIVE_MODE, ms.GRAPH_MODE):
        ms.set_context(mode=mode)
        try:
            net = AssignAfterATensorIf()
            out = net(Tensor([value, value], ms.float32))
            results.append((out.asnumpy(), net.w.asnumpy()))
        finally:
            ms.set_context(mode=ms.PYNATIVE_MODE)
    np.testing.assert_allclose(results[1][0], results[0][0])
    np.testing.assert_allclose(results[1][1], results[0][1])


@pytest.mark.parametrize("start", [3, 2, 5, 4])
def test_a_while_true_ended_by_a_tensor_break_that_assigns_a_parameter(start):
    y = Tensor(np.arange(6).reshape(3, 2), ms.int32)
    eager_net, jit_net = WhileTrueAssigning(), WhileTrueAssigning()
    eager = eager_net(Tensor([start], ms.int32), y)
    compiled = ms.jit(WhileTrueAssigning.construct)(jit_net, Tensor([start], ms.int32), y)
    np.testing.assert_array_equal(compiled.asnumpy(), eager.asnumpy())
    np.testing.assert_array_equal(jit_net.para.asnumpy(), eager_net.para.asnumpy())
