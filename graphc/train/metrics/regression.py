"""Error metrics: `MAE` and `MSE` (summed error over the samples seen, divided by their count)
and `Loss` (the mean of the per-batch losses)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .base import Metric, check_two_inputs, no_samples, rearrange_inputs


class _Error(Metric):
    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        self._error_sum: Any = 0
        self._samples_num = 0

    def _error(self, diff: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        check_two_inputs(type(self).__name__, inputs)
        y_pred = self._convert_data(inputs[0])
        y = self._convert_data(inputs[1])
        self._error_sum += self._error(y.reshape(y_pred.shape) - y_pred).sum()
        self._samples_num += y.shape[0]

    def eval(self) -> Any:
        if self._samples_num == 0:
            raise no_samples(type(self).__name__)
        return self._error_sum / self._samples_num


class MAE(_Error):
    """Mean absolute error (per sample: the sum over its elements)."""

    def _error(self, diff: np.ndarray) -> np.ndarray:
        return np.abs(diff)


class MSE(_Error):
    """Mean squared error (per sample: the sum over its elements)."""

    def _error(self, diff: np.ndarray) -> np.ndarray:
        return np.power(diff, 2)


class Loss(Metric):
    """The mean over `update` calls of each batch's mean loss."""

    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        self._sum_loss: Any = 0
        self._total_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        if len(inputs) != 1:
            raise ValueError(f"For 'Loss.update', it needs 1 input (loss), but got {len(inputs)}")
        loss = self._convert_data(inputs[0])
        if loss.ndim == 0:
            loss = loss.reshape(1)
        if loss.ndim != 1:
            raise ValueError(f"For 'Loss.update', the dimension of your input (loss) must be 1, "
                             f"but got {loss.ndim}.")
        self._sum_loss += loss.mean(-1)
        self._total_num += 1

    def eval(self) -> Any:
        if self._total_num == 0:
            raise RuntimeError("The 'Loss' can not be calculated, because the number of samples is "
                               "0, please check whether has called update method before calling "
                               "eval method.")
        return self._sum_loss / self._total_num
