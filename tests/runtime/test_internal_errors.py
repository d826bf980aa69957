"""graphc's own failures are reported as GraphcInternalError naming the user's line, with the
original chained; the user's errors keep their types."""

import gast
import numpy as np
import pytest

import graphc as ms
from graphc.common import errors
from graphc.common.errors import GraphcInternalError
from graphc.infer.lowering import STATEMENT_RULES


def _x():
    return ms.Tensor(np.ones(3, np.float32))


def test_user_operation_errors_keep_their_type_when_compiling():
    @ms.jit
    def index(x):
        t = (1, 2)
        return x + t[5]

    @ms.jit
    def divide(x):
        return x + 1 // 0

    with pytest.raises(IndexError) as info:
        index(_x())
    assert not isinstance(info.value, GraphcInternalError)
    assert "return x + t[5]" in str(info.value)
    with pytest.raises(ZeroDivisionError):
        divide(_x())


def test_user_raise_and_user_python_keep_their_type_at_run_time():
    @ms.jit
    def f(x, n):
        if x.sum() > 0:
            raise KeyError("mine")
        return x // n

    def boom(a):
        return {}[a]

    @ms.jit
    def g(x):
        return boom(x.asnumpy().shape[0])

    with pytest.raises(KeyError) as info:
        f(_x(), ms.mutable(1))
    assert not isinstance(info.value, GraphcInternalError)

    @ms.jit
    def h(x, n):
        return x + 1 // n

    with pytest.raises(ZeroDivisionError):
        h(_x(), ms.mutable(0))
    with pytest.raises(KeyError):
        g(_x())


def test_a_failure_inside_graphc_while_compiling_is_an_internal_error(monkeypatch):
    def broken(b, frame, stmt):
        errors.format_trace([None])  # an AttributeError inside graphc's own code

    monkeypatch.setitem(STATEMENT_RULES, gast.Pass, broken)

    @ms.jit
    def f(x):
        pass
        return x

    with pytest.raises(GraphcInternalError) as info:
        f(_x())
    message = str(info.value)
    assert "AttributeError" in message and "please report" in message
    assert "test_internal_errors.py" in message and "        pass" in message
    assert isinstance(info.value.__cause__, AttributeError)
    assert "graphc's traceback" not in message

    monkeypatch.setenv("GRAPHC_DEBUG", "1")
    with pytest.raises(GraphcInternalError, match="graphc's traceback"):
        ms.jit(f.fn)(_x())


def test_a_failure_of_generated_code_at_run_time_is_an_internal_error():
    @ms.jit
    def f(x):
        return ms.ops.relu(x) + 1

    f(_x())
    namespace = f.graphs()[0].generated.globals
    kernel = next(k for k in namespace if k.startswith("_impl_relu"))
    del namespace[kernel]  # the generated code now fails with NameError
    with pytest.raises(GraphcInternalError) as info:
        f(_x())
    assert "NameError" in str(info.value) and "running the compiled graph" in str(info.value)
    assert "def f(x):" in str(info.value)
    assert isinstance(info.value.__cause__, NameError)
