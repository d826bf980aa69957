"""`History`: records each training epoch's last network output (its mean) and, in `fit`, the
evaluation metrics, as lists in `history` ({'net_output': [...], 'acc': [...]}), with the epoch
numbers in `epoch['epoch']`."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...common.tensor import Tensor
from .callback import Callback, RunContext


class History(Callback):
    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[Any]] = {}
        self.epoch: dict[str, list[int]] | None = None

    def begin(self, run_context: RunContext) -> None:
        self.epoch = {"epoch": []}

    def epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        if self.epoch is None:
            self.epoch = {"epoch": []}
        self.epoch["epoch"].append(cb_params.get("cur_epoch_num", 1))
        output = cb_params.net_outputs
        if isinstance(output, (tuple, list)) and output and isinstance(output[0], Tensor):
            output = output[0]
        if isinstance(output, Tensor):
            output = np.mean(output.asnumpy())
        current = {"net_output": output, **(cb_params.get("metrics") or {})}
        for key, value in current.items():
            self.history.setdefault(key, []).append(value)
