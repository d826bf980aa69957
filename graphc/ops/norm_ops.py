"""Batch normalisation (training and inference, with in-place running statistics through
`ops.assign`) and dropout (randomness inside the primitive; its mask is an output, so the
gradient reuses the very same mask).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.context import active_tapes
from ..common.tensor import Tensor
from .activation_ops import pair_infer
from .array_ops import stop_gradient
from .conv_ops import check_nchw
from .convert import to_tensor
from .math_ops import add, mul
from .nn_common import check_float, check_rank, check_same_shape, no_higher_order
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive


def _bn_axes(ndim: int) -> tuple[int, ...]:
    return (0,) + tuple(range(2, ndim))


def bn_shape(c: int, ndim: int) -> tuple[int, ...]:
    return (1, c) + (1,) * (ndim - 2)


def _batch_norm_infer(x: TensorSpec, scale: TensorSpec, bias: TensorSpec, mean: TensorSpec,
                      variance: TensorSpec, *, is_training: bool, epsilon: float):
    op = "BatchNorm"
    check_rank(op, x, (2, 3, 4, 5), "x", "2-D to 5-D (N, C, ...)")
    check_float(op, x)
    c = x.shape[1]
    for name, spec in (("scale", scale), ("bias", bias), ("mean", mean),
                       ("variance", variance)):
        check_rank(op, spec, (1,), name, "1-D (C,)")
        check_float(op, spec, name)
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
    shape = bn_shape(x.shape[1], x.ndim)
    if is_training:
        m = xc.mean(axis=_bn_axes(x.ndim))
        v = xc.var(axis=_bn_axes(x.ndim))
    else:
        m, v = mean.astype(ct), variance.astype(ct)
    k = scale / np.sqrt(v + epsilon)
    y = (xc - m.reshape(shape)) * k.reshape(shape) + bias.reshape(shape)
    return y.astype(x.dtype, copy=False), m.astype(scale.dtype), v.astype(scale.dtype)


def _batch_norm_grad_impl(dy, dm_out, dv_out, x, scale, mean, variance, *, is_training,
                          epsilon):
    ct, x_dtype = _bn_compute_dtype(x), x.dtype
    x, dy = x.astype(ct, copy=False), dy.astype(ct, copy=False)
    axes, shape = _bn_axes(x.ndim), bn_shape(x.shape[1], x.ndim)
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
    return (dx.astype(x_dtype), dscale.astype(scale.dtype), dbias.astype(scale.dtype),
            dmean.astype(mean.dtype), dvar.astype(variance.dtype))


def _batch_norm_grad_infer(dy, dm, dv, x, scale, mean, variance, *, is_training: bool,
                           epsilon: float):
    check_same_shape("BatchNormGrad", dy, x, "'dy' and 'x'")
    _batch_norm_infer(x, scale, scale, mean, variance, is_training=is_training, epsilon=epsilon)
    return x, scale, scale, mean, variance


def _batch_norm_grad_composite(dy, dm_out, dv_out, x, scale, mean, variance, *, is_training,
                               epsilon):
    """BatchNormGrad written with differentiable ops, for when an enclosing tape records the
    backward pass (a gradient of a gradient): its derivative then comes from those ops."""
    from .math_ops import neg, reduce_sum, sqrt, sub
    from .shape_ops import cast, reshape, zeros_like
    ct = mstype.from_numpy(np.result_type(x.dtype.np_dtype, np.float32))
    axes, shape = _bn_axes(x.ndim), bn_shape(x.shape[1], x.ndim)
    count = math.prod(x.shape) // x.shape[1]
    xs, dys = cast(x, ct), cast(dy, ct)
    if is_training:
        m = mul(reduce_sum(xs, axes), 1.0 / count)
        xc = sub(xs, reshape(m, shape))
        v = mul(reduce_sum(mul(xc, xc), axes), 1.0 / count)
    else:
        m, v = cast(mean, ct), cast(variance, ct)
        xc = sub(xs, reshape(m, shape))
    rstd = _reciprocal(sqrt(add(v, epsilon)))
    xhat = mul(xc, reshape(rstd, shape))
    dbias = reduce_sum(dys, axes)
    dscale = reduce_sum(mul(dys, xhat), axes)
    k = reshape(mul(cast(scale, ct), rstd), shape)
    if is_training:
        dx = mul(mul(k, 1.0 / count), sub(sub(mul(dys, float(count)), reshape(dbias, shape)),
                                          mul(xhat, reshape(dscale, shape))))
        dx = add(dx, mul(add(reshape(cast(dm_out, ct), shape),
                             mul(mul(reshape(cast(dv_out, ct), shape), 2.0), xc)), 1.0 / count))
        dmean, dvar = zeros_like(mean), zeros_like(variance)
    else:
        dx = mul(dys, k)
        dmean = add(neg(mul(mul(dbias, cast(scale, ct)), rstd)), cast(dm_out, ct))
        dvar = add(mul(mul(mul(reduce_sum(mul(dys, xc), axes), -0.5), cast(scale, ct)),
                       mul(mul(rstd, rstd), rstd)), cast(dv_out, ct))
        dmean, dvar = cast(dmean, mean.dtype), cast(dvar, variance.dtype)
    return (cast(dx, x.dtype), cast(dscale, scale.dtype), cast(dbias, scale.dtype), dmean,
            dvar)


def _reciprocal(t):
    from .math_ops import div
    return div(1.0, t)


def _batch_norm_bprop(x, scale, bias, mean, variance, out, dout, *, is_training, epsilon):
    grad = _batch_norm_grad_composite if active_tapes.get() else \
        lambda *a, **k: apply(BATCH_NORM_GRAD, *a, **k)
    dx, dscale, dbias, dmean, dvar = grad(
        dout[0], dout[1], dout[2], x, scale, mean, variance,
        is_training=is_training, epsilon=epsilon)
    if is_training:  # y does not depend on the running statistics
        return dx, dscale, dbias, None, None
    return dx, dscale, dbias, dmean, dvar


BATCH_NORM = primitive("batch_norm", _batch_norm_impl, _batch_norm_infer, _batch_norm_bprop,
                       num_outputs=3)


BATCH_NORM_GRAD = primitive("batch_norm_grad", _batch_norm_grad_impl, _batch_norm_grad_infer,
                            no_higher_order("BatchNormGrad"), num_outputs=5)


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
        check_nchw("BatchNorm", data_format)
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


def _dropout_impl(x: np.ndarray, *, keep_prob: float):
    from ..common.context import rng
    if keep_prob >= 1.0:
        return x, np.ones_like(x)
    mask = (rng().random(x.shape) < keep_prob).astype(x.dtype)
    scale = x.dtype.type(1.0 / keep_prob) if keep_prob > 0 else x.dtype.type(0)
    return x * mask * scale, mask


def _dropout_infer(x: TensorSpec, *, keep_prob: float):
    check_float("Dropout", x)
    return x, x


def _dropout_grad_impl(dout: np.ndarray, mask: np.ndarray, *, keep_prob: float) -> np.ndarray:
    return dout * mask * (dout.dtype.type(1.0 / keep_prob) if keep_prob > 0 else 0)


DROPOUT = primitive(
    "dropout", _dropout_impl, _dropout_infer,
    lambda x, out, dout, *, keep_prob: (apply(DROPOUT_GRAD, dout[0], out[1],
                                              keep_prob=keep_prob),),
    num_outputs=2, effects=frozenset({"random"}))


DROPOUT_GRAD = primitive(
    "dropout_grad", _dropout_grad_impl, pair_infer("DropoutGrad"),
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
