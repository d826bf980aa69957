"""Automatic dynamic shape (jit_config `enable_dynamic_shape`): a Tensor argument whose shape
changes is captured once more with the changed dims dynamic, and later sizes reuse that entry;
without the option every new shape is its own entry (MindSpore 2.10's behaviour on CPU)."""

import numpy as np

import graphc as ms
from graphc import ops


def t(shape, value=1.0):
    return ms.Tensor(np.full(shape, value, np.float32))


def scaled_by_rows(a, b):
    rows = a.shape[0]  # a run-time size once dim 0 is dynamic
    return a + b * rows


def pijit(fn, **config):
    return ms.jit(fn, capture_mode="bytecode", jit_config=config)


def test_a_changed_dim_recompiles_once_then_every_size_hits():
    f = pijit(scaled_by_rows, enable_dynamic_shape=True)
    for rows in (1, 2, 3, 5, 2):
        out = f(t((rows, 3)), t((rows, 3), 2.0))
        np.testing.assert_allclose(out.asnumpy(), np.full((rows, 3), 1.0 + 2.0 * rows))
    info = f.capture_info()
    assert len(info.compiles) == 2 and info.hits == 3
    assert info.compiles[1] == ("argument a: shape (1, 3) -> (2, 3) (enable_dynamic_shape: "
                                "argument a (None, 3), argument b (None, 3))")
    assert info.guards[0] == "argument a: Tensor shape (None, 3), dtype Float32"
    assert info.graphs[0].op_count == 2  # mul, add: the size is read, not a break


def test_a_second_dim_changing_generalises_further():
    f = pijit(lambda x: ops.relu(x) * 2, enable_dynamic_shape=True)
    for shape in ((2, 3), (4, 3), (4, 7), (9, 1)):
        np.testing.assert_allclose(f(t(shape)).asnumpy(), np.full(shape, 2.0))
    info = f.capture_info()
    assert len(info.compiles) == 3 and info.hits == 1
    assert info.guards[0] == "argument x: Tensor shape (None, None), dtype Float32"


def test_a_change_of_rank_stays_static():
    f = pijit(lambda x: x + 1, enable_dynamic_shape=True)
    f(t((2,)))
    f(t((2, 2)))
    f(t((3, 2)))  # rank 2 changed its dim 0: dynamic from now on
    f(t((4, 2)))
    info = f.capture_info()
    assert len(info.compiles) == 3 and info.hits == 1


def test_without_the_option_each_shape_is_its_own_entry():
    f = pijit(scaled_by_rows)
    for rows in (1, 2, 3):
        f(t((rows, 3)), t((rows, 3)))
    info = f.capture_info()
    assert len(info.compiles) == 3 and info.hits == 0
    assert info.guards[0] == "argument a: Tensor shape (3, 3), dtype Float32"


def test_input_signature_dims_read_as_run_time_sizes():
    sig = (ms.Tensor(shape=[None, 2], dtype=ms.float32),)
    f = ms.jit(lambda x: x * x.shape[0], capture_mode="bytecode", input_signature=sig)
    for rows in (1, 3):
        np.testing.assert_allclose(f(t((rows, 2))).asnumpy(), np.full((rows, 2), rows))
    info = f.capture_info()
    assert info.compiles == ["first call"] and info.hits == 1 and info.break_count == 0


def test_a_placeholders_dynamic_dims_read_minus_one_as_in_mindspore():
    """MindSpore 2.10 prints (-1, 4) for `Tensor(shape=[None, 4])` (and for -1 or a Symbol)."""
    assert ms.Tensor(dtype=ms.float32, shape=[None, 4]).shape == (-1, 4)
    assert ms.Tensor(dtype=ms.float32, shape=[-1, 12]).shape == (-1, 12)
    assert ms.Tensor(dtype=ms.float32, shape=(ms.Symbol(max=10), 2)).shape == (-1, 2)


def test_a_tensor_of_a_placeholder_is_a_placeholder_and_captures_its_dims():
    """MindSpore 2.10: `Tensor(TensorPy(shape=[-1, 12]))` has shape (-1, 12), and
    `Tensor(placeholder, int32)` is an Int32 placeholder of the same dims."""
    from graphc._c_expression import TensorPy
    x = ms.Tensor(TensorPy(shape=[-1, 12], dtype=ms.float32))
    assert x.shape == (-1, 12) and x.dtype == ms.float32
    cast = ms.Tensor(ms.Tensor(shape=[None, 4], dtype=ms.float32), ms.int32)
    assert cast.shape == (-1, 4) and cast.dtype == ms.int32

    def first_dim(v):
        rows = v.shape[0]
        return {"rows": rows}["rows"], v.shape
    f = ms.jit(first_dim, capture_mode="bytecode")
    assert f(x) == (-1, (-1, 12))
    assert f.capture_info().break_count == 0
