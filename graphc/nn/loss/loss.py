"""Loss cells: LossBase (the reduction), SoftmaxCrossEntropyWithLogits, CrossEntropyLoss,
MSELoss, L1Loss.

`reduction` is 'none' (element-wise losses), 'mean' or 'sum' (a 0-d Tensor). Losses are
computed in the inputs' float dtype.
"""

from __future__ import annotations

from typing import Any

from ... import ops
from ...common import dtype as mstype
from ...common.tensor import Tensor
from ..cell import Cell
from ..layer.basic import check_tensor

_REDUCTIONS = ("mean", "sum", "none")


def _check_reduction(op: str, reduction: Any) -> str:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"For '{op}', the 'reduction' must be one of {list(_REDUCTIONS)}, but "
                         f"got {reduction!r}.")
    return reduction


class LossBase(Cell):
    """Base of the losses: `get_loss(x, weights=1.0)` weights and reduces `x`."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        self.reduction = _check_reduction(type(self).__name__, reduction)
        self.average = reduction == "mean"
        self.reduce = reduction != "none"

    def get_axis(self, x: Any) -> tuple[int, ...]:
        return tuple(range(x.ndim))

    def get_loss(self, x: Any, weights: Any = 1.0) -> Any:
        """`x * weights`, then the mean or sum over every axis (or nothing for 'none')."""
        input_dtype = x.dtype
        if not input_dtype.is_float:
            x = ops.cast(x, mstype.float32)
        if not (isinstance(weights, (int, float)) and weights == 1.0):
            x = ops.mul(x, weights)
        if self.reduce and self.average:
            x = ops.reduce_mean(x, self.get_axis(x))
        elif self.reduce:
            x = ops.reduce_sum(x, self.get_axis(x))
        return x

    def construct(self, logits: Any, labels: Any) -> Any:
        raise NotImplementedError(f"'{type(self).__name__}' must override 'construct'.")


def _check_same_shape(op: str, logits: Tensor, labels: Tensor) -> None:
    a, b = logits.shape, labels.shape
    if len(a) != len(b) or any(x is not None and y is not None and x != y
                               for x, y in zip(a, b)):
        raise ValueError(f"For '{op}', the logits and labels must have the same shape, but got "
                         f"logits {list(a)} and labels {list(b)}.")


def _check_broadcastable(op: str, logits: Tensor, labels: Tensor) -> None:
    a, b = logits.shape, labels.shape
    for x, y in zip(reversed(a), reversed(b)):
        if x is not None and y is not None and x != y and 1 not in (x, y):
            raise ValueError(f"For '{op}', the logits shape {list(a)} and labels shape {list(b)} "
                             "can not be broadcast together.")


class MSELoss(LossBase):
    """(logits - labels) ** 2, reduced."""

    def construct(self, logits: Any, labels: Any) -> Any:
        check_tensor("MSELoss", logits, what="logits")
        check_tensor("MSELoss", labels, what="labels")
        _check_broadcastable("MSELoss", logits, labels)
        diff = ops.sub(logits, labels)
        return self.get_loss(ops.mul(diff, diff))


class L1Loss(LossBase):
    """|logits - labels|, reduced."""

    def construct(self, logits: Any, labels: Any) -> Any:
        check_tensor("L1Loss", logits, what="logits")
        check_tensor("L1Loss", labels, what="labels")
        _check_broadcastable("L1Loss", logits, labels)
        return self.get_loss(ops.l1_loss(logits, labels, reduction="none"))


class SoftmaxCrossEntropyWithLogits(LossBase):
    """-sum(labels * log_softmax(logits), -1) per sample; logits (N, C).

    With `sparse=True` the labels are class indices (N,) and are one-hot encoded first.
    MindSpore's default reduction here is 'none'.
    """

    def __init__(self, sparse: bool = False, reduction: str = "none") -> None:
        super().__init__(reduction)
        if not isinstance(sparse, bool):
            raise TypeError(f"For 'SoftmaxCrossEntropyWithLogits', the 'sparse' must be a bool, "
                            f"but got {sparse!r}.")
        self.sparse = sparse

    def construct(self, logits: Any, labels: Any) -> Any:
        op = "SoftmaxCrossEntropyWithLogits"
        check_tensor(op, logits, (2,), what="logits")
        check_tensor(op, labels, what="labels")
        if self.sparse:
            n = logits.shape[0]
            if labels.ndim != 1 or (n is not None and labels.shape[0] not in (n, None)):
                raise ValueError(f"For '{op}' with sparse=True, the labels must be class "
                                 f"indices of shape [N] = {[n]}, but got {list(labels.shape)}.")
            if not labels.dtype.is_int:
                raise TypeError(f"For '{op}' with sparse=True, the labels must be an integer "
                                f"Tensor, but got {labels.dtype}.")
            x = ops.nll_loss(ops.log_softmax(logits, -1), labels, reduction="none",
                             ignore_index=-(2 ** 62))
        else:
            _check_same_shape(op, logits, labels)
            labels = ops.cast(labels, logits.dtype)
            x = ops.neg(ops.reduce_sum(ops.mul(labels, ops.log_softmax(logits, -1)), -1))
        return self.get_loss(x)


class CrossEntropyLoss(LossBase):
    """Cross entropy of logits (N, C), (N, C, d1, ...) or (C,) against class indices (an int
    Tensor without the class axis) or class probabilities (shaped like the logits).

    `weight` (C,) rescales each class; targets equal to `ignore_index` contribute nothing
    (and, with 'mean', do not count in the divisor); `label_smoothing` mixes the targets with
    the uniform distribution. This is `ops.cross_entropy` as a Cell.
    """

    def __init__(self, weight: Any = None, ignore_index: int = -100, reduction: str = "mean",
                 label_smoothing: float = 0.0) -> None:
        super().__init__(reduction)
        if weight is not None and not isinstance(weight, Tensor):
            raise TypeError(f"For 'CrossEntropyLoss', the 'weight' must be a Tensor or None, but "
                            f"got {type(weight).__name__}.")
        if not isinstance(ignore_index, int) or isinstance(ignore_index, bool):
            raise TypeError(f"For 'CrossEntropyLoss', the 'ignore_index' must be an int, but got "
                            f"{ignore_index!r}.")
        if not 0.0 <= label_smoothing <= 1.0:
            raise ValueError(f"For 'CrossEntropyLoss', the 'label_smoothing' must be in [0, 1], "
                             f"but got {label_smoothing!r}.")
        self.weight = weight
        self.ignore_index = ignore_index
        self.label_smoothing = float(label_smoothing)

    def construct(self, logits: Any, labels: Any) -> Any:
        op = "CrossEntropyLoss"
        check_tensor(op, logits, what="logits")
        check_tensor(op, labels, what="labels")
        unbatched = logits.ndim == 1
        if unbatched:
            logits = ops.reshape(logits, (1, -1))
            labels = ops.reshape(labels, (1, -1) if labels.ndim == 1 else (1,))
        out = ops.cross_entropy(logits, labels, self.weight, self.ignore_index, self.reduction,
                                self.label_smoothing)
        return ops.reshape(out, ()) if unbatched and self.reduction == "none" else out
