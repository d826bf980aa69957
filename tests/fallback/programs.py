"""JIT Fallback programs: each runs in PYNATIVE (plain Python) and compiled at LAX level by
test_fallback_programs.py, which compares results, printed text and side effects on the
module's state (`STATE`), and checks that STRICT rejects the program with a located error.

`PROGRAMS` maps a name to (function, argument factory, strict_ok): `strict_ok` marks programs
that are plain graph syntax too (no STRICT error expected).
"""

import math

import numpy as np
import scipy.linalg

import graphc as ms
from graphc import nn, ops

PROGRAMS = {}


def program(args=None, strict_ok=False):
    def register(fn):
        PROGRAMS[fn.__name__] = (fn, args or _xy, strict_ok)
        return fn
    return register


def _xy():
    return (ms.Tensor(np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], np.float32)),
            ms.Tensor(np.array([[2.0, 1.0, -1.0], [0.25, -3.0, 2.0]], np.float32)))


def _vec():
    return (ms.Tensor(np.array([3.0, 1.0, 2.0], np.float32)),)


def _none():
    return ()


class Helper:
    """A plain Python class (not a Cell, not a jit_class)."""

    def __init__(self, scale=2.0):
        self.scale = scale
        self.calls = 0

    def apply(self, x):
        self.calls += 1
        return x * self.scale

    def describe(self):
        return f"Helper(scale={self.scale})"


# Module state the programs change; reset before each run, compared after.
STATE = {}


def reset_state():
    global g_list, g_dict, g_obj, g_array, g_counter
    g_list = [1, 2]
    g_dict = {"a": 1}
    g_obj = Helper(3.0)
    g_array = np.zeros(3, np.float32)
    g_counter = 0


def snapshot():
    return (list(g_list), dict(g_dict), dict(vars(g_obj)), g_array.tolist(), g_counter)


reset_state()


# ------------------------------------------------------------------ third-party libraries
@program(_vec)
def numpy_sort_of_asnumpy(x):
    y = np.sort(x.asnumpy())
    return ms.tensor(y, ms.float32)


@program()
def numpy_and_ops_mixed(x, y):
    a = x.asnumpy() + y.asnumpy()
    b = ops.relu(ms.Tensor(a)) * 2
    return b + x, np.maximum(a, 0).sum()


@program()
def numpy_result_returned(x, y):
    return np.concatenate([x.asnumpy(), y.asnumpy()]).astype(np.float64)


@program(_none, strict_ok=True)  # constants: folded at compile time, in STRICT too
def numpy_constants_fold():
    a = np.array(1)
    if a <= 1:
        a += 1
    return ms.Tensor(a)


@program()
def numpy_attributes_and_methods(x, y):
    a = x.asnumpy()
    return a.shape, a.dtype == np.float32, a.reshape(3, 2).T.sum(axis=0), a.ndim


@program()
def numpy_dtype_scalars(x, y):
    total = np.float32(x.asnumpy().sum())
    return ms.Tensor(np.array([total, np.float32(1.5)])) + y.sum()


@program(_vec)
def scipy_call(x):
    q, r = scipy.linalg.qr(np.outer(x.asnumpy(), x.asnumpy()) + np.eye(3))
    return ms.Tensor(np.abs(np.diag(r)).astype(np.float32))


@program()
def numpy_subscript_assignment(x, y):
    a = x.asnumpy().copy()
    a[0, 0] += 10
    a[1] = 7
    return ms.Tensor(a)


@program(_vec)
def math_on_a_runtime_scalar(x):
    return math.sqrt(x.sum().item()) + math.floor(2.5)


@program(_vec)
def asnumpy_in_condition(x):
    if x.asnumpy().sum() > 5:
        return x * 2
    return x - 1


@program(_vec)
def numpy_condition_in_while(x):
    a = x.asnumpy()
    n = 0
    while a.max() > 0.5:
        a = a / 2
        n += 1
    return ms.Tensor(a), n


