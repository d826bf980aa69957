"""`Model`: MindSpore's high-level training API — `train`, `eval`, `predict`, `fit`.

`Model(network, loss_fn, optimizer, metrics, ...)` builds the training network with
`amp.build_train_network` (WithLossCell + TrainOneStepCell, or the loss-scale cell), the
evaluation network (`WithEvalCell(network, loss_fn)` returning (loss, outputs, label) unless
`eval_network` is given) and predicts with `network` itself. The training network is an
ordinary Cell: in GRAPH_MODE its step compiles once and is reused; in PYNATIVE_MODE it runs
eagerly.

Each run follows MindSpore's non-sink loop: callbacks get `on_train_begin`, then per epoch
`on_train_epoch_begin`, per step `on_train_step_begin`/`on_train_step_end` (with
`cb_params.net_outputs` the step's outputs), `on_train_epoch_end`, and `on_train_end`. A
callback's `run_context.request_stop()` ends the run after the current step. Dataset sink mode
does not exist on a CPU: `dataset_sink_mode=True` trains the same way, as MindSpore does on CPU.
"""

from __future__ import annotations

import copy
import warnings
from typing import Any

import numpy as np

from ..common.tensor import Tensor
from ..nn.cell import Cell
from ..nn.optim.optimizer import Optimizer
from ..nn.wrap import WithEvalCell, WithLossCell
from . import amp
from .callback import Callback, CallbackManager, CallbackParam, RunContext, TimeMonitor
from .callback import __all__ as _builtin_callbacks
from .dataset_helper import EpochReader, dataset_size
from .loss_scale_manager import LossScaleManager
from .metrics import Loss, Metric, get_metrics

_OLD_STAGE_NAMES = frozenset(("begin", "end", "epoch_begin", "epoch_end", "step_begin",
                              "step_end"))
_KWARGS = ("loss_scale_manager", "keep_batchnorm_fp32", "boost_config_dict", "acc_level")


def _positive_int(op: str, name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"For '{op}', the '{name}' must be an int, but got "
                        f"{type(value).__name__}.")
    if value <= 0:
        raise ValueError(f"For '{op}', the '{name}' must be a positive int, but got {value}.")
    return value


def _plain(value: Any) -> Any:
    """A NumPy floating scalar as a Python float (arrays and other values unchanged)."""
    if isinstance(value, np.floating):
        return float(value)
    return value


def _is_builtin(cb: Callback) -> bool:
    return type(cb).__name__ in _builtin_callbacks and type(cb).__module__.startswith(
        "graphc.train.callback")


def _check_custom_callbacks(callbacks: Any, mode: str) -> None:
    """Old-style stage names in a user's callback: a warning in train/eval, an error in fit
    (MindSpore's rule: fit runs both train and eval stages, which the old names would mix)."""
    items = callbacks if isinstance(callbacks, list) else [callbacks]
    for cb in items:
        if not isinstance(cb, Callback) or _is_builtin(cb):
            continue
        old = set(type(cb).__dict__) & _OLD_STAGE_NAMES
        if not old:
            continue
        msg = (f"For {type(cb).__name__} callback, {old} methods may not be supported in later "
               "version, Use methods prefixed with 'on_train' or 'on_eval' instead when using "
               "customized callbacks.")
        if mode == "fit":
            raise ValueError(msg)
        warnings.warn(msg, stacklevel=3)


