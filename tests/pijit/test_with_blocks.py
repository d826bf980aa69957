"""`with` blocks of the user's own context managers in functions called from captured code:
`__enter__` and `__exit__` are translated like any method, their side effects replayed once
per call in program order; a break inside such a block runs the whole call in Python. (A
`with` block of a user manager in the PIJit function itself still breaks there.) Also: a
`functools.wraps` wrapper binds its own `(*args, **kwargs)`, not the wrapped signature."""

import functools

import numpy as np

import graphc as ms
from graphc import ops


def t(data):
    return ms.Tensor(np.asarray(data, np.float32))


def pijit(fn):
    return ms.jit(fn, capture_mode="bytecode")


class Counter:
    def __init__(self):
        self.entered = 0
        self.exited = 0

    def __enter__(self):
        self.entered += 1
        return self

    def __exit__(self, *exc):
        self.exited += 1
        return False


COUNTER = Counter()


def counted(x, talk):
    with COUNTER as c:
        y = x * 2
        if talk:
            print("inside")
        y = y + c.entered
    return y


def calls_counted(x, talk):
    return counted(x, talk) + 1


class ContextDecorator:
    def __call__(self, func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return inner

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


@ContextDecorator()
def doubled(x):
    return ops.add(x, x)


def calls_doubled(x):
    return doubled(x) * 3


def test_a_decorator_that_enters_a_user_manager_is_captured_whole():
    f = pijit(calls_doubled)
    x = t([1.0, 2.0])
    np.testing.assert_allclose(f(x).asnumpy(), calls_doubled(x).asnumpy())
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0
    assert info.graphs[0].ops == ["add", "mul"]


def test_enter_and_exit_run_once_per_call_and_what_they_change_is_guarded():
    f = pijit(calls_counted)
    for start in (0, 0, 5):  # a cached call, then a changed attribute
        COUNTER.entered, COUNTER.exited = start, 0
        out = f(t([1.0]), False)
        assert (COUNTER.entered, COUNTER.exited) == (start + 1, 1)
        np.testing.assert_allclose(out.asnumpy(), [2.0 + start + 1 + 1])
    info = f.capture_info()
    assert info.break_count == 0 and info.hits == 1
    assert len(info.compiles) == 2 and "entered" in info.compiles[1]


def test_a_break_inside_the_block_runs_the_whole_call_in_python(capsys):
    f = pijit(calls_counted)
    for _ in range(2):
        COUNTER.entered, COUNTER.exited = 0, 0
        np.testing.assert_allclose(f(t([1.0]), True).asnumpy(), [4.0])
        assert (COUNTER.entered, COUNTER.exited) == (1, 1)
    assert capsys.readouterr().out == "inside\n" * 2
    info = f.capture_info()
    assert info.break_count == 1 and "calls counted" in info.breaks[0].reason
    assert [g.ops for g in info.graphs] == [["add"]]


def test_a_user_manager_in_the_pijit_function_itself_still_breaks_at_the_with():
    f = pijit(counted)
    COUNTER.entered, COUNTER.exited = 0, 0
    np.testing.assert_allclose(f(t([1.0]), False).asnumpy(), [3.0])
    assert (COUNTER.entered, COUNTER.exited) == (1, 1)
    info = f.capture_info()
    assert info.break_count == 1 and "`with` block" in info.breaks[0].reason


def test_a_wraps_wrapper_is_called_with_its_own_parameters():
    f = pijit(doubled)  # `inner(*args, **kwargs)`, whose __wrapped__ takes `x`
    x = t([3.0])
    np.testing.assert_allclose(f(x).asnumpy(), [6.0])
    np.testing.assert_allclose(f(x=x).asnumpy(), [6.0])
