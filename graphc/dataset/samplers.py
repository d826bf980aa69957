"""Samplers: which indices of a random-access source a pipeline reads, in which order
(MindSpore's `dataset.SequentialSampler`, `RandomSampler`, `SubsetRandomSampler`,
`SubsetSampler`, `DistributedSampler`, `WeightedRandomSampler`).

A sampler is asked, once per epoch, for `indices(n, seed, epoch)`: the positions to read from
a source of `n` rows. Random samplers draw from a generator seeded with (seed, epoch), so each
epoch has its own order and a fixed `dataset.config.set_seed` repeats them all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from . import config


def _check_num_samples(name: str, num_samples: object) -> int | None:
    if num_samples is None:
        return None
    if isinstance(num_samples, bool) or not isinstance(num_samples, (int, np.integer)):
        raise TypeError(f"For '{name}', num_samples must be an int or None, "
                        f"but got {type(num_samples).__name__}.")
    if num_samples < 0:
        raise ValueError(f"For '{name}', num_samples must be >= 0, but got {num_samples}.")
    return int(num_samples) or None  # MindSpore: 0 means all


class Sampler:
    """The base of graphc's samplers: `indices(n, seed, epoch)` gives the positions to read."""

    num_samples: int | None = None

    def indices(self, n: int, seed: int, epoch: int) -> np.ndarray:
        raise NotImplementedError

    def size(self, n: int) -> int:
        """How many rows one epoch reads from a source of `n` rows."""
        return len(self.indices(n, 0, 0))

    def get_num_samples(self) -> int | None:
        return self.num_samples

    def _limit(self, idx: np.ndarray) -> np.ndarray:
        return idx if self.num_samples is None else idx[:self.num_samples]


class SequentialSampler(Sampler):
    """Rows `start_index`, `start_index + 1`, ... in order."""

    def __init__(self, start_index: int | None = None, num_samples: int | None = None) -> None:
        self.start_index = 0 if start_index is None else int(start_index)
        if self.start_index < 0:
            raise ValueError(f"For 'SequentialSampler', start_index must be >= 0, "
                             f"but got {start_index}.")
        self.num_samples = _check_num_samples("SequentialSampler", num_samples)

    def indices(self, n: int, seed: int, epoch: int) -> np.ndarray:
        if n and self.start_index >= n:
            raise RuntimeError(f"For 'SequentialSampler', start_index {self.start_index} is "
                               f"out of range for a dataset of {n} rows.")
        return self._limit(np.arange(self.start_index, n))

    def size(self, n: int) -> int:
        rest = max(n - self.start_index, 0)
        return rest if self.num_samples is None else min(rest, self.num_samples)


class RandomSampler(Sampler):
    """All rows in a new random order each epoch (or `num_samples` drawn with replacement)."""

    def __init__(self, replacement: bool = False, num_samples: int | None = None) -> None:
        if not isinstance(replacement, bool):
            raise TypeError("For 'RandomSampler', replacement must be a bool, "
                            f"but got {type(replacement).__name__}.")
        self.replacement = replacement
        self.num_samples = _check_num_samples("RandomSampler", num_samples)

    def indices(self, n: int, seed: int, epoch: int) -> np.ndarray:
        gen = config.make_rng(seed, 1, epoch)
        if self.replacement:
            return gen.integers(0, n, size=self.size(n)) if n else np.arange(0)
        return self._limit(gen.permutation(n))

    def size(self, n: int) -> int:
        return n if self.num_samples is None else min(n, self.num_samples)


class SubsetSampler(Sampler):
    """The given `indices`, in the given order."""

    def __init__(self, indices: Sequence[int] | np.ndarray | range,
                 num_samples: int | None = None) -> None:
        self.subset = _check_indices(type(self).__name__, indices)
        self.num_samples = _check_num_samples(type(self).__name__, num_samples)

    def _order(self, seed: int, epoch: int) -> np.ndarray:
        return self.subset

    def indices(self, n: int, seed: int, epoch: int) -> np.ndarray:
        idx = self._order(seed, epoch)
        bad = idx[(idx < 0) | (idx >= n)]
        if len(bad):
            raise RuntimeError(f"For '{type(self).__name__}', sample ID ({int(bad[0])}) is out "
                               f"of bound: the dataset has {n} rows (IDs 0..{n - 1}).")
        return self._limit(idx)

    def size(self, n: int) -> int:
        k = len(self.subset)
        return k if self.num_samples is None else min(k, self.num_samples)


class SubsetRandomSampler(SubsetSampler):
    """The given `indices`, in a new random order each epoch."""

    def _order(self, seed: int, epoch: int) -> np.ndarray:
        return config.make_rng(seed, 2, epoch).permutation(self.subset)


class WeightedRandomSampler(Sampler):
    """`num_samples` rows drawn with probabilities proportional to `weights`."""

    def __init__(self, weights: Sequence[float], num_samples: int | None = None,
                 replacement: bool = True) -> None:
        w = np.asarray(weights, dtype=np.float64)
        if w.ndim != 1 or not len(w) or (w < 0).any() or w.sum() <= 0:
            raise ValueError("For 'WeightedRandomSampler', weights must be a non-empty list of "
                             "non-negative numbers with a positive sum.")
        self.weights = w / w.sum()
        self.replacement = replacement
        self.num_samples = _check_num_samples("WeightedRandomSampler", num_samples)

    def indices(self, n: int, seed: int, epoch: int) -> np.ndarray:
        gen = config.make_rng(seed, 3, epoch)
        k = self.num_samples or len(self.weights)
        return gen.choice(len(self.weights), size=k, replace=self.replacement, p=self.weights)

    def size(self, n: int) -> int:
        return self.num_samples or len(self.weights)


