"""Compiler bugs found by the differential corpus, pinned: each program gives PyNative's
answer compiled, or the clear error that says why it cannot."""

import functools

import numpy as np
import pytest

import graphc as ms
from graphc import nn
from graphc.common.errors import GraphcError

from ..compare import assert_same


def t(values):
    return ms.Tensor(np.array(values, np.float32))


def two_names_in_tensor_branch(x, y):
    if x.sum() < 0:
        a = x + 1
        b = y * 2
    else:
        a = y
        b = x
    return a, b


def list_append_in_tensor_branches(x, y):
    out = []
    if x.sum() > 0:
        out.append(x)
    else:
        out.append(y)
    return len(out), out[0]


def not_of_a_tensor(x, y):
    return not x.sum(), not (y.sum() > 100)


def dict_argument(d, y):
    return d["w"] + y


@pytest.mark.parametrize("fn", [two_names_in_tensor_branch, list_append_in_tensor_branches,
                                not_of_a_tensor])
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_branch_programs_match_pynative(fn, sign):
    x, y = t([1.0 * sign, -2.0 * sign]), t([5.0, 6.0])
    assert_same(fn(x, y), ms.jit(fn)(x, y))


def test_tensors_inside_a_dict_argument_are_read_at_run_time():
    g = ms.jit(dict_argument)
    y = t([0.0])
    assert float(g({"w": t([1.0])}, y).asnumpy()[0]) == 1.0
    assert float(g({"w": t([5.0])}, y).asnumpy()[0]) == 5.0
    assert g.cache_info().misses == 1


def test_parameter_assigned_in_an_untaken_branch_keeps_its_value():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.p = ms.Parameter(t([1.0, 1.0]), name="p")

        def construct(self, x):
            if x.sum() > 0:
                self.p = x
            return self.p * 2

    ms.set_context(mode=ms.GRAPH_MODE)
    net = Net()
    np.testing.assert_allclose(net(t([1.0, -2.0])).asnumpy(), [2.0, 2.0])
    np.testing.assert_allclose(net.p.asnumpy(), [1.0, 1.0])
    np.testing.assert_allclose(net(t([3.0, 1.0])).asnumpy(), [6.0, 2.0])
    np.testing.assert_allclose(net.p.asnumpy(), [3.0, 1.0])


def test_list_mutation_in_a_run_time_loop_is_a_clear_error_in_strict():
    def f(x, y):
        i = (x[0] * 0).astype(ms.int32)
        out = [x]
        while i < 5:
            out.append(y)
            i = i + 1
        return len(out)

    ms.set_context(jit_syntax_level=ms.STRICT)
    with pytest.raises(GraphcError, match="'out' is modified in place inside a loop"):
        ms.jit(f)(t([1.0, 2.0]), t([3.0, 4.0]))
    ms.set_context(jit_syntax_level=ms.LAX)  # the list is a Python object changed at run time
    assert ms.jit(f)(t([1.0, 2.0]), t([3.0, 4.0])) == 6


def test_str_of_a_graph_value_is_a_clear_error_in_strict():
    def f(x):
        return str(x.sum())

    ms.set_context(jit_syntax_level=ms.STRICT)
    with pytest.raises(GraphcError, match="cannot get attributes __str__") as info:
        ms.jit(f)(t([1.0]))
    assert isinstance(info.value, AttributeError)  # MindSpore 2.10's type
    ms.set_context(jit_syntax_level=ms.LAX)
    assert ms.jit(f)(t([1.0, 2.0])) == f(t([1.0, 2.0])) == "3.0"


def closures_bind_late(x, y):
    fs = []
    for i in range(3):
        fs.append(lambda a: a * i)  # noqa: B023  (late binding is the point)
    k = 1

    def g(a):
        return a * k + m

    k = 2
    m = 10
    return fs[0](x), g(y)


def test_closures_read_variables_when_called_as_python_does():
    x, y = t([1.0, 2.0]), t([3.0, 4.0])
    assert_same(closures_bind_late(x, y), ms.jit(closures_bind_late)(x, y))


def raise_under_tensor_condition(x):
    if x.sum() > 100:
        raise ValueError("too big", 100)
    y = x * 2
    if y.sum() < -100:
        return y
    return y + 1


def test_raise_under_a_run_time_condition_happens_at_run_time():
    f = ms.jit(raise_under_tensor_condition)
    assert_same(raise_under_tensor_condition(t([1.0])), f(t([1.0])))
    with pytest.raises(ValueError, match="too big"):
        f(t([200.0]))
    assert f.cache_info().misses == 1


def test_both_branches_raising():
    def g(x):
        if x.sum() > 0:
            raise ValueError("positive")
        else:
            raise KeyError("not positive")

    f = ms.jit(g)
    with pytest.raises(ValueError, match="positive"):
        f(t([1.0]))
    with pytest.raises(KeyError):
        f(t([-1.0]))


def boolean_operators_on_float_tensors(x, y):
    return (x.sum() or y.sum()), (x.sum() and y.sum())


@pytest.mark.parametrize("first", [0.0, 2.0])
def test_and_or_on_one_element_float_tensors(first):
    x, y = t([first]), t([3.0])
    assert_same(boolean_operators_on_float_tensors(x, y),
                ms.jit(boolean_operators_on_float_tensors)(x, y))


class _Base(nn.Cell):
    def construct(self, x):
        return x * 2


class _Child(_Base):
    def construct(self, x):
        return super().construct(x) + 1


def test_super_construct_in_graph_mode():
    x = t([1.0, 2.0])
    eager = _Child()(x)
    ms.set_context(mode=ms.GRAPH_MODE)
    assert_same(eager, _Child()(x))


