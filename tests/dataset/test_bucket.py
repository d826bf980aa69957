"""Dataset.bucket_batch_by_length against MindSpore 2.10's output (recorded by hand)."""

import numpy as np
import pytest

import graphc.dataset as ds

LENS = [3, 1, 5, 2, 7, 4, 1, 6, 2, 8, 3]


def _rows():
    for i, n in enumerate(LENS):
        yield np.arange(1, n + 1, dtype=np.int32) + 10 * i, np.array(i, np.int32)


def _data(gen=_rows, names=("seq", "idx")):
    return ds.GeneratorDataset(gen, list(names), shuffle=False)


def _batches(d):
    return [[c.tolist() for c in row] for row in d.create_tuple_iterator(output_numpy=True)]


# MindSpore 2.10 for boundaries [3, 6], batch sizes [2, 2, 3], pad value -1: a bucket is
# emitted when full, each padded to its longest row
BUCKETED = [
    [[[1, 2, 3, -1, -1], [21, 22, 23, 24, 25]], [0, 2]],
    [[[11, -1], [31, 32]], [1, 3]],
    [[[61, -1], [81, 82]], [6, 8]],
    [[[41, 42, 43, 44, 45, 46, 47, -1], [71, 72, 73, 74, 75, 76, -1, -1],
      [91, 92, 93, 94, 95, 96, 97, 98]], [4, 7, 9]],
    [[[51, 52, 53, 54], [101, 102, 103, -1]], [5, 10]],
]


def test_rows_are_batched_per_length_bucket_as_in_mindspore():
    d = _data().bucket_batch_by_length(["seq"], [3, 6], [2, 2, 3], pad_info={"seq": (None, -1)})
    assert _batches(d) == BUCKETED
    assert d.get_dataset_size() == 5 and d.get_col_names() == ["seq", "idx"]


def test_without_pad_info_every_column_is_padded_with_zero():
    zeros = [[[[0 if v == -1 else v for v in r] for r in b[0]], b[1]] for b in BUCKETED]
    for pad_info in (None, {}):
        d = _data().bucket_batch_by_length(["seq"], [3, 6], [2, 2, 3], pad_info=pad_info)
        assert _batches(d) == zeros


def test_a_pad_shape_pads_and_cuts_rows_to_it():
    d = _data().bucket_batch_by_length(["seq"], [3, 6], [2, 2, 3], pad_info={"seq": ([4], 7)})
    assert _batches(d)[:2] == [[[[1, 2, 3, 7], [21, 22, 23, 24]], [0, 2]],
                               [[[11, 7, 7, 7], [31, 32, 7, 7]], [1, 3]]]


def test_element_length_function_picks_the_bucket_and_the_rest_follow_in_bucket_order():
    d = _data().bucket_batch_by_length(["seq", "idx"], [2], [3, 4],
                                       element_length_function=lambda s, i: int(i) % 3,
                                       pad_info={"seq": (None, 0)})
    assert _batches(d) == [
        [[[1, 2, 3], [11, 0, 0], [31, 32, 0]], [0, 1, 3]],
        [[[41, 42, 43, 44, 45, 46, 47], [61, 0, 0, 0, 0, 0, 0], [71, 72, 73, 74, 75, 76, 0]],
         [4, 6, 7]],
        [[[91, 92, 93, 94, 95, 96, 97, 98], [101, 102, 103, 0, 0, 0, 0, 0]], [9, 10]],
        [[[21, 22, 23, 24, 25], [51, 52, 53, 54, 0], [81, 82, 0, 0, 0]], [2, 5, 8]],
    ]


def _seqs(lens):
    def gen():
        for i, n in enumerate(lens):
            yield (np.arange(1, n + 1, dtype=np.int32) + 10 * i,)
    return gen


def test_drop_remainder_drops_the_partly_filled_buckets():
    d = _data(_seqs([1, 3, 4, 2, 2]), ["seq"]).bucket_batch_by_length(["seq"], [3], [2, 2],
                                                                       drop_remainder=True)
    assert _batches(d) == [[[[11, 12, 13, 0], [21, 22, 23, 24]]], [[[1, 0], [31, 32]]]]


def test_pad_to_bucket_boundary_pads_as_mindspore_2_10_does():
    # MindSpore 2.10 accepts the flag but pads to the batch's longest row all the same
    d = _data(_seqs([1, 3, 4]), ["seq"]).bucket_batch_by_length(
        ["seq"], [3, 6], [5, 5, 5], pad_info={"seq": (None, 0)}, pad_to_bucket_boundary=True)
    assert _batches(d) == [[[[1]]], [[[11, 12, 13, 0], [21, 22, 23, 24]]]]


def test_a_column_left_out_of_pad_info_must_batch_as_it_is():
    def gen():
        for i, n in enumerate([3, 1, 5, 2, 4, 1, 2, 3]):
            yield (np.arange(1, n + 1, dtype=np.int32) + 10 * i,
                   np.ones((i % 2 + 1,), np.float32) * i)

    d = _data(gen, ["seq", "v"]).bucket_batch_by_length(["seq"], [3, 6], [2, 3, 3],
                                                         pad_info={"seq": (None, 0)})
    it = d.create_tuple_iterator(output_numpy=True)
    assert [c.tolist() for c in next(it)] == [[[11, 0], [31, 32]], [[1.0, 1.0], [3.0, 3.0]]]
    next(it)
    with pytest.raises(RuntimeError, match=r"Cannot batch tensors with different shapes in "
                       r"column 1 \('v'\). First element had shape <2> and this element had "
                       r"shape <1>"):
        next(it)


@pytest.mark.parametrize("args, error, message", [
    ((["seq"], [3, 2], [1, 1, 1]), ValueError, "bucket_boundaries should be strictly increasing"),
    ((["seq"], [3, 6], [1, 1]), ValueError,
     "bucket_batch_sizes must contain one element more than bucket_boundaries"),
    ((["seq"], [0, 6], [1, 1, 1]), ValueError,
     "bucket_boundaries must only contain positive numbers"),
    ((["seq"], [3, 6], [1, 0, 1]), ValueError,
     "bucket_batch_sizes should be a list of positive numbers"),
    ((["seq", "idx"], [3], [1, 1]), ValueError,
     "If element_length_function is not specified, exactly one column name should be passed"),
    (("seq", [3], [1, 1]), TypeError, "Argument column_names with value seq is not of type"),
])
def test_bad_arguments_are_mindspores_errors(args, error, message):
    with pytest.raises(error, match=message):
        _data().bucket_batch_by_length(*args)


def test_bad_columns_and_lengths_are_runtime_errors_when_read():
    with pytest.raises(RuntimeError, match="input column name: nope doesn't exist"):
        _batches(_data().bucket_batch_by_length(["nope"], [3], [1, 1]))
    with pytest.raises(RuntimeError, match="greater than or equal to 0, but got -1"):
        _batches(_data().bucket_batch_by_length(["seq"], [3], [1, 1],
                                                element_length_function=lambda s: -1))
    with pytest.raises(RuntimeError, match="must return an integer, but got float"):
        _batches(_data().bucket_batch_by_length(["seq"], [3], [1, 1],
                                                element_length_function=lambda s: 2.5))
