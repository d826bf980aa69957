"""Reading files graphc did not necessarily write: bounded, checked, never executing anything.

Every reader of a file (graphs from `graphc.load`, checkpoints, caches) uses these helpers, so
that a crafted or damaged file gives a `FileFormatError` naming the file, the member and what is
wrong, never an internal traceback, a `MemoryError` or a hang, and never runs code.

Interface:

- `Limits`: the bounds a reader enforces (file size, member count, bytes per member and in
  total, decompression ratio, `.npy` header size and rank, JSON size). `DEFAULT_LIMITS` suits
  graphs and checkpoints; pass `dataclasses.replace(DEFAULT_LIMITS, ...)` to change one.
- `FileFormatError(what, file=, member=, field=)`: the error every check raises (a
  `GraphcError` and a `ValueError`); `with_file(file)` adds the file name to one raised deeper.
- `read_npz(path, limits, text_members=())`: the arrays of a NumPy `.npz` archive as a dict
  keyed by member name without `.npy`. Before anything is allocated it checks the archive's
  directory (size and count of members, no duplicate names, no encryption, only stored or
  deflated members, a compressed size consistent with the file and a bounded ratio), then each
  member's `.npy` header (version 1/2, a plain numeric or bool dtype, never object or
  structured, unicode text only for `text_members`; a shape of non-negative ints; the bytes the
  header promises equal to the bytes the member holds, and within the limits). Data are read
  exactly (truncation and CRC errors are caught), into writable arrays in native byte order.
- `read_npy_member(stream, size, name, limits, allow_text=False)`: one `.npy` from a binary
  stream of `size` bytes (what `read_npz` does per member), for other containers.
- `check_array_header(shape, dtype, name, limits, allow_text=False)`: the header checks
  alone; returns the byte count the data must have.
- `load_json(text, name, limits)`: `json.loads` with a size bound and nesting too deep for the
  parser reported as a `FileFormatError` (no `RecursionError`).
- `require(condition, what, member=, field=)`: raise a `FileFormatError` unless `condition`.
"""

from __future__ import annotations

import io
import json
import math
import os
import struct
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from typing import IO, Any

import numpy as np

from .errors import GraphcError

_GiB = 1 << 30


@dataclass(frozen=True, slots=True)
class Limits:
    """The bounds a reader checks before allocating anything."""

    max_file_bytes: int = 1 << 40
    max_members: int = 100_000
    max_member_bytes: int = 64 * _GiB
    max_total_bytes: int = 256 * _GiB
    # Uncompressed bytes per compressed byte a deflated member may claim (deflate's own maximum
    # is about 1032; real data rarely passes 20), beyond `compression_slack` bytes.
    max_compression_ratio: int = 100
    compression_slack: int = 1 << 20
    max_header_bytes: int = 10_000
    max_ndim: int = 32
    max_json_bytes: int = 1 * _GiB


DEFAULT_LIMITS = Limits()

_CHUNK = 16 << 20  # bytes read at a time (a stream's `readinto` may copy through a buffer)
_ARRAY_KINDS = frozenset("biufc")  # bool, signed and unsigned ints, floats, complex
_TEXT_KIND = "U"


class FileFormatError(GraphcError, ValueError):
    """A file graphc cannot read safely: not of its format, damaged, or crafted. The message
    names the file, the member (an archive entry, a graph node) and the field when known."""

    def __init__(self, what: str, file: str | None = None, member: str | None = None,
                 field: str | None = None) -> None:
        self.what, self.file, self.member, self.field = what, file, member, field
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.member is not None:
            where.append(self.member)
        if self.field is not None:
            where.append(f"field '{self.field}'")
        place = f" ({', '.join(where)})" if where else ""
        head = f"'{self.file}'" if self.file is not None else "the file"
        return f"{head} cannot be read{place}: {self.what}"

    def with_file(self, file: str) -> FileFormatError:
        """This error, naming `file` (for an error raised where the name was not known)."""
        if self.file is None:
            self.file = file
            self.message = self._compose()
            self.args = (self.message,)
        return self


def require(condition: bool, what: str, member: str | None = None,
            field: str | None = None) -> None:
    """Raise `FileFormatError(what, member=..., field=...)` unless `condition`."""
    if not condition:
        raise FileFormatError(what, member=member, field=field)


# What Python raises on damaged archives and streams: all become a FileFormatError.
_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
                struct.error, NotImplementedError, zlib.error, OverflowError, KeyError,
                IndexError, TypeError)


