"""`x.shape[i]` of a dynamic dimension (`input_signature` with None) is the run-time size inside
graphs (a run-time int from a shape primitive), and the ops using it work, gradients included.

Expected values read from MindSpore 2.10 by hand with `jit(fn, input_signature=(Tensor(shape=
[None, 3], dtype=float32),))`: `return x.shape[0]` gives 4 for a (4, 3) input and 2 for (2, 3);
`(x * x).sum() / x.shape[0]`, `reshape(x, (n * 3,))`, `zeros((x.shape[0], 2))` and `b, c = x.shape`
run; the gradient of `(reshape(x, (n * 3,)) ** 2).sum() / n` at arange(6).reshape(2, 3) is x."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops
from tests.compare import assert_same

SIGNATURE = (ms.Tensor(shape=[None, 3], dtype=ms.float32),)


def ones(rows):
    return ms.Tensor(np.ones((rows, 3), np.float32))


def first_dim(x):
    return x.shape[0]


def scale_by_rows(x):
    return x * x.shape[0], x.shape[1]


def flatten_by_rows(x):
    n = x.shape[0]
    return ops.reshape(x, (n * 3,))


def mean_over_rows(x):
    return x.sum() / x.shape[0]


def zeros_per_row(x):
    return ops.zeros((x.shape[0], 2), ms.float32)


def unpacked_shape(x):
    b, c = x.shape
    return x.reshape(b, c, 1).sum() + b


def test_a_dynamic_dimension_is_the_run_time_size():
    f = ms.jit(first_dim, input_signature=SIGNATURE)
    assert f(ones(4)) == 4 and type(f(ones(4))) is int
    assert f(ones(2)) == 2


@pytest.mark.parametrize("fullgraph", [False, True])
@pytest.mark.parametrize("fn", [scale_by_rows, flatten_by_rows, mean_over_rows, unpacked_shape])
def test_ops_on_run_time_sizes_match_eager(fn, fullgraph):
    f = ms.jit(fn, input_signature=SIGNATURE, fullgraph=fullgraph)
    for rows in (4, 2):
        assert_same(fn(ones(rows)), f(ones(rows)))


def test_zeros_of_a_run_time_size_runs_at_lax():
    f = ms.jit(zeros_per_row, input_signature=SIGNATURE)
    for rows in (4, 1):
        np.testing.assert_array_equal(f(ones(rows)).asnumpy(), np.zeros((rows, 2), np.float32))


def test_recorded_mindspore_values():
    assert ms.jit(mean_over_rows, input_signature=SIGNATURE)(ones(4)).asnumpy() == 3.0
    assert ms.jit(unpacked_shape, input_signature=SIGNATURE)(ones(4)).asnumpy() == 16.0


def test_gradient_through_a_reshape_to_a_run_time_size():
    def loss(x):
        n = x.shape[0]
        return (ops.reshape(x, (n * 3,)) ** 2).sum() / n

    x = ms.Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
    grad = ms.jit(ms.grad(loss), input_signature=SIGNATURE)(x)
    np.testing.assert_allclose(grad.asnumpy(), [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])
    np.testing.assert_allclose(ms.grad(loss)(x).asnumpy(), grad.asnumpy())


def test_two_run_time_sizes_in_one_reshape_are_a_clear_error():
    signature = (ms.Tensor(shape=[None, None], dtype=ms.float32),)

    def f(x):
        a, b = x.shape
        return ops.reshape(x, (b, a))

    with pytest.raises(ValueError, match="more than one dimension known only at run time"):
        ms.jit(f, input_signature=signature, fullgraph=True)(ones(2))


def test_cell_set_inputs_gives_run_time_sizes_in_graph_mode():
    class Net(ms.nn.Cell):
        def construct(self, x):
            return x * x.shape[0], x.shape[0] + 1

    ms.set_context(mode=ms.GRAPH_MODE)
    net = Net()
    net.set_inputs(*SIGNATURE)
    assert net.get_inputs() == SIGNATURE
    for rows in (4, 5):  # MindSpore 2.10: (4 * x, 5) and (5 * x, 6)
        out = net(ones(rows))
        np.testing.assert_array_equal(out[0].asnumpy(), np.full((rows, 3), rows, np.float32))
        assert out[1] == rows + 1 and type(out[1]) is int
