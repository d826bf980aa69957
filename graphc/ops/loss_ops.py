"""Losses: cross entropy and NLL, MSE, L1, smooth L1, binary cross entropy (with logits), KL
divergence ...: impl, infer and bprop per primitive, and the reductions.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.tensor import Tensor
from . import infer_rules as rules
from .activation_ops import keep_axis, log_softmax, sigmoid, sigmoid_np, softmax, softplus
from .array_ops import cast, reshape, stop_gradient, sum_to
from .attr_types import Reduction
from .convert import to_tensor
from .math_ops import add, mul, neg, sub
from .nn_common import check_float, check_rank, check_reduction, reduce
from .norm_ops import bn_shape
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive


def _nll_infer(logp: TensorSpec, target: TensorSpec, weight: TensorSpec, *,
               reduction: Reduction, ignore_index: int, label_smoothing: float):
    op = "NLLLoss"
    if logp.ndim < 2:
        raise op_error(op, f"'input' must be at least 2-D (N, C, ...), but got shape "
                       f"{list(logp.shape)}.")
    check_float(op, logp, "input")
    rules.check_dtype(op, target, ("int", "uint"), "an int type (class indices)", "target")
    expected = (logp.shape[0],) + logp.shape[2:]
    if target.ndim != len(expected) or any(
            None not in (a, b) and a != b for a, b in zip(target.shape, expected)):
        raise op_error(op, f"'target' of shape {list(target.shape)} must have the shape of "
                       f"'input' {list(logp.shape)} without its class axis 1, i.e. "
                       f"{list(expected)}.")
    check_rank(op, weight, (1,), "weight", "1-D (C,)")
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
        wb = weight.astype(logp.dtype).reshape(bn_shape(c, logp.ndim))
        smooth = -(logp * wb).sum(axis=1) * valid
        loss = (1 - label_smoothing) * loss + (label_smoothing / c) * smooth
    total = wt.sum(dtype=logp.dtype)
    if reduction == "none":
        return loss, total
    if reduction == "sum":
        return loss.sum(), total
    with np.errstate(invalid="ignore", divide="ignore"):
        return loss.sum() / total, total


def _nll_grad_impl(dloss, logp, target, weight, total, *, reduction: Reduction,
                   ignore_index: int, label_smoothing: float):
    valid, t, wt = _nll_parts(logp, target, weight, ignore_index)
    g = dloss if reduction == "none" else np.broadcast_to(dloss, t.shape)
    if reduction == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            g = g / total
    dlogp = np.zeros_like(logp)
    np.put_along_axis(dlogp, t[:, None], (-(1 - label_smoothing) * wt * g)[:, None], axis=1)
    if label_smoothing:
        c = logp.shape[1]
        wb = weight.astype(logp.dtype).reshape(bn_shape(c, logp.ndim))
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
    check_reduction(op, reduction)
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
        super().__init__(reduction=check_reduction("NLLLoss", reduction),
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
    check_reduction(op, reduction)
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
        prod = mul(prod, reshape(to_tensor(weight, x.dtype), bn_shape(c, x.ndim)))
    kept = keep_axis(x.shape, 1)
    return reduce(neg(_drop_axis1(prod, kept)), reduction)


def _softmax_cross_entropy(logits: Any, labels: Any) -> tuple[Tensor, Tensor]:
    op = "SoftmaxCrossEntropyWithLogits"
    x, y = to_tensor(logits), to_tensor(labels)
    check_rank(op, spec := TensorSpec(x.shape, x.dtype), (2,), "logits", "2-D (N, C)")
    check_float(op, spec, "logits")
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
    check_reduction("mse_loss", reduction)
    d = sub(input, target)
    return reduce(mul(d, d), reduction)


def _l1_grad_impl(dout, x, y):
    return dout * np.sign(x - y)


def _l1_infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
    spec = rules.elementwise("l1_loss", x, y)
    check_float("l1_loss", spec)
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
    check_reduction("l1_loss", reduction)
    return reduce(apply(L1_DISTANCE, *binary_operands("l1_loss", input, target)), reduction)


def _smooth_l1(x, y, *, beta: float):
    d = np.abs(x - y)
    return np.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta)


def _smooth_l1_grad_impl(dout, x, y, *, beta: float):
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
    check_reduction("smooth_l1_loss", reduction)
    if beta <= 0:
        raise op_error("smooth_l1_loss", f"'beta' must be positive, but got {beta!r}.")
    x, y = binary_operands("smooth_l1_loss", input, target)
    return reduce(apply(SMOOTH_L1, x, y, beta=float(beta)), reduction)


def _bce_logits_impl(x, t, pw):
    # -[pw * t * log(sigmoid(x)) + (1 - t) * log(1 - sigmoid(x))], with softplus(-x) stable
    return (1 - t) * x + (pw * t + 1 - t) * np.logaddexp(0, -x)


def _bce_logits_grad_impl(dout, x, t, pw):
    sp = np.logaddexp(0, -x)
    dx = dout * ((1 - t) - (pw * t + 1 - t) * sigmoid_np(-x))
    dt = dout * (-x + (pw - 1) * sp)
    dpw = dout * t * sp
    shape = dout.shape
    return dx, np.broadcast_to(dt, shape), np.broadcast_to(dpw, shape)


def _bce_logits_infer(x, t, pw):
    spec = rules.elementwise("binary_cross_entropy_with_logits", x, t, pw)
    check_float("binary_cross_entropy_with_logits", spec, "input")
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
    check_reduction(op, reduction)
    x = to_tensor(input)
    t = to_tensor(target, x.dtype)
    pw = (Tensor._make(np.ones((), x.dtype.np_dtype)) if pos_weight is None
          else to_tensor(pos_weight, x.dtype))
    loss = apply(BCE_WITH_LOGITS, x, t, pw)
    if weight is not None:
        loss = mul(loss, to_tensor(weight, x.dtype))
    return reduce(loss, reduction)


class BCEWithLogitsLoss(PrimitiveOp):
    """`ops.BCEWithLogitsLoss(reduction='mean')(logits, label, weight, pos_weight)`."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__(reduction=check_reduction("BCEWithLogitsLoss", reduction))

    @staticmethod
    def fn(logits: Any, label: Any, weight: Any, pos_weight: Any, *, reduction: str) -> Tensor:
        return binary_cross_entropy_with_logits(logits, label, weight, pos_weight, reduction)
