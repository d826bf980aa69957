"""More small user-style programs for the differential test (test_programs_more.py): each runs
in PYNATIVE (plain Python) and compiled with jit, and the results must agree.

`MORE_PROGRAMS` maps a name to (function, argument factory). The programs cover the static
graph syntax of SPEC section 2 broadly: operators and dtype promotion, containers, strings,
control flow on constants and on Tensors, calls (inner functions, closures, defaults, *args,
**kwargs, recursion, lambdas, @jit functions, Cells and framework layers), builtins, Tensor
methods and ops, indexing and item assignment, and the shapes of returned values.

Data is integer-valued or well conditioned so that float tolerances are not an issue. Cells
are built once at module level, after `ms.set_seed`, so eager and compiled runs share weights.
"""

import functools

import numpy as np

import graphc as ms
from graphc import nn, ops

MORE_PROGRAMS = {}


def program(*args_factory):
    def register(fn):
        assert fn.__name__ not in MORE_PROGRAMS, fn.__name__
        MORE_PROGRAMS[fn.__name__] = (fn, args_factory[0] if args_factory else _ab)
        return fn
    return register


def _t(values, dtype=np.float32):
    return ms.Tensor(np.array(values, dtype))


# --------------------------------------------------------------------------- argument factories


def _ab():
    return (_t([[1.0, -2.0, 3.0], [4.0, 0.5, -1.0]]), _t([[2.0, 1.0, -1.0], [0.5, 3.0, 2.0]]))


def _pos():
    return (_t([[1.0, 2.0, 3.0], [4.0, 0.5, 1.5]]), _t([[2.0, 1.0, 4.0], [0.5, 3.0, 2.0]]))


def _ints():
    return (_t([[7, -3, 5], [-8, 2, 9]], np.int32), _t([[2, 3, -4], [3, -5, 2]], np.int32))


def _vec():
    return (_t([0.5, -1.0, 2.0, 3.0, -2.5]),)


def _mat():
    return (_t([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [2.0, 0.0, 1.0]]),)


def _f16():
    return (_t([[1.0, -2.0], [0.5, 4.0]], np.float16),)


def _f64():
    return (_t([[1.0, -2.0], [0.5, 4.0]], np.float64),)


def _bools():
    return (_t([[True, False, True], [False, False, True]], np.bool_),)


def _img():
    return (ms.Tensor(np.arange(72, dtype=np.float32).reshape(1, 2, 6, 6) / 10.0),)


def _x_and_int():
    return (_ab()[0], 4)


def _x_and_tuple():
    return (_ab()[0], (1, 2, 3))


def _x_and_str():
    return (_ab()[0], "mean")


def _tuple_of_tensors():
    a, b = _ab()
    return ((a, b), 2)


def _labels():
    return (_t([2, 0, 1, 3], np.int32),)


def _scalar_tensor():
    return (_t(3.0), _t(5, np.int32))


# --------------------------------------------------------------------------- arithmetic


@program()
def binops_tensor_tensor(x, y):
    return x + y, x - y, x * y, x / y, x // y, x % y, x ** 2


@program()
def binops_scalar_left_and_right(x, y):
    return 2 + x, 3 - x, 2 * x, x / 4, 7 // y, 5 % y, 2 ** x, x - 1.5


@program()
def augmented_assignment_every_operator(x, y):
    z = x * 1
    z += y
    z -= 0.5
    z *= y
    z /= 2
    z //= 1
    z %= 7
    z **= 2
    return z


@program(_ints)
def augmented_bitwise_on_int_tensors(a, b):
    c = a * 1
    c &= b
    d = a * 1
    d |= b
    e = a * 1
    e ^= b
    return c, d, e, a & 6, 3 | b, a ^ b


@program()
def augmented_assignment_on_python_numbers(x, y):
    a = 3
    a += 2
    a *= 4
    a -= 1
    a //= 3
    a %= 5
    a **= 2
    a <<= 2
    a >>= 1
    a |= 8
    a &= 12
    a ^= 5
    f = 1.5
    f /= 3
    f += a
    return x * a + f, a, f


@program(_bools)
def bool_tensor_logic(m):
    n = ~m
    return m & n, m | n, m ^ m, ~(m | n), n


@program()
def unary_operators(x, y):
    return -x, +y, -(-x), abs(x), -x.abs()  # noqa: B002


@program(_ints)
def integer_floor_division_and_modulo(a, b):
    return a // b, a % b, a // 3, a % 4, -a // 2, (-a) % 3


@program()
def operator_precedence(x, y):
    return x + y * 2 - x / 4 ** 2, (x + y) * (2 - x) / 4, -x ** 2, x * -y


@program(_ints)
def integer_matmul(a, b):
    return a @ b.T, ops.matmul(a.T, b)


@program(_pos)
def power_roots_and_reciprocals(x, y):
    return x ** 0.5, 2.0 ** y, x ** y, 1 / x, ops.sqrt(x) * ops.rsqrt(y)


@program()
def comparisons_return_bool_tensors(x, y):
    return x < y, x <= 1, 0 > y, x >= y, x == 3, y != 1.0


@program()
def chained_comparison_on_tensors(x, y):
    inside = (x > -1) & (x < 2)
    chained = -1 < x.sum() < 100
    return inside, chained


# --------------------------------------------------------------------------- dtype promotion


@program(_ints)
def int32_tensor_with_python_numbers(a, b):
    return a + 1, a * 2, a * 1.5, a / 2, a - True, a // 2.0


@program(_f16)
def float16_tensor_promotion(h):
    f = ops.cast(h, ms.float32)
    return h * 2.5, h + 1, h + f, h * h, h > 0.5


@program(_f64)
def float64_tensor_promotion(d):
    f = ops.cast(d, ms.float32)
    i = ops.cast(d, ms.int32)
    return d + 1.5, d * f, d + i, f + i, d / 3


@program(_bools)
def bool_tensor_arithmetic(m):
    return m + 1, m * 2.5, m.astype(ms.int32) + m.astype(ms.int32), m.sum(), m == True  # noqa: E712


@program(_ints)
def int32_true_division_and_casts(a, b):
    return a / b, a.astype(ms.float16) / 2, ops.cast(a, ms.float64) * 0.5, a.astype(ms.bool_)


@program()
def comparisons_sum_to_counts(x, y):
    count = (x > 0).sum()
    frac = (x > y).astype(ms.float32).mean()
    return count, frac, (x > 0).any(), (y > -5).all()


# --------------------------------------------------------------------------- tuples, lists, dicts


