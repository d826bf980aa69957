"""Every program of programs.py in PYNATIVE (plain Python) and under `jit` at LAX: equal
results, equal printed text, equal changes to the module's state — on the first call and on a
cached one. STRICT rejects each (except plain graph programs) with an error naming the line."""

import numpy as np
import pytest

import graphc as ms
from graphc.common.errors import GraphcError

from ..compare import assert_same
from . import programs
from .programs import PROGRAMS


def _run(fn, make_args, capsys, calls=2):
    programs.reset_state()
    results = []
    for _ in range(calls):
        results.append(fn(*make_args()))
    printed = capsys.readouterr().out
    return results, printed, programs.snapshot()


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_fallback_program_gives_the_python_answer(name, capsys):
    fn, make_args, _ = PROGRAMS[name]
    eager, eager_printed, eager_state = _run(fn, make_args, capsys)
    compiled = ms.jit(fn)
    graph, graph_printed, graph_state = _run(compiled, make_args, capsys)
    for i, (a, b) in enumerate(zip(eager, graph)):
        assert_same(a, b, f"call {i}")
    assert graph_printed == eager_printed
    assert graph_state == eager_state
    assert compiled.cache_info().hits >= 1  # the second call used the compiled graph


@pytest.mark.parametrize("name", sorted(n for n, p in PROGRAMS.items() if not p[2]))
def test_strict_rejects_the_fallback_program(name):
    fn, make_args, _ = PROGRAMS[name]
    programs.reset_state()
    ms.set_context(jit_syntax_level=ms.STRICT)
    with pytest.raises(GraphcError) as info:
        ms.jit(fn)(*make_args())
    assert "programs.py" in str(info.value)  # the user's file and line, not graphc's


def test_cell_attributes_set_in_graph_mode_are_seen_after_each_call(capsys):
    x, y = programs._xy()
    eager_net = programs.CountingNet()
    eager = [eager_net(x, y) for _ in range(3)]
    ms.set_context(mode=ms.GRAPH_MODE)
    net = programs.CountingNet()
    graph = [net(x, y) for _ in range(3)]
    assert_same(eager, graph)
    for attr in ("count", "history", "last_sum"):
        assert getattr(net, attr) == getattr(eager_net, attr)
    assert net.helper.calls == eager_net.helper.calls == 3


@pytest.mark.parametrize("mode", [ms.PYNATIVE_MODE, ms.GRAPH_MODE])
def test_jit_class_attributes_set_in_construct_are_seen_after_each_call(mode):
    ms.set_context(mode=mode)
    net = programs.NetWithJitClass()
    x = ms.Tensor(np.array([1.0, 2.0], np.float32))
    outs = [net(x).asnumpy().tolist() for _ in range(3)]
    assert outs == [[2.0, 4.0], [3.0, 6.0], [4.0, 8.0]]
    assert net.inner.x == 4
