"""The OpInfo table: one record per primitive of `graphc.ops.primitive.PRIMITIVES`, from which
`test_opinfo.py` makes its checks (impl against a NumPy reference, infer against impl, bprop
against finite differences, eager against `@graphc.jit`).

A record names the primitive, gives sample inputs (arrays and attributes, small so that finite
differences stay cheap), a NumPy reference where one is simpler than the impl, tolerances and
which inputs are differentiated. `EXEMPT` lists the primitives that have no record, each with the
reason; `test_opinfo.py` asserts every primitive is in exactly one of the two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from math import erf as _erf
from typing import Any

import numpy as np

from graphc.common import dtype as mstype

RNG_SEED = 7


@dataclass(frozen=True)
class Sample:
    """One call: the arrays passed as inputs and the attributes; `by_ref` False for a sample
    the record's NumPy reference does not model (its other checks still run)."""

    arrays: tuple[np.ndarray, ...]
    attrs: dict[str, Any] = field(default_factory=dict)
    by_ref: bool = True


@dataclass(frozen=True)
class OpInfo:
    """How to test one primitive. `grad` is the input positions whose gradient is checked by
    finite differences (None: every floating input, when the primitive has a bprop); `ref`
    maps (*arrays, **attrs) to the expected output (a tuple for several outputs)."""

    name: str
    samples: Callable[[np.random.Generator], list[Sample]]
    ref: Callable[..., Any] | None = None
    grad: tuple[int, ...] | None = None
    rtol: float = 1e-5
    atol: float = 1e-6
    grad_rtol: float = 1e-4
    grad_atol: float = 1e-6
    jit: bool = True
    # infer with one input dimension unknown (None): "agree" (it gives a shape the impl's
    # result fits), "may refuse" (or it raises, naming the op: a size it must know), "skip"
    # (the result's rank would depend on the unknown size; the reason is at the record)
    unknown_dims: str = "agree"


def f32(rng: np.random.Generator, *shape: int, lo: float = -1.0, hi: float = 1.0) -> np.ndarray:
    return rng.uniform(lo, hi, size=shape).astype(np.float32)


def away(rng: np.random.Generator, *shape: int, gap: float = 0.2) -> np.ndarray:
    """Values in [-1, -gap] or [gap, 1]: away from the kink at 0 of relu, abs, sign..."""
    x = rng.uniform(gap, 1.0, size=shape)
    return (x * rng.choice([-1.0, 1.0], size=shape)).astype(np.float32)


def ints(rng: np.random.Generator, *shape: int, lo: int = 0, hi: int = 3) -> np.ndarray:
    return rng.integers(lo, hi, size=shape).astype(np.int64)


def bools(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return rng.integers(0, 2, size=shape).astype(bool)


def _s(*arrays: np.ndarray, **attrs: Any) -> Sample:
    return Sample(tuple(arrays), attrs)


def _x(*arrays: np.ndarray, **attrs: Any) -> Sample:
    """A sample beyond what the reference models (padding modes, 'same', masks...)."""
    return Sample(tuple(arrays), attrs, by_ref=False)


_PADDED = dict(kernel_size=(2, 3), strides=(2, 1), pad_mode="pad", pad=(1, 0, 1, 1), ceil_mode=True)
_SAME = dict(kernel_size=(3, 3), strides=(2, 2), pad_mode="same", pad=(0, 0, 0, 0), ceil_mode=False)


def _unary(gen: Callable[..., np.ndarray] = f32) -> Callable[[np.random.Generator], list[Sample]]:
    return lambda rng: [_s(gen(rng, 2, 3)), _s(gen(rng, 4))]


def _binary(gen: Callable[..., np.ndarray] = f32) -> Callable[[np.random.Generator], list[Sample]]:
    return lambda rng: [_s(gen(rng, 2, 3), gen(rng, 2, 3)), _s(gen(rng, 2, 3), gen(rng, 3))]


def _pos(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return f32(rng, *shape, lo=0.5, hi=2.0)


def _grad_pair(gen: Callable[..., np.ndarray] = f32, **attrs: Any):
    """Samples (g, x) of an activation's gradient primitive."""
    return lambda rng: [_s(f32(rng, 2, 3), gen(rng, 2, 3), **attrs)]


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _conv2d_ref(x, w, *, stride, pad_mode, pad, dilation, groups):
    """A direct loop over output positions (valid/pad modes)."""
    xp = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[1]), (pad[2], pad[3])))
    n, _, h, wd = xp.shape
    o, cg, kh, kw = w.shape
    eh, ew = (kh - 1) * dilation[0] + 1, (kw - 1) * dilation[1] + 1
    oh, ow = (h - eh) // stride[0] + 1, (wd - ew) // stride[1] + 1
    out = np.zeros((n, o, oh, ow), np.float64)
    og = o // groups
    for i in range(oh):
        for j in range(ow):
            win = xp[:, :, i * stride[0]:i * stride[0] + eh:dilation[0],
                     j * stride[1]:j * stride[1] + ew:dilation[1]]
            for g in range(groups):
                part = win[:, g * cg:(g + 1) * cg]
                out[:, g * og:(g + 1) * og, i, j] = np.tensordot(
                    part, w[g * og:(g + 1) * og], axes=([1, 2, 3], [1, 2, 3]))
    return out.astype(x.dtype)


def _pool_ref(reduce):
    def ref(x, *, kernel_size, strides, pad_mode, pad, ceil_mode, dilation=(1, 1), **_):
        n, c, h, w = x.shape
        (kh, kw), (sh, sw) = kernel_size, strides
        oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
        out = np.zeros((n, c, oh, ow), x.dtype)
        for i in range(oh):
            for j in range(ow):
                out[:, :, i, j] = reduce(x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw],
                                         axis=(2, 3))
        return out
    return ref


_POOL = dict(kernel_size=(2, 2), strides=(1, 2), pad_mode="valid", pad=(0, 0, 0, 0),
             ceil_mode=False)
