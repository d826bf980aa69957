"""`vmap` (ms.vmap, ops.vmap, F.vmap) against MindSpore 2.10's answers, eagerly, in a @jit
graph and under PIJit, with its gradient and its errors."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops
from graphc.ops import functional as F


def x_and_y():
    return (ms.Tensor(np.arange(6, dtype=np.float32).reshape(2, 3)),
            ms.Tensor(np.array([10.0, 20.0, 30.0], np.float32)))


def times_and_sum(a, b):
    return a * b, a.sum()


def doubled(a):
    return a * 2


def with_a_number(a):
    return a, 1


def added_pair(t):
    a, b = t
    return a + b


def squares(r):
    return (r * r).sum()


def mapped_loss(a):
    return ms.vmap(squares)(a).sum()


def in_a_graph(x, y):
    return ms.vmap(times_and_sum, in_axes=(1, 0), out_axes=(1, 0))(x, y)


def test_the_names_mindspore_spells():
    assert ms.vmap is ops.vmap is F.vmap


def test_in_axes_none_passes_an_argument_whole():
    x, y = x_and_y()
    out, sums = ms.vmap(times_and_sum, in_axes=(0, None))(x, y)
    np.testing.assert_allclose(out.asnumpy(), [[0, 20, 60], [30, 80, 150]])
    np.testing.assert_allclose(sums.asnumpy(), [3, 12])


@pytest.mark.parametrize("run", ["eager", "jit", "pijit"])
def test_axes_per_argument_and_per_output(run):
    x, y = x_and_y()
    fn = {"eager": in_a_graph, "jit": ms.jit(in_a_graph),
          "pijit": ms.jit(in_a_graph, capture_mode="bytecode")}[run]
    out, sums = fn(x, y)
    np.testing.assert_allclose(out.asnumpy(), [[0, 20, 60], [30, 80, 150]])
    np.testing.assert_allclose(sums.asnumpy(), [3, 5, 7])
    if run == "pijit":
        assert fn.capture_info().break_count == 0


def test_out_axes_and_negative_in_axes():
    x, _ = x_and_y()
    np.testing.assert_allclose(ms.vmap(doubled, in_axes=1, out_axes=1)(x).asnumpy(),
                               [[0, 2, 4], [6, 8, 10]])
    np.testing.assert_allclose(ms.vmap(doubled, in_axes=1, out_axes=0)(x).asnumpy(),
                               [[0, 6], [2, 8], [4, 10]])
    np.testing.assert_allclose(ms.vmap(doubled, in_axes=-1)(x).asnumpy(),
                               [[0, 6], [2, 8], [4, 10]])


def test_nested_in_axes_and_a_number_output():
    x, _ = x_and_y()
    np.testing.assert_allclose(ms.vmap(added_pair, in_axes=((0, 1),))((x, x.T)).asnumpy(),
                               [[0, 2, 4], [6, 8, 10]])
    same, ones = ms.vmap(with_a_number)(x)
    np.testing.assert_allclose(same.asnumpy(), x.asnumpy())
    assert ones.dtype == ms.int64 and ones.asnumpy().tolist() == [1, 1]


@pytest.mark.parametrize("compiled", [False, True])
def test_the_gradient_flows_through_the_slices(compiled):
    x, _ = x_and_y()
    gradient = ms.grad(mapped_loss)
    out = (ms.jit(gradient) if compiled else gradient)(x)
    np.testing.assert_allclose(out.asnumpy(), 2 * x.asnumpy())


def test_bad_axes_raise_mindsporess_runtime_errors():
    x, y = x_and_y()
    with pytest.raises(RuntimeError, match="should be equal, but got 2 and 3"):
        ms.vmap(times_and_sum, in_axes=(0, 0))(x, y)
    with pytest.raises(RuntimeError, match="cannot be all None"):
        ms.vmap(times_and_sum, in_axes=(None, None))(x, y)
    with pytest.raises(RuntimeError, match=r"out of bounds for array of dimension \[-2,2\)"):
        ms.vmap(doubled, in_axes=2)(x)
    with pytest.raises(RuntimeError, match="not a Tensor"):
        ms.vmap(times_and_sum, in_axes=(0, 0))(x, 3)
    with pytest.raises(ValueError, match="'in_axes' has 3 items"):
        ms.vmap(times_and_sum, in_axes=(0, 0, 0))(x, y)
