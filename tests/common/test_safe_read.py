"""`common.safe_read`: the checked readers every file reader of graphc uses."""

import dataclasses
import io
import zipfile

import numpy as np
import pytest

from graphc.common.safe_read import (
    DEFAULT_LIMITS,
    FileFormatError,
    check_array_header,
    load_json,
    read_npy_member,
    read_npz,
)


def _npz(path, **arrays):
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    return str(path)


def test_read_npz_gives_the_arrays_writable_and_native(tmp_path):
    big_endian = np.arange(6, dtype=">i4").reshape(2, 3)
    fortran = np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3))
    path = _npz(tmp_path / "a.npz", x=big_endian, f=fortran, t=np.array("text"),
                e=np.zeros((0, 3)))
    arrays = read_npz(path, text_members=("t",))
    np.testing.assert_array_equal(arrays["x"], big_endian)
    assert arrays["x"].dtype == np.dtype("=i4")
    np.testing.assert_array_equal(arrays["f"], fortran)
    assert str(arrays["t"][()]) == "text" and arrays["e"].shape == (0, 3)
    arrays["f"][0, 0] = 5  # writable, as np.load's


def test_text_only_where_the_reader_allows_it(tmp_path):
    path = _npz(tmp_path / "a.npz", t=np.array("text"))
    with pytest.raises(FileFormatError, match=r"a.npz' cannot be read \(t.npy, field 'dtype'\)"):
        read_npz(path)


def test_header_checks_come_before_allocation():
    f4 = np.dtype("<f4")
    assert check_array_header((2, 3), f4, "m") == 24
    with pytest.raises(FileFormatError, match="more than the limit"):
        check_array_header((2**40,), f4, "m")
    for shape in [(-1,), (2.0,), [2], (True,), tuple(range(1, 40))]:
        with pytest.raises(FileFormatError, match="shape"):
            check_array_header(shape, f4, "m")
    for dtype in [np.dtype(object), np.dtype([("a", "<f4")]), np.dtype("V8"),
                  np.dtype("M8[s]"), np.dtype(("<f4", (2,)))]:
        with pytest.raises(FileFormatError, match="dtype"):
            check_array_header((1,), dtype, "m")


def test_read_npy_member_from_any_stream():
    buf = io.BytesIO()
    np.save(buf, np.arange(4, dtype=np.int16))
    data = buf.getvalue()
    got = read_npy_member(io.BytesIO(data), len(data), "m")
    np.testing.assert_array_equal(got, np.arange(4))
    with pytest.raises(FileFormatError, match="promises 8 bytes of data, but the member holds 7"):
        read_npy_member(io.BytesIO(data[:-1]), len(data) - 1, "m")


def test_limits_on_the_archive(tmp_path):
    path = _npz(tmp_path / "a.npz", x=np.zeros(100), y=np.zeros(3))
    with pytest.raises(FileFormatError, match="members, more than the limit of 1"):
        read_npz(path, dataclasses.replace(DEFAULT_LIMITS, max_members=1))
    with pytest.raises(FileFormatError, match="x.npy.*more than the limit of 500"):
        read_npz(path, dataclasses.replace(DEFAULT_LIMITS, max_member_bytes=500))
    with pytest.raises(FileFormatError, match="more than the limit of 100"):
        read_npz(path, dataclasses.replace(DEFAULT_LIMITS, max_file_bytes=100))
    with zipfile.ZipFile(tmp_path / "b.npz", "w", zipfile.ZIP_BZIP2) as z:
        z.writestr("x.npy", b"\0" * 100)
    with pytest.raises(FileFormatError, match="compression method 12"):
        read_npz(str(tmp_path / "b.npz"))


def test_load_json_bounds_size_and_depth():
    assert load_json('{"a": [1]}', "m") == {"a": [1]}
    with pytest.raises(FileFormatError, match="nested too deeply"):
        load_json("[" * 100_000 + "]" * 100_000, "m")
    with pytest.raises(FileFormatError, match="more than the limit of 4"):
        load_json("[1, 2]", "m", dataclasses.replace(DEFAULT_LIMITS, max_json_bytes=4))
    with pytest.raises(FileFormatError, match="not valid JSON"):
        load_json("{", "m")


def test_the_error_names_file_member_and_field():
    e = FileFormatError("bad", member="node 3", field="attrs.axis")
    assert str(e) == "the file cannot be read (node 3, field 'attrs.axis'): bad"
    assert str(e.with_file("f.mindir")) == \
        "'f.mindir' cannot be read (node 3, field 'attrs.axis'): bad"
    assert isinstance(e, ValueError)
