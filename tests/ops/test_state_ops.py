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
