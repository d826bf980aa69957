"""MindSpore-named data types, their NumPy storage types, and type promotion.

A `DType` prints as MindSpore prints it (`str(float32) == 'Float32'`,
`repr(float32) == 'mindspore.float32'`). Each maps to exactly one NumPy dtype.
Promotion follows MindSpore: a float Tensor mixed with an int Tensor or a Python
scalar keeps the float Tensor's type; two floats (or two ints) widen to the larger.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True, eq=False)
class DType:
    """One element type. Compared by identity: there is one object per type."""

    name: str  # MindSpore's printed name, e.g. "Float32"
    short: str  # the attribute name, e.g. "float32"
    np_dtype: np.dtype
    kind: str  # "bool", "int", "uint", "float", "complex"
    bits: int

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"mindspore.{self.short}"

    def __reduce__(self):
        return (dtype_from_name, (self.short,))

    @property
    def is_float(self) -> bool:
        return self.kind == "float"

    @property
    def is_int(self) -> bool:
        return self.kind in ("int", "uint")


def _make(name: str, short: str, np_type: type, kind: str, bits: int) -> DType:
    return DType(name, short, np.dtype(np_type), kind, bits)


bool_ = _make("Bool", "bool_", np.bool_, "bool", 8)
int8 = _make("Int8", "int8", np.int8, "int", 8)
int16 = _make("Int16", "int16", np.int16, "int", 16)
int32 = _make("Int32", "int32", np.int32, "int", 32)
int64 = _make("Int64", "int64", np.int64, "int", 64)
uint8 = _make("UInt8", "uint8", np.uint8, "uint", 8)
uint16 = _make("UInt16", "uint16", np.uint16, "uint", 16)
uint32 = _make("UInt32", "uint32", np.uint32, "uint", 32)
uint64 = _make("UInt64", "uint64", np.uint64, "uint", 64)
float16 = _make("Float16", "float16", np.float16, "float", 16)
float32 = _make("Float32", "float32", np.float32, "float", 32)
float64 = _make("Float64", "float64", np.float64, "float", 64)
complex64 = _make("Complex64", "complex64", np.complex64, "complex", 64)
complex128 = _make("Complex128", "complex128", np.complex128, "complex", 128)

ALL_DTYPES: tuple[DType, ...] = (
    bool_, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
    float16, float32, float64, complex64, complex128,
)

# MindSpore's aliases.
half = float16
single = float32
double = float64

_BY_NUMPY: dict[np.dtype, DType] = {d.np_dtype: d for d in ALL_DTYPES}
_BY_NAME: dict[str, DType] = {d.short: d for d in ALL_DTYPES}
_BY_NAME.update({"bool": bool_, "half": float16, "single": float32, "double": float64})


def dtype_from_name(name: str) -> DType:
    """The DType called `name` ('float32', 'bool_', ...); ValueError if there is none."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(
            f"unknown dtype name {name!r}; expected one of {sorted(_BY_NAME)}"
        ) from None


def from_numpy(np_dtype: np.dtype) -> DType:
    """The DType stored as `np_dtype`; TypeError for NumPy types graphc has no name for."""
    try:
        return _BY_NUMPY[np_dtype]
    except KeyError:
        raise TypeError(
            f"NumPy dtype {np_dtype} has no graphc equivalent; "
            f"use one of {[str(d.np_dtype) for d in ALL_DTYPES]}"
        ) from None


def to_dtype(value: object) -> DType:
    """Accept a DType, a NumPy dtype or type, or a name, and return the DType."""
    if isinstance(value, DType):
        return value
    if isinstance(value, str):
        return dtype_from_name(value)
    if value is bool:
        return bool_
    if value is int:
        return int64
    if value is float:
        return float32
    try:
        return from_numpy(np.dtype(value))  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"expected a graphc dtype such as graphc.float32, got {value!r}") from None


def default_dtype_of_scalar(value: object) -> DType:
    """The dtype a Tensor gets from a Python scalar: bool -> Bool, int -> Int64,
    float -> Float32 (NumPy scalars keep their own)."""
    if isinstance(value, (bool, np.bool_)):
        return bool_
    if isinstance(value, (int, np.integer)):
        return int64 if isinstance(value, int) else from_numpy(np.asarray(value).dtype)
    if isinstance(value, float):
        return float32
    if isinstance(value, np.floating):
        return from_numpy(np.asarray(value).dtype)
    if isinstance(value, complex):
        return complex64
    raise TypeError(f"cannot make a Tensor element from {type(value).__name__} {value!r}")


_KIND_RANK = {"bool": 0, "uint": 1, "int": 1, "float": 2, "complex": 3}


