"""GeneratorDataset and NumpySlicesDataset: sources, sampling, sharding, column conversion,
and the errors of bad sources. Expected values were printed by MindSpore 2.10 by hand."""

import numpy as np
import pytest

import graphc as ms
import graphc.dataset as ds


def gen5():
    for i in range(5):
        yield np.array([i, i + 1], np.float32), np.array(i, np.int32)


class RandomAccess:
    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        return (np.array(i, np.int32),)

    def __len__(self):
        return self.n


def ids(d):
    return [int(r[0]) for r in d.create_tuple_iterator(output_numpy=True)]


def test_generator_function_rows_are_lists_of_tensors():
    d = ds.GeneratorDataset(gen5, ["data", "label"])
    assert d.get_dataset_size() == 5
    assert d.get_col_names() == ["data", "label"]
    assert d.get_batch_size() == 1
    row = next(iter(d.create_tuple_iterator()))
    assert isinstance(row, list)
    assert [type(x) for x in row] == [ms.Tensor, ms.Tensor]
    assert [x.shape for x in row] == [(2,), ()]
    assert [x.dtype for x in row] == [ms.float32, ms.int32]
    first = next(iter(d.create_dict_iterator(output_numpy=True)))
    assert list(first) == ["data", "label"]
    np.testing.assert_array_equal(first["data"], [0.0, 1.0])
    assert [len(r) for r in d] == [2] * 5


def test_python_values_get_mindspores_dtypes():
    def g():
        for i in range(3):
            yield i, float(i), [i, i], f"s{i}", True

    d = ds.GeneratorDataset(g, ["a", "b", "c", "d", "e"])
    rows = list(d.create_tuple_iterator(output_numpy=True))
    assert [str(x.dtype) for x in rows[0]] == ["int64", "float64", "int64", "<U2", "bool"]
    assert rows[2][3] == "s2"
    tensors = next(iter(d.create_tuple_iterator()))
    assert isinstance(tensors[3], np.ndarray)  # strings stay NumPy, as in MindSpore
    assert tensors[0].dtype == ms.int64 and tensors[4].dtype == ms.bool_


def test_bare_array_and_list_rows():
    def g1():
        for i in range(2):
            yield np.array([i, i])

    def g2():
        for i in range(2):
            yield [np.array(i), np.array(i)]

    assert [r[0].tolist() for r in ds.GeneratorDataset(g1, ["x"])
            .create_tuple_iterator(output_numpy=True)] == [[0, 0], [1, 1]]
    assert [[int(v) for v in r] for r in ds.GeneratorDataset(g2, ["x", "y"])
            .create_tuple_iterator(output_numpy=True)] == [[0, 0], [1, 1]]


def test_random_access_source_shuffles_by_default_and_not_when_asked():
    d = ds.GeneratorDataset(RandomAccess(7), ["x"])
    assert sorted(ids(d)) == list(range(7))
    assert ids(ds.GeneratorDataset(RandomAccess(7), ["x"], shuffle=False)) == list(range(7))
    assert ids(ds.GeneratorDataset(RandomAccess(7), ["x"], shuffle=False,
                                   num_samples=3)) == [0, 1, 2]


def test_seeded_shuffle_repeats_and_each_epoch_differs():
    ds.config.set_seed(7)
    a = ds.GeneratorDataset(RandomAccess(50), ["x"]).create_tuple_iterator(
        num_epochs=2, output_numpy=True)
    first = [[int(r[0]) for r in a] for _ in range(2)]
    ds.config.set_seed(7)
    b = ds.GeneratorDataset(RandomAccess(50), ["x"]).create_tuple_iterator(
        num_epochs=2, output_numpy=True)
    assert [[int(r[0]) for r in b] for _ in range(2)] == first
    assert first[0] != first[1] and sorted(first[0]) == list(range(50))
    assert ds.config.get_seed() == 7


def test_shards_interleave_and_wrap_around():
    # MindSpore 2.10: 7 rows in 3 shards -> [0, 3, 6], [1, 4, 0], [2, 5, 1]
    got = [ids(ds.GeneratorDataset(RandomAccess(7), ["x"], shuffle=False, num_shards=3,
                                   shard_id=k)) for k in range(3)]
    assert got == [[0, 3, 6], [1, 4, 0], [2, 5, 1]]
    d = ds.GeneratorDataset(RandomAccess(7), ["x"], shuffle=False, num_shards=2, shard_id=1,
                            num_samples=2)
    assert (d.get_dataset_size(), ids(d)) == (2, [1, 3])


def test_shuffled_shards_are_disjoint_and_cover():
    parts = [ids(ds.GeneratorDataset(RandomAccess(12), ["x"], num_shards=3, shard_id=k))
             for k in range(3)]
    assert sorted(sum(parts, [])) == list(range(12))
    assert all(len(p) == 4 for p in parts)