@program()
def tuple_index_slice_len_in(x, y):
    t = (x, y, 3, "s", None)
    head = t[:2]
    rev = t[::-1]
    consts = t[2:]
    flag = 3 in consts and "s" in consts and 4 not in consts
    return head[0] + rev[3], len(t), flag, t[-3], rev[0] is None


@program()
def tuple_concat_and_repeat(x, y):
    a = (1, 2) + (3,)
    b = (0,) * 3
    c = (x,) + (y,)
    return sum(a) * x + len(b), c, a + b, (None, "k") * 2


@program()
def list_methods(x, y):
    items = [x]
    items.append(y)
    items.extend([x + 1, y + 1])
    last = items.pop()
    items.insert(0, last * 2)
    items.reverse()
    return items, len(items)


@program()
def list_slicing_and_nesting(x, y):
    grid = [[x, y], [y * 2, x * 2], [x + y, x - y]]
    col = [row[1] for row in grid]
    return grid[1:][0][1], grid[::2], col[-1], grid[-1][0] * 3


@program()
def list_concat_and_repeat(x, y):
    a = [x] * 3
    b = a + [y]
    c = 2 * [1, 2]
    return b, c, len(a + b + c)


@program()
def list_item_assignment(x, y):
    items = [x, y, x * y]
    items[1] = items[1] * 10
    items[-1] = 0
    nested = [[1, 2], [3, 4]]
    nested[0][1] = 20
    return items, nested


@program()
def dict_methods(x, y):
    d = {"a": x, "b": 2}
    d.update({"c": y})
    got = d.get("z", 7)
    has = "a" in d and "z" not in d
    keys = list(d.keys())
    vals = list(d.values())
    return keys, vals[0] + vals[2] * got, has, len(d)


@program()
def dict_building_forms(x, y):
    d1 = dict(a=1, b=x)
    d2 = dict(zip(("p", "q"), (x, y)))
    d3 = {k: v * 2 for k, v in d2.items()}
    d4 = {**d1, "b": y, 3: "three", (1, 2): "pair"}
    return d1, d3, d4


@program()
def dict_iteration_and_items(x, y):
    d = {"first": x, "second": y, "third": x * y}
    total = x * 0
    names = ""
    for k in d:
        total = total + d[k]
        names = names + k[0]
    for k, v in d.items():
        total = total + v * len(k)
    return total, names


@program()
def dict_item_assignment_and_overwrite(x, y):
    d = {"a": x, "a2": 1}
    d["a"] = y
    d["new"] = (x, [y])
    d["a2"] += 5
    return d


@program()
def starred_unpacking_in_the_middle(x, y):
    first, *middle, last = (x, y, 1, 2, x * y)
    a, (b, c), *_ = (1, (x, y), 3)
    return first + last, middle, a, b - c


@program()
def nested_tuple_indexing(x, y):
    t = ((x, (y, 5)), [1, (2, 3)])
    return t[0][1][0] * t[1][1][1] + t[0][1][1], t[1][0]


@program()
def tuple_and_list_comparisons(x, y):
    a = (1, 2, 3) == (1, 2, 3)
    b = [1, 2] != [1, 3]
    c = (1, 2) < (1, 3)
    return x * (a + b + c), a, b, c


@program()
def sequences_from_range(x, y):
    r = tuple(range(4))
    s = list(range(1, 10, 3))
    z = list(zip(r, s))
    e = list(enumerate("ab", start=1))
    return x * sum(r) + s[-1], r, s, z, e


@program(_tuple_of_tensors)
def tuple_of_tensors_argument(pair, k):
    a, b = pair
    return a * k + b, len(pair), pair[1] - pair[0]


@program(_x_and_tuple)
def constant_tuple_argument(x, dims):
    out = x
    for d in dims:
        out = out + d
    return out * len(dims), dims[::-1], sum(dims)


# --------------------------------------------------------------------------- strings


@program()
def string_operations(x, y):
    s = "ab" + "cd"
    r = "-" * 3
    parts = s[1:3] + s[-1] + s[::-1]
    has = "bc" in s and "zz" not in s
    return parts, r, has, x * len(s)


@program()
def string_formatting_of_constants(x, y):
    n = 3
    a = "%s-%d" % ("k", n)  # noqa: UP031
    b = "{}_{}".format("v", n * 2)
    c = f"n={n}, half={n / 2:.2f}, {'q'!r}"
    d = str(12) + str(1.5) + str(True) + str(None)
    return a, b, c, d, x + n


@program(_x_and_str)
def string_argument_selects_reduction(x, mode):
    if mode == "sum":
        r = x.sum()
    elif mode == "mean":
        r = x.mean()
    else:
        r = x.max()
    return r, mode.upper() if False else mode + "!"


@program()
def string_comparisons(x, y):
    a = "abc" < "abd"
    b = "x" == "x"
    c = "a" != "b"
    return x * (a + b + c), "ab" * 2 == "abab"


# --------------------------------------------------------------------------- if / elif / else


@program()
def if_on_shape_comparison(x, y):
    if x.shape == y.shape:
        z = x + y
    else:
        z = x
    if x.shape[0] == 2 and x.ndim > 1:
        z = z * 2
    return z


@program()
def if_is_none_default(x, y):
    def scale(a, factor=None, offset=None):
        if factor is None:
            factor = 2
        if offset is not None:
            a = a + offset
        return a * factor
    return scale(x), scale(x, 3), scale(x, offset=y)


@program()
def elif_on_reduction_four_ways(x, y):
    s = (x * y).sum()
    if s > 10:
        out = x
    elif s > 0:
        out = y
    elif s > -10:
        out = x + y
    else:
        out = x - y
    return out


@program()
def elif_mixing_constant_and_tensor(x, y):
    mode = 2
    if mode == 1:
        out = x
    elif x.sum() > 0:
        out = x * 3
    else:
        out = y * 3
    return out


@program()
def tensor_if_with_inner_constant_if(x, y):
    k = 4
    if x.sum() < y.sum():
        if k > 3:
            z = x * k
        else:
            z = x
    else:
        z = y - k
    return z


@program()
def deeply_nested_tensor_ifs(x, y):
    a = x.sum()
    b = y.sum()
    if a > 0:
        if b > 0:
            if a > b:
                z = x
            else:
                z = y
        else:
            z = x - y
    else:
        z = x + y
    return z


@program()
def tensor_if_updates_only_one_branch(x, y):
    z = x
    w = y
    if x.mean() > y.mean():
        z = x * 10
    return z, w


