"""Every program in programs_more.py, run in PYNATIVE (plain Python) and compiled with jit: the
results must be equal (same structure, same dtypes, same values within float tolerance).

Each compiled function is then called with other Tensor values of the same shapes and dtypes
(signs flipped, so Tensor conditions usually take the other branch): that call must hit the
cache and still agree with PyNative, so nothing computed from an input is baked into a graph.
"""

import numpy as np
import pytest

import graphc as ms

from ..compare import assert_same, check_compiled_matches_eager
from .programs_more import MORE_PROGRAMS


def _other_values(value):
    """`value` with every Tensor leaf replaced by one of the same shape and dtype holding
    different values."""
    if isinstance(value, ms.Tensor):
        data = value.asnumpy()
        if data.dtype == np.bool_:
            other = ~data
        elif np.issubdtype(data.dtype, np.integer):
            other = (1 - data).astype(data.dtype)
        else:
            other = (data * -1.5 + 0.25).astype(data.dtype)
        return ms.Tensor(other)
    if isinstance(value, (tuple, list)):
        return type(value)(_other_values(v) for v in value)
    return value


@pytest.mark.parametrize("name", sorted(MORE_PROGRAMS))
def test_more_program_gives_the_same_result_compiled(name):
    check_compiled_matches_eager(*MORE_PROGRAMS[name])


@pytest.mark.parametrize("name", sorted(MORE_PROGRAMS))
def test_more_program_reads_new_inputs_from_the_cache(name):
    fn, make_args = MORE_PROGRAMS[name]
    compiled = ms.jit(fn)
    compiled(*make_args())
    other = _other_values(make_args())
    with np.errstate(all="ignore"):
        eager = fn(*other)
        graph = compiled(*_other_values(make_args()))
    assert_same(eager, graph)
    assert compiled.cache_info().misses == 1
