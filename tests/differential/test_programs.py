"""Every program in programs.py, run in PYNATIVE (plain Python) and compiled with jit: the
results must be equal (same structure, same dtypes, same values within float tolerance)."""

import pytest

import graphc as ms

from ..compare import assert_same
from .programs import PROGRAMS


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
