"""The differential corpora run three ways: eagerly, with `@jit` (AST) and with PIJit
(`capture_mode="bytecode"`). Results, printed text and module state must be equal, on the
first and on a cached call; and PIJit must have captured something (a graph, and the second
call served from the cache), so a PIJit that only ran the function eagerly fails."""

import pytest

import graphc as ms

from ..compare import assert_same
from ..differential.programs import PROGRAMS as GRAPH_PROGRAMS
from ..differential.programs_more import MORE_PROGRAMS
from ..fallback import programs as fallback_programs

CORPUS = {**{f"graph.{k}": v for k, v in GRAPH_PROGRAMS.items()},
          **{f"more.{k}": v for k, v in MORE_PROGRAMS.items()}}
FALLBACK = {f"fallback.{k}": (fn, args) for k, (fn, args, _) in
            fallback_programs.PROGRAMS.items()}


def _assert_captured(fn):
    """Every call ran a captured entry: served from the cache, or captured anew for a reason
    the guards name (a global the program itself changes, ...)."""
    info = fn.capture_info()
    assert info.state == "GRAPH_CALLABLE", info
    assert info.entries >= 1, info
    assert info.hits >= 1 or (len(info.compiles) == info.calls and
                              "new call" not in info.compiles), info


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_graph_program_same_three_ways(name):
    fn, make_args = CORPUS[name]
    eager = fn(*make_args())
    assert_same(eager, ms.jit(fn)(*make_args()))
    pijit = ms.jit(fn, capture_mode="bytecode")
    assert_same(eager, pijit(*make_args()))
    assert_same(eager, pijit(*make_args()))
    _assert_captured(pijit)


def _run(fn, make_args, capsys, calls=2):
    fallback_programs.reset_state()
    results = [fn(*make_args()) for _ in range(calls)]
    return results, capsys.readouterr().out, fallback_programs.snapshot()


@pytest.mark.parametrize("name", sorted(FALLBACK))
def test_fallback_program_same_with_pijit(name, capsys):
    fn, make_args = FALLBACK[name]
    eager, eager_out, eager_state = _run(fn, make_args, capsys)
    pijit = ms.jit(fn, capture_mode="bytecode")
    got, got_out, got_state = _run(pijit, make_args, capsys)
    assert_same(eager, got)
    assert got_out == eager_out
    assert_same(eager_state, got_state, "module state")
    _assert_captured(pijit)
