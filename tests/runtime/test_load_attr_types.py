"""Attribute values of the wrong type are refused when a graph file is loaded, for every attribute
of every primitive: a `GraphFormatError` names the file, the node and the field, and nothing of
the file runs (a canary file stays absent). Before the attributes were typed, a crafted file
with, say, leaky_relu's `alpha` as a string loaded and failed at the first call."""

import json

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops
from graphc.common import dtype as mstype
from graphc.ir.serialize import GraphFormatError
from graphc.ops.attr_schema import declared_attrs
from graphc.ops.primitive import PRIMITIVES

X = ms.Tensor(np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3))


class _Relu(nn.Cell):
    def construct(self, x):
        return ops.relu(x)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A valid file's description and arrays: one relu node, which each test replaces."""
    path = ms.export(_Relu(), X, file_name=str(tmp_path_factory.mktemp("base") / "net"))
    with np.load(path, allow_pickle=False) as data:
        files = dict(data)
    desc = json.loads(str(files.pop("graph")))
    return desc, [files[f"a{i}"] for i in range(len(files))]


def _code(canary):
    return f"__import__('os').system('touch {canary}')"


def _wrong_values(canary):
    """(JSON form, Python value) of candidate wrong values, most telling first."""
    return [(_code(canary), _code(canary)), (1.5, 1.5), (7, 7), (True, True), (None, None),
            ({"tuple": [1, _code(canary)]}, (1, _code(canary))),
            ({"dtype": "float32"}, mstype.float32),
            ({"list": [{"tuple": [2.5]}]}, [(2.5,)])]


def _crafted(base, tmp_path, prim, attrs):
    desc, arrays = json.loads(json.dumps(base[0])), list(base[1])
    node, = [n for g in desc["graphs"].values() for n in g["nodes"]
             if n["op"].get("primitive") == "relu"]
    node["op"] = {"primitive": prim}
    node["attrs"] = attrs
    path = tmp_path / f"{prim}.mindir"
    with open(path, "wb") as f:
        np.savez(f, graph=np.array(json.dumps(desc)), **{f"a{i}": a for i, a in enumerate(arrays)})
    return str(path)


def _refused(path, canary, field):
    with pytest.raises(GraphFormatError) as info:
        ms.load(path)
    assert path in str(info.value)
    assert f"field '{field}'" in str(info.value)
    assert not canary.exists()
    return str(info.value)


@pytest.mark.parametrize("name", sorted(n for n, p in PRIMITIVES.items() if declared_attrs(p)))
def test_every_attribute_given_a_wrong_type_is_refused_at_load(base, tmp_path, name):
    canary = tmp_path / "CANARY"
    for attr, spec in declared_attrs(PRIMITIVES[name]).items():
        wrong = [(j, v) for j, v in _wrong_values(canary) if not spec.type.check(v)]
        assert wrong, f"{name}.{attr} accepts every candidate value: it is not typed"
        json_value, _ = wrong[0]
        message = _refused(_crafted(base, tmp_path, name, {attr: json_value}), canary,
                           f"attrs.{attr}")
        assert f"'{name}' needs {spec.type.what} here" in message
        assert _code(canary) not in message


def test_leaky_relu_alpha_as_a_string_is_refused_at_load_not_at_the_call(base, tmp_path):
    canary = tmp_path / "CANARY"
    message = _refused(_crafted(base, tmp_path, "leaky_relu", {"alpha": "0.2"}), canary,
                       "attrs.alpha")
    assert "'leaky_relu' needs a number here, not a str" in message
    ok = ms.load(_crafted(base, tmp_path, "leaky_relu", {"alpha": 0.5}))
    np.testing.assert_allclose(ok(X).asnumpy(), np.where(X.asnumpy() > 0, X.asnumpy(),
                                                         0.5 * X.asnumpy()), rtol=1e-6)


def test_a_value_of_the_right_type_but_out_of_range_is_refused(base, tmp_path):
    canary = tmp_path / "CANARY"
    message = _refused(_crafted(base, tmp_path, "conv2d", {"groups": 0}), canary,
                       "attrs.groups")
    assert "needs an int >= 1 here, not 0" in message
    _refused(_crafted(base, tmp_path, "max_pool2d", {"pad_mode": "SAME!"}), canary,
             "attrs.pad_mode")
