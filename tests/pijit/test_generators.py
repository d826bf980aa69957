"""Generator functions called from captured code: translated to their end at the call, what
they yield (`yield`, `yield from` a list or an iterator made inside) iterated by the caller in
the same graph; one that draws from an iterator made outside is a graph break."""

import numpy as np

import graphc as ms
from graphc._c_expression import get_code_extra


def three():
    yield 1
    yield 2
    yield 3


def delegating():
    yield from [1, 2, 3]


def delegating_iter():
    yield from iter([1, 2, 3])


def scaled(x):
    for i in range(3):
        yield x * i


def test_yield_and_yield_from_are_iterated_without_a_break():
    for gen in (three, delegating, delegating_iter):
        def total(gen=gen):
            s = 0
            for v in gen():
                s = s + v
            return s

        f = ms.jit(total, capture_mode="bytecode")
        assert f() == 6
        info = f.capture_info()
        assert info.break_count == 0 and get_code_extra(total)["break_count_"] == 0


def test_a_generator_of_tensors_records_its_ops_in_the_caller_s_graph():
    def collect(x):
        return [v + 1 for v in scaled(x)]

    f = ms.jit(collect, capture_mode="bytecode")
    out = f(ms.Tensor(np.array([2.0], np.float32)))
    assert [float(v.asnumpy()[0]) for v in out] == [1.0, 3.0, 5.0]
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0
    # (the generator ran to its end at the call, then the caller's loop)
    assert info.graphs[0].ops == ["mul", "mul", "mul", "add", "add", "add"]


def test_a_generator_over_an_iterator_from_outside_is_a_break():
    def inner(it):
        yield from it

    def total(it):
        s = 0
        for v in inner(it):
            s = s + v
        return {"sum": s}

    f = ms.jit(total, capture_mode="bytecode")
    assert f(iter([1, 2, 3])) == {"sum": 6}
    assert get_code_extra(total)["break_count_"] == 1
    assert "iterates over a list_iterator" in f.capture_info().breaks[0].reason
