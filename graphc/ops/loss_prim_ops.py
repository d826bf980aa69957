"""Loss primitives MindSpore programs call as classes: `ops.L2Loss` (half the sum of
squares, a 0-d Tensor of the input's dtype) and `ops.BinaryCrossEntropy(reduction='mean')`
(the class of `ops.binary_cross_entropy`). Written with differentiable ops."""

from __future__ import annotations

from typing import Any

from ..common.tensor import Tensor
from .arith_ops import mul, square
from .convert import to_tensor
from .loss_classes import binary_cross_entropy
from .primitive import PrimitiveOp, op_error
from .reduce_ops import reduce_sum


def _l2_loss(input: Any) -> Tensor:
    return mul(reduce_sum(square(to_tensor(input))), 0.5)


class L2Loss(PrimitiveOp):
    """`ops.L2Loss()(input)`: sum(input ** 2) / 2."""

    fn = staticmethod(_l2_loss)


class BinaryCrossEntropy(PrimitiveOp):
    """`ops.BinaryCrossEntropy(reduction='mean')(logits, labels, weight=None)`: see
    `ops.binary_cross_entropy` (`logits` are probabilities)."""

    def __init__(self, reduction: str = "mean") -> None:
        if reduction not in ("none", "mean", "sum"):
            raise op_error("BinaryCrossEntropy", "'reduction' must be 'none', 'mean' or 'sum', "
                           f"but got {reduction!r}.")
        super().__init__(reduction=reduction)

    def __call__(self, logits: Any, labels: Any, weight: Any = None) -> Tensor:
        return binary_cross_entropy(logits, labels, weight, self._attrs["reduction"])
