"""Activation functions, softmax and bias_add: impl, infer and bprop per primitive, with the
second derivative carried by each smooth activation's backward primitive.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from scipy.special import erf as _erf

from ..common.tensor import Tensor
from . import infer_rules as rules
from .array_ops import cast, reshape, sum_to
from .catalog import install_spellings
from .convert import to_tensor
from .math_ops import mul, sub
from .nn_common import (
    check_float,
    check_rank,
    check_real,
    check_same_dtype,
    check_same_shape,
    no_higher_order,
)
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive, spell


def _unary_infer(op: str, allow_int: bool) -> Callable[..., TensorSpec]:
    def infer(x: TensorSpec, **attrs: Any) -> TensorSpec:
        (check_real if allow_int else check_float)(op, x)
        return x
    return infer


def pair_infer(op: str) -> Callable[..., TensorSpec]:
    def infer(g: TensorSpec, x: TensorSpec, **attrs: Any) -> TensorSpec:
        check_same_dtype(op, g, x, "the gradient and 'x'")
        check_same_shape(op, g, x, "the gradient and 'x'")
        return x
    return infer


def _activation(name: str, op: str, f: Callable[..., np.ndarray],
                df: Callable[..., np.ndarray], d2f: Callable[..., np.ndarray] | None = None,
                allow_int: bool = False):
    grad2 = None
    if d2f is not None:
        grad2 = primitive(f"{name}_grad2", lambda g, x, **a: _like(g, g * d2f(x, **a)),
                          pair_infer(op),
                          no_higher_order(f"{op}Grad2"), attrs=name)

    def grad_bprop(dout: Tensor, x: Tensor, out: Tensor, ddx: Tensor, **attrs: Any):
        d_dout = apply(grad, ddx, x, **attrs)
        d_x = None if grad2 is None else apply(grad2, mul(ddx, dout), x, **attrs)
        return d_dout, d_x

    grad = primitive(f"{name}_grad", lambda dout, x, **a: _like(dout, dout * df(x, **a)),
                     pair_infer(op), grad_bprop, attrs=name)

    def bprop(x: Tensor, out: Tensor, dout: Tensor, **attrs: Any):
        return (apply(grad, dout, x, **attrs),)

    @functools.wraps(f)  # (the attribute schema reads f's keywords through the wrapper)
    def impl(x: np.ndarray, **attrs: Any) -> np.ndarray:
        return _like(x, f(x, **attrs))

    return primitive(name, impl, _unary_infer(op, allow_int), bprop)


def _like(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """`out` in `x`'s dtype when `x` is floating (a kernel may compute Float16 wider, as
    scipy's erf does; the generated code does not cast impl results back)."""
    return out.astype(x.dtype) if x.dtype.kind == "f" and out.dtype != x.dtype else out


def sigmoid_np(x: np.ndarray) -> np.ndarray:
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


GeluApproximation = Literal["none", "tanh"]


def _gelu(x: np.ndarray, *, approximate: GeluApproximation) -> np.ndarray:
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(_GELU_C * (x + _GELU_A * x ** 3)))
    return 0.5 * x * (1 + _erf(x * _INV_SQRT2))


def _gelu_d(x: np.ndarray, *, approximate: GeluApproximation) -> np.ndarray:
    if approximate == "tanh":
        t = np.tanh(_GELU_C * (x + _GELU_A * x ** 3))
        du = _GELU_C * (1 + 3 * _GELU_A * x * x)
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du
    return 0.5 * (1 + _erf(x * _INV_SQRT2)) + x * np.exp(-0.5 * x * x) * _INV_SQRT_2PI


def _gelu_d2(x: np.ndarray, *, approximate: GeluApproximation) -> np.ndarray:
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
    return np.where(bx > threshold, 1, sigmoid_np(bx))


def _softplus_d2(x: np.ndarray, *, beta: float, threshold: float) -> np.ndarray:
    bx = x * beta
    s = sigmoid_np(bx)
    return np.where(bx > threshold, 0, beta * s * (1 - s))


def _elu(x: np.ndarray, *, alpha: float) -> np.ndarray:
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


def _elu_d(x: np.ndarray, *, alpha: float) -> np.ndarray:
    return np.where(x > 0, 1, alpha * np.exp(np.minimum(x, 0)))


def _elu_d2(x: np.ndarray, *, alpha: float) -> np.ndarray:
    return np.where(x > 0, 0, alpha * np.exp(np.minimum(x, 0)))


def _silu_d(x: np.ndarray) -> np.ndarray:
    s = sigmoid_np(x)
    return s * (1 + x * (1 - s))


