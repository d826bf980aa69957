"""ops.assign / assign_add / assign_sub: in place on Parameters, eagerly and inside graphs (in
program order with the rest), with clear errors for what is not a Parameter."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops


def t(values):
    return ms.Tensor(np.array(values, np.float32))


def test_assign_family_eagerly():
    p = ms.Parameter(t([1.0, 2.0]), name="p")
    out = ops.assign(p, t([5.0, 6.0]))
    assert type(out) is ms.Tensor and out.asnumpy().tolist() == [5.0, 6.0]  # as MindSpore
    assert p.asnumpy().tolist() == [5.0, 6.0]
    ops.assign_add(p, t([1.0, 1.0]))
    ops.AssignSub()(p, t([2.0, 0.0]))
    assert p.asnumpy().tolist() == [4.0, 7.0]
    ops.assign(p, ms.Tensor(np.array([1, 2], np.int32)))  # cast to the Parameter's dtype
    assert p.dtype == ms.float32


def test_assign_errors():
    p = ms.Parameter(t([1.0, 2.0]), name="p")
    with pytest.raises(ValueError, match="shape"):
        ops.assign(p, t([1.0]))
    with pytest.raises(TypeError, match="must be a Parameter"):
        ops.assign(t([1.0]), t([2.0]))


class Counter(nn.Cell):
    def __init__(self):
        super().__init__()
        self.total = ms.Parameter(t([0.0]), name="total")

    def construct(self, x):
        before = self.total * 1
        ops.assign_add(self.total, x.sum())
        print("total", self.total)
        return before, self.total * 1


@pytest.mark.parametrize("mode", [ms.PYNATIVE_MODE, ms.GRAPH_MODE])
def test_assign_inside_construct_in_program_order(mode, capsys):
    ms.set_context(mode=mode)
    net = Counter()
    for _ in range(2):
        before, after = net(t([1.0, 2.0]))
    assert before.asnumpy().tolist() == [3.0] and after.asnumpy().tolist() == [6.0]
    assert net.total.asnumpy().tolist() == [6.0]
    # printing the Parameter shows the Parameter, as in PyNative (SPEC 7.5), in both modes
    line = "total Parameter (name=total, shape=(1,), dtype=Float32, requires_grad=True)\n"
    assert capsys.readouterr().out == line * 2


def test_functional_batch_norm_updates_running_statistics_inside_a_graph():
    mean = ms.Parameter(t([0.0, 0.0]), name="mean")
    var = ms.Parameter(t([1.0, 1.0]), name="var")
    x = t([[1.0, 2.0], [3.0, 6.0]])

    def f(v):
        return ops.batch_norm(v, mean, var, t([1.0, 1.0]), t([0.0, 0.0]), training=True,
                              momentum=0.1)

    eager = f(x)
    eager_stats = (mean.asnumpy().copy(), var.asnumpy().copy())
    mean.set_data(t([0.0, 0.0]))
    var.set_data(t([1.0, 1.0]))
    graph = ms.jit(f)(x)
    np.testing.assert_allclose(graph.asnumpy(), eager.asnumpy(), rtol=1e-6)
    np.testing.assert_allclose(mean.asnumpy(), eager_stats[0], rtol=1e-6)
    np.testing.assert_allclose(var.asnumpy(), eager_stats[1], rtol=1e-6)


class ScalarCounter(nn.Cell):
    def __init__(self):
        super().__init__()
        self.count = ms.Parameter(ms.Tensor(1.0, ms.float32), name="count")

    def construct(self, x):
        ops.AssignAdd()(self.count, x)
        ops.AssignSub()(self.count, x * 3)
        return self.count + 0


@pytest.mark.parametrize("mode", ["pynative", "graph", "pijit"])
def test_a_one_element_update_changes_a_scalar_parameter_as_mindspore_does(mode):
    """MindSpore 2.10 takes a `[1]` value for a rank-0 Parameter and a rank-0 value for a `[1]`
    one (the Parameter keeps its shape):
    `AssignAdd` then `AssignSub` of [4] and [12] on 1.0 give -7.0 in every mode."""
    net = ScalarCounter()
    x = ms.Tensor(np.array([4], np.int32))
    if mode == "pijit":
        out = ms.jit(ScalarCounter.construct, capture_mode="bytecode")(net, x)
    elif mode == "graph":
        ms.set_context(mode=ms.GRAPH_MODE)
        try:
            out = net(x)
        finally:
            ms.set_context(mode=ms.PYNATIVE_MODE)
    else:
        out = net(x)
    assert net.count.shape == () and float(net.count.asnumpy()) == -7.0
    assert out.shape == () and float(out.asnumpy()) == -7.0


def test_assign_add_does_not_broadcast_as_mindspore_words_it():
    p = ms.Parameter(ms.Tensor(np.ones((2, 3), np.float32)), name="p")
    with pytest.raises(ValueError, match="For 'AssignAdd', 'value' must have the same rank as "
                       r"'variable'. But got 'value' rank: 0, 'variable' rank: 2."):
        ops.AssignAdd()(p, 1)
    with pytest.raises(ValueError, match=r"For 'AssignSub', 'value' must have the same shape "
                       r"as 'variable'. But got 'value' shape: \(1, 3\), 'variable' shape: "
                       r"\(2, 3\)."):
        ops.assign_sub(p, t([[1.0, 2.0, 3.0]]))
    with pytest.raises(ValueError, match=r"But got 'value' shape: \(1\), 'variable' shape: "
                       r"\(2\)."):
        ops.assign_add(ms.Parameter(t([1.0, 2.0]), name="q"), t([1.0]))
    assert p.asnumpy().tolist() == [[1.0] * 3] * 2  # unchanged
    one = ms.Parameter(t([1.0]), name="one")
    ops.assign_add(one, 2.0)  # () onto (1,): MindSpore's [3.]
    assert one.shape == (1,) and one.asnumpy().tolist() == [3.0]
