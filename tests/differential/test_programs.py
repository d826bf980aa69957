"""Every program in programs.py, run in PYNATIVE (plain Python) and compiled with jit: the
results must be equal (same structure, same dtypes, same values within float tolerance)."""

import numpy as np
import pytest

import graphc as ms

from .programs import PROGRAMS


def assert_same(eager, graph, path="out"):
    assert type(eager) is type(graph), f"{path}: {type(eager)} vs {type(graph)}"
    if isinstance(eager, ms.Tensor):
        assert eager.dtype is graph.dtype, f"{path}: {eager.dtype} vs {graph.dtype}"
        assert eager.shape == graph.shape, f"{path}: {eager.shape} vs {graph.shape}"
        np.testing.assert_allclose(graph.asnumpy(), eager.asnumpy(), rtol=1e-5, atol=1e-6,
                                   err_msg=path)
    elif isinstance(eager, (tuple, list)):
        assert len(eager) == len(graph), path
        for i, (a, b) in enumerate(zip(eager, graph)):
            assert_same(a, b, f"{path}[{i}]")
    elif isinstance(eager, dict):
        assert list(eager) == list(graph), path
        for k in eager:
            assert_same(eager[k], graph[k], f"{path}[{k!r}]")
    else:
        assert eager == graph, f"{path}: {eager!r} vs {graph!r}"


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_gives_the_same_result_compiled(name):
    fn, make_args = PROGRAMS[name]
    eager = fn(*make_args())
    compiled = ms.jit(fn)
    graph = compiled(*make_args())
    assert_same(eager, graph)
    again = compiled(*make_args())  # cached
    assert_same(eager, again)
    assert compiled.cache_info().misses == 1
