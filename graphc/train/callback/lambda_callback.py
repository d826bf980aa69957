"""`LambdaCallback`: a callback made of functions, one per stage (each takes the RunContext)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .callback import Callback, RunContext

_STAGES = ("on_train_epoch_begin", "on_train_epoch_end", "on_train_step_begin",
           "on_train_step_end", "on_train_begin", "on_train_end", "on_eval_epoch_begin",
           "on_eval_epoch_end", "on_eval_step_begin", "on_eval_step_end", "on_eval_begin",
           "on_eval_end")


def _nothing(run_context: RunContext) -> None:
    return None


class LambdaCallback(Callback):
    """`LambdaCallback(on_train_step_end=lambda run_context: ..., ...)`; stages not given do
    nothing."""

    def __init__(self, on_train_epoch_begin: Callable[..., Any] | None = None,
                 on_train_epoch_end: Callable[..., Any] | None = None,
                 on_train_step_begin: Callable[..., Any] | None = None,
                 on_train_step_end: Callable[..., Any] | None = None,
                 on_train_begin: Callable[..., Any] | None = None,
                 on_train_end: Callable[..., Any] | None = None,
                 on_eval_epoch_begin: Callable[..., Any] | None = None,
                 on_eval_epoch_end: Callable[..., Any] | None = None,
                 on_eval_step_begin: Callable[..., Any] | None = None,
                 on_eval_step_end: Callable[..., Any] | None = None,
                 on_eval_begin: Callable[..., Any] | None = None,
                 on_eval_end: Callable[..., Any] | None = None) -> None:
        super().__init__()
        given = dict(zip(_STAGES, (on_train_epoch_begin, on_train_epoch_end, on_train_step_begin,
                                   on_train_step_end, on_train_begin, on_train_end,
                                   on_eval_epoch_begin, on_eval_epoch_end, on_eval_step_begin,
                                   on_eval_step_end, on_eval_begin, on_eval_end), strict=True))
        for stage, fn in given.items():
            if fn is not None and not callable(fn):
                raise TypeError(f"For 'LambdaCallback', the '{stage}' must be callable, but got "
                                f"{type(fn).__name__}.")
            setattr(self, stage, fn if fn is not None else _nothing)