class Model:
    """High-level training and evaluation of `network` (see the module docstring).

    `metrics`: a set of names ({'acc', 'loss'}) or a dict name -> Metric. `eval_indexes`
    (with `eval_network`): the positions of loss, outputs and label in its outputs.
    `amp_level` 'O0'-'O3' and `loss_scale_manager` (keyword) select mixed precision."""

    def __init__(self, network: Cell, loss_fn: Cell | None = None,
                 optimizer: Optimizer | None = None, metrics: Any = None,
                 eval_network: Cell | None = None, eval_indexes: list[int] | None = None,
                 amp_level: str = "O0", boost_level: str = "O0", **kwargs: Any) -> None:
        if not isinstance(network, Cell):
            raise TypeError(f"For 'Model', the argument 'network' must be a Cell, but got "
                            f"{type(network).__name__}.")
        for arg in kwargs:
            if arg not in _KWARGS:
                raise ValueError("The argument in 'kwargs' should be 'loss_scale_manager' or "
                                 "'keep_batchnorm_fp32' or 'boost_config_dict' or 'acc_level', but "
                                 f"got '{arg}'.")
        if loss_fn is not None and not isinstance(loss_fn, Cell):
            raise TypeError(f"For 'Model', the 'loss_fn' must be a Cell, but got "
                            f"{type(loss_fn).__name__}.")
        if optimizer is not None and not isinstance(optimizer, Optimizer):
            raise TypeError(f"For 'Model', the 'optimizer' must be an Optimizer, but got "
                            f"{type(optimizer).__name__}.")
        if optimizer is None and amp_level != "O0":
            raise ValueError("Auto mixed precision will not work because 'optimizer' is "
                             "None.Please set amp_level='O0' to disable auto mixed precision or "
                             "set 'optimizer' not be None to use auto mixed precision.")
        self._network = network
        self._loss_fn = loss_fn
        self._optimizer = optimizer
        self._amp_level = amp_level
        self._boost_level = boost_level
        self._loss_scale_manager: LossScaleManager | None = kwargs.get("loss_scale_manager")
        self._loss_scale_manager_set = "loss_scale_manager" in kwargs
        if self._loss_scale_manager is not None and optimizer is None:
            raise ValueError("The argument 'optimizer' can not be None when set "
                             "'loss_scale_manager'.")
        self._keep_bn_fp32 = kwargs.get("keep_batchnorm_fp32")
        self._metrics = metrics
        self._train_network = self._build_train_network()
        self._metric_fns: dict[str, Metric] | None = None
        self._eval_network: Cell | None = eval_network
        self._eval_indexes: list[int] | None = None
        self._build_eval_network(metrics, eval_network, eval_indexes)
        self._predict_network = network
        self._current_epoch_num = 0
        self._current_step_num = 0
        self.batch_num = -1

    # ------------------------------------------------------------------ building
    def _build_train_network(self) -> Cell:
        network = self._network
        if self._optimizer is not None:
            config: dict[str, Any] = {}
            if self._loss_scale_manager_set:
                config["loss_scale_manager"] = self._loss_scale_manager
            if self._keep_bn_fp32 is not None:
                config["keep_batchnorm_fp32"] = self._keep_bn_fp32
            return amp.build_train_network(network, self._optimizer, self._loss_fn,
                                           level=self._amp_level, boost_level=self._boost_level,
                                           **config)
        if self._loss_fn is not None:
            return WithLossCell(network, self._loss_fn)
        return network

    def _build_eval_network(self, metrics: Any, eval_network: Cell | None,
                            eval_indexes: list[int] | None) -> None:
        self._metric_fns = get_metrics(metrics)
        if not self._metric_fns:
            return
        if eval_network is not None:
            if eval_indexes is not None and not (isinstance(eval_indexes, list)
                                                 and len(eval_indexes) == 3):
                raise ValueError("The argument 'eval_indexes' must be a list or None. If "
                                 "'eval_indexes' is a list, length of it must be three. But got "
                                 f"'eval_indexes' {eval_indexes}")
            self._eval_network = eval_network
            self._eval_indexes = eval_indexes
            return
        if self._loss_fn is None:
            raise ValueError("If `metrics` is set, `eval_network` must not be None. Do not set "
                             "`metrics` if you don't want an evaluation.\nIf evaluation is "
                             "required, you need to specify `eval_network`, which will be used in "
                             "the framework to evaluate the model.\nFor the simple scenarios with "
                             "one data, one label and one logits, `eval_network` is optional, and "
                             "then you can set `eval_network` or `loss_fn`. For the latter case, "
                             "framework will automatically build an evaluation network with "
                             "`network` and `loss_fn`.")
        self._eval_network = WithEvalCell(self._network, self._loss_fn,
                                          self._amp_level in ("O2", "O3", "auto"))
        self._eval_indexes = [0, 1, 2]

    @property
    def train_network(self) -> Cell:
        return self._train_network

    @property
    def predict_network(self) -> Cell:
        return self._predict_network

    @property
    def eval_network(self) -> Cell | None:
        return self._eval_network

    # ------------------------------------------------------------------ metrics
    def _clear_metrics(self) -> None:
        for metric in (self._metric_fns or {}).values():
            metric.clear()

    def _update_metrics(self, outputs: Any) -> None:
        if isinstance(outputs, Tensor):
            outputs = (outputs,)
        if not isinstance(outputs, tuple):
            raise ValueError(f"The argument 'outputs' should be tuple, but got {type(outputs)}.")
        if self._eval_indexes is not None and len(outputs) < 3:
            raise ValueError(f"The length of 'outputs' must be >= 3, but got {len(outputs)}")
        for metric in (self._metric_fns or {}).values():
            if self._eval_indexes is None:
                metric.update(*outputs)
            elif isinstance(metric, Loss):
                metric.update(outputs[self._eval_indexes[0]])
            else:
                metric.update(outputs[self._eval_indexes[1]], outputs[self._eval_indexes[2]])

    def _get_metrics(self) -> dict[str, Any]:
        """Each metric's value; a NumPy scalar becomes a Python float, so the dict prints as
        MindSpore 2.10's does (`{'acc': 0.95}`; its NumPy 1.x float64 prints like a float)."""
        return {name: _plain(metric.eval()) for name, metric in (self._metric_fns or {}).items()}

    # ------------------------------------------------------------------ training
    def _check_train_args(self, op: str, epoch: Any, train_dataset: Any, dataset_sink_mode: Any,
                          sink_size: Any, initial_epoch: Any) -> int:
        if not isinstance(dataset_sink_mode, bool):
            raise TypeError(f"For '{op}', the 'dataset_sink_mode' must be a bool, but got "
                            f"{type(dataset_sink_mode).__name__}.")
        if not isinstance(sink_size, int) or isinstance(sink_size, bool):
            raise TypeError(f"For '{op}', the 'sink_size' must be an int, but got "
                            f"{type(sink_size).__name__}.")
        _positive_int(op, "epoch", epoch)
        if not isinstance(initial_epoch, int) or isinstance(initial_epoch, bool) \
                or initial_epoch < 0:
            raise ValueError(f"For '{op}', the 'initial_epoch' must be a non-negative int, but got "
                             f"{initial_epoch!r}.")
        if initial_epoch >= epoch:
            raise ValueError(f"For '{op}', the parameter 'epoch' must bigger than parameter "
                             f"'initial_epoch', but got the parameter 'epoch' is {epoch}, "
                             f"'initial_epoch' is {initial_epoch}.")
        size = dataset_size(op, train_dataset)
        if sink_size < -1 or sink_size == 0:
            raise ValueError(f"For '{op}', The argument 'sink_size' must be -1 or positive, but "
                             f"got {sink_size}.")
        return size

    def train(self, epoch: int, train_dataset: Any, callbacks: Any = None,
              dataset_sink_mode: bool = False, sink_size: int = -1,
              initial_epoch: int = 0) -> None:
        """Train for epochs `initial_epoch + 1 .. epoch` on `train_dataset` (each element the
        network's inputs: (data, label) when there is a loss_fn)."""
        size = self._check_train_args("Model.train", epoch, train_dataset, dataset_sink_mode,
                                      sink_size, initial_epoch)
        if callbacks:
            _check_custom_callbacks(callbacks, "train")
        self._train(epoch, train_dataset, size, callbacks, dataset_sink_mode, initial_epoch,
                    sink_size=sink_size)

    def fit(self, epoch: int, train_dataset: Any, valid_dataset: Any = None,
            valid_frequency: int | list[int] = 1, callbacks: Any = None,
            dataset_sink_mode: bool = False, valid_dataset_sink_mode: bool = False,
            sink_size: int = -1, initial_epoch: int = 0) -> None:
        """`train`, evaluating on `valid_dataset` after every `valid_frequency` epochs (or the
        epochs listed); `cb_params.metrics` and `cb_params.eval_results` (the metrics and
        'eval_loss') are set for that epoch's `on_train_epoch_end`."""
        size = self._check_train_args("Model.fit", epoch, train_dataset, dataset_sink_mode,
                                      sink_size, initial_epoch)
        if not isinstance(valid_dataset_sink_mode, bool):
            raise TypeError("For 'Model.fit', the 'valid_dataset_sink_mode' must be a bool, but "
                            f"got {type(valid_dataset_sink_mode).__name__}.")
        if isinstance(valid_frequency, int) and not isinstance(valid_frequency, bool):
            _positive_int("Model.fit", "valid_frequency", valid_frequency)
        elif not (isinstance(valid_frequency, list)
                  and all(isinstance(v, int) for v in valid_frequency)):
            raise TypeError("For 'Model.fit', the 'valid_frequency' must be an int or a list of "
                            f"ints, but got {valid_frequency!r}.")
        if valid_dataset is not None and not self._metric_fns:
            raise ValueError("For 'Model.fit', the model argument 'metrics' can not be None or "
                             "empty when 'valid_dataset' is given: set 'metrics' for the model.")
        if callbacks:
            _check_custom_callbacks(callbacks, "fit")
        self._train(epoch, train_dataset, size, callbacks, dataset_sink_mode, initial_epoch,
                    valid=(valid_dataset, valid_frequency), sink_size=sink_size)

    def _train(self, epoch: int, train_dataset: Any, size: int, callbacks: Any, sink: bool,
               initial_epoch: int, valid: tuple[Any, Any] = (None, 1),
               sink_size: int = -1) -> None:
        cb_params = CallbackParam()
        cb_params.cur_step_num = 0
        cb_params.train_network = self._train_network
        cb_params.epoch_num = epoch - initial_epoch
        # as on MindSpore's CPU: sink mode trains without sinking, every batch of each epoch,
        # but a positive sink_size is what the callbacks see as the steps per epoch
        cb_params.batch_num = sink_size if sink and sink_size > 0 else size
        self.batch_num = cb_params.batch_num
        cb_params.mode = "train"
        cb_params.loss_fn = self._loss_fn
        cb_params.optimizer = self._optimizer
        cb_params.parallel_mode = "stand_alone"
        cb_params.device_number = 1
        cb_params.train_dataset = train_dataset
        manager = CallbackManager(callbacks)
        cb_params.list_callback = manager.callbacks
        cb_params.train_dataset_element = None
        cb_params.network = self._network
        cb_params.last_save_ckpt_step = None
        cb_params.latest_ckpt_file = None
        cb_params.loss_scale_mananger = self._loss_scale_manager  # (sic: MindSpore's key)
        cb_params.initial_step = None
        cb_params.dataset_sink_mode = False
        cb_params.net_outputs = None
        with manager as list_callback:
            self._train_process(epoch, train_dataset, list_callback, cb_params, initial_epoch,
                                valid)

    def _train_process(self, epoch: int, train_dataset: Any, list_callback: CallbackManager,
                       cb_params: CallbackParam, initial_epoch: int,
                       valid: tuple[Any, Any]) -> None:
        reader = EpochReader(train_dataset, epoch - initial_epoch)
        run_context = RunContext(cb_params)
        list_callback.on_train_begin(run_context)
        for i in range(initial_epoch, epoch):
            cb_params.cur_epoch_num = i + 1
            self._current_epoch_num = i + 1
            self._current_step_num = 0
            list_callback.on_train_epoch_begin(run_context)
            for inputs in reader.epoch():
                if self._loss_fn is not None and len(inputs) != 2:
                    raise ValueError("When 'loss_fn' is not None, 'train_dataset' should return "
                                     f"two elements, but got {len(inputs)}, please check the "
                                     "number of elements returned by 'train_dataset'")
                cb_params.cur_step_num += 1
                self._current_step_num = (cb_params.cur_step_num - 1) % cb_params.batch_num + 1
                cb_params.train_dataset_element = inputs
                list_callback.on_train_step_begin(run_context)
                self._train_network.set_train(True)
                outputs = self._train_network(*inputs)
                cb_params.net_outputs = outputs
                manager = self._loss_scale_manager
                if manager is not None and manager.get_drop_overflow_update():
                    manager.update_loss_scale(bool(np.all(outputs[1].asnumpy())))
                list_callback.on_train_step_end(run_context)
                if run_context.get_stop_requested():
                    break
            self._eval_during_train(valid, cb_params, list_callback)
            list_callback.on_train_epoch_end(run_context)
            cb_params.pop("metrics", None)
            cb_params.pop("eval_results", None)
            if run_context.get_stop_requested():
                break
        list_callback.on_train_end(run_context)

    def _eval_during_train(self, valid: tuple[Any, Any], cb_params: CallbackParam,
                           list_callback: CallbackManager) -> None:
        valid_dataset, frequency = valid
        if valid_dataset is None:
            return
        epoch = cb_params.cur_epoch_num
        due = epoch % frequency == 0 if isinstance(frequency, int) else epoch in frequency
        if not due:
            return
        saved = {k: cb_params[k] for k in ("cur_step_num", "batch_num", "dataset_sink_mode",
                                           "net_outputs")}
        # the user's own callbacks and TimeMonitor see the evaluation; the other built-in
        # ones (LossMonitor, ModelCheckpoint, ...) are training-only
        eval_callbacks = [cb for cb in list_callback.callbacks
                          if not _is_builtin(cb) or isinstance(cb, TimeMonitor)]
        self._eval_with(valid_dataset, eval_callbacks, cb_params, add_eval_loss=True)
        cb_params.mode = "train"
        cb_params.update(saved)

    # ------------------------------------------------------------------ evaluation
    def eval(self, valid_dataset: Any, callbacks: Any = None,
             dataset_sink_mode: bool = False) -> dict[str, Any]:
        """The metrics of the model on `valid_dataset`, as a dict name -> value."""
        if not isinstance(dataset_sink_mode, bool):
            raise TypeError(f"For 'Model.eval', the 'dataset_sink_mode' must be a bool, but got "
                            f"{type(dataset_sink_mode).__name__}.")
        if not self._metric_fns:
            raise ValueError("For Model.eval, the model argument 'metrics' can not be None or "
                             "empty, you should set the argument 'metrics' for model.")
        if callbacks:
            _check_custom_callbacks(callbacks, "eval")
        cb_params = CallbackParam()
        cb_params.network = self._network
        return self._eval_with(valid_dataset, callbacks, cb_params)

    def _eval_with(self, valid_dataset: Any, callbacks: Any, cb_params: CallbackParam,
                   add_eval_loss: bool = False) -> dict[str, Any]:
        cb_params.eval_network = self._eval_network
        cb_params.valid_dataset = valid_dataset
        cb_params.batch_num = dataset_size("Model.eval", valid_dataset)
        cb_params.mode = "eval"
        cb_params.cur_step_num = 0
        cb_params.dataset_sink_mode = False
        manager = CallbackManager(callbacks)
        cb_params.list_callback = manager.callbacks
        self._clear_metrics()
        eval_loss: Loss | None = None
        network = self._eval_network
        assert network is not None  # _metric_fns implies an eval network
        with manager as list_callback:
            run_context = RunContext(cb_params)
            list_callback.on_eval_begin(run_context)
            list_callback.on_eval_epoch_begin(run_context)
            for inputs in EpochReader(valid_dataset, 1).epoch():
                cb_params.cur_step_num += 1
                cb_params.eval_dataset_element = inputs
                list_callback.on_eval_step_begin(run_context)
                network.set_train(False)
                outputs = network(*inputs)
                cb_params.net_outputs = outputs
                list_callback.on_eval_step_end(run_context)
                self._update_metrics(outputs)
                if add_eval_loss:  # MindSpore 2.10 starts a new Loss each step: fit's
                    eval_loss = Loss()  # 'eval_loss' is the last step's loss
                    index = self._eval_indexes[0] if self._eval_indexes else 0
                    eval_loss.update(outputs[index] if isinstance(outputs, tuple) else outputs)
                if run_context.get_stop_requested():
                    break
            list_callback.on_eval_epoch_end(run_context)
            metrics = self._get_metrics()
            cb_params.metrics = metrics
            if eval_loss is not None:
                cb_params.eval_results = copy.deepcopy(metrics)
                cb_params.eval_results["eval_loss"] = eval_loss.eval()
            list_callback.on_eval_end(run_context)
        return metrics

    # ------------------------------------------------------------------ prediction
    def predict(self, *predict_data: Any, backend: str | None = None, config: Any = None) -> Any:
        """`network(*predict_data)` in evaluation mode (Dropout off, BatchNorm statistics
        used)."""
        if backend not in ("lite", None):
            raise ValueError(f"For Model.predict, `backend` should be 'lite' or None, but got "
                             f"{backend}")
        for item in predict_data:
            if not isinstance(item, (Tensor, int, float, str, list, tuple, type(None))):
                raise TypeError(f"For 'Model.predict', the inputs must be Tensors (or lists, "
                                f"tuples, numbers), but got {type(item).__name__}.")
        self._predict_network.set_train(False)
        result = self._predict_network(*predict_data)
        return result


__all__ = ["Model"]
