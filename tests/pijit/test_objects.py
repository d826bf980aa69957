"""User objects in captured code: a method calling zero-argument `super()` is inlined (the
method's `__class__` cell and first argument), and attributes a program hangs on a Tensor
(`t.attr = v`, as MindSpore's Tensors allow) are read in the graph."""

import numpy as np

import graphc as ms


def t(data):
    return ms.Tensor(np.asarray(data, np.float32))


class Base:
    def __init__(self):
        self.w = t([1.0])

    def forward(self, x):
        return x * self.w


class Child(Base):
    def forward(self, x):
        return super().forward(x) + 1


def test_zero_argument_super_in_an_inlined_method_is_captured():
    def call(obj, x):
        return obj.forward(x)

    f = ms.jit(call, capture_mode="bytecode")
    np.testing.assert_array_equal(f(Child(), t([2.0])).asnumpy(), [3.0])
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0
    assert info.graphs[0].ops == ["mul", "add"]


def test_an_attribute_hung_on_a_tensor_is_read_in_the_graph():
    def read(x):
        return x.extra * 2 + x

    x = t([1.0, 2.0])
    x.extra = t([10.0, 20.0])
    f = ms.jit(read, capture_mode="bytecode")
    np.testing.assert_array_equal(f(x).asnumpy(), [21.0, 42.0])
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0 and info.graphs[0].ops == ["mul", "add"]


def test_a_tensor_made_from_a_graph_value_is_that_value_cast_if_asked():
    def make(x):
        return ms.tensor(x), ms.tensor(x, x.dtype), ms.Tensor(x, ms.float32)

    f = ms.jit(make, capture_mode="bytecode")
    a, b, c = f(ms.Tensor([3]))
    assert a.asnumpy().tolist() == b.asnumpy().tolist() == [3] and c.dtype == ms.float32
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0 and info.graphs[0].ops == ["cast"]


def doubled(x):
    return x + x


def test_eval_of_a_string_reads_the_captured_frame_s_names():
    def run(x, name):
        return eval(f"{name}(x)") * 3

    f = ms.jit(run, capture_mode="bytecode")
    np.testing.assert_array_equal(f(t([1.0, 2.0]), "doubled").asnumpy(), [6.0, 12.0])
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0 and info.graphs[0].ops == ["add", "mul"]


def test_a_number_attribute_that_keeps_changing_becomes_a_run_time_scalar():
    class Counter(ms.nn.Cell):
        def __init__(self):
            super().__init__()
            self.step = 1

        def construct(self, x):
            self.step = self.step + 2
            return self.step + x

    net = Counter()
    net.construct = ms.jit(net.construct, capture_mode="bytecode")
    outs = [int(net(ms.Tensor([i])).asnumpy()[0]) for i in range(6)]
    assert outs == [3 + 3 * i for i in range(6)] and net.step == 13
    info = net.construct.capture_info()
    assert info.compiles == ["first call", "attribute self.step: 1 -> 3",
                             "attribute self.step: 3 -> 5 (read as a run-time number from now on)"]
    assert info.hits == 3 and info.break_count == 0
    assert any("attribute self.step: type int" == g for g in info.guards)
