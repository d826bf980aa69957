"""Limits: deep recursion and long expressions compile regardless of CPython's recursion
limit, huge loops stay rolled, nested Tensor branches compile in time linear in their depth,
overflowing ints are refused as MindSpore refuses them, odd arguments get clear answers."""

import importlib.util
import time

import numpy as np
import pytest

import graphc as ms


def _x():
    return ms.Tensor(np.ones(3, np.float32))


def _module(tmp_path, name, source):
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rec(x, n):
    if n == 0:
        return x
    return _rec(x + 1, n - 1)


def test_recursion_100_deep_under_a_constant_condition_compiles():
    def deep(x):
        return _rec(x, 100)

    np.testing.assert_allclose(ms.jit(deep)(_x()).asnumpy(), deep(_x()).asnumpy())


def test_an_expression_of_250_terms_compiles(tmp_path):
    terms = " + ".join(f"x * {i}" for i in range(250))
    m = _module(tmp_path, "expr250", f"def f(x):\n    return {terms}\n")
    np.testing.assert_allclose(ms.jit(m.f)(_x()).asnumpy(), m.f(_x()).asnumpy())


def test_a_huge_range_loop_stays_rolled():
    def f(x):
        s = x
        for i in range(10**9):
            s = s + 1 + i * 0
            if s.sum() > 10:
                break
        return s

    compiled = ms.jit(f)
    start = time.perf_counter()
    np.testing.assert_allclose(compiled(_x()).asnumpy(), f(_x()).asnumpy())
    assert time.perf_counter() - start < 30
    assert "while" in compiled.graphs()[0].source


def test_compile_time_of_nested_tensor_branches_is_not_exponential(tmp_path):
    depth = 40  # doubling per level, this took hours; now well under a second
    lines = ["def f(x):"]
    for i in range(depth):
        lines += ["    " * (i + 1) + f"if x.sum() > {i}:", "    " * (i + 2) + f"x = x + {i}"]
    m = _module(tmp_path, "nested40", "\n".join(lines + ["    return x", ""]))
    start = time.perf_counter()
    out = ms.jit(m.f)(_x())
    assert time.perf_counter() - start < 20
    np.testing.assert_allclose(out.asnumpy(), m.f(_x()).asnumpy())


def test_ints_beyond_uint64_are_refused_as_mindspore_refuses_them():
    # MindSpore 2.10: Tensor(2**63) is UInt64, Tensor(2**64) "Unsupported tensor type!"
    assert ms.Tensor(2**63).dtype is ms.uint64
    assert ms.Tensor(2**63 - 1).dtype is ms.int64
    with pytest.raises(RuntimeError, match="Unsupported tensor type"):
        ms.Tensor(2**64)
    with pytest.raises(RuntimeError, match="Unsupported tensor type"):
        ms.Tensor(-2**63 - 1)

    @ms.jit
    def f(x):
        return ms.Tensor(2**64) + x

    with pytest.raises(RuntimeError, match="Unsupported tensor type") as info:
        f(_x())
    assert "test_limits.py" in str(info.value)


def test_numpy_scalar_arguments_and_unexpected_keywords():
    @ms.jit
    def f(x, y=1):
        return x * y

    np.testing.assert_allclose(f(_x(), np.float64(2.5)).asnumpy(), [2.5] * 3)
    np.testing.assert_allclose(f(_x(), np.int64(2)).asnumpy(), [2] * 3)
    with pytest.raises(TypeError, match=r"f\(\) got an unexpected keyword argument 'z'"):
        f(_x(), z=3)


@pytest.mark.parametrize("jit", [False, True])
def test_shape_errors_of_layers_and_ops_name_the_users_line(jit):
    from graphc import nn, ops
    dense, conv = nn.Dense(4, 2), nn.Conv2d(3, 2, 3)

    def matmul(x):
        return ops.matmul(x, x)

    def dense_call(x):
        return dense(x)

    def conv_call(x):
        return conv(x)

    def broadcast(x):
        return x + ms.Tensor(np.ones((4,), np.float32))

    x = ms.Tensor(np.ones((2, 3), np.float32))
    for fn in (matmul, dense_call, conv_call, broadcast):
        with pytest.raises(ValueError) as info:
            (ms.jit(fn) if jit else fn)(x)
        where = str(info.value) + "".join(getattr(info.value, "__notes__", []))
        assert "test_limits.py" in where, (fn.__name__, where)
