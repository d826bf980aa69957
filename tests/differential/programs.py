"""Small user-style programs, each run in PYNATIVE (plain Python) and compiled, by
test_programs.py. `PROGRAMS` maps a name to (function, argument factory)."""

import numpy as np

import graphc as ms
from graphc import ops

PROGRAMS = {}


def program(*args_factory):
    def register(fn):
        PROGRAMS[fn.__name__] = (fn, args_factory[0] if args_factory else _xy)
        return fn
    return register


def _x():
    return (ms.Tensor(np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], np.float32)),)


def _xy():
    rng = np.random.default_rng(0)
    return (ms.Tensor(rng.normal(size=(2, 3)).astype(np.float32)),
            ms.Tensor(rng.normal(size=(2, 3)).astype(np.float32)))


def _vec():
    return (ms.Tensor(np.array([0.5, -1.0, 2.0, 3.0], np.float32)),)


def _scalar_and_x():
    return (_x()[0], 3)


def _ints():
    return (ms.Tensor(np.array([3, -1, 4, 1], np.int32)),)


@program()
def arith_chain(x, y):
    return (x + y) * (x - y) / (y * y + 1.0) - 2 * x


@program()
def unary_ops(x, y):
    return ops.exp(x) + ops.tanh(y) - ops.abs(x) + ops.sqrt(ops.abs(y) + 1)


@program()
def augmented_assignment(x, y):
    z = x
    z += y
    z *= 2.0
    z -= 1
    z /= 4
    return z


@program()
def tuple_unpacking(x, y):
    a, b = x, y
    a, b = b, a
    (c, d), e = (a, b), a + b
    return c - d + e


@program()
def starred_unpacking(x, y):
    first, *rest = (x, y, x * y)
    return first + rest[0] + rest[1]


@program()
def if_on_constant(x, y):
    flag = True
    if flag:
        return x + y
    return x - y


@program()
def if_on_tensor(x, y):
    if x.sum() > y.sum():
        z = x * 2
    else:
        z = y * 3
    return z + 1


@program()
def elif_chain(x, y):
    s = x.sum()
    if s > 10:
        out = x
    elif s > 0:
        out = x + y
    else:
        out = x - y
    return out


@program()
def early_return_in_tensor_branch(x, y):
    if x.mean() > 0:
        return x * y
    z = x - y
    return z * 2


@program()
def nested_tensor_ifs(x, y):
    if x.sum() > 0:
        if y.sum() > 0:
            z = x + y
        else:
            z = x - y
    else:
        z = x * y
    return z


@program()
def if_expression_on_tensor(x, y):
    return x if x.max() > y.max() else y


@program()
def if_expression_constant(x, y):
    k = 3
    return x * (2 if k > 2 else 5)


@program()
def while_on_constant(x, y):
    i = 0
    while i < 4:
        x = x + y
        i += 1
    return x, i


@program()
def while_on_tensor(x, y):
    s = x * 0
    n = 0
    while s.sum() < 20:
        s = s + ops.abs(x) + 1
        n = n + 1
    return s, n


@program()
def while_tensor_counter(x, y):
    i = ms.Tensor(0, ms.int32)
    acc = x
    while i < 5:
        acc = acc * 0.5 + y
        i = i + 1
    return acc, i


@program()
def for_over_range(x, y):
    out = x
    for i in range(3):
        out = out + y * i
    return out


@program()
def for_over_tuple(x, y):
    total = x * 0
    for t in (x, y, x * y):
        total = total + t
    return total


@program()
def for_over_zip_enumerate(x, y):
    acc = x * 0
    for i, (a, b) in enumerate(zip((x, y), (y, x))):
        acc = acc + a * b * (i + 1)
    return acc


@program()
def for_over_tensor_rows(x, y):
    rows = []
    for row in x:
        rows.append(row.sum())
    return rows[0] + rows[1]


@program()
def break_and_continue(x, y):
    acc = x
    for i in range(10):
        if i == 2:
            continue
        if i > 5:
            break
        acc = acc + i
    return acc


@program()
def long_range_loop(x, y):
    acc = x * 0
    for i in range(1000):
        acc = acc + y * (i % 2)
    return acc


