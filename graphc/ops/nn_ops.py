"""Neural-network primitives: activations, softmax, bias_add, convolution, pooling, batch
normalisation, dropout and losses.

Each primitive keeps impl, infer and bprop together (see `primitive.py`); its functional
spellings (`ops.conv2d`) and primitive classes (`ops.Conv2D(...)`) follow it. Backward passes
are primitives of their own (`conv2d_backprop_input`, `max_pool2d_grad`, `relu_grad`, ...),
each with impl and infer, so a bprop rule is a handful of graphc op calls that PyNative and
graph mode run alike.

Invariants:
- Gradients of any order are right or refused, never silently zero. A backward primitive that
  is linear in its incoming gradient (conv and pool backprops, `relu_grad`, `dropout_grad`,
  `nll_loss_grad`) has its own bprop; the backward primitive of a smooth activation carries the
  second derivative; where a higher order is not implemented (`*_grad2`, `batch_norm_grad`,
  `bce_with_logits_grad`) its bprop raises `NotImplementedError` naming the op.
- Functional wrappers read only shapes and dtypes of their Tensor arguments and call ops, so
  they trace unchanged into graphs. The one exception is the in-place update of batch-norm
  running statistics (`_assign`), which is eager-only until a shared `assign` primitive exists.
- Randomness lives inside the `dropout` primitive (effect "random", drawing from
  `context.rng()`); its mask is an output, so the gradient reuses the very same mask.
- Spatial ops are NCHW. Windows are strided views (`as_strided`); convolution is one batched
  matmul over them (im2col), and pooling and col2im make one vectorised pass per kernel
  offset: no Python loop runs over pixels, channels or batch elements.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..common import dtype as mstype
from ..common.tensor import Tensor
from . import infer_rules as rules
from .array_ops import cast, reshape, stop_gradient, sum_to
from .convert import to_tensor
from .math_ops import add, mul, neg, sub
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive

try:
    from scipy.special import erf as _erf
except ImportError:  # pragma: no cover - SciPy is present wherever the tests run
    _erf_scalar = np.vectorize(math.erf, otypes=[np.float64])

    def _erf(x: np.ndarray) -> np.ndarray:
        return _erf_scalar(x).astype(x.dtype)


# ---------------------------------------------------------------------------- shared checks


def _check_float(op: str, spec: TensorSpec, arg: str = "x") -> None:
    rules.check_dtype(op, spec, ("float",), "Float16, Float32 or Float64", arg)


def _check_real(op: str, spec: TensorSpec, arg: str = "x") -> None:
    rules.check_dtype(op, spec, ("int", "uint", "float"), "an int or float type", arg)


def _check_rank(op: str, spec: TensorSpec, ranks: tuple[int, ...], arg: str, what: str) -> None:
    if spec.ndim not in ranks:
        raise op_error(op, f"'{arg}' must be a {what} Tensor, but got a {spec.ndim}-D Tensor "
                       f"of shape {list(spec.shape)}.")


def _check_same_dtype(op: str, a: TensorSpec, b: TensorSpec, names: str) -> None:
    if a.dtype is not b.dtype:
        raise op_error(op, f"{names} must have the same dtype, but got {a.dtype} and {b.dtype}.",
                       TypeError)


def _check_same_shape(op: str, a: TensorSpec, b: TensorSpec, names: str) -> None:
    if a.ndim != b.ndim or any(p is not None and q is not None and p != q
                               for p, q in zip(a.shape, b.shape)):
        raise op_error(op, f"{names} must have the same shape, but got {list(a.shape)} and "
                       f"{list(b.shape)}.")


def _no_higher_order(op: str) -> Callable[..., tuple[Any, ...]]:
    """The bprop of a backward primitive whose own derivative graphc does not implement."""
    def bprop(*args: Any, **attrs: Any) -> tuple[Any, ...]:
        raise NotImplementedError(
            f"For '{op}', this order of gradient is not supported: graphc implements its "
            "derivative to the order needed by ordinary training, not beyond.")
    return bprop


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _check_reduction(op: str, reduction: str) -> str:
    if reduction not in ("none", "mean", "sum"):
        raise op_error(op, f"'reduction' must be 'none', 'mean' or 'sum', but got "
                       f"{reduction!r}.")
    return reduction


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    """Apply a loss reduction with differentiable ops."""
    if reduction == "none":
        return loss
    total = reshape(sum_to(loss, ()), ()) if loss.ndim else loss
    if reduction == "sum":
        return total
    return mul(total, 1.0 / max(math.prod(loss.shape), 1))


# ============================================================================ activations
#
# `_activation` registers three primitives for an elementwise f: `name` (f), `name_grad`
# (dout * f'(x)) and, when f is smooth, `name_grad2` (g * f''(x)). Piecewise-linear functions
# pass d2f=None: their second derivative is zero almost everywhere, so `name_grad` gives x no
# gradient.


def _unary_infer(op: str, allow_int: bool) -> Callable[..., TensorSpec]:
    def infer(x: TensorSpec, **attrs: Any) -> TensorSpec:
        (_check_real if allow_int else _check_float)(op, x)
        return x
    return infer


def _pair_infer(op: str) -> Callable[..., TensorSpec]:
    def infer(g: TensorSpec, x: TensorSpec, **attrs: Any) -> TensorSpec:
        _check_same_dtype(op, g, x, "the gradient and 'x'")
        _check_same_shape(op, g, x, "the gradient and 'x'")
        return x
    return infer


def _activation(name: str, op: str, f: Callable[..., np.ndarray],
                df: Callable[..., np.ndarray], d2f: Callable[..., np.ndarray] | None = None,
                allow_int: bool = False):
    grad2 = None
    if d2f is not None:
        grad2 = primitive(f"{name}_grad2", lambda g, x, **a: g * d2f(x, **a), _pair_infer(op),
                          _no_higher_order(f"{op}Grad2"))

    def grad_bprop(dout: Tensor, x: Tensor, out: Tensor, ddx: Tensor, **attrs: Any):
        d_dout = apply(grad, ddx, x, **attrs)
        d_x = None if grad2 is None else apply(grad2, mul(ddx, dout), x, **attrs)
        return d_dout, d_x

    grad = primitive(f"{name}_grad", lambda dout, x, **a: dout * df(x, **a), _pair_infer(op),
                     grad_bprop)

    def bprop(x: Tensor, out: Tensor, dout: Tensor, **attrs: Any):
        return (apply(grad, dout, x, **attrs),)

    return primitive(name, f, _unary_infer(op, allow_int), bprop)


def _sigmoid_np(x: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(x))  # never overflows; exact in both tails
    return np.where(x >= 0, 1, e) / (1 + e)


def _one(x: np.ndarray, v: float) -> Any:
    return x.dtype.type(v)


_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805
_GELU_C = math.sqrt(2.0 / math.pi)
_GELU_A = 0.044715
_INV_SQRT2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _gelu(x: np.ndarray, *, approximate: str) -> np.ndarray:
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(_GELU_C * (x + _GELU_A * x ** 3)))
    return 0.5 * x * (1 + _erf(x * _INV_SQRT2))


def _gelu_d(x: np.ndarray, *, approximate: str) -> np.ndarray:
    if approximate == "tanh":
        t = np.tanh(_GELU_C * (x + _GELU_A * x ** 3))
        du = _GELU_C * (1 + 3 * _GELU_A * x * x)
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du
    return 0.5 * (1 + _erf(x * _INV_SQRT2)) + x * np.exp(-0.5 * x * x) * _INV_SQRT_2PI


def _gelu_d2(x: np.ndarray, *, approximate: str) -> np.ndarray:
    if approximate == "tanh":
        t = np.tanh(_GELU_C * (x + _GELU_A * x ** 3))
        s = 1 - t * t
        du = _GELU_C * (1 + 3 * _GELU_A * x * x)
        return s * du + 0.5 * x * s * (6 * _GELU_A * _GELU_C * x - 2 * t * du * du)
    return np.exp(-0.5 * x * x) * _INV_SQRT_2PI * (2 - x * x)


def _softplus(x: np.ndarray, *, beta: float, threshold: float) -> np.ndarray:
    bx = x * beta
    return np.where(bx > threshold, x, np.logaddexp(0, bx) / beta)


def _softplus_d(x: np.ndarray, *, beta: float, threshold: float) -> np.ndarray:
    bx = x * beta
    return np.where(bx > threshold, 1, _sigmoid_np(bx))


def _softplus_d2(x: np.ndarray, *, beta: float, threshold: float) -> np.ndarray:
    bx = x * beta
    s = _sigmoid_np(bx)
    return np.where(bx > threshold, 0, beta * s * (1 - s))


def _elu(x: np.ndarray, *, alpha: float) -> np.ndarray:
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


def _elu_d(x: np.ndarray, *, alpha: float) -> np.ndarray:
    return np.where(x > 0, 1, alpha * np.exp(np.minimum(x, 0)))


def _elu_d2(x: np.ndarray, *, alpha: float) -> np.ndarray:
    return np.where(x > 0, 0, alpha * np.exp(np.minimum(x, 0)))


def _silu_d(x: np.ndarray) -> np.ndarray:
    s = _sigmoid_np(x)
    return s * (1 + x * (1 - s))


def _silu_d2(x: np.ndarray) -> np.ndarray:
    s = _sigmoid_np(x)
    return s * (1 - s) * (2 + x * (1 - 2 * s))


def _mish(x: np.ndarray) -> np.ndarray:
    return x * np.tanh(np.logaddexp(0, x))


def _mish_d(x: np.ndarray) -> np.ndarray:
    t = np.tanh(np.logaddexp(0, x))
    return t + x * (1 - t * t) * _sigmoid_np(x)


def _mish_d2(x: np.ndarray) -> np.ndarray:
    t = np.tanh(np.logaddexp(0, x))
    s = _sigmoid_np(x)
    return (1 - t * t) * s * (2 + x * (1 - s - 2 * t * s))


RELU = _activation("relu", "ReLU", lambda x: np.maximum(x, 0), lambda x: x > 0, allow_int=True)
RELU6 = _activation("relu6", "ReLU6", lambda x: np.clip(x, 0, 6),
                    lambda x: (x > 0) & (x < 6))
LEAKY_RELU = _activation(
    "leaky_relu", "LeakyReLU", lambda x, *, alpha: np.where(x > 0, x, x * alpha),
    lambda x, *, alpha: np.where(x > 0, _one(x, 1), _one(x, alpha)))
ELU = _activation("elu", "Elu", _elu, _elu_d, _elu_d2)
SELU = _activation("selu", "SeLU", lambda x: _SELU_SCALE * _elu(x, alpha=_SELU_ALPHA),
                   lambda x: _SELU_SCALE * _elu_d(x, alpha=_SELU_ALPHA),
                   lambda x: _SELU_SCALE * _elu_d2(x, alpha=_SELU_ALPHA))
SIGMOID = _activation("sigmoid", "Sigmoid", _sigmoid_np,
                      lambda x: (s := _sigmoid_np(x)) * (1 - s),
                      lambda x: (s := _sigmoid_np(x)) * (1 - s) * (1 - 2 * s))
LOGSIGMOID = _activation("logsigmoid", "LogSigmoid", lambda x: -np.logaddexp(0, -x),
                         lambda x: _sigmoid_np(-x),
                         lambda x: -(s := _sigmoid_np(x)) * (1 - s))
SILU = _activation("silu", "SiLU", lambda x: x * _sigmoid_np(x), _silu_d, _silu_d2)
MISH = _activation("mish", "Mish", _mish, _mish_d, _mish_d2)
SOFTPLUS = _activation("softplus", "Softplus", _softplus, _softplus_d, _softplus_d2)
GELU = _activation("gelu", "GeLU", _gelu, _gelu_d, _gelu_d2)
HSWISH = _activation(
    "hswish", "HSwish", lambda x: x * np.clip(x + 3, 0, 6) / 6,
    lambda x: np.where(x < -3, 0, np.where(x > 3, 1, (2 * x + 3) / 6)),
    lambda x: np.where((x > -3) & (x < 3), _one(x, 1 / 3), _one(x, 0)))
HSIGMOID = _activation(
    "hsigmoid", "HSigmoid", lambda x: np.clip(x / 6 + 0.5, 0, 1),
    lambda x: np.where((x > -3) & (x < 3), _one(x, 1 / 6), _one(x, 0)))
SOFTSIGN = _activation("softsign", "Softsign", lambda x: x / (1 + np.abs(x)),
                       lambda x: 1 / (1 + np.abs(x)) ** 2,
                       lambda x: -2 * np.sign(x) / (1 + np.abs(x)) ** 3)


def relu(input: Any, inplace: bool = False) -> Tensor:
    """max(input, 0). `inplace` is accepted for MindSpore compatibility; Tensors are immutable
    here, so a new Tensor is always returned."""
    return apply(RELU, to_tensor(input))


def relu6(x: Any) -> Tensor:
    """min(max(x, 0), 6)."""
    return apply(RELU6, to_tensor(x))


def leaky_relu(input: Any, alpha: float = 0.2) -> Tensor:
    """x where x > 0, else alpha * x."""
    return apply(LEAKY_RELU, to_tensor(input), alpha=float(alpha))


def elu(input_x: Any, alpha: float = 1.0) -> Tensor:
    """x where x > 0, else alpha * (exp(x) - 1)."""
    return apply(ELU, to_tensor(input_x), alpha=float(alpha))


def selu(input_x: Any) -> Tensor:
    """scale * elu(x, alpha) with the self-normalising constants."""
    return apply(SELU, to_tensor(input_x))


def sigmoid(input: Any) -> Tensor:
    """1 / (1 + exp(-input)), computed without overflow."""
    return apply(SIGMOID, to_tensor(input))


def logsigmoid(x: Any) -> Tensor:
    """log(sigmoid(x)) = -softplus(-x), stable for large |x|."""
    return apply(LOGSIGMOID, to_tensor(x))


def silu(input: Any) -> Tensor:
    """input * sigmoid(input) (swish)."""
    return apply(SILU, to_tensor(input))


def mish(x: Any) -> Tensor:
    """x * tanh(softplus(x))."""
    return apply(MISH, to_tensor(x))


def softplus(input: Any, beta: float = 1, threshold: float = 20) -> Tensor:
    """log(1 + exp(beta * x)) / beta, and x itself where beta * x > threshold."""
    return apply(SOFTPLUS, to_tensor(input), beta=float(beta), threshold=float(threshold))


def gelu(input: Any, approximate: str = "none") -> Tensor:
    """x * Phi(x) with the exact erf (`approximate='none'`) or the tanh approximation."""
    if approximate not in ("none", "tanh"):
        raise op_error("gelu", f"'approximate' must be 'none' or 'tanh', but got "
                       f"{approximate!r}.")
    return apply(GELU, to_tensor(input), approximate=approximate)


def hardswish(input: Any) -> Tensor:
    """x * relu6(x + 3) / 6."""
    return apply(HSWISH, to_tensor(input))


def hardsigmoid(input: Any) -> Tensor:
    """relu6(x + 3) / 6."""
    return apply(HSIGMOID, to_tensor(input))


def softsign(x: Any) -> Tensor:
    """x / (1 + |x|)."""
    return apply(SOFTSIGN, to_tensor(x))


class ReLU(PrimitiveOp):
    """`ops.ReLU()(x)`."""

    fn = staticmethod(relu)


class ReLU6(PrimitiveOp):
    """`ops.ReLU6()(x)`."""

    fn = staticmethod(relu6)


class Elu(PrimitiveOp):
    """`ops.Elu(alpha=1.0)(x)`."""

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__(alpha=alpha)

    fn = staticmethod(elu)


class SeLU(PrimitiveOp):
    """`ops.SeLU()(x)`."""

    fn = staticmethod(selu)


class Sigmoid(PrimitiveOp):
    """`ops.Sigmoid()(x)`."""

    fn = staticmethod(sigmoid)


class Mish(PrimitiveOp):
    """`ops.Mish()(x)`."""

    fn = staticmethod(mish)


class Softplus(PrimitiveOp):
    """`ops.Softplus()(x)`: log(1 + exp(x)) with no threshold."""

    @staticmethod
    def fn(x: Any) -> Tensor:
        return softplus(x, 1, math.inf)


class GeLU(PrimitiveOp):
    """`ops.GeLU()(x)`: MindSpore's GeLU primitive uses the tanh approximation."""

    @staticmethod
    def fn(x: Any) -> Tensor:
        return gelu(x, approximate="tanh")


