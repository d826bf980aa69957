"""The callback protocol of `Model.train`/`eval`/`fit`: `Callback`, `RunContext`, the
`CallbackParam` record it carries, and `CallbackManager`, which calls a list of callbacks.

A Callback's `on_train_*`/`on_eval_*` methods default to the old names (`begin`, `epoch_begin`,
`step_begin`, `step_end`, `epoch_end`, `end`), as in MindSpore, so callbacks written either way
work. Callbacks are context managers: the manager enters them for the run and exits them after.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import numpy as np

from ...common.tensor import Tensor

STAGES = ("begin", "epoch_begin", "step_begin", "step_end", "epoch_end", "end")


class Callback:
    """Base class of callbacks; override the stages you need. Each stage receives the
    RunContext, whose `original_args()` holds the run's state."""

    def __enter__(self) -> Callback:
        return self

    def __exit__(self, *err: Any) -> Any:
        return None

    # the old names (MindSpore 1.x): both train and eval stages call them
    def begin(self, run_context: RunContext) -> None:
        """Before training or evaluation."""

    def epoch_begin(self, run_context: RunContext) -> None:
        """Before each epoch."""

    def step_begin(self, run_context: RunContext) -> None:
        """Before each step."""

    def step_end(self, run_context: RunContext) -> None:
        """After each step."""

    def epoch_end(self, run_context: RunContext) -> None:
        """After each epoch."""

    def end(self, run_context: RunContext) -> None:
        """After training or evaluation."""

    def on_train_begin(self, run_context: RunContext) -> None:
        self.begin(run_context)

    def on_train_epoch_begin(self, run_context: RunContext) -> None:
        self.epoch_begin(run_context)

    def on_train_step_begin(self, run_context: RunContext) -> None:
        self.step_begin(run_context)

    def on_train_step_end(self, run_context: RunContext) -> None:
        self.step_end(run_context)

    def on_train_epoch_end(self, run_context: RunContext) -> None:
        self.epoch_end(run_context)

    def on_train_end(self, run_context: RunContext) -> None:
        self.end(run_context)

    def on_eval_begin(self, run_context: RunContext) -> None:
        self.begin(run_context)

    def on_eval_epoch_begin(self, run_context: RunContext) -> None:
        self.epoch_begin(run_context)

    def on_eval_step_begin(self, run_context: RunContext) -> None:
        self.step_begin(run_context)

    def on_eval_step_end(self, run_context: RunContext) -> None:
        self.step_end(run_context)

    def on_eval_epoch_end(self, run_context: RunContext) -> None:
        self.epoch_end(run_context)

    def on_eval_end(self, run_context: RunContext) -> None:
        self.end(run_context)


class CallbackParam(dict):
    """The run's state as a dict whose keys are also attributes (`cb_params.cur_step_num`);
    MindSpore's `_InternalCallbackParam`."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"The callback parameters have no '{key}' (they hold "
                                 f"{sorted(self)}).") from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


class RunContext:
    """What a callback receives: `original_args()` (the CallbackParam of the run) and
    `request_stop()`, which ends training after the current step."""

    def __init__(self, original_args: dict[str, Any]) -> None:
        if not isinstance(original_args, dict):
            raise TypeError("The argument 'original_args' of RunContext should be dict type, but "
                            f"got {type(original_args)}.")
        self._original_args = original_args
        self._stop_requested = False

    def original_args(self) -> Any:
        return self._original_args

    def request_stop(self) -> None:
        self._stop_requested = True

    def get_stop_requested(self) -> bool:
        return self._stop_requested


def _dispatch(name: str) -> Any:
    def call_all(self: CallbackManager, run_context: RunContext) -> None:
        for cb in self._callbacks:
            getattr(cb, name)(run_context)

    call_all.__name__ = name
    call_all.__doc__ = f"Calls `{name}` of each callback in order."
    return call_all


class CallbackManager(Callback):
    """Calls each stage of a list of callbacks in order (None, one Callback or a list)."""

    def __init__(self, callbacks: Any) -> None:
        if callbacks is None:
            found: list[Callback] = []
        elif isinstance(callbacks, Callback):
            found = [callbacks]
        elif isinstance(callbacks, list):
            if not all(isinstance(cb, Callback) for cb in callbacks):
                raise TypeError("When the 'callbacks' is a list, the elements in 'callbacks' must "
                                "be Callback functions.")
            found = list(callbacks)
        else:
            raise TypeError("The 'callbacks' is not a Callback or a list of Callback.")
        self._callbacks = found
        self._stack: ExitStack | None = None

    @property
    def callbacks(self) -> list[Callback]:
        return list(self._callbacks)

    def __enter__(self) -> CallbackManager:
        if self._stack is None:
            self._stack = ExitStack().__enter__()
            entered = []
            for cb in self._callbacks:
                target = self._stack.enter_context(cb)
                entered.append(target if isinstance(target, Callback) else cb)
            self._callbacks = entered
        return self

    def __exit__(self, *err: Any) -> Any:
        stack, self._stack = self._stack, None
        return stack.__exit__(*err) if stack is not None else None


for _stage in STAGES + tuple(f"on_{kind}_{stage}" for kind in ("train", "eval")
                             for stage in STAGES):
    setattr(CallbackManager, _stage, _dispatch(_stage))


def handle_loss(loss: Any) -> Any:
    """The loss a monitor shows: the first Tensor of a tuple, or a Tensor's mean as a float."""
    if isinstance(loss, (tuple, list)):
        if loss and isinstance(loss[0], Tensor):
            return loss[0]
        return loss
    if isinstance(loss, Tensor):
        return float(np.mean(loss.asnumpy()))
    return loss
