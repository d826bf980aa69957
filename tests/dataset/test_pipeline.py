"""The chaining methods (batch, map, shuffle, repeat, take, skip, project, rename, zip,
concat, split) and the iterators' epochs. Expected values were printed by MindSpore 2.10."""

import threading
import time

import numpy as np
import pytest

import graphc as ms
import graphc.dataset as ds


def mk(n=5, off=0):
    def gen():
        for i in range(n):
            yield np.array(i + off, np.int32), np.array([i, -i], np.float32)
    return ds.GeneratorDataset(gen, ["a", "b"])


def mk3():
    def gen():
        for i in range(3):
            yield np.array(i, np.int32), np.array([i, -i], np.float32), np.array(7)
    return ds.GeneratorDataset(gen, ["a", "b", "c"])


def rows(d):
    return [[x.tolist() for x in r] for r in d.create_tuple_iterator(output_numpy=True)]


def firsts(d):
    return [r[0] for r in rows(d)]


def test_batch_sizes_shapes_and_remainder():
    b = mk().batch(2)
    assert (b.get_dataset_size(), b.get_batch_size()) == (3, 2)
    assert b.output_shapes() == [[2], [2, 2]]
    assert b.output_types() == [np.dtype("int32"), np.dtype("float32")]
    assert [[np.shape(x) for x in r] for r in b.create_tuple_iterator(output_numpy=True)] == \
        [[(2,), (2, 2)], [(2,), (2, 2)], [(1,), (1, 2)]]
    assert mk().batch(2, drop_remainder=True).get_dataset_size() == 2
    t = next(iter(mk().batch(2).create_tuple_iterator()))
    assert isinstance(t[1], ms.Tensor) and t[1].shape == (2, 2)


def test_sizes_through_repeat_take_skip():
    assert mk().repeat(3).get_dataset_size() == 15
    assert mk().batch(2).repeat(2).get_dataset_size() == 6
    assert mk().repeat(2).batch(2).get_dataset_size() == 5
    assert [mk().take(3).get_dataset_size(), mk().skip(2).get_dataset_size(),
            mk().take(10).get_dataset_size(), mk().skip(10).get_dataset_size()] == [3, 3, 5, 0]
    assert mk().repeat(-1).get_dataset_size() == 5  # MindSpore reports one pass
    assert mk().batch(2).repeat(2).get_batch_size() == 2
    assert firsts(mk(3).repeat(2).take(4)) == [0, 1, 2, 0]
    assert firsts(mk(5).skip(2).take(2)) == [2, 3]


def test_map_column_layouts():
    d = mk().map(lambda a: (a, a * 2), input_columns=["a"], output_columns=["a1", "a2"])
    assert d.get_col_names() == ["a1", "a2", "b"] and rows(d)[1][:2] == [1, 2]
    d = mk().map(lambda a, b: a + b, input_columns=["a", "b"], output_columns=["s"])
    assert d.get_col_names() == ["s"] and rows(d)[1] == [[2.0, 0.0]]
    d = mk().map(lambda b: b * 10, input_columns="b")
    assert rows(d)[1] == [1, [10.0, -10.0]]
    assert firsts(mk().map([lambda a: a + 1, lambda a: a * 3], input_columns=["a"]))[:2] == [3, 6]
    assert firsts(mk().map(lambda a: a + 1))[:2] == [1, 2]  # the first column by default
    assert mk3().map(lambda b: (b, b), input_columns=["b"],
                     output_columns=["b1", "b2"]).get_col_names() == ["b1", "b2", "a", "c"]
    assert mk3().map(lambda c, a: (c, a), input_columns=["c", "a"],
                     output_columns=["x", "y"]).get_col_names() == ["y", "b", "x"]
    d = mk3().map(lambda c, a: (c, a), input_columns=["c", "a"])
    assert d.get_col_names() == ["a", "b", "c"] and rows(d)[1] == [1, [1.0, -1.0], 7]


