"""Dataset shards with MindSpore's semantics (the literals are what MindSpore 2.10's
NumpySlicesDataset(num_shards=..., shard_id=..., shuffle=False) reads), DistributedSampler,
and the one-process checkpoint helper."""

import numpy as np
import pytest

from graphc.communication.checkpoint import save_on_rank_zero
from graphc.communication.sharding import DistributedSampler, shard_indices


@pytest.mark.parametrize("size,shards,expected", [
    (10, 3, [[0, 3, 6, 9], [1, 4, 7, 0], [2, 5, 8, 1]]),
    (10, 4, [[0, 4, 8], [1, 5, 9], [2, 6, 0], [3, 7, 1]]),
    (3, 4, [[0], [1], [2], [0]]),
])
def test_shards_as_mindspore_reads_them(size, shards, expected):
    assert [shard_indices(size, shards, i).tolist() for i in range(shards)] == expected


def test_num_samples_caps_each_shard():
    assert [shard_indices(10, 3, i, num_samples=2).tolist() for i in range(3)] == \
        [[0, 3], [1, 4], [2, 5]]


def test_shuffled_shards_partition_one_permutation_per_epoch():
    picked = [shard_indices(12, 3, i, shuffle=True, seed=5, epoch=1) for i in range(3)]
    assert sorted(np.concatenate(picked).tolist()) == list(range(12))
    again = shard_indices(12, 3, 0, shuffle=True, seed=5, epoch=2)
    assert again.tolist() != picked[0].tolist()  # another epoch: another order
    assert sorted(np.concatenate([shard_indices(12, 3, i, shuffle=True, seed=5, epoch=2)
                                  for i in range(3)]).tolist()) == list(range(12))


def test_distributed_sampler():
    sampler = DistributedSampler(4, 2, shuffle=False)
    sampler.set_dataset_size(10)
    assert list(sampler) == [2, 6, 0] and len(sampler) == 3
    shuffled = DistributedSampler(2, 0, shuffle=True, seed=1)
    shuffled.set_dataset_size(8)
    first, second = list(shuffled), list(shuffled)  # each iteration is a new epoch
    assert len(first) == len(second) == 4 and first != second
    with pytest.raises(ValueError, match=r"shard_id must be an int in \[0, 3\]"):
        DistributedSampler(4, 4)
    with pytest.raises(ValueError, match="num_shards must be a positive int"):
        DistributedSampler(0, 0)
    with pytest.raises(RuntimeError, match="dataset size is not known"):
        list(DistributedSampler(2, 0))


def test_checkpoint_helper_writes_in_a_single_process(tmp_path):
    path = tmp_path / "c.npz"
    assert save_on_rank_zero(lambda p: np.savez(p, a=np.ones(2)), path)
    assert np.load(path)["a"].tolist() == [1.0, 1.0]