@program()
def tensor_if_joins_python_numbers(x, y):
    n = 0
    if x.sum() > 0:
        n = 1
    else:
        n = 2
    return x * n, n


@program()
def tensor_if_joins_tuples(x, y):
    if x.max() > 3:
        pair = (x, y)
    else:
        pair = (y, x)
    return pair[0] - pair[1], pair


@program()
def tensor_condition_with_and_or(x, y):
    if x.sum() > 0 and y.sum() > 0:
        a = x + y
    else:
        a = x - y
    if x.min() < -5 or y.max() > 2:
        b = a * 2
    else:
        b = a
    return b


@program()
def tensor_condition_with_not(x, y):
    if not x.max() > 10:
        z = x + 1
    else:
        z = x - 1
    return z


@program()
def sequential_tensor_ifs(x, y):
    z = x
    for k in (1, 2, 3):
        if z.sum() > k:
            z = z - k
        else:
            z = z + k
    return z


@program()
def nested_if_expressions(x, y):
    a = x if x.sum() > y.sum() else (y if y.max() > 2 else x * y)
    b = 1 if len(x.shape) == 2 else 2
    return a, b


@program(_scalar_tensor)
def if_on_scalar_tensor_arguments(s, n):
    if s > 2:
        a = s * 2
    else:
        a = s
    if n == 5:
        b = n + 1
    else:
        b = n
    return a, b


@program()
def early_returns_in_nested_tensor_branches(x, y):
    if x.sum() > 100:
        return x
    if y.sum() > 0:
        if x.max() > 3:
            return x * y
        return x + y
    return x - y


@program()
def early_return_inside_helper(x, y):
    def pick(a, b):
        if a.mean() > b.mean():
            return a
        c = a + b
        return c * 0.5
    return pick(x, y) + pick(y, x)


@program()
def return_after_tensor_if_both_branches_return(x, y):
    if x.sum() > y.sum():
        return x, 1
    else:
        return y, 2


@program()
def if_on_constant_containers(x, y):
    out = x
    if (1,):  # noqa: F634
        out = out + 1
    if []:
        out = out * 100
    if {"k": 1}:
        out = out + 2
    if "":
        out = out * 100
    return out


@program()
def assert_and_raise_on_constants(x, y):
    assert x.ndim == 2, "expect a matrix"
    if x.shape[1] != 3:
        raise ValueError("wrong width")
    return x + 1


# --------------------------------------------------------------------------- while loops


@program()
def while_constant_with_break(x, y):
    i = 0
    out = x
    while True:
        out = out + y
        i += 1
        if i >= 3:
            break
    return out, i


@program()
def while_constant_with_continue(x, y):
    i = 0
    out = x
    while i < 6:
        i += 1
        if i % 2 == 0:
            continue
        out = out * 2
    return out


@program()
def while_tensor_two_carried_and_counter(x, y):
    a = x
    b = y
    n = 0
    while (a * a).sum() < 1000:
        a, b = a + b, b * 2
        n = n + 1
    return a, b, n


@program(_mat)
def while_tensor_matrix_power(m):
    i = ms.Tensor(0, ms.int32)  # a constant Tensor (SPEC 1.8): this loop unrolls
    p = ops.eye(3, 3, ms.float32)
    while i < 4:
        p = ops.matmul(p, m)
        i = i + 1
    return p, i


@program()
def while_tensor_inside_tensor_if(x, y):
    if x.sum() > 0:
        z = x
        while z.sum() < 50:
            z = z + 3
    else:
        z = y
    return z


@program()
def while_constant_containing_tensor_if(x, y):
    i = 0
    z = x
    while i < 3:
        if z.sum() > 5:
            z = z - 1
        else:
            z = z + 2
        i += 1
    return z


@program()
def while_tensor_carrying_a_tuple(x, y):
    state = (x, y)
    k = (x[0, 0] * 0).astype(ms.int32)  # computed from an input: a run-time loop
    while k < 3:
        a, b = state
        state = (a + b, a - b)
        k = k + 1
    return state


@program()
def nested_constant_while_loops(x, y):
    i = 0
    acc = x * 0
    while i < 3:
        j = 0
        while j < 2:
            acc = acc + i * j + 1
            j += 1
        i += 1
    return acc


@program()
def while_tensor_with_unrolled_for_inside(x, y):
    z = x
    while z.max() < 20:
        for k in range(2):
            z = z + k + 1
    return z


