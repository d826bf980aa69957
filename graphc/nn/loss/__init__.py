"""MindSpore's `mindspore.nn.loss` package: the losses, defined in `loss.py` (MindSpore's
`mindspore.nn.loss.loss`, which programs import `LossBase` from)."""

from .loss import (
    CrossEntropyLoss,
    L1Loss,
    LossBase,
    MSELoss,
    SoftmaxCrossEntropyWithLogits,
)

__all__ = ["CrossEntropyLoss", "L1Loss", "LossBase", "MSELoss", "SoftmaxCrossEntropyWithLogits"]
