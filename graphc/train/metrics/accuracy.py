"""Accuracy metrics: `Accuracy` (classification or multilabel) and the top-k ones."""

from __future__ import annotations

from typing import Any

import numpy as np

from .base import EvaluationBase, Metric, check_two_inputs, is_onehot, no_samples, rearrange_inputs


class Accuracy(EvaluationBase):
    """The fraction of samples whose argmax (classification) or rounded labels (multilabel)
    match `y`."""

    def __init__(self, eval_type: str = "classification") -> None:
        super().__init__(eval_type)
        self.clear()

    def clear(self) -> None:
        self._correct_num = 0
        self._total_num = 0
        self._class_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        check_two_inputs("Accuracy", inputs)
        y_pred = self._convert_data(inputs[0])
        y = self._convert_data(inputs[1])
        if self._type == "classification" and y_pred.ndim == y.ndim and is_onehot(y):
            y = y.argmax(axis=1)
        self._check_shape(y_pred, y)
        self._check_value(y_pred, y)
        classes = self._check_class_num("Accuracy", y_pred)
        if self._type == "classification":
            result = (np.equal(y_pred.argmax(axis=1), y) * 1).reshape(-1)
        else:
            last = y_pred.ndim - 1
            y_pred = y_pred.swapaxes(1, last).reshape(-1, classes)
            y = y.swapaxes(1, last).reshape(-1, classes)
            result = np.equal(y_pred, y).all(axis=1) * 1
        self._correct_num += result.sum()
        self._total_num += result.shape[0]

    def eval(self) -> Any:
        if self._total_num == 0:
            raise no_samples("Accuracy")
        return self._correct_num / self._total_num


class TopKCategoricalAccuracy(Metric):
    """The fraction of samples whose label is among the k largest predictions."""

    def __init__(self, k: int) -> None:
        super().__init__()
        if not isinstance(k, int) or isinstance(k, bool):
            raise TypeError("For 'TopKCategoricalAccuracy', the type of the argument 'k' should be "
                            f"int, but got 'k' type: {type(k)}.")
        if k < 1:
            raise ValueError("For 'TopKCategoricalAccuracy', the argument 'k' must be at least 1, "
                             f"but got 'k' value: {k}.")
        self.k = k
        self.clear()

    def clear(self) -> None:
        self._correct_num = 0
        self._samples_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        check_two_inputs("TopKCategoricalAccuracy", inputs)
        y_pred = self._convert_data(inputs[0])
        y = self._convert_data(inputs[1])
        if y_pred.ndim == y.ndim and is_onehot(y):
            y = y.argmax(axis=1)
        top = np.argsort(-y_pred, axis=1)[:, :self.k]
        labels = y.reshape(-1, 1).repeat(self.k, axis=1)
        self._correct_num += np.equal(top, labels).sum(axis=1).sum()
        self._samples_num += labels.shape[0]

    def eval(self) -> Any:
        if self._samples_num == 0:
            raise no_samples("TopKCategoricalAccuracy")
        return self._correct_num / self._samples_num


class Top1CategoricalAccuracy(TopKCategoricalAccuracy):
    def __init__(self) -> None:
        super().__init__(1)


class Top5CategoricalAccuracy(TopKCategoricalAccuracy):
    def __init__(self) -> None:
        super().__init__(5)
