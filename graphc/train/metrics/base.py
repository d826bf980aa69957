"""`Metric`, the base of the evaluation metrics: `clear()`, `update(*inputs)`, `eval()`.

Metrics run on NumPy values (Tensors, lists and arrays are converted by `_convert_data`), so they
accumulate on the host between steps. `set_indexes([i, j])` picks which of the network's outputs
`update` receives (`rearrange_inputs` applies it); calling a metric clears, updates and evaluates.
"""

from __future__ import annotations

import functools
from abc import ABCMeta, abstractmethod
from collections.abc import Callable
from typing import Any

import numpy as np

from ...common.tensor import Tensor

EVAL_TYPES = ("classification", "multilabel")


def rearrange_inputs(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorates `update`: with `self.indexes` set, it receives only those inputs, in that
    order."""

    @functools.wraps(func)
    def wrapper(self: Metric, *inputs: Any) -> Any:
        indexes = self.indexes
        if indexes:
            inputs = tuple(inputs[i] for i in indexes)
        return func(self, *inputs)

    return wrapper


class Metric(metaclass=ABCMeta):
    """Base class of metrics: subclasses define `clear`, `update` and `eval`."""

    def __init__(self) -> None:
        self._indexes: list[int] | None = None

    def _convert_data(self, data: Any) -> np.ndarray:
        if isinstance(data, Tensor):
            return data.asnumpy()
        if isinstance(data, list):
            return np.array(data)
        if isinstance(data, np.ndarray):
            return data
        raise TypeError("For 'Metric' and its derived classes, the input data type must be tensor, "
                        f"list or numpy.ndarray, but got {type(data)}.")

    @property
    def indexes(self) -> list[int] | None:
        return getattr(self, "_indexes", None)

    def set_indexes(self, indexes: list[int]) -> Metric:
        if not isinstance(indexes, list) or not all(isinstance(i, int) for i in indexes):
            raise ValueError("For 'set_indexes', the argument 'indexes' must be a list and all its "
                             "elements must be int, please check whether it is correct.")
        self._indexes = indexes
        return self

    def __call__(self, *inputs: Any) -> Any:
        self.clear()
        self.update(*inputs)
        return self.eval()

    @abstractmethod
    def clear(self) -> None:
        """Reset the accumulated state."""

    @abstractmethod
    def update(self, *inputs: Any) -> None:
        """Accumulate one batch."""

    @abstractmethod
    def eval(self) -> Any:
        """The metric over everything accumulated since `clear`."""


class EvaluationBase(Metric):
    """A metric with an `eval_type`: 'classification' (y_pred (N, C, ...), y class indices or
    one-hot) or 'multilabel' (y_pred and y of one shape, values 0 or 1)."""

    def __init__(self, eval_type: str) -> None:
        super().__init__()
        if eval_type not in EVAL_TYPES:
            raise TypeError(f"The argument 'eval_type' must be in {set(EVAL_TYPES)}, but got "
                            f"{eval_type}")
        self._type = eval_type

    def _check_shape(self, y_pred: np.ndarray, y: np.ndarray) -> None:
        if self._type == "classification":
            if y_pred.ndim != y.ndim + 1:
                raise ValueError("In classification case, the dimension of y_pred (predicted "
                                 "value) should equal to the dimension of y (true value) add 1, "
                                 f"but got y_pred dimension: {y_pred.ndim} and y dimension: "
                                 f"{y.ndim}.")
            if y.shape != (y_pred.shape[0],) + y_pred.shape[2:]:
                raise ValueError("In classification case, y_pred (predicted value) shape and y "
                                 "(true value) shape can not match, y shape should be equal to "
                                 "y_pred shape that the value at index 1 is deleted. But got "
                                 f"y_pred shape {y_pred.shape} and y shape {y.shape}")
        elif y_pred.shape != y.shape:
            raise ValueError(f"In {self._type} case, the shape of y_pred (predicted value) should "
                             "equal to the shape of y (true value), but got y_pred shape: "
                             f"{y_pred.shape} and y shape: {y.shape}.")

    def _check_value(self, y_pred: np.ndarray, y: np.ndarray) -> None:
        if self._type != "classification" and not (np.equal(y_pred ** 2, y_pred).all()
                                                   and np.equal(y ** 2, y).all()):
            raise ValueError("In multilabel case, all elements in y_pred (predicted value) and y "
                             "(true value) should be 0 or 1.Please check whether your inputs "
                             "y_pred and y are correct.")

    def _check_class_num(self, op: str, y_pred: np.ndarray) -> int:
        if self._class_num == 0:
            self._class_num = y_pred.shape[1]
        elif y_pred.shape[1] != self._class_num:
            raise ValueError(f"For '{op}.update', class number not match, last input predicted "
                             f"data contain {self._class_num} classes, but current predicted data "
                             f"contain {y_pred.shape[1]} classes, please check your predicted "
                             "value(inputs[0]).")
        return self._class_num

    _class_num = 0


def is_onehot(data: np.ndarray) -> bool:
    """Whether `data` (N, C, ...) holds one-hot rows along axis 1."""
    if data.ndim > 1 and np.equal(data ** 2, data).all():
        shape = (data.shape[0],) + data.shape[2:]
        return bool(np.equal(np.ones(shape), data.sum(axis=1)).all())
    return False


def check_two_inputs(op: str, inputs: tuple[Any, ...]) -> None:
    if len(inputs) != 2:
        raise ValueError(f"For '{op}.update', it needs 2 inputs (predicted value, true value), but "
                         f"got {len(inputs)}.")


def no_samples(op: str) -> RuntimeError:
    return RuntimeError(f"The '{op}' can not be calculated, because the number of samples is 0, "
                        "please check whether your inputs(predicted value, true value) are empty, "
                        "or has called update method before calling eval method.")
