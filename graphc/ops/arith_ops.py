"""Elementwise arithmetic (add, sub, mul, neg, division, modulo, pow) and unary functions, with the
infer rules they share. Binary ops promote their operands with `convert.binary_operands` before
the primitive runs, so `infer` sees one dtype.
"""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from . import infer_rules as rules
from .array_ops import cast, sum_to
from .catalog import install_spellings
from .convert import binary_operands, to_tensor
from .primitive import TensorSpec, apply, op_error, primitive, spell

_bool = mstype.bool_
_float32 = mstype.float32


def same_dtype(op: str, x: TensorSpec, y: TensorSpec) -> mstype.DType:
    if x.dtype is not y.dtype:
        raise op_error(op, f"both inputs must have the same dtype (callers promote them), but "
                       f"got {x.dtype} and {y.dtype}.", TypeError)
    return x.dtype


def binary_infer(op: str):
    def infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
        if x.dtype is not y.dtype:
            same_dtype(op, x, y)
        if x.shape == y.shape:
            return x
        return TensorSpec(rules.broadcast_shapes(op, x.shape, y.shape), x.dtype)
    return infer


def compare_infer(op: str):
    def infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
        if x.dtype is not y.dtype:
            same_dtype(op, x, y)
        shape = x.shape if x.shape == y.shape else rules.broadcast_shapes(op, x.shape, y.shape)
        return TensorSpec(shape, _bool)
    return infer


def kinds_infer(op: str, kinds: tuple[str, ...], what: str):
    """Elementwise binary op whose operands must be of one of `kinds`."""
    base = binary_infer(op)

    def infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
        out = base(x, y)
        if out.dtype.kind not in kinds:
            raise op_error(op, f"the inputs must be {what}, but got {x.dtype} and {y.dtype}.",
                           TypeError)
        return out
    return infer


def logical_infer(op: str):
    """Logical ops take any dtypes (nonzero is True) and give Bool."""
    def infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
        shape = x.shape if x.shape == y.shape else rules.broadcast_shapes(op, x.shape, y.shape)
        return TensorSpec(shape, _bool)
    return infer


def unary_infer(op: str, kinds: tuple[str, ...] | None = None, what: str = "",
                 float_out: bool = False, bool_out: bool = False):
    """Unary op: same shape; dtype kept, made float (ints and bools give Float32), or Bool."""
    def infer(x: TensorSpec) -> TensorSpec:
        dtype = x.dtype
        if kinds is not None and dtype.kind not in kinds:
            raise op_error(op, f"the dtype of 'input' must be {what}, but got {dtype}.",
                           TypeError)
        if bool_out:
            return TensorSpec(x.shape, _bool)
        if float_out and dtype.kind not in ("float", "complex"):
            return TensorSpec(x.shape, _float32)
        return x
    return infer


def mask_where(cond: Tensor, like: Tensor) -> Tensor:
    """A Bool Tensor as 0/1 in `like`'s dtype (masks carry no gradient: comparisons have none)."""
    return cast(cond, like.dtype)


def _add_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    return sum_to(dout, x.shape), sum_to(dout, y.shape)


def _sub_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    return sum_to(dout, x.shape), sum_to(neg(dout), y.shape)


def _mul_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    return sum_to(mul(dout, y), x.shape), sum_to(mul(dout, x), y.shape)


ADD = primitive("add", np.add, binary_infer("Add"), _add_bprop)
spell(ADD, classes=("Add",), methods=("__add__",))


SUB = primitive("sub", np.subtract, binary_infer("Sub"), _sub_bprop)
spell(SUB, classes=("Sub",), methods=("__sub__",))


MUL = primitive("mul", np.multiply, binary_infer("Mul"), _mul_bprop)
spell(MUL, classes=("Mul",), methods=("__mul__", "mul"))


NEG = primitive("neg", np.negative, unary_infer("Neg"), lambda x, out, dout: (neg(dout),))
spell(NEG, classes=("Neg",), methods=("__neg__", "neg", "negative"))


def add(input: Any, other: Any) -> Tensor:
    """`input + other` with broadcasting and dtype promotion."""
    return apply(ADD, *binary_operands("Add", input, other))


def sub(input: Any, other: Any) -> Tensor:
    """`input - other` with broadcasting and dtype promotion."""
    return apply(SUB, *binary_operands("Sub", input, other))