class DistributedSampler(Sampler):
    """Shard `shard_id` of `num_shards`: rows shard_id, shard_id + num_shards, ... of the (shuffled,
    if `shuffle`) row order. Each shard gets ceil(n / num_shards) rows, the last shards wrapping
    around to the start, as MindSpore's shards do. The shuffle uses `dataset.config.get_seed()`
    (5489 if never set) so that every shard, in every process, shuffles the same way and the
    shards stay disjoint."""

    def __init__(self, num_shards: int, shard_id: int, shuffle: bool = True,
                 num_samples: int | None = None, offset: int = -1) -> None:
        check_shards("DistributedSampler", num_shards, shard_id)
        if not isinstance(shuffle, bool):
            raise TypeError("For 'DistributedSampler', shuffle must be a bool, "
                            f"but got {type(shuffle).__name__}.")
        self.num_shards, self.shard_id, self.shuffle = int(num_shards), int(shard_id), shuffle
        self.num_samples = _check_num_samples("DistributedSampler", num_samples)
        self.offset = offset

    def indices(self, n: int, seed: int, epoch: int) -> np.ndarray:
        if n == 0:
            return np.arange(0)
        order = (config.make_rng(config.get_seed(), 4, epoch).permutation(n) if self.shuffle
                 else None)
        return self._limit(shard_indices(n, self.num_shards, self.shard_id, order))

    def size(self, n: int) -> int:
        per_shard = math.ceil(n / self.num_shards) if n else 0
        return per_shard if self.num_samples is None else min(per_shard, self.num_samples)


def shard_indices(size: int, num_shards: int, shard_id: int,
                  order: np.ndarray | None = None) -> np.ndarray:
    """The rows shard `shard_id` of `num_shards` reads from `size` rows in `order` (default
    0..size-1): positions shard_id, shard_id + num_shards, ... taken ceil(size / num_shards)
    times, wrapping around to the start, so every shard has as many rows (MindSpore's order for
    `num_shards`/`shard_id` and `DistributedSampler`). The one place this arithmetic lives:
    data-parallel scripts that cut their own batches use it too."""
    check_shards("shard_indices", num_shards, shard_id)
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 0:
        raise ValueError(f"For 'shard_indices', size must be an int >= 0, but got {size!r}.")
    if size == 0:
        return np.zeros(0, np.int64)
    rows = np.arange(size, dtype=np.int64) if order is None else np.asarray(order, np.int64)
    if rows.shape != (size,):
        raise ValueError(f"For 'shard_indices', order must hold {size} row indices, but got "
                         f"shape {rows.shape}.")
    picks = (shard_id + num_shards * np.arange(math.ceil(size / num_shards))) % size
    return rows[picks]


def check_shards(where: str, num_shards: object, shard_id: object) -> None:
    """MindSpore's checks of a (num_shards, shard_id) pair, both given."""
    for name, v in (("num_shards", num_shards), ("shard_id", shard_id)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"For '{where}', {name} must be an int, but got "
                            f"{type(v).__name__}.")
    assert isinstance(num_shards, (int, np.integer)) and isinstance(shard_id, (int, np.integer))
    if num_shards < 1:
        raise ValueError(f"For '{where}', num_shards must be >= 1, but got {num_shards}.")
    if not 0 <= shard_id < num_shards:
        raise ValueError(f"For '{where}', shard_id must be in [0, {num_shards - 1}] "
                         f"(num_shards is {num_shards}), but got {shard_id}.")


def _check_indices(where: str, indices: object) -> np.ndarray:
    if not isinstance(indices, (list, tuple, np.ndarray, range)):
        raise TypeError(f"For '{where}', indices must be a list of ints, "
                        f"but got {type(indices).__name__}.")
    arr = np.asarray(list(indices) if isinstance(indices, range) else indices)
    if arr.size and arr.dtype.kind not in "iu":
        raise TypeError(f"For '{where}', indices must be ints, but got {arr.dtype}.")
    return arr.astype(np.int64).reshape(-1)


def build_sampler(where: str, sampler: object, shuffle: bool | None, num_samples: int | None,
                  num_shards: int | None, shard_id: int | None) -> Sampler:
    """The sampler a random-access source reads with, from its constructor's arguments
    (MindSpore's rules: a sampler excludes shuffle and sharding; shuffling is the default)."""
    num_samples = _check_num_samples(where, num_samples)
    if (num_shards is None) != (shard_id is None):
        raise ValueError(f"For '{where}', num_shards and shard_id need to be passed in "
                         f"together, but got num_shards={num_shards}, shard_id={shard_id}.")
    if shuffle is not None and not isinstance(shuffle, bool):
        raise TypeError(f"For '{where}', shuffle must be a bool or None, "
                        f"but got {type(shuffle).__name__}.")
    if sampler is not None:
        if shuffle is not None:
            raise ValueError(f"For '{where}', conflicting arguments: sampler and shuffle cannot "
                             "both be given; drop shuffle (the sampler decides the order).")
        if num_shards is not None:
            raise ValueError(f"For '{where}', conflicting arguments: sampler and "
                             "num_shards/shard_id cannot both be given; use a DistributedSampler.")
        if isinstance(sampler, Sampler):
            return sampler
        if isinstance(sampler, (list, tuple, np.ndarray, range)):
            return SubsetSampler(sampler, num_samples)
        raise TypeError(f"For '{where}', sampler must be a graphc.dataset sampler or a list "
                        f"of indices, but got {type(sampler).__name__}.")
    if num_shards is not None:
        check_shards(where, num_shards, shard_id)
        return DistributedSampler(num_shards, shard_id,  # type: ignore[arg-type]
                                  shuffle is not False, num_samples)
    if shuffle is False:
        return SequentialSampler(num_samples=num_samples)
    return RandomSampler(num_samples=num_samples)
