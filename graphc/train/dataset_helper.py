"""How `Model` reads a dataset: MindSpore's dataset protocol, or a plain iterable of batches.

A dataset with `create_tuple_iterator(num_epochs=..., output_numpy=...)` and
`get_dataset_size()` (graphc.dataset's, MindSpore's) gets one iterator for the whole run, which
ends each epoch with StopIteration and goes on with the next (so per-epoch shuffles follow the
dataset's own seed sequence); an iterator that yields nothing for a later epoch is replaced by a
new one. Anything else must be re-iterable (a list, or an object whose `__iter__` starts over)
with a `len()`. Each batch becomes a tuple of Tensors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ..common.tensor import Tensor


def dataset_size(op: str, dataset: Any) -> int:
    """The number of batches per epoch (ValueError if none, TypeError if unknowable)."""
    if hasattr(dataset, "get_dataset_size"):
        size = dataset.get_dataset_size()
    elif hasattr(dataset, "__len__"):
        size = len(dataset)
    else:
        raise TypeError(f"For '{op}', the dataset must have get_dataset_size() (a graphc.dataset "
                        f"pipeline) or be a sized iterable of batches, but got "
                        f"{type(dataset).__name__}.")
    if not isinstance(size, (int, np.integer)) or size < 0:
        raise TypeError(f"For '{op}', the dataset's size must be a non-negative int, but got "
                        f"{size!r}.")
    if size == 0:
        raise ValueError("There is no valid data in dataset, please check dataset file firstly.")
    return int(size)


def _as_tensor(value: Any) -> Any:
    if isinstance(value, (np.ndarray, np.generic)):
        return Tensor(np.asarray(value))
    return value


def as_batch(element: Any) -> tuple[Any, ...]:
    """One dataset element as the tuple of arguments of the network."""
    if isinstance(element, dict):
        element = tuple(element.values())
    if isinstance(element, (Tensor, np.ndarray)):
        element = (element,)
    if not isinstance(element, (tuple, list)):
        raise TypeError(f"A dataset element must be a tuple or list of Tensors/arrays, but got "
                        f"{type(element).__name__}.")
    return tuple(_as_tensor(v) for v in element)


class EpochReader:
    """`epoch()` yields one epoch of batches (tuples) from `dataset`, `num_epochs` times."""

    def __init__(self, dataset: Any, num_epochs: int) -> None:
        self.dataset = dataset
        self.num_epochs = num_epochs
        self._protocol = hasattr(dataset, "create_tuple_iterator")
        self._iterator: Any = None
        self._epochs_started = 0

    def _new_iterator(self, num_epochs: int) -> Any:
        return self.dataset.create_tuple_iterator(num_epochs=num_epochs, output_numpy=False)

    def epoch(self) -> Iterator[tuple[Any, ...]]:
        self._epochs_started += 1
        if not self._protocol:
            for element in self.dataset:
                yield as_batch(element)
            return
        if self._iterator is None:
            self._iterator = self._new_iterator(self.num_epochs)
        got = False
        for element in self._iterator:
            got = True
            yield as_batch(element)
        if not got and self._epochs_started > 1:
            # a one-shot iterator (it ended for good after the first epoch): start a new one
            remaining = max(self.num_epochs - self._epochs_started + 1, 1)
            self._iterator = self._new_iterator(remaining)
            for element in self._iterator:
                yield as_batch(element)
