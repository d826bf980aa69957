"""PIJit capture: every test checks what was captured (graphs, ops, breaks and their lines,
compiles and their reasons), not only the result, so a function that ran eagerly fails them."""

import inspect
import warnings

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops
from graphc.pijit import Unsupported, get_code_extra

SCALE = 3


def t(data, dtype=np.float32):
    return ms.Tensor(np.asarray(data, dtype))


def pijit(fn=None, **kw):
    return ms.jit(fn, capture_mode="bytecode", **kw) if fn is not None else \
        ms.jit(capture_mode="bytecode", **kw)


def line_of(fn, text):
    lines, first = inspect.getsourcelines(fn)
    for i, line in enumerate(lines):
        if text in line:
            return first + i
    raise AssertionError(text)


def close(a, b):
    np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-6)


# ---------------------------------------------------------------------- capture, no breaks
def straight(x, y):
    z = ops.mul(x, y) + 1
    if x.shape[0] == 2:  # a Python condition on a shape: pruned while translating
        z = z * 2
    else:
        z = z - 100
    for i in range(3):  # a known-length loop: unrolled
        z = z + i
    return ops.relu(z) - y


def test_straight_line_code_is_one_graph_with_the_ops_it_runs():
    f = pijit(straight)
    x, y = t(np.ones((2, 3))), t(np.full((2, 3), -2.0))
    close(f(x, y), straight(x, y))
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0
    assert info.graphs[0].ops == ["mul", "add", "mul", "add", "add", "add", "relu", "sub"]
    assert info.compiles == ["first call"] and info.state == "GRAPH_CALLABLE"


def test_cached_call_runs_the_compiled_graph_not_the_function():
    def body(x):
        calls = []
        calls.append(x)  # a list made in the function: its append is captured
        return calls[0] * 2
    f = pijit(body)
    x = t([1.0, 2.0])
    close(f(x), x * 2)
    close(f(t([3.0, 4.0])), t([6.0, 8.0]))
    info = f.capture_info()
    assert info.calls == 2 and info.hits == 1 and info.entries == 1


def test_user_functions_and_cells_are_inlined():
    def helper(a):
        return ops.exp(a) * SCALE

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.dense = nn.Dense(3, 2)

        def construct(self, x):
            return self.dense(helper(x))

    net = Net()
    f = pijit(lambda x: net(x) + 1)
    x = t(np.arange(6.0).reshape(2, 3) / 10)
    close(f(x), net(x) + 1)
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0
    assert info.graphs[0].ops[:2] == ["exp", "mul"]
    assert "matmul" in info.graphs[0].ops


def test_containers_and_constants_come_back_as_python_builds_them():
    def f(x):
        return [x, x + 1], {"k": x * 2, "n": 3}, None, "s"
    out = pijit(f)(t([1.0]))
    assert isinstance(out[0], list) and out[1]["n"] == 3 and out[2] is None and out[3] == "s"
    close(out[1]["k"], t([2.0]))


def test_guard_failure_recompiles_and_says_why():
    f = pijit(lambda x, n: x * n)
    f(t(np.ones((2, 3))), 2)
    f(t(np.ones((2, 3))), 2)
    f(t(np.ones((3, 3))), 2)
    f(t(np.ones((3, 3))), 5)
    info = f.capture_info()
    assert info.compiles == ["first call", "argument x: shape (2, 3) -> (3, 3)",
                             "argument n: 2 -> 5"]
    assert info.hits == 1


def test_a_number_argument_that_keeps_changing_becomes_a_graph_input():
    f = pijit(lambda x, n: x * n + n)
    x = t([1.0, 2.0])
    for n in range(1, 7):
        close(f(x, n), x * n + n)
    info = f.capture_info()
    assert info.compiles == ["first call", "argument n: 1 -> 2", "argument n: 2 -> 3"]
    assert info.hits == 3  # n = 4, 5, 6: the entry with n as a run-time scalar
    f(x, 2.5)  # another type: a new entry
    assert f.capture_info().compiles[-1] == "argument n: type int -> float"


def test_a_global_read_is_guarded():
    global SCALE
    f = pijit(lambda x: x * SCALE)
    x = t([1.0])
    close(f(x), t([3.0]))
    SCALE = 4
    try:
        close(f(x), t([4.0]))  # PyNative's answer: the new value
    finally:
        SCALE = 3
    assert f.capture_info().compiles == ["first call", "global SCALE: 3 -> 4"]


