import warnings
from collections import OrderedDict

import numpy as np
import pytest

import graphc as ms
import graphc.nn as nn
from graphc.common.context import context


def _param(value, **kw):
    return ms.Parameter(ms.Tensor(np.array(value, np.float32)), **kw)


class Leaf(nn.Cell):
    def __init__(self):
        super().__init__()
        self.weight = _param([1.0, 2.0])
        self.bias = _param([0.5])

    def construct(self, x):
        return x * self.weight + self.bias


class Sub(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc1 = Leaf()
        self.b = _param([3.0])

    def construct(self, x):
        return self.fc1(x) * self.b


class Top(nn.Cell):
    def __init__(self):
        super().__init__()
        self.sub = Sub()
        self.z = _param([1.0])

    def construct(self, x):
        return self.sub(x) + self.z


def test_trainable_params_order_and_names_follow_spec_example():
    net = Top()
    assert [p.name for p in net.trainable_params()] == ["z", "sub.b", "sub.fc1.weight",
                                                        "sub.fc1.bias"]


def test_parameters_and_names_are_attribute_paths():
    net = Top()
    names = [n for n, _ in net.parameters_and_names()]
    assert names == ["z", "sub.b", "sub.fc1.weight", "sub.fc1.bias"]
    assert list(net.parameters_dict()) == names
    assert [n for n, _ in net.parameters_and_names(expand=False)] == ["z"]
    assert [n for n, _ in net.parameters_and_names(name_prefix="net")] == [
        "net.z", "net.sub.b", "net.sub.fc1.weight", "net.sub.fc1.bias"]


def test_unnamed_parameter_takes_attribute_name_explicit_name_kept_at_top():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.a = _param([1.0])
            self.b = _param([1.0], name="explicit")

        def construct(self, x):
            return x

    net = Net()
    assert [p.name for p in net.get_parameters()] == ["a", "explicit"]


def test_getattr_finds_params_and_cells_and_missing_attr_is_clear():
    net = Top()
    assert isinstance(net.sub, Sub)
    assert net.z.name == "z"
    assert "sub" not in net.__dict__ and "z" not in net.__dict__
    with pytest.raises(AttributeError, match="'Top' object has no attribute 'nope'"):
        _ = net.nope


def test_delattr_unregisters():
    net = Top()
    del net.sub
    assert [p.name for p in net.trainable_params()] == ["z"]
    del net.z
    assert net.trainable_params() == []


def test_assigning_tensor_to_parameter_attribute_sets_data():
    net = Leaf()
    p = net.weight
    net.weight = ms.Tensor(np.array([5.0, 6.0], np.float32))
    assert net.weight is p
    np.testing.assert_allclose(p.asnumpy(), [5.0, 6.0])
    with pytest.raises(TypeError, match="Parameter"):
        net.weight = "text"


def test_assigning_before_super_init_is_an_error():
    class Bad(nn.Cell):
        def __init__(self):
            self.w = _param([1.0])
            super().__init__()

    with pytest.raises(AttributeError, match="super\\(\\).__init__"):
        Bad()


def test_untrainable_params_and_requires_grad():
    net = Leaf()
    net.bias.requires_grad = False
    assert [p.name for p in net.trainable_params()] == ["weight"]
    assert [p.name for p in net.untrainable_params()] == ["bias"]


def test_auto_prefix_false_keeps_names():
    class Wrapper(nn.Cell):
        def __init__(self, inner):
            super().__init__(auto_prefix=False)
            self.inner = inner

        def construct(self, x):
            return self.inner(x)

    w = Wrapper(Leaf())
    assert [p.name for p in w.trainable_params()] == ["weight", "bias"]


def test_shared_parameter_listed_once():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.a = Leaf()
            self.b = self.a

        def construct(self, x):
            return x

    net = Net()
    assert len(net.trainable_params()) == 2
    assert list(net.name_cells()) == ["a"]


def test_set_train_is_recursive_and_default_is_false():
    net = Top()
    assert net.training is False and net.sub.fc1.training is False
    assert net.set_train() is net
    assert net.training and net.sub.training and net.sub.fc1.training
    net.set_train(False)
    assert not net.sub.fc1.training
    assert net.set_grad() is net and net.requires_grad


def test_cells_and_names_and_cells():
    net = Top()
    assert [n for n, _ in net.cells_and_names()] == ["", "sub", "sub.fc1"]
    assert list(net.cells())[0] is net.sub
    net.insert_child_to_cell("extra", Leaf())
    assert list(net.name_cells()) == ["sub", "extra"]
    with pytest.raises(KeyError):
        net.insert_child_to_cell("a.b", Leaf())
    with pytest.raises(TypeError):
        net.insert_child_to_cell("c", 3)


def test_call_runs_construct_in_both_modes():
    net = Leaf()
    x = ms.Tensor(np.array([1.0, 1.0], np.float32))
    np.testing.assert_allclose(net(x).asnumpy(), [1.5, 2.5])
    ms.set_context(mode=ms.GRAPH_MODE)
    np.testing.assert_allclose(net(x).asnumpy(), [1.5, 2.5])


def test_graph_mode_goes_through_run_graph():
    calls = []

    class Spy(Leaf):
        def _run_graph(self, args, kwargs):
            calls.append(args)
            return super()._run_graph(args, kwargs)

    net = Spy()
    x = ms.Tensor(np.array([1.0, 1.0], np.float32))
    net(x)
    assert calls == []
    ms.set_context(mode=ms.GRAPH_MODE)
    net(x)
    assert len(calls) == 1


def test_kwargs_are_passed_to_construct():
    class Net(nn.Cell):
        def construct(self, x, scale=1.0):
            return x * scale

    out = Net()(ms.Tensor([2.0]), scale=3.0)
    np.testing.assert_allclose(out.asnumpy(), [6.0])


def test_construct_must_be_overridden():
    with pytest.raises(NotImplementedError, match="construct"):
        nn.Cell()(1)


def test_forward_hooks_in_pynative_and_removed():
    net = Leaf()
    seen = []
    h1 = net.register_forward_pre_hook(lambda cell, inputs: (inputs[0] * 2,))
    h2 = net.register_forward_hook(lambda cell, inputs, out: seen.append(out) or out + 1)
    x = ms.Tensor(np.array([1.0, 1.0], np.float32))
    np.testing.assert_allclose(net(x).asnumpy(), [3.5, 5.5])
    assert len(seen) == 1
    h1.remove()
    h2.remove()
    np.testing.assert_allclose(net(x).asnumpy(), [1.5, 2.5])


def test_forward_hooks_warn_and_are_ignored_in_graph_mode():
    net = Leaf()
    net.register_forward_hook(lambda cell, inputs, out: out + 100)
    ms.set_context(mode=ms.GRAPH_MODE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = net(ms.Tensor(np.array([1.0, 1.0], np.float32)))
    np.testing.assert_allclose(out.asnumpy(), [1.5, 2.5])
    assert any("hooks" in str(w.message) for w in caught)


def test_repr_like_mindspore():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc = nn.Dense(3, 4)
            self.relu = nn.ReLU()

        def construct(self, x):
            return self.relu(self.fc(x))

    assert str(nn.Dense(3, 4)) == "Dense<input_channels=3, output_channels=4, has_bias=True>"
    assert repr(Net()) == ("Net<\n  (fc): Dense<input_channels=3, output_channels=4, "
                           "has_bias=True>\n  (relu): ReLU<>\n  >")


def test_set_jit_config_is_stored():
    net = Leaf()

    class Cfg:
        jit_config_dict = {"jit_level": "O1"}

    net.set_jit_config(Cfg())
    assert net.jit_config_dict == {"jit_level": "O1"}


def test_to_float_casts_inputs():
    class Net(nn.Cell):
        def construct(self, x):
            return x

    net = Net().to_float(ms.float16)
    assert net(ms.Tensor(np.ones(2, np.float32))).dtype == ms.float16
    assert net(ms.Tensor(np.ones(2, np.int32))).dtype == ms.int32


def test_update_parameters_name_and_check_names():
    net = Leaf()
    net.update_parameters_name("pre.")
    assert [p.name for p in net.get_parameters()] == ["pre.weight", "pre.bias"]

    class Dup(nn.Cell):
        def __init__(self):
            super().__init__()
            self.a = _param([1.0], name="same")
            self.b = _param([1.0], name="same")

    with pytest.raises(ValueError, match="same"):
        Dup().check_names()


def test_parameter_tuple_attribute_registers_items():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__(auto_prefix=False)
            self.ps = ms.ParameterTuple([_param([1.0], name="m.a"), _param([2.0], name="m.b")])

        def construct(self, x):
            return x

    net = Net()
    assert isinstance(net.ps, ms.ParameterTuple)
    assert [p.name for p in net.get_parameters()] == ["m.a", "m.b"]
    del net.ps
    assert list(net.get_parameters()) == []


def test_sequential_cell_list_dict_and_indexing():
    seq = nn.SequentialCell([Leaf(), Leaf()])
    assert len(seq) == 2
    assert [p.name for p in seq.trainable_params()] == ["0.weight", "0.bias", "1.weight",
                                                        "1.bias"]
    x = ms.Tensor(np.array([1.0, 1.0], np.float32))
    np.testing.assert_allclose(seq(x).asnumpy(), [2.0, 5.5])
    seq.append(Leaf())
    assert len(seq) == 3 and isinstance(seq[-1], Leaf)
    assert len(seq[0:2]) == 2

    named = nn.SequentialCell(OrderedDict([("first", Leaf()), ("second", nn.ReLU())]))
    assert [p.name for p in named.trainable_params()] == ["first.weight", "first.bias"]

    class Holder(nn.Cell):
        def __init__(self):
            super().__init__()
            self.layers = nn.CellList([Leaf(), Leaf()])

        def construct(self, x):
            for layer in self.layers:
                x = layer(x)
            return x

    h = Holder()
    assert [p.name for p in h.trainable_params()][:2] == ["layers.0.weight", "layers.0.bias"]
    np.testing.assert_allclose(h(x).asnumpy(), [2.0, 5.5])
    h.layers.insert(0, nn.ReLU())
    assert isinstance(h.layers[0], nn.ReLU) and len(h.layers) == 3
    h.layers.extend([Leaf()])
    assert len(list(h.layers)) == 4
    with pytest.raises(TypeError, match="Cell"):
        h.layers.append(3)
    with pytest.raises(IndexError):
        h.layers[10]

    d = nn.CellDict({"a": Leaf(), "r": nn.ReLU()})
    assert list(d.keys()) == ["a", "r"] and "a" in d and len(d) == 2
    assert [p.name for p in d.trainable_params()] == ["a.weight", "a.bias"]


def test_sequential_repr():
    seq = nn.SequentialCell(nn.ReLU(), nn.Dense(2, 3))
    assert repr(seq) == ("SequentialCell<\n  (0): ReLU<>\n  (1): Dense<input_channels=2, "
                         "output_channels=3, has_bias=True>\n  >")


def test_context_restored_between_tests():
    assert context().mode == ms.PYNATIVE_MODE


def test_containers_refuse_nesting_as_mindspore():
    inner = nn.CellDict({"relu": nn.ReLU()})
    with pytest.raises(TypeError, match="can not be CellDict"):
        nn.CellList([inner])
    outer = nn.CellDict({"relu": nn.ReLU()})
    for nested in (nn.CellDict({"a": nn.ReLU()}), nn.CellList([nn.ReLU()]),
                   nn.SequentialCell([nn.ReLU()])):
        with pytest.raises(TypeError, match="can not be CellDict, CellList or SequentialCell"):
            outer.update({"nested": nested})
    assert list(outer.keys()) == ["relu"]


def test_a_cell_dict_key_may_not_hide_an_attribute_as_in_mindspore():
    d = nn.CellDict({"conv": nn.ReLU()})
    for key in ("training", "cells", "keys", "_cells"):
        with pytest.raises(KeyError, match="For 'CellDict', the key can not be same with the "
                           f"attributes of Cell, but got key {key}."):
            d[key] = nn.ReLU()
    d["conv"] = nn.Tanh()  # (an existing key is replaced)
    assert list(d.keys()) == ["conv"] and isinstance(d["conv"], nn.Tanh)