@program(_vec)
def for_over_an_ndarray(x):
    total = 0.0
    for v in x.asnumpy():
        total = total + float(v) * 2
    return total


@program(_vec)
def raise_under_a_numpy_condition(x):
    if np.isnan(x.asnumpy()).any():
        raise ValueError("nan in input")
    return x


# ------------------------------------------------------------------ custom classes
@program()
def custom_object_created_and_used(x, y):
    h = Helper(2.0)
    return h.apply(x) + y, h.scale, h.describe()


@program()
def custom_object_from_graph_values(x, y):
    h = Helper(y)
    out = h.apply(x)
    return out, h.calls


@program()
def custom_object_attribute_changes(x, y):
    h = Helper()
    h.scale = 5.0
    h.extra = "new"
    return x * h.scale, h.extra


@program()
def global_object_method_and_attributes(x, y):
    out = g_obj.apply(x)
    g_obj.scale = 100
    return out, g_obj.scale, g_obj.calls


# ------------------------------------------------------------------ operators and builtins
@program()
def operators_on_more_types(x, y):
    return x.asnumpy() * y.asnumpy(), (None, 1) in ((None, 1), 1), -x.asnumpy(), \
        x.asnumpy() > 0


@program()
def builtins_on_third_party_objects(x, y):
    a = x.asnumpy()
    shape = getattr(a, "shape")  # noqa: B009  (the builtin is what is tested)
    return len(a), isinstance(a, np.ndarray), sum(a[0]), shape, float(abs(a).max()), \
        round(float(a[0, 0]), 1)


@program()
def builtins_unsupported_in_strict(x, y):
    return sorted([3, 1, 2]), divmod(7, 2), chr(65), sorted(set([1, 2, 2])), \
        sorted(x.asnumpy().ravel().tolist())


@program()
def str_and_fstring_of_graph_values(x, y):
    s = x.sum()
    return str(s), f"sum={s}", f"{float(s):.2f}", repr(y.shape)


@program()
def type_of_graph_values(x, y):
    return type(x) is ms.Tensor, type(x.asnumpy()).__name__


# ------------------------------------------------------------------ lists, dicts, None
@program()
def global_list_in_place(x, y):
    g_list.append(3)
    g_list.extend([4, 5])
    g_list.insert(0, 0)
    last = g_list.pop()
    g_list.reverse()
    g_list[0] = 9
    return x + len(g_list), last, g_list


@program()
def global_list_returned_is_the_same_object(x, y):
    g_list.append(len(g_list))
    return g_list is g_list, x


@program()
def global_dict_changes(x, y):
    g_dict["b"] = 2
    g_dict.update({"c": 3})
    return list(g_dict.keys()), list(g_dict.values()), list(g_dict.items()), g_dict.get("z", 0)


@program(strict_ok=True)
def dict_methods_and_return(x, y):
    d = {"x": x, "y": y}
    d["z"] = x + y
    keys = list(d.keys())
    return dict(out=d["z"] * 2, n=len(keys), keys=keys)


@program(strict_ok=True)
def none_everywhere(x, y):
    def maybe(v, default=None):
        return v if default is None else default
    parts = [x[None:1], maybe(y), None]
    return parts[0], parts[1], parts[2] is None, maybe(x, None)


@program()
def global_array_in_place(x, y):
    g_array[0] = 5.0
    g_array.fill(2.0) if g_array.sum() > 100 else None
    return ms.Tensor(g_array) + x[0]


@program()
def global_rebound(x, y):
    global g_counter
    g_counter = g_counter + 1
    return x * g_counter


# ------------------------------------------------------------------ print order
@program()
def print_order_with_interpret_nodes(x, y):
    print("start", x.sum())
    a = np.round(x.asnumpy(), 1)
    print("numpy", a)
    g_list.append(7)
    print("list", g_list)
    return ms.Tensor(a)


