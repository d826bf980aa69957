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
