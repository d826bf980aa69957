"""`LearningRateScheduler(fn)`: after each training step, sets the optimiser's (fixed)
learning rate to `fn(lr, cur_step_num)` when that differs from the current one. The current
rate is read as MindSpore reads it, through its printed form (float32 0.1 reads as 0.1)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ...common.parameter import Parameter
from ...common.tensor import Tensor
from .callback import Callback, RunContext


class LearningRateScheduler(Callback):
    def __init__(self, learning_rate_function: Callable[[float, int], float]) -> None:
        super().__init__()
        if not callable(learning_rate_function):
            raise TypeError("For 'LearningRateScheduler', the 'learning_rate_function' must be "
                            f"callable, but got {type(learning_rate_function).__name__}.")
        self.learning_rate_function = learning_rate_function

    def step_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        lr_param = cb_params.optimizer.learning_rate
        if not isinstance(lr_param, Parameter):
            raise ValueError("LearningRateScheduler needs an optimizer with a fixed learning rate "
                             "(a float); a dynamic or per-group learning rate cannot be set.")
        lr = float(np.array2string(lr_param.asnumpy()))
        new_lr = self.learning_rate_function(lr, cb_params.cur_step_num)
        if not math.isclose(lr, new_lr, rel_tol=1e-10):
            lr_param.set_data(Tensor(np.array(new_lr, np.float32)))
