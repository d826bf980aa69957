"""`graphc.amp` (MindSpore's `mindspore.amp`): the mixed-precision API of `graphc.train.amp`,
the loss-scale managers and the functional loss scalers."""

from .train.amp import auto_mixed_precision, build_train_network
from .train.loss_scale_manager import (
    DynamicLossScaleManager,
    FixedLossScaleManager,
    LossScaleManager,
)
from .train.loss_scaler import DynamicLossScaler, LossScaler, StaticLossScaler, all_finite

__all__ = ["auto_mixed_precision", "build_train_network", "LossScaleManager",
           "FixedLossScaleManager", "DynamicLossScaleManager", "LossScaler", "StaticLossScaler",
           "DynamicLossScaler", "all_finite"]
