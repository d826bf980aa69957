"""Where rows come from: `GeneratorDataset` (a generator function, an iterable, or a
random-access source with `__getitem__`/`__len__`) and `NumpySlicesDataset` (rows sliced from
arrays, lists, tuples or dicts), on `RandomAccessSource`, the base the file readers share:
a row count, `read(i)`, and a sampler choosing the indices (shuffle, num_samples, shards).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from ..common import dtype as mstype
from . import config
from . import samplers as smp
from .datasets import Dataset, Row, Run
from .parallel import ordered_map
from .values import as_tuple, describe_error, to_column


def column_list(where: str, names: Any) -> list[str]:
    """Column names as a list of non-empty, distinct strings."""
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, (list, tuple)) or not names or not all(
            isinstance(n, str) and n for n in names):
        raise TypeError(f"For '{where}', column_names must be a non-empty list of strings, "
                        f"but got {names!r}.")
    if len(set(names)) != len(names):
        raise ValueError(f"For '{where}', column_names must be distinct, but got {list(names)}.")
    return list(names)


class RandomAccessSource(Dataset):
    """A source whose rows can be read by index, through a sampler (MindSpore's "mappable"
    datasets). Subclasses give `length()`, `read(i)` and `columns()`."""

    where = "Dataset"

    def __init__(self, num_samples=None, shuffle=None, sampler=None, num_shards=None,
                 shard_id=None, num_parallel_workers: int | None = None) -> None:
        super().__init__()
        self.sampler = smp.build_sampler(self.where, sampler, shuffle, num_samples,
                                         num_shards, shard_id)
        self.workers = _workers(self.where, num_parallel_workers)

    def length(self) -> int:
        raise NotImplementedError

    def read(self, index: int) -> Row:
        raise NotImplementedError

    def use_sampler(self, sampler: smp.Sampler) -> None:
        self.sampler = sampler

    def size(self) -> int | None:
        return self.sampler.size(self.length())

    def rows(self, run: Run) -> Iterator[Row]:
        indices = self.sampler.indices(self.length(), run.seed, run.epoch)
        return ordered_map(self.read, (int(i) for i in indices), self.workers,
                           "graphc-read")


def _workers(where: str, num: int | None) -> int:
    """A source's reader threads (None: dataset.config's default)."""
    if num is None:
        return config.get_num_parallel_workers()
    if isinstance(num, bool) or not isinstance(num, (int, np.integer)) or num < 1:
        raise ValueError(f"For '{where}', num_parallel_workers must be a positive int, but got "
                         f"{num!r}.")
    return int(num)


def _user_error(exc: BaseException) -> RuntimeError:
    return RuntimeError("Exception thrown from user defined Python function in dataset: the "
                        f"'source' of 'GeneratorDataset' raised {describe_error(exc)}. "
                        "Fix the source (its traceback is chained below).")


class GeneratorDataset(RandomAccessSource):
    """Rows from Python: `source` is a generator function (called once per epoch), an
    iterable (iterated once per epoch), or a random-access object with `__getitem__` and
    `__len__` (read through a sampler: shuffled by default, `num_shards`/`shard_id` shards)."""

    where = "GeneratorDataset"

    def __init__(self, source: Any, column_names: str | Sequence[str] | None = None,
                 column_types: Sequence[Any] | None = None, schema: Any = None,
                 num_samples: int | None = None, num_parallel_workers: int = 1,
                 shuffle: bool | None = None, sampler: Any = None, num_shards: int | None = None,
                 shard_id: int | None = None, python_multiprocessing: bool = True,
                 max_rowsize: Any = None) -> None:
        self.random_access = hasattr(source, "__getitem__") and hasattr(source, "__len__")
        if not (self.random_access or callable(source) or hasattr(source, "__iter__")):
            raise TypeError("Input `source` function of GeneratorDataset should be callable, "
                            "iterable or random accessible, commonly it should implement one "
                            "of the method like yield, __getitem__ or __next__(__iter__).")
        if column_names is None and schema is not None:
            column_names = list(getattr(schema, "columns", schema))
        self._columns = column_list(self.where, column_names)
        self.source = source
        self.types = self._column_types(column_types)
        if self.random_access:
            super().__init__(num_samples, shuffle, sampler, num_shards, shard_id,
                             num_parallel_workers)
        else:
            if num_shards is not None or shard_id is not None:
                raise ValueError("For 'GeneratorDataset', num_shards is not supported if source "
                                 "does not have attribute '__getitem__'; give the source "
                                 "__getitem__ and __len__ to shard it.")
            if sampler is not None:
                raise ValueError("For 'GeneratorDataset', sampler is not supported if source "
                                 "does not have attribute '__getitem__'.")
            Dataset.__init__(self)
            self.sampler = None  # type: ignore[assignment]
            self.num_samples = smp.build_sampler(self.where, None, False, num_samples, None,
                                                 None).num_samples

    def _column_types(self, column_types: Sequence[Any] | None) -> list[np.dtype] | None:
        if column_types is None:
            return None
        if len(column_types) != len(self._columns):
            raise ValueError(f"For 'GeneratorDataset', column_types has {len(column_types)} "
                             f"entries but column_names has {len(self._columns)}.")
        return [mstype.to_dtype(t).np_dtype for t in column_types]

    def columns(self) -> list[str]:
        return self._columns

    def length(self) -> int:
        try:
            return len(self.source)
        except Exception as exc:
            raise _user_error(exc) from exc

    def size(self) -> int | None:
        if self.random_access:
            return super().size()
        if hasattr(self.source, "__len__") and not inspect.isgeneratorfunction(self.source):
            n = len(self.source)
            return n if self.num_samples is None else min(n, self.num_samples)
        return None

    def _convert(self, item: Any) -> Row:
        row = tuple(to_column(v) for v in as_tuple(item))
        if len(row) != len(self._columns):
            raise RuntimeError(
                "Invalid Python function, the 'source' of 'GeneratorDataset' should return "
                "same number of NumPy arrays as specified in column_names, the size of "
                f"column_names is:{len(self._columns)} and number of returned NumPy array "
                f"is:{len(row)}")
        if self.types is not None:
            row = tuple(np.asarray(v).astype(t, copy=False) for v, t in zip(row, self.types))
        return row

    def read(self, index: int) -> Row:
        try:
            item = self.source[index]
        except Exception as exc:
            raise _user_error(exc) from exc
        return self._convert(item)

    def rows(self, run: Run) -> Iterator[Row]:
        if self.random_access:
            yield from super().rows(run)
            return
        try:
            it = iter(self.source() if callable(self.source) else self.source)
        except Exception as exc:
            raise _user_error(exc) from exc
        count = 0
        while self.num_samples is None or count < self.num_samples:
            try:
                item = next(it)
            except StopIteration:
                return
            except Exception as exc:
                raise _user_error(exc) from exc
            yield self._convert(item)
            count += 1


class NumpySlicesDataset(RandomAccessSource):
    """Rows sliced along the first axis of `data`: a list or array (one column), a tuple of
    them (one column each), or a dict (its keys name the columns)."""

    where = "NumpySlicesDataset"

    def __init__(self, data: Any, column_names: str | Sequence[str] | None = None,
                 num_samples: int | None = None, num_parallel_workers: int = 1,
                 shuffle: bool | None = None, sampler: Any = None,
                 num_shards: int | None = None, shard_id: int | None = None) -> None:
        if isinstance(data, dict):
            names = list(data)
            arrays = [np.asarray(v) for v in data.values()]
        elif isinstance(data, tuple):
            arrays = [np.asarray(v) for v in data]
            names = [f"column_{i}" for i in range(len(arrays))]
        elif isinstance(data, (list, np.ndarray)):
            arrays = [np.asarray(data)]
            names = ["column_0"]
        else:
            raise TypeError("For 'NumpySlicesDataset', data must be a list, tuple, dict or "
                            f"NumPy array, but got {type(data).__name__}.")
        if column_names is not None:
            given = column_list(self.where, column_names)
            if len(given) != len(arrays):
                raise ValueError(f"For 'NumpySlicesDataset', {len(given)} column_names were "
                                 f"given for {len(arrays)} columns of data.")
            names = given
        lengths = {len(a) if a.ndim else -1 for a in arrays}
        if -1 in lengths or len(lengths) != 1:
            raise ValueError("For 'NumpySlicesDataset', every column of data must have the "
                             "same (non-zero rank) first dimension, but got shapes "
                             f"{[a.shape for a in arrays]}.")
        self.arrays, self._columns = arrays, names
        super().__init__(num_samples, shuffle, sampler, num_shards, shard_id,
                         num_parallel_workers)

    def columns(self) -> list[str]:
        return self._columns

    def length(self) -> int:
        return len(self.arrays[0])

    def read(self, index: int) -> Row:
        return tuple(a[index] if a.ndim > 1 else np.asarray(a[index]) for a in self.arrays)
