"""`with` in graphs on objects with `__enter__`/`__exit__` (jit_class objects, and plain objects
at LAX): the body runs between them as in Python; an exception the body raises reaches
`__exit__`, which may suppress it; `return` inside the block still runs `__exit__`.

MindSpore 2.10, by hand: `with jc as k: y = x * k` for a jit_class whose `__enter__` returns 2
gives [2.] at x=[1]. MindSpore 2.10 refuses plain objects in `with`, TypeError "Only support
jit_class instance": graphc does so in STRICT, and at LAX runs them as Python does."""

import numpy as np
import pytest

import graphc as ms
from tests.compare import check_compiled_matches_eager

LOG = []


def t(values):
    return ms.Tensor(np.array(values, np.float32))


class Logged:
    def __init__(self, suppress=False):
        self.suppress = suppress

    def __enter__(self):
        LOG.append("enter")
        return 3

    def __exit__(self, kind, exc, tb):
        LOG.append(("exit", None if kind is None else kind.__name__))
        return self.suppress


@ms.jit_class
class Scale:
    def __init__(self, v):
        self.v = v

    def __enter__(self):
        return self.v

    def __exit__(self, *exc):
        return False


SCALE = Scale(2)


def jit_class_block(x):
    with SCALE as k:
        y = x * k
    return y


def two_managers(x):
    with SCALE as k, Scale(5) as m:
        y = x * k + m
    return y


def return_inside(x):
    with SCALE as k:
        return x * k


def plain_block(x):
    with Logged() as k:
        y = x * k
    return y


def raises_inside(x):
    with Logged():
        raise KeyError("k")
    return x


def suppressed(x):
    with Logged(suppress=True):
        raise ValueError("inside")
    return x + 1


def test_jit_class_block_matches_mindspore():
    np.testing.assert_array_equal(ms.jit(jit_class_block)(t([1.0])).asnumpy(), [2.0])
    np.testing.assert_array_equal(ms.jit(jit_class_block, fullgraph=True)(t([1.0])).asnumpy(),
                                  [2.0])


@pytest.mark.parametrize("fn", [jit_class_block, two_managers, return_inside])
def test_jit_class_managers_compiled_match_eager(fn):
    check_compiled_matches_eager(fn, lambda: (t([1.0, 2.0]),))


@pytest.mark.parametrize("fn", [plain_block, suppressed])
def test_plain_managers_at_lax_log_as_python_does(fn):
    LOG.clear()
    eager = fn(t([1.0]))
    eager_log = list(LOG)
    LOG.clear()
    compiled = ms.jit(fn)(t([1.0]))
    assert LOG == eager_log
    np.testing.assert_array_equal(compiled.asnumpy(), eager.asnumpy())


def test_an_exception_in_the_block_reaches_exit_then_the_caller():
    LOG.clear()
    with pytest.raises(KeyError):
        ms.jit(raises_inside)(t([1.0]))
    assert LOG == ["enter", ("exit", "KeyError")]
    LOG.clear()
    with pytest.raises(KeyError):
        ms.jit(raises_inside)(t([1.0]))  # the compiled graph, run again
    assert LOG == ["enter", ("exit", "KeyError")]


def test_strict_takes_only_jit_class_managers():
    with pytest.raises(TypeError, match="'with' only supports jit_class instances") as info:
        ms.jit(plain_block, fullgraph=True)(t([1.0]))
    assert "with Logged() as k:" in str(info.value)
    np.testing.assert_array_equal(ms.jit(jit_class_block, fullgraph=True)(t([1.0])).asnumpy(),
                                  [2.0])


def test_an_object_without_the_protocol_is_a_type_error():
    def f(x):
        with SCALE.v:
            return x

    with pytest.raises(TypeError, match="does not support the context manager protocol") as info:
        ms.jit(f)(t([1.0]))
    assert "with SCALE.v:" in str(info.value)
