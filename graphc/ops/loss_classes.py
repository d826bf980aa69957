"""Loss primitives MindSpore programs call as classes: `ops.SigmoidCrossEntropyWithLogits`
and `ops.SmoothL1Loss`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.tensor import Tensor
from . import infer_rules as rules
from .activation_ops import sigmoid
from .arith_ops import mul, sub
from .convert import binary_operands
from .loss_ops import smooth_l1_loss
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive
from .shape_ops import zeros_like


def _sce_infer(x: TensorSpec, z: TensorSpec) -> TensorSpec:
    op = "SigmoidCrossEntropyWithLogits"
    rules.check_dtype(op, x, ("float",), "Float16, Float32 or Float64", "logits")
    if x.shape != z.shape and not (None in x.shape or None in z.shape):
        raise op_error(op, f"'logits' and 'label' must have the same shape, but got "
                       f"{list(x.shape)} and {list(z.shape)}.")
    return x


def _sce_impl(x: np.ndarray, z: np.ndarray) -> np.ndarray:
    # max(x, 0) - x * z + log(1 + exp(-|x|)): no overflow for any x
    return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


def _sce_bprop(x: Tensor, z: Tensor, out: Tensor, dout: Tensor):
    # MindSpore gives the labels no gradient (zeros)
    return mul(dout, sub(sigmoid(x), z)), zeros_like(z)


SIGMOID_CROSS_ENTROPY = primitive("sigmoid_cross_entropy_with_logits", _sce_impl, _sce_infer,
                                  _sce_bprop)


class SigmoidCrossEntropyWithLogits(PrimitiveOp):
    """`ops.SigmoidCrossEntropyWithLogits()(logits, label)`: the element-wise binary cross
    entropy of `label` under sigmoid(`logits`), computed stably from the logits."""

    def __call__(self, logits: Any, label: Any) -> Tensor:
        x, z = binary_operands("SigmoidCrossEntropyWithLogits", logits, label)
        return apply(SIGMOID_CROSS_ENTROPY, x, z)


class SmoothL1Loss(PrimitiveOp):
    """`ops.SmoothL1Loss(beta=1.0, reduction='none')(prediction, target)`: 0.5 * d**2 / beta
    where |d| < beta, else |d| - 0.5 * beta (d = prediction - target), reduced."""

    def __init__(self, beta: float = 1.0, reduction: str = "none") -> None:
        from .nn_common import check_reduction
        if isinstance(beta, bool) or not isinstance(beta, (int, float)):
            raise op_error("SmoothL1Loss", f"'beta' must be a float, but got {beta!r}.",
                           TypeError)
        if beta <= 0:
            raise op_error("SmoothL1Loss", f"'beta' must be positive, but got {beta!r}.")
        super().__init__(beta=float(beta), reduction=check_reduction("SmoothL1Loss", reduction))

    def __call__(self, prediction: Any, target: Any) -> Tensor:
        return smooth_l1_loss(prediction, target, self._attrs["beta"], self._attrs["reduction"])


def binary_cross_entropy(logits: Any, labels: Any, weight: Any = None,
                         reduction: str = "mean") -> Tensor:
    """Binary cross entropy of `labels` under probabilities `logits`:
    -weight * (labels * log(logits) + (1 - labels) * log(1 - logits)), with the arguments of
    the logarithms clamped to at least 1e-12 (as MindSpore does), then reduced."""
    from .arith_ops import add, log, neg
    from .compare_ops import maximum
    from .convert import to_tensor
    from .nn_common import check_reduction, reduce
    from .shape_ops import cast
    check_reduction("binary_cross_entropy", reduction)
    p = to_tensor(logits)
    y = cast(to_tensor(labels), p.dtype)
    loss = neg(add(mul(y, log(maximum(p, 1e-12))),
                   mul(sub(1.0, y), log(maximum(sub(1.0, p), 1e-12)))))
    if weight is not None:
        loss = mul(loss, cast(to_tensor(weight), p.dtype))
    return reduce(loss, reduction)
