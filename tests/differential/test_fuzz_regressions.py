"""Regressions found by the differential fuzzer (`python -m tests.fuzz`): each program, minimised
from a failure, runs in PyNative and compiled (forward on two argument sets, then the
gradient) and must agree in values, types, side effects, printed text and exceptions."""

import textwrap

import pytest

from ..fuzz.generator import FOOTER, HEADER
from ..fuzz.runner import check


def _agrees(tmp_path, body, seeds=range(4)):
    source = HEADER + "\ndef f(x, v, n, lst, d):\n    global COUNT\n" + \
        textwrap.indent(textwrap.dedent(body), "    ") + "\n" + FOOTER
    for seed in seeds:
        failure = check(source, tmp_path, seed=seed)
        assert failure is None, f"seed {seed}: {failure.cls}: {failure.detail}"


def test_list_pop_on_an_emptied_list_raises_index_error_as_python(tmp_path):
    _agrees(tmp_path, """
        for i1 in range(3):
            i1 = lst.pop()
        n = lst.pop()
        return (x,)
    """)


def test_range_over_a_python_computed_bound_in_a_tensor_branch(tmp_path):
    # range() of an Any value: its bound is an int at run time, compared with the counter
    _agrees(tmp_path, """
        if x.sum(0).max() < 0:
            for i8 in range(int(np.sum(x.asnumpy() > 0))):
                raise TypeError('bad 11')
        return (x,)
    """)
    _agrees(tmp_path, """
        s = 0
        for i in range(int(np.sum(x.asnumpy() > 0))):
            s = s + i
        return (x * s, s)
    """)


def test_raise_reached_directly_in_a_run_time_loop(tmp_path):
    _agrees(tmp_path, """
        for i in range(int(x.sum() > 0) + 1):
            G_LIST.append(i)
            raise ValueError('stop')
        return (x,)
    """)


def test_return_or_raise_on_both_sides_of_a_tensor_if_in_a_run_time_loop(tmp_path):
    _agrees(tmp_path, """
        if lst:
            for i3 in range(int(x.sum() > 0) + 1):
                if ops.flip(v, (0,)).max() < -1:
                    return (ops.reshape(ops.transpose(x, (1, 0)), (2, 3)), -1.0, d,)
                else:
                    raise RuntimeError('bad 7')
        return (x, 0.5, d,)
    """)


@pytest.mark.parametrize("op", ["<", "+", "=="])
def test_operator_between_a_python_value_and_a_run_time_scalar(tmp_path, op):
    _agrees(tmp_path, f"""
        k = int(x.sum() > 0)
        a = int(np.argmax(x.asnumpy()))
        b = k {op} a
        return (x, b)
    """)


@pytest.mark.parametrize("change", ["lst[3 % len(lst)] = len(lst)", "lst.append(n)",
                                    "d['c'] = n", "G_LIST.append(len(lst))", "lst.pop()"])
def test_argument_and_global_containers_changed_under_a_tensor_condition(tmp_path, change):
    _agrees(tmp_path, f"""
        if ops.tanh(x).sum() > 0:
            {change}
        return (x, lst, d)
    """)


def test_for_else_and_while_else(tmp_path):
    _agrees(tmp_path, """
        s = 0
        for a in lst:
            if a > 1:
                break
            s += a
        else:
            s = 100
        for i in range(3):
            if x.sum() > i:
                break
        else:
            s = s + 1000
        k = 0
        while k < 3:
            k += 1
            if k == n:
                break
        else:
            s += 7
        for i in range(int(x.sum() > 0) + 2):
            if (x * i).sum() > 4:
                break
        else:
            s += 3
        return (x * s, s)
    """)


def test_and_or_of_a_tensor_and_a_python_value_as_a_condition(tmp_path):
    _agrees(tmp_path, """
        if (ops.exp(ops.tanh(x)) > 0).any() or n == 3:
            x = x + 1
        if n == 2 and (x > 0).any():
            x = x * 2
        return (x,)
    """)


