"""nn_ops against independent NumPy/SciPy references: values, infer vs impl, gradients (first
and, where implemented, second order) by finite differences, and the errors users see."""

import math
import timeit

import numpy as np
import pytest
from scipy import signal, special

import graphc as ms
from graphc import ops
from graphc.common import dtype as mstype
from graphc.ops import nn_ops
from graphc.ops.primitive import TensorSpec

from .gradcheck import check_grad

RNG = np.random.default_rng(1234)


def T(a):
    return ms.Tensor(np.asarray(a))


def check_infer(prim, *arrays, **attrs):
    """`prim.infer` promises exactly what `prim.impl` returns (shape and dtype, before any
    cast by `apply`)."""
    specs = prim.infer(*[TensorSpec(a.shape, mstype.from_numpy(a.dtype)) for a in arrays],
                       **attrs)
    outs = prim.impl(*arrays, **attrs)
    if prim.num_outputs == 1:
        specs, outs = (specs,), (outs,)
    assert len(specs) == len(outs)
    for spec, out in zip(specs, outs):
        out = np.asarray(out)
        assert spec.shape == out.shape, (prim, spec, out.shape)
        assert spec.dtype.np_dtype == out.dtype, (prim, spec, out.dtype)


def check_second_order(fn, x, rtol=1e-3, atol=1e-5):
    """d/dx <grad fn(x), v> by finite differences: exercises the backward primitives' bprops."""
    v = T(RNG.normal(size=np.shape(x)))
    check_grad(lambda u: ops.mul(ms.grad(fn)(u), v), x, rtol=rtol, atol=atol)


# ============================================================================ activations

# a grid that avoids the kinks of the piecewise functions (0, -3, 3, 6)
GRID = np.array([[-7.3, -3.6, -2.2, -0.9], [-0.35, 0.2, 0.7, 1.4], [2.6, 3.3, 5.1, 7.7]])
SQRT2 = math.sqrt(2.0)
erf = np.vectorize(math.erf)


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


ACTIVATIONS = {
    # name: (graphc fn, reference, smooth)
    "relu": (ops.relu, lambda x: np.where(x > 0, x, 0.0), False),
    "relu6": (ops.relu6, lambda x: np.minimum(np.maximum(x, 0), 6), False),
    "leaky_relu": (lambda x: ops.leaky_relu(x, 0.1), lambda x: np.where(x > 0, x, 0.1 * x),
                   False),
    "elu": (lambda x: ops.elu(x, 0.7), lambda x: np.where(x > 0, x, 0.7 * (np.exp(x) - 1)),
            True),
    "selu": (ops.selu, lambda x: 1.0507009873554805 * np.where(
        x > 0, x, 1.6732632423543772 * (np.exp(x) - 1)), True),
    "sigmoid": (ops.sigmoid, _sig, True),
    "logsigmoid": (ops.logsigmoid, lambda x: np.log(_sig(x)), True),
    "silu": (ops.silu, lambda x: x * _sig(x), True),
    "mish": (ops.mish, lambda x: x * np.tanh(np.log1p(np.exp(x))), True),
    "softplus": (lambda x: ops.softplus(x, 2.0, 5.0),
                 lambda x: np.where(2 * x > 5, x, np.log1p(np.exp(2 * x)) / 2), True),
    "gelu": (ops.gelu, lambda x: 0.5 * x * (1 + erf(x / SQRT2)), True),
    "gelu_tanh": (lambda x: ops.gelu(x, "tanh"), lambda x: 0.5 * x * (1 + np.tanh(
        math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3))), True),
    "hardswish": (ops.hardswish, lambda x: x * np.minimum(np.maximum(x + 3, 0), 6) / 6, True),
    "hardsigmoid": (ops.hardsigmoid, lambda x: np.minimum(np.maximum(x + 3, 0), 6) / 6, False),
    "softsign": (ops.softsign, lambda x: x / (1 + np.abs(x)), True),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_values_dtype_and_gradient(name):
    fn, ref, smooth = ACTIVATIONS[name]
    out = fn(T(GRID.astype(np.float32)))
    assert out.dtype is ms.float32 and out.shape == GRID.shape
    np.testing.assert_allclose(out.asnumpy(), ref(GRID), rtol=1e-5, atol=1e-6)
    check_grad(fn, GRID)
    if smooth:
        check_second_order(fn, GRID)


def test_activation_primitives_infer_matches_impl_for_float32_and_float64():
    for name in ("relu", "relu6", "sigmoid", "silu", "hswish", "hsigmoid", "softsign", "mish",
                 "logsigmoid", "selu"):
        prim = ops.PRIMITIVES[name]
        grad = ops.PRIMITIVES[f"{name}_grad"]
        for dt in (np.float32, np.float64):
            x = GRID.astype(dt)
            check_infer(prim, x)
            check_infer(grad, np.ones_like(x), x)
    x = GRID.astype(np.float32)
    check_infer(ops.PRIMITIVES["leaky_relu"], x, alpha=0.2)
    check_infer(ops.PRIMITIVES["leaky_relu_grad"], x, x, alpha=0.2)
    check_infer(ops.PRIMITIVES["elu_grad2"], x, x, alpha=1.0)
    check_infer(ops.PRIMITIVES["softplus_grad"], x, x, beta=1.0, threshold=20.0)
    for approximate in ("none", "tanh"):
        check_infer(ops.PRIMITIVES["gelu"], x, approximate=approximate)
        check_infer(ops.PRIMITIVES["gelu_grad"], x, x, approximate=approximate)
        check_infer(ops.PRIMITIVES["gelu_grad2"], x, x, approximate=approximate)


def test_sigmoid_softplus_logsigmoid_are_stable_at_extreme_inputs():
    x = T(np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0], np.float32))
    np.testing.assert_allclose(ops.sigmoid(x).asnumpy(), [0, _sig(-50.0), 0.5, 1, 1],
                               rtol=1e-6)
    np.testing.assert_allclose(ops.logsigmoid(x).asnumpy(), [-1000, -50, -math.log(2), 0, 0],
                               rtol=1e-6, atol=1e-6)
    assert np.isfinite(ops.softplus(x).asnumpy()).all()
    g = ms.grad(ops.sigmoid)(x).asnumpy()
    assert np.isfinite(g).all() and g[0] == 0


def test_relu_keeps_integer_dtype_and_float_only_activations_reject_ints():
    out = ops.relu(T(np.array([-2, 3], np.int32)))
    assert out.dtype is ms.int32 and out.tolist() == [0, 3]
    with pytest.raises(TypeError, match=r"For 'Sigmoid', the dtype of 'x' must be Float"):
        ops.sigmoid(T(np.array([1, 2], np.int32)))


