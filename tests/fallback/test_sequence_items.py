"""Tuples and lists holding Tensors inside graphs: `in`, `count`, `index` and a run-time index
compare items as Python does (identity, then equality: PyNative's answer, which graphc gives
in both modes where MindSpore 2.10's graphs compare Tensors by value); a run-time index picks
items as MindSpore 2.10 does; `is` between run-time and constant ints is Python's answer."""

import numpy as np
import pytest

from graphc import Tensor, jit
from graphc.common.sequence_equality import items_equal, sequence_index


def _outcome(fn, *args):
    try:
        return ("value", fn(*args))
    except ValueError as exc:
        return ("ValueError", type(exc))


def _among(x):
    return x in (1, Tensor([1, 2, 3]), np.array([1, 2, 3]))


def _among_same(x, y):
    return x in (x, y), y in (y + 1, 5.0), x not in (x,)


@pytest.mark.parametrize("value", [Tensor([1, 2, 3]), Tensor([1, 1, 1]), Tensor([1]),
                                   Tensor(1)])
def test_in_of_a_tensor_is_pythons_answer_in_both_modes(value):
    # Python compares by identity, then bool(item == value): ambiguous for several elements
    eager, compiled = _outcome(_among, value), _outcome(jit(_among), value)
    assert eager[0] == compiled[0]
    if eager[0] == "value":
        assert eager[1] is compiled[1]
    expected_kind = "ValueError" if value.size > 1 else "value"
    assert eager[0] == expected_kind


def test_in_finds_the_same_tensor_and_gives_a_python_bool():
    x, y = Tensor([1.0, 2.0]), Tensor([5.0])
    assert jit(_among_same)(x, y) == _among_same(x, y) == (True, True, False)
    assert type(jit(_among_same)(x, y)[0]) is bool


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



def test_a_slice_with_run_time_bounds_is_taken_when_the_graph_runs():
    @jit
    def tail(a):
        return [1, 2, 3, 4][a::]

    @jit
    def parts(a, b):
        items = (1, 2, 3, 4, 5)
        return items[a:b], items[::b], items[1:-1]

    assert tail(Tensor(2)) == [3, 4]  # MindSpore 2.10: [3, 4]
    assert parts(Tensor(1), Tensor(3)) == ((2, 3), (1, 4), (2, 3, 4))
