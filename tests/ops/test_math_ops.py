"""Math primitives: kernels against NumPy, infer against the kernels, gradients against finite
differences, errors, primitive classes and Tensor operators/methods."""

import numpy as np
import pytest
from scipy import special

import graphc as ms
from graphc import ops
from graphc.ops import PRIMITIVES
from graphc.ops.primitive import spec_of

from .gradcheck import check_grad

RNG = np.random.default_rng(7)


def _arr(shape, dtype=np.float64, low=-2.0, high=2.0):
    if np.dtype(dtype).kind in "iu":
        return RNG.integers(1 if np.dtype(dtype).kind == "u" else -5, 6, size=shape).astype(dtype)
    if np.dtype(dtype).kind == "b":
        return RNG.integers(0, 2, size=shape).astype(bool)
    return RNG.uniform(low, high, size=shape).astype(dtype)


def check_infer(name, *tensors, **attrs):
    """The primitive's infer agrees with its raw kernel on shape (dtype: kernel's or promised)."""
    prim = PRIMITIVES[name]
    spec = prim.infer(*[spec_of(t) for t in tensors], **attrs)
    raw = np.asarray(prim.impl(*[t.asnumpy() for t in tensors], **attrs))
    assert spec.shape == raw.shape, (name, spec, raw.shape)
    return spec


def assert_tensor(t, expected, dtype=None, **tol):
    assert isinstance(t, ms.Tensor)
    expected = np.asarray(expected)
    assert t.shape == expected.shape, (t.shape, expected.shape)
    if dtype is not None:
        assert t.dtype is dtype, (t.dtype, dtype)
    np.testing.assert_allclose(t.asnumpy().astype(np.float64), expected.astype(np.float64),
                               rtol=tol.get("rtol", 1e-6), atol=tol.get("atol", 1e-6))


# ---------------------------------------------------------------------------- binary arithmetic

SHAPES = [((2, 3), (2, 3)), ((2, 3), (3,)), ((4, 1, 3), (2, 1)), ((), (3,))]

BINARY = [
    ("add", ops.add, np.add),
    ("sub", ops.sub, np.subtract),
    ("mul", ops.mul, np.multiply),
    ("div", ops.div, np.true_divide),
    ("floor_div", ops.floor_div, np.floor_divide),
    ("floor_mod", ops.floor_mod, np.mod),
    ("fmod", ops.fmod, np.fmod),
    ("maximum", ops.maximum, np.maximum),
    ("minimum", ops.minimum, np.minimum),
]


@pytest.mark.parametrize("name,fn,ref", BINARY, ids=[b[0] for b in BINARY])
@pytest.mark.parametrize("shapes", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32])
def test_binary_kernels_match_numpy(name, fn, ref, shapes, dtype):
    a, b = _arr(shapes[0], dtype), _arr(shapes[1], dtype)
    if name in ("div", "floor_div", "floor_mod", "fmod"):
        b = np.where(b == 0, 3, b).astype(dtype)
    x, y = ms.Tensor(a), ms.Tensor(b)
    out = fn(x, y)
    expected = ref(a, b)
    if name == "div" and dtype == np.int32:
        assert out.dtype is ms.float32  # int / int is true division to Float32
        expected = expected.astype(np.float32)
    else:
        assert out.dtype is ms.Tensor(a).dtype
    assert_tensor(out, expected, rtol=1e-5)
    spec = check_infer(name, x, y)
    assert spec.dtype is out.dtype


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64])
def test_pow_kernel_and_dtypes(dtype):
    a = _arr((2, 3), dtype, 0.5, 2.0) if np.dtype(dtype).kind == "f" else \
        np.abs(_arr((2, 3), dtype)) + 1
    out = ops.pow(ms.Tensor(a), 2)
    assert out.dtype is ms.Tensor(a).dtype
    assert_tensor(out, a ** 2)
    check_infer("pow", ms.Tensor(a), ms.Tensor(np.full((3,), 2, dtype)))
    # Tensor exponent, scalar base
    assert_tensor(ops.pow(2, ms.Tensor(a)), np.power(np.asarray(2, dtype), a), rtol=1e-5)


@pytest.mark.parametrize("exponent", [2, 3.0, -1.5, 0.5])
def test_pow_with_number_exponent(exponent):
    a = _arr((2, 3), np.float32, 0.5, 2.0)
    out = ops.pow(ms.Tensor(a), exponent)
    assert out.dtype is ms.float32
    assert_tensor(out, np.power(a, exponent), rtol=1e-5)
    assert check_infer("pow_scalar", ms.Tensor(a), exponent=exponent).dtype is ms.float32
    check_grad(lambda x: x ** exponent, a.astype(np.float64))


def test_pow_int_negative_exponent_truncates_like_mindspore():
    out = ops.pow(ms.Tensor(np.array([1, 2, -1], np.int32)), -1)
    assert out.dtype is ms.int32
    assert out.asnumpy().tolist() == [1, 0, -1]
    assert ops.pow(ms.Tensor([2, 3]), 2.0).dtype is ms.float32


