"""Crafted and damaged graph files: `graphc.load` refuses each with a `GraphFormatError` that
names the file (and the node and field), never runs code from it (a canary file stays absent,
at load and at the first call), and never lets an internal error escape."""

import dataclasses
import io
import json
import pickle
import struct
import warnings
import zipfile
import zlib

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops
from graphc.common.safe_read import DEFAULT_LIMITS
from graphc.ir.serialize import GraphFormatError


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(4, 3)

    def construct(self, x):
        h = ops.relu(self.fc(x))
        if h.sum() > 0:
            h = h * 2
        while h.sum() < 50:
            h = h * 1.5 + 0.5
        print("h:", {"sum": h.sum()})  # (a make_dict node)
        return h.sum(axis=1, keepdims=True), {"total": h.sum()}


X = ms.Tensor(np.arange(8, dtype=np.float32).reshape(2, 4) / 8)


@pytest.fixture(scope="module")
def valid(tmp_path_factory):
    """A valid file's description and arrays, and what the network gives."""
    ms.set_seed(0)
    net = Net()
    path = ms.export(net, X, file_name=str(tmp_path_factory.mktemp("valid") / "net"))
    with np.load(path, allow_pickle=False) as data:
        files = dict(data)
    desc = json.loads(str(files.pop("graph")))
    arrays = [files[f"a{i}"] for i in range(len(files))]
    return desc, arrays, net(X)


def _write(path, desc, arrays):
    with open(path, "wb") as f:
        np.savez(f, graph=np.array(json.dumps(desc)), **{f"a{i}": a for i, a in enumerate(arrays)})
    return str(path)


def _refused(path, canary, match=None):
    """`load(path)` raises GraphFormatError naming the file, and nothing ran."""
    with pytest.raises(GraphFormatError, match=match) as info:
        ms.load(str(path))
    assert str(path) in str(info.value)
    assert not canary.exists()
    return info.value


def _copy(valid):
    desc, arrays, _ = valid
    return json.loads(json.dumps(desc)), list(arrays)


def _nodes(desc, primitive=None, special=None):
    return [n for g in desc["graphs"].values() for n in g["nodes"]
            if (primitive is None or n["op"].get("primitive") == primitive)
            and (special is None or n["op"].get("special") == special)]


def test_the_valid_file_loads_and_runs(valid, tmp_path):
    desc, arrays, expected = valid
    loaded = ms.load(_write(tmp_path / "ok.mindir", desc, arrays))
    got = loaded(X)
    np.testing.assert_allclose(got[0].asnumpy(), expected[0].asnumpy(), rtol=1e-6)
    np.testing.assert_allclose(got[1]["total"].asnumpy(), expected[1]["total"].asnumpy(),
                               rtol=1e-6)


# -- the five ways files used to run code, and their relatives ---------------------------------
def _code(canary):
    return f"open({str(canary)!r}, 'w').close()"


def _escape(canary, tail):
    """Text that, spliced into a generated line, ends the function, runs module-level code
    when the source is executed (at load), and opens a new function whose first line ends
    with `tail` (so the rest of the generated lines still parse)."""
    return f"\n{_code(canary)}\ndef _after(*a, **k):\n    _rest = {tail}"


def _attribute_name_with_newline(desc, canary):  # ran at load before
    _nodes(desc, "reduce_sum")[0]["attrs"][f"x=1){_escape(canary, 'dict(y')}"] = 1


def _attribute_name_expression(desc, canary):  # ran at the first call before
    name = f"**({{}} if {_code(canary)} else {{}}), _x"
    _nodes(desc, "reduce_sum")[0]["attrs"][name] = 1


def _dict_view_expression(desc, canary):  # ran at the first call before
    view = f"keys() and {_code(canary)} or {{}}.keys"
    _nodes(desc, special="make_dict")[0]["attrs"]["view"] = view


def _dict_view_with_newline(desc, canary):  # ran at load before
    node = _nodes(desc, special="make_dict")[0]
    node["attrs"]["view"] = f"keys(){_escape(canary, '{}.keys')}"
    for p in _nodes(desc, special="print"):  # print the dict's value instead of the dict
        p["inputs"] = [node["inputs"][0] if r == {"node": node["id"]} else r
                       for r in p["inputs"]]


def _argument_index_with_code(desc, canary):  # ran at load before
    desc["params"][0]["arg"] = f"0._data{_escape(canary, 'a0')}"


