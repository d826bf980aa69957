"""The seed network (examples/seed_example.py) with @jit removed, in PYNATIVE_MODE."""

import numpy as np

import graphc as ms
import graphc.nn as nn


class AddMulMul(nn.Cell):
    def __init__(self):
        super(AddMulMul, self).__init__()  # noqa: UP008  (as the seed writes it)
        self.param = ms.Parameter(ms.Tensor(0.5, ms.float32))

    def construct(self, x):
        x = x + x
        x = x * self.param
        x = x * x
        return x


class CellCallSingleCell(nn.Cell):
    def __init__(self):
        super(CellCallSingleCell, self).__init__()  # noqa: UP008
        self.conv = nn.Conv2d(1, 2, kernel_size=2, stride=1, padding=0, weight_init="ones",
                              pad_mode="valid")
        self.bn = nn.BatchNorm2d(2, momentum=0.99, eps=0.00001, gamma_init="ones")
        self.relu = nn.ReLU()
        self.add_mul_mul = AddMulMul()

    def construct(self, x):
        x = self.conv(x)
        x = self.bn(x)
        x = self.add_mul_mul(x)
        x = self.relu(x)
        return x


def _run():
    inputs = ms.Tensor(np.ones([1, 1, 2, 2]).astype(np.float32))
    return CellCallSingleCell()(inputs)


def test_seed_example_prints_exactly_in_pynative(capsys):
    ms.set_context(mode=ms.PYNATIVE_MODE, device_target="CPU")
    print(_run())
    assert capsys.readouterr().out == "[[[[15.99984]]\n\n  [[15.99984]]]]\n"


def test_seed_example_parameter_names():
    net = CellCallSingleCell()
    assert [n for n, _ in net.parameters_and_names()] == [
        "conv.weight", "bn.moving_mean", "bn.moving_variance", "bn.gamma", "bn.beta",
        "add_mul_mul.param"]
    assert [p.name for p in net.get_parameters()] == [
        "conv.weight", "bn.moving_mean", "bn.moving_variance", "bn.gamma", "bn.beta",
        "add_mul_mul.param"]


def test_seed_example_same_output_in_graph_mode(capsys):
    ms.set_context(mode=ms.GRAPH_MODE)
    print(_run())
    assert capsys.readouterr().out == "[[[[15.99984]]\n\n  [[15.99984]]]]\n"