def test_division_family_semantics():
    i = ms.Tensor(np.array([7, -7, 3], np.int32))
    j = ms.Tensor(np.array([2, 2, -2], np.int32))
    assert_tensor(i / j, [3.5, -3.5, -1.5], ms.float32)
    assert_tensor(ops.Div()(i, j), [3.5, -3.5, -1.5], ms.float32)
    assert_tensor(ops.RealDiv()(i, j), [3, -3, -1], ms.int32)
    assert_tensor(i // j, [3, -4, -2], ms.int32)
    assert_tensor(i % j, [1, 1, -1], ms.int32)             # sign of the divisor
    assert_tensor(ops.Mod()(i, j), [1, -1, 1], ms.int32)    # sign of the dividend
    assert_tensor(ops.div(i, j, rounding_mode="floor"), [3, -4, -2], ms.int32)
    assert_tensor(ops.div(i, j, rounding_mode="trunc"), [3, -3, -1], ms.int32)
    f = ms.Tensor([-7.0, 7.0])
    assert_tensor(ops.floor_mod(f, ms.Tensor([2.0, -2.0])), [1.0, -1.0], ms.float32)
    assert_tensor(ops.remainder(f, 2.0), [1.0, 1.0])
    with pytest.raises(ValueError, match=r"For 'Div', 'rounding_mode'"):
        ops.div(f, 2.0, rounding_mode="round")


def test_python_float_keeps_float32_and_int_tensor_meets_float():
    x = ms.Tensor(np.ones(3, np.float32))
    for out in (x / 2.5, 2.5 / x, x ** 2.0, x // 0.5, x % 0.5, ops.maximum(x, 0.5)):
        assert out.dtype is ms.float32
    i = ms.Tensor(np.ones(3, np.int32))
    assert (i * 1.5).dtype is ms.float32
    assert (i + 1).dtype is ms.int32
    assert ops.maximum(i, ms.Tensor(np.ones(3, np.float64))).dtype is ms.float64


# ---------------------------------------------------------------------------- unary functions

UNARY = [
    ("abs", ops.abs, np.abs, (-2, 2)),
    ("exp", ops.exp, np.exp, (-2, 2)),
    ("log", ops.log, np.log, (0.5, 3)),
    ("sqrt", ops.sqrt, np.sqrt, (0.5, 3)),
    ("rsqrt", ops.rsqrt, lambda a: 1 / np.sqrt(a), (0.5, 3)),
    ("square", ops.square, np.square, (-2, 2)),
    ("reciprocal", ops.reciprocal, np.reciprocal, (0.5, 3)),
    ("sign", ops.sign, np.sign, (-2, 2)),
    ("floor", ops.floor, np.floor, (-2, 2)),
    ("ceil", ops.ceil, np.ceil, (-2, 2)),
    ("trunc", ops.trunc, np.trunc, (-2, 2)),
    ("round", ops.round, np.round, (-2, 2)),
    ("sin", ops.sin, np.sin, (-2, 2)),
    ("cos", ops.cos, np.cos, (-2, 2)),
    ("tanh", ops.tanh, np.tanh, (-2, 2)),
    ("erf", ops.erf, special.erf, (-2, 2)),
    ("neg", ops.neg, np.negative, (-2, 2)),
]
FLOAT_RESULT = {"exp", "log", "sqrt", "rsqrt", "reciprocal", "sin", "cos", "tanh", "erf"}


@pytest.mark.parametrize("name,fn,ref,rng", UNARY, ids=[u[0] for u in UNARY])
@pytest.mark.parametrize("shape", [(), (5,), (2, 3)], ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_unary_kernels_match_numpy(name, fn, ref, rng, shape, dtype):
    a = _arr(shape, dtype, *rng)
    out = fn(ms.Tensor(a))
    assert out.dtype is ms.Tensor(a).dtype
    assert_tensor(out, ref(a), rtol=1e-5)
    assert check_infer(name, ms.Tensor(a)).dtype is out.dtype


@pytest.mark.parametrize("name,fn,ref,rng", UNARY, ids=[u[0] for u in UNARY])
def test_unary_int_inputs(name, fn, ref, rng):
    a = np.array([1, 2, 3], np.int32)
    out = fn(ms.Tensor(a))
    if name in FLOAT_RESULT:
        assert out.dtype is ms.float32
        assert_tensor(out, ref(a.astype(np.float64)), rtol=1e-5)
    else:
        assert out.dtype is ms.int32
        assert_tensor(out, ref(a))
    check_infer(name, ms.Tensor(a))


def test_round_half_to_even_and_decimals():
    x = ms.Tensor(np.array([0.5, 1.5, 2.5, -0.5, 1.26], np.float32))
    assert_tensor(ops.round(x), [0.0, 2.0, 2.0, -0.0, 1.0])
    assert_tensor(ops.round(x, decimals=1), [0.5, 1.5, 2.5, -0.5, 1.3], rtol=1e-6)
    assert_tensor(x.round(), [0.0, 2.0, 2.0, -0.0, 1.0])


def test_abs_of_complex_is_real():
    z = ms.Tensor(np.array([3 + 4j], np.complex64))
    out = ops.abs(z)
    assert out.dtype is ms.float32
    assert_tensor(out, [5.0])


# ---------------------------------------------------------------------------- clamp


@pytest.mark.parametrize("lo,hi", [(-0.5, 0.7), (None, 0.7), (-0.5, None)])
def test_clamp_scalar_bounds(lo, hi):
    a = _arr((3, 4), np.float32)
    out = ops.clamp(ms.Tensor(a), lo, hi)
    assert out.dtype is ms.float32
    assert_tensor(out, np.clip(a, lo, hi))
    assert_tensor(ops.clip_by_value(ms.Tensor(a), lo, hi), np.clip(a, lo, hi))
    assert_tensor(ms.Tensor(a).clip(lo, hi), np.clip(a, lo, hi))


def test_clamp_tensor_bounds_broadcast_and_promote():
    a = _arr((3, 4))
    lo, hi = _arr((4,), low=-1, high=0), _arr((3, 1), low=0, high=1)
    out = ops.clamp(ms.Tensor(a), ms.Tensor(lo), ms.Tensor(hi))
    assert_tensor(out, np.minimum(np.maximum(a, lo), hi))
    check_infer("clamp", ms.Tensor(a), ms.Tensor(lo), ms.Tensor(hi), has_min=True, has_max=True)
    i = ms.Tensor(np.array([-3, 0, 9], np.int32))
    assert ops.clamp(i, 0, 5).dtype is ms.int32
    promoted = ops.clamp(i, 0.5, 5.5)
    assert promoted.dtype is ms.float32
    assert_tensor(promoted, [0.5, 0.5, 5.5])
    # min > max: every element becomes max, as MindSpore
    assert_tensor(ops.clamp(ms.Tensor([1.0, 5.0]), 4.0, 2.0), [2.0, 2.0])


def test_clamp_needs_a_bound():
    with pytest.raises(ValueError, match=r"For 'Clamp', at least one of 'min' or 'max'"):
        ops.clamp(ms.Tensor([1.0]))


def test_clamp_gradient_includes_bounds_like_mindspore():
    g = ms.grad(lambda x: ops.clamp(x, 0.0, 1.0))(ms.Tensor([0.0, 0.5, 1.0, 2.0, -1.0]))
    assert_tensor(g, [1.0, 1.0, 1.0, 0.0, 0.0])


# ---------------------------------------------------------------------------- comparisons, logic

COMPARE = [
    ("equal", ops.equal, np.equal), ("not_equal", ops.not_equal, np.not_equal),
    ("less", ops.less, np.less), ("less_equal", ops.less_equal, np.less_equal),
    ("greater", ops.greater, np.greater), ("greater_equal", ops.greater_equal, np.greater_equal),
]


@pytest.mark.parametrize("name,fn,ref", COMPARE, ids=[c[0] for c in COMPARE])
@pytest.mark.parametrize("dtype", [np.float32, np.int32])
def test_comparisons(name, fn, ref, dtype):
    a, b = _arr((2, 3), dtype), _arr((3,), dtype)
    b[0] = a[0, 0]  # at least one tie
    out = fn(ms.Tensor(a), ms.Tensor(b))
    assert out.dtype is ms.bool_
    np.testing.assert_array_equal(out.asnumpy(), ref(a, b))
    assert check_infer(name, ms.Tensor(a), ms.Tensor(b)).dtype is ms.bool_
    # mixed dtypes and Python scalars promote before comparing
    np.testing.assert_array_equal(fn(ms.Tensor(a), 0.5).asnumpy(), ref(a, 0.5))


def test_comparison_aliases():
    x, y = ms.Tensor([1.0, 2.0, 3.0]), ms.Tensor([2.0, 2.0, 2.0])
    for alias, full in [(ops.ne, ops.not_equal), (ops.lt, ops.less), (ops.le, ops.less_equal),
                        (ops.gt, ops.greater), (ops.ge, ops.greater_equal)]:
        np.testing.assert_array_equal(alias(x, y).asnumpy(), full(x, y).asnumpy())


LOGIC = [
    ("logical_and", ops.logical_and, np.logical_and),
    ("logical_or", ops.logical_or, np.logical_or),
    ("logical_xor", ops.logical_xor, np.logical_xor),
]


@pytest.mark.parametrize("name,fn,ref", LOGIC, ids=[c[0] for c in LOGIC])
def test_logical_ops_take_any_dtype(name, fn, ref):
    a, b = _arr((2, 3), bool), _arr((2, 3), bool)
    out = fn(ms.Tensor(a), ms.Tensor(b))
    assert out.dtype is ms.bool_
    np.testing.assert_array_equal(out.asnumpy(), ref(a, b))
    check_infer(name, ms.Tensor(a), ms.Tensor(b))
    ints = np.array([0, 3, -1], np.int32)
    np.testing.assert_array_equal(fn(ms.Tensor(ints), ms.Tensor([True, True, False])).asnumpy(),
                                  ref(ints, [True, True, False]))
    np.testing.assert_array_equal(ops.logical_not(ms.Tensor(ints)).asnumpy(), [True, False, False])


BITWISE = [
    ("bitwise_and", ops.bitwise_and, np.bitwise_and),
    ("bitwise_or", ops.bitwise_or, np.bitwise_or),
    ("bitwise_xor", ops.bitwise_xor, np.bitwise_xor),
]


@pytest.mark.parametrize("name,fn,ref", BITWISE, ids=[c[0] for c in BITWISE])
@pytest.mark.parametrize("dtype", [np.int32, np.uint8, bool])
def test_bitwise_ops(name, fn, ref, dtype):
    a, b = _arr((2, 3), dtype), _arr((3,), dtype)
    out = fn(ms.Tensor(a), ms.Tensor(b))
    assert out.dtype is ms.Tensor(a).dtype
    np.testing.assert_array_equal(out.asnumpy(), ref(a, b))
    check_infer(name, ms.Tensor(a), ms.Tensor(b))


def test_bitwise_rejects_floats():
    with pytest.raises(TypeError, match=r"For 'BitwiseAnd', .*bool or int.*Float32"):
        ops.bitwise_and(ms.Tensor([1.0]), ms.Tensor([2.0]))


@pytest.mark.parametrize("name,fn,ref", [("isnan", ops.isnan, np.isnan),
                                         ("isinf", ops.isinf, np.isinf),
                                         ("isfinite", ops.isfinite, np.isfinite)])
def test_float_checks(name, fn, ref):
    a = np.array([1.0, np.nan, np.inf, -np.inf, 0.0], np.float32)
    out = fn(ms.Tensor(a))
    assert out.dtype is ms.bool_
    np.testing.assert_array_equal(out.asnumpy(), ref(a))
    np.testing.assert_array_equal(fn(ms.Tensor([1, 2])).asnumpy(), ref(np.array([1, 2])))
    check_infer(name, ms.Tensor(a))


# ---------------------------------------------------------------------------- reductions

REDUCE = [
    ("reduce_sum", ops.reduce_sum, np.sum),
    ("reduce_mean", ops.reduce_mean, np.mean),
    ("reduce_max", ops.reduce_max, np.max),
    ("reduce_min", ops.reduce_min, np.min),
    ("reduce_prod", ops.reduce_prod, np.prod),
    ("reduce_all", ops.reduce_all, np.all),
    ("reduce_any", ops.reduce_any, np.any),
]
AXES = [(), None, 0, -1, (0, 2), [1], (-1, 0)]


def _np_axis(axis):
    return None if axis is None or axis == () else tuple(axis) if isinstance(axis, list) else axis


@pytest.mark.parametrize("name,fn,ref", REDUCE, ids=[r[0] for r in REDUCE])
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("keep_dims", [False, True])
def test_reductions_match_numpy(name, fn, ref, axis, keep_dims):
    a = _arr((2, 3, 4), np.float32, 0.5, 1.5)
    out = fn(ms.Tensor(a), axis, keep_dims)
    expected = ref(a, axis=_np_axis(axis), keepdims=keep_dims)
    assert out.dtype is (ms.bool_ if name in ("reduce_all", "reduce_any") else ms.float32)
    assert_tensor(out, expected, rtol=1e-5)
    attrs = {"axis": None if axis in ((), None) else
             tuple(axis) if isinstance(axis, list) else axis, "keep_dims": keep_dims}
    assert check_infer(name, ms.Tensor(a), **attrs).dtype is out.dtype


def test_reduction_dtypes_follow_mindspore():
    i = ms.Tensor(np.array([[0, 1, 2], [3, 4, 5]], np.int32))
    assert_tensor(ops.ReduceSum()(i, 1), [3, 12], ms.int32)
    assert_tensor(ops.ReduceMean()(i, 1), [1, 4], ms.int32)
    assert_tensor(ops.reduce_mean(ms.Tensor(np.array([-1, -2], np.int32))), -1, ms.int32)
    assert_tensor(ops.ReduceProd()(i + 1, 1), [6, 120], ms.int32)
    assert_tensor(ops.ReduceMax()(i, 1), [2, 5], ms.int32)
    assert_tensor(ops.ReduceAll()(i, 1), [False, True], ms.bool_)
    b = ms.Tensor([[True, False, True], [True, True, True]])
    assert_tensor(ops.sum(b, 1), [2, 3], ms.int64)
    assert_tensor(b.sum(), 5, ms.int32)
    assert_tensor(ops.sum(i, 1, dtype=ms.float32), [3.0, 12.0], ms.float32)


def test_functional_reduction_spellings():
    a = _arr((2, 3), np.float32)
    x = ms.Tensor(a)
    assert_tensor(ops.sum(x), a.sum(), rtol=1e-5)
    assert_tensor(ops.sum(x, dim=1, keepdim=True), a.sum(1, keepdims=True), rtol=1e-5)
    assert_tensor(ops.sum(x, (0, 1)), a.sum(), rtol=1e-5)
    assert_tensor(ops.mean(x, axis=1, keep_dims=True), a.mean(1, keepdims=True), rtol=1e-5)
    assert_tensor(ops.amax(x, 1), a.max(1))
    assert_tensor(ops.amin(x, (0, 1), keepdims=True), a.min(keepdims=True))
    assert_tensor(ops.amax(x, initial=10.0), 10.0)
    assert_tensor(ops.prod(x, 0), a.prod(0), rtol=1e-5)
    assert_tensor(ops.all(x > -5), True, ms.bool_)
    assert_tensor(ops.any(x > 5, 0), [False] * 3, ms.bool_)
    values, idx = ops.max(x, 1)
    assert_tensor(values, a.max(1))
    assert_tensor(idx, a.argmax(1), ms.int64)
    values, idx = ops.min(x)
    assert_tensor(values, a.min())
    assert_tensor(idx, 0, ms.int64)  # MindSpore gives index 0 when reducing everything


def test_reduce_of_scalar_tensor():
    x = ms.Tensor(3.0)
    assert_tensor(ops.reduce_sum(x), 3.0)
    assert_tensor(ops.reduce_max(x, 0), 3.0)
    assert_tensor(ops.argmax(x), 0, ms.int64)


@pytest.mark.parametrize("fn,ref", [(ops.argmax, np.argmax), (ops.argmin, np.argmin)])
@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_argmax_argmin(fn, ref, axis):
    a = _arr((3, 4), np.float32)
    out = fn(ms.Tensor(a), axis)
    assert out.dtype is (ms.int64 if fn is ops.argmax else ms.int32)
    np.testing.assert_array_equal(out.asnumpy(), ref(a, axis=axis))
    if axis is not None:
        keep = fn(ms.Tensor(a), axis, True)
        np.testing.assert_array_equal(keep.asnumpy(), ref(a, axis=axis, keepdims=True))
    check_infer(fn.__name__, ms.Tensor(a), axis=axis)


def test_argmax_primitive_classes():
    a = np.array([[1.0, 5.0, 2.0], [7.0, 0.0, 7.0]], np.float32)
    x = ms.Tensor(a)
    assert_tensor(ops.Argmax()(x), [1, 0], ms.int32)           # first maximum wins
    assert_tensor(ops.Argmax(axis=0)(x), [1, 0, 1], ms.int32)
    assert_tensor(ops.Argmax(output_type=ms.int64)(x), [1, 0], ms.int64)
    assert_tensor(ops.Argmin(axis=1)(x), [0, 1], ms.int32)
    with pytest.raises(TypeError, match=r"For 'Argmax', 'output_type' must be Int32 or Int64"):
        ops.Argmax(output_type=ms.float32)
    assert_tensor(x.argmax(), 3, ms.int64)
    assert_tensor(x.argmin(axis=1), [0, 1], ms.int32)


def test_reduction_errors_name_op_axis_and_range():
    x = ms.Tensor(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match=r"For 'ReduceSum', 'axis' must be in range \[-2, 2\), "
                                         r"but got 3"):
        ops.ReduceSum()(x, 3)
    with pytest.raises(ValueError, match=r"For 'ReduceMean', 'axis' has duplicate entries"):
        ops.reduce_mean(x, (1, -1))
    with pytest.raises(TypeError, match=r"For 'ReduceMax', 'axis' must be None, an int or a "
                                        r"tuple of ints, but got 1.5"):
        ops.reduce_max(x, 1.5)
    with pytest.raises(ValueError, match=r"For 'Argmax', 'axis' must be in range \[-2, 2\)"):
        ops.argmax(x, 2)
    with pytest.raises(NotImplementedError, match=r"For 'ReduceMax', the 'where' argument"):
        ops.amax(x, where=ms.Tensor([True, False, True]))
    with pytest.raises(TypeError, match=r"For 'ReduceSum', 'keep_dims' must be a bool"):
        ops.ReduceSum(keep_dims=1)
    empty = ms.Tensor(np.zeros((2, 0), np.float32))
    with pytest.raises(ValueError, match=r"For 'ReduceMin', cannot reduce over an empty axis: "
                                         r"the input has shape \[2, 0\] and axis is 1"):
        ops.reduce_min(empty, 1)
    assert_tensor(ops.amax(empty, 1, initial=-1.0), [-1.0, -1.0])
    assert ops.reduce_max(empty, 0).shape == (0,)


# ---------------------------------------------------------------------------- matmul

MATMUL_SHAPES = [
    ((2, 3), (3, 4)), ((3,), (3, 4)), ((2, 3), (3,)), ((3,), (3,)),
    ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)), ((5, 1, 2, 3), (4, 3, 2)), ((4,), (2, 4, 3)),
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul_matches_numpy(shapes):
    a, b = _arr(shapes[0], np.float32), _arr(shapes[1], np.float32)
    out = ops.matmul(ms.Tensor(a), ms.Tensor(b))
    assert_tensor(out, np.matmul(a, b), rtol=1e-5, atol=1e-5)
    check_infer("matmul", ms.Tensor(a), ms.Tensor(b))
    assert_tensor(ms.Tensor(a) @ ms.Tensor(b), np.matmul(a, b), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("ta", [False, True])
@pytest.mark.parametrize("tb", [False, True])
def test_matmul_and_batch_matmul_transposes(ta, tb):
    a, b = _arr((2, 3)), _arr((3, 4))
    a_in, b_in = (a.T.copy() if ta else a), (b.T.copy() if tb else b)
    out = ops.MatMul(transpose_a=ta, transpose_b=tb)(ms.Tensor(a_in), ms.Tensor(b_in))
    assert_tensor(out, a @ b)
    check_infer("matmul", ms.Tensor(a_in), ms.Tensor(b_in), transpose_a=ta, transpose_b=tb)
    ba, bb = _arr((5, 2, 3)), _arr((5, 3, 4))
    ba_in = np.swapaxes(ba, -1, -2).copy() if ta else ba
    bb_in = np.swapaxes(bb, -1, -2).copy() if tb else bb
    out = ops.BatchMatMul(transpose_a=ta, transpose_b=tb)(ms.Tensor(ba_in), ms.Tensor(bb_in))
    assert_tensor(out, ba @ bb)
    check_grad(lambda x, y: ops.BatchMatMul(ta, tb)(x, y), ba_in[:2], bb_in[:2])
    check_grad(lambda x, y: ops.MatMul(ta, tb)(x, y), a_in, b_in)


def test_matmul_dtypes_and_spellings():
    i = ms.Tensor(np.arange(6, dtype=np.int32).reshape(2, 3))
    f = ms.Tensor(np.ones((3, 2), np.float32))
    assert ops.matmul(i, ms.Tensor(np.ones((3, 2), np.int32))).dtype is ms.int32
    mixed = ops.matmul(i, f)
    assert mixed.dtype is ms.float32
    assert_tensor(mixed, np.arange(6).reshape(2, 3) @ np.ones((3, 2)))
    x, y = _arr((2, 2, 3), np.float32), _arr((2, 3, 4), np.float32)
    assert_tensor(ops.bmm(ms.Tensor(x), ms.Tensor(y)), x @ y, rtol=1e-5, atol=1e-6)
    assert_tensor(ops.batch_matmul(ms.Tensor(x), ms.Tensor(y)), x @ y, rtol=1e-5, atol=1e-6)
    assert_tensor(ms.Tensor(x).matmul(ms.Tensor(y)), x @ y, rtol=1e-5, atol=1e-6)
    assert_tensor(np.ones((2, 2), np.float32) @ ms.Tensor(np.eye(2, dtype=np.float32)),
                  np.ones((2, 2)))


def test_matmul_errors_name_both_shapes():
    a, b = ms.Tensor(np.zeros((2, 3))), ms.Tensor(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"For 'MatMul', the inner dimensions .* \[2, 3\] and "
                                         r"\[2, 3\]: 3 != 2"):
        ops.matmul(a, b)
    with pytest.raises(ValueError, match=r"For 'MatMul'.*\[2, 3\] and \[3, 3\] \(with "
                                         r"transpose_a\): 2 != 3"):
        ops.MatMul(transpose_a=True)(a, ms.Tensor(np.zeros((3, 3))))
    with pytest.raises(ValueError, match=r"For 'MatMul', the inputs must be 2-D, but got shapes "
                                         r"\[2, 2, 3\] and \[3, 4\]"):
        ops.MatMul()(ms.Tensor(np.zeros((2, 2, 3))), ms.Tensor(np.zeros((3, 4))))
    with pytest.raises(ValueError, match=r"For 'MatMul'.*cannot be broadcast"):
        ops.matmul(ms.Tensor(np.zeros((2, 2, 3))), ms.Tensor(np.zeros((3, 3, 4))))
    with pytest.raises(ValueError, match=r"For 'MatMul', the inputs must have at least 1"):
        ops.matmul(ms.Tensor(1.0), ms.Tensor(np.zeros(3)))


# ---------------------------------------------------------------------------- addn, cumsum


def test_addn():
    a, b, c = _arr((2, 3)), _arr((2, 3)), _arr((2, 3))
    out = ops.addn([ms.Tensor(a), ms.Tensor(b), ms.Tensor(c)])
    assert_tensor(out, a + b + c)
    assert_tensor(ops.AddN()((ms.Tensor(a),)), a)
    check_infer("addn", ms.Tensor(a), ms.Tensor(b))
    check_grad(lambda x, y, z: ops.addn((x, y, z)), a, b, c)
    with pytest.raises(ValueError, match=r"For 'AddN', all inputs must have the same shape, but "
                                         r"got \[2, 3\], \[3\]"):
        ops.addn([ms.Tensor(a), ms.Tensor(a[0])])
    with pytest.raises(TypeError, match=r"For 'AddN', all inputs must have the same dtype"):
        ops.addn([ms.Tensor(a), ms.Tensor(a.astype(np.float32))])


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_cumsum(exclusive, reverse, axis):
    a = _arr((3, 4))
    ref = np.flip(a, axis) if reverse else a
    ref = np.cumsum(ref, axis)
    if exclusive:
        ref = ref - (np.flip(a, axis) if reverse else a)
    ref = np.flip(ref, axis) if reverse else ref
    out = ops.CumSum(exclusive=exclusive, reverse=reverse)(ms.Tensor(a), axis)
    assert_tensor(out, ref)
    check_infer("cumsum", ms.Tensor(a), axis=axis, exclusive=exclusive, reverse=reverse)
    check_grad(lambda x: ops.CumSum(exclusive, reverse)(x, axis), a)


def test_cumsum_dtypes_and_method():
    i = ms.Tensor(np.array([[0, 1, 2], [3, 4, 5]], np.int32))
    assert_tensor(ops.cumsum(i, 1), [[0, 1, 3], [3, 7, 12]], ms.int32)
    assert_tensor(ops.cumsum(i, 0, dtype=ms.float32), [[0, 1, 2], [3, 5, 7]], ms.float32)
    assert_tensor(i.cumsum(), [0, 1, 3, 6, 10, 15], ms.int32)
    with pytest.raises(TypeError, match=r"For 'CumSum', the dtype of 'x' must be a number type, "
                                        r"but got Bool"):
        ops.cumsum(ms.Tensor([True, False]), 0)
    with pytest.raises(ValueError, match=r"For 'CumSum', 'axis' must be in range \[-2, 2\)"):
        ops.cumsum(i, 2)


# ---------------------------------------------------------------------------- gradients

GRAD_BINARY = [
    ops.add, ops.sub, ops.mul, ops.div, ops.maximum, ops.minimum, ops.floor_mod, ops.fmod,
    ops.pow,
]


@pytest.mark.parametrize("fn", GRAD_BINARY, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shapes", [((2, 3), (2, 3)), ((2, 3), (3,)), ((3, 1), (1, 2))],
                         ids=str)
def test_binary_gradients_with_broadcasting(fn, shapes):
    a = RNG.uniform(0.5, 2.0, size=shapes[0])
    b = RNG.uniform(0.6, 1.9, size=shapes[1])
    if fn in (ops.floor_mod, ops.fmod):  # away from the jumps of the quotient
        a = np.floor(a * 3) + 0.5 * (b.max() if b.size else 1)
        b = np.full(shapes[1], 0.9) + RNG.uniform(0, 0.05, size=shapes[1])
    check_grad(fn, a, b)


def test_pow_gradient_with_scalar_exponent_and_nonpositive_base():
    check_grad(lambda x: ops.pow(x, 3.0), RNG.uniform(-2, 2, size=(2, 3)))
    check_grad(lambda y: ops.pow(2.0, y), RNG.uniform(-2, 2, size=(3,)))
    # d/dy x**y is taken as 0 where x <= 0 (no NaN from log)
    gx, gy = ms.grad(ops.pow, (0, 1))(ms.Tensor([-2.0, 0.0, 2.0]), ms.Tensor([2.0, 2.0, 3.0]))
    assert_tensor(gx, [-4.0, 0.0, 12.0])
    assert_tensor(gy, [0.0, 0.0, 8.0 * np.log(2.0)], rtol=1e-6)


GRAD_UNARY = [
    (ops.abs, (0.2, 2.0), True), (ops.exp, (-2, 2), False), (ops.log, (0.5, 3), False),
    (ops.sqrt, (0.5, 3), False), (ops.rsqrt, (0.5, 3), False), (ops.square, (-2, 2), False),
    (ops.reciprocal, (0.5, 3), False), (ops.sin, (-2, 2), False), (ops.cos, (-2, 2), False),
    (ops.tanh, (-2, 2), False), (ops.erf, (-2, 2), False), (ops.neg, (-2, 2), False),
]


@pytest.mark.parametrize("fn,rng,signed", GRAD_UNARY, ids=lambda v: getattr(v, "__name__", ""))
def test_unary_gradients(fn, rng, signed):
    a = RNG.uniform(*rng, size=(2, 3))
    if signed:
        a[0] = -a[0]
    check_grad(fn, a)


@pytest.mark.parametrize("fn", [ops.sign, ops.floor, ops.ceil, ops.round, ops.trunc,
                                ops.floor_div], ids=lambda f: f.__name__)
def test_piecewise_constant_ops_have_zero_gradient(fn):
    x = ms.Tensor([0.3, 1.7, -2.2])
    args = (x, ms.Tensor([2.0, 2.0, 2.0])) if fn is ops.floor_div else (x,)
    g = ms.grad(lambda *t: fn(*t) * 1.0)(*args)
    assert_tensor(g, [0.0, 0.0, 0.0])


def test_clamp_gradients():
    a = np.array([[-1.5, -0.2, 0.3], [0.8, 1.4, 2.5]])
    check_grad(lambda x: ops.clamp(x, -0.5, 1.0), a)
    check_grad(lambda x: ops.clamp(x, None, 1.0), a)
    check_grad(lambda x: ops.clamp(x, -0.5), a)
    lo, hi = np.array([-0.4, 0.0, 0.35]), np.array([[0.9], [1.2]])
    check_grad(lambda x, l, h: ops.clamp(x, l, h), a, lo, hi)


REDUCE_GRAD = [ops.reduce_sum, ops.reduce_mean, ops.reduce_max, ops.reduce_min,
               ops.reduce_prod]


@pytest.mark.parametrize("fn", REDUCE_GRAD, ids=lambda f: f.__name__)
@pytest.mark.parametrize("axis", [(), 1, (0, 2), -1])
@pytest.mark.parametrize("keep_dims", [False, True])
def test_reduction_gradients(fn, axis, keep_dims):
    a = RNG.permutation(24).reshape(2, 3, 4) / 10.0 + 0.5  # distinct, nonzero: no ties
    check_grad(lambda x: fn(x, axis, keep_dims), a)


def test_max_gradient_splits_ties_evenly():
    g = ms.grad(lambda x: ops.reduce_max(x))(ms.Tensor([1.0, 3.0, 3.0]))
    assert_tensor(g, [0.0, 0.5, 0.5])
    g = ms.grad(lambda x: ops.amin(x, 1))(ms.Tensor([[1.0, 1.0, 2.0], [0.0, 4.0, 5.0]]))
    assert_tensor(g, [[0.5, 0.5, 0.0], [1.0, 0.0, 0.0]])
    gx, gy = ms.grad(ops.maximum, (0, 1))(ms.Tensor([3.0, 1.0]), ms.Tensor([3.0, 2.0]))
    assert_tensor(gx, [0.5, 0.0])
    assert_tensor(gy, [0.5, 1.0])


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul_gradients(shapes):
    check_grad(ops.matmul, _arr(shapes[0]), _arr(shapes[1]))


def test_cast_mixed_matmul_gradient_reaches_both_dtypes():
    gx, gy = ms.grad(ops.matmul, (0, 1))(ms.Tensor(np.ones((2, 3), np.float32)),
                                        ms.Tensor(np.ones((3, 2), np.float64)))
    assert gx.dtype is ms.float32 and gy.dtype is ms.float64
    assert_tensor(gx, np.full((2, 3), 2.0))


def test_second_order_gradients():
    x = ms.Tensor(np.array([-1.0, 0.3, 1.2]))
    d2 = ms.grad(ms.grad(ops.tanh))(x)
    t = np.tanh(x.asnumpy())
    assert_tensor(d2, -2 * t * (1 - t ** 2), rtol=1e-6)
    d2 = ms.grad(ms.grad(lambda v: ops.pow(v, 3.0)))(x)
    assert_tensor(d2, 6 * x.asnumpy(), rtol=1e-6)
    d2 = ms.grad(ms.grad(lambda v: ops.reduce_sum(ops.exp(v) * ops.sin(v))))(x)
    a = x.asnumpy()
    assert_tensor(d2, 2 * np.exp(a) * np.cos(a), rtol=1e-6)
    # the gradient of the gradient of a matmul with respect to its other operand
    w = ms.Tensor(_arr((3, 2)))
    check_grad(lambda v: ms.grad(lambda u: ops.reduce_sum(ops.matmul(u, v) ** 2))(
        ms.Tensor(np.ones((2, 3)))), w.asnumpy())


# ---------------------------------------------------------------------------- errors


def test_elementwise_errors_name_op_and_shapes():
    x, y = ms.Tensor(np.zeros((2, 3))), ms.Tensor(np.zeros(4))
    for fn, name in [(ops.div, "Div"), (ops.maximum, "Maximum"), (ops.floor_mod, "FloorMod"),
                     (ops.pow, "Pow"), (ops.equal, "Equal"), (ops.logical_and, "LogicalAnd"),
                     (ops.less, "Less")]:
        with pytest.raises(ValueError, match=rf"For '{name}'.*\[2, 3\] and \[4\]"):
            fn(x, y)
    with pytest.raises(TypeError, match=r"For 'Div', unsupported operand types: Tensor and 'str'"):
        ops.div(x, "a")
    with pytest.raises(ValueError, match=r"For 'Clamp'.*\[2, 3\] and \[4\]"):
        ops.clamp(x, y, None)


def test_unary_dtype_errors_name_op_and_dtype():
    b = ms.Tensor([True, False])
    with pytest.raises(TypeError, match=r"For 'Floor', the dtype of 'input' must be int or float, "
                                        r"but got Bool"):
        ops.floor(b)
    with pytest.raises(TypeError, match=r"For 'FloorDiv', the inputs must be int or float.*Bool"):
        ops.floor_div(b, b)
    with pytest.raises(TypeError, match=r"For 'Erf', .*real number type, but got Complex64"):
        ops.erf(ms.Tensor(np.array([1j], np.complex64)))


def test_infer_refuses_unpromoted_dtypes():
    from graphc.common import dtype as mstype
    from graphc.ops.primitive import TensorSpec
    with pytest.raises(TypeError, match=r"For 'Add', both inputs must have the same dtype.*"
                                        r"Float32 and Int32"):
        PRIMITIVES["add"].infer(TensorSpec((2,), mstype.float32), TensorSpec((2,), mstype.int32))
    # unknown dimensions pass through infer
    spec = PRIMITIVES["matmul"].infer(TensorSpec((None, 3), mstype.float32),
                                      TensorSpec((3, None), mstype.float32))
    assert spec.shape == (None, None)
    spec = PRIMITIVES["reduce_sum"].infer(TensorSpec((None, 3), mstype.float32), axis=1,
                                          keep_dims=True)
    assert spec.shape == (None, 1)


# ---------------------------------------------------------------------------- classes, Tensor API

CLASSES = [
    (ops.Add, 2), (ops.Sub, 2), (ops.Mul, 2), (ops.Div, 2), (ops.RealDiv, 2), (ops.FloorDiv, 2),
    (ops.FloorMod, 2), (ops.Mod, 2), (ops.Pow, 2), (ops.Maximum, 2), (ops.Minimum, 2),
    (ops.Equal, 2), (ops.NotEqual, 2), (ops.Less, 2), (ops.LessEqual, 2), (ops.Greater, 2),
    (ops.GreaterEqual, 2), (ops.LogicalAnd, 2), (ops.LogicalOr, 2), (ops.LogicalXor, 2),
    (ops.Abs, 1), (ops.Exp, 1), (ops.Log, 1), (ops.Sqrt, 1), (ops.Rsqrt, 1), (ops.Square, 1),
    (ops.Reciprocal, 1), (ops.Sign, 1), (ops.Floor, 1), (ops.Ceil, 1), (ops.Round, 1),
    (ops.Sin, 1), (ops.Cos, 1), (ops.Tanh, 1), (ops.Erf, 1), (ops.LogicalNot, 1), (ops.Neg, 1),
    (ops.IsNan, 1), (ops.IsInf, 1), (ops.IsFinite, 1), (ops.Trunc, 1),
]


@pytest.mark.parametrize("cls,arity", CLASSES, ids=lambda v: getattr(v, "__name__", ""))
def test_primitive_classes_match_functional(cls, arity):
    from graphc.ops import math_ops
    a, b = RNG.uniform(0.5, 2.0, size=(2, 3)), RNG.uniform(0.5, 2.0, size=(3,))
    args = (ms.Tensor(a), ms.Tensor(b))[:arity]
    out = cls()(*args)
    ref = cls.fn(*args)
    assert out.dtype is ref.dtype
    np.testing.assert_allclose(out.asnumpy(), ref.asnumpy())
    assert cls().name == cls.__name__
    assert getattr(math_ops, cls.__name__) is cls


@pytest.mark.parametrize("cls,fn", [(ops.ReduceSum, np.sum), (ops.ReduceMean, np.mean),
                                    (ops.ReduceMax, np.max), (ops.ReduceMin, np.min),
                                    (ops.ReduceProd, np.prod), (ops.ReduceAll, np.all),
                                    (ops.ReduceAny, np.any)])
def test_reduce_classes(cls, fn):
    a = _arr((2, 3, 4), np.float32, 0.5, 1.5)
    x = ms.Tensor(a)
    assert_tensor(cls()(x), fn(a), rtol=1e-5)
    assert_tensor(cls(keep_dims=True)(x, (0, 2)), fn(a, axis=(0, 2), keepdims=True), rtol=1e-5)
    assert_tensor(cls(True)(x, axis=1), fn(a, axis=1, keepdims=True), rtol=1e-5)
    assert "keep_dims=True" in repr(cls(True))


def test_tensor_operators():
    a, b = _arr((2, 3), np.float32, 0.5, 2), _arr((3,), np.float32, 0.5, 2)
    x, y = ms.Tensor(a), ms.Tensor(b)
    cases = [
        (x / y, a / b), (2.0 / x, 2.0 / a), (x // y, a // b), (5.0 // x, 5.0 // a),
        (x % y, np.mod(a, b)), (3.0 % x, np.mod(3.0, a)), (x ** y, a ** b), (2.0 ** x, 2.0 ** a),
        (abs(-x), a), (+x, a), (-x, -a), (x + 1, a + 1), (1 - x, 1 - a),
    ]
    for got, want in cases:
        assert got.dtype is ms.float32
        assert_tensor(got, want, rtol=1e-5)
    for got, want in [(x == y, a == b), (x != y, a != b), (x < y, a < b), (x <= y, a <= b),
                      (x > y, a > b), (x >= y, a >= b), (x > 1.0, a > 1.0), (1.0 < x, 1.0 < a)]:
        assert got.dtype is ms.bool_
        np.testing.assert_array_equal(got.asnumpy(), want)
    m, n = ms.Tensor([True, False, True]), ms.Tensor([True, True, False])
    np.testing.assert_array_equal((m & n).asnumpy(), [True, False, False])
    np.testing.assert_array_equal((m | n).asnumpy(), [True, True, True])
    np.testing.assert_array_equal((m ^ n).asnumpy(), [False, True, True])
    np.testing.assert_array_equal((m & True).asnumpy(), [True, False, True])
    np.testing.assert_array_equal((~m).asnumpy(), [False, True, False])
    i = ms.Tensor(np.array([6, 3], np.int32))
    assert_tensor(i & 5, [4, 1], ms.int32)
    assert_tensor(5 | i, [7, 7], ms.int32)
    assert_tensor(i ^ i, [0, 0], ms.int32)


def test_tensor_comparison_with_none_and_hash():
    x = ms.Tensor([1.0, 2.0])
    assert (x == None) is False  # noqa: E711
    assert (x != None) is True  # noqa: E711
    assert (x == "a") is False
    assert x in {x: 1}
    assert ms.Tensor.__hash__ is object.__hash__  # identity hash survives defining __eq__
    assert hash(x) == object.__hash__(x)
    with pytest.raises(TypeError):
        _ = x < None


def test_tensor_reduction_methods():
    a = _arr((2, 3), np.float32)
    x = ms.Tensor(a)
    assert_tensor(x.sum(), a.sum(), rtol=1e-5)
    assert_tensor(x.sum(axis=1, keepdims=True), a.sum(1, keepdims=True), rtol=1e-5)
    assert_tensor(x.sum(1, True), a.sum(1, keepdims=True), rtol=1e-5)  # 2.6+ (dim, keepdim)
    assert_tensor(x.sum(dim=0, keepdim=True), a.sum(0, keepdims=True), rtol=1e-5)
    assert_tensor(x.sum(initial=10), a.sum() + 10, rtol=1e-5)
    assert_tensor(x.sum(dtype=ms.float64), a.sum(), ms.float64, rtol=1e-5)
    assert_tensor(x.mean(), a.mean(), rtol=1e-5)
    assert_tensor(x.mean(axis=1, keep_dims=True), a.mean(1, keepdims=True), rtol=1e-5)
    assert_tensor(x.prod(0), a.prod(0), rtol=1e-5)
    assert_tensor(x.max(), a.max())
    assert_tensor(x.max(axis=1, keepdims=True), a.max(1, keepdims=True))
    values, idx = x.min(axis=0, return_indices=True)
    assert_tensor(values, a.min(0))
    assert_tensor(idx, a.argmin(0), ms.int64)
    assert_tensor(x.amax(1), a.max(1))
    assert_tensor(x.amin(), a.min())
    assert_tensor((x > 0).all(), (a > 0).all(), ms.bool_)
    assert_tensor((x > 0).any(axis=1, keep_dims=True), (a > 0).any(1, keepdims=True), ms.bool_)
    assert_tensor(x.argmax(axis=1), a.argmax(1), ms.int64)
    assert_tensor(x.cumsum(1), np.cumsum(a, 1), rtol=1e-5)


def test_tensor_elementwise_methods():
    a = _arr((2, 3), np.float32, 0.5, 2)
    x = ms.Tensor(a)
    for name, ref in [("abs", np.abs), ("exp", np.exp), ("log", np.log), ("sqrt", np.sqrt),
                      ("square", np.square), ("rsqrt", lambda v: 1 / np.sqrt(v)),
                      ("reciprocal", np.reciprocal), ("sign", np.sign), ("floor", np.floor),
                      ("ceil", np.ceil), ("trunc", np.trunc), ("sin", np.sin), ("cos", np.cos),
                      ("tanh", np.tanh), ("erf", special.erf), ("neg", np.negative),
                      ("isnan", np.isnan), ("isfinite", np.isfinite),
                      ("logical_not", np.logical_not)]:
        np.testing.assert_allclose(getattr(x, name)().asnumpy(), ref(a), rtol=1e-5,
                                   err_msg=name)
    for name, ref in [("add", np.add), ("sub", np.subtract), ("mul", np.multiply),
                      ("div", np.true_divide), ("pow", np.power), ("maximum", np.maximum),
                      ("minimum", np.minimum), ("floor_divide", np.floor_divide),
                      ("remainder", np.mod), ("fmod", np.fmod), ("eq", np.equal),
                      ("ne", np.not_equal), ("lt", np.less), ("le", np.less_equal),
                      ("gt", np.greater), ("ge", np.greater_equal),
                      ("logical_and", np.logical_and), ("logical_or", np.logical_or)]:
        np.testing.assert_allclose(getattr(x, name)(1.5).asnumpy(), ref(a, np.float32(1.5)),
                                   rtol=1e-5, err_msg=name)
    assert_tensor(x.sub(1.0, alpha=2), a - 2.0)
    assert_tensor(x.clamp(1.0, 1.5), np.clip(a, 1.0, 1.5))
    assert_tensor(x.clip(xmax=1.0), np.minimum(a, 1.0))


def test_tensor_operator_gradients():
    a, b = RNG.uniform(0.5, 2, size=(2, 3)), RNG.uniform(0.5, 2, size=(3, 2))
    check_grad(lambda x, y: (x @ y) / 3.0 + (x ** 2).sum() - abs(x).mean(), a, b)
    check_grad(lambda x: x.max(axis=1) * x.sum(0).prod(), RNG.permutation(6).reshape(2, 3) + 1.0)
