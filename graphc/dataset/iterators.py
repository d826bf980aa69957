"""The iterators of a pipeline (`create_tuple_iterator`, `create_dict_iterator`): each epoch
is read by a background thread that keeps `dataset.config.get_prefetch_size()` rows ready, so
the consumer (a training step) does not wait on decoding and batching.

Iterating the iterator object again reads the next epoch, up to `num_epochs` (-1: no limit);
an epoch abandoned early stops its thread. Errors raised in the pipeline reach the consumer
as they were raised, from the row where they happened.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..common import Tensor
from . import config
from .datasets import Dataset, Row

_END = object()


class _Failure:
    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


class _Prefetcher:
    """One epoch of rows, read ahead by a daemon thread into a bounded queue."""

    def __init__(self, dataset: Dataset, seed: int, epoch: int, depth: int) -> None:
        self.queue: queue.Queue = queue.Queue(maxsize=depth)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._work, args=(dataset, seed, epoch),
                                       name="graphc-dataset-prefetch", daemon=True)
        self.thread.start()

    def _put(self, item: Any) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _work(self, dataset: Dataset, seed: int, epoch: int) -> None:
        try:
            for row in dataset.rows(dataset.new_run(seed, epoch)):
                if not self._put(row):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(_Failure(exc))
            return
        self._put(_END)

    def next(self) -> Row | None:
        item = self.queue.get()
        if item is _END:
            return None
        if isinstance(item, _Failure):
            self.close()
            raise item.exc
        return item

    def close(self) -> None:
        self.stop.set()


class TupleIterator:
    """Rows as lists of Tensors (or NumPy arrays with `output_numpy=True`)."""

    def __init__(self, dataset: Dataset, columns: Sequence[str] | None, num_epochs: int,
                 output_numpy: bool, do_copy: bool) -> None:
        if isinstance(num_epochs, bool) or not isinstance(num_epochs, int) or not (
                num_epochs == -1 or num_epochs >= 1):
            raise ValueError("For 'create_tuple_iterator', num_epochs must be -1 or a positive "
                             f"int, but got {num_epochs!r}.")
        if not isinstance(output_numpy, bool):
            raise TypeError("For 'create_tuple_iterator', output_numpy must be a bool, "
                            f"but got {type(output_numpy).__name__}.")
        self.dataset = dataset
        self.names = dataset.columns()
        if columns is not None:
            wanted = [columns] if isinstance(columns, str) else list(columns)
            missing = [c for c in wanted if c not in self.names]
            if missing:
                raise ValueError(f"For 'create_tuple_iterator', column {missing[0]!r} is not "
                                 f"one of the dataset's columns {self.names}.")
            self.pick: list[int] | None = [self.names.index(c) for c in wanted]
            self.names = wanted
        else:
            self.pick = None
        self.num_epochs, self.output_numpy, self.do_copy = num_epochs, output_numpy, do_copy
        self.seed = config.pipeline_seed()
        self.epoch = 0
        self.current: _Prefetcher | None = None

    def __iter__(self) -> TupleIterator:
        return self

    def __next__(self) -> Any:
        if self.current is None:
            if self.num_epochs != -1 and self.epoch >= self.num_epochs:
                raise RuntimeError(
                    "EOF buffer encountered. User tries to fetch data beyond the specified "
                    f"number of epochs ({self.num_epochs}); create the iterator with a larger "
                    "num_epochs (or -1).")
            self.current = _Prefetcher(self.dataset, self.seed, self.epoch,
                                       config.get_prefetch_size())
        row = self.current.next()
        if row is None:
            self.current = None
            self.epoch += 1
            raise StopIteration
        if self.pick is not None:
            row = tuple(row[i] for i in self.pick)
        return self._wrap(row)

    def _convert(self, value: Any) -> Any:
        arr = np.asarray(value)
        if self.output_numpy or arr.dtype.kind in "USO":
            return arr.copy() if self.do_copy and arr is value else arr
        return Tensor(arr)

    def _wrap(self, row: Row) -> Any:
        return [self._convert(v) for v in row]

    def stop(self) -> None:
        """End the epoch being read (its thread stops)."""
        if self.current is not None:
            self.current.close()
            self.current = None

    def get_col_names(self) -> list[str]:
        return list(self.names)

    def __del__(self) -> None:
        try:
            self.stop()
        except Exception:  # interpreter shutdown
            pass


class DictIterator(TupleIterator):
    """Rows as dicts from column name to Tensor (or NumPy array)."""

    def _wrap(self, row: Row) -> Any:
        return {name: self._convert(v) for name, v in zip(self.names, row)}
