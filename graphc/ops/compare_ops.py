"""maximum/minimum, clamp, comparisons, logic, bitwise ops and value checks (isnan, isfinite, ...).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.tensor import Tensor
from . import infer_rules as rules
from .arith_ops import (
    NUMERIC,
    add,
    binary_infer,
    compare_infer,
    div,
    kinds_infer,
    logical_infer,
    mask_where,
    mul,
    same_dtype,
    unary_infer,
)
from .array_ops import cast, sum_to
from .catalog import install_spellings
from .convert import binary_operands, to_tensor
from .primitive import TensorSpec, apply, op_error, primitive, spell


def _select_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    """Gradient of maximum/minimum: to the input that was selected; where both are equal, each
    gets half (as MindSpore)."""
    mx = mask_where(equal(x, out), dout)
    my = mask_where(equal(y, out), dout)
    share = div(dout, add(mx, my))
    return sum_to(mul(share, mx), x.shape), sum_to(mul(share, my), y.shape)


MAXIMUM = primitive("maximum", np.maximum, binary_infer("Maximum"), _select_bprop)
spell(MAXIMUM, classes=("Maximum",), methods=("maximum",))


MINIMUM = primitive("minimum", np.minimum, binary_infer("Minimum"), _select_bprop)
spell(MINIMUM, classes=("Minimum",), methods=("minimum",))


def maximum(input: Any, other: Any) -> Tensor:
    """Elementwise maximum with broadcasting and dtype promotion (NaN propagates)."""
    return apply(MAXIMUM, *binary_operands("Maximum", input, other))


def minimum(input: Any, other: Any) -> Tensor:
    """Elementwise minimum with broadcasting and dtype promotion (NaN propagates)."""
    return apply(MINIMUM, *binary_operands("Minimum", input, other))


def _clamp_impl(x: np.ndarray, *bounds: np.ndarray, has_min: bool, has_max: bool) -> np.ndarray:
    if has_min:
        x = np.maximum(x, bounds[0])
    if has_max:
        x = np.minimum(x, bounds[-1])
    return x


def _clamp_infer(x: TensorSpec, *bounds: TensorSpec, has_min: bool,
                 has_max: bool) -> TensorSpec:
    shape = x.shape
    for b in bounds:
        if b.dtype is not x.dtype:
            same_dtype("Clamp", x, b)
        if b.shape != shape:
            shape = rules.broadcast_shapes("Clamp", shape, b.shape)
    return x if shape is x.shape else TensorSpec(shape, x.dtype)


def _clamp_bprop(x: Tensor, *rest: Tensor, has_min: bool, has_max: bool):
    *bounds, _, dout = rest
    if has_min and has_max:
        lo, hi = bounds
        in_hi = less_equal(maximum(x, lo), hi)
        gx = logical_and(in_hi, greater_equal(x, lo))
        masks = (gx, logical_and(in_hi, less(x, lo)), logical_not(in_hi))
    elif has_min:
        gx = greater_equal(x, bounds[0])
        masks = (gx, logical_not(gx))
    else:
        gx = less_equal(x, bounds[0])
        masks = (gx, logical_not(gx))
    return tuple(sum_to(mul(dout, mask_where(m, dout)), t.shape)
                 for m, t in zip(masks, (x, *bounds), strict=True))


CLAMP = primitive("clamp", _clamp_impl, _clamp_infer, _clamp_bprop)


def clamp_between(op: str, x: Any, lo: Any, hi: Any) -> Tensor:
    has_min, has_max = lo is not None, hi is not None
    if has_min:
        x, lo = binary_operands(op, x, lo)
        if has_max:
            x, hi = binary_operands(op, x, hi)
            if lo._data.dtype != x._data.dtype:  # `hi` widened x: bring lo along
                lo = cast(lo, x.dtype)
            return apply(CLAMP, x, lo, hi, has_min=True, has_max=True)
        return apply(CLAMP, x, lo, has_min=True, has_max=False)
    if has_max:
        x, hi = binary_operands(op, x, hi)
        return apply(CLAMP, x, hi, has_min=False, has_max=True)
    raise op_error(op, "at least one of 'min' or 'max' must not be None.")


def clamp(input: Any, min: Any = None, max: Any = None) -> Tensor:
    """`input` limited to [min, max]; either bound may be a number, a Tensor or None."""
    return clamp_between("Clamp", input, min, max)


def clip(input: Any, min: Any = None, max: Any = None) -> Tensor:
    """`ops.clip`: alias of `clamp`."""
    return clamp_between("Clamp", input, min, max)


def clip_by_value(x: Any, clip_value_min: Any = None, clip_value_max: Any = None) -> Tensor:
    """`x` limited to [clip_value_min, clip_value_max] (numbers, Tensors or None)."""
    return clamp_between("ClipByValue", x, clip_value_min, clip_value_max)


EQUAL = primitive("equal", np.equal, compare_infer("Equal"))
spell(EQUAL, classes=("Equal",), methods=("equal", "eq"))


NOT_EQUAL = primitive("not_equal", np.not_equal, compare_infer("NotEqual"))
spell(NOT_EQUAL, classes=("NotEqual",), methods=("not_equal", "ne"))


LESS = primitive("less", np.less, compare_infer("Less"))
spell(LESS, classes=("Less",), methods=("__lt__", "less", "lt"))


LESS_EQUAL = primitive("less_equal", np.less_equal, compare_infer("LessEqual"))
spell(LESS_EQUAL, classes=("LessEqual",), methods=("__le__", "less_equal", "le"))


GREATER = primitive("greater", np.greater, compare_infer("Greater"))
spell(GREATER, classes=("Greater",), methods=("__gt__", "greater", "gt"))


GREATER_EQUAL = primitive("greater_equal", np.greater_equal, compare_infer("GreaterEqual"))
spell(GREATER_EQUAL, classes=("GreaterEqual",), methods=("__ge__", "greater_equal", "ge"))


def equal(input: Any, other: Any) -> Tensor:
    """Elementwise `input == other` (Bool)."""
    return apply(EQUAL, *binary_operands("Equal", input, other))


def not_equal(input: Any, other: Any) -> Tensor:
    """Elementwise `input != other` (Bool)."""
    return apply(NOT_EQUAL, *binary_operands("NotEqual", input, other))


def ne(input: Any, other: Any) -> Tensor:
    """`ops.ne`: alias of `not_equal`."""
    return apply(NOT_EQUAL, *binary_operands("NotEqual", input, other))


def less(input: Any, other: Any) -> Tensor:
    """Elementwise `input < other` (Bool)."""
    return apply(LESS, *binary_operands("Less", input, other))


def lt(input: Any, other: Any) -> Tensor:
    """`ops.lt`: alias of `less`."""
    return apply(LESS, *binary_operands("Less", input, other))


def less_equal(input: Any, other: Any) -> Tensor:
    """Elementwise `input <= other` (Bool)."""
    return apply(LESS_EQUAL, *binary_operands("LessEqual", input, other))


def le(input: Any, other: Any) -> Tensor:
    """`ops.le`: alias of `less_equal`."""
    return apply(LESS_EQUAL, *binary_operands("LessEqual", input, other))


def greater(input: Any, other: Any) -> Tensor:
    """Elementwise `input > other` (Bool)."""
    return apply(GREATER, *binary_operands("Greater", input, other))


def gt(input: Any, other: Any) -> Tensor:
    """`ops.gt`: alias of `greater`."""
    return apply(GREATER, *binary_operands("Greater", input, other))


def greater_equal(input: Any, other: Any) -> Tensor:
    """Elementwise `input >= other` (Bool)."""
    return apply(GREATER_EQUAL, *binary_operands("GreaterEqual", input, other))


def ge(input: Any, other: Any) -> Tensor:
    """`ops.ge`: alias of `greater_equal`."""
    return apply(GREATER_EQUAL, *binary_operands("GreaterEqual", input, other))


LOGICAL_AND = primitive("logical_and", np.logical_and, logical_infer("LogicalAnd"))
spell(LOGICAL_AND, classes=("LogicalAnd",), methods=("logical_and",))


LOGICAL_OR = primitive("logical_or", np.logical_or, logical_infer("LogicalOr"))
spell(LOGICAL_OR, classes=("LogicalOr",), methods=("logical_or",))


LOGICAL_XOR = primitive("logical_xor", np.logical_xor, logical_infer("LogicalXor"))
spell(LOGICAL_XOR, classes=("LogicalXor",), methods=("logical_xor",))


LOGICAL_NOT = primitive("logical_not", np.logical_not, unary_infer("LogicalNot", bool_out=True))
spell(LOGICAL_NOT, classes=("LogicalNot",), methods=("logical_not",))


_BIT_KINDS = ("bool", "int", "uint")


BITWISE_AND = primitive("bitwise_and", np.bitwise_and,
                        kinds_infer("BitwiseAnd", _BIT_KINDS, "bool or int tensors"))
spell(BITWISE_AND, classes=("BitwiseAnd",), methods=("__and__", "bitwise_and"))


BITWISE_OR = primitive("bitwise_or", np.bitwise_or,
                       kinds_infer("BitwiseOr", _BIT_KINDS, "bool or int tensors"))
spell(BITWISE_OR, classes=("BitwiseOr",), methods=("__or__", "bitwise_or"))


BITWISE_XOR = primitive("bitwise_xor", np.bitwise_xor,
                        kinds_infer("BitwiseXor", _BIT_KINDS, "bool or int tensors"))
spell(BITWISE_XOR, classes=("BitwiseXor",), methods=("__xor__", "bitwise_xor"))


_INT_KINDS = ("int", "uint")


def _invert_infer(x: TensorSpec) -> TensorSpec:
    if x.dtype.kind not in _INT_KINDS:
        raise op_error("Invert", f"the input argument[x] must be an integer Tensor (Int8, Int16, "
                       f"Int32, Int64, UInt8, UInt16, UInt32 or UInt64), but got "
                       f"Tensor[{x.dtype}].", TypeError)
    return x


INVERT = primitive("invert", np.invert, _invert_infer)
spell(INVERT, classes=("Invert",), methods=("invert",))


ISNAN = primitive("isnan", np.isnan, unary_infer("IsNan", NUMERIC, "a number type",
                                                  bool_out=True))
spell(ISNAN, classes=("IsNan",), methods=("isnan",))


ISINF = primitive("isinf", np.isinf, unary_infer("IsInf", NUMERIC, "a number type",
                                                  bool_out=True))
spell(ISINF, classes=("IsInf",), methods=("isinf",))


ISFINITE = primitive("isfinite", np.isfinite, unary_infer("IsFinite", NUMERIC, "a number type",
                                                           bool_out=True))
spell(ISFINITE, classes=("IsFinite",), methods=("isfinite",))


def logical_and(input: Any, other: Any) -> Tensor:
    """Elementwise logical and (any dtypes; nonzero is True); Bool result."""
    return apply(LOGICAL_AND, to_tensor(input), to_tensor(other))


def logical_or(input: Any, other: Any) -> Tensor:
    """Elementwise logical or (any dtypes; nonzero is True); Bool result."""
    return apply(LOGICAL_OR, to_tensor(input), to_tensor(other))


def logical_xor(input: Any, other: Any) -> Tensor:
    """Elementwise logical exclusive or (any dtypes; nonzero is True); Bool result."""
    return apply(LOGICAL_XOR, to_tensor(input), to_tensor(other))


def logical_not(input: Any) -> Tensor:
    """Elementwise logical not (any dtype; nonzero is True); Bool result."""
    return apply(LOGICAL_NOT, to_tensor(input))


def bitwise_and(input: Any, other: Any) -> Tensor:
    """Elementwise `&` of bool or int Tensors."""
    return apply(BITWISE_AND, *binary_operands("BitwiseAnd", input, other))


def bitwise_or(input: Any, other: Any) -> Tensor:
    """Elementwise `|` of bool or int Tensors."""
    return apply(BITWISE_OR, *binary_operands("BitwiseOr", input, other))


def bitwise_xor(input: Any, other: Any) -> Tensor:
    """Elementwise `^` of bool or int Tensors."""
    return apply(BITWISE_XOR, *binary_operands("BitwiseXor", input, other))


def invert(input: Any) -> Tensor:
    """Elementwise bitwise not (`~`) of an integer Tensor."""
    return apply(INVERT, to_tensor(input))


def isnan(input: Any) -> Tensor:
    """Where `input` is NaN (Bool)."""
    return apply(ISNAN, to_tensor(input))


def isinf(input: Any) -> Tensor:
    """Where `input` is +/-inf (Bool)."""
    return apply(ISINF, to_tensor(input))


def isfinite(input: Any) -> Tensor:
    """Where `input` is neither NaN nor +/-inf (Bool)."""
    return apply(ISFINITE, to_tensor(input))


TENSOR_METHODS = {
}


install_spellings(globals())  # (the primitive classes and Tensor methods spelled above)
