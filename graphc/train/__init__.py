"""graphc.train: MindSpore's training API above `nn` — `Model`, callbacks, metrics, mixed
precision (`amp`, loss-scale managers) and checkpoints in MindSpore's `.ckpt` format."""

from . import amp, callback, metrics, serialization
from .amp import build_train_network
from .callback import (
    Callback,
    CheckpointConfig,
    EarlyStopping,
    History,
    LambdaCallback,
    LearningRateScheduler,
    LossMonitor,
    ModelCheckpoint,
    ProgressBar,
    ReduceLROnPlateau,
    RunContext,
    TimeMonitor,
)
from .loss_scale_manager import DynamicLossScaleManager, FixedLossScaleManager, LossScaleManager
from .metrics import (
    F1,
    MAE,
    MSE,
    Accuracy,
    ConfusionMatrix,
    EvaluationBase,
    Fbeta,
    Loss,
    Metric,
    Precision,
    Recall,
    Top1CategoricalAccuracy,
    Top5CategoricalAccuracy,
    TopKCategoricalAccuracy,
    get_metric_fn,
    get_metrics,
    names,
    rearrange_inputs,
)
from .model import Model
from .serialization import load_checkpoint, load_param_into_net, save_checkpoint

__all__ = [
    "build_train_network",
    "Model", "Callback", "RunContext", "LossMonitor", "TimeMonitor", "ProgressBar",
    "ModelCheckpoint", "CheckpointConfig", "EarlyStopping", "ReduceLROnPlateau", "LambdaCallback",
    "History", "LearningRateScheduler",
    "LossScaleManager", "FixedLossScaleManager", "DynamicLossScaleManager",
    "Metric", "EvaluationBase", "rearrange_inputs", "Accuracy", "TopKCategoricalAccuracy",
    "Top1CategoricalAccuracy", "Top5CategoricalAccuracy", "Precision", "Recall", "Fbeta", "F1",
    "ConfusionMatrix", "MAE", "MSE", "Loss", "get_metric_fn", "get_metrics", "names",
    "save_checkpoint", "load_checkpoint", "load_param_into_net",
]
