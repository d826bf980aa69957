"""Callbacks that watch a monitored value at the end of each training epoch: `EarlyStopping`
(stop when it stops improving) and `ReduceLROnPlateau` (scale the learning rate down).

The value is the step loss ('loss') or an entry of `fit`'s evaluation results ('eval_loss' or
a metric name). 'mode' auto makes losses and errors smaller-is-better, everything else
larger-is-better."""

from __future__ import annotations

import copy
import warnings
from typing import Any

import numpy as np

from ...common.parameter import Parameter
from ...common.tensor import Tensor
from ..serialization import load_param_into_net
from .callback import Callback, RunContext, handle_loss

SMALLER_IS_BETTER = frozenset(("hausdorff_distance", "mae", "mse", "loss", "perplexity",
                               "mean_surface_distance", "root_mean_square_distance", "eval_loss"))


def _check(op: str, name: str, value: Any, types: tuple[type, ...]) -> Any:
    if not isinstance(value, types) or isinstance(value, bool) and bool not in types:
        raise TypeError(f"For '{op}', the '{name}' must be {' or '.join(t.__name__ for t in types)}"
                        f", but got {type(value).__name__}.")
    return value


def _non_negative(op: str, name: str, value: Any) -> int:
    _check(op, name, value, (int,))
    if value < 0:
        raise ValueError(f"For '{op}', the '{name}' must be >= 0, but got {value}.")
    return value


class _Watcher(Callback):
    def _init_watch(self, op: str, monitor: str, mode: str, min_delta: Any) -> None:
        self.monitor = _check(op, "monitor", monitor, (str,))
        self.mode = _check(op, "mode", mode, (str,))
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"mode should be 'auto', 'min' or 'max', but got {mode}.")
        self.min_delta = abs(_check(op, "min_delta", min_delta, (float, int)))
        self._reset_best()

    @property
    def _smaller(self) -> bool:
        return self.mode == "min" or (self.mode == "auto" and self.monitor in SMALLER_IS_BETTER)

    def _reset_best(self) -> None:
        self.best = np.inf if self._smaller else -np.inf

    def is_improvement(self, a: Any, b: Any) -> Any:
        if self._smaller:
            return np.less(a, b - self.min_delta)
        return np.greater(a, b + self.min_delta)

    def _monitor_value(self, cb_params: Any, what: str) -> Any:
        candidates: dict[str, Any] = {}
        if self.monitor == "loss":
            value = handle_loss(cb_params.get("net_outputs"))
            if isinstance(value, Tensor):
                value = value.asnumpy()
        else:
            candidates = cb_params.get("eval_results", {})
            value = candidates.get(self.monitor)
        if value is None:
            warnings.warn(f"{what} is conditioned on {self.monitor}, which is not available. "
                          f"Available choices are: {set(['loss'] + list(candidates))}",
                          stacklevel=3)
        if isinstance(value, np.ndarray) and value.shape != ():
            raise ValueError(f"{type(self).__name__} only supports scalar monitor now.")
        return np.array(value) if value else None


class EarlyStopping(_Watcher):
    """Stops training when the monitored value has not improved by `min_delta` for
    `patience` epochs (`baseline`: it must also beat this); `restore_best_weights` loads the
    best epoch's weights back when it stops."""

    def __init__(self, monitor: str = "eval_loss", min_delta: float = 0, patience: int = 0,
                 verbose: bool = False, mode: str = "auto", baseline: float | None = None,
                 restore_best_weights: bool = False) -> None:
        super().__init__()
        self._init_watch("EarlyStopping", monitor, mode, min_delta)
        self.patience = _non_negative("EarlyStopping", "patience", patience)
        self.verbose = _check("EarlyStopping", "verbose", verbose, (bool,))
        self.baseline = baseline
        self.restore_best_weights = _check("EarlyStopping", "restore_best_weights",
                                           restore_best_weights, (bool,))
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights_param_dict: dict[str, Parameter] | None = None

    def on_train_begin(self, run_context: RunContext) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self._reset_best()
        self.best_weights_param_dict = None

    def on_train_epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        current = self._monitor_value(cb_params, "Early stopping")
        if current is None:
            return
        network = cb_params.train_network
        if self.restore_best_weights and self.best_weights_param_dict is None:
            self.best_weights_param_dict = copy.deepcopy(dict(network.parameters_dict()))
        self.wait += 1
        if self.is_improvement(current, self.best):
            self.best = current
            if self.restore_best_weights:
                self.best_weights_param_dict = copy.deepcopy(dict(network.parameters_dict()))
            if self.baseline is None or self.is_improvement(current, self.baseline):
                self.wait = 0
        if self.wait >= self.patience:
            self.stopped_epoch = cb_params.get("cur_epoch_num")
            run_context.request_stop()
            if self.restore_best_weights and self.best_weights_param_dict is not None:
                if self.verbose:
                    print("Restoring model weights from the end of the best epoch.")
                load_param_into_net(network, self.best_weights_param_dict)

    def on_train_end(self, run_context: RunContext) -> None:
        if self.stopped_epoch > 0 and self.verbose:
            print(f"Epoch {int(self.stopped_epoch):05d}: early stopping")


class ReduceLROnPlateau(_Watcher):
    """Multiplies the optimiser's learning rate by `factor` (not below `min_lr`) when the
    monitored value has not improved for `patience` epochs, then waits `cooldown` epochs.
    Needs a fixed learning rate (a Parameter), as in MindSpore."""

    def __init__(self, monitor: str = "eval_loss", factor: float = 0.1, patience: int = 10,
                 verbose: bool = False, mode: str = "auto", min_delta: float = 1e-4,
                 cooldown: int = 0, min_lr: float = 0) -> None:
        super().__init__()
        self._init_watch("ReduceLROnPlateau", monitor, mode, min_delta)
        _check("ReduceLROnPlateau", "factor", factor, (float,))
        if not 0.0 < factor < 1.0:
            raise ValueError(f"For 'ReduceLROnPlateau', the 'factor' must be in range (0.0, 1.0), "
                             f"but got {factor}.")
        self.factor = factor
        self.patience = _non_negative("ReduceLROnPlateau", "patience", patience)
        self.verbose = _check("ReduceLROnPlateau", "verbose", verbose, (bool,))
        self.cooldown = _non_negative("ReduceLROnPlateau", "cooldown", cooldown)
        self.min_lr = _check("ReduceLROnPlateau", "min_lr", min_lr, (float, int))
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, run_context: RunContext) -> None:
        self.cooldown_counter = 0
        self.wait = 0
        self._reset_best()

    def on_train_epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        lr = cb_params.optimizer.learning_rate
        if not isinstance(lr, Parameter):
            raise ValueError("ReduceLROnPlateau does not support dynamic learning rate and group "
                             "learning rate now.")
        current = self._monitor_value(cb_params, "Learning rate reduction")
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self.is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif self.cooldown_counter <= 0:
            self.wait += 1
            if self.wait >= self.patience:
                old = float(lr.asnumpy())
                if old > self.min_lr:
                    new = Tensor(np.array(max(np.float32(old) * np.float32(self.factor),
                                              self.min_lr), np.float32))
                    lr.set_data(new)
                    if self.verbose:
                        print(f"Epoch {int(cb_params.cur_epoch_num):05d}: ReduceLROnPlateau "
                              f"reducing learning rate to {new}.")
                self.cooldown_counter = self.cooldown
                self.wait = 0