@program(_scalar_tensor)
def while_collatz_steps(s, n):
    steps = ms.Tensor(0, ms.int32)
    while n > 1:
        n = ops.where(n % 2 == 0, n // 2, n * 3 + 1)
        steps = steps + 1
    return steps, n


@program()
def while_tensor_float_counter(x, y):
    total = x.sum() * 0
    t = 0.0
    while total < 10:
        total = total + ops.abs(y).sum()
        t = t + 0.5
    return total, t


@program()
def while_tensor_nested_in_while_tensor(x, y):
    i = (x[0, 0] * 0).astype(ms.int32)
    acc = x * 0
    while i < 3:
        j = i * 0
        while j < i:
            acc = acc + y
            j = j + 1
        i = i + 1
    return acc


@program()
def while_tensor_with_tensor_if_inside(x, y):
    i = ops.cast(y[0, 0] * 0, ms.int32)
    z = x
    while i < 5:
        if z.sum() > 0:
            z = z - 1
        else:
            z = z + 2
        i = i + 1
    return z, i


# --------------------------------------------------------------------------- for loops


@program()
def for_over_list_of_constants(x, y):
    out = x
    for c in [1, 2.5, -1]:
        out = out * c
    return out


@program()
def for_over_range_negative_step(x, y):
    seen = []
    out = x
    for i in range(5, 0, -2):
        seen.append(i)
        out = out + i
    return out, seen


@program()
def for_over_tensor_rows_with_enumerate(x, y):
    acc = x[0] * 0
    for i, row in enumerate(x):
        acc = acc + row * (i + 1)
    return acc


@program()
def for_over_zip_of_rows_and_constants(x, y):
    acc = x[0] * 0
    for row, other, k in zip(x, y, (10, 20)):
        acc = acc + (row - other) * k
    return acc


@program()
def nested_for_with_break_and_continue(x, y):
    pairs = []
    for i in range(4):
        if i == 3:
            break
        for j in range(4):
            if j == i:
                continue
            if j > 2:
                break
            pairs.append((i, j))
    return x * len(pairs), pairs


@program()
def nested_range_loops_building_matrix(x, y):
    rows = []
    for i in range(2):
        row = []
        for j in range(3):
            row.append(x[i, j] * y[i, j])
        rows.append(ops.stack(row))
    return ops.stack(rows)


@program()
def for_over_tuple_of_functions(x, y):
    out = x
    for f in (ops.relu, ops.sigmoid, lambda a: a * 2):
        out = f(out)
    return out


@program()
def for_range_len_with_tensor_if(x, y):
    items = (x, y, x * y)
    best = items[0]
    for i in range(len(items)):
        if items[i].sum() > best.sum():
            best = items[i]
    return best


@program()
def for_with_row_item_assignment(x, y):
    z = x * 1
    for i in range(z.shape[0]):
        z[i] = z[i] * (i + 2)
    return z


@program()
def for_over_enumerate_with_start(x, y):
    acc = x
    for i, k in enumerate((3, 4), start=10):
        acc = acc + i * k
    return acc


@program()
def for_over_dict_keys_sorted_by_literal(x, y):
    weights = {"w1": 1.0, "w2": -2.0, "w3": 0.5}
    out = x * 0
    for name in weights:
        out = out + x * weights[name]
    return out, list(weights)


@program()
def for_over_string(x, y):
    count = 0
    for ch in "hello":
        if ch == "l":
            count += 1
    return x * count


@program()
def for_over_rows_of_3d_tensor(x, y):
    cube = ops.stack((x, y))
    acc = []
    for plane in cube:
        for row in plane:
            acc.append(row.sum())
    return ops.stack(acc)


@program()
def for_loop_variable_after_loop(x, y):
    for i in range(3):
        x = x + i
    return x, i


# --------------------------------------------------------------------------- function calls


def _apply_twice(f, v):
    return f(f(v))


def _make_adder(k):
    def add(v):
        return v + k
    return add


def _with_kwonly(a, *, scale=2, shift=0):
    return a * scale + shift


def _variadic(*args, **kwargs):
    total = args[0]
    for a in args[1:]:
        total = total + a
    for k in kwargs:
        total = total * kwargs[k]
    return total, len(args), tuple(kwargs)


def _fib(n):
    if n < 2:
        return n
    return _fib(n - 1) + _fib(n - 2)


def _tree_sum(v, depth):
    if depth == 0:
        return v
    return _tree_sum(v * 0.5, depth - 1) + _tree_sum(v + 1, depth - 1)


@ms.jit
def _jitted_helper(a, b):
    return a * b + 1


@ms.jit
def _jitted_with_branch(a):
    if a.sum() > 0:
        return a * 2
    return a - 2


SCALE = 3
OFFSETS = (1, 2)


@program()
def nested_def_closure_over_tensor(x, y):
    def add_y(a):
        return a + y

    def twice(a):
        return add_y(add_y(a))
    return twice(x)


@program()
def higher_order_functions(x, y):
    inc = _make_adder(5)
    return _apply_twice(inc, x), _apply_twice(lambda v: v * y, x)


@program()
def default_arguments_of_many_types(x, y):
    def f(a, k=2, t=(1, 2), s="m", d=None, lst=[3]):  # noqa: B006
        out = a * k + t[1] + lst[0]
        if d is not None:
            out = out + d
        return out, s
    return f(x), f(x, 3, s="z", d=y)


@program()
def keyword_only_arguments(x, y):
    return _with_kwonly(x), _with_kwonly(x, scale=3), _with_kwonly(y, shift=1, scale=0.5)


@program()
def star_args_and_kwargs(x, y):
    return _variadic(x, y, y * 2, a=2, b=3)


@program()
def call_with_unpacked_arguments(x, y):
    args = (x, y)
    kw = {"shift": 1}
    first = _with_kwonly(*args[:1], **kw)
    return first, _variadic(*args, **{"z": 0.5})


@program()
def recursion_with_constant_depth(x, y):
    return x * _fib(7), _tree_sum(y, 3)


@program()
def lambdas_with_defaults_and_closures(x, y):
    k = 3
    f = lambda a, b=2: a * b + k  # noqa: E731
    g = lambda *vs: sum(vs)  # noqa: E731
    return f(x), f(x, b=y), g(1, 2, 3), g(x, y)


@program()
def calling_jit_functions_is_transparent(x, y):
    return _jitted_helper(x, y) + _jitted_with_branch(y)


@program()
def globals_are_constants(x, y):
    return x * SCALE + OFFSETS[1], SCALE


@program()
def map_and_filter_builtins(x, y):
    doubled = list(map(lambda v: v * 2, (1, 2, 3)))
    evens = list(filter(lambda v: v % 2 == 0, range(6)))
    return x * sum(doubled) + len(evens), doubled, evens


@program()
def map_over_tensors(x, y):
    outs = tuple(map(lambda a, b: a * b, (x, y), (y, x)))
    return outs[0] + outs[1]


@program()
def function_returning_multiple_values(x, y):
    def stats(a):
        return a.sum(), a.mean(), a.shape
    s, m, shape = stats(x)
    return s + m, shape


@program()
def inner_function_with_loop_and_branch(x, y):
    def step(a, n):
        for i in range(n):
            if a.sum() > 0:
                a = a - i
            else:
                a = a + i
        return a
    return step(x, 3), step(y, 2)


# --------------------------------------------------------------------------- Cells and layers


class _Affine(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = ms.Parameter(_t([[1.0, 0.5], [-1.0, 2.0], [0.0, 1.0]]), name="w")
        self.b = ms.Parameter(_t([0.5, -0.5]), name="b")
        self.scale = 2

    def construct(self, x):
        return ops.matmul(x, self.w) * self.scale + self.b


class _Gated(nn.Cell):
    def __init__(self):
        super().__init__()
        self.inner = _Affine()
        self.act = nn.ReLU()
        self.use_act = True

    def helper(self, v):
        return v * 2

    def construct(self, x):
        h = self.inner(x)
        if self.use_act:
            h = self.act(h)
        if h.sum() > 0:
            h = self.helper(h)
        return h


ms.set_seed(7)
_DENSE = nn.Dense(3, 4, weight_init="ones", bias_init="zeros")
_MLP = nn.SequentialCell([
    nn.Dense(3, 5, weight_init=ms.common.initializer.Normal(0.1), bias_init="zeros"),
    nn.ReLU(),
    nn.Dense(5, 2, weight_init="ones", bias_init="ones"),
])
_CONV = nn.Conv2d(2, 3, 3, pad_mode="valid", weight_init="ones", has_bias=True,
                  bias_init="zeros")
_POOL = nn.MaxPool2d(2, 2)
_FLAT = nn.Flatten()
_AFFINE = _Affine()
_GATED = _Gated()


@program()
def user_cell_with_parameters(x, y):
    return _AFFINE(x), _AFFINE(y) - _AFFINE(x)


@program()
def user_cell_with_sub_cells_and_methods(x, y):
    return _GATED(x) + _GATED(y)


@program()
def parameters_read_from_a_cell(x, y):
    w = _AFFINE.w
    return ops.matmul(y, w) + _AFFINE.b.sum(), w.shape, _AFFINE.scale


@program()
def dense_and_relu_layers(x, y):
    return nn.ReLU()(_DENSE(x)), _DENSE(y)


@program()
def sequential_cell_mlp(x, y):
    return _MLP(x), ops.softmax(_MLP(y), -1)


@program(_img)
def conv_pool_flatten(img):
    h = _CONV(img)
    h = ops.relu(h)
    h = _POOL(h)
    return _FLAT(h), h.shape


@program()
def cell_attribute_controls_branch(x, y):
    if _GATED.use_act and hasattr(_GATED, "inner"):
        out = _GATED.inner(x)
    else:
        out = x
    return out, getattr(_AFFINE, "scale", 0), getattr(_AFFINE, "missing", "dflt")


# --------------------------------------------------------------------------- builtins


@program()
def builtins_on_numbers(x, y):
    a = abs(-4) + min(3, 1, 2) + max([4, 9, 2]) + sum((1, 2, 3), 10)
    b = round(2.567, 2) + round(7.5) + int(3.99) + int("12") + float("2.5")
    c = bool(0) or bool([1])
    d = all((1, 2, 3)) and not any([0, 0.0, ""])
    return x * a + b, a, b, c, d, pow(2, 5)


@program()
def builtin_conversions(x, y):
    t = tuple([1, 2, 3])
    lst = list((4, 5))
    lst2 = list({"a": 1, "b": 2})
    return t, lst, lst2, tuple(range(3)), int(True) + float(2)


@program()
def isinstance_checks(x, y):
    checks = (isinstance(x, ms.Tensor), isinstance(3, int), isinstance(True, int),
              isinstance((1,), (list, tuple)), isinstance("s", str), isinstance(1.5, int),
              isinstance({}, dict), isinstance([x], list))
    out = x
    if isinstance(y, ms.Tensor):
        out = out + y
    return out, checks


@program()
def builtins_on_tensors(x, y):
    return abs(x), pow(x, 2), round(x * 0.5), sum([x, y, x]), len(x), sum(x)


@program()
def builtin_max_min_on_tensors(x, y):
    return max(x.sum(), y.sum()), min(x[0, 1], y[1, 0], x.mean())


@program()
def builtin_scalar_conversion_of_tensors(x, y):
    return int(x.sum()), float(y.mean()), bool(x.max() > 0)


@program()
def min_max_with_key_on_constants(x, y):
    words = ("ccc", "a", "bb")
    longest = max(words, key=len)
    shortest = min(words, key=lambda w: len(w))
    return x * len(longest), longest, shortest


@program()
def len_of_many_things(x, y):
    return len(x), len(x[0]), len((1, 2)), len([x, y, 3]), len({"a": 1}), len("four")


@program()
def getattr_on_tensors_and_shapes(x, y):
    shape = getattr(x, "shape")  # noqa: B009
    nd = getattr(y, "ndim")  # noqa: B009
    return shape, nd, hasattr(x, "sum"), hasattr(x, "no_such_attr"), x.size, x.dtype == ms.float32


# --------------------------------------------------------------------------- Tensor methods


@program()
def tensor_reductions_with_axes(x, y):
    return (x.sum(), x.sum(axis=0), x.sum(1, keepdims=True), x.mean(axis=1), x.max(axis=0),
            x.min(), y.min(axis=1, keepdims=True), x.prod())


@program()
def tensor_argmax_argmin(x, y):
    return x.argmax(), x.argmax(axis=1), y.argmin(axis=0), ops.argmax(x, 0)


@program()
def tensor_shape_methods(x, y):
    r = x.reshape(3, 2)
    r2 = x.reshape((-1,))
    t = x.transpose(1, 0)
    e = x.expand_dims(0)
    s = e.squeeze(0)
    f = ops.expand_dims(x, 2).flatten()
    return r, r2, t, e.shape, s, f


@program()
def tensor_astype_abs_clip(x, y):
    return x.astype(ms.int32), x.abs(), x.clip(-1, 2), ops.clamp(y, min=0.0), y.astype("float64")


@program()
def tensor_elementwise_methods(x, y):
    return x.exp().log(), y.square(), x.sign(), x.floor(), y.ceil(), x.neg(), x.maximum(y)


@program()
def tensor_tile_broadcast_cumsum_flip(x, y):
    return x.tile((2, 1)), x[0].broadcast_to((3, 3)), x.cumsum(1), ops.flip(y, (0,))


@program()
def tensor_creation_from_constants(x, y):
    a = ms.Tensor([1.0, 2.0, 3.0], ms.float32)
    b = ops.ones((2, 3), ms.float32)
    c = ops.zeros_like(x)
    d = ops.fill(ms.float32, (2, 3), 2.5)
    e = ops.arange(0, 6, 1).reshape(2, 3)
    return x + a + b + c + d, e, ms.tensor(np.array([1, 2], np.int32)) * 2


@program()
def numpy_constants_are_folded(x, y):
    k = np.float32(2.0)
    m = np.array([1.0, 0.0, -1.0], np.float32)
    return x * k + ms.Tensor(m), np.pi > 3, int(np.sum(np.arange(4)))


# --------------------------------------------------------------------------- ops


@program()
def matmul_concat_stack(x, y):
    mm = ops.matmul(x, y.T)
    c0 = ops.concat((x, y))
    c1 = ops.concat([x, y, x], axis=1)
    s = ops.stack([x, y], axis=2)
    return mm, c0, c1, s


@program()
def split_into_sections(x, y):
    parts = ops.split(ops.concat((x, y), 1), 2, 1)
    a, b, c = ops.split(x, 1, 1)
    return parts, a + b + c


@program()
def gather_and_index_select(x, y):
    idx = ms.Tensor([2, 0], ms.int32)
    return ops.gather(x, idx, 1), ops.gather(y, ms.Tensor([1, 1, 0], ms.int32), 0)


@program()
def where_select_masked_fill(x, y):
    mask = x > y
    return ops.where(mask, x, y), ops.select(mask, x, 0.0), x.masked_fill(mask, -1.0)


@program(_labels)
def one_hot_and_cross_entropy_like(labels):
    oh = ops.one_hot(labels, 4, 1.0, 0.0)
    logits = oh * 3.0 + 0.5
    logp = ops.log_softmax(logits, -1)
    return oh, -(oh * logp).sum(-1).mean(), logits.argmax(-1)


@program()
def softmax_family(x, y):
    return ops.softmax(x, 0), ops.log_softmax(y), ops.relu(x) - ops.sigmoid(y), ops.tanh(x)


@program(_img)
def conv2d_and_max_pool_functional(img):
    w = ops.ones((4, 2, 3, 3), ms.float32) * 0.5
    h = ops.conv2d(img, w, pad_mode="pad", padding=1)
    p = ops.max_pool2d(h, 2, 2)
    return h.shape, p, ops.avg_pool2d(img, 2)


@program()
def reduce_ops_functional(x, y):
    return (ops.reduce_max(x, 1), ops.reduce_min(y), ops.reduce_prod(x, 0, keep_dims=True),
            ops.amax(x, 1), ops.mean(y, 0))


# --------------------------------------------------------------------------- indexing


@program()
def int_and_negative_indexing(x, y):
    return x[0], x[-1], x[1, -1], x[:, -1], x[-1, 0] + y[0, -1]


@program()
def slicing_with_negative_steps(x, y):
    return x[::-1], x[:, ::-2], x[1:, ::-1], x[-1::-1, 1:], y[0, 2:0:-1]


@program()
def none_and_ellipsis_indexing(x, y):
    return x[None], x[..., 0], x[0, ..., None], x[:, None, :].shape, y[None, ..., None]


@program()
def tensor_index_with_tensor(x, y):
    idx = ms.Tensor([1, 0, 1], ms.int32)
    return x[idx], y[:, ms.Tensor([2, 0], ms.int32)]


@program()
def boolean_mask_indexing(x, y):
    return x[x > 0]


@program()
def index_with_constant_tuple_variable(x, y):
    idx = (1, 2)
    sl = (slice(None), slice(0, 2))
    return x[idx], y[sl]


@program()
def item_assignment_forms(x, y):
    z = x * 1
    z[0, 0] = -5.0
    z[:, 1] = 0
    z[1] = y[0]
    z[0, 1:] += 1
    z[-1, -1] = z[0, 0] * 2
    return z


@program()
def item_assignment_with_mask(x, y):
    z = x * 1
    z[z < 0] = 0.0
    return z


@program()
def item_assignment_in_tensor_branch(x, y):
    z = x * 1
    if x.sum() > 0:
        z[0] = 100.0
    else:
        z[1] = -100.0
    return z


# --------------------------------------------------------------------------- returned values


@program()
def return_nested_dict_with_lists(x, y):
    return {"a": [x, None, 3], "b": {"c": (y, "s"), "d": 1.5}, "e": []}


@program()
def return_only_constants(x, y):
    return 1, 2.5, "three", None, True, (), []


@program()
def return_none(x, y):
    z = x + y  # noqa: F841
    return None


@program()
def implicit_return_none(x, y):
    z = x + y  # noqa: F841


@program()
def return_shapes_and_dtypes(x, y):
    return x.shape, x.shape[0] * 2, x.dtype, len(y.shape), x.ndim


@program()
def return_list_of_lists(x, y):
    return [[x, y], [x * y], []]


@program()
def return_bool_and_scalar_from_constants(x, y):
    return x.shape[0] > 1, 2 ** 10, 7 / 2, -7 // 2, -7 % 3


@program(_x_and_int)
def int_argument_drives_unrolling(x, n):
    outs = []
    for i in range(n):
        if i % 2:
            outs.append(x * i)
    return outs, n * 2


@program()
def comprehensions_over_tensor_rows(x, y):
    rows = [r * 2 for r in x]
    sums = [r.sum() for r in y if True]
    table = {i: r for i, r in enumerate(x)}
    total = sum(r.sum() for r in x)
    return ops.stack(rows), sums, table, total


# --------------------------------------------------------------------------- run-time scalars


def _cube():
    return (ms.Tensor(np.arange(24, dtype=np.float32).reshape(2, 3, 4)),
            ms.Tensor(np.arange(12, dtype=np.float32).reshape(3, 4) - 5))


def _runtime_count(x, times):
    """A Python int counted in a loop whose condition is computed from Tensors, so the
    compiled function holds it as a run-time scalar."""
    n = 0
    i = (x[0, 0] * 0).astype(ms.int32)
    while i < times:
        n = n + 1
        i = i + 1
    return n


@program()
def runtime_int_scalar_meets_tensors_of_each_dtype(x, y):
    n = _runtime_count(x, 3)
    h = ops.cast(x, ms.float16)
    k = ops.cast(x, ms.int32)
    b = x > 0
    return x * n, h * n, k * n, k / n, b * n, b + n, n * 0.5, n // 2, n / 2, n % 2, -n, n ** 2


@program()
def runtime_float_scalar_meets_tensors(x, y):
    t = 0.0
    i = (x[0, 0] * 0).astype(ms.int32)
    while i < 3:
        t = t + 0.5
        i = i + 1
    h = ops.cast(x, ms.float16)
    k = ops.cast(x, ms.int32)
    d = ops.cast(x, ms.float64)
    return x * t, h * t, k * t, d * t, t * 2, t // 1, t > 1


@program()
def runtime_scalar_arithmetic_and_comparisons(x, y):
    k = _runtime_count(x, 3)
    f = k * 0.5
    return (-k // 2, -k % 2, f // 0.4, f % 0.4, k ** -1, 2 ** k, k / 2, 7 / k, k + 0.5, k * f,
            k - True, k == 3, k != 3.0, f < k, k >= 3)


@program()
def runtime_scalars_into_ops(x, y):
    n = _runtime_count(x, 2) * 0.75
    return ops.clamp(x, -n, n), ops.maximum(x, n), ops.where(x > 0, x, n), x.clip(0, n), x ** n


@program()
def runtime_scalar_bound_of_range(x, y):
    n = 0
    if x.sum() > 0:
        n = 3
    else:
        n = 1
    acc = x
    for i in range(n):
        acc = acc + i
    return acc


@program()
def runtime_int_widens_to_float_in_loop(x, y):
    t = 0
    i = (x[0, 0] * 0).astype(ms.int32)
    while i < 3:
        t = t + 0.5
        i = i + 1
    return t, x * t


@program()
def runtime_scalar_condition(x, y):
    n = _runtime_count(x, 2)
    if n > 1:
        z = x
    else:
        z = y
    return z, n == 2, n


@program()
def scalar_joins_of_mixed_types(x, y):
    a = 1 if x.sum() > 0 else 2.5
    if x.sum() > 0:
        b = True
    else:
        b = 3
    c = True if y.sum() < 0 else False
    return a, b, c


@program()
def scalar_conversions_of_tensors(x, y):
    return int(x.sum()), float(y.mean()), bool(x.max() > 0), x.sum().item(), y[0, 0].item()


@program()
def builtins_map_filter_round_on_tensors(x, y):
    outs = tuple(map(lambda a, b: a * b, (x, y), (y, x)))
    evens = list(filter(lambda v: v % 2 == 0, range(6)))
    return outs[0] + outs[1], evens, round(x * 0.5), max(x.sum(), y.sum())


# --------------------------------------------------------------------------- more control flow


@program()
def float_tensor_as_condition(x, y):
    if x.sum():
        z = x
    else:
        z = y
    if (x * 0).sum():
        z = z * 100
    return z


@program()
def int_tensor_while_countdown(x, y):
    n = (x[0, 0] * 0 + 3).astype(ms.int32)
    acc = x
    while n:
        acc = acc + 1
        n = n - 1
    return acc, n


@program()
def while_tensor_with_python_counter_in_condition(x, y):
    n = 0
    while x.sum() + n < 10:
        n += 1
    return n


@program()
def while_tensor_rebuilding_a_list(x, y):
    lst = [x, y]
    i = (x[0, 0] * 0).astype(ms.int32)
    while i < 3:
        lst = [lst[0] + 1, lst[1] * 2]
        i = i + 1
    return lst


@program()
def while_tensor_with_inner_def_and_rows(x, y):
    i = (x[0, 0] * 0).astype(ms.int32)
    acc = x[0]
    while i < 2:
        def step(a):
            return a + i.astype(ms.float32)  # noqa: B023
        for row in y:
            acc = step(acc) + row
        i = i + 1
    return acc


@program()
def while_tensor_item_assignment(x, y):
    z = y * 1
    i = (x[0, 0] * 0).astype(ms.int32)
    while i < 2:
        z[i] = z[i] * 2
        i = i + 1
    return z


@program()
def while_carrying_an_unchanged_none(x, y):
    extra = None
    i = (x[0, 0] * 0).astype(ms.int32)
    while i < 2:
        i = i + 1
    return extra, i


@program()
def tensor_shape_grows_in_unrolled_while(x, y):
    z = x[:, :1]
    while z.shape[1] < 3:
        z = ops.concat((z, z[:, :1]), 1)
    return z


@program()
def branch_values_with_different_shapes(x, y):
    if x.sum() > 0:
        a = x
    else:
        a = x[0]
    if y.sum() > 100:
        b = y[:1]
    else:
        b = y
    return a, b


@program()
def multiple_assignment_targets(x, y):
    a = b = x + 1
    c, d = e = (y, 2)
    return a, b, c, d, e


@program()
def tensor_row_swap(x, y):
    z = x * 1
    z[0], z[1] = z[1], z[0]
    return z


@program()
def isinstance_of_graph_values(x, y):
    return isinstance(x.sum(), ms.Tensor), isinstance(x, (int, ms.Tensor)), isinstance(x, tuple)


@program()
def constant_tensor_index_into_tuple(x, y):
    i = ms.Tensor(1, ms.int32)
    return (x, y)[i]


# --------------------------------------------------------------------------- more Cells


class _Assigning(nn.Cell):
    def __init__(self):
        super().__init__()
        self.p = ms.Parameter(_t(np.zeros((2, 3))), name="p_assign")
        self.q = ms.Parameter(_t(np.zeros((2, 3))), name="q_assign")

    def construct(self, x):
        self.p = x * 2
        self.q = x
        self.q += 1
        self.q[0] = 0
        return self.p + 1, self.q * 1


class _WithDefaults(nn.Cell):
    def construct(self, x, scale=2, *, shift=0):
        return x * scale + shift


class _Holder(nn.Cell):
    def __init__(self):
        super().__init__()
        self.layers = (nn.ReLU(), nn.Tanh())
        self.cfg = {"k": 3, "name": "h"}
        self.sizes = [1, 2]

    def construct(self, x):
        out = x
        for layer in self.layers:
            out = layer(out)
        return out * self.cfg["k"], self.cfg["name"], self.sizes


class _JitConstruct(nn.Cell):
    def __init__(self):
        super().__init__()
        self.k = 3

    @ms.jit
    def construct(self, x):
        return x * self.k

    def other(self, x):
        return self.construct(x) + 1


_ASSIGNING = _Assigning()
_WITH_DEFAULTS = _WithDefaults()
_HOLDER = _Holder()
_JIT_CONSTRUCT = _JitConstruct()
_CELL_LIST = nn.CellList([nn.ReLU(), nn.Sigmoid(), nn.Tanh()])


@program()
def cell_assigns_its_parameters(x, y):
    return _ASSIGNING(x)


@program()
def cell_call_with_defaults_and_keywords(x, y):
    return (_WITH_DEFAULTS(x), _WITH_DEFAULTS(x, 3), _WITH_DEFAULTS(x=y, scale=4),
            _WITH_DEFAULTS(x, shift=1))


@program()
def cell_list_iteration_and_index(x, y):
    for c in _CELL_LIST:
        x = c(x)
    return x, _CELL_LIST[1](y), len(_CELL_LIST)


@program()
def cell_holding_tuple_of_cells_and_dict(x, y):
    return _HOLDER(x)


@program()
def cell_with_jit_construct_called_from_graph(x, y):
    return _JIT_CONSTRUCT(x), _JIT_CONSTRUCT.other(y)


# --------------------------------------------------------------------------- more indexing


@program(_cube)
def indexing_lists_and_tensors(x, y):
    return (x[[0, 1]], y[[2, 0, 2]], y[:, [3, 0]], y[[0, 2], [1, 3]],
            y[ms.Tensor([[0, 1], [2, 2]], ms.int32)], y[ms.Tensor([True, False, True])],
            x[:, ms.Tensor([2, 0], ms.int32), 1:3], y[ms.Tensor([1, 1], ms.int64)])


@program(_cube)
def indexing_edge_slices(x, y):
    return (y[1:1], y[5:], y[-100:100], y[:, 4:], x[0][1][2], x[1][-1], x[0, ..., 1],
            x[..., ::-1], x[..., None, 2], y[2:0:-1, 3:0:-2], y[::-3], y[-1:-4:-1])


@program(_cube)
def indexing_with_graph_tensors(x, y):
    return y[ms.Tensor(2, ms.int32)], x[0, ms.Tensor(1, ms.int32)], y[y.sum(1).argmax()], \
        y[y > 0], x[x > 10]


@program(_cube)
def item_assignment_by_lists_tensors_and_masks(x, y):
    a = y * 1
    a[::-1, 0] = ms.Tensor([1.0, 2.0, 3.0])
    b = y * 1
    b[[0, 2]] = 0
    c = y * 1
    c[ms.Tensor([1, 2], ms.int32)] = -1.0
    d = y * 1
    d[y.sum(1).argmax()] = 100.0
    e = y * 1
    e[e > 2] = e[e > 2] * 0 + 9
    return a, b, c, d, e


@program(_cube)
def item_assignment_broadcast_and_conversion(x, y):
    z = x * 1
    z[..., 0] = 7
    z[0, ...] = z[1, ...] * 2
    r = y * 1
    r[:] = ms.Tensor([1.0, 2.0, 3.0, 4.0])
    k = ops.cast(y, ms.int32)
    k[0, 0] = 2.7
    k[1] = ms.Tensor([1.5, 2.5, 3.5, 4.5])
    s = y * 1
    s[1, 1] = y.sum()
    return z, r, k, s


@program(_cube)
def item_augmented_assignment_on_slices(x, y):
    z = y * 1
    z[:, 1:3] *= 2
    z[0] -= z[1]
    z[-1, ::2] //= 3
    return z


@program(_cube)
def tuple_and_string_slicing(x, y):
    t = (1, 2, 3, 4, 5)
    s = "graphc"
    return (t[::-2], t[-2:], t[1:-1:2], t[10:], t[:-10], s[0], s[-1], s[1:4], s[::-2], s[10:],
            y[0, 0] * t[-1])


# --------------------------------------------------------------------------- partial, containers


def _scale_and_shift(a, k, shift=0):
    return a * k + shift


@ms.jit
def _jitted_with_default(a, b=1):
    return a - b


@program()
def functools_and_ops_partial(x, y):
    f = functools.partial(_scale_and_shift, k=3)
    g = functools.partial(_scale_and_shift, x, 2)
    h = functools.partial(lambda a, b: a - b, y)
    add_x = functools.partial(ops.add, x)
    return f(x), f(y, shift=1), g(), g(shift=2), h(x), add_x(y)


@program()
def list_clear_extend_pop_insert(x, y):
    items = [1, 2, 3]
    items.clear()
    items.extend(x)
    first = items.pop(0)
    items.insert(-10, 7)
    items.insert(10, 8)
    return items, first


@program()
def dict_fromkeys_update_clear(x, y):
    d = dict.fromkeys(("a", "b"), 0)
    d.update(a=x)
    e = {"k": 1}
    e.clear()
    return d, e, {k: v for k, v in d.items() if k != "b"}


@program()
def identity_membership_and_is_none(x, y):
    return x in (x, y), None in (1, None), x is None, x is not None


@program()
def jit_function_called_with_keywords(x, y):
    return _jitted_with_default(x, b=y), _jitted_with_default(b=x, a=y), _jitted_with_default(x)


@program()
def tensor_rows_through_enumerate_zip_tuple_list(x, y):
    scaled = [r * i for i, r in enumerate(x)]
    diffs = [a - b for a, b in zip(x, y)]
    return scaled, diffs, tuple(x), list(y), sum((x, y), x), sum([1, 2], 10)


@program()
def tensor_default_argument(x, y):
    def f(a, b=ms.Tensor(2.0, ms.float32)):
        return a * b
    return f(x), f(x, y)


def _x_and_mutable_count():
    return (_t([1.0, 2.0]), ms.mutable(7))


@program(_x_and_mutable_count)
def break_and_continue_in_a_run_time_loop(x, n):
    i = 0
    total = x * 0
    while i < n:  # n is mutable: a real loop, not unrolled
        i += 1
        if x.sum() * i > 20:
            break
        if i % 2 == 0:
            continue
        total = total + x * i
    return total, i


@program(_x_and_mutable_count)
def continue_in_a_run_time_range_loop(x, n):
    s = x * 0
    for j in range(n):
        if j % 3 == 1:
            continue
        s = s + j
    return s


@program()
def list_appended_in_a_run_time_loop(x, y):
    out = []
    k = (x.sum() > 0).astype(ms.int32)
    while k < 4:
        out.append(y * k)
        k = k + 1
    return out, len(out)


@program(_x_and_mutable_count)
def tensors_built_from_run_time_numbers(x, n):
    a = ms.Tensor(n, ms.float32)
    b = ops.fill(ms.float32, (2,), n)
    c = ms.Tensor([n, n * 2, 1])
    d = ms.tensor((x.sum().item(), 2.5))
    e = ms.Tensor(x * n, ms.float16)
    return a, b, c, d, e, ops.zeros((2,), ms.int32) + n


@program(_x_and_mutable_count)
def return_from_inside_a_run_time_loop(x, n):
    i = 0
    while i < n:
        i += 1
        if x.sum() * i > 10:
            return x * i, i
        x = x + 1
    return x, -1


@program(_x_and_mutable_count)
def return_from_a_run_time_range_loop(x, n):
    total = x * 0
    for k in range(n):
        total = total + k
        if total.sum() > 5:
            return total
    return total - 1


@program()
def while_true_with_a_run_time_break(x, y):
    while True:
        if ops.abs(x).sum() > 100:
            break
        x = x * 2 + 1
    return x


@program()
def long_constant_while_with_a_run_time_return(x, y):
    n = 0
    while n < 1000:
        n += 1
        if ops.abs(x).sum() > 50:
            return x, n
        x = x + 1
    return x, -1


def _mat_and_mutable_count():
    return (_t(np.arange(12, dtype=np.float32).reshape(4, 3)), ms.mutable(3))


@program(_mat_and_mutable_count)
def slices_with_run_time_bounds(x, n):
    out = x[0] * 0
    t = 0
    while t < n:
        out = out + x[t:t + 2].sum(0) + x[:, t:].sum() + x[None, t, ::2].sum()
        t += 1
    return out, x[n - 1:]