def test_iterables_and_num_samples():
    class It:
        def __iter__(self):
            return iter([(np.array(i),) for i in range(4)])

    assert ids(ds.GeneratorDataset(It(), ["x"])) == [0, 1, 2, 3]
    assert ds.GeneratorDataset(It(), ["x"]).get_dataset_size() == 4
    d = ds.GeneratorDataset(gen5, ["data", "label"], num_samples=3)
    assert d.get_dataset_size() == 3 and len(list(d)) == 3
    # shuffle=True is ignored for a generator function (MindSpore reads it in order)
    assert [int(r[1]) for r in ds.GeneratorDataset(gen5, ["a", "b"], shuffle=True)] == \
        [0, 1, 2, 3, 4]


def test_column_types_cast():
    d = ds.GeneratorDataset(gen5, ["data", "label"], column_types=[ms.float64, ms.int64])
    assert d.output_types() == [np.dtype("float64"), np.dtype("int64")]
    assert d.output_shapes() == [[2], []]


def test_numpy_slices_dataset_forms():
    d = ds.NumpySlicesDataset([1, 2, 3], shuffle=False)
    assert d.get_col_names() == ["column_0"] and ids(d) == [1, 2, 3]
    d = ds.NumpySlicesDataset({"a": [1, 2], "b": [[1., 2.], [3., 4.]]}, shuffle=False)
    rows = list(d.create_dict_iterator(output_numpy=True))
    assert d.get_col_names() == ["a", "b"] and rows[1]["b"].tolist() == [3.0, 4.0]
    d = ds.NumpySlicesDataset(([1, 2], [3, 4]), shuffle=False)
    assert d.get_col_names() == ["column_0", "column_1"]
    assert [[int(v) for v in r] for r in d.create_tuple_iterator(output_numpy=True)] == \
        [[1, 3], [2, 4]]
    d = ds.NumpySlicesDataset(np.arange(6).reshape(3, 2), column_names=["z"], shuffle=False)
    assert [r[0].tolist() for r in d.create_tuple_iterator(output_numpy=True)] == \
        [[0, 1], [2, 3], [4, 5]]
    assert sorted(ids(ds.NumpySlicesDataset(list(range(9))))) == list(range(9))


def test_wrong_column_count_is_mindspores_error():
    with pytest.raises(RuntimeError, match=r"should return same number of NumPy arrays as "
                       r"specified in column_names, the size of column_names is:1 and number "
                       r"of returned NumPy array is:2"):
        list(ds.GeneratorDataset(gen5, ["data"]))


def test_source_errors():
    with pytest.raises(TypeError, match="should be callable, iterable or random accessible"):
        ds.GeneratorDataset(5, ["a"])

    def g():
        yield (np.ones(2),)
        raise KeyError("kk")

    with pytest.raises(RuntimeError, match="raised KeyError: 'kk'") as info:
        list(ds.GeneratorDataset(g, ["a"]))
    assert isinstance(info.value.__cause__, KeyError)
    with pytest.raises(ValueError, match="need to be passed in together"):
        ds.GeneratorDataset(RandomAccess(3), ["x"], num_shards=2)
    with pytest.raises(ValueError, match=r"shard_id must be in \[0, 1\]"):
        ds.GeneratorDataset(RandomAccess(3), ["x"], num_shards=2, shard_id=2)
    with pytest.raises(ValueError, match="num_shards is not supported"):
        ds.GeneratorDataset(gen5, ["x", "y"], num_shards=2, shard_id=0)
    with pytest.raises(ValueError, match="conflicting arguments"):
        ds.GeneratorDataset(RandomAccess(3), ["x"], sampler=ds.SequentialSampler(),
                            shuffle=True)
    with pytest.raises(TypeError, match="column_names"):
        ds.GeneratorDataset(gen5, None)
    with pytest.raises(ValueError, match="same"):
        ds.NumpySlicesDataset(([1, 2], [1, 2, 3]))


def test_slow_random_access_sources_are_read_by_threads_in_order():
    import threading
    import time

    seen = set()

    class Slow:
        def __getitem__(self, i):
            seen.add(threading.current_thread().name.split("_")[0])
            time.sleep(0.001)
            return (np.array(i),)

        def __len__(self):
            return 30

    d = ds.GeneratorDataset(Slow(), ["x"], shuffle=False, num_parallel_workers=3)
    assert ids(d) == list(range(30))
    assert "graphc-read" in seen
    with pytest.raises(ValueError, match="num_parallel_workers must be a positive int"):
        ds.GeneratorDataset(Slow(), ["x"], num_parallel_workers=0)
