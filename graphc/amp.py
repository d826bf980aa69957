"""`graphc.amp` (MindSpore's `mindspore.amp`): the mixed-precision API of `graphc.train.amp`
and the loss-scale managers."""

from .train.amp import auto_mixed_precision, build_train_network
from .train.loss_scale_manager import (
    DynamicLossScaleManager,
    FixedLossScaleManager,
    LossScaleManager,
)

__all__ = ["auto_mixed_precision", "build_train_network", "LossScaleManager",
           "FixedLossScaleManager", "DynamicLossScaleManager"]