class HSwish(PrimitiveOp):
    """`ops.HSwish()(x)`."""

    fn = staticmethod(hardswish)


class HSigmoid(PrimitiveOp):
    """`ops.HSigmoid()(x)`."""

    fn = staticmethod(hardsigmoid)


class Softsign(PrimitiveOp):
    """`ops.Softsign()(x)`."""

    fn = staticmethod(softsign)


# ---------------------------------------------------------------------------- softmax


def _keep_axis(shape: tuple[int, ...], axis: int) -> tuple[int, ...]:
    return tuple(1 if i == axis else d for i, d in enumerate(shape))


def _softmax_infer_for(op: str) -> Callable[..., TensorSpec]:
    def infer(x: TensorSpec, *, axis: int) -> TensorSpec:
        _check_float(op, x)
        if x.ndim == 0:
            raise op_error(op, "the input must have at least 1 dimension, but got a 0-D Tensor.")
        rules.normalize_axis(op, axis, x.ndim)
        return x
    return infer


def _softmax_impl(x: np.ndarray, *, axis: int) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    e /= e.sum(axis=axis, keepdims=True)
    return e


def _log_softmax_impl(x: np.ndarray, *, axis: int) -> np.ndarray:
    s = x - x.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


def _softmax_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: int):
    return (mul(out, sub(dout, sum_to(mul(dout, out), _keep_axis(x.shape, axis)))),)


def _log_softmax_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: int):
    return (sub(dout, mul(apply(SOFTMAX, x, axis=axis),
                          sum_to(dout, _keep_axis(x.shape, axis)))),)


SOFTMAX = primitive("softmax", _softmax_impl, _softmax_infer_for("Softmax"), _softmax_bprop)
LOG_SOFTMAX = primitive("log_softmax", _log_softmax_impl, _softmax_infer_for("LogSoftmax"),
                        _log_softmax_bprop)


def _one_axis(op: str, axis: Any, ndim: int) -> int:
    if isinstance(axis, (tuple, list)):
        if len(axis) != 1:
            raise op_error(op, f"only a single axis is supported, but got {axis!r}.")
        axis = axis[0]
    return rules.normalize_axis(op, axis, max(ndim, 1))


def softmax(input: Any, axis: int = -1, *, dtype: Any = None) -> Tensor:
    """exp(x) / sum(exp(x), axis), stable (the max is subtracted first)."""
    x = to_tensor(input)
    if dtype is not None:
        x = cast(x, dtype)
    return apply(SOFTMAX, x, axis=_one_axis("Softmax", axis, x.ndim))


def log_softmax(logits: Any, axis: int = -1) -> Tensor:
    """x - logsumexp(x, axis), stable."""
    x = to_tensor(logits)
    return apply(LOG_SOFTMAX, x, axis=_one_axis("LogSoftmax", axis, x.ndim))


class Softmax(PrimitiveOp):
    """`ops.Softmax(axis=-1)(x)`."""

    def __init__(self, axis: int | tuple[int, ...] = -1) -> None:
        super().__init__(axis=axis)

    fn = staticmethod(softmax)


class LogSoftmax(PrimitiveOp):
    """`ops.LogSoftmax(axis=-1)(x)`."""

    def __init__(self, axis: int = -1) -> None:
        super().__init__(axis=axis)

    @staticmethod
    def fn(x: Any, axis: int = -1) -> Tensor:
        return log_softmax(x, axis)


# ---------------------------------------------------------------------------- bias_add


def _bias_add_infer(x: TensorSpec, b: TensorSpec) -> TensorSpec:
    op = "BiasAdd"
    _check_rank(op, x, (2, 3, 4, 5), "input_x", "2-D to 5-D (N, C, ...)")
    _check_rank(op, b, (1,), "bias", "1-D (C,)")
    _check_same_dtype(op, x, b, "'input_x' and 'bias'")
    if None not in (x.shape[1], b.shape[0]) and x.shape[1] != b.shape[0]:
        raise op_error(op, f"the bias of shape {list(b.shape)} must have one element per channel "
                       f"of 'input_x' (shape {list(x.shape)}, {x.shape[1]} channels).")
    return x


def _bias_add_bprop(x: Tensor, b: Tensor, out: Tensor, dout: Tensor):
    kept = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    return dout, reshape(sum_to(dout, kept), b.shape)


BIAS_ADD = primitive(
    "bias_add", lambda x, b: x + b.reshape((1, -1) + (1,) * (x.ndim - 2)), _bias_add_infer,
    _bias_add_bprop)


def bias_add(input_x: Any, bias: Any) -> Tensor:
    """`input_x + bias` with `bias` (C,) added along the channel axis 1."""
    return apply(BIAS_ADD, to_tensor(input_x), to_tensor(bias))


