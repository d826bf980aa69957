"""Samplers passed to random-access sources, and the prefetching iterator. Index lists were
printed by MindSpore 2.10 by hand."""

import threading
import time

import numpy as np
import pytest

import graphc as ms
import graphc.dataset as ds
from graphc.dataset.samplers import shard_indices


class RA:
    def __init__(self, n=10):
        self.n = n

    def __getitem__(self, i):
        return (np.array(i),)

    def __len__(self):
        return self.n


def ids(sampler, n=10):
    d = ds.GeneratorDataset(RA(n), ["x"], sampler=sampler)
    return [int(r[0]) for r in d.create_tuple_iterator(output_numpy=True)]


def test_deterministic_samplers():
    assert ids(ds.SequentialSampler(start_index=2, num_samples=3)) == [2, 3, 4]
    assert ids(ds.SequentialSampler(start_index=8)) == [8, 9]
    assert ids([5, 1, 1, 3]) == [5, 1, 1, 3]
    assert ids(ds.SubsetSampler([5, 1, 3], num_samples=2)) == [5, 1]
    assert ids(ds.DistributedSampler(3, 1, shuffle=False)) == [1, 4, 7, 0]
    d = ds.GeneratorDataset(RA(), ["x"], sampler=ds.DistributedSampler(3, 1, shuffle=False,
                                                                     num_samples=2))
    assert d.get_dataset_size() == 2
    assert ds.SequentialSampler(num_samples=3).get_num_samples() == 3


def test_random_samplers():
    assert sorted(ids(ds.SubsetRandomSampler([5, 1, 3]))) == [1, 3, 5]
    got = ids(ds.RandomSampler(replacement=True, num_samples=15))
    assert len(got) == 10 and set(got) <= set(range(10))  # num_samples is capped at the size
    assert ds.GeneratorDataset(RA(), ["x"], sampler=ds.RandomSampler(num_samples=15)) \
        .get_dataset_size() == 10
    w = ids(ds.WeightedRandomSampler([0, 0, 1, 0, 0, 0, 0, 0, 0, 1], num_samples=8))
    assert len(w) == 8 and set(w) <= {2, 9}
    shards = [ids(ds.DistributedSampler(4, k), n=10) for k in range(4)]
    assert all(len(s) == 3 for s in shards) and set(sum(shards, [])) == set(range(10))


def test_bad_sampler_input():
    with pytest.raises(RuntimeError, match=r"sample ID \(11\) is out of bound"):
        ids([5, 11])
    with pytest.raises(ValueError, match=r"shard_id must be in \[0, 2\]"):
        ds.DistributedSampler(3, 3)
    with pytest.raises(TypeError, match="sampler must be"):
        ds.GeneratorDataset(RA(), ["x"], sampler="all")


def test_graphc_set_seed_seeds_the_pipeline_too():
    def order():
        return ids(ds.RandomSampler(), n=30)

    ms.set_seed(123)
    a = order()
    ms.set_seed(123)
    assert order() == a and ds.config.get_seed() == 123
    ds.config.set_seed(9)  # the later call wins
    assert ds.config.get_seed() == 9


def test_rows_are_read_ahead_in_a_background_thread():
    produced, threads = [], set()

    def gen():
        for i in range(20):
            produced.append(i)
            threads.add(threading.current_thread().name)
            yield (np.array(i),)

    ds.config.set_prefetch_size(8)
    it = ds.GeneratorDataset(gen, ["x"]).create_tuple_iterator(output_numpy=True)
    assert int(next(it)[0]) == 0
    deadline = time.time() + 10
    while len(produced) < 10 and time.time() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    # while the consumer sat on row 0, the thread filled the queue (rows 1-8), read row 9 and
    # waits to queue it: no further
    assert len(produced) == 10
    assert threads == {"graphc-dataset-prefetch"}
    assert [int(r[0]) for r in it] == list(range(1, 20))


def test_pipeline_errors_reach_the_consumer_and_the_thread_ends():
    def gen():
        yield (np.array(1),)
        raise ValueError("broken source")

    before = threading.active_count()
    it = ds.GeneratorDataset(gen, ["x"]).create_tuple_iterator(output_numpy=True)
    with pytest.raises(RuntimeError, match="raised ValueError: broken source"):
        list(it)
    deadline = time.time() + 10
    while threading.active_count() > before and time.time() < deadline:
        time.sleep(0.01)
    assert threading.active_count() <= before


@pytest.mark.parametrize("size,shards,expected", [
    (10, 3, [[0, 3, 6, 9], [1, 4, 7, 0], [2, 5, 8, 1]]),
    (10, 4, [[0, 4, 8], [1, 5, 9], [2, 6, 0], [3, 7, 1]]),
    (3, 4, [[0], [1], [2], [0]]),
])
def test_shard_indices_and_the_sampler_read_mindspores_shards(size, shards, expected):
    # the literals are what MindSpore 2.10's NumpySlicesDataset(num_shards, shard_id,
    # shuffle=False) reads; the sampler and the function are one arithmetic
    assert [shard_indices(size, shards, i).tolist() for i in range(shards)] == expected
    assert [ids(ds.DistributedSampler(shards, i, shuffle=False), n=size)
            for i in range(shards)] == expected
    assert shard_indices(4, 2, 1, order=np.array([3, 2, 1, 0])).tolist() == [2, 0]


def test_bad_shard_indices_input():
    with pytest.raises(ValueError, match=r"shard_id must be in \[0, 3\]"):
        shard_indices(10, 4, 4)
    with pytest.raises(ValueError, match="num_shards must be >= 1"):
        shard_indices(10, 0, 0)
    with pytest.raises(ValueError, match="order must hold 3 row indices"):
        shard_indices(3, 2, 0, order=np.arange(4))
    assert shard_indices(0, 2, 1).tolist() == []