def _argument_index_at_call(desc, canary):  # ran at the first call before
    desc["params"][0]["arg"] = f"0._data\n    {_code(canary)}\n    x = a0"


def _graph_name_with_code(desc, canary):
    desc["name"] = f"g():\n    {_code(canary)}\ndef h"


def _primitive_name_with_code(desc, canary):
    _nodes(desc, "relu")[0]["op"]["primitive"] = f"relu\n{_code(canary)}"


def _attribute_value_with_code(desc, canary):
    _nodes(desc, "reduce_sum")[0]["attrs"]["axis"] = f"__import__('os').system('touch {canary}')"


def _dtype_name_with_code(desc, canary):
    desc["inputs"][0]["dtype"] = f"float32\n{_code(canary)}"


def _exception_name(desc, canary):
    _nodes(desc, special="make_dict")[0]["attrs"]["keys"] = {
        "tuple": [{"exception": "SystemExit"}]}


def _callable_name(desc, canary):
    node = _nodes(desc, "relu")[0]
    node["op"] = {"special": "scalar_op"}
    node["attrs"] = {"op": {"callable": "eval"}}


def _interpret_node(desc, canary):
    node = _nodes(desc, "relu")[0]
    node["op"] = {"special": "py_execute"}
    node["attrs"] = {"info": _code(canary)}


def _weight_name_with_code(desc, canary):
    desc["weights"][0] = f"fc.weight\n{_code(canary)}"


CODE_CLASSES = [_attribute_name_with_newline, _attribute_name_expression, _dict_view_expression,
                _dict_view_with_newline, _argument_index_with_code, _argument_index_at_call,
                _graph_name_with_code,
                _primitive_name_with_code, _attribute_value_with_code, _dtype_name_with_code,
                _exception_name, _callable_name, _interpret_node, _weight_name_with_code]


@pytest.mark.parametrize("craft", CODE_CLASSES, ids=lambda f: f.__name__.strip("_"))
def test_files_whose_strings_hold_code_are_refused_and_run_nothing(valid, craft, tmp_path):
    canary = tmp_path / "CANARY"
    desc, arrays = _copy(valid)
    craft(desc, canary)
    error = _refused(_write(tmp_path / "bad.mindir", desc, arrays), canary)
    assert _code(canary) not in str(error)  # the message does not echo the payload either


def test_the_refusal_names_the_node_and_the_field(valid, tmp_path):
    canary = tmp_path / "CANARY"
    desc, arrays = _copy(valid)
    node = _nodes(desc, "reduce_sum")[0]
    node["attrs"]["keep_dims"] = "yes"
    _refused(_write(tmp_path / "a.mindir", desc, arrays), canary,
             rf"node {node['id']}, field 'attrs.keep_dims'\): 'reduce_sum' needs a bool")
    desc, arrays = _copy(valid)
    _attribute_name_with_newline(desc, canary)
    _refused(_write(tmp_path / "b.mindir", desc, arrays), canary,
             r"field 'attrs'\): 'reduce_sum' has no attribute \(not a name\)")
    desc, arrays = _copy(valid)
    _argument_index_with_code(desc, canary)
    _refused(_write(tmp_path / "c.mindir", desc, arrays), canary,
             r"field 'params\[0\].arg'\): expected an int in \[0, 1\)")


# -- malformed descriptions --------------------------------------------------------------------
def _set_first(key, value, primitive=None, special=None):
    def craft(desc, canary):
        _nodes(desc, primitive, special)[0][key] = value
    craft.__name__ = f"{primitive or special}_{key}"
    return craft


def _attr_out_of_range(desc, canary):
    _nodes(desc, "reduce_sum")[0]["attrs"]["axis"] = 7


def _unknown_attr(desc, canary):
    _nodes(desc, "matmul")[0]["attrs"]["transpose_c"] = True


def _undefined_node(desc, canary):
    _nodes(desc, "relu")[0]["inputs"][0] = {"node": 999_999}


def _self_reference(desc, canary):
    node = _nodes(desc, "relu")[0]
    node["inputs"][0] = {"node": node["id"]}


