"""`fullgraph=True` errors say where the break is through the calls that lead to it (the call
line, then the line inside the called function) and give MindSpore's hints for unsupported
bytecode and iterables."""

import numpy as np
import pytest

import graphc as ms
from graphc.pijit import Unsupported


def t(data):
    return ms.Tensor(np.asarray(data, np.float32))


def test_a_break_in_a_called_function_names_the_call_then_the_line_inside():
    def helper():
        print("inside helper")  # the break

    @ms.jit(capture_mode="bytecode", fullgraph=True)
    def fn(x):
        x = x + 1
        helper()
        return x

    with pytest.raises(Unsupported) as info:
        fn(t([1.0]))
    text = str(info.value)
    assert 0 <= text.find("helper()") < text.find('print("inside helper")')
    assert fn.capture_info().graph_count == 0


def test_unsupported_bytecode_and_iterables_carry_mindspore_s_hints():
    @ms.jit(capture_mode="bytecode", fullgraph=True)
    def makes_class():
        class Inner:
            pass
        return Inner

    with pytest.raises(Unsupported, match="Hint: ByteCode LOAD_BUILD_CLASS is not supported"):
        makes_class()

    @ms.jit(capture_mode="bytecode", fullgraph=True)
    def sums(seq):
        total = 0
        for i in seq:
            total = total + i
        return total

    with pytest.raises(Unsupported, match="Hint: Unsupported iterable type: set"):
        sums({1, 2, 3})
