"""`jit_config={"loop_unrolling": False}`: a for loop is not unrolled into the graph; it is a
graph break (the loop runs in Python), and with `fullgraph=True` an error naming its line."""

import numpy as np
import pytest

import graphc as ms
from graphc.pijit.api import Unsupported


def _x():
    return ms.Tensor(np.ones((2, 2), np.float32))


def test_default_unrolls_the_loop_into_one_graph():
    @ms.jit(capture_mode="bytecode")
    def fn(x):
        for _ in range(3):
            x = x + 1
        return x

    np.testing.assert_array_equal(fn(_x()).asnumpy(), np.full((2, 2), 4.0))
    info = fn.capture_info()
    assert len(info.graphs) == 1 and not info.breaks


def test_loop_unrolling_false_breaks_at_the_loop():
    @ms.jit(capture_mode="bytecode", jit_config={"loop_unrolling": False})
    def fn(x):
        y = x * 2
        for _ in range(3):
            y = y + 1
        return y - 1

    np.testing.assert_array_equal(fn(_x()).asnumpy(), np.full((2, 2), 4.0))
    info = fn.capture_info()
    assert len(info.breaks) == 1
    assert "loop_unrolling=False" in info.breaks[0].reason


def test_loop_unrolling_false_with_fullgraph_names_the_loop():
    @ms.jit(capture_mode="bytecode", jit_config={"loop_unrolling": False}, fullgraph=True)
    def fn(x):
        for _ in range(3):
            x = x + 1
        return x

    with pytest.raises(Unsupported) as info:
        fn(_x())
    assert "for _ in range(3):" in str(info.value)
