"""Loop-body recapture (jit_config `recapture_loop_body`): a graph break inside a `for` loop
runs the loop in Python, each iteration's body as a function captured on its own, and the
code after the loop (or after a `break`) in a captured resume function; without the option the
loop and the rest run in Python, uncaptured."""

import numpy as np

import graphc as ms
from graphc import ops

RECAPTURE = {"recapture_loop_body": True}


def t(data):
    return ms.Tensor(np.asarray(data, np.float32))


def pijit(fn, **config):
    return ms.jit(fn, capture_mode="bytecode", jit_config=config)


def grows(a):
    result = a
    for _ in range(6):
        result = ops.exp(result * 0.1) + a
        if result[0] > 2.5:  # a Tensor condition: a break inside the loop
            result = result - 1
    return ops.relu(result) * 2


def stops(a):
    result = a
    for i in range(8):
        result = result + a
        if result[0] > 3.5:
            break
        if i == 100:
            return a
    return result * 3


def returns_inside(a):
    for i in range(5):
        a = a * 2
        if a[0] > 10:
            return a - i
    return a


def test_a_break_in_a_loop_captures_each_body_and_the_code_after_it():
    f = pijit(grows, **RECAPTURE)
    x = t([1.0, 0.5])
    np.testing.assert_allclose(f(x).asnumpy(), grows(x).asnumpy(), rtol=1e-6)
    np.testing.assert_allclose(f(x).asnumpy(), grows(x).asnumpy(), rtol=1e-6)
    info = f.capture_info()
    assert info.compiles == ["first call"] and info.hits == 1
    loop_break = info.breaks[0]
    assert loop_break.kind == "loop" and "each iteration's body captured" in loop_break.reason
    ops_seen = [g.ops for g in info.graphs]
    assert ["mul", "exp", "add", "getitem", "greater"] in ops_seen  # a body, up to its if
    assert ops_seen[-1] == ["relu", "mul"]  # after the loop


def test_without_the_option_the_loop_runs_in_python():
    f = pijit(grows)
    x = t([1.0, 0.5])
    np.testing.assert_allclose(f(x).asnumpy(), grows(x).asnumpy(), rtol=1e-6)
    info = f.capture_info()
    assert info.graph_count == 0 and info.breaks[0].kind == "block"


def test_a_python_break_leaves_the_loop_into_a_captured_resume():
    f = pijit(stops, **RECAPTURE)
    for data in ([1.0, 1.0], [0.5, 2.0], [5.0, 0.0]):
        x = t(data)
        np.testing.assert_allclose(f(x).asnumpy(), stops(x).asnumpy(), rtol=1e-6)
    info = f.capture_info()
    assert info.graphs[-1].ops == ["mul"]  # `result * 3`, after the break


def test_a_return_inside_the_loop_body_returns_from_the_function():
    f = pijit(returns_inside, **RECAPTURE)
    for data in ([1.0], [3.0], [0.01]):
        x = t(data)
        np.testing.assert_allclose(f(x).asnumpy(), returns_inside(x).asnumpy(), rtol=1e-6)
    assert f.capture_info().breaks[0].kind == "loop"
