"""Checkpoints in MindSpore's .ckpt format: the MindSpore-written fixture loads with its values,
graphc's files are byte-for-byte what MindSpore writes, and bad files or mismatched networks are
clear errors that leave the network unchanged.

`data/ms_dense.ckpt` was written by MindSpore 2.10 (`ms.save_checkpoint(net, ...,
append_dict={'epoch_num': 3, 'lr': 0.1, 'name': 'abc'})`) for `Net` below with fc.weight =
arange(6).reshape(2, 3) / 10, fc.bias = [0.5, -0.25]; the expected values are MindSpore's."""

from pathlib import Path

import numpy as np
import pytest

import graphc as ms
from graphc import nn
from graphc.train import serialization
from graphc.train.checkpoint_proto import Checkpoint

FIXTURE = Path(__file__).parent / "data" / "ms_dense.ckpt"
WEIGHT = np.array([[0.0, 0.1, 0.2], [0.3, 0.4, 0.5]], np.float32)
BIAS = np.array([0.5, -0.25], np.float32)


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(3, 2)
        self.scale = ms.Parameter(ms.Tensor(np.array([1.5, -2.0], np.float16)), name="scale")
        self.steps = ms.Parameter(ms.Tensor(np.array([7], np.int32)), name="steps",
                                  requires_grad=False)

    def construct(self, x):
        return self.fc(x) * self.scale


def _values(net):
    return {p.name: p.asnumpy().copy() for _, p in net.parameters_and_names()}


def test_mindspore_file_loads_with_its_names_dtypes_and_values():
    d = ms.load_checkpoint(str(FIXTURE))
    assert list(d) == ["scale", "steps", "fc.weight", "fc.bias", "epoch_num", "lr", "name"]
    assert str(d["fc.weight"]) == ("Parameter (name=fc.weight, shape=(2, 3), dtype=Float32, "
                                   "requires_grad=True)")
    np.testing.assert_array_equal(d["fc.weight"].asnumpy(), WEIGHT)
    np.testing.assert_array_equal(d["fc.bias"].asnumpy(), BIAS)
    assert d["scale"].dtype == ms.float16 and d["scale"].asnumpy().tolist() == [1.5, -2.0]
    assert d["steps"].dtype == ms.int32 and d["steps"].asnumpy().tolist() == [7]
    assert d["epoch_num"].dtype == ms.int64 and d["epoch_num"].shape == ()
    assert int(d["epoch_num"].asnumpy()) == 3
    assert d["lr"].dtype == ms.float32 and float(d["lr"].asnumpy()) == np.float32(0.1)
    assert d["name"] == "abc"


def test_load_into_net_gives_mindspores_output_and_lists():
    net = Net()
    d = ms.load_checkpoint(str(FIXTURE), net=net)
    assert isinstance(d, dict)
    np.testing.assert_array_equal(net.fc.weight.asnumpy(), WEIGHT)
    out = net(ms.Tensor(np.array([[1.0, 2.0, 3.0]], np.float32)))
    np.testing.assert_allclose(out.asnumpy(), [[1.9499999, -4.7]], rtol=1e-6)  # MindSpore's
    assert ms.load_param_into_net(Net(), d) == ([], ["epoch_num", "lr", "name"])


def test_saved_file_is_byte_identical_to_mindspores(tmp_path):
    net = Net()
    ms.load_checkpoint(str(FIXTURE), net=net)
    out = tmp_path / "again.ckpt"
    ms.save_checkpoint(net, str(out), append_dict={"epoch_num": 3, "lr": 0.1, "name": "abc"})
    assert out.read_bytes() == FIXTURE.read_bytes()
    assert (out.stat().st_mode & 0o777) == 0o400  # read-only, as MindSpore leaves it
    ms.save_checkpoint(net, str(out))  # overwriting a read-only checkpoint works
    assert list(ms.load_checkpoint(str(out))) == ["scale", "steps", "fc.weight", "fc.bias"]