class BiasAdd(PrimitiveOp):
    """`ops.BiasAdd(data_format='NCHW')(x, bias)`."""

    def __init__(self, data_format: str = "NCHW") -> None:
        if data_format not in ("NCHW", "NCDHW"):
            raise op_error("BiasAdd", f"only channel-first data_format is supported, but got "
                           f"{data_format!r}.")
        super().__init__()

    fn = staticmethod(bias_add)


# ============================================================================ windows
#
# Convolution and pooling share one description of a 2-D sliding window: kernel (kh, kw),
# stride (sh, sw), dilation (dh, dw), pad_mode 'valid' | 'same' | 'pad' and explicit pads
# (top, bottom, left, right). `_geometry` turns it into the output size and the padding
# actually applied; 'same' is TensorFlow/MindSpore style (extra padding at the bottom/right).


def _pair(op: str, name: str, value: Any, allow4: bool = False) -> tuple[int, int]:
    if _is_int(value):
        pair = (int(value), int(value))
    elif isinstance(value, (tuple, list)) and len(value) == 2 and all(map(_is_int, value)):
        pair = (int(value[0]), int(value[1]))
    elif (allow4 and isinstance(value, (tuple, list)) and len(value) == 4
          and all(map(_is_int, value))):
        pair = (int(value[2]), int(value[3]))
    else:
        forms = "an int, or a tuple of 2" + (" or 4" if allow4 else "") + " ints"
        raise op_error(op, f"'{name}' must be {forms}, but got {value!r}.", TypeError)
    if min(pair) < 1:
        raise op_error(op, f"'{name}' must be positive, but got {value!r}.")
    return pair


def _pads(op: str, name: str, value: Any, allow2: bool = True) -> tuple[int, int, int, int]:
    """Padding as (top, bottom, left, right) from an int, (pad_h, pad_w) or a 4-tuple."""
    if _is_int(value):
        pads = (int(value),) * 4
    elif isinstance(value, (tuple, list)) and all(map(_is_int, value)) and (
            len(value) == 4 or (allow2 and len(value) == 2)):
        pads = tuple(int(v) for v in value) if len(value) == 4 else (
            int(value[0]), int(value[0]), int(value[1]), int(value[1]))
    else:
        forms = "an int, a tuple of 2 ints (height, width) or" if allow2 else "an int or"
        raise op_error(op, f"'{name}' must be {forms} a tuple of 4 ints (top, bottom, left, "
                       f"right), but got {value!r}.", TypeError)
    if min(pads) < 0:
        raise op_error(op, f"'{name}' must be non-negative, but got {value!r}.")
    return pads  # type: ignore[return-value]


def _pad_mode(op: str, pad_mode: Any, pads: tuple[int, int, int, int]) -> str:
    mode = pad_mode.lower() if isinstance(pad_mode, str) else pad_mode
    if mode not in ("valid", "same", "pad"):
        raise op_error(op, f"'pad_mode' must be one of ['valid', 'same', 'pad'] (any case), but "
                       f"got {pad_mode!r}.")
    if mode != "pad" and any(pads):
        raise op_error(op, f"the padding must be zero when 'pad_mode' is not 'pad', but got "
                       f"padding {pads} and pad_mode {pad_mode!r}.")
    return mode


