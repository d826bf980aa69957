"""`mutable(sequence, dynamic_len=True)`: a tuple or list whose length is read at run time. At
LAX one graph serves every length; inside a graph it behaves as the sequence it wraps.
Expected values were recorded by running the same programs on MindSpore 2.10."""

import pytest

from graphc import Tensor, jit, mutable
from graphc.common.mutable_input import DynamicLengthList, DynamicLengthTuple


def test_dynamic_length_sequences_keep_their_items_and_their_kind():
    items = mutable([1, 2, 3], True)
    assert isinstance(items, DynamicLengthList) and items == [1, 2, 3]
    assert isinstance(mutable((1, 2), True), DynamicLengthTuple)
    assert mutable([], True) == []
    assert mutable([[1], [2, 3]], True) == [[1], [2, 3]]
    assert mutable(items, True) is items


def test_only_a_tuple_or_list_can_have_a_dynamic_length():
    with pytest.raises(TypeError, match="the first input should be list or tuple, but got: int"):
        mutable(5, True)


def test_one_graph_serves_every_length_of_a_dynamic_length_argument():
    @jit
    def size(xs):
        return len(xs), xs

    assert size(mutable([1, 2, 3], True)) == (3, [1, 2, 3])
    assert size(mutable([1, 2], True)) == (2, [1, 2])
    assert size.cache_info().entries == 1


def test_a_dynamic_length_list_made_in_a_graph_is_a_list():
    @jit
    def store():
        xs = mutable([2, 5, 6, 7], True)
        xs[mutable(2)] = 1
        xs.append(4)
        return xs, len(xs)

    @jit
    def of_tensors(m):
        return mutable([m, m + 1], True)

    @jit
    def nested():
        xs = mutable(([2, 1], [5, 6], [3, 4]), True)
        return xs[mutable(2)][mutable(0)]

    assert store() == ([2, 5, 1, 7, 4], 5)
    got = of_tensors(Tensor([0]))
    assert isinstance(got, list) and [int(t) for t in got] == [0, 1]
    assert nested() == 3