_CONV = dict(stride=(1, 1), pad_mode="pad", pad=(1, 0, 0, 1), dilation=(1, 1), groups=1)
_CONV3 = dict(stride=(1, 1, 1), pad_mode="valid", pad=(0,) * 6, dilation=(1, 1, 1), groups=1)
_REDUCE = [dict(axis=None, keep_dims=False), dict(axis=1, keep_dims=True),
           dict(axis=(0, 1), keep_dims=False)]


def _reduction(ref_fn, gen=f32):
    info = {"samples": lambda rng: [_s(gen(rng, 2, 3), **a) for a in _REDUCE],
            "ref": lambda x, *, axis, keep_dims, initial=None: np.asarray(
                ref_fn(x, axis=axis, keepdims=keep_dims))}
    return info


def _nll_ref(logp, target, weight, *, reduction, ignore_index, label_smoothing):
    wt = weight[target]
    loss = -logp[np.arange(len(target)), target] * wt
    total = wt.sum()
    return (loss.sum() / total if reduction == "mean" else loss.sum(), total)


_GELU = lambda x, *, approximate: 0.5 * x * (1 + np.vectorize(_erf)(x / np.sqrt(2)))  # noqa: E731

TABLE: tuple[OpInfo, ...] = (
    # --- element-wise arithmetic -------------------------------------------------------------
    OpInfo("abs", _unary(away), lambda x: np.abs(x)),
    OpInfo("add", _binary(), np.add),
    OpInfo("sub", _binary(), np.subtract),
    OpInfo("mul", _binary(), np.multiply),
    OpInfo("div", lambda rng: [_s(f32(rng, 2, 3), _pos(rng, 2, 3))], np.divide),
    OpInfo("addn", lambda rng: [_s(f32(rng, 2, 3), f32(rng, 2, 3), f32(rng, 2, 3))],
           lambda *xs: sum(xs)),
    OpInfo("neg", _unary(), np.negative),
    OpInfo("square", _unary(), np.square),
    OpInfo("sqrt", _unary(_pos), np.sqrt),
    OpInfo("rsqrt", _unary(_pos), lambda x: 1 / np.sqrt(x)),
    OpInfo("reciprocal", _unary(_pos), np.reciprocal),
    OpInfo("exp", _unary(), np.exp),
    OpInfo("log", _unary(_pos), np.log),
    OpInfo("sin", _unary(), np.sin),
    OpInfo("cos", _unary(), np.cos),
    OpInfo("tanh", _unary(), np.tanh),
    OpInfo("erf", _unary(), np.vectorize(_erf, otypes=[np.float32])),
    OpInfo("sign", _unary(away), np.sign),
    OpInfo("floor", _unary(away), np.floor),
    OpInfo("ceil", _unary(away), np.ceil),
    OpInfo("trunc", _unary(away), np.trunc),
    OpInfo("round", lambda rng: [_s(away(rng, 2, 3) * 3, decimals=0),
                                 _s(away(rng, 4), decimals=1)],
           lambda x, *, decimals: np.round(x, decimals)),
    OpInfo("pow", lambda rng: [_s(_pos(rng, 2, 3), f32(rng, 2, 3))], np.power, rtol=1e-4),
    OpInfo("pow_scalar", lambda rng: [_s(_pos(rng, 2, 3), exponent=2.5),
                                      _s(f32(rng, 3), exponent=3)],
           lambda x, *, exponent: np.power(x, exponent), rtol=1e-4),
    OpInfo("maximum", _binary(), np.maximum),
    OpInfo("minimum", _binary(), np.minimum),
    OpInfo("floor_div", lambda rng: [_s(f32(rng, 2, 3) * 4, _pos(rng, 2, 3))], np.floor_divide,
           grad=()),
    OpInfo("floor_mod", lambda rng: [_s(f32(rng, 2, 3) * 4, _pos(rng, 2, 3))], np.mod,
           grad=(0,)),
    OpInfo("fmod", lambda rng: [_s(f32(rng, 2, 3) * 4, _pos(rng, 2, 3))], np.fmod, grad=(0,)),
    OpInfo("bitwise_and", _binary(lambda rng, *s: ints(rng, *s, hi=8)), np.bitwise_and),
    OpInfo("bitwise_or", _binary(lambda rng, *s: ints(rng, *s, hi=8)), np.bitwise_or),
    OpInfo("bitwise_xor", _binary(lambda rng, *s: ints(rng, *s, hi=8)), np.bitwise_xor),
    # --- comparisons and logic ---------------------------------------------------------------
    OpInfo("equal", _binary(lambda rng, *s: ints(rng, *s)), np.equal),
    OpInfo("not_equal", _binary(lambda rng, *s: ints(rng, *s)), np.not_equal),
    OpInfo("greater", _binary(), np.greater),
    OpInfo("greater_equal", _binary(), np.greater_equal),
    OpInfo("less", _binary(), np.less),
    OpInfo("less_equal", _binary(), np.less_equal),
    OpInfo("logical_and", _binary(bools), np.logical_and),
    OpInfo("logical_or", _binary(bools), np.logical_or),
    OpInfo("logical_xor", _binary(bools), np.logical_xor),
    OpInfo("logical_not", _unary(bools), np.logical_not),
    OpInfo("isnan", lambda rng: [_s(np.array([0.0, np.nan, np.inf, -1.0], np.float32))],
           np.isnan),
    OpInfo("isinf", lambda rng: [_s(np.array([0.0, np.nan, np.inf, -np.inf], np.float32))],
           np.isinf),
    OpInfo("isfinite", lambda rng: [_s(np.array([0.0, np.nan, np.inf, -1.0], np.float32))],
           np.isfinite),
    OpInfo("select", lambda rng: [_s(bools(rng, 2, 3), f32(rng, 2, 3), f32(rng, 2, 3))],
           np.where),
    OpInfo("clamp", lambda rng: [
        _s(f32(rng, 2, 3), np.full((2, 3), -0.3, np.float32), np.full((2, 3), 0.4, np.float32),
           has_min=True, has_max=True),
        _s(f32(rng, 2, 3), np.full((2, 3), 0.1, np.float32), has_min=True, has_max=False)],
        lambda x, *b, has_min, has_max: np.clip(x, b[0] if has_min else None,
                                                b[-1] if has_max else None)),
    # --- activations and their gradients -----------------------------------------------------
    OpInfo("relu", _unary(away), lambda x: np.maximum(x, 0)),
    OpInfo("relu6", lambda rng: [_s(away(rng, 2, 3) * 4)], lambda x: np.clip(x, 0, 6)),
    OpInfo("relu_grad", _grad_pair(away), lambda g, x: g * (x > 0)),
    OpInfo("relu6_grad", _grad_pair(away), lambda g, x: g * ((x > 0) & (x < 6))),
    OpInfo("leaky_relu", lambda rng: [_s(away(rng, 2, 3), alpha=0.2),
                                      _s(away(rng, 2, 3), alpha=-0.3)],
           lambda x, *, alpha: np.where(x > 0, x, alpha * x)),
    OpInfo("leaky_relu_grad", _grad_pair(away, alpha=0.2),
           lambda g, x, *, alpha: g * np.where(x > 0, 1, alpha)),
    OpInfo("elu", lambda rng: [_s(away(rng, 2, 3), alpha=1.0)],
           lambda x, *, alpha: np.where(x > 0, x, alpha * (np.exp(x) - 1))),
    OpInfo("elu_grad", _grad_pair(away, alpha=1.0)),
    OpInfo("elu_grad2", _grad_pair(away, alpha=1.0), grad=()),
    OpInfo("selu", _unary(away)),
    OpInfo("selu_grad", _grad_pair(away)),
    OpInfo("selu_grad2", _grad_pair(away), grad=()),
    OpInfo("sigmoid", _unary(), _sigmoid),
    OpInfo("sigmoid_grad", _grad_pair(), lambda g, x: g * _sigmoid(x) * (1 - _sigmoid(x))),
    OpInfo("sigmoid_grad2", _grad_pair(), grad=()),
    OpInfo("logsigmoid", _unary(), lambda x: np.log(_sigmoid(x))),
    OpInfo("logsigmoid_grad", _grad_pair()),
    OpInfo("logsigmoid_grad2", _grad_pair(), grad=()),
    OpInfo("silu", _unary(), lambda x: x * _sigmoid(x)),
    OpInfo("silu_grad", _grad_pair()),
    OpInfo("silu_grad2", _grad_pair(), grad=()),
    OpInfo("mish", _unary(), lambda x: x * np.tanh(np.log1p(np.exp(x)))),
    OpInfo("mish_grad", _grad_pair()),
    OpInfo("mish_grad2", _grad_pair(), grad=()),
    OpInfo("softsign", _unary(away), lambda x: x / (1 + np.abs(x))),
    OpInfo("softsign_grad", _grad_pair(away)),
    OpInfo("softsign_grad2", _grad_pair(away), grad=()),
    OpInfo("softplus", lambda rng: [_s(f32(rng, 2, 3), beta=1.0, threshold=20.0),
                                    _x(f32(rng, 2, 3) * 30, beta=2.0, threshold=5.0)],
           lambda x, *, beta, threshold: np.log1p(np.exp(beta * x)) / beta),
    OpInfo("softplus_grad", _grad_pair(beta=1.0, threshold=20.0)),
    OpInfo("softplus_grad2", _grad_pair(beta=1.0, threshold=20.0), grad=()),
    OpInfo("hswish", lambda rng: [_s(away(rng, 2, 3) * 4)],
           lambda x: x * np.clip(x + 3, 0, 6) / 6),
    OpInfo("hswish_grad", lambda rng: [_s(f32(rng, 2, 3), away(rng, 2, 3) * 4)]),
    OpInfo("hswish_grad2", lambda rng: [_s(f32(rng, 2, 3), away(rng, 2, 3) * 4)], grad=()),
    OpInfo("hsigmoid", lambda rng: [_s(away(rng, 2, 3) * 4)], lambda x: np.clip(x + 3, 0, 6) / 6),
    OpInfo("hsigmoid_grad", lambda rng: [_s(f32(rng, 2, 3), away(rng, 2, 3) * 4)]),
    OpInfo("gelu", lambda rng: [_s(f32(rng, 2, 3), approximate="none")], _GELU),
    OpInfo("gelu_grad", _grad_pair(approximate="tanh")),
    OpInfo("gelu_grad2", _grad_pair(approximate="none"), grad=()),
    OpInfo("softmax", lambda rng: [_s(f32(rng, 2, 3), axis=-1), _s(f32(rng, 2, 3), axis=0)],
           lambda x, *, axis: _softmax(x, axis)),
    OpInfo("log_softmax", lambda rng: [_s(f32(rng, 2, 3), axis=-1)],
           lambda x, *, axis: np.log(_softmax(x, axis))),
    OpInfo("bias_add", lambda rng: [_s(f32(rng, 2, 3, 2), f32(rng, 3))],
           lambda x, b: x + b[None, :, None]),
    # --- reductions --------------------------------------------------------------------------
    OpInfo("reduce_sum", **_reduction(np.sum)),
    OpInfo("reduce_mean", **_reduction(np.mean)),
    OpInfo("reduce_prod", **_reduction(np.prod)),
    OpInfo("reduce_max", **_reduction(np.max)),
    OpInfo("reduce_min", **_reduction(np.min)),
    OpInfo("reduce_all", **_reduction(np.all, bools)),
    OpInfo("reduce_any", **_reduction(np.any, bools)),
    OpInfo("argmax", lambda rng: [_s(f32(rng, 2, 3), axis=1, keep_dims=False,
                                     output_type=mstype.int64)],
           lambda x, *, axis, keep_dims, output_type: np.argmax(x, axis)),
    OpInfo("argmin", lambda rng: [_s(f32(rng, 2, 3), axis=0, keep_dims=True,
                                     output_type=mstype.int32)],
           lambda x, *, axis, keep_dims, output_type: np.argmin(x, axis, keepdims=True)),
    OpInfo("cumsum", lambda rng: [_s(f32(rng, 2, 3), axis=1),
                                  _s(f32(rng, 2, 3), axis=0, exclusive=True, reverse=True)],
           lambda x, *, axis, exclusive=False, reverse=False:
           np.cumsum(x, axis) if not (exclusive or reverse) else
           np.flip(np.cumsum(np.flip(x, axis), axis) - np.flip(x, axis), axis)),
    # --- shapes ------------------------------------------------------------------------------
    OpInfo("reshape", lambda rng: [_s(f32(rng, 2, 3), shape=(3, 2)),
                                   _s(f32(rng, 2, 3), shape=(-1,))],
           lambda x, *, shape: x.reshape(shape)),
    OpInfo("transpose", lambda rng: [_s(f32(rng, 2, 3, 2), perm=(2, 0, 1))],
           lambda x, *, perm: x.transpose(perm)),
    OpInfo("expand_dims", lambda rng: [_s(f32(rng, 2, 3), axis=1)],
           lambda x, *, axis: np.expand_dims(x, axis)),
    # (squeeze(axis=None) keeps a dimension known only at run time, which impl drops if it
    # is 1: the rank of its result depends on a run-time size)
    OpInfo("squeeze", lambda rng: [_s(f32(rng, 2, 1, 3), axis=(1,)), _s(f32(rng, 1, 3, 1),
                                                                          axis=None)],
           lambda x, *, axis: np.squeeze(x, axis), unknown_dims="skip"),
    OpInfo("flatten", lambda rng: [_s(f32(rng, 2, 3, 2), start_dim=1, end_dim=-1)],
           lambda x, *, start_dim, end_dim: x.reshape(x.shape[0], -1)),
    OpInfo("broadcast_to", lambda rng: [_s(f32(rng, 1, 3), shape=(2, 3))],
           lambda x, *, shape: np.broadcast_to(x, shape)),
    OpInfo("sum_to", lambda rng: [_s(f32(rng, 2, 3), shape=(1, 3)), _s(f32(rng, 2, 3),
                                                                       shape=(3,))],
           lambda x, *, shape: x.sum(axis=0, keepdims=len(shape) == 2)),
    OpInfo("tile", lambda rng: [_s(f32(rng, 2, 3), multiples=(2, 1))],
           lambda x, *, multiples: np.tile(x, multiples)),
    OpInfo("flip", lambda rng: [_s(f32(rng, 2, 3), dims=(1,))],
           lambda x, *, dims: np.flip(x, dims)),
    OpInfo("concat", lambda rng: [_s(f32(rng, 2, 3), f32(rng, 1, 3), axis=0)],
           lambda *xs, axis: np.concatenate(xs, axis)),
    OpInfo("stack", lambda rng: [_s(f32(rng, 2, 3), f32(rng, 2, 3), axis=1)],
           lambda *xs, axis: np.stack(xs, axis)),
    OpInfo("split", lambda rng: [_s(f32(rng, 5, 2), axis=0, sizes=(2, 3))],
           lambda x, *, axis, sizes: tuple(np.split(x, np.cumsum(sizes)[:-1], axis))),
    OpInfo("unstack", lambda rng: [_s(f32(rng, 2, 3), axis=1)],
           lambda x, *, axis: tuple(np.moveaxis(x, axis, 0)),
           unknown_dims="may refuse"),  # (the number of outputs)
    OpInfo("cast", lambda rng: [_s(f32(rng, 2, 3), dtype=mstype.float64),
                                _s(ints(rng, 4), dtype=mstype.float32)],
           lambda x, *, dtype: x.astype(dtype.np_dtype)),
    OpInfo("identity", _unary(), lambda x: x),
    OpInfo("stop_gradient", _unary(), lambda x: x, grad=()),
    OpInfo("zeros_like", _unary(), np.zeros_like, grad=()),
    OpInfo("ones_like", _unary(), np.ones_like, grad=()),
    # (the value passes unchanged; its gradient is zeroed unless the branch was taken, so only
    # a taken gate's gradient is the forward's derivative)
    OpInfo("branch_gate", lambda rng: [_s(f32(rng, 2, 3), np.array(True))], lambda x, taken: x),
    # --- indexing, gathering, slicing --------------------------------------------------------
    OpInfo("getitem", lambda rng: [
        _s(f32(rng, 3, 4), index=(1,)), _s(f32(rng, 3, 4), index=((None, None, -1), 2)),
        _s(f32(rng, 3, 4), np.array([2, 0], np.int64), index=("tensor", None)),
        _s(f32(rng, 3, 4, 2), np.array([[0, 2], [1, 1]]), np.array([1, 0]),
           index=("tensor", None, "tensor")),
        _s(f32(rng, 3, 4, 2), index=((2, None, -2), None, 1, (None, None, 2)))],
        lambda x, *a, index: x[_np_key(index, a)]),
    OpInfo("getitem_grad", lambda rng: [_s(f32(rng, 4), index=(1,), shape=(3, 4))],
           lambda d, *a, index, shape: _scatter(d, index, a, shape)),
    OpInfo("getitem_grad_like", lambda rng: [_s(f32(rng, 4), f32(rng, 3, 4), index=(1,))],
           lambda d, x, *a, index: _scatter(d, index, a, x.shape), grad=(0,)),
    OpInfo("setitem", lambda rng: [_s(f32(rng, 3, 4), f32(rng, 4), index=(1,)),
                                   _s(f32(rng, 3, 4), f32(rng, 2, 4), np.array([2, 0]),
                                      index=("tensor",)),
                                   _x(f32(rng, 3, 4), f32(rng, 3, 1), np.array([0, 1, 0]),
                                      index=((None, None, None), "tensor"))],
           lambda x, v, *a, index: _assigned(x, v, index, a)),
    OpInfo("setitem_winners", lambda rng: [_s(f32(rng, 3, 4), np.array([2, 0, 2]),
                                              index=("tensor",))],
           lambda x, a, *, index: np.array([[False] * 4, [True] * 4, [True] * 4])),
    OpInfo("strided_slice", lambda rng: [_s(f32(rng, 4, 3), begin=(0, 1), end=(4, 3),
                                            strides=(2, 1), begin_mask=0, end_mask=0,
                                            ellipsis_mask=0, new_axis_mask=0,
                                            shrink_axis_mask=0),
                                         _x(f32(rng, 4, 3, 2), begin=(3, 0, 1), end=(0, 3, 2),
                                            strides=(-1, 2, 1), begin_mask=2, end_mask=1,
                                            ellipsis_mask=0, new_axis_mask=0,
                                            shrink_axis_mask=4)],
           lambda x, **a: x[0:4:2, 1:3:1]),
    OpInfo("slice", lambda rng: [_s(f32(rng, 4, 3), begin=(1, 0), size=(2, 2))],
           lambda x, *, begin, size: x[1:3, 0:2]),
    OpInfo("slice_positions", lambda rng: [_s(f32(rng, 5, 2), np.array(1), np.array(4),
                                              axis=0, present=(True, True, False))],
           lambda x, b, e, *, axis, present: np.arange(1, 4), jit=False),
    OpInfo("gather", lambda rng: [_s(f32(rng, 4, 3), np.array([3, 0, 3]), axis=0,
                                     batch_dims=0),
                                  _s(f32(rng, 2, 3), np.array([[2], [1]]), axis=1,
                                     batch_dims=1)],
           lambda x, i, *, axis, batch_dims: np.take(x, i, axis) if not batch_dims else
           np.take_along_axis(x, i, axis)),
    OpInfo("gather_grad", lambda rng: [_s(f32(rng, 3, 3), np.array([3, 0, 3]), axis=0,
                                          batch_dims=0, shape=(4, 3))],
           lambda d, i, *, axis, batch_dims, shape: _add_at(shape, i, d)),
    OpInfo("gather_d", lambda rng: [_s(f32(rng, 2, 3), np.array([[0, 2], [1, 1]]), dim=1)],
           lambda x, i, *, dim: np.take_along_axis(x, i, dim)),
    OpInfo("gather_d_grad", lambda rng: [_s(f32(rng, 2, 2), np.array([[0, 2], [1, 1]]), dim=1,
                                            shape=(2, 3))],
           lambda d, i, *, dim, shape: _put_along(shape, i, d, dim)),
    OpInfo("gather_nd", lambda rng: [_s(f32(rng, 3, 2), np.array([[2, 1], [0, 0]]))],
           lambda x, i: x[tuple(i.T)], unknown_dims="may refuse"),  # (the index depth)
    OpInfo("scatter_nd", lambda rng: [_s(np.array([[2], [0]]), f32(rng, 2, 3), shape=(4, 3))],
           lambda i, u, *, shape: _add_at(shape, i[:, 0], u), grad=(1,),
           unknown_dims="may refuse"),  # (the index depth)
    OpInfo("one_hot", lambda rng: [_s(np.array([0, 2, 1]), np.array(1.0, np.float32),
                                      np.array(0.0, np.float32), depth=3, axis=-1)],
           lambda i, on, off, *, depth, axis: np.eye(depth, dtype=np.float32)[i], grad=()),
    OpInfo("nonzero", lambda rng: [_s(np.array([[0, 1], [2, 0]], np.float32))],
           lambda x: np.argwhere(x), jit=False),
    OpInfo("argsort", lambda rng: [_s(f32(rng, 2, 4), axis=-1, descending=False),
                                   _s(f32(rng, 2, 4), axis=0, descending=True)],
           lambda x, *, axis, descending: np.argsort(-x if descending else x, axis,
                                                     kind="stable")),
    OpInfo("topk_indices", lambda rng: [_s(f32(rng, 2, 5), k=2, axis=-1, largest=True,
                                           sorted=True)],
           lambda x, *, k, axis, largest, sorted: np.argsort(-x, axis, kind="stable")[:, :k]),
    # --- creation ----------------------------------------------------------------------------
    OpInfo("fill", lambda rng: [_s(shape=(2, 3), dtype=mstype.float32, value=1.5)],
           lambda *, shape, dtype, value: np.full(shape, value, dtype.np_dtype)),
    OpInfo("arange", lambda rng: [_s(start=1, end=7, step=2, dtype=mstype.int64),
                                  _s(start=0.0, end=1.0, step=0.25, dtype=mstype.float32)],
           lambda *, start, end, step, dtype: np.arange(start, end, step, dtype.np_dtype)),
    OpInfo("eye", lambda rng: [_s(n=2, m=3, dtype=mstype.float32)],
           lambda *, n, m, dtype: np.eye(n, m, dtype=dtype.np_dtype)),
    # --- linear algebra ----------------------------------------------------------------------
    OpInfo("matmul", lambda rng: [_s(f32(rng, 2, 3), f32(rng, 3, 2)),
                                  _s(f32(rng, 3, 2), f32(rng, 3, 2), transpose_a=True),
                                  _s(f32(rng, 2, 2, 3), f32(rng, 2, 2, 3), transpose_b=True)],
           lambda a, b, *, transpose_a=False, transpose_b=False: np.matmul(
               np.swapaxes(a, -1, -2) if transpose_a else a,
               np.swapaxes(b, -1, -2) if transpose_b else b)),
    OpInfo("svd_values", lambda rng: [_s(f32(rng, 3, 2))],
           lambda x: np.linalg.svd(x, compute_uv=False), rtol=1e-4, atol=1e-5),
    OpInfo("svd_values_grad", lambda rng: [_s(f32(rng, 2), f32(rng, 3, 2))], rtol=1e-4,
           atol=1e-5),
    # --- convolution and pooling -------------------------------------------------------------
    OpInfo("conv2d", lambda rng: [_s(f32(rng, 1, 2, 4, 3), f32(rng, 2, 2, 2, 2), **_CONV),
                                  _s(f32(rng, 1, 2, 5, 5), f32(rng, 2, 1, 2, 2), stride=(2, 1),
                                     pad_mode="valid", pad=(0, 0, 0, 0), dilation=(1, 2),
                                     groups=2),
                                  _x(f32(rng, 1, 2, 5, 4), f32(rng, 4, 1, 3, 2), stride=(2, 2),
                                     pad_mode="same", pad=(0, 0, 0, 0), dilation=(1, 1),
                                     groups=2)],
           _conv2d_ref, rtol=1e-4, atol=1e-5),
    OpInfo("conv2d_backprop_input", lambda rng: [_s(f32(rng, 1, 2, 4, 3), f32(rng, 2, 2, 2, 2),
                                                    input_shape=(1, 2, 4, 3), **_CONV)],
           rtol=1e-4, atol=1e-5),
    OpInfo("conv2d_backprop_filter", lambda rng: [_s(f32(rng, 1, 2, 4, 3), f32(rng, 1, 2, 4, 3),
                                                     weight_shape=(2, 2, 2, 2), **_CONV)],
           rtol=1e-4, atol=1e-5),
    OpInfo("conv3d", lambda rng: [_s(f32(rng, 1, 2, 3, 3, 2), f32(rng, 2, 2, 2, 2, 1),
                                     **_CONV3),
                                  _s(f32(rng, 1, 2, 4, 3, 3), f32(rng, 2, 1, 2, 2, 2),
                                     stride=(2, 1, 1), pad_mode="same", pad=(0,) * 6,
                                     dilation=(1, 1, 2), groups=2),
                                  _s(f32(rng, 1, 1, 3, 3, 3), f32(rng, 1, 1, 2, 2, 2),
                                     stride=(1, 1, 1), pad_mode="pad", pad=(1, 0, 0, 1, 1, 1),
                                     dilation=(1, 1, 1), groups=1)], rtol=1e-4, atol=1e-5),
    OpInfo("conv3d_backprop_input", lambda rng: [_s(f32(rng, 1, 2, 2, 2, 2),
                                                    f32(rng, 2, 2, 2, 2, 1),
                                                    input_shape=(1, 2, 3, 3, 2), **_CONV3)],
           rtol=1e-4, atol=1e-5),
    OpInfo("conv3d_backprop_filter", lambda rng: [_s(f32(rng, 1, 2, 2, 2, 2),
                                                     f32(rng, 1, 2, 3, 3, 2),
                                                     weight_shape=(2, 2, 2, 2, 1), **_CONV3)],
           rtol=1e-4, atol=1e-5),
    OpInfo("max_pool2d", lambda rng: [_s(f32(rng, 1, 2, 3, 4), dilation=(1, 1), **_POOL),
                                      _x(f32(rng, 1, 2, 5, 5), dilation=(1, 1), **_PADDED),
                                      _x(f32(rng, 1, 1, 5, 6), dilation=(1, 1), **_SAME)],
           _pool_ref(np.max)),
    OpInfo("max_pool2d_argmax", lambda rng: [_s(f32(rng, 1, 2, 3, 4), dilation=(1, 1), **_POOL)]),
    OpInfo("max_pool2d_grad", lambda rng: [_max_pool_grad_sample(rng)], grad=(2,)),
    OpInfo("max_pool2d_select", lambda rng: [_max_pool_grad_sample(rng, select=True)],
           grad=(2,)),
    OpInfo("avg_pool2d", lambda rng: [_s(f32(rng, 1, 2, 3, 4), count_include_pad=True,
                                         divisor_override=0, **_POOL),
                                      _x(f32(rng, 1, 2, 5, 5), count_include_pad=False,
                                         divisor_override=0, **_PADDED),
                                      _x(f32(rng, 1, 2, 5, 5), count_include_pad=True,
                                         divisor_override=3, **_PADDED),
                                      _x(f32(rng, 1, 1, 5, 6), count_include_pad=False,
                                         divisor_override=0, **_SAME)], _pool_ref(np.mean)),
    OpInfo("avg_pool2d_grad", lambda rng: [_s(f32(rng, 1, 2, 2, 2), input_shape=(1, 2, 3, 4),
                                              count_include_pad=True, divisor_override=0,
                                              **_POOL)]),
    OpInfo("resize_nearest", lambda rng: [_s(f32(rng, 1, 1, 2, 3), size=(4, 6),
                                             align_corners=False),
                                          _x(f32(rng, 1, 1, 3, 4), size=(5, 3),
                                             align_corners=True)],
           lambda x, *, size, align_corners: x.repeat(2, axis=2).repeat(2, axis=3)),
    OpInfo("resize_nearest_grad", lambda rng: [_s(f32(rng, 1, 1, 4, 6), shape=(1, 1, 2, 3),
                                                  align_corners=False)],
           lambda d, *, shape, align_corners: d.reshape(1, 1, 2, 2, 3, 2).sum(axis=(3, 5))),
    OpInfo("pad", lambda rng: [_s(f32(rng, 2, 3), pads=((1, 0), (0, 2)), mode="constant",
                                  value=0.5),
                               _s(f32(rng, 2, 3), pads=((1, 1),), mode="reflect", value=0.0),
                               _s(f32(rng, 3, 4), pads=((1, 2), (2, 1)), mode="symmetric",
                                  value=0.0),
                               _x(f32(rng, 3, 4), pads=((1, 1), (-1, 2)), mode="replicate",
                                  value=0.0),
                               _x(f32(rng, 3, 4), pads=((2, 1), (1, 3)), mode="circular",
                                  value=0.0)],
           lambda x, *, pads, mode, value: np.pad(
               x, ((0, 0),) * (x.ndim - len(pads)) + tuple(pads), mode=mode,
               **({"constant_values": value} if mode == "constant" else {}))),
    OpInfo("pad_grad", lambda rng: [_s(f32(rng, 3, 5), pads=((1, 0), (0, 2)), mode="constant",
                                       shape=(2, 3))],
           lambda d, *, pads, mode, shape: d[1:, :3]),
    # --- normalisation and losses ------------------------------------------------------------
    OpInfo("batch_norm", lambda rng: [_s(f32(rng, 3, 2), _pos(rng, 2), f32(rng, 2), f32(rng, 2),
                                         _pos(rng, 2), is_training=False, epsilon=1e-5),
                                      _x(f32(rng, 4, 2, 3), _pos(rng, 2), f32(rng, 2), f32(rng, 2),
                                         _pos(rng, 2), is_training=True, epsilon=1e-3)],
           lambda x, s, b, m, v, *, is_training, epsilon: (
               (x - m) / np.sqrt(v + epsilon) * s + b, m, v), rtol=1e-4, atol=1e-5,
           grad=(0, 1, 2)),
    OpInfo("batch_norm_grad", lambda rng: [_s(f32(rng, 3, 2), f32(rng, 2), f32(rng, 2),
                                              f32(rng, 3, 2), _pos(rng, 2), f32(rng, 2),
                                              _pos(rng, 2), is_training=True, epsilon=1e-5)],
           grad=(), rtol=1e-4, atol=1e-5),
    OpInfo("nll_loss", lambda rng: [_s(np.log(_softmax(f32(rng, 3, 4), 1)), np.array([1, 3, 0]),
                                       _pos(rng, 4), reduction="mean", ignore_index=-100,
                                       label_smoothing=0.0),
                                    _x(f32(rng, 3, 4), np.array([1, -100, 0]), _pos(rng, 4),
                                       reduction="none", ignore_index=-100, label_smoothing=0.1),
                                    _x(f32(rng, 3, 4), np.array([1, 3, 0]), _pos(rng, 4),
                                       reduction="mean", ignore_index=3, label_smoothing=0.2)],
           _nll_ref, grad=(0,), rtol=1e-4),
    OpInfo("nll_loss_grad", lambda rng: [_s(np.array(1.0, np.float32),
                                            np.log(_softmax(f32(rng, 3, 4), 1)),
                                            np.array([1, 3, 0]), _pos(rng, 4),
                                            np.array(2.0, np.float32), reduction="sum",
                                            ignore_index=-100, label_smoothing=0.0)],
           grad=()),
    OpInfo("bce_with_logits", lambda rng: [_s(f32(rng, 2, 3), f32(rng, 2, 3, lo=0, hi=1),
                                              _pos(rng, 3))],
           lambda x, t, pw: -(pw * t * np.log(_sigmoid(x)) + (1 - t) * np.log(1 - _sigmoid(x))),
           rtol=1e-4, grad=(0, 1)),
    OpInfo("bce_with_logits_grad", lambda rng: [_s(f32(rng, 2, 3), f32(rng, 2, 3),
                                                   f32(rng, 2, 3, lo=0, hi=1), _pos(rng, 3))],
           grad=()),
    # (as in MindSpore, the labels get a zero gradient)
    OpInfo("sigmoid_cross_entropy_with_logits",
           lambda rng: [_s(f32(rng, 2, 3), f32(rng, 2, 3, lo=0, hi=1))],
           lambda x, z: np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x))), rtol=1e-4,
           grad=(0,)),
    OpInfo("l1_distance", lambda rng: [_s(away(rng, 2, 3), np.zeros((2, 3), np.float32))],
           lambda x, y: np.abs(x - y)),
    OpInfo("l1_distance_grad", lambda rng: [_s(f32(rng, 2, 3), away(rng, 2, 3),
                                               np.zeros((2, 3), np.float32))], grad=(0,)),
    OpInfo("smooth_l1", lambda rng: [_s(away(rng, 2, 3), np.zeros((2, 3), np.float32), beta=0.5)],
           lambda x, y, *, beta: np.where(np.abs(x - y) < beta, 0.5 * (x - y) ** 2 / beta,
                                          np.abs(x - y) - 0.5 * beta)),
    OpInfo("smooth_l1_grad", lambda rng: [_s(f32(rng, 2, 3), away(rng, 2, 3),
                                             np.zeros((2, 3), np.float32), beta=0.5)]),
    OpInfo("dropout_grad", lambda rng: [_s(f32(rng, 2, 3), bools(rng, 2, 3).astype(np.float32),
                                           keep_prob=0.5)],
           lambda g, m, *, keep_prob: g * m / keep_prob, grad=(0,)),
    # --- detection ---------------------------------------------------------------------------
    OpInfo("iou", lambda rng: [_s(np.array([[0, 0, 3, 3], [1, 1, 2, 4]], np.float32),
                                  np.array([[0, 0, 1, 1]], np.float32), mode="iou")],
           lambda a, g, *, mode: np.array([[4 / 16, 1 / 11]], np.float32)),
    OpInfo("bounding_box_encode", lambda rng: [_s(
        np.array([[0, 0, 3, 3]], np.float32), np.array([[1, 1, 4, 5]], np.float32),
        means=(0.0, 0.0, 0.0, 0.0), stds=(1.0, 1.0, 1.0, 1.0))],
        lambda a, g, *, means, stds: np.array([[0.25, 0.375, 0.0, np.log(1.25)]], np.float32)),
    OpInfo("bounding_box_decode", lambda rng: [_s(
        np.array([[0, 0, 3, 3]], np.float32), np.array([[0.125, 0.25, 0.0, 0.0]], np.float32),
        means=(0.0, 0.0, 0.0, 0.0), stds=(1.0, 1.0, 1.0, 1.0), max_shape=(10, 10),
        wh_ratio_clip=0.016)],
        lambda a, d, *, means, stds, max_shape, wh_ratio_clip:
        np.array([[0.5, 1.0, 3.5, 4.0]], np.float32)),
    OpInfo("float_status", lambda rng: [_s(f32(rng, 2, 3)),
                                        _s(np.array([1.0, np.inf, 0.0], np.float32))],
           lambda x: np.array([0.0 if np.isfinite(x).all() else 1.0], np.float32)),
    OpInfo("nms_with_mask", lambda rng: [_s(np.array(
        [[0, 0, 2, 2, 0.9], [0, 0, 2, 1.9, 0.8], [3, 3, 4, 4, 0.7]], np.float32),
        iou_threshold=0.5)],
        lambda b, *, iou_threshold: (b, np.arange(3, dtype=np.int32),
                                     np.array([True, False, True]))),
    OpInfo("check_valid", lambda rng: [_s(np.array(
        [[0, 0, 199, 99], [-1, 0, 5, 5], [0, 0, 200, 99]], np.float32),
        np.array([100, 200, 1.0], np.float32))],
        lambda b, m: np.array([True, False, False])),
    # --- in-place scatters into Parameters (the value primitives; assign writes it) ----------
    OpInfo("scatter_nd_update", lambda rng: [_s(f32(rng, 3, 2), np.array([[0], [2]], np.int64),
                                                f32(rng, 2, 2))],
           lambda x, i, u: np.stack([u[0], x[1], u[1]]),
           unknown_dims="may refuse"),  # (updates must match the indices' count)
    OpInfo("scatter_add", lambda rng: [_s(f32(rng, 3, 2), np.array([0, 2, 0], np.int64),
                                          f32(rng, 3, 2))],
           lambda x, i, u: np.stack([x[0] + u[0] + u[2], x[1], x[2] + u[1]]),
           unknown_dims="may refuse"),  # (updates must match the indices' count)
    # --- primitives MindSpore's PIJit suite reaches (issue 13) -------------------------------
    OpInfo("dense", lambda rng: [_s(f32(rng, 2, 3), f32(rng, 4, 3), f32(rng, 4)),
                                 _s(f32(rng, 2, 2, 3), f32(rng, 4, 3)),
                                 _s(f32(rng, 3), f32(rng, 3), f32(rng))],
           lambda x, w, b=None: (x @ (w.T if w.ndim == 2 else w)) + (0 if b is None else b)),
    OpInfo("invert", lambda rng: [_s(ints(rng, 2, 3, lo=-4, hi=4)),
                                  _s(ints(rng, 4, hi=9).astype(np.uint8))], np.invert),
    OpInfo("inplace_add", lambda rng: [_s(f32(rng, 4, 3), f32(rng, 2, 3), indices=(0, 2)),
                                       _s(f32(rng, 3, 2), f32(rng, 2, 2), indices=(1, 1))],
           lambda x, v, *, indices: _rows_ref(x, v, indices, 1.0),
           unknown_dims="may refuse"),  # (v's first dimension must match the indices' count)
    OpInfo("inplace_sub", lambda rng: [_s(f32(rng, 4, 3), f32(rng, 2, 3), indices=(3, 0))],
           lambda x, v, *, indices: _rows_ref(x, v, indices, -1.0),
           unknown_dims="may refuse"),
    OpInfo("median", lambda rng: [_s(f32(rng, 2, 5), global_median=False, axis=1,
                                     keep_dims=False),
                                  _s(f32(rng, 4, 3), global_median=False, axis=0, keep_dims=True),
                                  _s(f32(rng, 3, 3), global_median=True, axis=0,
                                     keep_dims=False)],
           lambda x, *, global_median, axis, keep_dims: _median_ref(x, global_median, axis,
                                                                   keep_dims),
           grad=(0,)),
)


