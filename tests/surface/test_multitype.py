"""`MultitypeFuncGraph`, `HyperMap` and `Map`, eagerly and inside graphs. Expected values are
MindSpore 2.10's (run by hand)."""

import numpy as np
import pytest

import graphc as ms
from graphc import Tensor, nn, ops
from graphc.ops import composite as C


def _dispatcher():
    f = ops.MultitypeFuncGraph("f")

    @f.register("Number", "Number")
    def numbers(x, y):
        return ("nn", x + y)

    @f.register("Tensor", "Number")
    def tensor_number(x, y):
        return ("tn", x + y)

    @f.register("Int", "Int")
    def ints(x, y):  # never chosen: the first matching registration wins
        return ("ii", x * y)

    return f


def test_register_returns_the_function_and_first_match_wins():
    f = _dispatcher()
    assert f(1, 2) == ("nn", 3)
    assert f(1.0, 2) == ("nn", 3.0)
    assert f(True, 2) == ("nn", 3)  # Bool is a Number
    tag, value = f(Tensor([1.0]), 2)
    assert tag == "tn" and value.asnumpy().tolist() == [3.0]


def test_no_matching_registration_is_a_value_error_naming_the_types():
    with pytest.raises(ValueError, match=r"cannot find fn match given args\. .*\(String, Int\)"):
        _dispatcher()("a", 1)
    with pytest.raises(TypeError, match="cannot find fn match"):  # no registration for 3
        _dispatcher()(1, 2, 3)
    with pytest.raises(TypeError, match="type names must be among"):
        ops.MultitypeFuncGraph("g").register("Tensr")


def test_sequence_and_scalar_type_names():
    g = ops.MultitypeFuncGraph("g")
    g.register("Tuple")(lambda x: len(x))
    g.register("List")(lambda x: -len(x))
    g.register("String")(lambda x: x + "!")
    g.register("None")(lambda x: "none")
    g.register("Bool")(lambda x: "bool")
    assert (g((1, 2)), g([1]), g("a"), g(None), g(True)) == (2, -1, "a!", "none", "bool")


def test_hypermap_recurses_into_nested_sequences_and_map_does_one_level():
    hm = C.HyperMap()
    a = (Tensor(1.0), [Tensor(2.0), Tensor(3.0)])
    out = hm(ops.add, a, a)
    assert float(out[0].asnumpy()) == 2.0
    assert [float(t.asnumpy()) for t in out[1]] == [4.0, 6.0]
    with pytest.raises(TypeError, match="must all be tuples or lists"):
        hm(ops.add, (1, 2), 3)
    with pytest.raises(ValueError, match="same length"):
        hm(ops.add, (1, 2), (1,))
    assert C.Map()(lambda x: x * 2, (1, 2, 3)) == (2, 4, 6)
    assert ops.HyperMap(ops.square)([Tensor(2.0), Tensor(3.0)])[1].asnumpy() == 9.0


def test_dispatch_and_maps_inside_jit():
    f = _dispatcher()
    g = ops.MultitypeFuncGraph("g")
    g.register("Tuple")(lambda x: len(x))
    hm = C.HyperMap()

    @ms.jit
    def k(x):
        return f(x, 2), g((x, x)), hm(ops.mul, (x, x), (x, 2.0))

    (tag, value), length, (m1, m2) = k(Tensor([1.0]))
    assert (tag, value.asnumpy().tolist(), length) == ("tn", [3.0], 2)
    assert (m1.asnumpy().tolist(), m2.asnumpy().tolist()) == ([1.0], [2.0])
    assert ms.explain(k, Tensor([1.0])).count == 0  # all graph code: nothing falls back


def test_registered_user_function_is_compiled_with_tensor_conditions():
    f = ops.MultitypeFuncGraph("branchy")

    @f.register("Tensor", "Tensor")
    def both(x, y):
        if x.sum() > 0:  # a Tensor condition: needs the graph builder, not plain Python
            return x * y
        return x - y

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.hyper_map = C.HyperMap(f)

        def construct(self, x, y):
            return self.hyper_map((x, -x), (y, y))

    ms.set_context(mode=ms.GRAPH_MODE)
    x, y = Tensor(np.array([1.0, 2.0], np.float32)), Tensor(np.array([3.0, 4.0], np.float32))
    pos, neg = Net()(x, y)
    assert pos.asnumpy().tolist() == [3.0, 8.0] and neg.asnumpy().tolist() == [-4.0, -6.0]

    @ms.jit
    def g(x, y):
        return f(x, y)

    assert ms.explain(g, x, y).count == 0  # the branch compiled to a graph switch


def test_hypermap_with_partial_of_a_dispatcher_and_bool_attribute():
    add = ops.MultitypeFuncGraph("add")
    add.register("Number", "Number")(lambda x, y: x + y)
    fg = ops.MultitypeFuncGraph("fg")

    @fg.register("Tensor", "Bool")
    def square_maybe_double(x, flag):
        if flag:
            return ops.square(x * 2)
        return ops.square(x)

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.hyper_map = C.HyperMap()
            self.flag = True

        def construct(self, x, n):
            return self.hyper_map(fg, x, self.flag), self.hyper_map(ops.partial(add, 2), n)

    ms.set_context(mode=ms.GRAPH_MODE)
    out, three = Net()(Tensor(np.array([1.0], np.float32)), 1)
    assert out.asnumpy().tolist() == [4.0] and three == 3


def test_hypermap_of_lists_gives_a_list_in_graphs_and_a_tuple_in_pynative():
    hm = ops.HyperMap(ops.add)
    x = Tensor([1.0])
    assert isinstance(hm([x, x], [x, x]), tuple)

    @ms.jit
    def f(x):
        return hm([x, x], [x, x])

    out = f(x)
    assert isinstance(out, list) and [t.asnumpy().tolist() for t in out] == [[2.0], [2.0]]


@pytest.mark.parametrize("mode", ["pynative", "jit"])
def test_hyper_map_stops_where_a_registration_takes_a_tuple_as_it_is(mode):
    """MindSpore 2.10: with ("Tensor", "Tuple") registered, HyperMap over ((x, y), ((z, x),
    (y, z))) calls it on (x, (z, x)) and (y, (y, z)): (0, -6)."""
    add_tuple = C.MultitypeFuncGraph("add_tuple")

    @add_tuple.register("Tensor", "Tuple")
    def _(a, b):
        return a + b[0] - b[1]

    def run(x, y, z):
        return C.HyperMap(add_tuple)((x, y), ((z, x), (y, z)))

    x, y, z = (ms.Tensor(v, ms.int32) for v in (2, -3, 0))
    out = (ms.jit(run) if mode == "jit" else run)(x, y, z)
    assert [o.asnumpy().tolist() for o in out] == [0, -6]
