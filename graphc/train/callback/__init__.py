"""Training callbacks with MindSpore's protocol and names, plus graphc's `ProgressBar`."""

from .callback import Callback, CallbackManager, CallbackParam, RunContext
from .checkpoint import CheckpointConfig, ModelCheckpoint
from .history import History
from .lambda_callback import LambdaCallback
from .lr_scheduler import LearningRateScheduler
from .monitors import LossMonitor, ProgressBar, TimeMonitor
from .plateau import EarlyStopping, ReduceLROnPlateau

__all__ = ["Callback", "CallbackManager", "CallbackParam", "RunContext", "CheckpointConfig",
           "ModelCheckpoint", "LambdaCallback", "LossMonitor", "ProgressBar", "TimeMonitor",
           "EarlyStopping", "ReduceLROnPlateau", "History", "LearningRateScheduler"]