def test_parallel_map_keeps_order_and_cheap_ops_stay_serial():
    def gen():
        for i in range(40):
            yield (np.array(i),)

    threads = set()

    def slow_double(x):
        threads.add(threading.current_thread().name.split("_")[0])
        time.sleep(0.001)
        return x * 2

    d = ds.GeneratorDataset(gen, ["x"]).map(slow_double, num_parallel_workers=4)
    assert firsts(d) == [2 * i for i in range(40)]
    assert "graphc-map" in threads
    threads.clear()

    def cheap_double(x):
        threads.add(threading.current_thread().name.split("_")[0])
        return x * 2

    d = ds.GeneratorDataset(gen, ["x"]).map(cheap_double, num_parallel_workers=4)
    assert firsts(d) == [2 * i for i in range(40)]
    assert threads == {"graphc-dataset-prefetch"}


def test_project_rename_zip_concat():
    d = mk().project(["b", "a"])
    assert d.get_col_names() == ["b", "a"] and rows(d)[0] == [[0.0, 0.0], 0]
    assert mk().rename(["a", "b"], ["x", "y"]).get_col_names() == ["x", "y"]
    assert mk().rename("a", "x").get_col_names() == ["x", "b"]

    def gc():
        for i in range(3):
            yield (np.array(i * 100),)

    z = ds.zip((mk(), ds.GeneratorDataset(gc, ["c"])))
    assert z.get_col_names() == ["a", "b", "c"] and z.get_dataset_size() == 3
    assert rows(z)[2] == [2, [2.0, -2.0], 200]
    assert mk().zip(ds.GeneratorDataset(gc, ["c"])).get_col_names() == ["a", "b", "c"]
    with pytest.raises(RuntimeError, match="duplicate column a"):
        ds.zip((mk(), mk()))
    c = mk(2).concat(mk(3, 10))
    assert c.get_dataset_size() == 5 and firsts(c) == [0, 1, 10, 11, 12]
    assert firsts(mk(2) + mk(3, 10)) == [0, 1, 10, 11, 12]
    assert firsts(mk(2).concat([mk(1, 10), mk(1, 20)])) == [0, 1, 10, 20]
    with pytest.raises(ValueError, match="same columns"):
        mk().concat(mk().rename("a", "z"))


def test_per_batch_map():
    def pbm(a, b, info):
        return (np.array(a) * 0 + info.get_batch_num(), b)

    assert [r[0] for r in rows(mk(5).batch(2, per_batch_map=pbm, input_columns=["a", "b"]))] \
        == [[0, 0], [1, 1], [2]]

    def pbm3(a, info):
        return ([x * 2 for x in a], [x * 3 for x in a])

    d = mk(5).batch(2, per_batch_map=pbm3, input_columns=["a"], output_columns=["p", "q"])
    assert d.get_col_names() == ["p", "q", "b"]
    assert rows(d)[1][:2] == [[4, 6], [6, 9]]


def test_pad_info_pads_ragged_rows():
    def g():
        for i in range(1, 4):
            yield (np.ones(i, np.float32),)

    out = rows(ds.GeneratorDataset(g, ["x"]).batch(3, pad_info={"x": ([4], -1)}))
    assert out == [[[[1, -1, -1, -1], [1, 1, -1, -1], [1, 1, 1, -1]]]]


def test_buffer_shuffle_is_a_seeded_permutation():
    ds.config.set_seed(3)
    a = firsts(mk(20).shuffle(4))
    ds.config.set_seed(3)
    assert firsts(mk(20).shuffle(4)) == a
    assert sorted(a) == list(range(20)) and a != list(range(20))
    # a buffer of 4 cannot move a row more than 3 places earlier
    assert all(pos >= v - 3 for pos, v in enumerate(a))


