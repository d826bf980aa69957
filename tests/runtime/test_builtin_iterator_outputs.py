"""A graph that returns the lazy iterator of a builtin returns what MindSpore 2.10 returns:
map, zip and enumerate give tuples, filter a list (values recorded on MindSpore 2.10)."""

import numpy as np

from graphc import Tensor, jit

_GLOBAL = [1, 2]


def test_map_zip_enumerate_give_tuples_and_filter_a_list():
    @jit
    def lazy(x):
        return (zip((1, 2), (3, 4)), filter(lambda a: a > 0, (0, 1)), enumerate((5, 6)),
                map(lambda a: a + 1, (1, 2)))

    assert lazy(Tensor([1])) == (((1, 3), (2, 4)), [1], ((0, 5), (1, 6)), (2, 3))


def test_a_map_over_graph_values_is_computed_in_the_graph():
    @jit
    def scaled(x):
        return map(lambda a: a * x, (1, 2)), _GLOBAL

    values, same = scaled(Tensor([3]))
    assert isinstance(values, tuple) and [int(v) for v in values] == [3, 6]
    assert same is _GLOBAL  # the rest of the output is untouched


def test_a_map_over_numpy_arrays_stays_a_map():
    @jit
    def over_arrays():
        x = Tensor(np.array([1, 2])).asnumpy()
        return map(lambda a: a + 1, x)

    out = over_arrays()
    assert isinstance(out, map)  # MindSpore 2.10: a map object too
    assert [int(v) for v in out] == [2, 3]
    again = over_arrays()  # a new map at every call (the first one is used up)
    assert again is not out and [int(v) for v in again] == [2, 3]