@program()
def nested_function_call(x, y):
    def helper(a, b=2.0):
        return a * b + 1
    return helper(x) + helper(y, b=3.0)


def _module_helper(a, scale):
    if scale > 1:
        return a * scale
    return a


@program()
def module_function_call(x, y):
    return _module_helper(x, 3) + _module_helper(y, 1)


def _recursive_power(a, n):
    if n == 0:
        return a * 0 + 1
    return a * _recursive_power(a, n - 1)


@program()
def recursion_with_constant_condition(x, y):
    return _recursive_power(x, 3)


@program()
def lambda_and_closure(x, y):
    scale = 2.0
    f = lambda a: a * scale + y  # noqa: E731
    return f(x)


@program()
def list_and_tuple_ops(x, y):
    items = [x, y]
    items.append(x * y)
    t = tuple(items)
    return t[-1] + t[0] + len(t)


@program()
def dict_literal_and_index(x, y):
    d = {"a": x, "b": y}
    d["c"] = x + y
    return d["c"] * 2 + d["a"]


@program()
def list_comprehension(x, y):
    parts = [x * i for i in range(3)]
    return parts[0] + parts[1] + parts[2]


@program()
def comprehension_with_filter(x, y):
    parts = [x * i for i in range(6) if i % 2 == 0]
    return sum(parts[1:], parts[0])


@program()
def builtins_on_constants(x, y):
    n = len((1, 2, 3))
    m = max(1, 5, 3) + min(4, 2) + abs(-3) + round(2.6) + int(3.9) + sum([1, 2])
    ok = isinstance(x, ms.Tensor) and all([True, 1]) and any([0, 2])
    return x * (n + m) if ok else x


@program()
def shape_is_constant(x, y):
    rows, cols = x.shape
    return ops.reshape(x, (cols, rows)) * x.ndim


@program()
def tensor_methods(x, y):
    return x.sum(axis=1) + x.mean() + x.max() - y.min(axis=0).sum() + x.T.sum()


@program()
def matmul_and_transpose(x, y):
    return ops.matmul(x, y.T) + x @ y.transpose()


@program()
def indexing_and_slicing(x, y):
    return x[0] + x[1, ::-1] + x[:, 1].sum() + y[..., None].sum()


@program()
def item_assignment(x, y):
    z = x * 1
    z[0] = y[1]
    z[1, 2] = 7.0
    return z


@program()
def comparisons_and_logic(x, y):
    mask = (x > 0) & (y < 1)
    return ops.select(mask, x, y), (x == x).all()


@program()
def dtype_promotion(x, y):
    i = ops.cast(x, ms.int32)
    return i + 1, i * 1.5, x * 2.5, ops.cast(i, ms.float16) + x


@program()
def python_scalar_arithmetic(x, y):
    a = 7 // 2 + 7 % 3 + 2 ** 3
    b = 1.5 * 2 - 0.25
    return x * a + b, a, b


@program(_scalar_and_x)
def scalar_argument_is_constant(x, n):
    out = x
    for _ in range(n):
        out = out * 2
    return out


@program()
def string_constants(x, y):
    mode = "sum"
    if mode == "sum":
        return x.sum()
    return x.mean()


@program()
def none_default_and_return(x, y):
    def maybe(a, b=None):
        if b is None:
            return a
        return a + b
    return maybe(x), maybe(x, y), None


@program()
def reductions_keep_dims(x, y):
    return ops.reduce_sum(x, 1, keep_dims=True) * ops.reduce_mean(y, (0, 1), keep_dims=True)


@program()
def softmax_and_relu(x, y):
    return ops.softmax(x, -1) + ops.relu(y) + ops.sigmoid(x)


@program()
def concat_stack_split(x, y):
    c = ops.concat((x, y), 0)
    s = ops.stack((x, y), 1)
    a, b = ops.split(c, 2, 0)
    return c.sum() + s.sum() + a - b


@program(_ints)
def integer_tensor_ops(v):
    return v * 2 + 1, v // 2, v % 3, -v, v.max()


@program(_vec)
def where_clip_and_compare(v):
    return ops.clamp(v, -0.5, 2.5), ops.where(v > 1, v, v * 0), (v >= 0.5).sum()


@program()
def multiple_returns_structure(x, y):
    return (x, (y, [x + y, 3]), {"k": x * y})