def test_primitive_classes_and_gelu_tanh_approximation():
    x = T(GRID)
    np.testing.assert_allclose(ops.GeLU()(x).asnumpy(), ops.gelu(x, "tanh").asnumpy())
    np.testing.assert_allclose(ops.ReLU()(x).asnumpy(), ops.relu(x).asnumpy())
    np.testing.assert_allclose(ops.Elu()(x).asnumpy(), ops.elu(x).asnumpy())
    np.testing.assert_allclose(ops.Softplus()(x).asnumpy(), np.log1p(np.exp(GRID)), rtol=1e-12)
    for cls, fn in ((ops.ReLU6, ops.relu6), (ops.Sigmoid, ops.sigmoid), (ops.HSwish,
                    ops.hardswish), (ops.HSigmoid, ops.hardsigmoid), (ops.SeLU, ops.selu),
                    (ops.Mish, ops.mish), (ops.Softsign, ops.softsign)):
        np.testing.assert_allclose(cls()(x).asnumpy(), fn(x).asnumpy())
    with pytest.raises(ValueError, match=r"For 'gelu', 'approximate' must be"):
        ops.gelu(x, "erf")


def test_third_order_through_a_smooth_activation_is_refused_not_zero():
    third = ms.grad(ms.grad(ms.grad(ops.sigmoid)))
    with pytest.raises(NotImplementedError, match=r"SigmoidGrad2"):
        third(T(np.array([0.3])))


# ============================================================================ softmax


def test_softmax_and_log_softmax_match_scipy_on_every_axis():
    x = RNG.normal(size=(2, 3, 4))
    for axis in (0, 1, -1):
        np.testing.assert_allclose(ops.softmax(T(x), axis).asnumpy(),
                                   special.softmax(x, axis=axis), rtol=1e-12)
        np.testing.assert_allclose(ops.log_softmax(T(x), axis).asnumpy(),
                                   special.log_softmax(x, axis=axis), rtol=1e-12)
        check_grad(lambda t, a=axis: ops.softmax(t, a), x)
        check_grad(lambda t, a=axis: ops.log_softmax(t, a), x)
    check_second_order(lambda t: ops.softmax(t, 1), x)
    check_second_order(lambda t: ops.log_softmax(t, 0), x)
    check_infer(nn_ops.SOFTMAX, x.astype(np.float32), axis=2)
    check_infer(nn_ops.LOG_SOFTMAX, x, axis=0)


def test_softmax_is_stable_for_huge_logits_and_has_class_and_method_spellings():
    x = T(np.array([[1000.0, 0.0, -1000.0]], np.float32))
    np.testing.assert_allclose(ops.softmax(x).asnumpy(), [[1, 0, 0]])
    np.testing.assert_allclose(ops.log_softmax(x).asnumpy(), [[0, -1000, -2000]])
    np.testing.assert_allclose(ops.Softmax(axis=(1,))(x).asnumpy(), [[1, 0, 0]])
    np.testing.assert_allclose(ops.LogSoftmax(1)(x).asnumpy(), [[0, -1000, -2000]])
    np.testing.assert_allclose(x.softmax(-1).asnumpy(), [[1, 0, 0]])
    assert ops.softmax(x, dtype=ms.float64).dtype is ms.float64
    np.testing.assert_allclose(T([0.0]).sigmoid().asnumpy(), [0.5])


def test_softmax_errors_name_the_op():
    with pytest.raises(ValueError, match=r"For 'Softmax', 'axis' must be in range \[-2, 2\)"):
        ops.softmax(T(np.zeros((2, 3))), 2)
    with pytest.raises(ValueError, match=r"For 'Softmax', only a single axis"):
        ops.Softmax(axis=(0, 1))(T(np.zeros((2, 3))))
    with pytest.raises(TypeError, match=r"For 'LogSoftmax', the dtype of 'x' must be Float"):
        ops.log_softmax(T(np.array([1, 2])))


# ============================================================================ bias_add


def test_bias_add_values_gradients_and_errors():
    x, b = RNG.normal(size=(2, 3, 4, 5)), RNG.normal(size=3)
    np.testing.assert_allclose(ops.bias_add(T(x), T(b)).asnumpy(), x + b[:, None, None])
    np.testing.assert_allclose(ops.BiasAdd()(T(x[:, :, 0, 0]), T(b)).asnumpy(),
                               x[:, :, 0, 0] + b)
    check_grad(ops.bias_add, x, b)
    check_infer(nn_ops.BIAS_ADD, x, b)
    with pytest.raises(ValueError, match=r"For 'BiasAdd', the bias of shape \[4\] must have "
                                         r"one element per channel of 'input_x' \(shape "
                                         r"\[2, 3, 4, 5\]"):
        ops.bias_add(T(x), T(np.zeros(4)))
    with pytest.raises(TypeError, match=r"For 'BiasAdd'.*same dtype"):
        ops.bias_add(T(x), T(b.astype(np.float32)))


# ============================================================================ conv2d


def same_pads(size, k, s, d):
    """TensorFlow's 'SAME': output ceil(size / s); the odd padding cell goes after."""
    out = -(-size // s)
    total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
    return total // 2, total - total // 2


def conv_ref(x, w, stride=(1, 1), pads=(0, 0, 0, 0), dilation=(1, 1), groups=1):
    """Direct-loop cross-correlation, the definition."""
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[1]), (pads[2], pads[3])))
    n, _, h, wd = x.shape
    o, cg, kh, kw = w.shape
    (sh, sw), (dh, dw) = stride, dilation
    oh, ow = (h - (kh - 1) * dh - 1) // sh + 1, (wd - (kw - 1) * dw - 1) // sw + 1
    out = np.zeros((n, o, oh, ow))
    og = o // groups
    for b in range(n):
        for c in range(o):
            g = c // og
            for i in range(oh):
                for j in range(ow):
                    patch = x[b, g * cg:(g + 1) * cg, i * sh:i * sh + (kh - 1) * dh + 1:dh,
                              j * sw:j * sw + (kw - 1) * dw + 1:dw]
                    out[b, c, i, j] = np.sum(patch * w[c])
    return out


CONV_CASES = [
    # pad_mode, padding, stride, dilation, groups
    ("valid", 0, 1, 1, 1),
    ("valid", 0, (2, 1), (1, 2), 2),
    ("same", 0, 1, 1, 1),
    ("same", 0, 2, 1, 2),
    ("same", 0, (1, 3), 2, 1),
    ("pad", 1, 1, 1, 1),
    ("pad", (2, 1), 2, (2, 1), 2),
    ("pad", (0, 1, 2, 0), (1, 2), 1, 1),
]