def check_array_header(shape: Any, dtype: Any, name: str, limits: Limits = DEFAULT_LIMITS,
                       allow_text: bool = False) -> int:
    """The byte count of an array of `shape` and `dtype` (from a header), after checking both:
    a plain numeric or bool dtype (unicode text only when `allow_text`), a shape of at most
    `max_ndim` non-negative ints, and at most `max_member_bytes` of data."""
    require(isinstance(dtype, np.dtype), f"the array's dtype is {dtype!r}, not a NumPy dtype",
            name, "dtype")
    kinds = _ARRAY_KINDS | ({_TEXT_KIND} if allow_text else set())
    require(not dtype.hasobject and dtype.fields is None and dtype.subdtype is None
            and dtype.kind in kinds and dtype.itemsize > 0,
            f"the array has dtype {dtype.str!r}; only plain numeric and bool arrays "
            f"{'(and text) ' if allow_text else ''}are read (never objects, which need pickle)",
            name, "dtype")
    require(type(shape) is tuple and len(shape) <= limits.max_ndim
            and all(type(d) is int and d >= 0 for d in shape),
            f"the array's shape {shape!r} is not a tuple of at most {limits.max_ndim} "
            "non-negative ints", name, "shape")
    nbytes = math.prod(shape) * dtype.itemsize
    require(nbytes <= limits.max_member_bytes,
            f"the array claims {nbytes} bytes, more than the limit of "
            f"{limits.max_member_bytes}", name, "shape")
    return nbytes


def read_npy_member(stream: IO[bytes], size: int, name: str, limits: Limits = DEFAULT_LIMITS,
                    allow_text: bool = False) -> np.ndarray:
    """The array in a `.npy` stream holding exactly `size` bytes (from its current position),
    checked before allocation."""
    try:
        begin = stream.tell()
    except _READ_ERRORS as exc:
        raise FileFormatError(f"the member cannot be read ({exc})", member=name) from None
    shape, fortran, dtype, header_bytes = _header(stream, name, limits, allow_text, begin)
    nbytes = _check_size(shape, dtype, header_bytes, size, name, limits, allow_text)
    array = _allocate(shape, dtype, nbytes, name)
    _fill(stream, array, nbytes, name)
    try:
        if stream.read(1):
            raise FileFormatError("the member holds more data than its header says",
                                  member=name)
    except FileFormatError:
        raise
    except _READ_ERRORS as exc:
        raise FileFormatError(f"the data cannot be read ({exc})", member=name) from None
    return _finish(array, shape, fortran, dtype)


def _header(stream: IO[bytes], name: str, limits: Limits, allow_text: bool, begin: int = 0
            ) -> tuple[Any, bool, Any, int]:
    """Shape, Fortran order, dtype and header length of the `.npy` starting at `begin`."""
    try:
        major, minor = np.lib.format.read_magic(stream)
        if (major, minor) == (1, 0):
            read_header = np.lib.format.read_array_header_1_0
        elif (major, minor) == (2, 0):
            read_header = np.lib.format.read_array_header_2_0
        else:
            raise FileFormatError(f"unsupported .npy version {major}.{minor}", member=name)
        shape, fortran, dtype = read_header(stream, max_header_size=limits.max_header_bytes)
        return shape, fortran, dtype, stream.tell() - begin
    except FileFormatError:
        raise
    except (*_READ_ERRORS, SyntaxError, MemoryError, RecursionError) as exc:
        raise FileFormatError(f"not a valid .npy header ({exc})", member=name) from None


def _check_size(shape: Any, dtype: Any, header_bytes: int, size: int, name: str,
                limits: Limits, allow_text: bool) -> int:
    nbytes = check_array_header(shape, dtype, name, limits, allow_text)
    require(header_bytes + nbytes == size,
            f"the header promises {nbytes} bytes of data, but the member holds "
            f"{size - header_bytes}", name, "shape")
    return nbytes


def _allocate(shape: tuple[int, ...], dtype: np.dtype, nbytes: int, name: str) -> np.ndarray:
    try:
        return np.empty(math.prod(shape), dtype)
    except MemoryError:
        raise FileFormatError(f"the array needs {nbytes} bytes, more than there is memory "
                              "for", member=name) from None


def _fill(stream: IO[bytes], array: np.ndarray, nbytes: int, name: str) -> memoryview:
    """Read exactly `nbytes` into `array`'s memory (a flat, fresh array); returns that memory."""
    view = memoryview(array.view(np.uint8)) if nbytes else memoryview(b"")
    done = 0
    try:
        while done < nbytes:
            got = stream.readinto(view[done:done + _CHUNK])  # type: ignore[attr-defined]
            if not got:
                raise FileFormatError(f"the data are truncated ({done} of {nbytes} bytes)",
                                      member=name)
            done += got
    except FileFormatError:
        raise
    except _READ_ERRORS as exc:
        raise FileFormatError(f"the data cannot be read ({exc})", member=name) from None
    return view


def _finish(array: np.ndarray, shape: tuple[int, ...], fortran: bool,
            dtype: np.dtype) -> np.ndarray:
    array = array.reshape(shape, order="F" if fortran else "C")
    if not dtype.isnative:
        array = array.astype(dtype.newbyteorder("="))
    return array