def _rows_ref(x: np.ndarray, v: np.ndarray, indices: tuple[int, ...], sign: float) -> np.ndarray:
    """`x` with the rows of `v` added (sign 1) or subtracted (-1) at rows `indices`, one by one."""
    out = x.copy()
    for row, i in enumerate(indices):
        out[i] += sign * v[row]
    return out


def _median_ref(x: np.ndarray, global_median: bool, axis: int, keep_dims: bool):
    """The lower median and its index, by a full stable sort (the index: the element that sort
    puts in the middle)."""
    if global_median:
        return np.sort(x, None)[(x.size - 1) // 2], np.int64(0)
    order = np.argsort(x, axis=axis, kind="stable")
    index = np.take(order, [(x.shape[axis] - 1) // 2], axis=axis)
    value = np.take_along_axis(x, index, axis)
    if not keep_dims:
        index, value = index.squeeze(axis), value.squeeze(axis)
    return value, index.astype(np.int64)


# primitive -> why it has no OpInfo record
EXEMPT: dict[str, str] = {
    "all_gather": "a collective: needs communication.init() and several ranks "
                  "(tests/communication runs it under mpirun)",
    "all_reduce": "a collective (tests/communication)",
    "reduce_scatter": "a collective (tests/communication)",
    "broadcast": "a collective (tests/communication)",
    "barrier": "a collective that orders effects (tests/communication)",
    "dropout": "random: its output depends on the generator (tests/ops/test_nn_ops.py)",
    "randint": "random (tests/ops/test_utility_ops.py)",
    "standard_normal": "random (tests/ops/test_utility_ops.py)",
    "uniform_real": "random (tests/ops/test_utility_ops.py)",
    "random_choice_with_mask": "random (tests/ops/test_detection_ops.py)",
}


# --- helpers of the references ---------------------------------------------------------------
def _np_key(index, arrays):
    it = iter(arrays)
    return tuple(slice(*e) if type(e) is tuple else next(it) if e == "tensor" else e
                 for e in index)


def _scatter(d, index, arrays, shape):
    z = np.zeros(shape, d.dtype)
    np.add.at(z, _np_key(index, arrays), d)
    return z


def _assigned(x, v, index, arrays):
    out = x.copy()
    out[_np_key(index, arrays)] = v
    return out


def _add_at(shape, i, d):
    z = np.zeros(shape, d.dtype)
    np.add.at(z, i, d)
    return z


def _put_along(shape, i, d, dim):
    z = np.zeros(shape, d.dtype)
    for idx in np.ndindex(*i.shape):
        target = list(idx)
        target[dim] = i[idx]
        z[tuple(target)] += d[idx]
    return z


def _max_pool_grad_sample(rng, select=False):
    x = f32(rng, 1, 1, 3, 4)
    out = _pool_ref(np.max)(x, **_POOL)
    last = f32(rng, *x.shape) if select else f32(rng, *out.shape)
    return _s(x, out, last, dilation=(1, 1), **_POOL)
