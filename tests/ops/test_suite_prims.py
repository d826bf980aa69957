"""The primitives and Tensor methods MindSpore's PIJit suite reaches (Dense, Invert,
InplaceAdd/Sub, Median, `Tensor.to/long/contiguous`, `Cell.init_parameters_data`): the values
MindSpore 2.10 gives (recorded by hand), its error types, and that each is captured into a
PIJit graph as one op, without a graph break."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops
from graphc.ops import operations as P
from graphc.ops.operations import _grad_ops as G
from graphc.ops.operations.math_ops import Median


def t(data, dtype=np.float32):
    return ms.Tensor(np.asarray(data, dtype))


def captured(fn, *args):
    """Run `fn` under PIJit; return its result and the one graph's ops (no breaks)."""
    f = ms.jit(fn, capture_mode="bytecode")
    out = f(*args)
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0, info
    return out, info.graphs[0].ops


# ----------------------------------------------------------------------------------- Dense
def test_dense_matches_mindspore_and_is_one_graph_op():
    x, w, b = t(np.arange(6).reshape(2, 3)), t(np.arange(12).reshape(4, 3)), t([0, 1, 2, 3])
    out, graph_ops = captured(lambda x, w, b: ops.Dense()(x, w, b), x, w, b)
    np.testing.assert_array_equal(out.asnumpy(), [[5, 15, 25, 35], [14, 51, 88, 125]])
    assert graph_ops == ["dense"]


def test_dense_vector_weight_gives_a_scalar_and_integer_dtypes_are_kept():
    out = ops.Dense()(t([1, 2, 3]), t([1, 1, 2]), t(0.5))
    assert out.shape == () and float(out.asnumpy()) == 9.5
    ints = ops.Dense()(t(np.arange(6).reshape(2, 3), np.uint8),
                       t(np.arange(12).reshape(4, 3), np.uint8), t(np.arange(4), np.uint8))
    assert ints.dtype == ms.uint8
    np.testing.assert_array_equal(ints.asnumpy(), [[5, 15, 25, 35], [14, 51, 88, 125]])


@pytest.mark.parametrize("x, w, b, exc", [
    (np.ones((2, 4), np.float32), np.ones((3, 3), np.float32), np.ones(3, np.float32),
     ValueError),
    (np.ones((2, 3), np.float32), np.ones((4, 3), np.float16), np.ones(4, np.float32),
     TypeError),
    (np.ones((2, 3), np.float32), np.ones((4, 3), np.float32), np.ones((4, 1), np.float32),
     ValueError),
    (np.ones((2, 3), np.float32), np.ones((4, 3, 1), np.float32), np.ones(4, np.float32),
     ValueError),
])
def test_dense_rejects_what_mindspore_rejects(x, w, b, exc):
    with pytest.raises(exc, match="Dense"):
        ops.Dense()(ms.Tensor(x), ms.Tensor(w), ms.Tensor(b))


def test_dense_gradients_of_all_inputs():
    x, w, b = t([[1, 2, 3], [4, 5, 6]]), t([[1, 0, 1], [2, 1, 0]]), t([1, 1])
    dx, dw, db = ms.grad(lambda x, w, b: ops.Dense()(x, w, b).sum(),
                         grad_position=(0, 1, 2))(x, w, b)
    np.testing.assert_array_equal(dx.asnumpy(), [[3, 1, 1], [3, 1, 1]])
    np.testing.assert_array_equal(dw.asnumpy(), [[5, 7, 9], [5, 7, 9]])
    np.testing.assert_array_equal(db.asnumpy(), [2, 2])


# ---------------------------------------------------------------------------------- Invert
def test_invert_matches_mindspore_for_signed_and_unsigned():
    out, graph_ops = captured(lambda x: P.Invert()(x), t([1, -2, 0], np.int16))
    np.testing.assert_array_equal(out.asnumpy(), [-2, 1, -1])
    assert graph_ops == ["invert"]
    np.testing.assert_array_equal(P.Invert()(t([1, 2, 0], np.uint8)).asnumpy(), [254, 253, 255])


