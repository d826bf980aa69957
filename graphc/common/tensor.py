"""`Tensor`: an n-dimensional array with a MindSpore dtype, stored as a NumPy array.

This module holds the data side of a Tensor: construction, conversion, properties, printing,
indexing writes. Everything that computes (operators, `sum`, `reshape`, ...) is an op and is
attached by `graphc.ops.tensor_methods` when `graphc.ops` is imported, so that `common` never
depends on `ops` (DESIGN.md). A Tensor never shares its buffer with the array it was built from;
writes through `__setitem__` copy first, so no other Tensor ever sees them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import dtype as mstype
from .symbol import Symbol
from .tensor_format import format_repr

_NUMPY_2 = int(np.__version__.split(".")[0]) >= 2


def to_array(data: Any, dtype: mstype.DType | None) -> np.ndarray:
    """A fresh NumPy array for `data` with graphc's default dtypes (int -> Int64,
    float -> Float32, bool -> Bool; NumPy arrays and NumPy scalars keep theirs, so
    `np.float64(1.5)` gives Float64 as in MindSpore)."""
    np_dtype = dtype.np_dtype if dtype is not None else None
    if isinstance(data, Tensor):
        return np.array(data._data, dtype=np_dtype, copy=True)
    if isinstance(data, np.ndarray):
        arr = np.array(data, dtype=np_dtype, copy=True)
    elif isinstance(data, np.generic):
        arr = np.array(data, dtype=np_dtype)
    elif isinstance(data, (bool, int, float, complex)):
        if np_dtype is None:
            np_dtype = _int_dtype(data) if type(data) is int else \
                mstype.default_dtype_of_scalar(data).np_dtype
        try:
            arr = np.array(data, dtype=np_dtype)
        except OverflowError:
            raise OverflowError(f"For 'Tensor', the int {data} does not fit in "
                                f"{mstype.from_numpy(np.dtype(np_dtype))}: give a dtype "
                                "that holds it, or a float.") from None
    elif isinstance(data, (list, tuple)):
        arr = _sequence_to_array(data, np_dtype)
    else:
        raise TypeError(
            "For 'Tensor', the type of input_data should be one of '['Tensor', 'ndarray', "
            f"'str_', 'list', 'tuple', 'float', 'int', 'bool', 'complex']', but got "
            f"'{type(data).__name__}'."
        )
    if arr.dtype not in _SUPPORTED_NP:
        if arr.dtype.kind == "U" or arr.dtype.kind == "O":
            raise TypeError(f"For 'Tensor', cannot make a Tensor from {data!r}: elements must "
                            "be numbers or bools of one nested shape.")
        arr = arr.astype(mstype.to_dtype(arr.dtype).np_dtype)
    return arr


_SUPPORTED_NP = frozenset(d.np_dtype for d in mstype.ALL_DTYPES)


def _int_dtype(value: int) -> Any:
    """The dtype of a Tensor of the Python int `value`: Int64, or UInt64 when it only fits
    there (as MindSpore); larger ints MindSpore refuses ("Unsupported tensor type!")."""
    if -2**63 <= value < 2**63:
        return np.int64
    if 0 <= value < 2**64:
        return np.uint64
    raise RuntimeError(f"Unsupported tensor type! For 'Tensor', the int {value} does not fit "
                       "in int64 or uint64: give a float, or a smaller int.")


def _sequence_to_array(data: list | tuple, np_dtype: np.dtype | None) -> np.ndarray:
    flat = list(_flatten(data))
    if any(isinstance(x, Tensor) for x in flat):
        data = _replace_tensors(data)
    try:
        arr = np.array(data, dtype=np_dtype)
    except OverflowError:
        raise TypeError(f"For Tensor, the input_data is {data!r} that contain unsupported "
                        "element: an int does not fit in int64 or uint64.") from None
    except ValueError as exc:
        raise ValueError(f"For 'Tensor', the nested sequence {data!r} is not rectangular: "
                         f"{exc}") from None
    if np_dtype is None:
        if arr.dtype == np.float64 and not any(isinstance(x, np.floating) for x in flat):
            arr = arr.astype(np.float32)
        elif arr.dtype.kind == "i" and not any(isinstance(x, (np.integer, Tensor))
                                               for x in flat):
            arr = arr.astype(np.int64)
    return arr


def _flatten(data: Any):
    if isinstance(data, (list, tuple)):
        for item in data:
            yield from _flatten(item)
    else:
        yield data


def _replace_tensors(data: Any) -> Any:
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, (list, tuple)):
        return [_replace_tensors(x) for x in data]
    return data


class ArrayMeta:
    """Shape and NumPy dtype of an array that does not exist (yet): the data of a placeholder
    Tensor with dynamic dims (`Tensor(shape=(None, 3), dtype=float32)`, for `input_signature`)
    and of graph values while a graph is built. Code reading only `shape`/`dtype` works on it."""

    __slots__ = ("shape", "dtype", "ndim", "size", "symbols")

    def __init__(self, shape: tuple[int | None, ...], dtype: np.dtype,
                 symbols: tuple[Symbol | None, ...] | None = None) -> None:
        self.shape = shape
        self.dtype = dtype
        self.ndim = len(shape)
        self.size = -1 if any(d is None or d < 0 for d in shape) else math.prod(shape)
        self.symbols = symbols  # a placeholder's `Symbol` per dim (None: a plain dim)

    def __repr__(self) -> str:
        return f"ArrayMeta({self.shape}, {self.dtype})"


class Tensor:
    """A MindSpore-style Tensor.

    `Tensor(input_data, dtype=None)` builds from a NumPy array, a (nested) list or tuple, a
    Python or NumPy scalar, or another Tensor. `Tensor(shape=(2, 3), dtype=float32, init=...)`
    builds from an initializer (anything with `__call__(shape, np_dtype) -> ndarray`).
    """

    # (`__dict__`: a program may hang its own attributes on a Tensor, `t.attr = v`, as
    # MindSpore's Tensors allow)
    __slots__ = ("_data", "__weakref__", "__dict__")
    __array_priority__ = 1000  # NumPy defers `ndarray op Tensor` to Tensor's reflected op

    def __init__(self, input_data: Any = None, dtype: Any = None, shape: Any = None,
                 init: Any = None, const_arg: bool = False) -> None:
        ms_dtype = mstype.to_dtype(dtype) if dtype is not None else None
        if input_data is None:
            if shape is None:
                raise ValueError("For 'Tensor', input_data and shape can not both be None.")
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            np_dtype = (ms_dtype or mstype.float32).np_dtype
            if any(d is None or isinstance(d, Symbol) or d == -1 for d in shape):
                if init is not None:
                    raise ValueError("For 'Tensor', a shape with dynamic (None or -1) dims "
                                     "describes a placeholder and cannot take 'init'.")
                symbols = tuple(d if isinstance(d, Symbol) else None for d in shape)
                # (a dynamic dim reads -1, as MindSpore's placeholders show it)
                self._data = ArrayMeta(tuple(-1 if d is None or isinstance(d, Symbol) else d
                                             for d in shape),
                                       np_dtype, symbols if any(symbols) else None
                                       )  # type: ignore[assignment]
                return
            if init is None:
                self._data = np.zeros(shape, np_dtype)
            elif isinstance(init, (int, float)):
                self._data = np.full(shape, init, np_dtype)
            else:
                self._data = np.asarray(init(shape, np_dtype), dtype=np_dtype)
            return
        if isinstance(input_data, Tensor) and isinstance(input_data._data, ArrayMeta):
            meta = input_data._data  # a placeholder's copy: the same dims, its own dtype
            self._data = ArrayMeta(meta.shape, ms_dtype.np_dtype if ms_dtype else meta.dtype,
                                   meta.symbols)  # type: ignore[assignment]
            return
        self._data = to_array(input_data, ms_dtype)

    @classmethod
    def _make(cls, array: np.ndarray) -> Tensor:
        """Wrap an array produced by a kernel, without copying. Internal fast path."""
        t = object.__new__(Tensor)
        if type(array) is not np.ndarray:
            array = np.asarray(array)
        t._data = array
        return t

    @staticmethod
    def from_numpy(array: np.ndarray) -> Tensor:
        """MindSpore's `Tensor.from_numpy(array)`: a Tensor sharing the memory of a
        C-contiguous NumPy array (other arrays are copied to C order first)."""
        if not isinstance(array, np.ndarray):
            raise TypeError("Expected a NumPy array.")
        return Tensor._make(np.ascontiguousarray(array))

    # ---------------------------------------------------------------- properties
    @property
    def shape(self) -> tuple[int, ...]:
        return self._data.shape

    @property
    def dtype(self) -> mstype.DType:
        return mstype.from_numpy(self._data.dtype)

    @property
    def ndim(self) -> int:
        return self._data.ndim

    @property
    def size(self) -> int:
        return self._data.size

    @property
    def itemsize(self) -> int:
        return self._data.itemsize

    @property
    def nbytes(self) -> int:
        return self._data.nbytes

    @property
    def strides(self) -> tuple[int, ...]:
        return self._data.strides

    @property
    def T(self) -> Tensor:
        return Tensor._make(self._data.T)

    # ---------------------------------------------------------------- conversion
    def asnumpy(self) -> np.ndarray:
        """The values as a NumPy array (shares memory with the Tensor, as on MindSpore's CPU)."""
        return self._data

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._data if dtype is None else self._data.astype(dtype)

    def item(self, index: Any = None) -> Any:
        if index is None:
            if self._data.size != 1:
                raise ValueError(f"For 'Tensor.item', the tensor must have exactly one element "
                                 f"to be converted to a Python scalar, but its shape is "
                                 f"{list(self.shape)}.")
            return self._data.item()
        return self._data.item(index)

    def tolist(self) -> Any:
        return self._data.tolist()

    def copy(self) -> Tensor:
        return Tensor._make(self._data.copy())

    def astype(self, dtype: Any, copy: bool = True) -> Tensor:
        target = mstype.to_dtype(dtype)
        return Tensor._make(self._data.astype(target.np_dtype, copy=copy))

    def set_dtype(self, dtype: Any) -> Tensor:
        self._data = self._data.astype(mstype.to_dtype(dtype).np_dtype)
        return self

    def init_data(self) -> Tensor:
        return self

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise ValueError(
                f"The truth value of a Tensor with shape {list(self.shape)} is ambiguous: it has "
                f"{self._data.size} elements. Use .any() or .all()."
            )
        return bool(self._data)

    def __int__(self) -> int:
        return int(self.item())

    def __float__(self) -> float:
        return float(self.item())

    def __index__(self) -> int:
        if not self.dtype.is_int or self._data.size != 1:
            raise TypeError("only a one-element integer Tensor can be used as an index")
        return int(self.item())

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("Not support len of a 0-D tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-D tensor")
        for row in self._data:
            yield Tensor._make(np.array(row))

    __hash__ = object.__hash__

    # ---------------------------------------------------------------- writes
    def __setitem__(self, index: Any, value: Any) -> Tensor:
        """In-place write. The buffer is copied first, so views held elsewhere are unaffected.
        Returns the Tensor itself (as MindSpore's does, for `t.__setitem__(i, v)` calls)."""
        if isinstance(value, Tensor):
            value = value._data
        index = _unwrap_index(index)
        data = self._data.copy()
        try:
            data[index] = value
        except (IndexError, ValueError) as exc:
            raise type(exc)(f"For 'Tensor.__setitem__' on a Tensor of shape {list(self.shape)}: "
                            f"{exc}") from None
        self._data = data
        return self

    def assign_value(self, value: Any) -> Tensor:
        self._data = to_array(value, self.dtype)
        return self

    # ---------------------------------------------------------------- printing
    def __str__(self) -> str:
        if type(self._data) is ArrayMeta:
            return repr(self)
        if _NUMPY_2:  # print as MindSpore does, whose NumPy is 1.x (`123456790.0`, `65504.`)
            with np.printoptions(legacy="1.25"):
                return str(self._data)
        return str(self._data)

    def __repr__(self) -> str:
        if type(self._data) is ArrayMeta:
            shape = [-1 if d is None else d for d in self._data.shape]
            return f"Tensor(shape={shape}, dtype={self.dtype}, value=<placeholder>)"
        return format_repr(self._data, self.dtype)

    def __format__(self, spec: str) -> str:
        if spec:
            return format(self._data.item() if self._data.size == 1 else self._data, spec)
        return str(self)

    def __reduce__(self):
        return (Tensor, (self._data,))


def _unwrap_index(index: Any) -> Any:
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, tuple):
        return tuple(i._data if isinstance(i, Tensor) else i for i in index)
    return index


def tensor(input_data: Any = None, dtype: Any = None, shape: Any = None, init: Any = None,
           const_arg: bool = False, device: str | None = None) -> Tensor:
    """`graphc.tensor(data, dtype, shape=, init=)`: the functional spelling of `Tensor(...)`.
    `device` is accepted for MindSpore's signature; every graphc Tensor lives on the CPU."""
    if device is not None and not isinstance(device, str):
        raise TypeError(f"For 'tensor', the argument 'device' must be a str or None, but got "
                        f"{type(device).__name__}.")
    return Tensor(input_data, dtype, shape, init, const_arg)