def promote(a: DType, b: DType) -> DType:
    """The result type of a binary op between Tensors of types `a` and `b` (MindSpore's rules).

    A higher kind wins outright (float beats int: int32 with float16 gives float16); within a
    kind the wider type wins; mixed signed/unsigned integers go to the smallest signed type
    holding both.
    """
    if a is b:
        return a
    ra, rb = _KIND_RANK[a.kind], _KIND_RANK[b.kind]
    if ra != rb:
        return a if ra > rb else b
    if a.kind == b.kind:
        return a if a.bits >= b.bits else b
    signed, unsigned = (a, b) if a.kind == "int" else (b, a)
    if signed.bits > unsigned.bits:
        return signed
    return {8: int16, 16: int32, 32: int64}.get(unsigned.bits, int64)


def promote_with_scalar(tensor_dtype: DType, scalar: object) -> DType:
    """The result type of a Tensor op with a Python scalar: the scalar never widens a Tensor of its
    own kind or higher (float32 Tensor * 1.5 stays Float32; int32 Tensor + 1 stays Int32), and an
    int/bool Tensor meeting a Python float becomes Float32."""
    if isinstance(scalar, bool):
        return tensor_dtype
    if isinstance(scalar, int):
        return int64 if tensor_dtype is bool_ else tensor_dtype
    if isinstance(scalar, float):
        return tensor_dtype if tensor_dtype.kind in ("float", "complex") else float32
    if isinstance(scalar, complex):
        return tensor_dtype if tensor_dtype.kind == "complex" else complex64
    return promote(tensor_dtype, default_dtype_of_scalar(scalar))


# MindSpore's type objects for values that are not Tensor elements (`mstype.tensor_type`,
# `mstype.number`, `mstype.list_`, ...): what `TopTypeof` returns and `isinstance` checks.
class Type:
    """A MindSpore type object: prints as MindSpore prints it (`Tensor`, `Int`, `Tuple`)."""

    short = "type"

    def __init__(self, element_type: DType | None = None) -> None:
        self.element_type = element_type

    def __str__(self) -> str:
        name = type(self).__name__.removesuffix("Type") or "Type"
        return name if self.element_type is None else f"{name}[{self.element_type}]"

    def __repr__(self) -> str:
        return f"mindspore.{self.short}"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and \
            other.element_type is self.element_type  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.element_type))


class TensorType(Type):
    """The type of Tensors (`TensorType(float32)` of Float32 Tensors)."""

    short = "tensor"


class Number(Type):
    short = "number"


class Bool(Number):
    short = "bool"


class Int(Number):
    short = "int"


class UInt(Number):
    short = "uint"


class Float(Number):
    short = "float"


class Complex(Number):
    short = "complex"


class String(Type):
    short = "string_"


class List(Type):
    short = "list_"


class Tuple(Type):
    short = "tuple_"


class Dict(Type):
    short = "dict"


class TypeNone(Type):
    short = "type_none"


class Function(Type):
    short = "function"


class Slice(Type):
    short = "slice"


tensor_type = TensorType()
number = Number()
int_ = Int()
uint = UInt()
float_ = Float()
complex_ = Complex()
string = String()
list_ = List()
tuple_ = Tuple()
type_none = TypeNone()
function = Function()

int_type: tuple[DType, ...] = (int8, int16, int32, int64)
uint_type: tuple[DType, ...] = (uint8, uint16, uint32, uint64)
float_type: tuple[DType, ...] = (float16, float32, float64)
complex_type: tuple[DType, ...] = (complex64, complex128)
number_type: tuple[DType, ...] = int_type + uint_type + float_type + complex_type
all_types: tuple[DType, ...] = ALL_DTYPES

_PY_TYPES: dict[type, DType] = {bool: bool_, int: int64, float: float64, complex: complex128}


def dtype_to_nptype(type_: DType) -> type:
    """The NumPy scalar type of `type_` (`np.float32` for float32)."""
    return to_dtype(type_).np_dtype.type


def pytype_to_dtype(obj: object) -> DType:
    """The DType of a Python or NumPy type (`bool` -> bool_, `int` -> int64, `np.float32`)."""
    if isinstance(obj, DType):
        return obj
    if isinstance(obj, type) and obj in _PY_TYPES:
        return _PY_TYPES[obj]
    return from_numpy(np.dtype(obj))


def dtype_to_pytype(type_: DType) -> type:
    """The Python type of `type_`'s elements (`float` for float32)."""
    kind = to_dtype(type_).kind
    return {"bool": bool, "int": int, "uint": int, "float": float, "complex": complex}[kind]