def _branch_reads_other_branch(desc, canary):
    switch = _nodes(desc, special="switch")[0]
    true_g = desc["graphs"][str(switch["inputs"][1]["const"]["graph"])]
    false_g = desc["graphs"][str(switch["inputs"][2]["const"]["graph"])]
    if true_g["nodes"]:
        false_g["output"] = {"node": true_g["nodes"][0]["id"]}
    else:
        true_g["output"] = {"node": false_g["nodes"][0]["id"]}


def _graph_contains_itself(desc, canary):
    switch = _nodes(desc, special="switch")[0]
    switch["inputs"][1] = {"const": {"graph": desc["root"]}, "abstract": None}


def _graph_used_twice(desc, canary):
    switch = _nodes(desc, special="switch")[0]
    switch["inputs"][2] = switch["inputs"][1]


def _missing_graph(desc, canary):
    switch = _nodes(desc, special="switch")[0]
    switch["inputs"][1] = {"const": {"graph": 123456}, "abstract": None}


def _array_index_out_of_range(desc, canary):
    for n in _nodes(desc):
        for r in n["inputs"]:
            if "const" in r and isinstance(r["const"], dict) and "array" in r["const"]:
                r["const"]["array"] = 10**6
                return
    raise AssertionError("no array constant")


def _argument_out_of_range(desc, canary):
    desc["params"][0]["arg"] = 5


def _argument_as_float(desc, canary):
    desc["params"][0]["arg"] = 0.0


def _nan_shape(desc, canary):
    desc["inputs"][0]["shape"] = [float("nan"), 4]


def _negative_shape(desc, canary):
    _nodes(desc, "relu")[0]["abstract"]["spec"][0] = [-2, 3]


def _wrong_abstract(desc, canary):
    _nodes(desc, "relu")[0]["abstract"]["spec"][0] = [5, 3]


def _unknown_dtype(desc, canary):
    _nodes(desc, "relu")[0]["abstract"]["spec"][1] = {"dtype": "object"}


def _unknown_special(desc, canary):
    _nodes(desc, special="make_tuple")[0]["op"]["special"] = "call_python"


def _switch_arity(desc, canary):
    _nodes(desc, special="switch")[0]["inputs"].pop()


def _getitem_index_out_of_range(desc, canary):
    _nodes(desc, special="tuple_getitem")[0]["inputs"][1]["const"] = 9


def _getitem_index_as_string(desc, canary):
    _nodes(desc, special="tuple_getitem")[0]["inputs"][1]["const"] = "0"


def _loop_body_params(desc, canary):
    loop = _nodes(desc, special="while_loop")[0]
    body = desc["graphs"][str(loop["inputs"][1]["const"]["graph"])]
    body["params"] = []


def _unknown_output_kind(desc, canary):
    desc["output"] = {"eval": "1"}


def _unhashable_key(desc, canary):
    desc["output"]["tuple"][1]["dict"][0][0] = {"const": {"const": {"list": [1]}}}


def _extra_key(desc, canary):
    desc["graphs"][str(desc["root"])]["code"] = _code(canary)


def _huge_int(desc, canary):
    _nodes(desc, "reduce_sum")[0]["attrs"]["axis"] = 10**30


def _weights_not_names(desc, canary):
    desc["weights"] = [{"name": w} for w in desc["weights"]]


def _weights_too_many(desc, canary):
    desc["weights"] = desc["weights"] + [f"w{i}" for i in range(100)]


def _unused_graph(desc, canary):
    desc["graphs"]["777"] = {"name": "g", "params": [], "nodes": [], "output": None}


DESCRIPTION_CRAFTS = [
    _attr_out_of_range, _unknown_attr, _undefined_node, _self_reference,
    _branch_reads_other_branch, _graph_contains_itself, _graph_used_twice, _missing_graph,
    _array_index_out_of_range, _argument_out_of_range, _argument_as_float, _nan_shape,
    _negative_shape, _wrong_abstract, _unknown_dtype, _unknown_special, _switch_arity,
    _getitem_index_out_of_range, _getitem_index_as_string, _loop_body_params,
    _unknown_output_kind, _unhashable_key, _extra_key, _huge_int, _unused_graph,
    _weights_not_names, _weights_too_many,
    _set_first("inputs", "x", "relu"), _set_first("attrs", [], "relu"),
    _set_first("op", {"primitive": "relu", "special": "switch"}, "relu"),
    _set_first("id", "5", "relu"), _set_first("abstract", {"spec": [[2]]}, "relu"),
]


