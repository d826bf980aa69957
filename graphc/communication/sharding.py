"""Dataset sharding with MindSpore's semantics: `shard_indices` and `DistributedSampler`.

Shard `i` of `n` over a dataset of `size` rows takes `ceil(size / n)` rows: positions
`i, i + n, i + 2n, ...` of the (possibly shuffled) order, wrapping around to the start when
`size` is not a multiple of `n`, so every shard has the same number of rows (as MindSpore's
`num_shards`/`shard_id` and `DistributedSampler` do). The shuffled order depends on the seed
and the epoch only, so all shards of one epoch cut the same permutation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np


def _check_shards(num_shards: Any, shard_id: Any) -> tuple[int, int]:
    if not isinstance(num_shards, int) or isinstance(num_shards, bool) or num_shards <= 0:
        raise ValueError(f"num_shards must be a positive int, but got {num_shards!r}.")
    if not isinstance(shard_id, int) or isinstance(shard_id, bool) or \
            not 0 <= shard_id < num_shards:
        raise ValueError(f"shard_id must be an int in [0, {num_shards - 1}] for num_shards="
                         f"{num_shards}, but got {shard_id!r}.")
    return num_shards, shard_id


def shard_indices(size: int, num_shards: int, shard_id: int, shuffle: bool = False,
                  seed: int = 0, epoch: int = 0, num_samples: int | None = None) -> np.ndarray:
    """The row indices shard `shard_id` of `num_shards` reads from a dataset of `size` rows."""
    num_shards, shard_id = _check_shards(num_shards, shard_id)
    if not isinstance(size, int) or size < 0:
        raise ValueError(f"the dataset size must be an int >= 0, but got {size!r}.")
    if size == 0:
        return np.zeros(0, np.int64)
    order = np.arange(size, dtype=np.int64)
    if shuffle:
        order = np.random.default_rng([seed, epoch]).permutation(size)
    per_shard = -(-size // num_shards)
    picked = order[(np.arange(per_shard, dtype=np.int64) * num_shards + shard_id) % size]
    if num_samples is not None:
        picked = picked[:num_samples]
    return picked


class DistributedSampler:
    """`DistributedSampler(num_shards, shard_id, shuffle=True, num_samples=None, offset=-1)`:
    the indices of one shard, reshuffled each epoch (`set_epoch`, or each new iteration)."""

    def __init__(self, num_shards: int, shard_id: int, shuffle: bool = True,
                 num_samples: int | None = None, offset: int = -1, seed: int = 0) -> None:
        self.num_shards, self.shard_id = _check_shards(num_shards, shard_id)
        if not isinstance(shuffle, bool):
            raise TypeError(f"shuffle must be a bool, but got {type(shuffle).__name__}.")
        if num_samples is not None and (not isinstance(num_samples, int) or num_samples < 0):
            raise ValueError(f"num_samples must be None or an int >= 0, but got "
                             f"{num_samples!r}.")
        if offset != -1:
            raise ValueError("DistributedSampler: only offset=-1 (the default) is supported.")
        self.shuffle = shuffle
        self.num_samples = num_samples
        self.seed = seed
        self.epoch = 0
        self.dataset_size: int | None = None

    def set_dataset_size(self, size: int) -> None:
        """The number of rows of the dataset this sampler draws from (the dataset sets it)."""
        self.dataset_size = size

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def get_num_samples(self, size: int | None = None) -> int:
        """How many indices one epoch gives for a dataset of `size` rows."""
        size = self.dataset_size if size is None else size
        if size is None:
            raise RuntimeError("DistributedSampler: the dataset size is not known yet.")
        per = -(-size // self.num_shards) if size else 0
        return per if self.num_samples is None else min(per, self.num_samples)

    def indices(self, size: int | None = None) -> np.ndarray:
        """This epoch's indices into a dataset of `size` rows."""
        size = self.dataset_size if size is None else size
        if size is None:
            raise RuntimeError("DistributedSampler: the dataset size is not known; call "
                               "set_dataset_size(n) or pass it to indices(n).")
        return shard_indices(size, self.num_shards, self.shard_id, self.shuffle, self.seed,
                             self.epoch, self.num_samples)

    def __iter__(self) -> Iterator[int]:
        picked = self.indices()
        self.epoch += 1
        return iter(int(i) for i in picked)

    def __len__(self) -> int:
        return self.get_num_samples()
