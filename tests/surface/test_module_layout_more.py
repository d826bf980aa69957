"""More of MindSpore's import paths (see test_module_layout.py): the probability distributions,
sparse tensors, `_checkparam`, `_c_expression.security`, `ops.FillV2`, `nn.loss.loss` and
`nn.layer.container`."""

import importlib

import numpy as np
import pytest

import graphc
from graphc import nn
from graphc.common import sparse_tensor
from graphc.ops.creation_ops import FillV2

CANONICAL = [
    ("graphc.nn", "probability", importlib.import_module("graphc.nn.probability")),
    ("graphc.nn.probability", "distribution",
     importlib.import_module("graphc.nn.probability.distribution")),
    ("graphc.nn.probability.distribution", "Normal",
     importlib.import_module("graphc.nn.probability.distribution.continuous").Normal),
    ("graphc.nn.probability.distribution", "Bernoulli",
     importlib.import_module("graphc.nn.probability.distribution.discrete").Bernoulli),
    ("graphc._c_expression", "security", importlib.import_module("graphc._c_expression.security")),
    ("graphc.ops", "FillV2", FillV2),
    ("graphc.ops.operations", "FillV2", FillV2),
    ("graphc", "_checkparam", importlib.import_module("graphc._checkparam")),
    ("graphc", "COOTensor", sparse_tensor.COOTensor),
    ("graphc", "CSRTensor", sparse_tensor.CSRTensor),
    ("graphc", "RowTensor", sparse_tensor.RowTensorInner),
    ("graphc.common", "sparse_tensor", sparse_tensor),
    ("graphc.common", "COOTensor", sparse_tensor.COOTensor),
    ("graphc.common.sparse_tensor", "RowTensorInner", sparse_tensor.RowTensorInner),
    ("graphc.nn.loss", "loss", importlib.import_module("graphc.nn.loss.loss")),
    ("graphc.nn.loss.loss", "LossBase", nn.LossBase),
    ("graphc.nn.loss", "SoftmaxCrossEntropyWithLogits", nn.SoftmaxCrossEntropyWithLogits),
    ("graphc.nn.layer.container", "SequentialCell", nn.SequentialCell),
    ("graphc.nn.layer.container", "CellList", nn.CellList),
    ("graphc.common.jit_config", "JitConfig", graphc.JitConfig),
]


@pytest.mark.parametrize(("path", "name", "expected"), CANONICAL,
                         ids=[f"{p}:{n}" for p, n, _ in CANONICAL])
def test_import_path_resolves_to_the_canonical_object(path, name, expected):
    module = importlib.import_module(path)
    assert module.__doc__
    namespace: dict = {}
    exec(f"from {path} import {name} as found", namespace)
    assert namespace["found"] is expected


def test_security_build_is_off():
    from graphc._c_expression import security
    assert security.enable_security() is False


def test_sparse_tensors_hold_their_parts_and_densify():
    from graphc import COOTensor, CSRTensor, Tensor
    from graphc import dtype as mstype
    coo = COOTensor(Tensor([[0, 1], [1, 2]], mstype.int32), Tensor([1, 2], mstype.float32),
                    (3, 4))
    assert (coo.shape, coo.dtype, coo.ndim, coo.size) == ((3, 4), mstype.float32, 2, 2)
    np.testing.assert_array_equal(coo.to_dense().asnumpy(),
                                  [[0, 1, 0, 0], [0, 0, 2, 0], [0, 0, 0, 0]])
    csr = CSRTensor(Tensor([0, 1, 2], mstype.int32), Tensor([0, 1], mstype.int32),
                    Tensor([1, 2], mstype.float32), (2, 4))
    np.testing.assert_array_equal(csr.to_dense().asnumpy(), [[1, 0, 0, 0], [0, 2, 0, 0]])
    row = sparse_tensor.RowTensorInner(Tensor([0, 2], mstype.int32),
                                       Tensor([[1, 2], [3, 4]], mstype.float32), (3, 2))
    np.testing.assert_array_equal(row.to_dense().asnumpy(), [[1, 2], [0, 0], [3, 4]])
    with pytest.raises(ValueError, match="'indices' must be a 2-dimensional tensor"):
        COOTensor(Tensor([0, 1], mstype.int32), Tensor([1, 2], mstype.float32), (3, 4))


def test_composite_holds_the_functional_ops_mindspore_spells_there():
    from graphc import ops
    from graphc.ops import composite as C
    for name in ("clip_by_value", "matmul", "repeat_elements", "repeat_interleave"):
        assert getattr(C, name) is getattr(ops, name)
        assert name in C.__all__


def _readme_module_paths():
    """The MindSpore module paths in the first column of the README's table of modules."""
    from pathlib import Path
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = text.split("### MindSpore's modules", 1)[1].split("\n\n", 2)[2].split("\n\n")[0]
    paths = []
    for row in table.splitlines():
        if not row.startswith("| `"):  # the header rows
            continue
        previous = ""
        for name in row.split("|")[1].replace("`", "").replace("(P)", "").replace(
                "(C)", "").replace("(F)", "").split(","):
            name = name.strip()
            if name.startswith("."):  # relative to the previous one's package
                name = previous.rsplit(".", 1)[0] + name
            elif not name.startswith("mindspore"):
                name = "mindspore." + name
            paths.append(name)
            previous = name
    return paths


def test_the_readme_table_of_modules_is_true():
    import types
    paths = _readme_module_paths()
    assert len(paths) > 20 and "mindspore.nn.probability.distribution" in paths
    for path in paths:
        parts = ("graphc" + path[len("mindspore"):]).split(".")
        module, rest = None, []
        for i in range(len(parts), 0, -1):  # the longest importable prefix, then attributes
            try:
                module = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                continue
            rest = parts[i:]
            break
        for attr in rest:
            module = getattr(module, attr)
        assert isinstance(module, types.ModuleType) and module.__doc__, path