def test_a_list_rebound_to_another_length_in_a_tensor_while_loop(tmp_path):
    _agrees(tmp_path, """
        l1 = lst[1:]
        t4 = x * 0
        while t4.sum() < 6:
            t4 = t4 + 1
            lst = l1[::-1]
        return (t4, lst)
    """)


def test_a_dict_holding_run_time_values_across_a_branch_that_raises(tmp_path):
    _agrees(tmp_path, """
        i1 = int(np.argmax(x.asnumpy()))
        BOX.k = len(d)
        d2 = {'a': len(lst), 'b': i1}
        for k in d2:
            if BOX.k > 3 and COUNT > 1:
                raise ValueError('bad 11')
        return (x, d2)
    """)


def test_return_inside_a_loop_inside_a_tensor_branch(tmp_path):
    _agrees(tmp_path, """
        i1 = d.pop('c', 0)
        if x.mean() > v.min():
            for k in d:
                return (x + 1,)
            x = x * 3
        return (x,)
    """)
    _agrees(tmp_path, """
        if x.sum() > 0:
            for i in range(3):
                if x[0, 0] > i - 1:
                    return (x * i,)
            x = x - 1
        return (x,)
    """)


def test_a_global_written_under_a_tensor_condition_is_read_back_at_run_time(tmp_path):
    _agrees(tmp_path, """
        if np.abs(x.asnumpy()).sum() > 2:
            COUNT = COUNT + 2
        if (x > 0).any():
            BOX.items.append(COUNT)
        return (x,)
    """)


def test_nested_loops_over_python_computed_ranges(tmp_path):
    _agrees(tmp_path, """
        n = d.pop('b', 0)
        for k in d:
            v15 = v
            if (x + x).mean() > v.min():
                for i18 in range(int(np.sum(x.asnumpy() > 0))):
                    return (x, (v15 + v), (lst[2 % len(lst)] if lst else -2),)
        return (x, v, 0)
    """)


def test_a_raise_after_run_time_effects_happens_after_them(tmp_path):
    _agrees(tmp_path, """
        i3 = 0
        while i3 < 4:
            i4 = lst.pop()
            if len(x) > -2:
                raise ValueError('bad 4')
        return (x,)
    """)


def test_a_users_error_found_while_compiling_comes_after_earlier_effects(tmp_path):
    # f returns None: `f(...)[0]` in the gradient's loss fails after f changed `lst`
    _agrees(tmp_path, """
        lst.append((lst[1 % len(lst)] if lst else -1))
    """)


def test_a_users_error_in_an_untaken_tensor_branch_is_not_raised(tmp_path):
    _agrees(tmp_path, """
        if x.sum() > 100:
            x = x + (1, 2)[5]
        G_LIST.append(1)
        if x.sum() < -100:
            x = x + {}['missing']
        return (x,)
    """)


def test_pynative_gradient_through_astype():
    import numpy as np

    import graphc as ms
    x = ms.Tensor(np.ones((2, 3), np.float32))
    np.testing.assert_allclose(ms.grad(lambda a: a.astype(ms.float32).sum())(x).asnumpy(),
                               np.ones((2, 3)))
    np.testing.assert_allclose(
        ms.grad(lambda a: (a.astype(ms.float64) * 2).sum())(x).asnumpy(), 2 * np.ones((2, 3)))


def test_a_nan_in_an_untaken_tensor_branch_stays_out_of_the_gradient():
    import numpy as np

    import graphc as ms
    from graphc import ops

    def f(x):
        if x.sum() > 100:
            y = ops.sqrt(x - 10)  # NaN here, and in its gradient, on this side only
        else:
            y = x * 2
        return y.sum()

    def early(x):
        if x.sum() > 100:
            return ops.sqrt(x - 10).sum()
        return (x * 3).sum()

    x = ms.Tensor(np.ones(3, np.float32))
    for fn, want in ((f, 2.0), (early, 3.0)):
        def g(x, fn=fn):
            return ms.grad(fn)(x)
        np.testing.assert_allclose(g(x).asnumpy(), [want] * 3)
        np.testing.assert_allclose(ms.jit(g)(x).asnumpy(), [want] * 3)