def _out_len(op: str, dim: str, size: int | None, k: int | None, stride: int, dilation: int,
             pad_mode: str, lo: int, hi: int, ceil_mode: bool) -> tuple[int | None, int, int]:
    """(output length, padding before, padding after) of one spatial dimension. With ceil_mode
    the padding after includes the extra cells the last, partial window reaches into."""
    if size is None or k is None:
        return None, lo, hi
    span = (k - 1) * dilation + 1
    if pad_mode == "same":
        out = -(-size // stride)
        total = max((out - 1) * stride + span - size, 0)
        return out, total // 2, total - total // 2
    padded = size + lo + hi
    if padded < span:
        raise op_error(op, f"the input {dim} after padding ({size} + {lo + hi} = {padded}) is "
                       f"smaller than the kernel {dim} ((kernel_size - 1) * dilation + 1 = "
                       f"{span}).")
    if not ceil_mode:
        return (padded - span) // stride + 1, lo, hi
    out = -(-(padded - span) // stride) + 1
    if (out - 1) * stride >= size + lo:  # the last window must start inside the input
        out -= 1
    return out, lo, hi + max((out - 1) * stride + span - padded, 0)


def _geometry(op: str, hw: tuple[int | None, ...], kernel: tuple[Any, Any],
              stride: tuple[int, int], dilation: tuple[int, int], pad_mode: str,
              pad: tuple[int, int, int, int], ceil_mode: bool = False):
    """((out_h, out_w), (top, bottom, left, right)) of a 2-D window over spatial size hw."""
    oh, pt, pb = _out_len(op, "height", hw[0], kernel[0], stride[0], dilation[0], pad_mode,
                          pad[0], pad[1], ceil_mode)
    ow, pl, pr = _out_len(op, "width", hw[1], kernel[1], stride[1], dilation[1], pad_mode,
                          pad[2], pad[3], ceil_mode)
    return (oh, ow), (pt, pb, pl, pr)


def _pad_hw(x: np.ndarray, pads: tuple[int, int, int, int], value: Any = 0) -> np.ndarray:
    pt, pb, pl, pr = pads
    if not (pt or pb or pl or pr):
        return x
    n, c, h, w = x.shape
    out = np.full((n, c, h + pt + pb, w + pl + pr), value, dtype=x.dtype)
    out[:, :, pt:pt + h, pl:pl + w] = x
    return out


def _crop_hw(xp: np.ndarray, pads: tuple[int, int, int, int], hw: tuple[int, int]
             ) -> np.ndarray:
    pt, _, pl, _ = pads
    if xp.shape[2:] == tuple(hw):
        return xp
    return np.ascontiguousarray(xp[:, :, pt:pt + hw[0], pl:pl + hw[1]])


def _windows(xp: np.ndarray, kernel: tuple[int, int], out_hw: tuple[int, int],
             stride: tuple[int, int], dilation: tuple[int, int]) -> np.ndarray:
    """The read-only view (N, C, kh, kw, out_h, out_w) of every window of padded `xp`."""
    sn, sc, sh, sw = xp.strides
    shape = (xp.shape[0], xp.shape[1], kernel[0], kernel[1], out_hw[0], out_hw[1])
    strides = (sn, sc, sh * dilation[0], sw * dilation[1], sh * stride[0], sw * stride[1])
    return as_strided(xp, shape, strides, writeable=False)


def _offsets(kernel: tuple[int, int], out_hw: tuple[int, int], stride: tuple[int, int],
             dilation: tuple[int, int]):
    """(k, index) for each kernel offset: `xp[index]` is the (N, C, out_h, out_w) slab that
    offset k = p * kw + q of every window reads."""
    (kh, kw), (oh, ow), (sh, sw), (dh, dw) = kernel, out_hw, stride, dilation
    for p in range(kh):
        for q in range(kw):
            yield p * kw + q, (slice(None), slice(None),
                               slice(p * dh, p * dh + sh * (oh - 1) + 1, sh),
                               slice(q * dw, q * dw + sw * (ow - 1) + 1, sw))


def _col2im(cols: np.ndarray, padded_hw: tuple[int, int], stride: tuple[int, int],
            dilation: tuple[int, int]) -> np.ndarray:
    """Sum window values (N, kh, kw, C, out_h, out_w) back onto the padded image (N, C, ...):
    one strided add per kernel offset (within one offset the window positions are distinct).
    Offset-major input keeps each added slab close to contiguous."""
    n, kh, kw, c, oh, ow = cols.shape
    out = np.zeros((n, c) + tuple(padded_hw), dtype=cols.dtype)
    for k, index in _offsets((kh, kw), (oh, ow), stride, dilation):
        out[index] += cols[:, k // kw, k % kw]
    return out


# ============================================================================ conv2d


def _conv_infer_common(op: str, x: TensorSpec, w: TensorSpec, groups: int) -> None:
    _check_rank(op, x, (4,), "x", "4-D (N, C_in, H, W)")
    _check_rank(op, w, (4,), "weight", "4-D (C_out, C_in / group, kH, kW)")
    _check_float(op, x)
    _check_same_dtype(op, x, w, "'x' and 'weight'")
    c, (o, cg) = x.shape[1], w.shape[:2]
    if c is not None and cg is not None and c != cg * groups:
        raise op_error(op, f"the input 'x' of shape {list(x.shape)} has {c} channels, but the "
                       f"weight of shape {list(w.shape)} with group={groups} expects "
                       f"weight.shape[1] * group = {cg * groups}.")
    if o is not None and o % groups:
        raise op_error(op, f"the output channels of the weight (shape {list(w.shape)}) must be "
                       f"divisible by group={groups}.")


def _conv2d_infer(x: TensorSpec, w: TensorSpec, *, stride, pad_mode, pad, dilation,
                  groups) -> TensorSpec:
    _conv_infer_common("Conv2D", x, w, groups)
    (oh, ow), _ = _geometry("Conv2D", x.shape[2:], w.shape[2:], stride, dilation, pad_mode, pad)
    return TensorSpec((x.shape[0], w.shape[0], oh, ow), x.dtype)


def _im2col(x: np.ndarray, kernel: tuple[int, int], stride, pad_mode, pad, dilation):
    """(windows (N, C, kh, kw, out_h, out_w), out_hw, pads) of x."""
    out_hw, pads = _geometry("Conv2D", x.shape[2:], kernel, stride, dilation, pad_mode, pad)
    return _windows(_pad_hw(x, pads), kernel, out_hw, stride, dilation), out_hw, pads


def _conv2d_impl(x: np.ndarray, w: np.ndarray, *, stride, pad_mode, pad, dilation,
                 groups) -> np.ndarray:
    n, c = x.shape[:2]
    o, cg, kh, kw = w.shape
    cols, (oh, ow), _ = _im2col(x, (kh, kw), stride, pad_mode, pad, dilation)
    if groups == 1:
        out = np.matmul(w.reshape(o, cg * kh * kw), cols.reshape(n, c * kh * kw, oh * ow))
    else:
        out = np.matmul(w.reshape(groups, o // groups, cg * kh * kw),
                        cols.reshape(n, groups, cg * kh * kw, oh * ow))
    return out.reshape(n, o, oh, ow)


def _conv2d_bprop(x: Tensor, w: Tensor, out: Tensor, dout: Tensor, **attrs: Any):
    return (apply(CONV2D_BACKPROP_INPUT, dout, w, input_shape=x.shape, **attrs),
            apply(CONV2D_BACKPROP_FILTER, dout, x, weight_shape=w.shape, **attrs))


def _conv2d_backprop_input_infer(dout: TensorSpec, w: TensorSpec, *, input_shape, stride,
                                 pad_mode, pad, dilation, groups) -> TensorSpec:
    x = TensorSpec(tuple(input_shape), dout.dtype)
    expected = _conv2d_infer(x, w, stride=stride, pad_mode=pad_mode, pad=pad, dilation=dilation,
                             groups=groups)
    _check_same_shape("Conv2DBackpropInput", dout, expected, "'dout' and the convolution output")
    return x


def _conv2d_backprop_input_impl(dout: np.ndarray, w: np.ndarray, *, input_shape, stride,
                                pad_mode, pad, dilation, groups) -> np.ndarray:
    n, c, h, wd = input_shape
    o, cg, kh, kw = w.shape
    (oh, ow), pads = _geometry("Conv2DBackpropInput", (h, wd), (kh, kw), stride, dilation,
                               pad_mode, pad)
    if groups == 1:
        w_t = w.transpose(2, 3, 1, 0).reshape(kh * kw * c, o)
        cols = np.matmul(w_t, dout.reshape(n, o, oh * ow)).reshape(n, kh, kw, c, oh, ow)
    else:
        og = o // groups
        w_t = w.reshape(groups, og, cg * kh * kw).transpose(0, 2, 1)
        cols = np.matmul(w_t, dout.reshape(n, groups, og, oh * ow))
        cols = cols.reshape(n, groups, cg, kh, kw, oh, ow).transpose(0, 3, 4, 1, 2, 5, 6)
        cols = cols.reshape(n, kh, kw, c, oh, ow)  # merging (groups, cg) keeps it a view
    padded = (h + pads[0] + pads[1], wd + pads[2] + pads[3])
    dxp = _col2im(cols, padded, stride, dilation)
    return _crop_hw(dxp, pads, (h, wd))


def _conv2d_backprop_input_bprop(dout: Tensor, w: Tensor, out: Tensor, ddx: Tensor,
                                 *, input_shape, **attrs: Any):
    # out = B(dout, w) is the transpose of conv in its first argument, and bilinear.
    return (apply(CONV2D, ddx, w, **attrs),
            apply(CONV2D_BACKPROP_FILTER, dout, ddx, weight_shape=w.shape, **attrs))


def _conv2d_backprop_filter_infer(dout: TensorSpec, x: TensorSpec, *, weight_shape, stride,
                                  pad_mode, pad, dilation, groups) -> TensorSpec:
    w = TensorSpec(tuple(weight_shape), x.dtype)
    expected = _conv2d_infer(x, w, stride=stride, pad_mode=pad_mode, pad=pad, dilation=dilation,
                             groups=groups)
    _check_same_shape("Conv2DBackpropFilter", dout, expected,
                      "'dout' and the convolution output")
    return w


def _conv2d_backprop_filter_impl(dout: np.ndarray, x: np.ndarray, *, weight_shape, stride,
                                 pad_mode, pad, dilation, groups) -> np.ndarray:
    n = x.shape[0]
    o, cg, kh, kw = weight_shape
    cols, (oh, ow), _ = _im2col(x, (kh, kw), stride, pad_mode, pad, dilation)
    k, l_ = cg * kh * kw, oh * ow
    # one (O/g x L) @ (L x K) product per sample and group, summed over samples: faster here
    # than tensordot, which copies both operands into a transposed layout first
    d = dout.reshape(n, groups, o // groups, l_)
    dw = np.matmul(d, cols.reshape(n, groups, k, l_).transpose(0, 1, 3, 2)).sum(axis=0)
    return dw.reshape(weight_shape)


def _conv2d_backprop_filter_bprop(dout: Tensor, x: Tensor, out: Tensor, ddw: Tensor,
                                  *, weight_shape, **attrs: Any):
    return (apply(CONV2D, x, ddw, **attrs),
            apply(CONV2D_BACKPROP_INPUT, dout, ddw, input_shape=x.shape, **attrs))


CONV2D = primitive("conv2d", _conv2d_impl, _conv2d_infer, _conv2d_bprop)
CONV2D_BACKPROP_INPUT = primitive("conv2d_backprop_input", _conv2d_backprop_input_impl,
                                  _conv2d_backprop_input_infer, _conv2d_backprop_input_bprop)
CONV2D_BACKPROP_FILTER = primitive("conv2d_backprop_filter", _conv2d_backprop_filter_impl,
                                   _conv2d_backprop_filter_infer, _conv2d_backprop_filter_bprop)


def _conv_attrs(op: str, stride: Any, pad_mode: Any, pads: tuple[int, int, int, int],
                dilation: Any, groups: Any) -> dict[str, Any]:
    if not _is_int(groups) or groups < 1:
        raise op_error(op, f"'group' must be a positive int, but got {groups!r}.")
    return {"stride": _pair(op, "stride", stride, allow4=True), "pad_mode": _pad_mode(op, pad_mode,
            pads), "pad": pads, "dilation": _pair(op, "dilation", dilation, allow4=True),
            "groups": int(groups)}


def conv2d(input: Any, weight: Any, bias: Any = None, stride: Any = 1, pad_mode: str = "valid",
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """2-D cross-correlation of NCHW `input` with OIHW `weight` (O, C_in / groups, kH, kW).

    `pad_mode`: 'valid' (no padding), 'same' (output = ceil(input / stride), extra padding at
    the bottom/right) or 'pad' (`padding`: an int, (pad_h, pad_w), or (top, bottom, left,
    right)). `bias` (O,) is added per output channel."""
    attrs = _conv_attrs("Conv2D", stride, pad_mode, _pads("Conv2D", "padding", padding),
                        dilation, groups)
    out = apply(CONV2D, to_tensor(input), to_tensor(weight), **attrs)
    return out if bias is None else bias_add(out, bias)


def conv2d_backprop_input(dout: Any, weight: Any, input_shape: tuple[int, ...], stride: Any = 1,
                          pad_mode: str = "valid", padding: Any = 0, dilation: Any = 1,
                          groups: int = 1) -> Tensor:
    """The gradient of `conv2d` with respect to its input of shape `input_shape`."""
    attrs = _conv_attrs("Conv2DBackpropInput", stride, pad_mode,
                        _pads("Conv2DBackpropInput", "padding", padding), dilation, groups)
    return apply(CONV2D_BACKPROP_INPUT, to_tensor(dout), to_tensor(weight),
                 input_shape=tuple(int(d) for d in input_shape), **attrs)


def conv2d_backprop_filter(dout: Any, input: Any, weight_shape: tuple[int, ...],
                           stride: Any = 1, pad_mode: str = "valid", padding: Any = 0,
                           dilation: Any = 1, groups: int = 1) -> Tensor:
    """The gradient of `conv2d` with respect to its weight of shape `weight_shape`."""
    attrs = _conv_attrs("Conv2DBackpropFilter", stride, pad_mode,
                        _pads("Conv2DBackpropFilter", "padding", padding), dilation, groups)
    return apply(CONV2D_BACKPROP_FILTER, to_tensor(dout), to_tensor(input),
                 weight_shape=tuple(int(d) for d in weight_shape), **attrs)


class Conv2D(PrimitiveOp):
    """`ops.Conv2D(out_channel, kernel_size, mode=1, pad_mode='valid', pad=0, stride=1,
    dilation=1, group=1, data_format='NCHW')(x, weight)`; `pad` is an int or
    (top, bottom, left, right)."""

    def __init__(self, out_channel: int, kernel_size: Any, mode: int = 1,
                 pad_mode: str = "valid", pad: Any = 0, stride: Any = 1, dilation: Any = 1,
                 group: int = 1, data_format: str = "NCHW") -> None:
        op = "Conv2D"
        if data_format != "NCHW":
            raise op_error(op, f"only data_format 'NCHW' is supported, but got {data_format!r}.")
        if mode != 1:
            raise op_error(op, f"'mode' must be 1 (cross-correlation), but got {mode!r}.")
        if not _is_int(out_channel) or out_channel < 1:
            raise op_error(op, f"'out_channel' must be a positive int, but got {out_channel!r}.")
        pads = _pads(op, "pad", pad, allow2=False)
        super().__init__(out_channel=int(out_channel), kernel_size=_pair(op, "kernel_size",
                         kernel_size), **_conv_attrs(op, stride, pad_mode, pads, dilation, group))

    @staticmethod
    def fn(x: Any, weight: Any, *, out_channel: int, kernel_size: tuple[int, int],
           **attrs: Any) -> Tensor:
        w = to_tensor(weight)
        if w.ndim == 4 and (w.shape[0] != out_channel or tuple(w.shape[2:]) != kernel_size):
            raise op_error("Conv2D", f"the weight of shape {list(w.shape)} does not match "
                           f"out_channel={out_channel} and kernel_size={kernel_size}: expected "
                           f"({out_channel}, C_in / group, {kernel_size[0]}, {kernel_size[1]}).")
        return apply(CONV2D, to_tensor(x), w, **attrs)


# ============================================================================ pooling
#
# Attributes shared by the pooling primitives: kernel_size, strides, pad_mode, pad (4-tuple),
# ceil_mode; max pooling adds dilation, average pooling count_include_pad and divisor_override
# (0 = none). Padding is -inf for max pooling and 0 for average pooling.


def _pool_infer_for(op: str, allow_int: bool) -> Callable[..., TensorSpec]:
    def infer(x: TensorSpec, *, kernel_size, strides, pad_mode, pad, ceil_mode,
              dilation=(1, 1), **attrs: Any) -> TensorSpec:
        _check_rank(op, x, (4,), "x", "4-D (N, C, H, W)")
        (_check_real if allow_int else _check_float)(op, x)
        (oh, ow), _ = _geometry(op, x.shape[2:], kernel_size, strides, dilation, pad_mode, pad,
                                ceil_mode)
        return TensorSpec(x.shape[:2] + (oh, ow), x.dtype)
    return infer


def _lowest(dtype: np.dtype) -> Any:
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _max_pool2d_impl(x: np.ndarray, *, kernel_size, strides, pad_mode, pad, dilation,
                     ceil_mode) -> np.ndarray:
    out_hw, pads = _geometry("MaxPool", x.shape[2:], kernel_size, strides, dilation, pad_mode,
                             pad, ceil_mode)
    xp = _pad_hw(x, pads, _lowest(x.dtype))
    out = None
    for _, index in _offsets(kernel_size, out_hw, strides, dilation):
        out = xp[index].copy() if out is None else np.maximum(out, xp[index], out=out)
    return out


def _first_max(x: np.ndarray, out: np.ndarray, kernel_size, strides, pad_mode, pad, dilation,
               ceil_mode):
    """Yield (k, index, mask) per kernel offset: `mask` marks the windows whose first maximum
    (in row-major kernel order, as MindSpore picks it) is at offset k; `index` is that
    offset's slab in the padded input. Comparing with the pooled `out` is several times
    faster than tracking an argmax."""
    out_hw, pads = _geometry("MaxPool", x.shape[2:], kernel_size, strides, dilation, pad_mode,
                             pad, ceil_mode)
    xp = _pad_hw(x, pads, _lowest(x.dtype))
    free = np.ones(out.shape, dtype=bool)
    for k, index in _offsets(kernel_size, out_hw, strides, dilation):
        mask = np.equal(xp[index], out)
        mask &= free
        free ^= mask
        yield k, index, mask


def _max_pool_pads(x: np.ndarray, attrs: dict[str, Any]) -> tuple[int, int, int, int]:
    return _geometry("MaxPool", x.shape[2:], attrs["kernel_size"], attrs["strides"],
                     attrs["dilation"], attrs["pad_mode"], attrs["pad"], attrs["ceil_mode"])[1]


def _max_pool2d_grad_impl(x: np.ndarray, out: np.ndarray, dout: np.ndarray, **attrs: Any
                          ) -> np.ndarray:
    pads = _max_pool_pads(x, attrs)
    h, w = x.shape[2:]
    dxp = np.zeros(x.shape[:2] + (h + pads[0] + pads[1], w + pads[2] + pads[3]), dout.dtype)
    for _, index, mask in _first_max(x, out, **attrs):
        dxp[index] += dout * mask
    return _crop_hw(dxp, pads, x.shape[2:])


def _max_pool2d_select_impl(x: np.ndarray, out: np.ndarray, dd: np.ndarray, **attrs: Any
                            ) -> np.ndarray:
    """dd (shaped like x) read at the first maximum of every window: the transpose of the
    gradient, which the second-order bprop needs."""
    ddp = _pad_hw(dd, _max_pool_pads(x, attrs), 0)
    result = np.zeros(out.shape, dd.dtype)
    for _, index, mask in _first_max(x, out, **attrs):
        result += ddp[index] * mask
    return result


def _max_pool2d_argmax_impl(x: np.ndarray, **attrs: Any) -> np.ndarray:
    """Flat indices h * W + w (into each input plane) of every window's first maximum."""
    out = _max_pool2d_impl(x, **attrs)
    pads = _max_pool_pads(x, attrs)
    (_, kw), (sh, sw), (dh, dw) = attrs["kernel_size"], attrs["strides"], attrs["dilation"]
    oh, ow = out.shape[2:]
    width = x.shape[3]
    base = (np.arange(oh)[:, None] * sh - pads[0]) * width + np.arange(ow) * sw - pads[2]
    result = np.zeros(out.shape, np.int64)
    for k, _, mask in _first_max(x, out, **attrs):
        result += mask * ((k // kw) * dh * width + (k % kw) * dw)
    return result + base


def _max_pool2d_grad_infer(x: TensorSpec, out: TensorSpec, dout: TensorSpec, **attrs: Any
                           ) -> TensorSpec:
    expected = _pool_infer_for("MaxPoolGrad", True)(x, **attrs)
    _check_same_shape("MaxPoolGrad", out, expected, "'out' and the pooled output")
    _check_same_shape("MaxPoolGrad", dout, expected, "'dout' and the pooled output")
    return x


def _max_pool2d_select_infer(x: TensorSpec, out: TensorSpec, dd: TensorSpec, **attrs: Any
                             ) -> TensorSpec:
    _check_same_shape("MaxPoolGradGrad", dd, x, "the gradient and 'x'")
    return _pool_infer_for("MaxPoolGradGrad", True)(x, **attrs)


def _max_pool2d_argmax_infer(x: TensorSpec, **attrs: Any) -> TensorSpec:
    return TensorSpec(_pool_infer_for("MaxPool", True)(x, **attrs).shape, mstype.int64)


# The max is piecewise linear: `out` gets no gradient in the backward primitives, and the
# gradient and select primitives are each other's transposes in their last input.
MAX_POOL2D = primitive(
    "max_pool2d", _max_pool2d_impl, _pool_infer_for("MaxPool", True),
    lambda x, out, dout, **a: (apply(MAX_POOL2D_GRAD, x, out, dout, **a),))
MAX_POOL2D_GRAD = primitive(
    "max_pool2d_grad", _max_pool2d_grad_impl, _max_pool2d_grad_infer,
    lambda x, y, dout, out, dd, **a: (None, None, apply(MAX_POOL2D_SELECT, x, y, dd, **a)))
MAX_POOL2D_SELECT = primitive(
    "max_pool2d_select", _max_pool2d_select_impl, _max_pool2d_select_infer,
    lambda x, y, dd, out, dout, **a: (None, None, apply(MAX_POOL2D_GRAD, x, y, dout, **a)))
MAX_POOL2D_ARGMAX = primitive("max_pool2d_argmax", _max_pool2d_argmax_impl,
                              _max_pool2d_argmax_infer, lambda x, out, dout, **a: (None,))


def _avg_counts(size: int, k: int, stride: int, out: int, lo: int, hi: int,
                include_pad: bool) -> np.ndarray:
    starts = np.arange(out) * stride - lo
    ends = np.minimum(starts + k, size + hi)
    if include_pad:
        return ends - starts
    return np.minimum(ends, size) - np.maximum(starts, 0)


def _avg_divisor(x_hw: tuple[int, int], out_hw: tuple[int, int], *, kernel_size, strides,
                 pad_mode, pad, ceil_mode, count_include_pad, divisor_override) -> Any:
    if divisor_override:
        return divisor_override
    if pad_mode == "same":  # TensorFlow/MindSpore 'same' averages over the real cells only
        _, pad = _geometry("AvgPool", x_hw, kernel_size, strides, (1, 1), pad_mode, pad)
        count_include_pad = False
    nh = _avg_counts(x_hw[0], kernel_size[0], strides[0], out_hw[0], pad[0], pad[1],
                     count_include_pad)
    nw = _avg_counts(x_hw[1], kernel_size[1], strides[1], out_hw[1], pad[2], pad[3],
                     count_include_pad)
    return np.outer(nh, nw)


def _avg_pool2d_impl(x: np.ndarray, **attrs: Any) -> np.ndarray:
    out_hw, pads = _geometry("AvgPool", x.shape[2:], attrs["kernel_size"], attrs["strides"],
                             (1, 1), attrs["pad_mode"], attrs["pad"], attrs["ceil_mode"])
    xp = _pad_hw(x, pads, 0)
    acc = None
    for _, index in _offsets(attrs["kernel_size"], out_hw, attrs["strides"], (1, 1)):
        acc = xp[index].copy() if acc is None else np.add(acc, xp[index], out=acc)
    divisor = _avg_divisor(x.shape[2:], out_hw, **attrs)
    return acc / np.asarray(divisor, dtype=x.dtype)


def _avg_pool2d_grad_impl(dout: np.ndarray, *, input_shape, **attrs: Any) -> np.ndarray:
    h, w = input_shape[2:]
    out_hw, pads = _geometry("AvgPoolGrad", (h, w), attrs["kernel_size"], attrs["strides"],
                             (1, 1), attrs["pad_mode"], attrs["pad"], attrs["ceil_mode"])
    g = dout / np.asarray(_avg_divisor((h, w), out_hw, **attrs), dtype=dout.dtype)
    dxp = np.zeros(tuple(input_shape[:2]) + (h + pads[0] + pads[1], w + pads[2] + pads[3]),
                   dout.dtype)
    for _, index in _offsets(attrs["kernel_size"], out_hw, attrs["strides"], (1, 1)):
        dxp[index] += g
    return _crop_hw(dxp, pads, (h, w))


def _avg_pool2d_grad_infer(dout: TensorSpec, *, input_shape, **attrs: Any) -> TensorSpec:
    x = TensorSpec(tuple(input_shape), dout.dtype)
    expected = _pool_infer_for("AvgPoolGrad", False)(x, **attrs)
    _check_same_shape("AvgPoolGrad", dout, expected, "'dout' and the pooled output")
    return x


AVG_POOL2D = primitive(
    "avg_pool2d", _avg_pool2d_impl, _pool_infer_for("AvgPool", False),
    lambda x, out, dout, **a: (apply(AVG_POOL2D_GRAD, dout, input_shape=x.shape, **a),))
AVG_POOL2D_GRAD = primitive(
    "avg_pool2d_grad", _avg_pool2d_grad_impl, _avg_pool2d_grad_infer,
    lambda dout, out, dd, *, input_shape, **a: (apply(AVG_POOL2D, dd, **a),))


def _pool_attrs(op: str, kernel_size: Any, stride: Any, pad_mode: str,
                pads: tuple[int, int, int, int], ceil_mode: bool) -> dict[str, Any]:
    return {"kernel_size": _pair(op, "kernel_size", kernel_size, allow4=True),
            "strides": _pair(op, "stride", stride, allow4=True),
            "pad_mode": _pad_mode(op, pad_mode, pads), "pad": pads, "ceil_mode": bool(ceil_mode)}


def _check_half_kernel(op: str, pads: tuple[int, int, int, int], kernel: tuple[int, int],
                       dilation: tuple[int, int] = (1, 1)) -> None:
    limits = ((kernel[0] - 1) * dilation[0] + 1) // 2, ((kernel[1] - 1) * dilation[1] + 1) // 2
    if max(pads[:2]) > limits[0] or max(pads[2:]) > limits[1]:
        raise op_error(op, f"the padding {pads} must be at most half of the (dilated) kernel "
                       f"size {kernel}, i.e. at most {limits} (height, width).")


def max_pool2d(x: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,
               dilation: Any = 1, return_indices: bool = False, ceil_mode: bool = False) -> Any:
    """2-D max pooling of NCHW `x`; `stride` defaults to `kernel_size`; `padding` (int or
    (pad_h, pad_w)) pads both sides with -inf. With `return_indices`, also returns the flat
    index (h * W + w) of each maximum as Int64."""
    op = "MaxPool2D"
    pads = _pads(op, "padding", padding)
    attrs = _pool_attrs(op, kernel_size, kernel_size if stride is None else stride, "pad", pads,
                        ceil_mode)
    attrs["dilation"] = _pair(op, "dilation", dilation)
    _check_half_kernel(op, pads, attrs["kernel_size"], attrs["dilation"])
    x = to_tensor(x)
    out = apply(MAX_POOL2D, x, **attrs)
    return (out, apply(MAX_POOL2D_ARGMAX, x, **attrs)) if return_indices else out


def avg_pool2d(input_x: Any, kernel_size: Any = 1, stride: Any = 1, padding: Any = 0,
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """2-D average pooling of NCHW `input_x` with zero `padding` (int or (pad_h, pad_w));
    the divisor counts padding cells when `count_include_pad`, or is `divisor_override`."""
    op = "AvgPool2D"
    pads = _pads(op, "padding", padding)
    attrs = _pool_attrs(op, kernel_size, stride, "pad", pads, ceil_mode)
    _check_half_kernel(op, pads, attrs["kernel_size"])
    if divisor_override is not None and (not _is_int(divisor_override) or divisor_override < 0):
        raise op_error(op, f"'divisor_override' must be a positive int or None, but got "
                       f"{divisor_override!r}.")
    return apply(AVG_POOL2D, to_tensor(input_x), count_include_pad=bool(count_include_pad),
                 divisor_override=int(divisor_override or 0), **attrs)


def _check_nchw(op: str, data_format: str) -> None:
    if data_format != "NCHW":
        raise op_error(op, f"only data_format 'NCHW' is supported, but got {data_format!r}.")


class MaxPool(PrimitiveOp):
    """`ops.MaxPool(kernel_size=1, strides=1, pad_mode='valid', data_format='NCHW')(x)`."""

    def __init__(self, kernel_size: Any = 1, strides: Any = 1, pad_mode: str = "valid",
                 data_format: str = "NCHW") -> None:
        _check_nchw("MaxPool", data_format)
        super().__init__(dilation=(1, 1), **_pool_attrs("MaxPool", kernel_size, strides,
                                                        pad_mode, (0, 0, 0, 0), False))

    @staticmethod
    def fn(x: Any, **attrs: Any) -> Tensor:
        return apply(MAX_POOL2D, to_tensor(x), **attrs)


class AvgPool(PrimitiveOp):
    """`ops.AvgPool(kernel_size=1, strides=1, pad_mode='valid', data_format='NCHW')(x)`;
    'same' averages over the cells inside the input only."""

    def __init__(self, kernel_size: Any = 1, strides: Any = 1, pad_mode: str = "valid",
                 data_format: str = "NCHW") -> None:
        _check_nchw("AvgPool", data_format)
        super().__init__(count_include_pad=False, divisor_override=0,
                         **_pool_attrs("AvgPool", kernel_size, strides, pad_mode, (0, 0, 0, 0),
                                       False))

    @staticmethod
    def fn(x: Any, **attrs: Any) -> Tensor:
        return apply(AVG_POOL2D, to_tensor(x), **attrs)


# ============================================================================ batch norm
#
# `batch_norm(x, scale, bias, mean, variance; is_training, epsilon) -> (y, batch_mean,
# batch_var)`. Channels are axis 1 of a (N, C, ...) input. Training normalises with the batch
# statistics (biased variance) and returns them so that the *caller* updates the running
# statistics; inference normalises with `mean`/`variance` and returns them unchanged.


def _bn_axes(ndim: int) -> tuple[int, ...]:
    return (0,) + tuple(range(2, ndim))


def _bn_shape(c: int, ndim: int) -> tuple[int, ...]:
    return (1, c) + (1,) * (ndim - 2)


def _batch_norm_infer(x: TensorSpec, scale: TensorSpec, bias: TensorSpec, mean: TensorSpec,
                      variance: TensorSpec, *, is_training: bool, epsilon: float):
    op = "BatchNorm"
    _check_rank(op, x, (2, 3, 4, 5), "x", "2-D to 5-D (N, C, ...)")
    _check_float(op, x)
    c = x.shape[1]
    for name, spec in (("scale", scale), ("bias", bias), ("mean", mean),
                       ("variance", variance)):
        _check_rank(op, spec, (1,), name, "1-D (C,)")
        _check_float(op, spec, name)
        if None not in (c, spec.shape[0]) and spec.shape[0] != c:
            raise op_error(op, f"'{name}' of shape {list(spec.shape)} must have one element per "
                           f"channel of 'x' (shape {list(x.shape)}, {c} channels).")
    stat = TensorSpec((c,), scale.dtype)
    return x, stat, stat


def _bn_compute_dtype(x: np.ndarray) -> np.dtype:
    return np.result_type(x.dtype, np.float32)


def _batch_norm_impl(x, scale, bias, mean, variance, *, is_training, epsilon):
    ct = _bn_compute_dtype(x)
    xc = x.astype(ct, copy=False)
    shape = _bn_shape(x.shape[1], x.ndim)
    if is_training:
        m = xc.mean(axis=_bn_axes(x.ndim))
        v = xc.var(axis=_bn_axes(x.ndim))
    else:
        m, v = mean.astype(ct), variance.astype(ct)
    k = scale / np.sqrt(v + epsilon)
    y = (xc - m.reshape(shape)) * k.reshape(shape) + bias.reshape(shape)
    return y.astype(x.dtype, copy=False), m, v


def _batch_norm_grad_impl(dy, dm_out, dv_out, x, scale, mean, variance, *, is_training,
                          epsilon):
    ct = _bn_compute_dtype(x)
    x, dy = x.astype(ct, copy=False), dy.astype(ct, copy=False)
    axes, shape = _bn_axes(x.ndim), _bn_shape(x.shape[1], x.ndim)
    count = x.size // x.shape[1]
    if is_training:
        m, v = x.mean(axis=axes), x.var(axis=axes)
    else:
        m, v = mean.astype(ct), variance.astype(ct)
    rstd = 1 / np.sqrt(v + epsilon)
    xc = x - m.reshape(shape)
    xhat = xc * rstd.reshape(shape)
    dbias = dy.sum(axis=axes)
    dscale = (dy * xhat).sum(axis=axes)
    k = (scale * rstd).reshape(shape)
    if is_training:
        dx = k / count * (count * dy - dbias.reshape(shape) - xhat * dscale.reshape(shape))
        # the batch statistics are outputs too
        dx += (dm_out.reshape(shape) + 2 * dv_out.reshape(shape) * xc) / count
        dmean = np.zeros_like(mean)
        dvar = np.zeros_like(variance)
    else:
        dx = dy * k
        dmean = -dbias * scale * rstd + dm_out
        dvar = -0.5 * (dy * xc).sum(axis=axes) * scale * rstd ** 3 + dv_out
    return dx, dscale, dbias, dmean, dvar


def _batch_norm_grad_infer(dy, dm, dv, x, scale, mean, variance, *, is_training, epsilon):
    _check_same_shape("BatchNormGrad", dy, x, "'dy' and 'x'")
    return x, scale, scale, mean, variance


def _batch_norm_bprop(x, scale, bias, mean, variance, out, dout, *, is_training, epsilon):
    dx, dscale, dbias, dmean, dvar = apply(
        BATCH_NORM_GRAD, dout[0], dout[1], dout[2], x, scale, mean, variance,
        is_training=is_training, epsilon=epsilon)
    if is_training:  # y does not depend on the running statistics
        return dx, dscale, dbias, None, None
    return dx, dscale, dbias, dmean, dvar


BATCH_NORM = primitive("batch_norm", _batch_norm_impl, _batch_norm_infer, _batch_norm_bprop,
                       num_outputs=3)
BATCH_NORM_GRAD = primitive("batch_norm_grad", _batch_norm_grad_impl, _batch_norm_grad_infer,
                            _no_higher_order("BatchNormGrad"), num_outputs=5)


def _assign(target: Tensor, value: Tensor) -> None:
    """Write `value` into `target` in place (MindSpore's Assign on a Parameter; an ordered
    assignment node inside a graph)."""
    from ..common.parameter import Parameter
    from .state_ops import assign
    if isinstance(target, Parameter) or getattr(target, "graphc_weight", None) is not None:
        assign(target, value)
        return
    if not isinstance(value._data, np.ndarray):
        raise op_error("BatchNorm", "inside a compiled graph the running statistics must be "
                       "Parameters, to be updated in place.", TypeError)
    target.assign_value(value)


def _update_running(op: str, running_mean: Tensor, running_var: Tensor, batch_mean: Tensor,
                    batch_var: Tensor, momentum: float, count: int) -> None:
    """running = (1 - momentum) * running + momentum * batch, with the unbiased batch
    variance, as MindSpore's BatchNorm does."""
    for name, t in (("running_mean", running_mean), ("running_var", running_var)):
        if not isinstance(t, Tensor):
            raise op_error(op, f"in training mode '{name}' must be a Tensor or Parameter to be "
                           f"updated in place, but got {type(t).__name__}.", TypeError)
    unbias = count / (count - 1) if count > 1 else 1.0
    bm, bv = stop_gradient(batch_mean), stop_gradient(batch_var)
    _assign(running_mean, add(mul(stop_gradient(running_mean), 1.0 - momentum),
                              mul(bm, momentum)))
    _assign(running_var, add(mul(stop_gradient(running_var), 1.0 - momentum),
                             mul(bv, momentum * unbias)))


def batch_norm(input_x: Any, running_mean: Tensor, running_var: Tensor, weight: Any, bias: Any,
               training: bool = False, momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Batch normalisation over axis 1 of `input_x` (N, C, ...). In training, normalises with
    the batch statistics and updates `running_mean`/`running_var` in place:
    running = (1 - momentum) * running + momentum * batch (unbiased variance)."""
    x = to_tensor(input_x)
    y, bm, bv = apply(BATCH_NORM, x, to_tensor(weight), to_tensor(bias), to_tensor(running_mean),
                      to_tensor(running_var), is_training=bool(training), epsilon=float(eps))
    if training:
        _update_running("batch_norm", running_mean, running_var, bm, bv, float(momentum),
                        math.prod(x.shape) // x.shape[1])
    return y


class BatchNorm(PrimitiveOp):
    """`ops.BatchNorm(is_training=False, epsilon=1e-5, momentum=0.1, data_format='NCHW')(x,
    scale, bias, mean, variance)` -> (y, batch_mean, batch_variance, reserve_space_1,
    reserve_space_2). In training the reserve spaces repeat the batch mean and (biased)
    variance, and `mean`/`variance` are updated in place as in MindSpore."""

    def __init__(self, is_training: bool = False, epsilon: float = 1e-5, momentum: float = 0.1,
                 data_format: str = "NCHW") -> None:
        _check_nchw("BatchNorm", data_format)
        super().__init__(is_training=bool(is_training), epsilon=float(epsilon),
                         momentum=float(momentum))

    @staticmethod
    def fn(x: Any, scale: Any, bias: Any, mean: Tensor, variance: Tensor, *, is_training: bool,
           epsilon: float, momentum: float):
        x = to_tensor(x)
        y, bm, bv = apply(BATCH_NORM, x, to_tensor(scale), to_tensor(bias), to_tensor(mean),
                          to_tensor(variance), is_training=is_training, epsilon=epsilon)
        if is_training:
            _update_running("BatchNorm", mean, variance, bm, bv, momentum,
                            math.prod(x.shape) // x.shape[1])
        return y, bm, bv, bm, bv


# ============================================================================ dropout


def _dropout_impl(x: np.ndarray, *, keep_prob: float):
    from ..common.context import rng
    if keep_prob >= 1.0:
        return x, np.ones_like(x)
    mask = (rng().random(x.shape) < keep_prob).astype(x.dtype)
    scale = x.dtype.type(1.0 / keep_prob) if keep_prob > 0 else x.dtype.type(0)
    return x * mask * scale, mask


def _dropout_infer(x: TensorSpec, *, keep_prob: float):
    _check_float("Dropout", x)
    return x, x


def _dropout_grad_impl(dout: np.ndarray, mask: np.ndarray, *, keep_prob: float) -> np.ndarray:
    return dout * mask * (dout.dtype.type(1.0 / keep_prob) if keep_prob > 0 else 0)


DROPOUT = primitive(
    "dropout", _dropout_impl, _dropout_infer,
    lambda x, out, dout, *, keep_prob: (apply(DROPOUT_GRAD, dout[0], out[1],
                                              keep_prob=keep_prob),),
    num_outputs=2, effects=frozenset({"random"}))
DROPOUT_GRAD = primitive(
    "dropout_grad", _dropout_grad_impl, _pair_infer("DropoutGrad"),
    lambda dout, mask, out, dd, *, keep_prob: (apply(DROPOUT_GRAD, dd, mask,
                                                     keep_prob=keep_prob), None))


def dropout(input: Any, p: float = 0.5, training: bool = True, seed: int | None = None
            ) -> Tensor:
    """Zero each element with probability `p` and scale the rest by 1 / (1 - p); the identity
    when not `training` or p == 0. The mask comes from graphc's generator (`set_seed`);
    `seed` is accepted for compatibility and not used."""
    if not isinstance(p, (int, float)) or isinstance(p, bool) or not 0.0 <= p <= 1.0:
        raise op_error("dropout", f"'p' must be a float in range [0, 1], but got {p!r}.")
    x = to_tensor(input)
    if not training or p == 0:
        return x
    return apply(DROPOUT, x, keep_prob=1.0 - float(p))[0]


class Dropout(PrimitiveOp):
    """`ops.Dropout(keep_prob=0.5, Seed0=0, Seed1=0)(x)` -> (output, mask); the mask (x's
    dtype, 0 or 1) is the one the gradient uses."""

    def __init__(self, keep_prob: float = 0.5, Seed0: int = 0, Seed1: int = 0) -> None:
        if (not isinstance(keep_prob, (int, float)) or isinstance(keep_prob, bool)
                or not 0.0 < keep_prob <= 1.0):
            raise op_error("Dropout", f"'keep_prob' must be a float in range (0, 1], but got "
                           f"{keep_prob!r}.")
        super().__init__(keep_prob=float(keep_prob))

    @staticmethod
    def fn(x: Any, *, keep_prob: float):
        return apply(DROPOUT, to_tensor(x), keep_prob=keep_prob)


# ============================================================================ losses


def _nll_infer(logp: TensorSpec, target: TensorSpec, weight: TensorSpec, *, reduction,
               ignore_index, label_smoothing):
    op = "NLLLoss"
    if logp.ndim < 2:
        raise op_error(op, f"'input' must be at least 2-D (N, C, ...), but got shape "
                       f"{list(logp.shape)}.")
    _check_float(op, logp, "input")
    rules.check_dtype(op, target, ("int", "uint"), "an int type (class indices)", "target")
    expected = (logp.shape[0],) + logp.shape[2:]
    if target.ndim != len(expected) or any(
            None not in (a, b) and a != b for a, b in zip(target.shape, expected)):
        raise op_error(op, f"'target' of shape {list(target.shape)} must have the shape of "
                       f"'input' {list(logp.shape)} without its class axis 1, i.e. "
                       f"{list(expected)}.")
    _check_rank(op, weight, (1,), "weight", "1-D (C,)")
    if None not in (weight.shape[0], logp.shape[1]) and weight.shape[0] != logp.shape[1]:
        raise op_error(op, f"'weight' of shape {list(weight.shape)} must have one element per "
                       f"class ({logp.shape[1]}).")
    loss_shape = expected if reduction == "none" else ()
    return TensorSpec(loss_shape, logp.dtype), TensorSpec((), logp.dtype)


def _nll_parts(logp, target, weight, ignore_index):
    """(valid mask, target with ignored entries set to 0, weight of each target)."""
    valid = target != ignore_index
    t = np.where(valid, target, 0)
    c = logp.shape[1]
    if t.size and (t.min() < 0 or t.max() >= c):
        bad = t[(t < 0) | (t >= c)].flat[0]
        raise IndexError(f"For 'NLLLoss', the target value {bad} is out of range: expected a "
                         f"class index in [0, {c}) or ignore_index={ignore_index}.")
    return valid, t, weight.astype(logp.dtype)[t] * valid


def _nll_impl(logp, target, weight, *, reduction, ignore_index, label_smoothing):
    valid, t, wt = _nll_parts(logp, target, weight, ignore_index)
    picked = np.take_along_axis(logp, t[:, None], axis=1)[:, 0]
    loss = -wt * picked
    if label_smoothing:
        c = logp.shape[1]
        wb = weight.astype(logp.dtype).reshape(_bn_shape(c, logp.ndim))
        smooth = -(logp * wb).sum(axis=1) * valid
        loss = (1 - label_smoothing) * loss + (label_smoothing / c) * smooth
    total = wt.sum(dtype=logp.dtype)
    if reduction == "none":
        return loss, total
    if reduction == "sum":
        return loss.sum(), total
    with np.errstate(invalid="ignore", divide="ignore"):
        return loss.sum() / total, total


def _nll_grad_impl(dloss, logp, target, weight, total, *, reduction, ignore_index,
                   label_smoothing):
    valid, t, wt = _nll_parts(logp, target, weight, ignore_index)
    g = dloss if reduction == "none" else np.broadcast_to(dloss, t.shape)
    if reduction == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            g = g / total
    dlogp = np.zeros_like(logp)
    np.put_along_axis(dlogp, t[:, None], (-(1 - label_smoothing) * wt * g)[:, None], axis=1)
    if label_smoothing:
        c = logp.shape[1]
        wb = weight.astype(logp.dtype).reshape(_bn_shape(c, logp.ndim))
        dlogp -= (label_smoothing / c) * np.expand_dims(g * valid, 1) * wb
    return dlogp


def _nll_grad_infer(dloss, logp, target, weight, total, **attrs):
    return logp


def _nll_bprop(logp, target, weight, out, dout, **attrs):
    return (apply(NLL_LOSS_GRAD, dout[0], logp, target, weight, out[1], **attrs), None, None)


def _nll_grad_bprop(dloss, logp, target, weight, total, out, dd, **attrs):
    # nll_loss_grad is linear in dloss, and its transpose is nll_loss itself.
    return (apply(NLL_LOSS, dd, target, weight, **attrs)[0], None, None, None, None)


NLL_LOSS = primitive("nll_loss", _nll_impl, _nll_infer, _nll_bprop, num_outputs=2)
NLL_LOSS_GRAD = primitive("nll_loss_grad", _nll_grad_impl, _nll_grad_infer, _nll_grad_bprop)


def _nll_apply(op: str, logp: Tensor, target: Any, weight: Any, ignore_index: int,
               reduction: str, label_smoothing: float):
    _check_reduction(op, reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise op_error(op, f"'label_smoothing' must be in [0, 1], but got {label_smoothing!r}.")
    if logp.ndim < 2:
        raise op_error(op, f"'input' must be at least 2-D (N, C, ...), but got shape "
                       f"{list(logp.shape)}.")
    if weight is None:
        weight = Tensor._make(np.ones(logp.shape[1], logp.dtype.np_dtype))
    return apply(NLL_LOSS, logp, to_tensor(target), to_tensor(weight, logp.dtype),
                 reduction=reduction, ignore_index=int(ignore_index),
                 label_smoothing=float(label_smoothing))


def nll_loss(inputs: Any, target: Any, weight: Any = None, ignore_index: int = -100,
             reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Negative log-likelihood of class indices `target` (N, ...) under log-probabilities
    `inputs` (N, C, ...); 'mean' divides by the summed weights of the non-ignored targets."""
    return _nll_apply("nll_loss", to_tensor(inputs), target, weight, ignore_index, reduction,
                      label_smoothing)[0]


class NLLLoss(PrimitiveOp):
    """`ops.NLLLoss(reduction='mean', ignore_index=-100)(logits, labels, weight)` ->
    (loss, total_weight)."""

    def __init__(self, reduction: str = "mean", ignore_index: int = -100) -> None:
        super().__init__(reduction=_check_reduction("NLLLoss", reduction),
                         ignore_index=ignore_index)

    @staticmethod
    def fn(logits: Any, labels: Any, weight: Any, *, reduction: str, ignore_index: int):
        return _nll_apply("NLLLoss", to_tensor(logits), labels, weight, ignore_index, reduction,
                          0.0)


def _drop_axis1(t: Tensor, kept: tuple[int, ...]) -> Tensor:
    """Sum over axis 1 and drop it."""
    return reshape(sum_to(t, kept), kept[:1] + kept[2:])


def cross_entropy(input: Any, target: Any, weight: Any = None, ignore_index: int = -100,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Cross entropy between logits `input` (N, C, ...) and `target`: class indices (N, ...)
    of an int dtype, or class probabilities shaped like `input`. `weight` (C,) rescales
    classes; `label_smoothing` mixes the target with the uniform distribution."""
    op = "cross_entropy"
    x = to_tensor(input)
    target = to_tensor(target)
    if x.ndim < 2:
        raise op_error(op, f"'input' must be at least 2-D (N, C, ...), but got shape "
                       f"{list(x.shape)}.")
    logp = log_softmax(x, 1)
    if target.dtype.kind in ("int", "uint"):
        return _nll_apply(op, logp, target, weight, ignore_index, reduction, label_smoothing)[0]
    _check_reduction(op, reduction)
    if target.shape != x.shape:
        raise op_error(op, f"a probability 'target' must have the shape of 'input' "
                       f"{list(x.shape)}, but got {list(target.shape)}; class-index targets "
                       "must have an int dtype.")
    target = cast(target, x.dtype)
    c = x.shape[1]
    if label_smoothing:
        target = add(mul(target, 1.0 - label_smoothing), label_smoothing / c)
    prod = mul(logp, target)
    if weight is not None:
        prod = mul(prod, reshape(to_tensor(weight, x.dtype), _bn_shape(c, x.ndim)))
    kept = _keep_axis(x.shape, 1)
    return _reduce(neg(_drop_axis1(prod, kept)), reduction)


def _softmax_cross_entropy(logits: Any, labels: Any) -> tuple[Tensor, Tensor]:
    op = "SoftmaxCrossEntropyWithLogits"
    x, y = to_tensor(logits), to_tensor(labels)
    _check_rank(op, spec := TensorSpec(x.shape, x.dtype), (2,), "logits", "2-D (N, C)")
    _check_float(op, spec, "logits")
    if y.shape != x.shape:
        raise op_error(op, f"'labels' must have the shape of 'logits' {list(x.shape)}, but got "
                       f"{list(y.shape)}.")
    y = cast(y, x.dtype)
    loss = neg(_drop_axis1(mul(y, log_softmax(x, 1)), (x.shape[0], 1)))
    return loss, sub(softmax(x, 1), y)


class SoftmaxCrossEntropyWithLogits(PrimitiveOp):
    """`ops.SoftmaxCrossEntropyWithLogits()(logits, labels)` -> (loss (N,), backprop (N, C)),
    backprop = softmax(logits) - labels."""

    fn = staticmethod(_softmax_cross_entropy)


class SparseSoftmaxCrossEntropyWithLogits(PrimitiveOp):
    """`ops.SparseSoftmaxCrossEntropyWithLogits(is_grad=False)(logits, labels)` -> the mean
    loss; with is_grad=True, its gradient (softmax - one_hot) / N instead."""

    def __init__(self, is_grad: bool = False) -> None:
        super().__init__(is_grad=bool(is_grad))

    @staticmethod
    def fn(logits: Any, labels: Any, *, is_grad: bool) -> Tensor:
        x = to_tensor(logits)
        if x.ndim != 2:
            raise op_error("SparseSoftmaxCrossEntropyWithLogits", f"'logits' must be 2-D (N, C),"
                           f" but got shape {list(x.shape)}.")
        if not is_grad:
            return cross_entropy(x, labels)
        return mul(sub(softmax(stop_gradient(x), 1), _one_hot(labels, x)), 1.0 / x.shape[0])


def _one_hot(labels: Any, like: Tensor) -> Tensor:
    """One-hot rows of int `labels` (N,) with `like`'s class count and dtype: the gradient of
    nll_loss(sum) of -1 per sample is exactly that."""
    labels = to_tensor(labels)
    zeros = Tensor._make(np.zeros(like.shape, like.dtype.np_dtype))
    ones = Tensor._make(np.ones((), like.dtype.np_dtype))
    w = Tensor._make(np.ones(like.shape[1], like.dtype.np_dtype))
    return neg(apply(NLL_LOSS_GRAD, ones, zeros, labels, w, ones, reduction="sum",
                     ignore_index=-100, label_smoothing=0.0))


def mse_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:
    """(input - target) ** 2, reduced; the operands broadcast."""
    _check_reduction("mse_loss", reduction)
    d = sub(input, target)
    return _reduce(mul(d, d), reduction)


def _l1_grad_impl(dout, x, y):
    return dout * np.sign(x - y)


def _l1_infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
    spec = rules.elementwise("l1_loss", x, y)
    _check_float("l1_loss", spec)
    return spec


def _l1_bprop(x, y, out, dout):
    g = apply(L1_DISTANCE_GRAD, dout, x, y)
    return sum_to(g, x.shape), sum_to(neg(g), y.shape)


L1_DISTANCE = primitive("l1_distance", lambda x, y: np.abs(x - y), _l1_infer, _l1_bprop)
L1_DISTANCE_GRAD = primitive(
    "l1_distance_grad", _l1_grad_impl, lambda d, x, y: d,
    lambda dout, x, y, out, dd: (apply(L1_DISTANCE_GRAD, dd, x, y), None, None))


def l1_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:
    """|input - target|, reduced; the operands broadcast."""
    from .convert import binary_operands
    _check_reduction("l1_loss", reduction)
    return _reduce(apply(L1_DISTANCE, *binary_operands("l1_loss", input, target)), reduction)


def _smooth_l1(x, y, *, beta):
    d = np.abs(x - y)
    return np.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta)


def _smooth_l1_grad_impl(dout, x, y, *, beta):
    d = x - y
    return dout * np.where(np.abs(d) < beta, d / beta, np.sign(d))


def _smooth_l1_bprop(x, y, out, dout, *, beta):
    g = apply(SMOOTH_L1_GRAD, dout, x, y, beta=beta)
    return sum_to(g, x.shape), sum_to(neg(g), y.shape)


SMOOTH_L1 = primitive("smooth_l1", _smooth_l1, lambda x, y, *, beta: _l1_infer(x, y),
                      _smooth_l1_bprop)
def _smooth_l1_grad_bprop(d, x, y, out, dd, *, beta):
    """Second order: the gradient is d * (delta / beta inside the quadratic zone, else
    sign(delta)), so its derivative in x is d / beta inside the zone and 0 outside."""
    from .array_ops import select, zeros_like
    from .math_ops import abs as abs_
    from .math_ops import less
    inside = less(abs_(sub(x, y)), beta)
    d_d = apply(SMOOTH_L1_GRAD, dd, x, y, beta=beta)
    d_x = select(inside, mul(mul(dd, d), 1.0 / beta), zeros_like(dd))
    return d_d, sum_to(d_x, x.shape), sum_to(neg(d_x), y.shape)


SMOOTH_L1_GRAD = primitive("smooth_l1_grad", _smooth_l1_grad_impl,
                           lambda d, x, y, *, beta: d, _smooth_l1_grad_bprop)


def smooth_l1_loss(input: Any, target: Any, beta: float = 1.0, reduction: str = "none"
                   ) -> Tensor:
    """0.5 * d**2 / beta where |d| < beta, else |d| - 0.5 * beta, with d = input - target."""
    from .convert import binary_operands
    _check_reduction("smooth_l1_loss", reduction)
    if beta <= 0:
        raise op_error("smooth_l1_loss", f"'beta' must be positive, but got {beta!r}.")
    x, y = binary_operands("smooth_l1_loss", input, target)
    return _reduce(apply(SMOOTH_L1, x, y, beta=float(beta)), reduction)


def _bce_logits_impl(x, t, pw):
    # -[pw * t * log(sigmoid(x)) + (1 - t) * log(1 - sigmoid(x))], with softplus(-x) stable
    return (1 - t) * x + (pw * t + 1 - t) * np.logaddexp(0, -x)


def _bce_logits_grad_impl(dout, x, t, pw):
    sp = np.logaddexp(0, -x)
    dx = dout * ((1 - t) - (pw * t + 1 - t) * _sigmoid_np(-x))
    dt = dout * (-x + (pw - 1) * sp)
    dpw = dout * t * sp
    shape = dout.shape
    return dx, np.broadcast_to(dt, shape), np.broadcast_to(dpw, shape)


def _bce_logits_infer(x, t, pw):
    spec = rules.elementwise("binary_cross_entropy_with_logits", x, t, pw)
    _check_float("binary_cross_entropy_with_logits", spec, "input")
    return spec


def _bce_logits_bprop(x, t, pw, out, dout):
    dx, dt, dpw = apply(BCE_WITH_LOGITS_GRAD, dout, x, t, pw)
    return sum_to(dx, x.shape), sum_to(dt, t.shape), sum_to(dpw, pw.shape)


BCE_WITH_LOGITS = primitive("bce_with_logits", _bce_logits_impl, _bce_logits_infer,
                            _bce_logits_bprop)
def _bce_logits_grad_bprop(d, x, t, pw, out, douts):
    """Second order of binary cross entropy with logits. With s = sigmoid(-x) and
    sp = softplus(-x) (ds/dx = -s(1 - s), dsp/dx = -s), the first-order outputs are
    dx = d((1 - t) - (pw t + 1 - t) s), dt = d(-x + (pw - 1) sp), dpw = d t sp."""
    gx, gt, gpw = douts
    s = sigmoid(neg(x))
    sp = softplus(neg(x))
    one_minus_t = sub(1.0, t)
    a = add(mul(pw, t), one_minus_t)  # pw t + 1 - t
    pw_minus_1 = sub(pw, 1.0)
    d_d = add(add(mul(gx, sub(one_minus_t, mul(a, s))),
                  mul(gt, add(neg(x), mul(pw_minus_1, sp)))), mul(gpw, mul(t, sp)))
    minus_one_minus = sub(-1.0, mul(pw_minus_1, s))  # -1 - (pw - 1) s
    d_x = mul(d, add(add(mul(gx, mul(a, mul(s, sub(1.0, s)))), mul(gt, minus_one_minus)),
                     mul(gpw, neg(mul(t, s)))))
    d_t = mul(d, add(mul(gx, minus_one_minus), mul(gpw, sp)))
    d_pw = mul(d, add(mul(gx, neg(mul(t, s))), mul(gt, sp)))
    return (sum_to(d_d, d.shape), sum_to(d_x, x.shape), sum_to(d_t, t.shape),
            sum_to(d_pw, pw.shape))


BCE_WITH_LOGITS_GRAD = primitive("bce_with_logits_grad", _bce_logits_grad_impl,
                                 lambda d, x, t, pw: (d, d, d), _bce_logits_grad_bprop,
                                 num_outputs=3)


def binary_cross_entropy_with_logits(input: Any, target: Any, weight: Any = None,
                                     pos_weight: Any = None, reduction: str = "mean"
                                     ) -> Tensor:
    """Binary cross entropy of `target` under sigmoid(`input`), computed from the logits
    without overflow; `pos_weight` scales the positive term, `weight` the result."""
    op = "binary_cross_entropy_with_logits"
    _check_reduction(op, reduction)
    x = to_tensor(input)
    t = to_tensor(target, x.dtype)
    pw = (Tensor._make(np.ones((), x.dtype.np_dtype)) if pos_weight is None
          else to_tensor(pos_weight, x.dtype))
    loss = apply(BCE_WITH_LOGITS, x, t, pw)
    if weight is not None:
        loss = mul(loss, to_tensor(weight, x.dtype))
    return _reduce(loss, reduction)


class BCEWithLogitsLoss(PrimitiveOp):
    """`ops.BCEWithLogitsLoss(reduction='mean')(logits, label, weight, pos_weight)`."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__(reduction=_check_reduction("BCEWithLogitsLoss", reduction))

    @staticmethod
    def fn(logits: Any, label: Any, weight: Any, pos_weight: Any, *, reduction: str) -> Tensor:
        return binary_cross_entropy_with_logits(logits, label, weight, pos_weight, reduction)


def _softmax_method(self: Tensor, axis: int, dtype: Any = None) -> Tensor:
    return softmax(self, axis, dtype=dtype)


TENSOR_METHODS = {
    "sigmoid": sigmoid,
    "softmax": _softmax_method,
}