def test_cache_size_limit_then_eager_with_one_warning():
    f = pijit(lambda x, n: x + n, jit_config={"cache_size_limit": 2})
    x = t([1.0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for n in range(5):
            close(f(x, n), t([1.0 + n]))
    assert len([w for w in caught if "cache_size_limit" in str(w.message)]) == 1
    info = f.capture_info()
    assert len(info.compiles) == 2 and info.state == "NEVER_COMPILE"


def test_parameter_assignment_is_an_ordered_graph_node():
    w = ms.Parameter(t([1.0, 2.0]), name="w")

    def step(x):
        ops.assign(w, w + x)
        return w * 2
    f = pijit(step)
    out = f(t([1.0, 1.0]))
    close(out, t([4.0, 6.0]))
    close(w, t([2.0, 3.0]))
    assert "assign_parameter" in f.capture_info().graphs[0].ops
    f(t([1.0, 1.0]))
    close(w, t([3.0, 4.0]))


# ---------------------------------------------------------------------- graph breaks
def with_numpy(x, y):
    z = x * y
    h = np.sin(z.asnumpy())  # NumPy on Tensor data: a break
    w = ops.relu(ms.Tensor(h)) - y
    return w * 2


def test_a_numpy_call_on_a_graph_value_breaks_and_the_rest_is_captured():
    f = pijit(with_numpy)
    x, y = t(np.ones((2, 2))), t(np.full((2, 2), 0.5))
    close(f(x, y), with_numpy(x, y))
    close(f(x, y), with_numpy(x, y))
    info = f.capture_info()
    assert info.break_count == 1 and info.graph_count == 2
    assert info.breaks[0].line == line_of(with_numpy, "np.sin")
    assert info.graphs[0].ops == ["mul"]
    assert info.graphs[1].ops == ["sub", "mul"]
    extra = get_code_extra(with_numpy)
    assert extra["stat"] == "GRAPH_CALLABLE" and extra["break_count_"] == 1
    assert extra["compile_count_"] == 1 and extra["code"]["call_count_"] == 2
    assert extra["code"]["phase_"]


def branchy(x):
    y = x * 2
    if y.sum() > 0:  # data-dependent: a break at the jump
        return y + 1
    return y - 1


def test_a_tensor_condition_breaks_at_the_jump_and_each_side_is_captured():
    f = pijit(branchy)
    close(f(t([1.0, 2.0])), t([3.0, 5.0]))
    info = f.capture_info()
    assert info.break_count == 1 and info.breaks[0].kind == "branch"
    assert info.breaks[0].line == line_of(branchy, "if y.sum()")
    assert [g.ops for g in info.graphs] == [["mul", "reduce_sum", "greater"], ["add"]]
    close(f(t([-1.0, -2.0])), t([-3.0, -5.0]))
    info = f.capture_info()
    assert [g.ops for g in info.graphs] == [["mul", "reduce_sum", "greater"], ["sub"]]
    assert info.hits == 1  # the entry was reused; only the other side was captured


def test_side_effects_happen_once_and_in_program_order(capsys):
    log = []

    class Box:
        count = 0

    box = Box()

    def effects(x, items):
        print("start")
        items.append(1)            # changes to outside objects: made after the graph runs,
        box.count = box.count + 1  # on the real objects, in program order
        print("middle", len(items))
        log.append("end")
        return x + len(items)

    f = pijit(effects)
    items = []
    out = f(t([1.0]), items)
    close(out, t([2.0]))
    assert items == [1] and box.count == 1 and log == ["end"]
    assert capsys.readouterr().out == "start\nmiddle 1\n"
    info = f.capture_info()
    # print() is a graph break (as in MindSpore): it runs in Python, at its place in order
    assert [b.line for b in info.breaks] == [line_of(effects, 'print("start")'),
                                             line_of(effects, 'print("middle"')]
    assert "print()" in info.breaks[0].reason and [g.ops for g in info.graphs] == [["add"]]
    items2 = []
    f(t([1.0]), items2)
    assert items2 == [1] and box.count == 2 and log == ["end", "end"]
    assert capsys.readouterr().out == "start\nmiddle 1\n"
    assert f.capture_info().compiles == ["first call"] and f.capture_info().hits == 1


def test_effects_at_a_break_are_made_before_the_python_part(capsys):
    seen = []

    def effects(x, items):
        items.append(x * 2)                    # written back before the break runs
        seen.append(len(items))                # (reads the real list: 1 item)
        y = ms.Tensor(np.cos(x.asnumpy()))     # a break
        items.append(y)
        return y + 1

    f = pijit(effects)
    items = []
    x = t([0.0])
    close(f(x, items), t([2.0]))
    assert len(items) == 2 and seen == [1]
    close(items[0], t([0.0]))
    close(items[1], t([1.0]))
    info = f.capture_info()
    assert info.break_count == 1 and info.breaks[0].line == line_of(effects, "np.cos")


def test_a_break_inside_a_loop_runs_the_loop_in_python():
    def loop(x):
        y = x + 1
        for _ in range(3):
            y = y * 2
            if float(y.sum().asnumpy()) > 100:
                break
        return y - 1
    f = pijit(loop)
    close(f(t([1.0])), loop(t([1.0])))
    info = f.capture_info()
    assert info.break_count == 1 and info.breaks[0].kind == "block"
    assert info.graphs[0].ops == ["add"]


def test_fullgraph_raises_at_the_first_break_naming_the_line():
    f = pijit(with_numpy, fullgraph=True)
    with pytest.raises(Unsupported, match=rf"test_capture.py:{line_of(with_numpy, 'np.sin')}"):
        f(t([1.0]), t([1.0]))
    g = pijit(straight, fullgraph=True)
    g(t(np.ones((2, 3))), t(np.ones((2, 3))))  # no break: no error


def test_a_method_is_captured_per_instance():
    class Net(nn.Cell):
        def __init__(self, k):
            super().__init__()
            self.k = k

        @ms.jit(capture_mode="bytecode")
        def construct(self, x):
            return x * self.k

    a, b = Net(2.0), Net(3.0)
    close(a(t([1.0])), t([2.0]))
    close(b(t([1.0])), t([3.0]))
    a.k = 5.0
    close(a(t([1.0])), t([5.0]))
    assert get_code_extra(Net.construct)["stat"] == "GRAPH_CALLABLE"


def test_explain_reads_as_text():
    f = pijit(with_numpy)
    f(t([1.0]), t([1.0]))
    text = str(ms.explain(f))
    assert "2 graphs, 1 graph break" in text and "np.sin" in text


G_COUNT = 0


def test_global_and_item_stores_are_written_back_without_a_break():
    def f(x, lst):
        global G_COUNT
        G_COUNT = G_COUNT + 1
        lst[0] = x * 2
        del lst[1]
        return lst

    g = pijit(f)
    lst = [t([0.0]), t([5.0]), 7]
    out = g(t([1.0]), lst)
    assert out is lst and len(lst) == 2 and lst[1] == 7 and G_COUNT == 1
    close(lst[0], t([2.0]))
    info = g.capture_info()
    assert info.break_count == 0 and info.graphs[0].ops == ["mul"]
    extra = get_code_extra(f)
    assert extra["break_count_"] == 0 and extra["stat"] == "GRAPH_CALLABLE"


def test_a_break_inside_a_callee_captures_the_callee_around_its_break():
    def inner(a):
        b = a + 1
        c = ms.Tensor(np.floor(b.asnumpy()))  # the break
        return ops.relu(c) * 3

    def outer(x):
        y = x * 2
        z = inner(y)
        return z - 1

    f = pijit(outer)
    x = t([0.3, -2.0])
    close(f(x), outer(x))
    close(f(x), outer(x))
    info = f.capture_info()
    assert info.break_count == 1 and info.breaks[0].line == line_of(outer, "z = inner(y)")
    assert "inner" in info.breaks[0].reason
    assert [g.ops for g in info.graphs] == [["mul"], ["sub"]]
    callee = get_code_extra(inner)  # the callee, called through its own PIJit entry
    assert callee["stat"] == "GRAPH_CALLABLE" and callee["break_count_"] == 1
    assert callee["code"]["call_count_"] == 2


def test_input_signature_makes_dims_dynamic_one_graph_for_all_sizes():
    sig = (ms.Tensor(shape=[None, 3], dtype=ms.float32),)
    f = pijit(lambda x: ops.relu(x) * 2, input_signature=sig)
    for rows in (1, 4, 7):
        x = t(np.full((rows, 3), -1.0 if rows == 4 else 1.0))
        close(f(x), ops.relu(x) * 2)
    info = f.capture_info()
    assert info.compiles == ["first call"] and info.hits == 2
    f(t(np.ones((2, 4))))  # a fixed dim differs: a new entry, and the reason says so
    assert f.capture_info().compiles[1] == "argument x: shape (None, 3) -> (2, 4)"


def test_print_after_all_prints_the_capture(capsys):
    f = pijit(branchy, jit_config={"print_after_all": True})
    f(t([1.0]))
    out = capsys.readouterr().out
    assert "PIJit capture of branchy (first call)" in out and "graph break at" in out


def test_in_graph_mode_and_inside_jit_a_pijit_function_is_plain_code():
    class Net(nn.Cell):
        @ms.jit(capture_mode="bytecode")
        def construct(self, x):
            return x * 2

    inner = pijit(lambda x: x + 1)
    outer = ms.jit(lambda x: inner(x) * 3)
    close(outer(t([1.0])), t([6.0]))
    assert inner.capture_info().calls == 0  # compiled into outer's graph by the AST compiler
    net = Net()
    ms.set_context(mode=ms.GRAPH_MODE)
    try:
        close(net(t([1.0])), t([2.0]))
    finally:
        ms.set_context(mode=ms.PYNATIVE_MODE)
    assert net.graph_cache_info().misses == 1


def test_mindspore_function_keyword():
    def f(x):
        return x - 1
    close(ms.jit(function=f, capture_mode="bytecode")(t([1.0])), t([0.0]))
    assert get_code_extra(f)["stat"] == "GRAPH_CALLABLE"


def test_a_resume_function_keeps_the_exception_handlers_of_the_original():
    def f(x, n):
        z = ms.Tensor(np.abs((x * 2).asnumpy()))  # a break: the rest is a resume function
        for i in range(n):
            try:
                z = z / float(i)
                if i == 2:
                    raise KeyError("k")
            except ZeroDivisionError:
                z = z - 1
            except KeyError:
                z = z + 100
        return z

    g = pijit(f)
    x = t([1.0, -2.0])
    for _ in range(2):
        close(g(x, 4), f(x, 4))
    info = g.capture_info()
    assert info.break_count == 2 and info.breaks[1].kind == "block"
    assert info.breaks[1].line == line_of(f, 'raise KeyError("k")')


def test_namedtuples_are_built_in_the_graph_and_come_back_as_namedtuples():
    import collections
    import dis
    point = collections.namedtuple("Point", ["x", "y"])

    def f(x, y, lst):
        p = point(x, y=y * 2)
        lst[0] = p.x
        return p, ops.sub(p.x, p.y)

    g = pijit(f)
    lst = [0]
    p, d = g(t([1.0]), t([3.0]), lst)
    assert type(p) is point and lst[0] is p.x
    close(p.y, t([6.0]))
    close(d, t([-5.0]))
    extra = get_code_extra(f)
    assert extra["break_count_"] == 0
    # the code run after the graph writes the item back with a STORE_SUBSCR
    ran_after = extra["code"]["compiled_code_"]
    assert "STORE_SUBSCR" in {i.opname for i in dis.get_instructions(ran_after)}


def test_a_cell_instance_can_be_decorated_and_its_parameter_attribute_updated():
    class Acc(nn.Cell):
        def __init__(self):
            super().__init__()
            self.total = ms.Parameter(t([0.0, 0.0]), name="total")

        def construct(self, x):
            self.total = self.total + x  # Cell semantics: the Parameter's set_data
            return self.total * 1

    acc = Acc()
    f = pijit(acc)
    close(f(t([1.0, 2.0])), t([1.0, 2.0]))
    close(f(t([1.0, 2.0])), t([2.0, 4.0]))
    assert isinstance(acc.total, ms.Parameter)
    close(acc.total, t([2.0, 4.0]))
    info = f.capture_info()
    assert info.break_count == 0 and "assign_parameter" in info.graphs[0].ops
    assert info.hits == 1


def test_an_unsupported_python_runs_eagerly_with_one_warning(monkeypatch):
    from graphc.pijit import api
    monkeypatch.setattr(api, "SUPPORTED", False)
    monkeypatch.setattr(api, "_warned_version", False)
    f = pijit(lambda x: x + 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        close(f(t([1.0])), t([2.0]))
        close(f(t([2.0])), t([3.0]))
    assert len([w for w in caught if "runs eagerly" in str(w.message)]) == 1
    assert f.capture_info().entries == 0 and f.capture_info().state == "GRAPH_CANDIDATE"


def test_called_from_python_in_graph_mode_a_pijit_function_is_still_captured():
    f = pijit(straight)
    x, y = t(np.ones((2, 3))), t(np.full((2, 3), -2.0))
    ms.set_context(mode=ms.GRAPH_MODE)
    try:
        close(f(x, y), straight(x, y))
    finally:
        ms.set_context(mode=ms.PYNATIVE_MODE)
    info = f.capture_info()
    assert info.graph_count == 1 and info.compiles == ["first call"]


def test_tensors_read_through_attributes_of_arguments_are_graph_inputs():
    class Memory(nn.Cell):
        def __init__(self):
            super().__init__()
            self.state = t([1.0, 2.0])

    class Holder(nn.Cell):
        def __init__(self):
            super().__init__()
            self.inner = Memory()

        def construct(self, x):
            self.inner.state = self.inner.state + x  # read through self.inner.state
            return self.inner.state * 2

    a, b = Holder(), Holder()
    f = pijit(b.construct)
    close(f(t([1.0, 1.0])), a.construct(t([1.0, 1.0])))
    close(f(t([1.0, 1.0])), a.construct(t([1.0, 1.0])))  # the graph reads the new state
    close(b.inner.state, a.inner.state)
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0 and info.hits == 1
    assert info.graphs[0].ops == ["add", "mul"]


def test_assign_value_on_a_parameter_argument_is_an_ordered_assignment_in_the_graph():
    def step(x, y):
        before = x + y
        x = x.assign_value(y * 2)
        return before, x + y

    w, v = ms.Parameter(t([1.0]), name="w"), ms.Parameter(t([2.0]), name="v")
    f = pijit(step)
    before, after = f(w, v)
    np.testing.assert_allclose([before.asnumpy()[0], after.asnumpy()[0], w.asnumpy()[0]],
                               [3.0, 6.0, 4.0])
    before, after = f(w, v)  # the cached graph reads the assigned value
    np.testing.assert_allclose([before.asnumpy()[0], w.asnumpy()[0]], [6.0, 4.0])
    info = f.capture_info()
    assert info.break_count == 0 and info.graphs[0].ops == ["add", "mul", "assign_parameter",
                                                            "add"]


def test_changing_an_outside_tensor_in_place_is_captured_and_written_back_after_the_graph():
    def fill(x, v):
        x.__setitem__(slice(None), v)
        return x * 2

    a, b = t([1.0, 2.0]), t([1.0, 2.0])
    f = pijit(fill)
    close(f(a, t([5.0, 5.0])), fill(b, t([5.0, 5.0])))
    close(a, b)
    info = f.capture_info()
    assert info.break_count == 0 and info.graphs[0].ops == ["setitem", "mul"]


def test_a_tensor_made_in_the_function_is_one_object_wherever_it_was_put():
    def alias(x):
        c = ms.Tensor(np.array([1.0], np.float32))
        pair = [c, [c]]
        c[:] = x  # a break: Python changes c, which both places hold
        return pair

    f = pijit(alias)
    first, (second,) = f(t([3.0]))
    assert first is second and first.asnumpy()[0] == 3.0
    assert f.capture_info().break_count == 1


def test_a_celllist_that_gains_a_cell_is_captured_again():
    class Stack(nn.Cell):
        def __init__(self):
            super().__init__()
            self.layers = nn.CellList([nn.ReLU(), nn.Tanh()])

        def construct(self, x):
            for i in range(len(self.layers)):
                x = self.layers[i](x)
            return x

    net = Stack()
    f = pijit(net.construct)
    x = t([-1.0, 0.5])
    close(f(x), ops.tanh(ops.relu(x)))
    net.layers.append(nn.Sigmoid())
    close(f(x), ops.sigmoid(ops.tanh(ops.relu(x))))
    info = f.capture_info()
    assert info.compiles[1] == "length of self.layers: length 2 -> 3"
    assert info.graphs[0].ops == ["relu", "tanh", "sigmoid"]


def test_a_random_draw_with_constant_inputs_happens_at_every_call():
    # (the shared emitter records effectful primitives even on constants: not folded at capture)
    @ms.jit(capture_mode="bytecode")
    def noisy(x):
        return x + ops.standard_normal((2,))

    x = ms.Tensor(np.zeros(2, np.float32))
    first, second = noisy(x).asnumpy(), noisy(x).asnumpy()
    assert not np.array_equal(first, second)


def test_a_slice_holding_graph_values_comes_back_with_tensors_in_it():
    def sliced(x):
        y = x * 2
        return slice(y, None, x + 1), y

    f = pijit(sliced)
    s, y = f(t([1.0]))
    assert isinstance(s, slice) and s.stop is None
    assert type(s.start) is ms.Tensor and type(s.step) is ms.Tensor
    close(s.start, t([2.0]))
    close(s.step, t([2.0]))
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0
    assert info.graphs[0].ops == ["mul", "add"]