def return_in_tensor_branch_inside_constant_if(x, y):
    mode = "fast"
    if mode == "fast":
        if x.sum() > 0:
            return x * 2
    return y


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_return_under_tensor_condition_inside_a_constant_if(sign):
    x, y = t([sign]), t([5.0])
    assert_same(return_in_tensor_branch_inside_constant_if(x, y),
                ms.jit(return_in_tensor_branch_inside_constant_if)(x, y))


def return_in_unrolled_loops(x, y):
    acc = x * 0
    for _ in range(3):
        for j in range(2):
            if (acc + j).sum() > 2:
                return acc * 10
            acc = acc + x
        if x.sum() > 100:
            return y
    acc = acc - 1
    return acc


def early_return_in_a_loop(x, y):
    for i in range(3):
        if x.sum() > i:
            return x * i
    return y


@pytest.mark.parametrize("value", [0.5, 1.5, 2.5, -1.0, 200.0])
@pytest.mark.parametrize("fn", [return_in_unrolled_loops, early_return_in_a_loop])
def test_return_under_tensor_condition_inside_unrolled_loops(fn, value):
    x, y = t([value]), t([7.0])
    assert_same(fn(x, y), ms.jit(fn)(x, y))


def long_constant_loop_needing_a_constant_counter(x, y):
    pair = (x, y)
    acc = x * 0
    for i in range(300):
        acc = acc + pair[i % 2]
    return acc


def test_long_constant_loop_that_cannot_roll_is_unrolled():
    x, y = t([1.0]), t([2.0])
    assert_same(long_constant_loop_needing_a_constant_counter(x, y),
                ms.jit(long_constant_loop_needing_a_constant_counter)(x, y))


class _Branches(nn.Cell):
    def __init__(self):
        super().__init__()
        self.layers = (nn.ReLU(), nn.Sigmoid(), nn.Tanh())

    def construct(self, x, i):
        return self.layers[i](x) + (x, x * 2, x * 3)[i]


@pytest.mark.parametrize("i", [0, 1, 2, -1])
def test_run_time_index_selects_a_cell_and_a_tensor(i):
    x = t([-1.0, 0.5])
    index = ms.Tensor(i, ms.int32)
    net = _Branches()
    eager = net(x, index)
    ms.set_context(mode=ms.GRAPH_MODE)
    assert_same(eager, net(x, index))


def break_and_continue_under_tensor_conditions(x):
    out = x * 0
    for i in range(4):
        for j in range(3):
            if (x * j).sum() > 2:
                break
            out = out + j
        if out.sum() > 5:
            break
        if x.sum() < 0:
            continue
        out = out + i
    return out, i, j


def continue_over_a_tuple(x):
    s = x * 0
    for v in (x, x * 2, x * 3):
        if v.sum() > 3:
            continue
        s = s + v
    return s


@pytest.mark.parametrize("value", [1.0, -1.0, 0.5, 2.0, 5.0])
@pytest.mark.parametrize("fn", [break_and_continue_under_tensor_conditions,
                                continue_over_a_tuple])
def test_break_and_continue_under_tensor_conditions_in_unrolled_loops(fn, value):
    x = t([value])
    assert_same(fn(x), ms.jit(fn)(x))


def test_while_that_breaks_at_run_time_then_needs_a_run_time_condition():
    def g(x):
        total = x * 0
        n = 0
        while n < 6:
            n += 1
            if total.sum() >= 4:
                break
            total = total + x
        return total, n

    compiled = ms.jit(g)
    for v in ([1.0], [3.0], [0.1]):  # breaks after 5 / 3 steps, or runs all 6
        assert_same(g(t(v)), compiled(t(v)))


def partial_and_scalar_builtins(x, y):
    def scale(a, b, k=1.0):
        if a.sum() > 0:
            return a * b * k
        return a - b

    f = functools.partial(scale, k=3.0)
    g = ms.ops.partial(scale, x)
    n = 0
    if x.sum() > 0:
        n = 3
    return f(x, y), g(y), isinstance(n, int), n & 1, n | 4, n ^ 2, n << 1, n >> 1


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_partial_isinstance_and_bit_operators_on_run_time_scalars(sign):
    x, y = t([sign, 2.0]), t([3.0, 4.0])
    assert_same(partial_and_scalar_builtins(x, y), ms.jit(partial_and_scalar_builtins)(x, y))


def membership_of_run_time_numbers(x, y):
    n = 0
    if x.sum() > 0:
        n = 2
    return n in (1, 2, 3), n not in [2, 4], n in ("a", 0.0)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_in_and_not_in_with_run_time_numbers(sign):
    x, y = t([sign]), t([1.0])
    assert_same(membership_of_run_time_numbers(x, y),
                ms.jit(membership_of_run_time_numbers)(x, y))


def round_of_run_time_numbers(x, y):
    v = 0.25
    if x.sum() > 0:
        v = 2.75
    return round(v), round(v, 1)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_round_of_run_time_numbers(sign):
    x, y = t([sign]), t([1.0])
    assert_same(round_of_run_time_numbers(x, y), ms.jit(round_of_run_time_numbers)(x, y))


def test_branches_join_tuples_elementwise_when_one_element_is_a_python_value():
    import numpy as np

    def f(x, y):
        n = 1
        c = 0
        while c < 1:
            if np.abs(x.asnumpy()).sum() > 0:
                n = int(np.sum(x.asnumpy() > 0))
                return x, y, n
            c += 1
        return x, y, n

    assert_same(f(t([1.0, 2.0]), t([3.0])), ms.jit(f)(t([1.0, 2.0]), t([3.0])))
