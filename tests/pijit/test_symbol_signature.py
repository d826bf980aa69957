"""`Symbol` dims in a PIJit `input_signature`: inputs that fit share one dynamic-shape graph;
an input breaking a Symbol's min, max, divisor/remainder or a unique Symbol's one value is a
ValueError in MindSpore's words, raised before anything is captured or run."""

import numpy as np
import pytest

import graphc as ms
from graphc import Symbol, Tensor


def ones(*shape):
    return Tensor(np.ones(shape, np.float32))


def signed(*specs):
    def decorate(fn):
        return ms.jit(fn, capture_mode="bytecode", input_signature=specs)
    return decorate


def test_inputs_fitting_the_symbol_share_one_graph_and_others_are_value_errors():
    sym = Symbol(max=4, min=2, divisor=2)

    @signed(Tensor(shape=[sym, 3], dtype=ms.float32))
    def f(x):
        return x * 2

    assert f(ones(4, 3)).shape == (4, 3) and f(ones(2, 3)).shape == (2, 3)
    too_big = r"the 'max' value '4' of `Symbol`, but got '6'\. Actual shape: \[6, 3\], axis: 0"
    with pytest.raises(ValueError, match=too_big):
        f(ones(6, 3))
    with pytest.raises(ValueError, match=r"'divisor'\(d\) and 'remainder'\(d\) of `Symbol`.*"
                                         r"got d=2 and r=0, but actual shape value is '3'"):
        f(ones(3, 3))
    info = f.capture_info()
    assert info.compiles == ["first call"] and info.graph_count == 1 and info.hits == 1
    assert info.graphs[0].ops == ["mul"]


def test_min_and_remainder_of_a_symbol_in_a_later_dim():
    @signed(Tensor(shape=[2, Symbol(min=3, divisor=4, remainder=1)], dtype=ms.float32))
    def f(x):
        return x + 1

    assert f(ones(2, 5)).shape == (2, 5)
    with pytest.raises(ValueError, match=r"The 2th shape value of 1th actual input args must be "
                                         r"greater than or equal to the 'min' value '3'"):
        f(ones(2, 1))
    with pytest.raises(ValueError, match="actual shape value is '6'"):
        f(ones(2, 6))
    assert f.capture_info().calls == 1


def test_a_unique_symbol_is_one_value_across_the_arguments():
    same = Symbol(unique=True)

    @signed(Tensor(shape=[same], dtype=ms.float32), Tensor(shape=[same], dtype=ms.float32))
    def f(x, y):
        return x + y

    assert f(ones(3), ones(3)).shape == (3,)
    with pytest.raises(ValueError, match=r"The 1th shape value of 2th actual input args is a "
                                         r"unique symbol.*previous value is 3, but the current "
                                         r"value is 4"):
        f(ones(3), ones(4))
    assert f.capture_info().graph_count == 1


def test_a_cell_s_set_inputs_symbols_are_checked_in_graph_mode_as_mindspore():
    class Net(ms.nn.Cell):
        def construct(self, x):
            return x * 2

    net = Net()
    net.set_inputs(Tensor(shape=[Symbol(max=4, min=2, divisor=2), 3], dtype=ms.float32))
    ms.set_context(mode=ms.GRAPH_MODE)
    try:
        assert net(ones(4, 3)).shape == (4, 3)
        with pytest.raises(ValueError, match="the 'max' value '4' of `Symbol`, but got '6'"):
            net(ones(6, 3))
    finally:
        ms.set_context(mode=ms.PYNATIVE_MODE)