@pytest.mark.parametrize("data", [np.array([1.0, 2.0], np.float32), np.array([True, False])])
def test_invert_of_float_or_bool_is_a_type_error(data):
    with pytest.raises(TypeError, match="Invert"):
        P.Invert()(ms.Tensor(data))


# ------------------------------------------------------------------------ InplaceAdd / Sub
def test_inplace_add_and_sub_give_new_tensors_and_repeated_rows_accumulate():
    x = t(np.arange(12).reshape(4, 3))
    out, graph_ops = captured(lambda x, v: P.InplaceAdd((0, 2))(x, v), x, t(np.ones((2, 3))))
    np.testing.assert_array_equal(out.asnumpy(), [[1, 2, 3], [3, 4, 5], [7, 8, 9], [9, 10, 11]])
    assert graph_ops == ["inplace_add"]
    np.testing.assert_array_equal(x.asnumpy(), np.arange(12).reshape(4, 3))  # x unchanged
    twice = P.InplaceSub((1, 1))(x, t(np.ones((2, 3))))
    np.testing.assert_array_equal(twice.asnumpy()[1], [1, 2, 3])
    one = P.InplaceAdd(1)(x, t(np.ones((1, 3))))
    np.testing.assert_array_equal(one.asnumpy()[1], [4, 5, 6])
    np.testing.assert_array_equal(ops.inplace_add(x, t(np.ones((2, 3))), (0, 2)).asnumpy(),
                                  out.asnumpy())


@pytest.mark.parametrize("indices, v_shape, dtype, exc", [
    ((0, 5), (2, 3), np.float32, ValueError),   # index out of range
    ((0, 1), (3, 3), np.float32, ValueError),   # v's rows != number of indices
    ((0,), (1, 2), np.float32, ValueError),     # the other dims differ
    ((0, 1), (2, 3), np.int32, TypeError),      # dtypes differ
])
def test_inplace_add_rejects_what_mindspore_rejects(indices, v_shape, dtype, exc):
    x = t(np.ones((4, 3)), dtype)
    with pytest.raises(exc, match="InplaceAdd"):
        P.InplaceAdd(indices)(x, t(np.ones(v_shape)))


def test_inplace_add_indices_must_be_an_int_or_tuple():
    with pytest.raises(TypeError, match="'indices' should be one of"):
        P.InplaceAdd(1.5)


# ---------------------------------------------------------------------------------- Median
def test_median_lower_middle_value_and_its_index_as_mindspore():
    x = t([[5, 1, 3, 2], [0, 7, 4, 6]])
    (values, indices), graph_ops = captured(lambda x: Median(False, 1, True)(x), x)
    assert graph_ops == ["median"]
    np.testing.assert_array_equal(values.asnumpy(), [[2], [4]])
    np.testing.assert_array_equal(indices.asnumpy(), [[3], [2]])
    assert indices.dtype == ms.int64
    values, indices = Median(False, 0, False)(x)
    np.testing.assert_array_equal(values.asnumpy(), [0, 1, 3, 2])
    np.testing.assert_array_equal(indices.asnumpy(), [1, 0, 0, 0])
    values, indices = Median(True, 0, False)(x)
    assert values.shape == () and float(values.asnumpy()) == 3 and int(indices.asnumpy()) == 0
    _, ties = Median(False, 1, True)(t([[2, 2, 2, 2]]))
    assert int(ties.asnumpy()[0, 0]) == 1
    values, _ = ops.median(x)
    np.testing.assert_array_equal(values.asnumpy(), [2, 4])