# ------------------------------------------------------------------ Cells
class CountingNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.count = 0
        self.helper = Helper(0.5)
        self.history = []

    def construct(self, x, y):
        self.count += 1
        self.history.append(self.count)
        self.last_sum = float(x.sum().asnumpy())
        return self.helper.apply(x) * self.count + y


__all__ = ["CountingNet", "Helper", "PROGRAMS", "reset_state", "snapshot"]


def _list_arg():
    return (ms.Tensor(np.array([1.0, 2.0], np.float32)), [1, 2], {"k": 1},
            np.zeros(2, np.float32))


@program(_list_arg)
def arguments_changed_in_place(x, items, table, arr):
    items.append(len(items))
    items[0] = 10
    table["new"] = len(items)
    arr[0] += 1
    return x * len(items), items, table, arr


@program(strict_ok=True)  # graph syntax (SPEC 2.1): the views Python returns, in both levels
def dict_views_returned(x, y):
    d = {"a": x, "b": y * 2}
    return d.keys(), d.values(), d.items()


@program(strict_ok=True)
def print_dict_and_list_of_tensors(x, y):
    d = {"sum": x.sum(), "n": 2}
    print(d, [x[0], "s"], (y[1],))
    return x


@program(_vec)
def raise_with_a_formatted_runtime_message(x):
    if x.sum() > 100:
        raise ValueError(f"sum too large: {x.sum()}")
    return x


@program(_vec)
def comprehensions_over_python_values(x):
    a = x.asnumpy()
    doubled = [float(v) * 2 for v in a if v > 1]
    table = {i: float(v) for i, v in enumerate(a)}
    evens = {int(v) % 2 for v in a}
    return doubled, table, sorted(evens)


@program(_vec, strict_ok=True)
def walrus_expression(x):
    total = (n := len(x.asnumpy())) * 2
    return total + n


@program(_vec)
def random_and_clock_run_at_every_call(x):
    rng = np.random.default_rng(len(g_list))
    g_list.append(0)
    noise = rng.normal(size=3).astype(np.float32)
    return x + ms.Tensor(noise), np.random.default_rng(7).integers(0, 100)


@program()
def numpy_attribute_set(x, y):
    a = x.asnumpy().copy()
    a.shape = (3, 2)
    return a, a.shape


@ms.jit_class
class Inner:
    def __init__(self):
        self.x = 1

    def scaled(self, t):
        return t * self.x


class NetWithJitClass(nn.Cell):
    def __init__(self):
        super().__init__()
        self.inner = Inner()

    def construct(self, x):
        self.inner.x = self.inner.x + 1
        return self.inner.scaled(x)


@program()
def plain_object_returned_is_new_at_every_call(x, y):
    h = Helper(2.0)
    return h, h.apply(x)


@program()
def builtins_with_lambdas_on_graph_values(x, y):
    items = [x, y, x * 3]
    smallest = sorted(items, key=lambda t: float(t.sum()))[0]
    largest = max(items, key=lambda t: float(t.sum()))
    doubled = list(map(lambda t: t * 2, items))
    scale = 0.5
    scaled = sorted([float(v) for v in y.asnumpy().ravel()], key=lambda v: -v * scale)
    return smallest, largest, doubled[1], scaled


@program()
def zip_and_enumerate_over_python_and_graph_values(x, y):
    total = y[0] * 0
    for i, (a, b) in enumerate(zip(x.asnumpy(), y)):
        total = total + b * float(a.sum()) + i
    return total, hasattr(x.asnumpy(), "shape"), getattr(g_obj, "missing", "default")


@program(strict_ok=True)  # reads of a global dict fold (guarded by contents), in STRICT too
def global_dict_queries(x, y):
    found = "a" in g_dict
    value = g_dict.get("a", 0) + g_dict.get("zzz", 10)
    return x * value, found, sorted(g_dict)
