"""More loss cells: BCELoss (on probabilities), BCEWithLogitsLoss and SmoothL1Loss, with
MindSpore's arguments (`BCELoss(weight=None, reduction='mean')`,
`BCEWithLogitsLoss(reduction='mean', weight=None, pos_weight=None)`,
`SmoothL1Loss(beta=1.0, reduction='none')`)."""

from __future__ import annotations

from typing import Any

from ... import ops
from ..loss import LossBase
from .basic import check_tensor


class BCELoss(LossBase):
    """-weight * (labels * log(logits) + (1 - labels) * log(1 - logits)), the logits being
    probabilities in [0, 1]; as in MindSpore the arguments of the logarithms are clamped to at
    least 1e-12, so 0 and 1 give finite losses."""

    def __init__(self, weight: Any = None, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.weight = weight

    def construct(self, logits: Any, labels: Any) -> Any:
        check_tensor("BCELoss", logits, what="logits")
        check_tensor("BCELoss", labels, what="labels")
        if tuple(logits.shape) != tuple(labels.shape):
            raise ValueError(f"For 'BCELoss', the logits and labels must have the same shape, "
                             f"but got {list(logits.shape)} and {list(labels.shape)}.")
        labels = ops.cast(labels, logits.dtype)
        log_p = ops.log(ops.maximum(logits, 1e-12))
        log_q = ops.log(ops.maximum(ops.sub(1.0, logits), 1e-12))
        loss = ops.neg(ops.add(ops.mul(labels, log_p), ops.mul(ops.sub(1.0, labels), log_q)))
        if self.weight is not None:
            loss = ops.mul(loss, ops.cast(self.weight, logits.dtype))
        return self.get_loss(loss)


class BCEWithLogitsLoss(LossBase):
    """Binary cross entropy of `target` under sigmoid(`input`), computed from the logits;
    `pos_weight` scales the positive term, `weight` the whole loss."""

    def __init__(self, reduction: str = "mean", weight: Any = None, pos_weight: Any = None
                 ) -> None:
        super().__init__(reduction)
        self.weight = weight
        self.pos_weight = pos_weight

    def construct(self, input: Any, target: Any) -> Any:
        check_tensor("BCEWithLogitsLoss", input, what="input")
        check_tensor("BCEWithLogitsLoss", target, what="target")
        return ops.binary_cross_entropy_with_logits(input, target, self.weight, self.pos_weight,
                                                    self.reduction)


class SmoothL1Loss(LossBase):
    """0.5 * d**2 / beta where |d| < beta, else |d| - 0.5 * beta (d = logits - labels),
    reduced ('none' by default, as in MindSpore)."""

    def __init__(self, beta: float = 1.0, reduction: str = "none") -> None:
        super().__init__(reduction)
        if isinstance(beta, bool) or not isinstance(beta, (int, float)) or beta <= 0:
            raise ValueError(f"For 'SmoothL1Loss', the 'beta' must be a positive float, but got "
                             f"{beta!r}.")
        self.beta = float(beta)

    def construct(self, logits: Any, labels: Any) -> Any:
        check_tensor("SmoothL1Loss", logits, what="logits")
        check_tensor("SmoothL1Loss", labels, what="labels")
        return ops.smooth_l1_loss(logits, labels, self.beta, self.reduction)