def test_save_appends_suffix_and_takes_lists_and_dicts(tmp_path):
    w = ms.Parameter(ms.Tensor(WEIGHT), name="w")
    ms.save_checkpoint([w], str(tmp_path / "a"))
    assert (tmp_path / "a.ckpt").exists()
    ms.save_checkpoint([{"name": "x", "data": ms.Tensor(BIAS)}], str(tmp_path / "b.ckpt"))
    ms.save_checkpoint({"y": w, "note": "hi", "z": np.arange(3, dtype=np.int8)},
                       str(tmp_path / "c.ckpt"), choice_func=lambda n: n != "y")
    assert ms.load_checkpoint(str(tmp_path / "b.ckpt"))["x"].asnumpy().tolist() == [0.5, -0.25]
    c = ms.load_checkpoint(str(tmp_path / "c.ckpt"))
    assert list(c) == ["note", "z"] and c["note"] == "hi" and c["z"].dtype == ms.int8
    with pytest.raises(TypeError, match="list of Parameter"):
        ms.save_checkpoint([("w", w)], str(tmp_path / "d.ckpt"))
    with pytest.raises(TypeError, match="append_info"):
        ms.save_checkpoint([w], str(tmp_path / "d.ckpt"), append_dict={"k": [1]})
    with pytest.raises(IsADirectoryError):
        ms.save_checkpoint([w], str(tmp_path))


def test_prefix_filters_and_choice_func():
    f = str(FIXTURE)
    assert list(ms.load_checkpoint(f, specify_prefix="fc")) == ["fc.weight", "fc.bias"]
    assert list(ms.load_checkpoint(f, filter_prefix=["fc", "epoch", "lr", "name"])) == \
        ["scale", "steps"]
    assert list(ms.load_checkpoint(f, choice_func=lambda n: n.startswith("s"))) == \
        ["scale", "steps"]
    with pytest.raises(ValueError, match="empty after filter"):
        ms.load_checkpoint(f, specify_prefix="nothing")
    with pytest.raises(ValueError, match="can't include ''"):
        ms.load_checkpoint(f, filter_prefix=[""])


