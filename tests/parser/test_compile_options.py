"""The environment options a compile reads are read once, when it starts, and a module's
origin is classified once per compile (not at each name the graph looks up)."""

import numpy as np

import graphc as ms
from graphc import ops
from graphc.common import compile_options
from graphc.parser import resolve


def helper(x):
    return ops.relu(x) + 1


def many_lookups(x):
    for _ in range(10):
        x = helper(x) * 2
    return x


def test_a_compile_reads_the_environment_once(monkeypatch):
    reads = []
    original = compile_options.CompileOptions.from_environment.__func__

    def counting(cls):
        reads.append(1)
        return original(cls)
    monkeypatch.setattr(compile_options.CompileOptions, "from_environment", classmethod(counting))
    ms.jit(many_lookups)(ms.Tensor(np.ones(3, np.float32)))
    assert len(reads) == 1


def test_a_module_is_classified_once_per_compile(monkeypatch):
    seen = []
    original = resolve.top_module_origin

    def counting(top, options):
        seen.append(top)
        return original(top, options)
    monkeypatch.setattr(resolve, "top_module_origin", counting)
    ms.jit(many_lookups)(ms.Tensor(np.ones(2, np.float32)))
    assert seen.count(__name__.split(".")[0]) <= 1
    assert len(seen) == len(set(seen))


def test_outside_a_compile_the_environment_is_read_afresh(monkeypatch):
    monkeypatch.setenv("MS_JIT_IGNORE_MODULES", "tests")
    assert resolve.module_origin("tests.parser") is resolve.Origin.THIRD_PARTY
    monkeypatch.setenv("MS_JIT_IGNORE_MODULES", "")
    monkeypatch.setenv("MS_JIT_MODULES", "tests")
    assert resolve.module_origin("tests.parser") is resolve.Origin.USER
    assert not compile_options.in_compile()


def test_a_nested_compile_shares_its_callers_options():
    with compile_options.compiling() as outer:
        with compile_options.compiling() as inner:
            assert inner is outer
        assert compile_options.current() is outer
    assert not compile_options.in_compile()