def test_a_gradient_computed_in_pynative_changes_the_callers_list(tmp_path):
    # Python code in a Tensor branch makes the gradient run in PyNative at run time: it must
    # get the caller's list, not a copy
    _agrees(tmp_path, """
        if helper(x, 2).mean() > v.min():
            i1 = int(np.sum(x.asnumpy() > 0))
        if ops.flip(v, (0,)).max() < 1:
            n = lst.pop()
        return (x,)
    """)


def test_an_unconditional_return_in_a_loop_inside_a_tensor_branch(tmp_path):
    _agrees(tmp_path, """
        if x[0, 0] > 0:
            for k, i11 in d.items():
                return (x, x.max(axis=0),)
        return (x * 2, v)
    """)


def test_item_stores_at_run_time_positions_in_a_run_time_loop(tmp_path):
    _agrees(tmp_path, """
        if x.sum(0).max() < 1:
            for i1 in range(int(np.sum(x.asnumpy() > 0))):
                if len(lst) > 0:
                    lst[1 % len(lst)] = n
                n = int(np.argmax(x.asnumpy()))
        l2 = [0, 1, 2]
        for i in range(int(x.sum() > 0) + 1):
            l2[int(np.argmax(x.asnumpy())) % 3] = i
        return (x, l2, lst)
    """)


def test_a_return_from_a_run_time_loop_ends_the_unrolled_loops_around_it(tmp_path):
    _agrees(tmp_path, """
        i1 = 0
        while i1 < 4:
            i1 += 1
            print(i1)
            for i2 in (n, 3):
                for i6 in range(int(np.sum(x.asnumpy() > 0))):
                    return (x, ops.relu(v), i1)
        return (x, v, 0)
    """)


def test_a_loop_else_that_returns_before_the_rest_of_the_function(tmp_path):
    _agrees(tmp_path, """
        for v4 in x:
            if (x * v4)[0, 0] > 0:
                break
        else:
            return (x * 2, v)
        return (x * 3, v * 0.5)
    """)


def test_an_attributes_list_changed_in_place_is_read_from_the_object_at_each_call(tmp_path):
    # reset() gives BOX a new `items` list before each call: the graph must append to it
    _agrees(tmp_path, """
        if x.sum() > -100:
            BOX.items.append(n)
        BOX.items.append(len(lst))
        return (x,)
    """)


def test_a_printed_list_shows_its_items_at_the_print(tmp_path):
    _agrees(tmp_path, """
        lst = [a * 2 for a in lst]
        print(lst)
        lst.insert(0, len(lst))
        print(lst)
        return (x, lst)
    """)


def test_an_argument_list_rebound_in_a_tensor_branch_then_changed(tmp_path):
    _agrees(tmp_path, """
        if (x if np.abs(x.asnumpy()).sum() > 4 else x).sum() > 0.5:
            lst = list(d.values())
        if lst:
            n = lst.pop()
        return (x, n, lst)
    """)


def test_run_time_values_appended_to_a_list_the_graph_built(tmp_path):
    _agrees(tmp_path, """
        for v7 in x:
            G_LIST.append(float(x.sum()))
            lst = list(range(3))
        if (x > 0).any():
            lst.append(len(G_LIST))
        lst.insert(0, int(np.argmax(x.asnumpy())))
        return (x, lst)
    """)


def test_an_inner_function_of_one_return_handed_to_python_code(tmp_path):
    _agrees(tmp_path, """
        def fn11(a):
            return (a - n) * (a - n)
        l2 = [int(np.argmax(x.asnumpy())), 2, -1]
        m = max(l2, key=fn11)
        return (x * m, m)
    """)