def test_prefixed_names_match_as_in_mindspore():
    class N(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc = nn.Dense(3, 2)
            self.extra = ms.Parameter(ms.Tensor(np.zeros(2, np.float32)), name="extra")

    d = ms.load_checkpoint(str(FIXTURE))
    pd = {"net.fc.weight": d["fc.weight"], "net.fc.bias": d["fc.bias"], "other": d["lr"]}
    n = N()
    # MindSpore 2.10's answer: prefix matches load but stay in ckpt_not_load
    assert ms.load_param_into_net(n, pd) == (["extra"], ["net.fc.weight", "net.fc.bias", "other"])
    np.testing.assert_array_equal(n.fc.weight.asnumpy(), WEIGHT)
    assert ms.load_param_into_net(N(), pd, strict_load=True) == \
        (["extra", "fc.weight", "fc.bias"], ["net.fc.weight", "net.fc.bias", "other"])


def test_dtype_conversion_follows_strict_load():
    net = Net()
    half = ms.Parameter(ms.Tensor(np.array([[1, 2, 3], [4, 5, 6]], np.float16)), name="fc.weight")
    assert ms.load_param_into_net(net, {"fc.weight": half}) == \
        (["scale", "steps", "fc.bias"], [])
    assert net.fc.weight.dtype == ms.float32 and net.fc.weight.asnumpy()[1, 2] == 6.0
    with pytest.raises(RuntimeError, match="same type as fc.weight"):
        ms.load_param_into_net(Net(), {"fc.weight": half}, strict_load=True)
    ints = ms.Parameter(ms.Tensor(np.ones((2, 3), np.int32)), name="fc.weight")
    with pytest.raises(RuntimeError, match="type Float32 in the argument 'net' and type Int32"):
        ms.load_param_into_net(Net(), {"fc.weight": ints})


def test_trailing_unit_dims_are_dropped():
    net = Net()
    four_d = ms.Parameter(ms.Tensor(WEIGHT.reshape(2, 3, 1, 1)), name="fc.weight")
    ms.load_param_into_net(net, {"fc.weight": four_d})
    np.testing.assert_array_equal(net.fc.weight.asnumpy(), WEIGHT)


def test_a_mismatched_checkpoint_leaves_the_network_unchanged(tmp_path):
    class Other(nn.Cell):
        def __init__(self):
            super().__init__()
            self.scale = ms.Parameter(ms.Tensor(np.zeros(2, np.float16)), name="scale")
            self.fc = nn.Dense(3, 4)  # another shape

    net = Other()
    before = _values(net)
    with pytest.raises(RuntimeError) as info:
        ms.load_checkpoint(str(FIXTURE), net=net)
    msg = str(info.value)
    assert "fc.weight" in msg and "(4, 3)" in msg and "(2, 3)" in msg and str(FIXTURE) in msg
    after = _values(net)
    assert all(np.array_equal(before[k], after[k]) for k in before)  # 'scale' was not loaded


def _write_message(path, entries):
    m = Checkpoint()
    for tag, dims, ttype, content in entries:
        v = m.value.add()
        v.tag = tag
        v.tensor.dims.extend(dims)
        v.tensor.tensor_type = ttype
        v.tensor.tensor_content = content
    path.write_bytes(m.SerializeToString())
    return str(path)


@pytest.mark.parametrize("cut", [1, 50, 100, 227])
def test_truncated_files_are_value_errors_naming_the_file(tmp_path, cut):
    bad = tmp_path / "trunc.ckpt"
    bad.write_bytes(FIXTURE.read_bytes()[:cut])
    net = Net()
    before = _values(net)
    with pytest.raises(ValueError, match=r"trunc\.ckpt"):
        ms.load_checkpoint(str(bad), net=net)
    after = _values(net)
    assert all(np.array_equal(before[k], after[k]) for k in before)


def test_corrupt_entries_are_value_errors_naming_file_and_parameter(tmp_path):
    f = _write_message(tmp_path / "t.ckpt", [("w", [2], "Complex7", bytes(8))])
    with pytest.raises(ValueError, match=r"'w' in the checkpoint file .*t\.ckpt.*Complex7"):
        ms.load_checkpoint(f)
    f = _write_message(tmp_path / "d.ckpt", [("w", [2, 3], "Float32", bytes(20))])
    with pytest.raises(ValueError, match=r"'w' .* dims \[2, 3\] of Float32, which need 24 bytes"):
        ms.load_checkpoint(f)
    # a huge dims claim is rejected from the byte count, before any allocation
    f = _write_message(tmp_path / "h.ckpt", [("w", [2**40, 2**20], "Float64", bytes(8))])
    with pytest.raises(ValueError, match="need"):
        ms.load_checkpoint(f)
    f = _write_message(tmp_path / "n.ckpt", [("w", [-1], "Float32", bytes(4))])
    with pytest.raises(ValueError, match="invalid dims"):
        ms.load_checkpoint(f)
    f = _write_message(tmp_path / "s.ckpt", [("w", [0], "str", b"abc")])
    with pytest.raises(ValueError, match="multiple of 4"):
        ms.load_checkpoint(f)
    (tmp_path / "g.ckpt").write_bytes(b"\xff" * 64)
    with pytest.raises(ValueError, match="corrupted"):
        ms.load_checkpoint(str(tmp_path / "g.ckpt"))
    with pytest.raises(ValueError, match="does not exist"):
        ms.load_checkpoint(str(tmp_path / "missing.ckpt"))
    with pytest.raises(ValueError, match="format"):
        ms.load_checkpoint(str(tmp_path / "x.bin"))


def test_too_large_a_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(serialization, "MAX_CHECKPOINT_BYTES", 100)
    with pytest.raises(ValueError, match="more than a .ckpt file can hold"):
        ms.load_checkpoint(str(FIXTURE))


def test_slices_with_one_tag_are_joined_and_bfloat16_loads_as_float32(tmp_path):
    a = np.arange(6, dtype=np.float32)
    f = _write_message(tmp_path / "s.ckpt", [("w", [2, 3], "Float32", a[:3].tobytes()),
                                             ("w", [2, 3], "Float32", a[3:].tobytes())])
    np.testing.assert_array_equal(ms.load_checkpoint(f)["w"].asnumpy(), a.reshape(2, 3))
    bf16 = (np.array([1.5, -2.0], np.float32).view(np.uint32) >> 16).astype("<u2")
    f = _write_message(tmp_path / "b.ckpt", [("w", [2], "BFloat16", bf16.tobytes())])
    w = ms.load_checkpoint(f)["w"]
    assert w.dtype == ms.float32 and w.asnumpy().tolist() == [1.5, -2.0]


def test_crc_trailer_is_written_and_checked(tmp_path):
    net = Net()
    path = tmp_path / "c.ckpt"
    ms.save_checkpoint(net, str(path), crc_check=True)
    data = path.read_bytes()
    assert data[-17:-10] == b"crc_num"
    assert list(ms.load_checkpoint(str(path), crc_check=True)) == \
        ["scale", "steps", "fc.weight", "fc.bias"]
    flipped = bytearray(data)
    flipped[40] ^= 1
    bad = tmp_path / "bad.ckpt"
    bad.write_bytes(bytes(flipped))
    with pytest.raises(ValueError, match="crc check is failed"):
        ms.load_checkpoint(str(bad), crc_check=True)
    with pytest.warns(UserWarning, match="crc"):
        ms.load_checkpoint(str(FIXTURE), crc_check=True)


def test_bad_arguments_are_type_errors(tmp_path):
    with pytest.raises(TypeError, match="'net' should be a Cell"):
        ms.load_param_into_net("net", {})
    with pytest.raises(TypeError, match="should be a 'str' and 'Parameter'"):
        ms.load_param_into_net(Net(), {"fc.weight": ms.Tensor(WEIGHT)})
    with pytest.raises(TypeError, match="save_obj"):
        ms.save_checkpoint(3, str(tmp_path / "x.ckpt"))
    with pytest.raises(ValueError, match="encrypt"):
        ms.save_checkpoint(Net(), str(tmp_path / "x.ckpt"), enc_key=b"0" * 16)


def test_spellings():
    import graphc.train as train
    assert ms.save_checkpoint is train.save_checkpoint is train.serialization.save_checkpoint
    assert ms.load_checkpoint is train.load_checkpoint
    assert ms.load_param_into_net is train.load_param_into_net



def test_a_name_that_is_not_utf8_is_a_value_error(tmp_path):
    data = bytearray(FIXTURE.read_bytes())
    at = data.index(b"fc.bias") + 3
    data[at] = 0x8C  # 'fc.\x8cias': proto2 hands back bytes, not a str
    bad = tmp_path / "u.ckpt"
    bad.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="not valid UTF-8"):
        ms.load_checkpoint(str(bad))


def test_mutated_files_give_only_clear_errors_and_never_half_load(tmp_path):
    import random

    rng = random.Random(0)
    src = FIXTURE.read_bytes()
    path = tmp_path / "m.ckpt"
    for _ in range(300):
        data = bytearray(src)
        for _ in range(rng.randint(1, 3)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[:rng.randrange(len(data))]
        path.write_bytes(bytes(data))
        net = Net()
        before = _values(net)
        try:
            ms.load_checkpoint(str(path), net=net)
        except (ValueError, RuntimeError):
            after = _values(net)
            assert all(np.array_equal(before[k], after[k]) for k in before)
