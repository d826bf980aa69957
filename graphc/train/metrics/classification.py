"""Per-class metrics: `Precision`, `Recall`, `Fbeta`/`F1` and `ConfusionMatrix`.

Precision and recall return one value per class (`eval(average=True)`: their mean); counts are
one-hot sums, and the denominators get `sys.float_info.min` so an absent class gives 0, not NaN.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from .base import EvaluationBase, Metric, check_two_inputs, is_onehot, rearrange_inputs

_EPS = sys.float_info.min


def _check_average(op: str, average: Any) -> None:
    if not isinstance(average, bool):
        raise TypeError(f"For '{op}', the 'average' must be a bool, but got "
                        f"{type(average).__name__}.")


def _not_updated(op: str) -> RuntimeError:
    return RuntimeError(f"The '{op}' can not be calculated, because the number of samples is 0, "
                        "please check whether your inputs (predicted value, true value) are empty, "
                        "or has called update method before calling eval method.")


class _PerClass(EvaluationBase):
    """Precision and Recall: `_count(y_pred, y)` is the per-class denominator."""

    def __init__(self, eval_type: str = "classification") -> None:
        super().__init__(eval_type)
        self.eps = _EPS
        self.clear()

    def clear(self) -> None:
        self._class_num = 0
        if self._type == "multilabel":
            self._true_positives: Any = np.empty(0)
            self._counts: Any = np.empty(0)
            self._true_positives_average: Any = 0
            self._counts_average: Any = 0
        else:
            self._true_positives = 0
            self._counts = 0

    def _count(self, y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        op = type(self).__name__
        check_two_inputs(op, inputs)
        y_pred = self._convert_data(inputs[0])
        y = self._convert_data(inputs[1])
        if self._type == "classification" and y_pred.ndim == y.ndim and is_onehot(y):
            y = y.argmax(axis=1)
        self._check_shape(y_pred, y)
        self._check_value(y_pred, y)
        classes = self._check_class_num(op, y_pred)
        if self._type == "classification":
            if y.max() + 1 > classes:
                raise ValueError(f"For '{op}.update', predicted value (input[0]) should have the "
                                 "same classes number as true value (input[1]), but got predicted "
                                 f"value classes {classes}, true value classes {y.max() + 1}.")
            y = np.eye(classes)[y.reshape(-1)]
            y_pred = np.eye(classes)[y_pred.argmax(axis=1).reshape(-1)]
        else:
            y_pred = y_pred.swapaxes(1, 0).reshape(classes, -1)
            y = y.swapaxes(1, 0).reshape(classes, -1)
        counts = self._count(y_pred, y)
        true_positives = (y * y_pred).sum(axis=0)
        if self._type == "multilabel":
            self._true_positives_average += np.sum(true_positives / (counts + self.eps))
            self._counts_average += len(counts)
            self._true_positives = np.concatenate((self._true_positives, true_positives), axis=0)
            self._counts = np.concatenate((self._counts, counts), axis=0)
        else:
            self._true_positives += true_positives
            self._counts += counts

    def eval(self, average: bool = False) -> Any:
        op = type(self).__name__
        if self._class_num == 0:
            raise _not_updated(op)
        _check_average(op, average)
        result = self._true_positives / (self._counts + self.eps)
        if average:
            if self._type == "multilabel":
                result = self._true_positives_average / (self._counts_average + self.eps)
            return result.mean()
        return result


class Precision(_PerClass):
    """Per class: true positives / predicted positives."""

    def _count(self, y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
        return y_pred.sum(axis=0)


class Recall(_PerClass):
    """Per class: true positives / actual positives."""

    def _count(self, y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
        return y.sum(axis=0)


class Fbeta(Metric):
    """Per class: (1 + beta^2) tp / (beta^2 (tp + fn) + tp + fp)."""

    def __init__(self, beta: float) -> None:
        super().__init__()
        self.eps = _EPS
        if not beta > 0:
            raise ValueError(f"For 'Fbeta', the argument 'beta' must be greater than 0, but got "
                             f"{beta}.")
        self.beta = beta
        self.clear()

    def clear(self) -> None:
        self._true_positives: Any = 0
        self._actual_positives: Any = 0
        self._positives: Any = 0
        self._class_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        check_two_inputs("Fbeta", inputs)
        y_pred = self._convert_data(inputs[0])
        y = self._convert_data(inputs[1])
        if y_pred.ndim == y.ndim and is_onehot(y):
            y = y.argmax(axis=1)
        if self._class_num == 0:
            self._class_num = y_pred.shape[1]
        elif y_pred.shape[1] != self._class_num:
            raise ValueError("For 'Fbeta.update', class number not match, last input predicted "
                             f"data contain {self._class_num} classes, but current predicted data "
                             f"contain {y_pred.shape[1]} classes, please check your predicted "
                             "value(inputs[0]).")
        classes = self._class_num
        if y.max() + 1 > classes:
            raise ValueError("For 'Fbeta.update', predicted value(inputs[0]) and true "
                             "value(inputs[1]) should contain same classes, but got predicted "
                             f"value contains {classes} classes and true value contains "
                             f"{y.max() + 1} classes.")
        y = np.eye(classes)[y.reshape(-1)]
        y_pred = np.eye(classes)[y_pred.argmax(axis=1).reshape(-1)]
        self._true_positives += (y * y_pred).sum(axis=0)
        self._positives += y_pred.sum(axis=0)
        self._actual_positives += y.sum(axis=0)

    def eval(self, average: bool = False) -> Any:
        _check_average(type(self).__name__, average)
        if self._class_num == 0:
            raise _not_updated("Fbeta")
        b2 = self.beta ** 2
        fbeta = (1.0 + b2) * self._true_positives / (b2 * self._actual_positives + self._positives
                                                     + self.eps)
        return fbeta.mean() if average else fbeta


class F1(Fbeta):
    def __init__(self) -> None:
        super().__init__(1.0)


_NORMALIZE = ("target", "prediction", "all", "no_norm")


class ConfusionMatrix(Metric):
    """`num_classes` x `num_classes` counts (row: true class, column: predicted), normalised over
    rows ('target'), columns ('prediction'), everything ('all') or not ('no_norm'). Float
    predictions of y's shape are thresholded at `threshold`."""

    def __init__(self, num_classes: int, normalize: str = "no_norm",
                 threshold: float = 0.5) -> None:
        super().__init__()
        if not isinstance(num_classes, int) or isinstance(num_classes, bool):
            raise TypeError(f"For 'ConfusionMatrix', the 'num_classes' must be an int, but got "
                            f"{type(num_classes).__name__}.")
        if normalize not in _NORMALIZE:
            raise ValueError("For 'ConfusionMatrix', the argument 'normalize' must be in ['all', "
                             f"'prediction', 'label', 'no_norm'(None)], but got {normalize}.")
        if not isinstance(threshold, float):
            raise TypeError(f"For 'ConfusionMatrix', the 'threshold' must be a float, but got "
                            f"{type(threshold).__name__}.")
        self.num_classes = num_classes
        self.normalize = normalize
        self.threshold = threshold
        self.clear()

    def clear(self) -> None:
        self.confusion_matrix = np.zeros((self.num_classes, self.num_classes))
        self._is_update = False

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        check_two_inputs("ConfusionMatrix", inputs)
        y_pred = self._convert_data(inputs[0])
        y = self._convert_data(inputs[1])
        if y_pred.ndim not in (y.ndim, y.ndim + 1):
            raise ValueError("For 'ConfusionMatrix.update', predicted value (input[0]) and true "
                             "value (input[1]) should have same dimensions, or the dimension of "
                             "predicted value equals the dimension of true value add 1, but got "
                             f"predicted value ndim: {y_pred.ndim}, true value ndim: {y.ndim}.")
        if y_pred.ndim == y.ndim + 1:
            y_pred = np.argmax(y_pred, axis=1)
        if y_pred.ndim == y.ndim and y_pred.dtype in (np.float16, np.float32, np.float64):
            y_pred = (y_pred >= self.threshold).astype(int)
        n = self.num_classes
        cells = (y.reshape(-1) * n + y_pred.reshape(-1)).astype(int)
        self.confusion_matrix += np.bincount(cells, minlength=n ** 2).reshape(n, n)
        self._is_update = True

    def eval(self) -> np.ndarray:
        if not self._is_update:
            raise RuntimeError("Please call the 'update' method before calling 'eval' method.")
        counts = self.confusion_matrix.astype(float)
        if self.normalize == "no_norm":
            return counts
        with np.errstate(divide="ignore", invalid="ignore"):
            matrix = {"target": lambda: counts / counts.sum(axis=1, keepdims=True),
                      "prediction": lambda: counts / counts.sum(axis=0, keepdims=True),
                      "all": lambda: counts / counts.sum()}[self.normalize]()
        matrix[np.isnan(matrix)] = 0
        return matrix