def _silu_d2(x: np.ndarray) -> np.ndarray:
    s = sigmoid_np(x)
    return s * (1 - s) * (2 + x * (1 - 2 * s))


def _mish(x: np.ndarray) -> np.ndarray:
    return x * np.tanh(np.logaddexp(0, x))


def _mish_d(x: np.ndarray) -> np.ndarray:
    t = np.tanh(np.logaddexp(0, x))
    return t + x * (1 - t * t) * sigmoid_np(x)


def _mish_d2(x: np.ndarray) -> np.ndarray:
    t = np.tanh(np.logaddexp(0, x))
    s = sigmoid_np(x)
    return (1 - t * t) * s * (2 + x * (1 - s - 2 * t * s))


RELU = _activation("relu", "ReLU", lambda x: np.maximum(x, 0), lambda x: x > 0, allow_int=True)
spell(RELU, classes=("ReLU",))


RELU6 = _activation("relu6", "ReLU6", lambda x: np.clip(x, 0, 6),
                    lambda x: (x > 0) & (x < 6))
spell(RELU6, classes=("ReLU6",))


def _leaky_relu(x: np.ndarray, *, alpha: float) -> np.ndarray:
    return np.where(x > 0, x, x * alpha)


LEAKY_RELU = _activation(
    "leaky_relu", "LeakyReLU", _leaky_relu, lambda x, *, alpha: np.where(x > 0, _one(x, 1),
                                                                         _one(x, alpha)))


ELU = _activation("elu", "Elu", _elu, _elu_d, _elu_d2)


SELU = _activation("selu", "SeLU", lambda x: _SELU_SCALE * _elu(x, alpha=_SELU_ALPHA),
                   lambda x: _SELU_SCALE * _elu_d(x, alpha=_SELU_ALPHA),
                   lambda x: _SELU_SCALE * _elu_d2(x, alpha=_SELU_ALPHA))
spell(SELU, classes=("SeLU",))


SIGMOID = _activation("sigmoid", "Sigmoid", sigmoid_np,
                      lambda x: (s := sigmoid_np(x)) * (1 - s),
                      lambda x: (s := sigmoid_np(x)) * (1 - s) * (1 - 2 * s))
spell(SIGMOID, classes=("Sigmoid",), methods=("sigmoid",))


LOGSIGMOID = _activation("logsigmoid", "LogSigmoid", lambda x: -np.logaddexp(0, -x),
                         lambda x: sigmoid_np(-x),
                         lambda x: -(s := sigmoid_np(x)) * (1 - s))


SILU = _activation("silu", "SiLU", lambda x: x * sigmoid_np(x), _silu_d, _silu_d2)


MISH = _activation("mish", "Mish", _mish, _mish_d, _mish_d2)
spell(MISH, classes=("Mish",))


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
spell(SOFTSIGN, classes=("Softsign",))


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


class Elu(PrimitiveOp):
    """`ops.Elu(alpha=1.0)(x)`."""

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__(alpha=alpha)

    fn = staticmethod(elu)


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


def keep_axis(shape: tuple[int, ...], axis: int) -> tuple[int, ...]:
    """`shape` with dimension `axis` (negative counts from the end, as the primitives allow)
    made 1."""
    axis = axis % len(shape) if shape else axis
    return tuple(1 if i == axis else d for i, d in enumerate(shape))


def _softmax_infer_for(op: str) -> Callable[..., TensorSpec]:
    def infer(x: TensorSpec, *, axis: int) -> TensorSpec:
        check_float(op, x)
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
    return (mul(out, sub(dout, sum_to(mul(dout, out), keep_axis(x.shape, axis)))),)


def _log_softmax_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: int):
    return (sub(dout, mul(apply(SOFTMAX, x, axis=axis),
                          sum_to(dout, keep_axis(x.shape, axis)))),)


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


def _bias_add_infer(x: TensorSpec, b: TensorSpec) -> TensorSpec:
    op = "BiasAdd"
    check_rank(op, x, (2, 3, 4, 5), "input_x", "2-D to 5-D (N, C, ...)")
    check_rank(op, b, (1,), "bias", "1-D (C,)")
    check_same_dtype(op, x, b, "'input_x' and 'bias'")
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


def _softmax_method(self: Tensor, axis: int, dtype: Any = None) -> Tensor:
    return softmax(self, axis, dtype=dtype)


TENSOR_METHODS = {
    "softmax": _softmax_method,
}


install_spellings(globals())  # (the primitive classes and Tensor methods spelled above)
