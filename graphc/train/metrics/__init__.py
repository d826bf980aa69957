"""Evaluation metrics with MindSpore's names, and `get_metric_fn`/`get_metrics` for the names
`Model(metrics={'acc', ...})` accepts."""

from __future__ import annotations

from typing import Any

from .accuracy import (
    Accuracy,
    Top1CategoricalAccuracy,
    Top5CategoricalAccuracy,
    TopKCategoricalAccuracy,
)
from .base import EvaluationBase, Metric, rearrange_inputs
from .classification import F1, ConfusionMatrix, Fbeta, Precision, Recall
from .regression import MAE, MSE, Loss

_FACTORY: dict[str, type[Metric]] = {
    "accuracy": Accuracy,
    "acc": Accuracy,
    "precision": Precision,
    "recall": Recall,
    "F1": F1,
    "topk": TopKCategoricalAccuracy,
    "top_1_accuracy": Top1CategoricalAccuracy,
    "top_5_accuracy": Top5CategoricalAccuracy,
    "mae": MAE,
    "mse": MSE,
    "loss": Loss,
    "confusion_matrix": ConfusionMatrix,
}


def names() -> list[str]:
    """The metric names `get_metric_fn` knows."""
    return sorted(_FACTORY)


def get_metric_fn(name: str, *args: Any, **kwargs: Any) -> Metric:
    """A new metric object for `name` ('acc', 'loss', 'top_5_accuracy', ...)."""
    if name not in _FACTORY:
        raise KeyError(f"For 'get_metric_fn', unsupported metric {name}, please refer to official "
                       f"website for more details about supported metrics (graphc has "
                       f"{names()}).")
    return _FACTORY[name](*args, **kwargs)


def get_metrics(metrics: Any) -> dict[str, Metric] | None:
    """`metrics` (None, a set of names, or a dict name -> Metric) as a dict name -> Metric."""
    if metrics is None:
        return None
    if isinstance(metrics, dict):
        for name, metric in metrics.items():
            if not isinstance(name, str) or not isinstance(metric, Metric):
                raise TypeError("For 'get_metrics', if 'metrics' is dict, the key in 'metrics' "
                                "must be string and value in 'metrics' must be Metric, but got "
                                f"key:{type(name)}, value:{type(metric)}.")
        return metrics
    if isinstance(metrics, set):
        return {name: get_metric_fn(name) for name in metrics}
    raise TypeError(f"For 'get_metrics', the argument 'metrics' must be None, dict or set, but got "
                    f"{metrics}")


__all__ = ["Metric", "EvaluationBase", "rearrange_inputs", "Accuracy", "TopKCategoricalAccuracy",
           "Top1CategoricalAccuracy", "Top5CategoricalAccuracy", "Precision", "Recall", "Fbeta",
           "F1", "ConfusionMatrix", "MAE", "MSE", "Loss", "get_metric_fn", "get_metrics", "names"]
