"""f-strings of lists and tuples holding graph values are formatted when the graph runs, and
dict views index like tuples inside graphs, as in MindSpore 2.10 (values recorded there)."""

from graphc import Tensor, jit, mutable


def test_an_f_string_of_a_list_of_run_time_values_shows_the_values():
    @jit
    def refuse(x, y, z):
        if z >= 1:
            raise TypeError(f"The input is {x}")
        raise TypeError(f"The input is {y}")

    try:
        refuse(mutable([1, 2, 3]), mutable([4, 5]), Tensor([1]))
    except TypeError as exc:
        assert str(exc) == "The input is [1, 2, 3]"
    else:
        raise AssertionError("the graph did not raise")


def test_an_f_string_of_nested_tensors_reads_as_python_prints_them():
    @jit
    def text(x, y):
        return f"{[x, y]} and {(x, [y])}"

    assert text(Tensor([1]), Tensor([2])) == (
        "[Tensor(shape=[1], dtype=Int64, value= [1]), Tensor(shape=[1], dtype=Int64, value= [2])]"
        " and (Tensor(shape=[1], dtype=Int64, value= [1]), "
        "[Tensor(shape=[1], dtype=Int64, value= [2])])")


def test_dict_views_index_like_tuples():
    @jit
    def pick(x):
        d = {"a": x, "b": 2}
        return d.values()[0], d.keys()[1], d.items()[1], d.values()[-1], d.values()[0:1]

    first, key, item, last, head = pick(Tensor([1]))
    assert int(first) == 1 and key == "b" and item == ("b", 2) and last == 2
    assert isinstance(head, tuple) and int(head[0]) == 1