def test_split():
    class RA:
        def __getitem__(self, i):
            return (np.array(i),)

        def __len__(self):
            return 8

    def src():
        return ds.GeneratorDataset(RA(), ["x"], shuffle=False)

    assert [firsts(p) for p in src().split([0.5, 0.5], randomize=False)] == \
        [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert [firsts(p) for p in src().split([3, 5], randomize=False)] == \
        [[0, 1, 2], [3, 4, 5, 6, 7]]
    assert [firsts(p) for p in src().split([0.3, 0.7], randomize=False)] == \
        [[0, 1], [2, 3, 4, 5, 6, 7]]
    parts = [firsts(p) for p in src().split([0.5, 0.5])]
    assert sorted(parts[0] + parts[1]) == list(range(8))
    parts = [firsts(p) for p in mk(8).split([0.25, 0.75])]
    assert sorted(parts[0] + parts[1]) == list(range(8)) and len(parts[0]) == 2
    with pytest.raises(RuntimeError, match="Sum of split sizes 7 is not equal"):
        src().split([3, 4])


def test_num_epochs_and_iterating_again():
    it = mk().create_tuple_iterator(num_epochs=2, output_numpy=True)
    assert [sum(1 for _ in it) for _ in range(2)] == [5, 5]
    with pytest.raises(RuntimeError, match="beyond the specified number of epochs"):
        next(it)
    it = mk().create_tuple_iterator(output_numpy=True)
    assert [sum(1 for _ in it) for _ in range(3)] == [5, 5, 5]
    d = mk()
    assert (sum(1 for _ in d), sum(1 for _ in d)) == (5, 5)
    it = mk().create_tuple_iterator(columns=["b"], output_numpy=True)
    assert [len(r) for r in it] == [1] * 5
    assert next(iter(mk().create_dict_iterator())).keys() == {"a", "b"}


def test_abandoned_epoch_continues_then_ends():
    it = mk(50).create_tuple_iterator(output_numpy=True)
    for k, _ in enumerate(it):
        if k == 9:
            break
    assert sum(1 for _ in it) == 40
    it.stop()


def test_bad_input_errors():
    def f(x):
        raise ValueError("boom")

    with pytest.raises(RuntimeError, match=r"(?s)map operation: \[PyFunc\(f\)\] failed on input "
                       r"column\(s\) \['a'\].*ValueError: boom") as info:
        list(mk().map(f, input_columns=["a"]))
    assert isinstance(info.value.__cause__, ValueError)

    def g():
        for i in range(1, 4):
            yield (np.ones(i, np.float32),)

    with pytest.raises(RuntimeError, match="Cannot batch tensors with different shapes in "
                       "column 0 .'x'.. First element had shape <1> and this element had "
                       "shape <2>"):
        list(ds.GeneratorDataset(g, ["x"]).batch(3))
    with pytest.raises(RuntimeError, match="input column name: nope doesn't exist"):
        mk().map(lambda x: x, input_columns=["nope"]).get_col_names()
    with pytest.raises(ValueError, match=r"batch_size is not within the required interval "
                       r"of \[1, 2147483647\]"):
        mk().batch(0)
    with pytest.raises(ValueError, match="count should be either -1 or positive integer"):
        mk().repeat(0)
    with pytest.raises(ValueError, match="buffer_size is not within"):
        mk().shuffle(1)
    with pytest.raises(RuntimeError, match="returned 2 column"):
        list(mk().map(lambda a: (a, a), input_columns=["a"]))


def test_config_settings():
    ds.config.set_num_parallel_workers(3)
    ds.config.set_prefetch_size(4)
    try:
        assert ds.config.get_num_parallel_workers() == 3
        assert ds.config.get_prefetch_size() == 4
        assert firsts(mk(10).map(lambda a: a + 1)) == list(range(1, 11))
    finally:
        ds.config.set_num_parallel_workers(2)
        ds.config.set_prefetch_size(16)
    with pytest.raises(ValueError, match="set_prefetch_size"):
        ds.config.set_prefetch_size(0)
    with pytest.raises(TypeError):
        ds.config.set_seed("1")


def test_apply_runs_a_chain_of_ops():
    d = mk(4).apply(lambda data: data.batch(2).repeat(2))
    assert d.get_dataset_size() == 4
    with pytest.raises(TypeError, match="must return a Dataset"):
        mk().apply(lambda data: 3)


def test_len_is_the_dataset_size():
    assert (len(mk(5)), len(mk(5).batch(2)), bool(mk(0))) == (5, 3, True)
