"""int()/float()/bool() of one-element Tensors inside graphs (run-time scalars), and the NumPy
scalar constants a graph returns, as MindSpore 2.10 returns them.

Expected values read from MindSpore 2.10 by hand: `@jit def f(x): return x.asnumpy().sum(),
np.float64(2.5), np.int64(3)` returns (numpy.float32, float, int); constant np.int8/int16/uint8/
int64/uint64 come back as int, np.float16/float32/float64 as float, np.bool_ as bool, while
np.int32 and np.uint32 stay NumPy scalars; `int(x)` of a two-element Tensor is a ValueError."""

import numpy as np
import pytest

import graphc as ms
from tests.compare import assert_same, check_compiled_matches_eager


def t(values, dtype=np.float32):
    return ms.Tensor(np.array(values, dtype))


def conversions(x):
    return int(x), float(x) * 2, bool(x)


def conversions_of_reductions(x):
    return int(x[0] * 3.7) + 1, float(x.max()), bool(x.min() > 5)


def scalar_in_arithmetic(x):
    n = int(x.sum())
    return x * n, float(x[0]) + 1.5


def truth_of_a_one_element_tensor(x):
    if bool(x > 0):
        return x + 1
    return x - 1


@pytest.mark.parametrize("fn, make", [
    (conversions, lambda: (t([2.5]),)),
    (conversions_of_reductions, lambda: (t([1.0, 2.0]),)),
    (scalar_in_arithmetic, lambda: (t([1.0, 2.0]),)),
    (truth_of_a_one_element_tensor, lambda: (t(-1.5),)),
])
def test_python_scalars_of_one_element_tensors(fn, make):
    check_compiled_matches_eager(fn, make)
    # the recorded MindSpore 2.10 results
    expected = {conversions: (2, 5.0, True), conversions_of_reductions: (4, 2.0, False)}
    if fn in expected:
        assert ms.jit(fn)(*make()) == expected[fn]
        assert ms.jit(fn, fullgraph=True)(*make()) == expected[fn]


def test_int_of_an_integer_tensor_sum_is_a_run_time_int():
    def f(x):
        return int(ms.Tensor(np.array([7], np.int32)) + x.astype(ms.int32).sum())

    out = ms.jit(f)(t([1.5, 2.0]))
    assert type(out) is int and out == 10  # MindSpore 2.10: 10


@pytest.mark.parametrize("convert", [int, float, bool])
def test_converting_a_many_element_tensor_is_a_value_error(convert):
    def f(x):
        return convert(x)

    with pytest.raises(ValueError, match=r"shape is \[2\]") as info:
        ms.jit(f, fullgraph=True)(t([1.0, 2.0]))
    assert "return convert(x)" in str(info.value)
    with pytest.raises(ValueError):
        ms.jit(f)(t([1.0, 2.0]))


def numpy_constants(x):
    return x.asnumpy().sum(), np.float64(2.5), np.int64(3)


def test_numpy_scalars_returned_from_graphs_come_back_as_mindspore_returns_them():
    out = ms.jit(numpy_constants)(t([1.0, 2.0]))
    assert [type(v) for v in out] == [np.float32, float, int]
    assert out == (3.0, 2.5, 3)


@pytest.mark.parametrize("fullgraph", [False, True])
def test_numpy_scalar_constants_of_each_type(fullgraph):
    def f(x):
        return (np.int8(1), np.int16(2), np.int32(3), np.uint8(4), np.float16(1.5),
                np.uint32(5), np.int64(6), np.uint64(7), np.float32(1.5), np.bool_(True))

    out = ms.jit(f, fullgraph=fullgraph)(t([1.0]))
    assert [type(v) for v in out] == [int, int, np.int32, int, float, np.uint32, int, int,
                                      float, bool]
    assert out == (1, 2, 3, 4, 1.5, 5, 6, 7, 1.5, True)


def test_folded_numpy_results_and_nested_constants_are_python_scalars():
    def f(x):
        a = np.float64(2.5)
        return np.sqrt(2.0), np.sum(np.ones(3)), x + a, a * 2, [a, {"k": np.int64(3)}]

    out = ms.jit(f)(t([1.0, 2.0]))
    assert type(out[0]) is float and out[0] == 1.4142135623730951
    assert type(out[1]) is float and out[1] == 3.0
    assert_same(t([3.5, 4.5]), out[2])
    assert type(out[3]) is float and out[3] == 5.0
    assert out[4] == [2.5, {"k": 3}] and type(out[4][1]["k"]) is int


def test_run_time_numpy_values_keep_their_type():
    def f(x):
        y = x.asnumpy()
        return y[0], y.mean()

    out = ms.jit(f)(t([1.0, 2.0]))
    assert [type(v) for v in out] == [np.float32, np.float32] and out == (1.0, 1.5)
