"""Lists and dicts that live outside a graph come back from it as the same objects (LAX), as in
MindSpore 2.10: globals, attributes, the lists a folded tuple holds, and the caller's
arguments. Expected values were recorded by running the same programs on MindSpore 2.10."""

import graphc as ms
from graphc import jit, nn

TABLE = {"k": [5, 6]}
PAIR = (["a", "b"], 1)


def test_a_global_dict_and_the_list_it_holds_are_returned_as_themselves():
    @jit
    def read_table():
        return TABLE, TABLE["k"]

    whole, item = read_table()
    assert whole is TABLE
    assert item is TABLE["k"]


def test_a_list_inside_a_global_tuple_is_changed_at_every_call_and_returned_as_itself():
    @jit
    def grow():
        inner = PAIR[0]
        inner.extend(["c"])
        return inner

    first = grow()
    assert first is PAIR[0]
    assert PAIR[0] == ["a", "b", "c"]
    second = grow()  # the compiled graph changes the real list again (MindSpore: same)
    assert second is PAIR[0]
    assert PAIR[0] == ["a", "b", "c", "c"]
    del PAIR[0][2:]


def test_list_and_dict_arguments_are_returned_as_the_callers_objects():
    @jit
    def swap(xs, table):
        return table, xs

    xs, table = [1.5], {"a": 2}
    got_table, got_xs = swap(xs, table)
    assert got_table is table
    assert got_xs is xs
    other = [1.5]  # same key: the cached graph returns this call's list
    assert swap(other, table)[1] is other
    assert swap.cache_info().entries == 1


def test_changing_a_list_inside_a_tuple_argument_changes_the_callers_list():
    @jit
    def flip(pair):
        first = pair[0]
        first.reverse()
        return first

    pair = ([1, 2, 3], 4)
    got = flip(pair)
    assert got is pair[0]
    assert pair == ([3, 2, 1], 4)


def test_a_list_argument_stored_into_a_dict_argument_is_the_callers_list():
    @jit
    def store(table, xs):
        table["new"] = xs
        return table

    table, xs = {"old": 0}, [4, 5]
    got = store(table, xs)
    assert got is table
    assert got["new"] is xs
    assert table == {"old": 0, "new": [4, 5]}


def test_a_list_held_by_a_tuple_attribute_of_a_cell_is_returned_as_itself():
    class Holder(nn.Cell):
        def __init__(self, items):
            super().__init__()
            self.items = items

        def construct(self):
            return self.items[1]

    items = (0, [1, 2])
    assert Holder(items)() is items[1]


def test_a_list_the_graph_builds_is_a_new_list_per_call():
    @jit
    def build(x):
        return [1, x]

    first, second = build(2), build(2)
    assert first == second == [1, 2]
    assert first is not second  # PyNative's answer (MindSpore 2.10 hands back one object)
    assert ms.get_context("jit_syntax_level") == ms.LAX
