"""Callbacks that report progress: `LossMonitor` and `TimeMonitor` (MindSpore's lines, printed
with `print`), and `ProgressBar`, graphc's own bar with the epoch's mean loss and step time."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

import numpy as np

from .callback import Callback, RunContext, handle_loss


def _non_negative_int(op: str, name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"For '{op}', the '{name}' must be a non-negative int, but got {value!r}.")
    return value


class LossMonitor(Callback):
    """Prints `epoch: E step: S, loss is L` every `per_print_times` steps (0: never) and, in
    `fit`, the evaluation results at the end of each evaluated epoch. A NaN or infinite loss is
    a ValueError that ends training."""

    def __init__(self, per_print_times: int = 1) -> None:
        super().__init__()
        self._per_print_times = _non_negative_int("LossMonitor", "per_print_times",
                                                  per_print_times)
        self._last_print_time = 0

    def step_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        epoch = cb_params.get("cur_epoch_num", 1)
        loss = handle_loss(cb_params.net_outputs)
        step_in_epoch = (cb_params.cur_step_num - 1) % cb_params.batch_num + 1
        if isinstance(loss, float) and (np.isnan(loss) or np.isinf(loss)):
            raise ValueError(f"In epoch: {epoch} step: {step_in_epoch}, loss is NAN or INF, "
                             "training process cannot continue, terminating training.")
        every = self._per_print_times
        if every and cb_params.cur_step_num <= self._last_print_time:  # a new run restarted
            self._last_print_time = 0
        if every and cb_params.cur_step_num - self._last_print_time >= every:
            self._last_print_time = cb_params.cur_step_num
            print(f"epoch: {epoch} step: {step_in_epoch}, loss is {loss}", flush=True)

    def on_train_epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        metrics = cb_params.get("metrics")
        if metrics:
            print(f"Eval result: epoch {int(cb_params.cur_epoch_num)}, metrics: {metrics}")


class TimeMonitor(Callback):
    """Prints `Train epoch time: T ms, per step time: t ms` after each epoch (`data_size`: the
    steps per epoch when the run does not say)."""

    def __init__(self, data_size: int | None = None, data_time: bool = False) -> None:
        super().__init__()
        if not isinstance(data_time, bool):
            raise TypeError(f"For 'TimeMonitor', the 'data_time' must be a bool, but got "
                            f"{type(data_time).__name__}.")
        self.data_size = data_size
        self.data_time = data_time
        self.epoch_time = time.time()
        self.data_time_sum = 0.0
        self.data_time_start = 0.0

    def epoch_begin(self, run_context: RunContext) -> None:
        self.epoch_time = time.time()
        self.data_time_sum = 0.0
        self.data_time_start = time.time()

    def on_train_step_begin(self, run_context: RunContext) -> None:
        if self.data_time:
            self.data_time_sum += time.time() - self.data_time_start

    def on_train_step_end(self, run_context: RunContext) -> None:
        if self.data_time:
            self.data_time_start = time.time()

    def epoch_end(self, run_context: RunContext) -> None:
        epoch_ms = (time.time() - self.epoch_time) * 1000
        cb_params = run_context.original_args()
        steps = self.data_size
        batch_num = cb_params.get("batch_num")
        if isinstance(batch_num, int) and batch_num > 0:
            steps = batch_num
        if not isinstance(steps, int) or isinstance(steps, bool) or steps <= 0:
            raise ValueError(f"For 'TimeMonitor', the 'data_size' must be a positive int when the "
                             f"run does not give the steps per epoch, but got {steps!r}.")
        line = (f"{cb_params.get('mode', '').title()} epoch time: {epoch_ms:5.3f} ms, per step "
                f"time: {epoch_ms / steps:5.3f} ms")
        if self.data_time:
            line += f" (data time: {self.data_time_sum * 1000 / steps:5.3f} ms)"
        print(line, flush=True)


class ProgressBar(Callback):
    """graphc's progress bar: on a terminal it is redrawn in place after every step; otherwise
    one line per epoch. The line ends with the epoch's mean loss, the mean time of a training
    step and, in `fit`, the evaluation results (scalars as `name value`):

        epoch  3/10 [########################]  45/45  loss 0.1234  acc 0.9721  5.21 ms/step
    """

    def __init__(self, out: TextIO | None = None, width: int = 24) -> None:
        super().__init__()
        self.out = out
        self.width = width
        self._losses: list[float] = []
        self._step_seconds = 0.0
        self._step_start = 0.0
        self._first_epoch: int | None = None

    def _stream(self) -> TextIO:
        return self.out if self.out is not None else sys.stdout

    def _label(self, cb_params: Any) -> str:
        first = self._first_epoch if self._first_epoch is not None else cb_params.cur_epoch_num
        total = cb_params.get("epoch_num", 1) + first - 1
        return f"epoch {cb_params.cur_epoch_num:>{len(str(total))}}/{total}"

    def _bar(self, done: int, total: int) -> str:
        filled = self.width * done // max(total, 1)
        return f"[{'#' * filled}{'.' * (self.width - filled)}] {done:3d}/{total}"

    def on_train_begin(self, run_context: RunContext) -> None:
        self._first_epoch = None

    def on_train_epoch_begin(self, run_context: RunContext) -> None:
        if self._first_epoch is None:
            self._first_epoch = run_context.original_args().cur_epoch_num
        self._losses = []
        self._step_seconds = 0.0

    def on_train_step_begin(self, run_context: RunContext) -> None:
        self._step_start = time.perf_counter()

    def on_train_step_end(self, run_context: RunContext) -> None:
        self._step_seconds += time.perf_counter() - self._step_start
        cb_params = run_context.original_args()
        loss = handle_loss(cb_params.net_outputs)
        self._losses.append(float(loss.asnumpy()) if hasattr(loss, "asnumpy") else float(loss))
        out = self._stream()
        if out.isatty():
            done = (cb_params.cur_step_num - 1) % cb_params.batch_num + 1
            out.write(f"\r{self._label(cb_params)} {self._bar(done, cb_params.batch_num)}")
            out.flush()

    def on_train_epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        out = self._stream()
        steps = len(self._losses)
        ms_per_step = self._step_seconds * 1e3 / max(steps, 1)
        line = (f"\r{self._label(cb_params)} {self._bar(steps, cb_params.batch_num)}  "
                f"loss {np.mean(self._losses) if steps else float('nan'):.4f}")
        for name, value in (cb_params.get("metrics") or {}).items():
            shown = f"{float(value):.4f}" if np.ndim(value) == 0 else str(value)
            line += f"  {name} {shown}"
        line += f"  {ms_per_step:5.2f} ms/step"
        out.write(line.lstrip("\r") if not out.isatty() else line)
        out.write("\n")
        out.flush()

    @property
    def epoch_losses(self) -> list[float]:
        """The losses of the steps of the current (or last) epoch."""
        return list(self._losses)