def _explicit_pads(pad_mode, padding, hw, kernel, stride, dilation):
    if pad_mode == "valid":
        return (0, 0, 0, 0)
    if pad_mode == "same":
        return same_pads(hw[0], kernel[0], stride[0], dilation[0]) + same_pads(
            hw[1], kernel[1], stride[1], dilation[1])
    if isinstance(padding, int):
        return (padding,) * 4
    return (padding[0], padding[0], padding[1], padding[1]) if len(padding) == 2 else padding


def _two(v):
    return (v, v) if isinstance(v, int) else v


@pytest.mark.parametrize("pad_mode,padding,stride,dilation,groups", CONV_CASES)
def test_conv2d_matches_direct_loop_and_infer(pad_mode, padding, stride, dilation, groups):
    x = RNG.normal(size=(2, 4, 7, 8)).astype(np.float32)
    w = RNG.normal(size=(6, 4 // groups, 3, 2)).astype(np.float32)
    out = ops.conv2d(T(x), T(w), None, stride, pad_mode, padding, dilation, groups)
    pads = _explicit_pads(pad_mode, padding, (7, 8), (3, 2), _two(stride), _two(dilation))
    expected = conv_ref(x.astype(np.float64), w.astype(np.float64), _two(stride), pads,
                        _two(dilation), groups)
    assert out.dtype is ms.float32
    np.testing.assert_allclose(out.asnumpy(), expected, rtol=1e-4, atol=1e-4)
    attrs = nn_ops.conv_attrs("Conv2D", stride, pad_mode, nn_ops.pads_of("Conv2D", "p", padding),
                               dilation, groups)
    check_infer(nn_ops.CONV2D, x, w, **attrs)
    check_infer(nn_ops.CONV2D_BACKPROP_INPUT, out.asnumpy(), w, input_shape=x.shape, **attrs)
    check_infer(nn_ops.CONV2D_BACKPROP_FILTER, out.asnumpy(), x, weight_shape=w.shape, **attrs)


def test_conv2d_agrees_with_scipy_correlate_and_adds_bias():
    x, w, b = RNG.normal(size=(2, 3, 9, 7)), RNG.normal(size=(4, 3, 3, 4)), RNG.normal(size=4)
    expected = np.stack([np.stack([signal.correlate(x[n], w[o], mode="valid")[0] + b[o]
                                   for o in range(4)]) for n in range(2)])
    np.testing.assert_allclose(ops.conv2d(T(x), T(w), T(b)).asnumpy(), expected, rtol=1e-10)


def test_conv2d_same_puts_the_extra_padding_at_the_bottom_and_right():
    x = RNG.normal(size=(1, 1, 6, 5))
    w = np.zeros((1, 1, 2, 2))
    w[0, 0, 0, 0] = 1.0  # picks each window's top-left cell
    np.testing.assert_allclose(ops.conv2d(T(x), T(w), pad_mode="same").asnumpy(), x)


@pytest.mark.parametrize("pad_mode,padding,stride,dilation,groups",
                         [CONV_CASES[1], CONV_CASES[3], CONV_CASES[6], CONV_CASES[7]])
def test_conv2d_gradients(pad_mode, padding, stride, dilation, groups):
    x, w = RNG.normal(size=(2, 4, 6, 5)), RNG.normal(size=(4, 4 // groups, 2, 3))
    check_grad(lambda a, b: ops.conv2d(a, b, None, stride, pad_mode, padding, dilation, groups),
               x, w)


def test_conv2d_depthwise_gradients_and_second_order():
    x, w = RNG.normal(size=(1, 3, 5, 5)), RNG.normal(size=(3, 1, 3, 3))
    check_grad(lambda a, b: ops.conv2d(a, b, pad_mode="same", groups=3), x, w)

    def squared(a):
        y = ops.conv2d(a, T(w), pad_mode="pad", padding=1, stride=2, groups=3)
        return ops.mul(y, y)
    check_second_order(squared, x)

    def squared_w(b):
        y = ops.conv2d(T(x), b, stride=2, groups=3)
        return ops.mul(y, y)
    check_second_order(squared_w, w)


def test_conv2d_backprop_functional_spellings_match_autodiff():
    x, w = RNG.normal(size=(2, 2, 6, 6)), RNG.normal(size=(3, 2, 3, 3))
    dy = RNG.normal(size=(2, 3, 3, 3))
    gx, gw = ms.grad(lambda a, b: ops.mul(ops.conv2d(a, b, stride=2, pad_mode="same"), T(dy)),
                     grad_position=(0, 1))(T(x), T(w))
    np.testing.assert_allclose(ops.conv2d_backprop_input(T(dy), T(w), x.shape, 2, "same")
                               .asnumpy(), gx.asnumpy())
    np.testing.assert_allclose(ops.conv2d_backprop_filter(T(dy), T(x), w.shape, 2, "same")
                               .asnumpy(), gw.asnumpy())


def test_conv2d_primitive_class():
    x, w = RNG.normal(size=(1, 2, 5, 6)), RNG.normal(size=(3, 2, 3, 3))
    out = ops.Conv2D(3, 3, pad_mode="pad", pad=(1, 2, 0, 1))(T(x), T(w))
    np.testing.assert_allclose(out.asnumpy(), conv_ref(x, w, pads=(1, 2, 0, 1)), rtol=1e-10)
    out = ops.Conv2D(3, (3, 3), stride=(1, 1, 2, 2), pad_mode="SAME")(T(x), T(w))
    assert out.shape == (1, 3, 3, 3)
    with pytest.raises(ValueError, match=r"For 'Conv2D', the weight of shape \[3, 2, 3, 3\] does "
                                         r"not match out_channel=4"):
        ops.Conv2D(4, 3)(T(x), T(w))


def test_conv2d_errors_name_op_shapes_and_expectation():
    x, w = T(np.zeros((1, 3, 8, 8), np.float32)), T(np.zeros((6, 1, 5, 5), np.float32))
    with pytest.raises(ValueError, match=r"For 'Conv2D', the input 'x' of shape \[1, 3, 8, 8\] "
                                         r"has 3 channels, but the weight of shape \[6, 1, 5, 5\] "
                                         r"with group=1 expects .* = 1"):
        ops.conv2d(x, w)
    with pytest.raises(ValueError, match=r"For 'Conv2D', 'x' must be a 4-D \(N, C_in, H, W\) "
                                         r"Tensor, but got a 3-D Tensor of shape \[3, 8, 8\]"):
        ops.conv2d(T(np.zeros((3, 8, 8), np.float32)), w)
    with pytest.raises(ValueError, match=r"For 'Conv2D', 'pad_mode' must be one of \['valid', "
                                         r"'same', 'pad'\].*'full'"):
        ops.conv2d(x, w, pad_mode="full")
    with pytest.raises(ValueError, match=r"For 'Conv2D', the padding must be zero when "
                                         r"'pad_mode' is not 'pad'"):
        ops.conv2d(x, w, padding=1)
    with pytest.raises(ValueError, match=r"For 'Conv2D', the input height after padding "
                                         r"\(3 \+ 0 = 3\) is smaller than the kernel height"):
        ops.conv2d(T(np.zeros((1, 1, 3, 8), np.float32)), w)
    with pytest.raises(TypeError, match=r"For 'Conv2D', 'x' and 'weight' must have the same "
                                        r"dtype, but got Float64 and Float32"):
        ops.conv2d(T(np.zeros((1, 1, 8, 8))), w)
    with pytest.raises(TypeError, match=r"For 'Conv2D', 'stride' must be an int"):
        ops.conv2d(x, w, stride=(1, 2, 3))


def test_conv2d_forward_is_as_fast_as_handwritten_im2col():
    """LeNet's first layer: (32, 1, 32, 32) x (6, 1, 5, 5)."""
    x = RNG.normal(size=(32, 1, 32, 32)).astype(np.float32)
    w = RNG.normal(size=(6, 1, 5, 5)).astype(np.float32)

    def reference():
        cols = np.empty((32, 1, 5, 5, 28, 28), np.float32)
        for i in range(5):
            for j in range(5):
                cols[:, :, i, j] = x[:, :, i:i + 28, j:j + 28]
        return (w.reshape(6, 25) @ cols.reshape(32, 25, 784)).reshape(32, 6, 28, 28)

    xt, wt = T(x), T(w)
    np.testing.assert_allclose(ops.conv2d(xt, wt).asnumpy(), reference(), rtol=1e-4, atol=1e-4)
    ours = min(timeit.repeat(lambda: ops.conv2d(xt, wt), number=20, repeat=5))
    ref = min(timeit.repeat(reference, number=20, repeat=5))
    assert ours < 2.0 * ref, (ours, ref)  # ~1.0x measured; 2x leaves room for noisy machines


# ============================================================================ pooling


def pool_out(size, k, s, lo, hi, d, ceil_mode):
    """PyTorch's output-size rule (the last window must start inside input or left padding)."""
    span = size + lo + hi - d * (k - 1) - 1
    if not ceil_mode:
        return span // s + 1
    out = -(-span // s) + 1
    return out - 1 if (out - 1) * s >= size + lo else out


def pool_ref(x, kind, k, s, pads, d=(1, 1), ceil_mode=False, count_include_pad=True,
             divisor=None):
    """Loop reference: each window's cells listed explicitly."""
    n, c, h, w = x.shape
    oh = pool_out(h, k[0], s[0], pads[0], pads[1], d[0], ceil_mode)
    ow = pool_out(w, k[1], s[1], pads[2], pads[3], d[1], ceil_mode)
    out = np.zeros((n, c, oh, ow))
    arg = np.zeros((n, c, oh, ow), np.int64)
    for i in range(oh):
        for j in range(ow):
            rows = [i * s[0] - pads[0] + p * d[0] for p in range(k[0])]
            cols = [j * s[1] - pads[2] + q * d[1] for q in range(k[1])]
            padded = [(r, q) for r in rows for q in cols if -pads[0] <= r < h + pads[1]
                      and -pads[2] <= q < w + pads[3]]
            inside = [(r, q) for r, q in padded if 0 <= r < h and 0 <= q < w]
            vals = np.stack([x[:, :, r, q] for r, q in inside], -1)
            if kind == "max":
                out[:, :, i, j] = vals.max(-1)
                first = vals.argmax(-1)
                arg[:, :, i, j] = np.array([r * w + q for r, q in inside])[first]
            else:
                count = divisor or (len(padded) if count_include_pad else len(inside))
                out[:, :, i, j] = vals.sum(-1) / count
    return out, arg


POOL_CASES = [
    # kernel, stride, padding, ceil_mode
    (2, 2, 0, False),
    (3, 2, 1, False),
    (3, 2, 1, True),
    (2, 2, 0, True),
    ((3, 2), (1, 2), (1, 0), True),
]


@pytest.mark.parametrize("kernel,stride,padding,ceil_mode", POOL_CASES)
def test_max_and_avg_pool2d_match_loop_reference(kernel, stride, padding, ceil_mode):
    x = RNG.normal(size=(2, 3, 7, 6))
    k, s, p = _two(kernel), _two(stride), _two(padding)
    pads = (p[0], p[0], p[1], p[1])
    out, idx = ops.max_pool2d(T(x), kernel, stride, padding, ceil_mode=ceil_mode,
                              return_indices=True)
    ref, ref_idx = pool_ref(x, "max", k, s, pads, ceil_mode=ceil_mode)
    np.testing.assert_allclose(out.asnumpy(), ref)
    assert idx.dtype is ms.int64
    np.testing.assert_array_equal(idx.asnumpy(), ref_idx)
    for include in (True, False):
        got = ops.avg_pool2d(T(x), kernel, stride, padding, ceil_mode, include)
        ref, _ = pool_ref(x, "avg", k, s, pads, ceil_mode=ceil_mode, count_include_pad=include)
        np.testing.assert_allclose(got.asnumpy(), ref, rtol=1e-12)
    got = ops.avg_pool2d(T(x), kernel, stride, padding, ceil_mode, divisor_override=5)
    np.testing.assert_allclose(got.asnumpy(), pool_ref(x, "avg", k, s, pads, ceil_mode=ceil_mode,
                                                       divisor=5)[0], rtol=1e-12)
    check_grad(lambda t: ops.max_pool2d(t, kernel, stride, padding, ceil_mode=ceil_mode), x)
    check_grad(lambda t: ops.avg_pool2d(t, kernel, stride, padding, ceil_mode, False), x)


def test_max_pool2d_dilation_and_default_stride():
    x = RNG.normal(size=(1, 2, 7, 7))
    out = ops.max_pool2d(T(x), 2, 1, dilation=2)
    np.testing.assert_allclose(out.asnumpy(), pool_ref(x, "max", (2, 2), (1, 1), (0,) * 4,
                                                       d=(2, 2))[0])
    check_grad(lambda t: ops.max_pool2d(t, 2, 1, padding=1, dilation=2), x)
    assert ops.max_pool2d(T(x), 3).shape == (1, 2, 2, 2)


@pytest.mark.parametrize("kernel,stride", [(2, 2), (3, 2), ((3, 1), (2, 3))])
def test_maxpool_and_avgpool_classes_same_and_valid(kernel, stride):
    x = RNG.normal(size=(2, 2, 7, 6))
    k, s = _two(kernel), _two(stride)
    pads = same_pads(7, k[0], s[0], 1) + same_pads(6, k[1], s[1], 1)
    np.testing.assert_allclose(ops.MaxPool(kernel, stride, "same")(T(x)).asnumpy(),
                               pool_ref(x, "max", k, s, pads)[0])
    # 'same' average pooling divides by the number of real (unpadded) cells
    np.testing.assert_allclose(ops.AvgPool(kernel, stride, "SAME")(T(x)).asnumpy(),
                               pool_ref(x, "avg", k, s, pads, count_include_pad=False)[0],
                               rtol=1e-12)
    np.testing.assert_allclose(ops.MaxPool(kernel, stride)(T(x)).asnumpy(),
                               pool_ref(x, "max", k, s, (0,) * 4)[0])
    np.testing.assert_allclose(ops.AvgPool(kernel, stride, "valid")(T(x)).asnumpy(),
                               pool_ref(x, "avg", k, s, (0,) * 4)[0], rtol=1e-12)
    check_grad(ops.MaxPool(kernel, stride, "same"), x)
    check_grad(ops.AvgPool(kernel, stride, "same"), x)


def test_max_pool_gradient_goes_to_the_first_maximum_of_tied_windows():
    x = np.maximum(RNG.normal(size=(2, 3, 6, 6)), 0)  # ReLU output: many all-zero windows
    x[0, 0, :2, :2] = 0.0
    g = ms.grad(lambda t: ops.max_pool2d(t, 2, 2))(T(x)).asnumpy()
    _, idx = pool_ref(x, "max", (2, 2), (2, 2), (0,) * 4)
    expected = np.zeros_like(x).reshape(2, 3, 36)
    np.put_along_axis(expected, idx.reshape(2, 3, 9), 1.0, axis=2)
    np.testing.assert_array_equal(g, expected.reshape(x.shape))
    assert g[0, 0, 0, 0] == 1.0 and g[0, 0, :2, :2].sum() == 1.0


def test_pooling_second_order_and_infer():
    x = RNG.normal(size=(1, 2, 5, 5))

    def sq(f):
        return lambda t: ops.mul(f(t), f(t))
    check_second_order(sq(lambda t: ops.max_pool2d(t, 3, 2, 1)), x)
    check_second_order(sq(lambda t: ops.avg_pool2d(t, 3, 2, 1, True)), x)
    attrs = dict(kernel_size=(3, 3), strides=(2, 2), pad_mode="pad", pad=(1, 1, 1, 1),
                 ceil_mode=True)
    for dt in (np.float32, np.float64):
        xa = x.astype(dt)
        out = nn_ops.max_pool2d_impl(xa, dilation=(1, 1), **attrs)
        check_infer(nn_ops.MAX_POOL2D, xa, dilation=(1, 1), **attrs)
        check_infer(nn_ops.MAX_POOL2D_GRAD, xa, out, out, dilation=(1, 1), **attrs)
        check_infer(nn_ops.MAX_POOL2D_SELECT, xa, out, xa, dilation=(1, 1), **attrs)
        check_infer(nn_ops.MAX_POOL2D_ARGMAX, xa, dilation=(1, 1), **attrs)
        avg = dict(attrs, count_include_pad=True, divisor_override=0)
        check_infer(nn_ops.AVG_POOL2D, xa, **avg)
        check_infer(nn_ops.AVG_POOL2D_GRAD, out, input_shape=xa.shape, **avg)
    check_infer(nn_ops.MAX_POOL2D, np.arange(50, dtype=np.int32).reshape(1, 2, 5, 5),
                dilation=(1, 1), **attrs)


def test_pooling_errors():
    x = T(np.zeros((2, 8, 8), np.float32))
    with pytest.raises(ValueError, match=r"For 'MaxPool', 'x' must be a 4-D \(N, C, H, W\) "
                                         r"Tensor, but got a 3-D Tensor of shape \[2, 8, 8\]"):
        ops.max_pool2d(x, 2)
    x4 = T(np.zeros((1, 1, 8, 8), np.float32))
    with pytest.raises(ValueError, match=r"For 'MaxPool2D', the padding \(2, 2, 2, 2\) must be "
                                         r"at most half"):
        ops.max_pool2d(x4, 3, padding=2)
    with pytest.raises(ValueError, match=r"For 'MaxPool', 'pad_mode' must be one of"):
        ops.MaxPool(2, 2, "full")
    with pytest.raises(ValueError, match=r"For 'AvgPool', only data_format 'NCHW'"):
        ops.AvgPool(2, 2, data_format="NHWC")
    with pytest.raises(ValueError, match=r"For 'AvgPool', the input width after padding"):
        ops.avg_pool2d(T(np.zeros((1, 1, 8, 2), np.float32)), 3)
    with pytest.raises(TypeError, match=r"For 'AvgPool', the dtype of 'x' must be Float"):
        ops.avg_pool2d(T(np.zeros((1, 1, 4, 4), np.int32)), 2)


# ============================================================================ batch norm


def bn_ref(x, scale, bias, mean, var, eps):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * scale.reshape(
        shape) + bias.reshape(shape)


@pytest.mark.parametrize("shape", [(4, 3, 2, 5), (6, 3)])
def test_batch_norm_training_uses_batch_stats_and_returns_them(shape):
    x = RNG.normal(1.0, 2.0, size=shape).astype(np.float32)
    scale, bias = RNG.normal(size=3).astype(np.float32), RNG.normal(size=3).astype(np.float32)
    mean, var = np.zeros(3, np.float32), np.ones(3, np.float32)
    axes = (0,) + tuple(range(2, x.ndim))
    y, bm, bv = ops.apply(nn_ops.BATCH_NORM, T(x), T(scale), T(bias), T(mean), T(var),
                          is_training=True, epsilon=1e-5)
    np.testing.assert_allclose(bm.asnumpy(), x.mean(axes), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(bv.asnumpy(), x.var(axes), rtol=1e-5)
    np.testing.assert_allclose(y.asnumpy(), bn_ref(x, scale, bias, x.mean(axes), x.var(axes),
                                                   1e-5), rtol=1e-4, atol=1e-5)
    assert y.dtype is ms.float32
    y, m, v = ops.apply(nn_ops.BATCH_NORM, T(x), T(scale), T(bias), T(mean + 0.5), T(var * 2),
                        is_training=False, epsilon=1e-3)
    np.testing.assert_allclose(y.asnumpy(), bn_ref(x, scale, bias, mean + 0.5, var * 2, 1e-3),
                               rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(m.asnumpy(), mean + 0.5)
    check_infer(nn_ops.BATCH_NORM, x, scale, bias, mean, var, is_training=True, epsilon=1e-5)
    check_infer(nn_ops.BATCH_NORM_GRAD, x, scale, scale, x, scale, mean, var, is_training=True,
                epsilon=1e-5)


def test_batch_norm_gradients_in_training_and_inference():
    x = RNG.normal(size=(3, 2, 2, 3))
    scale, bias = RNG.normal(size=2), RNG.normal(size=2)
    mean, var = RNG.normal(size=2), RNG.uniform(0.5, 2.0, size=2)

    def train(a, s, b):
        return ops.apply(nn_ops.BATCH_NORM, a, s, b, T(mean), T(var), is_training=True,
                         epsilon=1e-5)[0]
    check_grad(train, x, scale, bias)

    def train_stats(a):  # gradients through the returned batch statistics as well
        _, m, v = ops.apply(nn_ops.BATCH_NORM, a, T(scale), T(bias), T(mean), T(var),
                            is_training=True, epsilon=1e-5)
        return ops.add(m, ops.mul(v, 3.0))
    check_grad(train_stats, x)

    def infer(a, s, b, m, v):
        return ops.apply(nn_ops.BATCH_NORM, a, s, b, m, v, is_training=False, epsilon=1e-5)[0]
    check_grad(infer, x, scale, bias, mean, var)
    check_grad(lambda a, s, b: ops.batch_norm(a, T(mean), T(var), s, b), x[:, :, 0, 0], scale,
               bias)


def test_functional_batch_norm_updates_running_stats_like_mindspore():
    x = RNG.normal(size=(4, 3, 2, 2)).astype(np.float32)
    rm = ms.Parameter(T(np.zeros(3, np.float32)), name="rm")
    rv = ms.Parameter(T(np.ones(3, np.float32)), name="rv")
    w, b = T(np.ones(3, np.float32)), T(np.zeros(3, np.float32))
    y = ops.batch_norm(T(x), rm, rv, w, b, training=True, momentum=0.1)
    axes = (0, 2, 3)
    np.testing.assert_allclose(y.asnumpy(), bn_ref(x, np.ones(3), np.zeros(3), x.mean(axes),
                                                   x.var(axes), 1e-5), rtol=1e-4, atol=1e-5)
    # running = (1 - momentum) * running + momentum * batch, unbiased variance
    np.testing.assert_allclose(rm.asnumpy(), 0.1 * x.mean(axes), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(rv.asnumpy(), 0.9 + 0.1 * x.var(axes, ddof=1), rtol=1e-5)
    assert rm.dtype is ms.float32 and isinstance(rm, ms.Parameter)
    before = rm.asnumpy().copy()
    ops.batch_norm(T(x), rm, rv, w, b, training=False)
    np.testing.assert_array_equal(rm.asnumpy(), before)


def test_batch_norm_primitive_class_returns_five_outputs_and_updates_in_place():
    x = RNG.normal(size=(5, 2)).astype(np.float32)
    mean, var = ms.Parameter(T(np.zeros(2, np.float32))), ms.Parameter(T(np.ones(2, np.float32)))
    outs = ops.BatchNorm(is_training=True, momentum=0.2)(T(x), T(np.ones(2, np.float32)),
                                                         T(np.zeros(2, np.float32)), mean, var)
    assert len(outs) == 5 and [o.shape for o in outs[1:]] == [(2,)] * 4
    np.testing.assert_allclose(outs[1].asnumpy(), x.mean(0), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(outs[2].asnumpy(), x.var(0), rtol=1e-5)
    np.testing.assert_allclose(mean.asnumpy(), 0.2 * x.mean(0), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(var.asnumpy(), 0.8 + 0.2 * x.var(0, ddof=1), rtol=1e-5)
    y = ops.BatchNorm()(T(x), T(np.ones(2, np.float32)), T(np.zeros(2, np.float32)), mean, var)[0]
    np.testing.assert_allclose(y.asnumpy(), bn_ref(x, np.ones(2), np.zeros(2), mean.asnumpy(),
                                                   var.asnumpy(), 1e-5), rtol=1e-5)


def test_batch_norm_errors():
    x = T(np.zeros((2, 3, 4, 4), np.float32))
    c3, c4 = T(np.ones(3, np.float32)), T(np.ones(4, np.float32))
    with pytest.raises(ValueError, match=r"For 'BatchNorm', 'scale' of shape \[4\] must have one "
                                         r"element per channel of 'x' \(shape \[2, 3, 4, 4\], 3"):
        ops.batch_norm(x, c3, c3, c4, c3)
    with pytest.raises(ValueError, match=r"For 'BatchNorm', 'x' must be a 2-D to 5-D"):
        ops.batch_norm(T(np.zeros(3, np.float32)), c3, c3, c3, c3)
    with pytest.raises(TypeError, match=r"For 'batch_norm', in training mode 'running_mean' must "
                                        r"be a Tensor"):
        ops.batch_norm(x, np.zeros(3, np.float32), c3, c3, c3, training=True)


# ============================================================================ dropout


def test_dropout_statistics_scaling_and_identity_cases():
    ms.set_seed(7)
    x = T(np.ones((200, 100), np.float32))
    out = ops.dropout(x, p=0.3).asnumpy()
    kept = out != 0
    assert abs(kept.mean() - 0.7) < 0.02
    np.testing.assert_allclose(out[kept], 1 / 0.7, rtol=1e-6)
    assert abs(out.mean() - 1.0) < 0.03
    assert ops.dropout(x, p=0.3, training=False) is x
    assert ops.dropout(x, p=0.0) is x
    np.testing.assert_array_equal(ops.dropout(x, p=1.0).asnumpy(), 0)


def test_dropout_is_reproducible_under_set_seed():
    x = T(np.ones((8, 8), np.float32))
    ms.set_seed(3)
    a = ops.dropout(x).asnumpy()
    b = ops.dropout(x).asnumpy()
    ms.set_seed(3)
    np.testing.assert_array_equal(ops.dropout(x).asnumpy(), a)
    assert not np.array_equal(a, b)


def test_dropout_gradient_reuses_the_forward_mask():
    x = RNG.normal(size=(30, 20))
    seen = {}

    def f(t):
        out, mask = ops.Dropout(keep_prob=0.6)(t)
        seen["mask"] = mask.asnumpy()
        return out
    g = ms.grad(f)(T(x)).asnumpy()
    mask = seen["mask"]
    assert set(np.unique(mask)) == {0.0, 1.0}
    np.testing.assert_allclose(g, mask / 0.6)
    # and the output used that same mask
    out, mask = ops.Dropout(keep_prob=0.6)(T(x))
    np.testing.assert_allclose(out.asnumpy(), x * mask.asnumpy() / 0.6)
    assert mask.dtype is ms.float64
    # second order: the gradient is linear in dout with the same mask
    check_infer(nn_ops.DROPOUT_GRAD, x, mask.asnumpy(), keep_prob=0.6)
    assert nn_ops.DROPOUT.effects == frozenset({"random"})


def test_dropout_errors():
    with pytest.raises(ValueError, match=r"For 'dropout', 'p' must be a float in range \[0, 1\]"):
        ops.dropout(T(np.ones(3, np.float32)), p=1.5)
    with pytest.raises(ValueError, match=r"For 'Dropout', 'keep_prob' must be a float in range "
                                         r"\(0, 1\]"):
        ops.Dropout(keep_prob=0.0)
    with pytest.raises(TypeError, match=r"For 'Dropout', the dtype of 'x' must be Float"):
        ops.dropout(T(np.ones(3, np.int32)))


# ============================================================================ losses


def ce_ref(logits, target, weight=None, ignore_index=-100, reduction="mean", ls=0.0):
    """PyTorch/MindSpore cross entropy with class indices, class axis 1, written per sample."""
    logp = special.log_softmax(logits, axis=1)
    c = logits.shape[1]
    logp = np.moveaxis(logp, 1, -1).reshape(-1, c)
    t = target.reshape(-1)
    w = np.ones(c) if weight is None else weight
    losses, weights = [], []
    for row, ti in zip(logp, t):
        if ti == ignore_index:
            losses.append(0.0)
            weights.append(0.0)
            continue
        nll = -w[ti] * row[ti]
        smooth = -np.sum(w * row) / c
        losses.append((1 - ls) * nll + ls * smooth)
        weights.append(w[ti])
    losses = np.array(losses)
    if reduction == "none":
        return losses.reshape(target.shape)
    return losses.sum() if reduction == "sum" else losses.sum() / np.sum(weights)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_with_class_indices(reduction):
    logits = RNG.normal(size=(5, 4))
    target = np.array([0, 2, 3, -100, 1])
    w = np.array([1.0, 2.0, 0.5, 3.0])
    for weight, ls in ((None, 0.0), (w, 0.0), (w, 0.2), (None, 0.1)):
        got = ops.cross_entropy(T(logits), T(target), None if weight is None else T(weight),
                                reduction=reduction, label_smoothing=ls)
        np.testing.assert_allclose(got.asnumpy(), ce_ref(logits, target, weight,
                                                         reduction=reduction, ls=ls),
                                   rtol=1e-10)
        check_grad(lambda t, wt=weight, s=ls: ops.cross_entropy(
            t, T(target), None if wt is None else T(wt), reduction=reduction,
            label_smoothing=s), logits)
    check_second_order(lambda t: ops.cross_entropy(t, T(target), T(w), reduction=reduction,
                                                   label_smoothing=0.2), logits)


def test_cross_entropy_spatial_and_probability_targets():
    logits, target = RNG.normal(size=(2, 4, 3)), np.array([[0, 1, 2], [3, 3, 1]])
    got = ops.cross_entropy(T(logits), T(target.astype(np.int32)), reduction="none")
    np.testing.assert_allclose(got.asnumpy(), ce_ref(logits, target, reduction="none"),
                               rtol=1e-10)
    x, p = RNG.normal(size=(3, 4)), RNG.dirichlet(np.ones(4), size=3)
    w = np.array([1.0, 2.0, 3.0, 4.0])
    smoothed = p * 0.9 + 0.1 / 4
    expected = -(smoothed * special.log_softmax(x, axis=1) * w).sum(1)
    for reduction, value in (("none", expected), ("sum", expected.sum()),
                             ("mean", expected.mean())):
        got = ops.cross_entropy(T(x), T(p), T(w), reduction=reduction, label_smoothing=0.1)
        np.testing.assert_allclose(got.asnumpy(), value, rtol=1e-10)
    check_grad(lambda a, b: ops.cross_entropy(a, b, T(w), label_smoothing=0.1), x, p)


def test_cross_entropy_is_stable_for_huge_logits():
    x = T(np.array([[1e4, -1e4, 0.0], [0.0, 3e4, -3e4]], np.float32))
    loss = ops.cross_entropy(x, T(np.array([1, 1])), reduction="none").asnumpy()
    np.testing.assert_allclose(loss, [2e4, 0.0])
    g = ms.grad(lambda t: ops.cross_entropy(t, T(np.array([1, 1]))))(x).asnumpy()
    assert np.isfinite(g).all()


def test_nll_loss_and_NLLLoss_total_weight():
    logp = special.log_softmax(RNG.normal(size=(4, 3)), axis=1)
    target, w = np.array([0, 2, 1, 2]), np.array([0.5, 1.0, 2.0])
    np.testing.assert_allclose(ops.nll_loss(T(logp), T(target), T(w)).asnumpy(),
                               ce_ref(logp, target, w), rtol=1e-10)
    loss, total = ops.NLLLoss(reduction="sum")(T(logp), T(target.astype(np.int32)), T(w))
    np.testing.assert_allclose(loss.asnumpy(), ce_ref(logp, target, w, reduction="sum"))
    np.testing.assert_allclose(total.asnumpy(), w[target].sum())
    check_grad(lambda t: ops.nll_loss(t, T(target), T(w), label_smoothing=0.3), logp)
    check_infer(nn_ops.NLL_LOSS, logp, target, w, reduction="none", ignore_index=-100,
                label_smoothing=0.1)
    check_infer(nn_ops.NLL_LOSS_GRAD, np.ones(()), logp, target, w, np.ones(()),
                reduction="mean", ignore_index=-100, label_smoothing=0.1)


def test_softmax_cross_entropy_with_logits_classes():
    x, p = RNG.normal(size=(3, 4)), RNG.dirichlet(np.ones(4), size=3)
    loss, backprop = ops.SoftmaxCrossEntropyWithLogits()(T(x), T(p))
    np.testing.assert_allclose(loss.asnumpy(), -(p * special.log_softmax(x, axis=1)).sum(1))
    np.testing.assert_allclose(backprop.asnumpy(), special.softmax(x, axis=1) - p, atol=1e-12)
    check_grad(lambda a, b: ops.SoftmaxCrossEntropyWithLogits()(a, b)[0], x, p)
    labels = np.array([1, 0, 3])
    sparse = ops.SparseSoftmaxCrossEntropyWithLogits()(T(x), T(labels.astype(np.int32)))
    np.testing.assert_allclose(sparse.asnumpy(), ce_ref(x, labels))
    assert sparse.shape == ()
    grad = ops.SparseSoftmaxCrossEntropyWithLogits(is_grad=True)(T(x), T(labels))
    np.testing.assert_allclose(grad.asnumpy(), (special.softmax(x, axis=1) - np.eye(4)[labels])
                               / 3, atol=1e-12)


def test_regression_and_binary_losses():
    x, y = RNG.normal(size=(3, 4)), RNG.uniform(size=(3, 4))
    d = x - y
    np.testing.assert_allclose(ops.mse_loss(T(x), T(y)).asnumpy(), (d ** 2).mean())
    np.testing.assert_allclose(ops.l1_loss(T(x), T(y), "sum").asnumpy(), np.abs(d).sum())
    np.testing.assert_allclose(ops.smooth_l1_loss(T(x), T(y), 0.5).asnumpy(),
                               np.where(np.abs(d) < 0.5, 0.5 * d ** 2 / 0.5, np.abs(d) - 0.25))
    check_grad(ops.mse_loss, x, y)
    check_grad(ops.l1_loss, x, y)
    check_grad(lambda a, b: ops.smooth_l1_loss(a, b, 0.5, "mean"), x, y)
    check_grad(lambda a, b: ops.l1_loss(a, b, "none"), x, y[0])  # broadcasting
    w, pw = RNG.uniform(0.5, 2, size=4), RNG.uniform(0.5, 2, size=4)
    s = 1 / (1 + np.exp(-x))
    ref = -(pw * y * np.log(s) + (1 - y) * np.log(1 - s)) * w
    got = ops.binary_cross_entropy_with_logits(T(x), T(y), T(w), T(pw), "none")
    np.testing.assert_allclose(got.asnumpy(), ref, rtol=1e-10)
    np.testing.assert_allclose(ops.BCEWithLogitsLoss()(T(x), T(y), T(w), T(pw)).asnumpy(),
                               ref.mean(), rtol=1e-10)
    check_grad(ops.binary_cross_entropy_with_logits, x, y, w, pw)
    big = ops.binary_cross_entropy_with_logits(T(np.array([1e4, -1e4], np.float32)),
                                               T(np.array([0.0, 1.0], np.float32)), None, None,
                                               "none")
    np.testing.assert_allclose(big.asnumpy(), [1e4, 1e4])


def test_loss_errors_name_the_op():
    x = T(np.zeros((3, 4), np.float32))
    with pytest.raises(ValueError, match=r"For 'cross_entropy', 'reduction' must be 'none', "
                                         r"'mean' or 'sum', but got 'avg'"):
        ops.cross_entropy(x, T(np.array([0, 1, 2])), reduction="avg")
    with pytest.raises(IndexError, match=r"For 'NLLLoss', the target value 7 is out of range: "
                                         r"expected a class index in \[0, 4\)"):
        ops.cross_entropy(x, T(np.array([0, 7, 2])))
    with pytest.raises(ValueError, match=r"For 'NLLLoss', 'target' of shape \[2\] must have the "
                                         r"shape of 'input' \[3, 4\] without its class axis 1, "
                                         r"i.e. \[3\]"):
        ops.cross_entropy(x, T(np.array([0, 1])))
    with pytest.raises(ValueError, match=r"For 'cross_entropy', a probability 'target' must have "
                                         r"the shape of 'input' \[3, 4\]"):
        ops.cross_entropy(x, T(np.zeros((3, 5), np.float32)))
    with pytest.raises(ValueError, match=r"For 'SoftmaxCrossEntropyWithLogits', 'logits' must be "
                                         r"a 2-D \(N, C\) Tensor"):
        ops.SoftmaxCrossEntropyWithLogits()(T(np.zeros(4, np.float32)),
                                            T(np.zeros(4, np.float32)))
    with pytest.raises(ValueError, match=r"For 'mse_loss', 'reduction' must be"):
        ops.mse_loss(x, x, "avg")


def test_every_nn_primitive_is_registered_once_with_impl_and_infer():
    from graphc.ops import activation_ops, conv_ops, loss_ops, norm_ops
    modules = (activation_ops, conv_ops, norm_ops, loss_ops)
    names = [p.name for m in modules for p in vars(m).values() if isinstance(p, ops.PrimitiveDef)]
    assert len(names) == len(set(names)) > 30
    for name in names:
        prim = ops.PRIMITIVES[name]
        assert callable(prim.impl) and callable(prim.infer)
    methods = [k for m in modules for k in getattr(m, "TENSOR_METHODS", {})]
    assert sorted(methods) == ["sigmoid", "softmax"]


def test_smooth_l1_and_bce_with_logits_second_order():
    x = np.array([[0.9, -1.7, 0.2], [2.4, -0.1, 0.6]])
    y = T(np.array([[0.3, 0.4, -0.5], [0.1, 0.2, 1.9]]))
    check_second_order(lambda u: ops.smooth_l1_loss(u, y, beta=0.5, reduction="sum"), x)
    # the incoming gradient depends on x too: exercises the derivative in `dout`
    check_second_order(lambda u: ops.mul(ops.smooth_l1_loss(u, y, beta=0.5, reduction="sum"),
                                         ops.reduce_sum(u)), x)
    t = np.array([[0.0, 1.0, 0.3], [1.0, 0.0, 0.7]])
    pw = np.array([1.5, 0.5, 2.0])
    bce = ops.binary_cross_entropy_with_logits
    check_second_order(lambda u: bce(u, T(t), pos_weight=T(pw), reduction="sum"), x)
    check_second_order(lambda u: ops.mul(bce(u, T(t), pos_weight=T(pw), reduction="sum"),
                                         ops.reduce_sum(u)), x)
    check_second_order(lambda u: bce(T(x), u, pos_weight=T(pw), reduction="sum"), t)
    check_second_order(lambda u: bce(T(x), T(t), pos_weight=u, reduction="sum"), pw)
    # mixed partials: the gradient in x, differentiated in the target and in pos_weight
    v = T(RNG.normal(size=x.shape))
    check_grad(lambda u: ops.mul(ms.grad(lambda a: bce(a, u, pos_weight=T(pw),
                                                      reduction="sum"))(T(x)), v), t)
    check_grad(lambda u: ops.mul(ms.grad(lambda a: bce(a, T(t), pos_weight=u,
                                                      reduction="sum"))(T(x)), v), pw)


def test_batch_norm_second_order_in_training_and_inference():
    x = RNG.normal(size=(3, 2, 2, 2))
    scale, bias = T(RNG.normal(size=2)), T(RNG.normal(size=2))
    mean, var = T(RNG.normal(size=2)), T(RNG.uniform(0.5, 2.0, size=2))

    def train(a):
        y, m, v = ops.apply(nn_ops.BATCH_NORM, a, scale, bias, mean, var, is_training=True,
                            epsilon=1e-5)
        return ops.add(ops.mul(y, y), ops.mul(ops.reshape(ops.mul(m, v), (1, 2, 1, 1)), y))

    def infer(a):
        y = ops.apply(nn_ops.BATCH_NORM, a, scale, bias, mean, var, is_training=False,
                      epsilon=1e-5)[0]
        return ops.mul(y, ops.tanh(y))

    check_second_order(train, x)
    check_second_order(infer, x)
    # the statistics and the affine parameters are differentiated at second order too
    v = T(RNG.normal(size=x.shape))
    check_grad(lambda s: ops.mul(ms.grad(lambda a: ops.reduce_sum(ops.mul(
        ops.apply(nn_ops.BATCH_NORM, a, s, bias, mean, var, is_training=True,
                  epsilon=1e-5)[0], v)))(T(x)), v), RNG.normal(size=2))