def _read_stored(f: IO[bytes], info: zipfile.ZipInfo, file_bytes: int, limits: Limits,
                 allow_text: bool) -> np.ndarray:
    """A stored (uncompressed) member read straight into its array: one read, no copies; the
    CRC is checked over what was read."""
    name = info.filename
    try:
        f.seek(info.header_offset)
        local = f.read(30)
        require(len(local) == 30 and local[:4] == b"PK\x03\x04",
                "the member's local header is damaged", name)
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        start = info.header_offset + 30 + name_len + extra_len
        require(start + info.file_size <= file_bytes, "the member runs past the end of the "
                "file (a truncated archive?)", name)
        f.seek(start)
        head = f.read(min(info.file_size, limits.max_header_bytes + 16))
    except FileFormatError:
        raise
    except _READ_ERRORS as exc:
        raise FileFormatError(f"the member cannot be read ({exc})", member=name) from None
    shape, fortran, dtype, header_bytes = _header(io.BytesIO(head), name, limits, allow_text)
    nbytes = _check_size(shape, dtype, header_bytes, info.file_size, name, limits, allow_text)
    array = _allocate(shape, dtype, nbytes, name)
    try:
        f.seek(start + header_bytes)
    except _READ_ERRORS as exc:
        raise FileFormatError(f"the member cannot be read ({exc})", member=name) from None
    view = _fill(f, array, nbytes, name)
    crc = zlib.crc32(view, zlib.crc32(head[:header_bytes]))
    require(crc == info.CRC, "Bad CRC-32: the member's data are damaged", name)
    return _finish(array, shape, fortran, dtype)


def read_npz(path: str, limits: Limits = DEFAULT_LIMITS,
             text_members: Collection[str] = ()) -> dict[str, np.ndarray]:
    """The arrays of the `.npz` archive at `path`, keyed by member name without `.npy`.
    Members named in `text_members` may hold unicode text; see the module docstring for the
    checks. Raises `FileFormatError` naming `path`."""
    try:
        return _read_npz(path, limits, text_members)
    except FileFormatError as exc:
        raise exc.with_file(path) from None


def _read_npz(path: str, limits: Limits, text_members: Collection[str]
              ) -> dict[str, np.ndarray]:
    try:
        file_bytes = os.stat(path).st_size
    except OSError as exc:
        raise FileFormatError(f"it cannot be opened ({exc.strerror or exc})") from None
    require(file_bytes <= limits.max_file_bytes,
            f"it has {file_bytes} bytes, more than the limit of {limits.max_file_bytes}")
    try:
        archive = zipfile.ZipFile(path)
    except (*_READ_ERRORS, MemoryError) as exc:
        raise FileFormatError(f"it is not a NumPy .npz archive ({exc})") from None
    with archive:
        infos = archive.infolist()
        require(len(infos) <= limits.max_members,
                f"it has {len(infos)} members, more than the limit of {limits.max_members}")
        _check_directory(infos, file_bytes, limits)
        arrays: dict[str, np.ndarray] = {}
        with open(path, "rb") as raw:
            for info in infos:
                key = info.filename[:-4]
                if info.compress_type == zipfile.ZIP_STORED:
                    arrays[key] = _read_stored(raw, info, file_bytes, limits,
                                               key in text_members)
                    continue
                try:
                    with archive.open(info) as stream:
                        arrays[key] = read_npy_member(stream, info.file_size, info.filename,
                                                      limits, key in text_members)
                except FileFormatError:
                    raise
                except _READ_ERRORS as exc:
                    raise FileFormatError(f"the member cannot be read ({exc})",
                                          member=info.filename) from None
    return arrays


def _check_directory(infos: list[zipfile.ZipInfo], file_bytes: int, limits: Limits) -> None:
    seen: set[str] = set()
    total = compressed = 0
    for info in infos:
        name = info.filename
        require(name not in seen, "the archive holds two members of this name", name)
        seen.add(name)
        require(name.endswith(".npy") and len(name) > 4, "the member is not a .npy array",
                name)
        require(not info.flag_bits & 0x1, "the member is encrypted", name)
        require(info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED),
                f"the member uses compression method {info.compress_type}; only stored and "
                "deflated members are read", name)
        require(info.file_size <= limits.max_member_bytes,
                f"the member claims {info.file_size} bytes, more than the limit of "
                f"{limits.max_member_bytes}", name)
        if info.compress_type == zipfile.ZIP_DEFLATED:
            require(info.file_size <= info.compress_size * limits.max_compression_ratio
                    + limits.compression_slack,
                    f"the member would inflate {info.compress_size} bytes to "
                    f"{info.file_size} (a compression bomb?)", name)
        else:
            require(info.file_size == info.compress_size,
                    "the stored member's sizes disagree", name)
        total += info.file_size
        compressed += info.compress_size
    require(total <= limits.max_total_bytes,
            f"its members claim {total} bytes, more than the limit of {limits.max_total_bytes}")
    require(compressed <= file_bytes,
            f"its members claim {compressed} compressed bytes in a file of {file_bytes} "
            "(overlapping members?)")


def load_json(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """`json.loads(text)` for a member `name`, bounded in size; a document nested too deeply
    for the parser is a `FileFormatError`, not a `RecursionError`."""
    require(len(text) <= limits.max_json_bytes,
            f"the description has {len(text)} characters, more than the limit of "
            f"{limits.max_json_bytes}", name)
    try:
        return json.loads(text)
    except RecursionError:
        raise FileFormatError("the description is nested too deeply", member=name) from None
    except (ValueError, MemoryError) as exc:
        raise FileFormatError(f"the description is not valid JSON ({exc})",
                              member=name) from None
