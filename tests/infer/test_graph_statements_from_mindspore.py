"""Statements and methods MindSpore's own programs use in graphs: `dict.has_key`, `assert` on a
graph value (AssertionError at run time, with its message), calling a jit_class instance that
has no `__call__` (ValueError).

MindSpore 2.10, by hand: `d.has_key("a"), d.has_key("c")` gives (True, False); `assert x.sum() > 0,
"must be positive"` passes at x=[1] and raises AssertionError('must be positive') at x=[-1]; calling
a jit_class instance without `__call__` raises ValueError "MsClassObject: 'NoCall' has no __call__
function, please check the code."."""

import numpy as np
import pytest

import graphc as ms
from tests.compare import assert_same, check_compiled_matches_eager


def t(values):
    return ms.Tensor(np.array(values, np.float32))


def has_keys(x):
    d = {"a": x, "b": 2}
    return d.has_key("a"), d.has_key("c"), x


@pytest.mark.parametrize("fullgraph", [False, True])
def test_dict_has_key_in_graphs(fullgraph):
    out = ms.jit(has_keys, fullgraph=fullgraph)(t([1.0]))
    assert out[:2] == (True, False)
    assert_same(t([1.0]), out[2])


def checked(x):
    assert x.sum() > 0, "must be positive"
    return x * 2


def checked_without_message(x):
    assert x.sum() > 0
    return x


@pytest.mark.parametrize("fullgraph", [False, True])
def test_assert_on_a_graph_value_raises_at_run_time(fullgraph):
    f = ms.jit(checked, fullgraph=fullgraph)
    assert_same(t([2.0]), f(t([1.0])))
    with pytest.raises(AssertionError) as info:
        f(t([-1.0]))
    assert info.value.args == ("must be positive",)
    assert_same(t([4.0]), f(t([2.0])))  # the same graph, passing again
    with pytest.raises(AssertionError) as info:
        ms.jit(checked_without_message, fullgraph=fullgraph)(t([-1.0]))
    assert info.value.args == ()


def test_assert_compiled_matches_eager_when_it_passes():
    check_compiled_matches_eager(checked, lambda: (t([1.0, 2.0]),))


@ms.jit_class
class NoCall:
    def __init__(self):
        self.v = 2


NO_CALL = NoCall()


def calls_it(x):
    return NO_CALL(x)


@pytest.mark.parametrize("fullgraph", [False, True])
def test_calling_a_jit_class_without_call_is_a_value_error(fullgraph):
    with pytest.raises(ValueError, match="MsClassObject: 'NoCall' has no __call__ function") \
            as info:
        ms.jit(calls_it, fullgraph=fullgraph)(t([1.0]))
    assert "return NO_CALL(x)" in str(info.value)