@pytest.mark.parametrize("craft", DESCRIPTION_CRAFTS, ids=lambda f: f.__name__.strip("_"))
def test_malformed_descriptions_are_refused(valid, craft, tmp_path):
    canary = tmp_path / "CANARY"
    desc, arrays = _copy(valid)
    craft(desc, canary)
    _refused(_write(tmp_path / "bad.mindir", desc, arrays), canary)


def test_a_description_that_is_not_an_object_or_not_json(tmp_path):
    canary = tmp_path / "CANARY"
    for i, text in enumerate(["[1, 2]", "{", "null", '{"format": "graphc-graph"}',
                              "[" * 200_000 + "]" * 200_000, "1" * 10_000]):
        path = tmp_path / f"t{i}.mindir"
        with open(path, "wb") as f:
            np.savez(f, graph=np.array(text))
        _refused(path, canary)


# -- deep, self-referencing and long graphs ----------------------------------------------------
def _nested_switches(depth):
    """A description whose switches nest `depth` deep (each true branch holds the next)."""
    spec = {"spec": [[], {"dtype": "float32"}]}
    graphs = {}
    for level in range(depth):
        gid = 2 * level
        nodes = []
        if level < depth - 1:
            nodes.append({"id": 10**7 + level, "op": {"special": "switch"},
                          "inputs": [{"const": True},
                                     {"const": {"graph": gid + 2}},
                                     {"const": {"graph": gid + 2 + 1}}],
                          "attrs": {}, "abstract": None})
            graphs[str(gid + 3)] = {"name": "f", "params": [], "nodes": [],
                                    "output": {"const": 0.0}}
        graphs[str(gid)] = {"name": "t", "params": [], "nodes": nodes,
                            "output": {"const": 0.0}}
    graphs["0"]["params"] = [{"id": 1, "name": "x", "abstract": spec, "weight": None}]
    return {"format": "graphc-graph", "version": 1, "root": 0, "graphs": graphs, "name": "deep",
            "inputs": [{"shape": [], "dtype": "float32"}], "params": [{"node": 1, "arg": 0}],
            "output": {"tensor": {"node": 1}}, "weights": []}


def test_a_200000_deep_graph_is_refused_without_recursing(tmp_path):
    canary = tmp_path / "CANARY"
    depth = 200_000  # (written as text: building 200,000 dicts would be the slow part)
    level = ('"{g}":{{"name":"t","params":[],"nodes":[{{"id":{n},"op":{{"special":"switch"}},'
             '"inputs":[{{"const":true}},{{"const":{{"graph":{t}}}}},{{"const":{{"graph":1}}}}]'
             ',"attrs":{{}},"abstract":null}}],"output":{{"const":0.0}}}}')
    graphs = ",".join(level.format(g=2 * i, n=10**7 + i, t=2 * i + 2) for i in range(depth))
    text = ('{"format":"graphc-graph","version":1,"root":0,"name":"deep","inputs":[],'
            '"params":[],"output":{"const":{"const":0}},"weights":[],"graphs":{' + graphs +
            ',"1":{"name":"f","params":[],"nodes":[],"output":null}}}')
    path = tmp_path / "deep.mindir"
    with open(path, "wb") as f:
        np.savez(f, graph=np.array(text))
    _refused(path, canary, "nested more than 40 deep")


def test_a_moderately_nested_graph_loads(tmp_path):
    loaded = ms.load(_write(tmp_path / "nested.mindir", _nested_switches(30), []))
    assert float(loaded(ms.Tensor(np.float32(2.5)))) == 2.5


def test_a_long_chain_of_nodes_loads_and_runs(tmp_path):
    spec = {"spec": [[2], {"dtype": "float32"}]}
    n = 20_000  # (far past any recursion limit; bench/load_graph.py times 200,000)
    nodes = [{"id": 2 + i, "op": {"primitive": "neg"}, "inputs": [{"node": 1 + i}],
              "attrs": {}, "abstract": spec} for i in range(n)]
    desc = {"format": "graphc-graph", "version": 1, "root": 0, "name": "chain",
            "graphs": {"0": {"name": "c", "nodes": nodes, "output": {"node": n + 1},
                             "params": [{"id": 1, "name": "x", "abstract": spec,
                                         "weight": None}]}},
            "inputs": [{"shape": [2], "dtype": "float32"}], "params": [{"node": 1, "arg": 0}],
            "output": {"tensor": {"node": n + 1}}, "weights": []}
    loaded = ms.load(_write(tmp_path / "chain.mindir", desc, []))
    np.testing.assert_array_equal(loaded(ms.Tensor([1.0, -2.0])).asnumpy(), [1.0, -2.0])