def mul(input: Any, other: Any) -> Tensor:
    """`input * other` with broadcasting and dtype promotion."""
    return apply(MUL, *binary_operands("Mul", input, other))


def neg(input: Any) -> Tensor:
    """`-input`."""
    return apply(NEG, to_tensor(input))


def negative(input: Any) -> Tensor:
    """`ops.negative`: alias of `neg`."""
    return apply(NEG, to_tensor(input))


def _div_infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
    if x.dtype is not y.dtype:
        same_dtype("Div", x, y)
    shape = x.shape if x.shape == y.shape else rules.broadcast_shapes("Div", x.shape, y.shape)
    dtype = x.dtype
    if dtype.kind in ("float", "complex"):
        return x if shape is x.shape else TensorSpec(shape, dtype)
    return TensorSpec(shape, _float32)  # true division of ints gives Float32, as MindSpore


def _div_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    dx = div(dout, y)
    return sum_to(dx, x.shape), sum_to(neg(mul(dx, out)), y.shape)


def _div_impl(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    out = np.true_divide(x, y)
    # int / int is Float32 in MindSpore (NumPy gives float64)
    return out.astype(np.float32) if x.dtype.kind in "biu" and out.dtype == np.float64 else out


DIV = primitive("div", _div_impl, _div_infer, _div_bprop)


def _no_grad2(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    return None, None


FLOOR_DIV = primitive("floor_div", np.floor_divide,
                      kinds_infer("FloorDiv", ("int", "uint", "float"), "int or float tensors"),
                      _no_grad2)
spell(FLOOR_DIV, classes=("FloorDiv",), methods=("__floordiv__", "floor_divide"))


def _floor_mod_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    # x mod y = x - floor(x / y) * y; floor(x / y) is piecewise constant.
    return sum_to(dout, x.shape), sum_to(neg(mul(dout, floor_div(x, y))), y.shape)


def _fmod_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    # fmod(x, y) = x - trunc(x / y) * y.
    return sum_to(dout, x.shape), sum_to(neg(mul(dout, trunc(div(x, y)))), y.shape)


_MOD_KINDS = ("int", "uint", "float")


FLOOR_MOD = primitive("floor_mod", np.mod, kinds_infer("FloorMod", _MOD_KINDS,
                                                        "int or float tensors"),
                      _floor_mod_bprop)
spell(FLOOR_MOD, classes=("FloorMod",), methods=("__mod__", "remainder"))


FMOD = primitive("fmod", np.fmod, kinds_infer("Mod", _MOD_KINDS, "int or float tensors"),
                 _fmod_bprop)
spell(FMOD, classes=("Mod",), methods=("fmod",))


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """`input / other`, true division (ints give Float32); `rounding_mode` 'floor' or 'trunc'
    rounds the quotient down or toward zero, keeping int operands int."""
    a, b = binary_operands("Div", input, other)
    if rounding_mode is None:
        return apply(DIV, a, b)
    if rounding_mode == "floor":
        return apply(FLOOR_DIV, a, b)
    if rounding_mode == "trunc":
        out = trunc(apply(DIV, a, b))
        dtype = a.dtype
        return out if dtype.kind in ("float", "complex") else cast(out, dtype)
    raise op_error("Div", f"'rounding_mode' must be None, 'floor' or 'trunc', but got "
                   f"{rounding_mode!r}.")


def true_divide(dividend: Any, divisor: Any) -> Tensor:
    """`ops.true_divide`: `dividend / divisor`."""
    return apply(DIV, *binary_operands("Div", dividend, divisor))


def divide(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """`ops.divide`: alias of `div`."""
    return div(input, other, rounding_mode=rounding_mode)


def real_div(x: Any, y: Any) -> Tensor:
    """`ops.RealDiv()(x, y)`: like div, but two int operands give an int (truncated) result."""
    a, b = binary_operands("RealDiv", x, y)
    out = apply(DIV, a, b)
    dtype = a.dtype
    return out if dtype.kind in ("float", "complex") else cast(out, dtype)


def floor_div(x: Any, y: Any) -> Tensor:
    """`x // y`: the quotient rounded down (no gradient)."""
    return apply(FLOOR_DIV, *binary_operands("FloorDiv", x, y))


def floor_divide(input: Any, other: Any) -> Tensor:
    """`ops.floor_divide`: alias of `floor_div`."""
    return apply(FLOOR_DIV, *binary_operands("FloorDiv", input, other))


def floor_mod(x: Any, y: Any) -> Tensor:
    """`x % y` with Python's sign rule: the result has the sign of `y`."""
    return apply(FLOOR_MOD, *binary_operands("FloorMod", x, y))


def remainder(input: Any, other: Any) -> Tensor:
    """`ops.remainder`: alias of `floor_mod`."""
    return apply(FLOOR_MOD, *binary_operands("FloorMod", input, other))


def fmod(input: Any, other: Any) -> Tensor:
    """C's remainder: the result has the sign of `input` (MindSpore's `ops.Mod`)."""
    return apply(FMOD, *binary_operands("Mod", input, other))


def _pow_impl(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    if x.dtype.kind in "iub" and y.dtype.kind in "iu" and (y < 0).any():
        # NumPy refuses negative integer powers of integers; MindSpore truncates the result.
        return np.trunc(np.power(x.astype(np.float64), y))
    return np.power(x, y)


def _positive_or_one(x: Tensor) -> Tensor:
    """`x` where it is > 0, else 1: keeps log() finite where d(x**y)/dy is taken to be 0."""
    from .compare_ops import greater  # (compare_ops builds on this module)
    pos = mask_where(greater(x, 0), x)
    return add(mul(x, pos), sub(1, pos))


def _pow_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    dx = mul(mul(dout, y), pow(x, sub(y, 1)))
    dy = mul(mul(dout, out), log(_positive_or_one(x)))
    return sum_to(dx, x.shape), sum_to(dy, y.shape)


POW = primitive("pow", _pow_impl, binary_infer("Pow"), _pow_bprop)
spell(POW, classes=("Pow",), methods=("__pow__", "pow"))


def _pow_scalar_impl(x: np.ndarray, *, exponent: int | float) -> np.ndarray:
    if exponent < 0 and type(exponent) is int and x.dtype.kind in "iu":
        return np.trunc(np.power(x.astype(np.float64), exponent)).astype(x.dtype)
    out = np.power(x, exponent)
    return out if out.dtype == x.dtype or x.dtype.kind == "b" else out.astype(x.dtype)


def _pow_scalar_infer(x: TensorSpec, *, exponent: int | float) -> TensorSpec:
    return x


def _pow_scalar_bprop(x: Tensor, out: Tensor, dout: Tensor, *, exponent: int | float):
    if exponent == 2:
        return (mul(dout, mul(x, 2)),)
    return (mul(dout, mul(apply(POW_SCALAR, x, exponent=exponent - 1), exponent)),)


POW_SCALAR = primitive("pow_scalar", _pow_scalar_impl, _pow_scalar_infer, _pow_scalar_bprop)


def pow(input: Any, exponent: Any) -> Tensor:
    """`input ** exponent` (either may be a Tensor or a number); both get gradients.
    The gradient with respect to the exponent is taken as 0 where `input <= 0`."""
    if type(exponent) in (int, float) and isinstance(input, Tensor) and \
            input._data.dtype != np.bool_:
        dtype = input.dtype
        target = mstype.promote_with_scalar(dtype, exponent)
        return apply(POW_SCALAR, input if target is dtype else cast(input, target),
                     exponent=exponent)
    return apply(POW, *binary_operands("Pow", input, exponent))


NUMERIC = ("bool", "int", "uint", "float", "complex")


_REAL = ("int", "uint", "float")


def _float_unary(fn):
    """A float function's kernel: ints and bools are computed in Float32."""
    def impl(x: np.ndarray) -> np.ndarray:
        if x.dtype.kind in "fc":
            return fn(x)
        return fn(x.astype(np.float32))
    impl.__name__ = f"{fn.__name__}_impl"
    return impl


def _no_grad1(x: Tensor, out: Tensor, dout: Tensor):
    return (None,)


def _abs_infer(x: TensorSpec) -> TensorSpec:
    if x.dtype.kind == "complex":
        return TensorSpec(x.shape, mstype.float32 if x.dtype.bits == 64 else mstype.float64)
    return x


ABS = primitive("abs", np.abs, _abs_infer, lambda x, out, dout: (mul(dout, sign(x)),))
spell(ABS, classes=("Abs",), methods=("__abs__", "abs", "absolute"))


EXP = primitive("exp", _float_unary(np.exp), unary_infer("Exp", float_out=True),
                lambda x, out, dout: (mul(dout, out),))
spell(EXP, classes=("Exp",), methods=("exp",))


LOG = primitive("log", _float_unary(np.log), unary_infer("Log", float_out=True),
                lambda x, out, dout: (div(dout, x),))
spell(LOG, classes=("Log",), methods=("log",))


SQRT = primitive("sqrt", _float_unary(np.sqrt), unary_infer("Sqrt", float_out=True),
                 lambda x, out, dout: (div(mul(dout, 0.5), out),))
spell(SQRT, classes=("Sqrt",), methods=("sqrt",))


def _rsqrt_impl(x: np.ndarray) -> np.ndarray:
    if x.dtype.kind not in "fc":
        x = x.astype(np.float32)
    return np.reciprocal(np.sqrt(x))


def _rsqrt_bprop(x: Tensor, out: Tensor, dout: Tensor):
    # d x^(-1/2) = -1/2 x^(-3/2) = -1/2 * out / x
    return (mul(dout, mul(div(out, x), -0.5)),)


RSQRT = primitive("rsqrt", _rsqrt_impl, unary_infer("Rsqrt", float_out=True), _rsqrt_bprop)
spell(RSQRT, classes=("Rsqrt",), methods=("rsqrt",))


SQUARE = primitive("square", np.square, unary_infer("Square", NUMERIC, "a number type"),
                   lambda x, out, dout: (mul(dout, mul(x, 2)),))
spell(SQUARE, classes=("Square",), methods=("square",))


def _reciprocal_impl(x: np.ndarray) -> np.ndarray:
    if x.dtype.kind not in "fc":
        x = x.astype(np.float32)
    return np.reciprocal(x)


RECIPROCAL = primitive("reciprocal", _reciprocal_impl, unary_infer("Reciprocal", float_out=True),
                       lambda x, out, dout: (neg(mul(dout, square(out))),))
spell(RECIPROCAL, classes=("Reciprocal",), methods=("reciprocal",))


def _sign_impl(x: np.ndarray) -> np.ndarray:
    return x.copy() if x.dtype.kind == "b" else np.sign(x)


def _rounding_impl(fn):
    """floor/ceil/trunc: integers are already whole, so they come back unchanged."""
    def impl(x: np.ndarray) -> np.ndarray:
        return fn(x) if x.dtype.kind == "f" else x
    impl.__name__ = f"{fn.__name__}_impl"
    return impl


def _round_impl(x: np.ndarray, *, decimals: int = 0) -> np.ndarray:
    if x.dtype.kind != "f":
        return x if decimals >= 0 else np.round(x, decimals)
    return np.round(x, decimals)  # halves go to the even neighbour, as MindSpore's Round


def _round_bprop(x: Tensor, out: Tensor, dout: Tensor, *, decimals: int = 0):
    return (None,)


SIGN = primitive("sign", _sign_impl, unary_infer("Sign", NUMERIC, "a number type"), _no_grad1)
spell(SIGN, classes=("Sign",), methods=("sign",))


FLOOR = primitive("floor", _rounding_impl(np.floor),
                  unary_infer("Floor", _REAL, "int or float"), _no_grad1)
spell(FLOOR, classes=("Floor",), methods=("floor",))


CEIL = primitive("ceil", _rounding_impl(np.ceil),
                 unary_infer("Ceil", _REAL, "int or float"), _no_grad1)
spell(CEIL, classes=("Ceil",), methods=("ceil",))


TRUNC = primitive("trunc", _rounding_impl(np.trunc),
                  unary_infer("Trunc", _REAL, "int or float"), _no_grad1)
spell(TRUNC, classes=("Trunc",), methods=("trunc",))


def _round_infer(x: TensorSpec, *, decimals: int = 0) -> TensorSpec:
    if x.dtype.kind not in _REAL:
        raise op_error("Round", f"the dtype of 'input' must be int or float, but got {x.dtype}.",
                       TypeError)
    return x


ROUND = primitive("round", _round_impl, _round_infer, _round_bprop)
spell(ROUND, classes=("Round",))


SIN = primitive("sin", _float_unary(np.sin), unary_infer("Sin", float_out=True),
                lambda x, out, dout: (mul(dout, cos(x)),))
spell(SIN, classes=("Sin",), methods=("sin",))


COS = primitive("cos", _float_unary(np.cos), unary_infer("Cos", float_out=True),
                lambda x, out, dout: (neg(mul(dout, sin(x))),))
spell(COS, classes=("Cos",), methods=("cos",))


TANH = primitive("tanh", _float_unary(np.tanh), unary_infer("Tanh", float_out=True),
                 lambda x, out, dout: (mul(dout, sub(1, square(out))),))
spell(TANH, classes=("Tanh",), methods=("tanh",))


_scipy_erf: Any = None


def _erf_kernel(x: np.ndarray) -> np.ndarray:
    global _scipy_erf
    if _scipy_erf is None:  # scipy.special takes a third of a second to import: only on use
        from scipy.special import erf as _scipy_erf
    out = _scipy_erf(x)
    return out if out.dtype == x.dtype else out.astype(x.dtype)  # (Float16 comes back wider)


_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


ERF = primitive("erf", _float_unary(_erf_kernel),
                unary_infer("Erf", ("bool", "int", "uint", "float"), "a real number type",
                             float_out=True),
                lambda x, out, dout: (mul(dout, mul(exp(neg(square(x))), _TWO_OVER_SQRT_PI)),))
spell(ERF, classes=("Erf",), methods=("erf",))


def abs(input: Any) -> Tensor:
    """`|input|` (the gradient at 0 is 0)."""
    return apply(ABS, to_tensor(input))


def absolute(input: Any) -> Tensor:
    """`ops.absolute`: alias of `abs`."""
    return apply(ABS, to_tensor(input))


def exp(input: Any) -> Tensor:
    """`e ** input` (ints give Float32)."""
    return apply(EXP, to_tensor(input))


def log(input: Any) -> Tensor:
    """Natural logarithm (ints give Float32)."""
    return apply(LOG, to_tensor(input))


def sqrt(x: Any) -> Tensor:
    """Square root (ints give Float32)."""
    return apply(SQRT, to_tensor(x))


def rsqrt(input: Any) -> Tensor:
    """`1 / sqrt(input)` (ints give Float32)."""
    return apply(RSQRT, to_tensor(input))


def square(input: Any) -> Tensor:
    """`input * input`, keeping the dtype."""
    return apply(SQUARE, to_tensor(input))


def reciprocal(input: Any) -> Tensor:
    """`1 / input` (ints give Float32)."""
    return apply(RECIPROCAL, to_tensor(input))


def sign(input: Any) -> Tensor:
    """-1, 0 or 1 by the sign of each element (no gradient)."""
    return apply(SIGN, to_tensor(input))


def floor(input: Any) -> Tensor:
    """Round down (no gradient)."""
    return apply(FLOOR, to_tensor(input))


def ceil(input: Any) -> Tensor:
    """Round up (no gradient)."""
    return apply(CEIL, to_tensor(input))


def trunc(input: Any) -> Tensor:
    """Round toward zero (no gradient)."""
    return apply(TRUNC, to_tensor(input))


def round(input: Any, *, decimals: int = 0) -> Tensor:
    """Round half to even, to `decimals` places (no gradient)."""
    if decimals:
        return apply(ROUND, to_tensor(input), decimals=operator.index(decimals))
    return apply(ROUND, to_tensor(input))


def sin(input: Any) -> Tensor:
    """Sine (ints give Float32)."""
    return apply(SIN, to_tensor(input))


def cos(input: Any) -> Tensor:
    """Cosine (ints give Float32)."""
    return apply(COS, to_tensor(input))


def tanh(input: Any) -> Tensor:
    """Hyperbolic tangent (ints give Float32)."""
    return apply(TANH, to_tensor(input))


def erf(input: Any) -> Tensor:
    """The Gauss error function (ints give Float32)."""
    return apply(ERF, to_tensor(input))


def _tensor_multiply(input: Any, value: Any) -> Tensor:
    """`x.multiply(value)` (MindSpore's parameter name): `x * value`."""
    return mul(input, value)


TENSOR_METHODS = {
    "__truediv__": true_divide,
    "multiply": _tensor_multiply,
    "true_divide": true_divide,
}


install_spellings(globals())  # (the primitive classes and Tensor methods spelled above)
