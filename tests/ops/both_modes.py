"""Running one function eagerly, under `@graphc.jit` and as a GRAPH_MODE Cell, and checking
that all three agree (the ops tests of MindSpore's names use it with MindSpore's numbers)."""

import graphc as ms
from graphc import nn

from ..compare import assert_same


class _FnCell(nn.Cell):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def construct(self, *args):
        return self.fn(*args)


def run_both(fn, *args, rtol=1e-5, atol=1e-6):
    """fn(*args) eagerly; asserts that `ms.jit(fn)` and a GRAPH_MODE Cell calling `fn` give the
    same, and returns the eager result."""
    eager = fn(*args)
    assert_same(eager, ms.jit(fn)(*args), "jit", rtol, atol)
    ms.set_context(mode=ms.GRAPH_MODE)
    try:
        assert_same(eager, _FnCell(fn)(*args), "GRAPH_MODE cell", rtol, atol)
    finally:
        ms.set_context(mode=ms.PYNATIVE_MODE)
    return eager


def grad_both(fn, *args, grad_position=0, rtol=1e-5, atol=1e-6):
    """`ms.grad(fn)` eagerly; asserts the compiled gradient is the same and returns it."""
    g = ms.grad(fn, grad_position=grad_position)
    eager = g(*args)
    assert_same(eager, ms.jit(g)(*args), "jit grad", rtol, atol)
    return eager