# -- damaged and crafted archives --------------------------------------------------------------
def _npy(descr, shape, data=b"", fortran=False, version=(1, 0)):
    """A .npy member with a header of our choosing (the data need not match it)."""
    header = repr({"descr": descr, "fortran_order": fortran, "shape": shape}).encode("latin1")
    return _npy_raw(header, data, version)


def _npy_raw(header, data=b"", version=(1, 0)):
    header = header + b" " * ((64 - (len(header) + 11) % 64) % 64) + b"\n"
    size = struct.pack("<H", len(header)) if version == (1, 0) else struct.pack("<I",
                                                                                 len(header))
    return b"\x93NUMPY" + bytes(version) + size + header + data


def _zip(path, members, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression) as z, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ("Duplicate name": what some tests want)
        for name, data in members:
            z.writestr(name, data)
    return path


def _graph_member(valid):
    desc, _, _ = valid
    buf = io.BytesIO()
    np.save(buf, np.array(json.dumps(desc)))
    return buf.getvalue()


def _array_member(a):
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def _members(valid):
    _, arrays, _ = valid
    return [("graph.npy", _graph_member(valid))] + [
        (f"a{i}.npy", _array_member(a)) for i, a in enumerate(arrays)]


def _replace(members, name, data):
    return [(n, data if n == name else d) for n, d in members]


def _last_weight(valid):
    _, arrays, _ = valid
    return f"a{len(arrays) - 1}.npy"


ARCHIVES = {
    "duplicate_graph": lambda v: _members(v) + [("graph.npy", _array_member(np.zeros(2)))],
    "duplicate_array": lambda v: _members(v) + [("a0.npy", _array_member(np.zeros(2)))],
    "object_dtype": lambda v: _replace(_members(v), "a0.npy", _npy("|O", (1,), b"\x80" * 8)),
    "structured_dtype": lambda v: _replace(_members(v), "a0.npy",
                                           _npy([("a", "<f4")], (1,), b"\0" * 4)),
    "text_weight": lambda v: _replace(_members(v), _last_weight(v),
                                      _array_member(np.array(["abc"]))),
    "float_description": lambda v: _replace(_members(v), "graph.npy",
                                            _array_member(np.zeros(3))),
    "nan_shape": lambda v: _replace(_members(v), "a0.npy",
                                    _npy_raw(b"{'descr': '<f4', 'fortran_order': False, "
                                             b"'shape': (nan,), }")),
    "negative_shape": lambda v: _replace(_members(v), "a0.npy", _npy("<f4", (-4,))),
    "float_shape": lambda v: _replace(_members(v), "a0.npy",
                                      _npy_raw(b"{'descr': '<f4', 'fortran_order': False, "
                                               b"'shape': (2.5,), }")),
    "header_claims_2_tib": lambda v: _replace(_members(v), "a0.npy",
                                              _npy("<f4", (2**39,), b"\0" * 16)),
    "header_claims_1_gib": lambda v: _replace(_members(v), "a0.npy",
                                              _npy("<f4", (2**28,), b"\0" * 16)),
    "huge_counts": lambda v: _replace(_members(v), "a0.npy", _npy("<f8", (2**40, 2**40))),
    "short_data": lambda v: _replace(_members(v), "a0.npy", _npy("<f4", (3,), b"\0" * 8)),
    "long_data": lambda v: _replace(_members(v), "a0.npy", _npy("<f4", (1,), b"\0" * 8)),
    "bad_magic": lambda v: _replace(_members(v), "a0.npy", b"NOTNUMPY" + b"\0" * 100),
    "npy_version_9": lambda v: _replace(_members(v), "a0.npy",
                                        _npy("<f4", (1,), b"\0" * 4, version=(9, 0))),
    "huge_header": lambda v: _replace(_members(v), "a0.npy",
                                      _npy_raw(b"{'descr': '<f4', 'fortran_order': False, "
                                               b"'shape': (1,), 'x': '" + b"y" * 100_000
                                               + b"'}", version=(2, 0))),
    "weight_shape_mismatch": lambda v: _replace(_members(v), _last_weight(v),
                                                _array_member(np.zeros(7, np.float32))),
    "weight_dtype_mismatch": lambda v: _replace(_members(v), _last_weight(v),
                                                _array_member(np.zeros(3, np.int8))),
    "complex_weight": lambda v: _replace(_members(v), _last_weight(v),
                                         _array_member(np.zeros(3, np.complex128))),
    "missing_array": lambda v: [m for m in _members(v) if m[0] != "a1.npy"],
    "extra_member": lambda v: _members(v) + [("evil.npy", _array_member(np.zeros(1)))],
    "not_npy": lambda v: _members(v) + [("__init__.py", _code_bytes())],
    "no_description": lambda v: [m for m in _members(v) if m[0] != "graph.npy"],
}


