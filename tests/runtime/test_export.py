"""graphc.export / graphc.load / nn.GraphCell: a compiled graph written to a file and run again,
with the same results; loading never runs code from the file."""

import json

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops
from graphc.common.errors import GraphcError
from graphc.ir.serialize import GraphFormatError

from ..compare import assert_same


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3, pad_mode="pad", padding=1)
        self.fc = nn.Dense(8, 3)

    def construct(self, x):
        h = ops.max_pool2d(ops.relu(self.conv(x)), 2)
        h = h.reshape(h.shape[0], -1)
        if h.sum() > 0:  # a switch
            h = h * 2
        while h.sum() < 50:  # a real loop
            h = h * 1.5 + 0.5
        return self.fc(h), {"total": h.sum()}


def _input():
    return ms.Tensor(np.random.default_rng(3).normal(size=(2, 1, 4, 4)).astype(np.float32))


def test_export_then_load_gives_the_same_results(tmp_path):
    ms.set_seed(0)
    net, x = Net(), _input()
    path = ms.export(net, x, file_name=str(tmp_path / "net"))
    assert path.endswith("net.mindir")
    expected = net(x)
    loaded = ms.load(path)
    assert_same(expected, loaded(x), rtol=1e-6)
    assert_same(expected, nn.GraphCell(loaded)(x), rtol=1e-6)
    # the weights are in the file: changing the network afterwards does not change it
    net.fc.weight.set_data(ms.Tensor(np.zeros((3, 8), np.float32)))
    assert_same(expected, loaded(x), rtol=1e-6)


def test_export_a_jit_function_with_scalar_and_tuple_outputs(tmp_path):
    @ms.jit
    def f(a, b):
        return (a * b).sum(), (a + 1, [b - 1])

    a, b = ms.Tensor([1.0, 2.0]), ms.Tensor([3.0, 4.0])
    loaded = ms.load(ms.export(f, a, b, file_name=str(tmp_path / "f.graph")))
    assert_same(f(a, b), loaded(a, b))


def test_loaded_graphs_check_their_inputs(tmp_path):
    ms.set_seed(0)
    loaded = ms.load(ms.export(Net(), _input(), file_name=str(tmp_path / "net")))
    with pytest.raises(GraphcError, match=r"input 0 of 'Net' must be a Tensor Float32\[2, 1, 4, "
                                          r"4\] as exported, but got Float32\[1, 1, 4, 4\]"):
        loaded(ms.Tensor(np.zeros((1, 1, 4, 4), np.float32)))
    with pytest.raises(GraphcError, match="exported for 1 inputs"):
        loaded()


def test_export_arguments_are_checked():
    with pytest.raises(GraphcError, match="must be Tensors"):
        ms.export(lambda a, n: a * n, ms.Tensor([1.0]), 3, file_name="x")
    with pytest.raises(ValueError, match="file_format"):
        ms.export(lambda a: a, ms.Tensor([1.0]), file_name="x", file_format="PB")


def test_loading_refuses_foreign_or_tampered_files_without_running_them(tmp_path):
    bad = tmp_path / "bad.mindir"
    bad.write_bytes(b"not a graph")
    with pytest.raises(GraphFormatError, match="is not a graph graphc exported"):
        ms.load(str(bad))
    path = ms.export(lambda a: ops.relu(a), ms.Tensor([1.0]), file_name=str(tmp_path / "g"))
    with np.load(path) as data:
        files = dict(data)
    desc = json.loads(str(files["graph"]))
    for graph in desc["graphs"].values():
        for node in graph["nodes"]:
            node["op"] = {"primitive": "os_system"}
    files["graph"] = np.array(json.dumps(desc))
    tampered = tmp_path / "tampered.mindir"
    with open(tampered, "wb") as f:
        np.savez(f, **files)
    with pytest.raises(GraphFormatError, match="uses the operation 'os_system'"):
        ms.load(str(tampered))
    pickled = tmp_path / "pickled.mindir"
    with open(pickled, "wb") as f:
        np.savez(f, graph=np.array([object()], dtype=object))
    with pytest.raises(GraphFormatError):  # object arrays need pickle: refused
        ms.load(str(pickled))
