"""In-place writes into Tensors inside a captured function (`t[:] = x`, `t[1:] = v`,
`t.__setitem__(...)`, `t.add_(y)`, a Parameter's item): captured without a graph break, later
reads see the new value, and the caller's Tensor holds it after the call, written once per
call, as in PyNative."""

import numpy as np

import graphc as ms
from graphc import nn


def t(data, dtype=np.float32):
    return ms.Tensor(np.asarray(data, dtype))


def pijit(fn):
    return ms.jit(fn, capture_mode="bytecode")


def one_graph(f):
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0, info
    return info.graphs[0].ops


def test_slice_assignment_into_an_argument_is_captured_and_reaches_the_caller():
    def f(a, x):
        a[:] = x
        return a + 1

    g = pijit(f)
    a = t([0, 0, 0])
    out = g(a, t([1, 2, 3]))
    np.testing.assert_array_equal(out.asnumpy(), [2, 3, 4])
    np.testing.assert_array_equal(a.asnumpy(), [1, 2, 3])
    assert one_graph(g) == ["setitem", "add"]
    b = t([9, 9, 9])  # the cached graph writes the new Tensor too, exactly once
    np.testing.assert_array_equal(g(b, t([4, 5, 6])).asnumpy(), [5, 6, 7])
    np.testing.assert_array_equal(b.asnumpy(), [4, 5, 6])
    assert g.capture_info().hits == 1


def test_later_reads_and_aliases_see_the_written_value_and_the_same_object_comes_back():
    def f(a, x):
        alias = a
        a[1:] = x * 2
        return alias * 3, alias

    g = pijit(f)
    a = t([1, 0, 0])
    tripled, same = g(a, t([1, 2]))
    np.testing.assert_array_equal(tripled.asnumpy(), [3, 6, 12])
    assert same is a
    np.testing.assert_array_equal(a.asnumpy(), [1, 2, 4])
    assert one_graph(g) == ["mul", "setitem", "mul"]


def test_setitem_called_as_a_method_returns_the_tensor_as_mindspore():
    def f(a, v):
        y = a.__setitem__(slice(None), v)
        return y + 1

    g = pijit(f)
    a = t([0, 0])
    np.testing.assert_array_equal(g(a, t([1, 1])).asnumpy(), [2, 2])
    np.testing.assert_array_equal(a.asnumpy(), [1, 1])
    assert one_graph(g) == ["setitem", "add"]


def test_in_place_methods_on_an_argument_are_captured():
    def f(a, x):
        a.add_(x)
        return a * 2

    g = pijit(f)
    a = t([1, 2])
    np.testing.assert_array_equal(g(a, t([1, 1])).asnumpy(), [4, 6])
    np.testing.assert_array_equal(a.asnumpy(), [2, 3])
    assert one_graph(g) == ["add", "mul"]


def test_an_attribute_tensor_written_in_place_is_written_back_to_the_cell():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.buf = t([0, 0, 0])

        def construct(self, x):
            self.buf[0:2] = x
            return self.buf * 2

    net = Net()
    net.construct = pijit(net.construct)
    np.testing.assert_array_equal(net(t([1, 1])).asnumpy(), [2, 2, 0])
    np.testing.assert_array_equal(net(t([3, 3])).asnumpy(), [6, 6, 0])
    np.testing.assert_array_equal(net.buf.asnumpy(), [3, 3, 0])
    assert one_graph(net.construct) == ["setitem", "mul"]


def test_a_parameter_item_write_is_an_ordered_assignment():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = ms.Parameter(t([0, 0, 0]), name="w")

        def construct(self, x):
            self.w[1:] = x
            return self.w * 2

    net = Net()
    net.construct = pijit(net.construct)
    np.testing.assert_array_equal(net(t([1, 1])).asnumpy(), [0, 2, 2])
    np.testing.assert_array_equal(net.w.asnumpy(), [0, 1, 1])
    assert one_graph(net.construct) == ["setitem", "assign_parameter", "mul"]


def test_writes_on_both_sides_of_a_break_each_happen_once():
    def f(a, x):
        a[0] = x
        print("between")
        a[1] = x + 1
        return a

    g = pijit(f)
    for value in (2.0, 3.0):
        a = t([0, 0, 0])
        g(a, t(value))
        np.testing.assert_array_equal(a.asnumpy(), [value, value + 1, 0])
    info = g.capture_info()
    assert info.graph_count == 2 and info.break_count == 1
    assert [g.ops for g in info.graphs] == [["setitem"], ["add", "setitem"]]
