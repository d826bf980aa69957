"""Tuples and lists holding Tensors inside graphs: `in`, `count`, `index` and a run-time index
compare and pick items as MindSpore 2.10 does; `is` between run-time and constant ints is
Python's answer. Expected values were recorded by running the same programs on MindSpore 2.10."""

import numpy as np
import pytest

from graphc import Tensor, jit
from graphc.common.sequence_equality import items_equal, sequence_index


@jit
def _among(x):
    return x in (1, Tensor([1, 2, 3]), np.array([1, 2, 3]))


@pytest.mark.parametrize(("value", "expected"), [
    (Tensor([1, 2, 3]), True),   # an equal Tensor item
    (Tensor([1, 1, 1]), False),  # same shape, other values
    (Tensor([1]), False),        # a Tensor never equals the number 1
    (Tensor(1), False),
])
def test_a_tensor_is_in_a_tuple_when_an_item_is_an_equal_tensor(value, expected):
    found = _among(value)
    assert isinstance(found, Tensor) and found.shape == ()
    assert bool(found) is expected


def test_a_tensor_of_another_dtype_or_shape_is_not_in_the_tuple():
    @jit
    def floats(x):
        return x in (Tensor([1.0, 2.0, 3.0]),)

    @jit
    def matrix(x):
        return x in (Tensor([[1, 2, 3]]),)

    assert not bool(floats(Tensor([1, 2, 3])))
    assert not bool(matrix(Tensor([1, 2, 3])))


def test_a_number_in_a_tuple_holding_a_tensor_is_pythons_answer():
    @jit
    def number_in(x):
        return 2 in (x, 3)

    assert number_in(Tensor([2])) is True


def test_count_and_index_compare_tensor_items_by_shape_dtype_and_values():
    @jit
    def count(x, y):
        items = ((x, y), (x + 1, y + 1), (x, y), 3)
        return items.count((x, y)), items.count(3), items.count(x)

    @jit
    def index(x, y):
        items = [x, y, "a", Tensor([10])]
        return items.index(x), items.index(y, 1, 3), items.index("a")

    assert count(Tensor([1]), Tensor([3])) == (2, 1, 0)
    assert index(Tensor([3]), Tensor([3])) == (0, 1, 2)


def test_index_of_a_missing_tensor_is_pythons_value_error():
    @jit
    def missing(x):
        return (x, 5).index(Tensor([7]))

    with pytest.raises(ValueError, match=r"tuple.index\(x\): x not in tuple"):
        missing(Tensor([3]))
    with pytest.raises(ValueError, match="is not in list"):
        sequence_index([Tensor([1])], Tensor([2]))


def test_index_of_an_array_computed_in_the_graph():
    @jit
    def find(y):
        arrays = (y.asnumpy(), 10, "a")
        return arrays.index(np.array([2]))

    assert find(Tensor([2])) == 0


def test_a_tuple_item_never_equals_a_list_item():
    assert items_equal((Tensor([1]), 2), (Tensor([1]), 2))
    assert not items_equal((Tensor([1]), 2), [Tensor([1]), 2])


def test_a_run_time_index_picks_a_non_tensor_item():
    @jit
    def pick(x, y):
        items = (1, (2, 5), np.array([1, 2]), 4)
        return items[x], items[y]

    @jit
    def pick_word(x):
        return [1, "a", 4.5][x]

    assert pick(Tensor([3]), Tensor([1])) == (4, (2, 5))
    assert pick_word(Tensor(1)) == "a"


def test_is_between_run_time_and_constant_ints_is_pythons_answer():
    @jit
    def checks(x):
        n, four, five = int(x), 4, 5
        return n is four, n is not four, n is five

    assert checks(Tensor([4])) == (True, False, False)


def test_a_tensor_found_by_identity_is_a_bool_tensor_too():
    @jit
    def found(x, y):
        return x in (x, y), x in [y]

    same, other = found(Tensor([1.0, 2.0]), Tensor([3.0, 4.0]))
    assert isinstance(same, Tensor) and bool(same) is True
    assert isinstance(other, Tensor) and bool(other) is False
