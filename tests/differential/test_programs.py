"""Every program in programs.py, run in PYNATIVE (plain Python) and compiled with jit: the
results must be equal (same structure, same dtypes, same values within float tolerance)."""

import pytest

from ..compare import check_compiled_matches_eager
from .programs import PROGRAMS


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_gives_the_same_result_compiled(name):
    check_compiled_matches_eager(*PROGRAMS[name])
