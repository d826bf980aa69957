"""Training callbacks with MindSpore's protocol and names, plus graphc's `ProgressBar`."""

from .callback import Callback, CallbackManager, CallbackParam, RunContext
from .checkpoint import CheckpointConfig, ModelCheckpoint
from .lambda_callback import LambdaCallback
from .monitors import LossMonitor, ProgressBar, TimeMonitor
from .plateau import EarlyStopping, ReduceLROnPlateau

__all__ = ["Callback", "CallbackManager", "CallbackParam", "RunContext", "CheckpointConfig",
           "ModelCheckpoint", "LambdaCallback", "LossMonitor", "ProgressBar", "TimeMonitor",
           "EarlyStopping", "ReduceLROnPlateau"]