def test_median_gradient_goes_to_the_median_element_and_is_shared_among_global_ties():
    x = t([[5, 1, 3, 2], [0, 7, 4, 6]])
    g = ms.grad(lambda x: Median(False, 1, False)(x)[0])(x)
    np.testing.assert_array_equal(g.asnumpy(), [[0, 0, 0, 1], [0, 0, 1, 0]])
    g = ms.grad(lambda x: Median(True, 0, False)(x)[0])(t([1, 2, 2, 2, 3]))
    np.testing.assert_allclose(g.asnumpy(), [0, 1 / 3, 1 / 3, 1 / 3, 0], rtol=1e-6)
    dx = G.MedianGrad(False, 1, False)(t([1, 1]), x, *Median(False, 1, False)(x))
    np.testing.assert_array_equal(dx.asnumpy(), [[0, 0, 0, 1], [0, 0, 1, 0]])


@pytest.mark.parametrize("kw, exc, text", [
    (dict(axis=-5), ValueError, r"axis must be in \[-4,4\), but got -5"),
    (dict(axis=4), ValueError, r"axis must be in \[-4,4\), but got 4"),
    (dict(axis=1.2), TypeError, "the type of 'axis' should be 'int', but got type 'float'"),
    (dict(keep_dims="False"), TypeError, "the type of 'keep_dims' should be 'bool'"),
])
def test_median_attribute_errors_as_mindspore(kw, exc, text):
    attrs = dict(global_median=False, axis=0, keep_dims=False)
    with pytest.raises(exc, match=text):
        Median(**{**attrs, **kw})(t(np.ones((2, 1, 6, 3))))


def test_median_of_bool_is_a_type_error():
    with pytest.raises(TypeError, match="Median"):
        Median()(ms.Tensor(np.array([True, False])))


# ------------------------------------------------------------------ Tensor and Cell methods
def test_dtype_methods_are_casts_recorded_in_the_graph():
    x = t([1.5, 2.7])
    out, graph_ops = captured(lambda x: x.to(ms.int32) + x.long().to(ms.int32), x)
    np.testing.assert_array_equal(out.asnumpy(), [2, 4])
    assert graph_ops == ["cast", "cast", "cast", "add"]
    assert x.long().dtype == ms.int64 and x.to("cpu") is x and x.to() is x
    assert x.contiguous() is x and x.is_contiguous()
    np.testing.assert_array_equal(x.numpy(), np.array([1.5, 2.7], np.float32))
    with pytest.raises(TypeError, match="Tensor.to"):
        x.to(3)


def test_init_parameters_data_maps_each_parameter_to_itself():
    net = nn.Dense(2, 3)
    replaced = net.init_parameters_data()
    assert len(replaced) == 2 and all(k is v for k, v in replaced.items())


def test_dtype_to_nptype_at_the_top_level():
    assert ms.dtype_to_nptype(ms.float16) is np.float16
    assert ms.dtype_to_pytype(ms.int32) is int


def test_slice_of_a_scalar_tensor_is_a_value_error_as_mindspore():
    with pytest.raises(ValueError, match=r"For primitive\[Slice\], the rank of input_x must be "
                                         r"greater than 0, but got 0"):
        ops.Slice()(t(1.5, np.float64), (), ())


def test_var_matches_mindspore_and_is_captured_as_reductions():
    a = t([[1, 2, 3], [4, 6, 9]])
    out, graph_ops = captured(lambda x: x.var(), a)
    np.testing.assert_allclose(out.asnumpy(), 7.138889, rtol=1e-6)
    assert graph_ops == ["reduce_mean", "sub", "mul", "reduce_sum", "mul"]
    np.testing.assert_allclose(a.var(axis=1).asnumpy(), [0.6666667, 4.222222], rtol=1e-6)
    np.testing.assert_allclose(a.var(axis=0, ddof=1, keepdims=True).asnumpy(), [[4.5, 8, 18]])
    np.testing.assert_allclose(ops.var(a, 1, 1, True).asnumpy(), [[1.0], [6.333334]], rtol=1e-6)
    assert ms.Tensor([1, 2, 3, 4]).var().dtype == ms.float32