def _code_bytes():
    return b"import os; os.system('touch CANARY')\n"


@pytest.mark.parametrize("name", sorted(ARCHIVES))
def test_crafted_archives_are_refused(valid, name, tmp_path):
    canary = tmp_path / "CANARY"
    path = _zip(tmp_path / f"{name}.mindir", ARCHIVES[name](valid))
    _refused(path, canary)


def test_truncated_archives_are_refused(valid, tmp_path):
    canary = tmp_path / "CANARY"
    whole = _zip(tmp_path / "whole.mindir", _members(valid)).read_bytes()
    for cut in (0, 10, len(whole) // 3, len(whole) // 2, len(whole) - 30, len(whole) - 1):
        path = tmp_path / f"cut{cut}.mindir"
        path.write_bytes(whole[:cut])
        _refused(path, canary)


def test_corrupted_member_data_is_refused(valid, tmp_path):
    canary = tmp_path / "CANARY"
    path = _zip(tmp_path / "whole.mindir", _members(valid))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("a0.npy")
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + 128 + 1
    data[at] ^= 0x20  # a byte of a0's data: the CRC no longer matches
    path.write_bytes(bytes(data))
    _refused(path, canary, "CRC")


def test_a_compression_bomb_is_refused_before_inflating(valid, tmp_path):
    canary = tmp_path / "CANARY"
    bomb = _npy("<f4", (16 << 20,), b"\0" * (64 << 20))  # 64 MiB of zeros, ~64 KiB deflated
    path = _zip(tmp_path / "bomb.mindir", _replace(_members(valid), "a0.npy", bomb),
                zipfile.ZIP_DEFLATED)
    _refused(path, canary, "compression bomb")


def test_a_member_claiming_3_gib_is_refused_before_inflating(valid, tmp_path):
    canary = tmp_path / "CANARY"
    path = _zip(tmp_path / "liar.mindir", _members(valid), zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    # make every size field of a0.npy (local header and central directory) claim 3 GiB
    name = b"a0.npy"
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(sig, at)) >= 0:
            name_at = at + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[at + offset:at + offset + 4] = struct.pack("<I", 3 << 30)
            at += 4
    path.write_bytes(bytes(data))
    _refused(path, canary)


def test_pickle_payloads_are_refused(tmp_path):
    canary = tmp_path / "CANARY"

    class Evil:
        def __reduce__(self):
            return (open, (str(canary), "w"))

    payload = pickle.dumps(np.array([Evil()], dtype=object))
    path = _zip(tmp_path / "pickled.mindir", [("graph.npy", _npy("|O", (1,), payload))])
    _refused(path, canary)
    assert zlib.crc32(payload)  # (the payload was really there)


def test_missing_and_foreign_files(tmp_path):
    canary = tmp_path / "CANARY"
    _refused(tmp_path / "absent.mindir", canary, "cannot be opened")
    (tmp_path / "dir.mindir").mkdir()
    _refused(tmp_path / "dir.mindir", canary)
    (tmp_path / "text.mindir").write_text(_code_bytes().decode())
    _refused(tmp_path / "text.mindir", canary, "is not a graph graphc exported")


def test_limits_are_the_callers_to_choose(valid, tmp_path):
    desc, arrays, _ = valid
    path = _write(tmp_path / "ok.mindir", desc, arrays)
    with pytest.raises(GraphFormatError, match="more than the limit of 16"):
        ms.load(path, dataclasses.replace(DEFAULT_LIMITS, max_member_bytes=16))
    with pytest.raises(GraphFormatError, match="members, more than the limit of 2"):
        ms.load(path, dataclasses.replace(DEFAULT_LIMITS, max_members=2))
