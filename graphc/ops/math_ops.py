"""Math primitives: elementwise arithmetic, unary functions, comparisons, logic, reductions,
matrix products.

Each primitive keeps impl, infer and bprop together (see `primitive.py`); below each come its
functional spellings (`ops.add`) and primitive classes (`ops.Add()`). Binary ops promote their
operands with `convert.binary_operands` before the primitive runs, so `infer` sees one dtype.

Several MindSpore names shadow Python builtins here (`abs`, `round`, `pow`, `sum`, `max`, `min`,
`all`, `any`), as they do in `mindspore.ops`; code in this module reaches the builtins through
`builtins.` only.

Functional wrappers also run while a graph is built, on `GraphTensor`s (Tensors whose `_data` is
only shape and dtype, with dimensions possibly None): they read shapes and dtypes, never values.
"""

from __future__ import annotations

import builtins
import math
import operator
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from . import infer_rules as rules
from .array_ops import broadcast_to, cast, reshape, sum_to
from .convert import binary_operands, to_tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive

_bool = mstype.bool_
_float32 = mstype.float32


# ---------------------------------------------------------------------------- shared infer rules
#
# Lean versions of `infer_rules.elementwise`/`compare` for two operands: the same-shape case
# (by far the most common) returns without looping or allocating.


def _same_dtype(op: str, x: TensorSpec, y: TensorSpec) -> mstype.DType:
    if x.dtype is not y.dtype:
        raise op_error(op, f"both inputs must have the same dtype (callers promote them), but "
                       f"got {x.dtype} and {y.dtype}.", TypeError)
    return x.dtype


def _binary_infer(op: str):
    def infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
        if x.dtype is not y.dtype:
            _same_dtype(op, x, y)
        if x.shape == y.shape:
            return x
        return TensorSpec(rules.broadcast_shapes(op, x.shape, y.shape), x.dtype)
    return infer


def _compare_infer(op: str):
    def infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
        if x.dtype is not y.dtype:
            _same_dtype(op, x, y)
        shape = x.shape if x.shape == y.shape else rules.broadcast_shapes(op, x.shape, y.shape)
        return TensorSpec(shape, _bool)
    return infer


def _kinds_infer(op: str, kinds: tuple[str, ...], what: str):
    """Elementwise binary op whose operands must be of one of `kinds`."""
    base = _binary_infer(op)

    def infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
        out = base(x, y)
        if out.dtype.kind not in kinds:
            raise op_error(op, f"the inputs must be {what}, but got {x.dtype} and {y.dtype}.",
                           TypeError)
        return out
    return infer


def _logical_infer(op: str):
    """Logical ops take any dtypes (nonzero is True) and give Bool."""
    def infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
        shape = x.shape if x.shape == y.shape else rules.broadcast_shapes(op, x.shape, y.shape)
        return TensorSpec(shape, _bool)
    return infer


def _float_result_of(dtype: mstype.DType) -> mstype.DType:
    return dtype if dtype.kind in ("float", "complex") else _float32


def _unary_infer(op: str, kinds: tuple[str, ...] | None = None, what: str = "",
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


def _mask(cond: Tensor, like: Tensor) -> Tensor:
    """A Bool Tensor as 0/1 in `like`'s dtype (masks carry no gradient: comparisons have none)."""
    return cast(cond, like.dtype)


# ---------------------------------------------------------------------------- add, sub, mul, neg


def _add_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    return sum_to(dout, x.shape), sum_to(dout, y.shape)


def _sub_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    return sum_to(dout, x.shape), sum_to(neg(dout), y.shape)


def _mul_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    return sum_to(mul(dout, y), x.shape), sum_to(mul(dout, x), y.shape)


ADD = primitive("add", np.add, _binary_infer("Add"), _add_bprop)
SUB = primitive("sub", np.subtract, _binary_infer("Sub"), _sub_bprop)
MUL = primitive("mul", np.multiply, _binary_infer("Mul"), _mul_bprop)
NEG = primitive("neg", np.negative, _unary_infer("Neg"), lambda x, out, dout: (neg(dout),))


def add(x: Any, y: Any) -> Tensor:
    """`x + y` with broadcasting and dtype promotion."""
    return apply(ADD, *binary_operands("Add", x, y))


def sub(x: Any, y: Any) -> Tensor:
    """`x - y` with broadcasting and dtype promotion."""
    return apply(SUB, *binary_operands("Sub", x, y))


def mul(x: Any, y: Any) -> Tensor:
    """`x * y` with broadcasting and dtype promotion."""
    return apply(MUL, *binary_operands("Mul", x, y))


def neg(x: Any) -> Tensor:
    """`-x`."""
    return apply(NEG, to_tensor(x))


def negative(input: Any) -> Tensor:
    """`ops.negative`: alias of `neg`."""
    return apply(NEG, to_tensor(input))


# ---------------------------------------------------------------------------- division, modulo


def _div_infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
    if x.dtype is not y.dtype:
        _same_dtype("Div", x, y)
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
                      _kinds_infer("FloorDiv", ("int", "uint", "float"), "int or float tensors"),
                      _no_grad2)


def _floor_mod_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    # x mod y = x - floor(x / y) * y; floor(x / y) is piecewise constant.
    return sum_to(dout, x.shape), sum_to(neg(mul(dout, floor_div(x, y))), y.shape)


def _fmod_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    # fmod(x, y) = x - trunc(x / y) * y.
    return sum_to(dout, x.shape), sum_to(neg(mul(dout, trunc(div(x, y)))), y.shape)


_MOD_KINDS = ("int", "uint", "float")
FLOOR_MOD = primitive("floor_mod", np.mod, _kinds_infer("FloorMod", _MOD_KINDS,
                                                        "int or float tensors"),
                      _floor_mod_bprop)
FMOD = primitive("fmod", np.fmod, _kinds_infer("Mod", _MOD_KINDS, "int or float tensors"),
                 _fmod_bprop)


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


def _real_div(x: Any, y: Any) -> Tensor:
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


# ---------------------------------------------------------------------------- pow


def _pow_impl(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    if x.dtype.kind in "iub" and y.dtype.kind in "iu" and (y < 0).any():
        # NumPy refuses negative integer powers of integers; MindSpore truncates the result.
        return np.trunc(np.power(x.astype(np.float64), y))
    return np.power(x, y)


def _positive_or_one(x: Tensor) -> Tensor:
    """`x` where it is > 0, else 1: keeps log() finite where d(x**y)/dy is taken to be 0."""
    pos = _mask(greater(x, 0), x)
    return add(mul(x, pos), sub(1, pos))


def _pow_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    dx = mul(mul(dout, y), pow(x, sub(y, 1)))
    dy = mul(mul(dout, out), log(_positive_or_one(x)))
    return sum_to(dx, x.shape), sum_to(dy, y.shape)


POW = primitive("pow", _pow_impl, _binary_infer("Pow"), _pow_bprop)


# A Python-number exponent is a constant nobody differentiates: it becomes an attribute, which
# spares the backward pass the exponent's gradient (a log and a full reduction) of `x ** 2`.


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


# ---------------------------------------------------------------------------- unary functions

_NUMERIC = ("bool", "int", "uint", "float", "complex")
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
EXP = primitive("exp", _float_unary(np.exp), _unary_infer("Exp", float_out=True),
                lambda x, out, dout: (mul(dout, out),))
LOG = primitive("log", _float_unary(np.log), _unary_infer("Log", float_out=True),
                lambda x, out, dout: (div(dout, x),))
SQRT = primitive("sqrt", _float_unary(np.sqrt), _unary_infer("Sqrt", float_out=True),
                 lambda x, out, dout: (div(mul(dout, 0.5), out),))


def _rsqrt_impl(x: np.ndarray) -> np.ndarray:
    if x.dtype.kind not in "fc":
        x = x.astype(np.float32)
    return np.reciprocal(np.sqrt(x))


def _rsqrt_bprop(x: Tensor, out: Tensor, dout: Tensor):
    # d x^(-1/2) = -1/2 x^(-3/2) = -1/2 * out / x
    return (mul(dout, mul(div(out, x), -0.5)),)


RSQRT = primitive("rsqrt", _rsqrt_impl, _unary_infer("Rsqrt", float_out=True), _rsqrt_bprop)
SQUARE = primitive("square", np.square, _unary_infer("Square", _NUMERIC, "a number type"),
                   lambda x, out, dout: (mul(dout, mul(x, 2)),))


def _reciprocal_impl(x: np.ndarray) -> np.ndarray:
    if x.dtype.kind not in "fc":
        x = x.astype(np.float32)
    return np.reciprocal(x)


RECIPROCAL = primitive("reciprocal", _reciprocal_impl, _unary_infer("Reciprocal", float_out=True),
                       lambda x, out, dout: (neg(mul(dout, square(out))),))


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


SIGN = primitive("sign", _sign_impl, _unary_infer("Sign", _NUMERIC, "a number type"), _no_grad1)
FLOOR = primitive("floor", _rounding_impl(np.floor),
                  _unary_infer("Floor", _REAL, "int or float"), _no_grad1)
CEIL = primitive("ceil", _rounding_impl(np.ceil),
                 _unary_infer("Ceil", _REAL, "int or float"), _no_grad1)
TRUNC = primitive("trunc", _rounding_impl(np.trunc),
                  _unary_infer("Trunc", _REAL, "int or float"), _no_grad1)


def _round_infer(x: TensorSpec, *, decimals: int = 0) -> TensorSpec:
    if x.dtype.kind not in _REAL:
        raise op_error("Round", f"the dtype of 'input' must be int or float, but got {x.dtype}.",
                       TypeError)
    return x


ROUND = primitive("round", _round_impl, _round_infer, _round_bprop)
SIN = primitive("sin", _float_unary(np.sin), _unary_infer("Sin", float_out=True),
                lambda x, out, dout: (mul(dout, cos(x)),))
COS = primitive("cos", _float_unary(np.cos), _unary_infer("Cos", float_out=True),
                lambda x, out, dout: (neg(mul(dout, sin(x))),))
TANH = primitive("tanh", _float_unary(np.tanh), _unary_infer("Tanh", float_out=True),
                 lambda x, out, dout: (mul(dout, sub(1, square(out))),))

_scipy_erf: Any = None


def _erf_kernel(x: np.ndarray) -> np.ndarray:
    global _scipy_erf
    if _scipy_erf is None:  # scipy.special takes a third of a second to import: only on use
        from scipy.special import erf as _scipy_erf
    return _scipy_erf(x)


_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
ERF = primitive("erf", _float_unary(_erf_kernel),
                _unary_infer("Erf", ("bool", "int", "uint", "float"), "a real number type",
                             float_out=True),
                lambda x, out, dout: (mul(dout, mul(exp(neg(square(x))), _TWO_OVER_SQRT_PI)),))


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


# ---------------------------------------------------------------------------- maximum, minimum


def _select_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    """Gradient of maximum/minimum: to the input that was selected; where both are equal, each
    gets half (as MindSpore)."""
    mx = _mask(equal(x, out), dout)
    my = _mask(equal(y, out), dout)
    share = div(dout, add(mx, my))
    return sum_to(mul(share, mx), x.shape), sum_to(mul(share, my), y.shape)


MAXIMUM = primitive("maximum", np.maximum, _binary_infer("Maximum"), _select_bprop)
MINIMUM = primitive("minimum", np.minimum, _binary_infer("Minimum"), _select_bprop)


def maximum(input: Any, other: Any) -> Tensor:
    """Elementwise maximum with broadcasting and dtype promotion (NaN propagates)."""
    return apply(MAXIMUM, *binary_operands("Maximum", input, other))


def minimum(input: Any, other: Any) -> Tensor:
    """Elementwise minimum with broadcasting and dtype promotion (NaN propagates)."""
    return apply(MINIMUM, *binary_operands("Minimum", input, other))


# ---------------------------------------------------------------------------- clamp
#
# One primitive with a variable number of inputs: (x, min), (x, max) or (x, min, max), as the
# attributes `has_min`/`has_max` say. It computes min(max(x, lo), hi), as MindSpore does (so
# lo > hi gives hi everywhere). Gradients: to x where lo <= x <= hi (bounds included), to the
# bound that was selected elsewhere.


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
            _same_dtype("Clamp", x, b)
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
    return tuple(sum_to(mul(dout, _mask(m, dout)), t.shape)
                 for m, t in zip(masks, (x, *bounds), strict=True))


CLAMP = primitive("clamp", _clamp_impl, _clamp_infer, _clamp_bprop)


def _clamp(op: str, x: Any, lo: Any, hi: Any) -> Tensor:
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
    return _clamp("Clamp", input, min, max)


def clip(input: Any, min: Any = None, max: Any = None) -> Tensor:
    """`ops.clip`: alias of `clamp`."""
    return _clamp("Clamp", input, min, max)


def clip_by_value(x: Any, clip_value_min: Any = None, clip_value_max: Any = None) -> Tensor:
    """`x` limited to [clip_value_min, clip_value_max] (numbers, Tensors or None)."""
    return _clamp("ClipByValue", x, clip_value_min, clip_value_max)


# ---------------------------------------------------------------------------- comparisons


EQUAL = primitive("equal", np.equal, _compare_infer("Equal"))
NOT_EQUAL = primitive("not_equal", np.not_equal, _compare_infer("NotEqual"))
LESS = primitive("less", np.less, _compare_infer("Less"))
LESS_EQUAL = primitive("less_equal", np.less_equal, _compare_infer("LessEqual"))
GREATER = primitive("greater", np.greater, _compare_infer("Greater"))
GREATER_EQUAL = primitive("greater_equal", np.greater_equal, _compare_infer("GreaterEqual"))


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


# ---------------------------------------------------------------------------- logic, bits, checks


LOGICAL_AND = primitive("logical_and", np.logical_and, _logical_infer("LogicalAnd"))
LOGICAL_OR = primitive("logical_or", np.logical_or, _logical_infer("LogicalOr"))
LOGICAL_XOR = primitive("logical_xor", np.logical_xor, _logical_infer("LogicalXor"))
LOGICAL_NOT = primitive("logical_not", np.logical_not, _unary_infer("LogicalNot", bool_out=True))

_BIT_KINDS = ("bool", "int", "uint")
BITWISE_AND = primitive("bitwise_and", np.bitwise_and,
                        _kinds_infer("BitwiseAnd", _BIT_KINDS, "bool or int tensors"))
BITWISE_OR = primitive("bitwise_or", np.bitwise_or,
                       _kinds_infer("BitwiseOr", _BIT_KINDS, "bool or int tensors"))
BITWISE_XOR = primitive("bitwise_xor", np.bitwise_xor,
                        _kinds_infer("BitwiseXor", _BIT_KINDS, "bool or int tensors"))

ISNAN = primitive("isnan", np.isnan, _unary_infer("IsNan", _NUMERIC, "a number type",
                                                  bool_out=True))
ISINF = primitive("isinf", np.isinf, _unary_infer("IsInf", _NUMERIC, "a number type",
                                                  bool_out=True))
ISFINITE = primitive("isfinite", np.isfinite, _unary_infer("IsFinite", _NUMERIC, "a number type",
                                                           bool_out=True))


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


def isnan(input: Any) -> Tensor:
    """Where `input` is NaN (Bool)."""
    return apply(ISNAN, to_tensor(input))


def isinf(input: Any) -> Tensor:
    """Where `input` is +/-inf (Bool)."""
    return apply(ISINF, to_tensor(input))


def isfinite(input: Any) -> Tensor:
    """Where `input` is neither NaN nor +/-inf (Bool)."""
    return apply(ISFINITE, to_tensor(input))


# ---------------------------------------------------------------------------- reductions
#
# Attributes: `axis` is None (all axes), an int or a tuple of ints (wrappers turn () and [] into
# None and lists into tuples), `keep_dims` a bool. Gradients of max/min go to every position
# holding the extreme value, split evenly between ties (as MindSpore's ReduceMax).


def _axis_attr(op: str, axis: Any) -> Any:
    """`axis` as an attribute: None, an int or a non-empty tuple of ints."""
    if axis is None or type(axis) is int:
        return axis
    if isinstance(axis, (tuple, list)):
        if not axis:
            return None
        try:
            return tuple(operator.index(a) for a in axis)
        except TypeError:
            pass
    elif isinstance(axis, Tensor):
        return _axis_attr(op, axis.asnumpy().tolist())
    elif isinstance(axis, np.integer):
        return int(axis)
    raise op_error(op, f"'axis' must be None, an int or a tuple of ints, but got {axis!r}.",
                   TypeError)


def _reduce_infer(op: str, out_dtype: mstype.DType | None = None, extreme: bool = False):
    def infer(x: TensorSpec, *, axis: Any = None, keep_dims: bool = False,
              initial: Any = None) -> TensorSpec:
        if extreme and initial is None and 0 in x.shape:
            _check_nonempty(op, x, axis)
        if axis is None:
            shape = (1,) * x.ndim if keep_dims else ()
        elif type(axis) is int:  # the common case, without building a set of axes
            a = rules.normalize_axis(op, axis, x.ndim)
            shape = x.shape
            if shape:
                shape = shape[:a] + (1,) + shape[a + 1:] if keep_dims else \
                    shape[:a] + shape[a + 1:]
        else:
            shape = rules.reduce_shape(x.shape, rules.normalize_axes(op, axis, x.ndim), keep_dims)
        return TensorSpec(shape, out_dtype or x.dtype)
    return infer


def _check_nonempty(op: str, x: TensorSpec, axis: Any) -> None:
    axes = range(x.ndim) if axis is None else rules.normalize_axes(op, axis, x.ndim)
    if builtins.any(x.shape[a] == 0 for a in axes):
        raise op_error(op, f"cannot reduce over an empty axis: the input has shape "
                       f"{list(x.shape)} and axis is {axis}. Give 'initial' for empty inputs.")


def _reducer(reduce):
    """A reduction kernel from a ufunc's `reduce` (NumPy's `np.sum` etc. add a slow wrapper)."""
    def impl(x: np.ndarray, *, axis: Any = None, keep_dims: bool = False,
             initial: Any = None) -> np.ndarray:
        if not x.ndim:
            axis = None
        if initial is None:
            out = reduce(x, axis=axis, keepdims=keep_dims)
        else:
            out = reduce(x, axis=axis, keepdims=keep_dims, initial=initial)
        # NumPy widens small ints (and bools) while summing; graphc keeps MindSpore's dtype.
        if x.dtype.kind in "iu" and out.dtype.kind in "iu" and out.dtype != x.dtype:
            out = out.astype(x.dtype)
        elif x.dtype.kind == "b" and out.dtype.kind != "b":
            out = out.astype(np.int32)
        return out
    return impl


def _reduced_axes(x: Tensor, axis: Any) -> tuple[int, ...]:
    ndim = x.ndim
    if axis is None:
        return tuple(range(ndim))
    return rules.normalize_axes("Reduce", axis, ndim)


def _keep_shape(x: Tensor, axes: tuple[int, ...]) -> tuple[int, ...]:
    """`x`'s shape with `axes` as 1 (an unknown dimension, in graph mode, as -1)."""
    return tuple(1 if i in axes else -1 if d is None else d for i, d in enumerate(x.shape))


def _expand(t: Tensor, x: Tensor, axes: tuple[int, ...], keep_dims: bool) -> Tensor:
    """A reduction's output (or its gradient) with the reduced axes back as size-1 dims."""
    return t if keep_dims else reshape(t, _keep_shape(x, axes))


def _reduce_sum_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: Any = None,
                      keep_dims: bool = False):
    axes = _reduced_axes(x, axis)
    return (broadcast_to(_expand(dout, x, axes, keep_dims), x.shape),)


def _count(x: Tensor, axes: tuple[int, ...]) -> Any:
    """How many elements one reduction over `axes` sees: an int, or a Tensor when a reduced
    dimension is unknown until run time."""
    dims = [x.shape[i] for i in axes]
    if None not in dims:
        return math.prod(dims)
    return reduce_sum(cast(_ones_of(x), _float32), axes, keep_dims=True)


def _ones_of(x: Tensor) -> Tensor:
    from .array_ops import ones_like
    return ones_like(x)


def _reduce_mean_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: Any = None,
                       keep_dims: bool = False):
    axes = _reduced_axes(x, axis)
    g = broadcast_to(_expand(dout, x, axes, keep_dims), x.shape)
    n = _count(x, axes)
    return (div(g, n) if isinstance(n, Tensor) else mul(g, 1.0 / builtins.max(n, 1)),)


def _reduce_extreme_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: Any = None,
                          keep_dims: bool = False, initial: Any = None):
    axes = _reduced_axes(x, axis)
    hit = _mask(equal(x, _expand(out, x, axes, keep_dims)), dout)
    share = div(_expand(dout, x, axes, keep_dims), reduce_sum(hit, axes, keep_dims=True))
    return (mul(hit, share),)


def _reduce_prod_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: Any = None,
                       keep_dims: bool = False):
    # d prod / d x_i = prod / x_i: exact for nonzero inputs (a zero input gives inf/nan).
    axes = _reduced_axes(x, axis)
    g = mul(_expand(dout, x, axes, keep_dims), _expand(out, x, axes, keep_dims))
    return (div(g, x),)


def _mean_impl(x: np.ndarray, *, axis: Any = None, keep_dims: bool = False) -> np.ndarray:
    total = np.add.reduce(x, axis=axis if x.ndim else None, keepdims=keep_dims)
    size = np.size(total)
    out = np.true_divide(total, x.size // size if size else 1)
    # Ints keep their dtype, truncated toward zero as MindSpore's ReduceMean (-1.5 -> -1).
    return out if x.dtype.kind in "fc" else np.trunc(out).astype(
        x.dtype if x.dtype.kind != "b" else np.int32)


REDUCE_SUM = primitive("reduce_sum", _reducer(np.add.reduce), _reduce_infer("ReduceSum"),
                       _reduce_sum_bprop)
REDUCE_MEAN = primitive("reduce_mean", _mean_impl, _reduce_infer("ReduceMean"),
                        _reduce_mean_bprop)
REDUCE_MAX = primitive("reduce_max", _reducer(np.maximum.reduce),
                       _reduce_infer("ReduceMax", extreme=True), _reduce_extreme_bprop)
REDUCE_MIN = primitive("reduce_min", _reducer(np.minimum.reduce),
                       _reduce_infer("ReduceMin", extreme=True), _reduce_extreme_bprop)
REDUCE_PROD = primitive("reduce_prod", _reducer(np.multiply.reduce),
                        _reduce_infer("ReduceProd"), _reduce_prod_bprop)
REDUCE_ALL = primitive("reduce_all", _reducer(np.logical_and.reduce),
                       _reduce_infer("ReduceAll", _bool))
REDUCE_ANY = primitive("reduce_any", _reducer(np.logical_or.reduce),
                       _reduce_infer("ReduceAny", _bool))


def reduce_sum(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Sum over `axis` (an int, a tuple, or ()/None for all axes), keeping the dtype."""
    return apply(REDUCE_SUM, to_tensor(x), axis=_axis_attr("ReduceSum", axis),
                 keep_dims=bool(keep_dims))


def reduce_mean(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Mean over `axis`; int inputs keep their dtype (the mean truncated toward zero)."""
    return apply(REDUCE_MEAN, to_tensor(x), axis=_axis_attr("ReduceMean", axis),
                 keep_dims=bool(keep_dims))


def reduce_max(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Maximum over `axis`."""
    return apply(REDUCE_MAX, to_tensor(x), axis=_axis_attr("ReduceMax", axis),
                 keep_dims=bool(keep_dims))


def reduce_min(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Minimum over `axis`."""
    return apply(REDUCE_MIN, to_tensor(x), axis=_axis_attr("ReduceMin", axis),
                 keep_dims=bool(keep_dims))


def reduce_prod(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Product over `axis`, keeping the dtype."""
    return apply(REDUCE_PROD, to_tensor(x), axis=_axis_attr("ReduceProd", axis),
                 keep_dims=bool(keep_dims))


def reduce_all(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Whether all elements over `axis` are nonzero (Bool)."""
    return apply(REDUCE_ALL, to_tensor(x), axis=_axis_attr("ReduceAll", axis),
                 keep_dims=bool(keep_dims))


def reduce_any(x: Any, axis: Any = (), keep_dims: bool = False) -> Tensor:
    """Whether any element over `axis` is nonzero (Bool)."""
    return apply(REDUCE_ANY, to_tensor(x), axis=_axis_attr("ReduceAny", axis),
                 keep_dims=bool(keep_dims))


def sum(input: Any, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """`ops.sum`: sum over `dim` (None = all). Ints keep their dtype; a Bool input counts its
    True elements as Int64; `dtype` converts the input first."""
    x = to_tensor(input)
    if dtype is not None:
        x = cast(x, dtype)
    elif x._data.dtype == np.bool_:
        x = cast(x, mstype.int64)
    return apply(REDUCE_SUM, x, axis=_axis_attr("ReduceSum", dim), keep_dims=bool(keepdim))


def mean(input: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """`ops.mean`: mean over `axis` (None = all)."""
    return apply(REDUCE_MEAN, to_tensor(input), axis=_axis_attr("ReduceMean", axis),
                 keep_dims=bool(keep_dims))


def prod(input: Any, axis: Any = None, keep_dims: bool = False, *, dtype: Any = None) -> Tensor:
    """`ops.prod`: product over `axis` (None = all)."""
    x = to_tensor(input)
    if dtype is not None:
        x = cast(x, dtype)
    return apply(REDUCE_PROD, x, axis=_axis_attr("ReduceProd", axis), keep_dims=bool(keep_dims))


def all(input: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """`ops.all`: whether all elements over `axis` (None = all) are nonzero."""
    return apply(REDUCE_ALL, to_tensor(input), axis=_axis_attr("ReduceAll", axis),
                 keep_dims=bool(keep_dims))


def any(input: Any, axis: Any = None, keep_dims: bool = False) -> Tensor:
    """`ops.any`: whether any element over `axis` (None = all) is nonzero."""
    return apply(REDUCE_ANY, to_tensor(input), axis=_axis_attr("ReduceAny", axis),
                 keep_dims=bool(keep_dims))


def _check_where(op: str, where: Any) -> None:
    if where is not None and where is not True:
        raise op_error(op, "the 'where' argument is not supported by graphc yet; mask the input "
                       "first (e.g. with a large negative fill for max).", NotImplementedError)


def _extreme_attrs(op: str, axis: Any, keepdims: Any, initial: Any, where: Any) -> dict:
    _check_where(op, where)
    attrs = {"axis": _axis_attr(op, axis), "keep_dims": bool(keepdims)}
    if initial is not None:
        if isinstance(initial, Tensor):
            initial = initial.item()
        attrs["initial"] = initial
    return attrs


def amax(input: Any, axis: Any = None, keepdims: bool = False, *, initial: Any = None,
         where: Any = None) -> Tensor:
    """`ops.amax`: maximum over `axis` (None = all); `initial` is a lower bound."""
    return apply(REDUCE_MAX, to_tensor(input),
                 **_extreme_attrs("ReduceMax", axis, keepdims, initial, where))


def amin(input: Any, axis: Any = None, keepdims: bool = False, *, initial: Any = None,
         where: Any = None) -> Tensor:
    """`ops.amin`: minimum over `axis` (None = all); `initial` is an upper bound."""
    return apply(REDUCE_MIN, to_tensor(input),
                 **_extreme_attrs("ReduceMin", axis, keepdims, initial, where))


def _extreme_with_index(prim: Any, arg: Any, op: str, input: Any, axis: Any, keepdims: bool,
                        initial: Any, where: Any) -> tuple[Tensor, Tensor]:
    x = to_tensor(input)
    values = apply(prim, x, **_extreme_attrs(op, axis, keepdims, initial, where))
    if axis is None:  # MindSpore's index is fixed at 0 when reducing everything
        from .array_ops import zeros_like
        return values, cast(zeros_like(values), mstype.int64)
    return values, apply(arg, x, axis=rules.normalize_axis(op, axis, x.ndim),
                         keep_dims=bool(keepdims), output_type=mstype.int64)


def max(input: Any, axis: Any = None, keepdims: bool = False, *, initial: Any = None,
        where: Any = None) -> tuple[Tensor, Tensor]:
    """`ops.max`: (maximum values, their Int64 indices) over one `axis`; with axis None the
    maximum of everything and index 0, as MindSpore."""
    return _extreme_with_index(REDUCE_MAX, ARGMAX, "ReduceMax", input, axis, keepdims, initial,
                               where)


def min(input: Any, axis: Any = None, keepdims: bool = False, *, initial: Any = None,
        where: Any = None) -> tuple[Tensor, Tensor]:
    """`ops.min`: (minimum values, their Int64 indices) over one `axis`; with axis None the
    minimum of everything and index 0, as MindSpore."""
    return _extreme_with_index(REDUCE_MIN, ARGMIN, "ReduceMin", input, axis, keepdims, initial,
                               where)


# ---------------------------------------------------------------------------- argmax, argmin


def _arg_infer(op: str):
    def infer(x: TensorSpec, *, axis: int | None = None, keep_dims: bool = False,
              output_type: mstype.DType = mstype.int32) -> TensorSpec:
        if x.dtype.kind == "complex":
            raise op_error(op, f"the input must be a real number type, but got {x.dtype}.",
                           TypeError)
        if output_type is not mstype.int32 and output_type is not mstype.int64:
            raise op_error(op, f"'output_type' must be Int32 or Int64, but got {output_type}.",
                           TypeError)
        if axis is None or x.ndim == 0:
            if axis is not None:
                rules.normalize_axis(op, axis, 0)
            return TensorSpec((1,) * x.ndim if keep_dims else (), output_type)
        a = rules.normalize_axis(op, axis, x.ndim)
        if x.shape[a] == 0:
            raise op_error(op, f"cannot take the {op[3:].lower()} over an empty axis {axis} of "
                           f"shape {list(x.shape)}.")
        return TensorSpec(rules.reduce_shape(x.shape, (a,), keep_dims), output_type)
    return infer


def _arg_impl(fn):
    def impl(x: np.ndarray, *, axis: int | None = None, keep_dims: bool = False,
             output_type: mstype.DType = mstype.int32) -> np.ndarray:
        if x.ndim == 0:
            return np.zeros((), output_type.np_dtype)
        return fn(x, axis=axis, keepdims=keep_dims).astype(output_type.np_dtype, copy=False)
    impl.__name__ = f"{fn.__name__}_impl"
    return impl


ARGMAX = primitive("argmax", _arg_impl(np.argmax), _arg_infer("Argmax"))
ARGMIN = primitive("argmin", _arg_impl(np.argmin), _arg_infer("Argmin"))


def _arg(prim: Any, x: Any, axis: Any, keep_dims: bool, output_type: mstype.DType) -> Tensor:
    x = to_tensor(x)
    if axis is None:
        keep_dims = False  # MindSpore ignores keepdim when reducing everything
    elif type(axis) is not int:
        axis = operator.index(axis)
    return apply(prim, x, axis=axis, keep_dims=bool(keep_dims), output_type=output_type)


def argmax(input: Any, dim: Any = None, keepdim: bool = False) -> Tensor:
    """`ops.argmax`: Int64 index of the first maximum along `dim` (None: of the flattened
    input)."""
    return _arg(ARGMAX, input, dim, keepdim, mstype.int64)


def argmin(input: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """`ops.argmin`: Int32 index of the first minimum along `axis` (None: of the flattened
    input), as MindSpore."""
    return _arg(ARGMIN, input, axis, keepdims, mstype.int32)


# ---------------------------------------------------------------------------- matmul
#
# One primitive with NumPy's matmul semantics (1-D operands, batch broadcasting), optionally
# transposing the last two dimensions of either operand. Its bprop uses the same primitive with
# transpose flags, so no transpose op is needed.


def _matmul_infer(a: TensorSpec, b: TensorSpec, *, transpose_a: bool = False,
                  transpose_b: bool = False) -> TensorSpec:
    op = "MatMul"
    if a.dtype is not b.dtype:
        _same_dtype(op, a, b)
    sa, sb = a.shape, b.shape
    if not sa or not sb:
        raise op_error(op, f"the inputs must have at least 1 dimension, but got shapes "
                       f"{list(sa)} and {list(sb)}.")
    if len(sa) == 2 and len(sb) == 2 and not transpose_a and not transpose_b:
        ka, kb = sa[1], sb[0]
        if ka != kb and ka is not None and kb is not None:
            raise _inner_error(sa, sb, ka, kb, transpose_a, transpose_b)
        return TensorSpec((sa[0], sb[1]), a.dtype)
    if transpose_a and len(sa) > 1:
        sa = sa[:-2] + (sa[-1], sa[-2])
    if transpose_b and len(sb) > 1:
        sb = sb[:-2] + (sb[-1], sb[-2])
    ka = sa[-1]
    kb = sb[0] if len(sb) == 1 else sb[-2]
    if ka != kb and ka is not None and kb is not None:
        raise _inner_error(a.shape, b.shape, ka, kb, transpose_a, transpose_b)
    batch_a, batch_b = sa[:-2], sb[:-2]
    if batch_a and batch_b:
        batch = rules.broadcast_shapes(op, batch_a, batch_b)
    else:
        batch = batch_a or batch_b
    shape = batch + ((sa[-2],) if len(sa) > 1 else ()) + ((sb[-1],) if len(sb) > 1 else ())
    return TensorSpec(shape, a.dtype)


def _inner_error(sa: tuple, sb: tuple, ka: Any, kb: Any, ta: bool, tb: bool) -> ValueError:
    flags = []
    if ta:
        flags.append("transpose_a")
    if tb:
        flags.append("transpose_b")
    how = f" (with {' and '.join(flags)})" if flags else ""
    return op_error("MatMul", f"the inner dimensions of the operands must match, but got shapes "
                    f"{list(sa)} and {list(sb)}{how}: {ka} != {kb}.")


def _matmul_impl(a: np.ndarray, b: np.ndarray, *, transpose_a: bool = False,
                 transpose_b: bool = False) -> np.ndarray:
    if transpose_a and a.ndim > 1:
        a = np.swapaxes(a, -1, -2)
    if transpose_b and b.ndim > 1:
        b = np.swapaxes(b, -1, -2)
    return np.matmul(a, b)


def _mm(a: Tensor, b: Tensor, ta: bool = False, tb: bool = False) -> Tensor:
    if ta or tb:
        return apply(MATMUL, a, b, transpose_a=ta, transpose_b=tb)
    return apply(MATMUL, a, b)


def _matmul_bprop(a: Tensor, b: Tensor, out: Tensor, dout: Tensor, *,
                  transpose_a: bool = False, transpose_b: bool = False):
    a_vec, b_vec = a.ndim == 1, b.ndim == 1
    a2 = reshape(a, (1, -1)) if a_vec else a
    b2 = reshape(b, (-1, 1)) if b_vec else b
    if a_vec or b_vec:  # put the dropped matrix dimensions back into the gradient
        shape = [-1 if d is None else d for d in dout.shape]
        if b_vec:
            shape.append(1)
        if a_vec:
            shape.insert(len(shape) - 1, 1)
        dout = reshape(dout, tuple(shape))
    ta, tb = transpose_a and not a_vec, transpose_b and not b_vec
    if not ta and not tb:    # C = A B
        da, db = _mm(dout, b2, tb=True), _mm(a2, dout, ta=True)
    elif ta and not tb:      # C = A^T B
        da, db = _mm(b2, dout, tb=True), _mm(a2, dout)
    elif tb and not ta:      # C = A B^T
        da, db = _mm(dout, b2), _mm(dout, a2, ta=True)
    else:                    # C = A^T B^T
        da, db = _mm(b2, dout, ta=True, tb=True), _mm(dout, a2, ta=True, tb=True)
    da, db = sum_to(da, a2.shape), sum_to(db, b2.shape)
    if a_vec:
        da = reshape(da, a.shape)
    if b_vec:
        db = reshape(db, b.shape)
    return da, db


MATMUL = primitive("matmul", _matmul_impl, _matmul_infer, _matmul_bprop)


def matmul(input: Any, other: Any) -> Tensor:
    """Matrix product with NumPy's semantics: 1-D operands are vectors, leading (batch)
    dimensions broadcast. Mixed dtypes are promoted."""
    return apply(MATMUL, *binary_operands("MatMul", input, other))


def _batch_matmul(op: str, x: Any, y: Any, transpose_a: bool, transpose_b: bool) -> Tensor:
    a, b = binary_operands(op, x, y)
    if transpose_a or transpose_b:
        return apply(MATMUL, a, b, transpose_a=bool(transpose_a), transpose_b=bool(transpose_b))
    return apply(MATMUL, a, b)


def bmm(input_x: Any, mat2: Any) -> Tensor:
    """Batched matrix product (batch dimensions broadcast)."""
    return _batch_matmul("BatchMatMul", input_x, mat2, False, False)


def batch_matmul(x: Any, y: Any, transpose_a: bool = False, transpose_b: bool = False) -> Tensor:
    """Batched matrix product, optionally transposing the last two dims of either operand."""
    return _batch_matmul("BatchMatMul", x, y, transpose_a, transpose_b)


def _matmul_2d(x: Any, y: Any, transpose_a: bool = False, transpose_b: bool = False) -> Tensor:
    """`ops.MatMul(transpose_a, transpose_b)(x, y)`: both operands must be 2-D."""
    a, b = binary_operands("MatMul", x, y)
    if a.ndim != 2 or b.ndim != 2:
        raise op_error("MatMul", f"the inputs must be 2-D, but got shapes {list(a.shape)} and "
                       f"{list(b.shape)}. Use ops.matmul or ops.BatchMatMul for other ranks.")
    if transpose_a or transpose_b:
        return apply(MATMUL, a, b, transpose_a=bool(transpose_a), transpose_b=bool(transpose_b))
    return apply(MATMUL, a, b)


# ---------------------------------------------------------------------------- addn, cumsum


def _addn_impl(*xs: np.ndarray) -> np.ndarray:
    out = xs[0]
    for x in xs[1:]:
        out = out + x
    return out


def _addn_infer(*xs: TensorSpec) -> TensorSpec:
    op = "AddN"
    if not xs:
        raise op_error(op, "the input must be a non-empty tuple or list of Tensors.")
    first = xs[0]
    for x in xs[1:]:
        if x.dtype is not first.dtype:
            raise op_error(op, "all inputs must have the same dtype, but got "
                           f"{', '.join(str(s.dtype) for s in xs)}.", TypeError)
        if x.shape != first.shape and (len(x.shape) != len(first.shape) or builtins.any(
                p != q and p is not None and q is not None for p, q in zip(x.shape, first.shape))):
            raise op_error(op, "all inputs must have the same shape, but got "
                           f"{', '.join(str(list(s.shape)) for s in xs)}.")
    return first


def _addn_bprop(*args: Tensor):
    dout = args[-1]
    return (dout,) * (len(args) - 2)


ADDN = primitive("addn", _addn_impl, _addn_infer, _addn_bprop)


def addn(x: Any) -> Tensor:
    """The sum of a tuple or list of Tensors of one shape and dtype."""
    if isinstance(x, Tensor):
        return x
    if not isinstance(x, (tuple, list)):
        raise op_error("AddN", f"the input must be a tuple or list of Tensors, but got "
                       f"{type(x).__name__}.", TypeError)
    return apply(ADDN, *[to_tensor(t) for t in x])


def _cumsum_infer(x: TensorSpec, *, axis: int, exclusive: bool = False,
                  reverse: bool = False) -> TensorSpec:
    if x.dtype.kind not in ("int", "uint", "float", "complex"):
        raise op_error("CumSum", f"the dtype of 'x' must be a number type, but got {x.dtype}.",
                       TypeError)
    rules.normalize_axis("CumSum", axis, x.ndim)
    return x


def _cumsum_impl(x: np.ndarray, *, axis: int, exclusive: bool = False,
                 reverse: bool = False) -> np.ndarray:
    if x.ndim == 0:
        return np.zeros_like(x) if exclusive else x.copy()
    if reverse:
        x = np.flip(x, axis)
    out = np.cumsum(x, axis=axis, dtype=x.dtype)
    if exclusive:
        shifted = np.zeros_like(out)
        dst = [slice(None)] * x.ndim
        src = [slice(None)] * x.ndim
        dst[axis], src[axis] = slice(1, None), slice(None, -1)
        shifted[tuple(dst)] = out[tuple(src)]
        out = shifted
    return np.flip(out, axis) if reverse else out


def _cumsum_bprop(x: Tensor, out: Tensor, dout: Tensor, *, axis: int, exclusive: bool = False,
                  reverse: bool = False):
    return (apply(CUMSUM, dout, axis=axis, exclusive=exclusive, reverse=not reverse),)


CUMSUM = primitive("cumsum", _cumsum_impl, _cumsum_infer, _cumsum_bprop)


def cumsum(x: Any, axis: int, dtype: Any = None) -> Tensor:
    """Running sum along `axis`; `dtype` converts the input first."""
    x = to_tensor(x)
    if dtype is not None:
        x = cast(x, dtype)
    return apply(CUMSUM, x, axis=axis if type(axis) is int else operator.index(axis))


# ---------------------------------------------------------------------------- primitive classes


class Add(PrimitiveOp):
    """`ops.Add()(x, y)`."""

    fn = staticmethod(add)


class Sub(PrimitiveOp):
    """`ops.Sub()(x, y)`."""

    fn = staticmethod(sub)


class Mul(PrimitiveOp):
    """`ops.Mul()(x, y)`."""

    fn = staticmethod(mul)


class Neg(PrimitiveOp):
    """`ops.Neg()(x)`."""

    fn = staticmethod(neg)


class Div(PrimitiveOp):
    """`ops.Div()(x, y)`: true division (ints give Float32)."""

    fn = staticmethod(true_divide)


class RealDiv(PrimitiveOp):
    """`ops.RealDiv()(x, y)`: division; two int operands give a truncated int."""

    fn = staticmethod(_real_div)


class FloorDiv(PrimitiveOp):
    """`ops.FloorDiv()(x, y)`."""

    fn = staticmethod(floor_div)


class FloorMod(PrimitiveOp):
    """`ops.FloorMod()(x, y)`: remainder with the sign of `y`."""

    fn = staticmethod(floor_mod)


class Mod(PrimitiveOp):
    """`ops.Mod()(x, y)`: remainder with the sign of `x` (C's fmod)."""

    fn = staticmethod(fmod)


class Pow(PrimitiveOp):
    """`ops.Pow()(x, y)`."""

    fn = staticmethod(pow)


class Abs(PrimitiveOp):
    """`ops.Abs()(x)`."""

    fn = staticmethod(abs)


class Exp(PrimitiveOp):
    """`ops.Exp()(x)`."""

    fn = staticmethod(exp)


class Log(PrimitiveOp):
    """`ops.Log()(x)`."""

    fn = staticmethod(log)


class Sqrt(PrimitiveOp):
    """`ops.Sqrt()(x)`."""

    fn = staticmethod(sqrt)


class Rsqrt(PrimitiveOp):
    """`ops.Rsqrt()(x)`."""

    fn = staticmethod(rsqrt)


class Square(PrimitiveOp):
    """`ops.Square()(x)`."""

    fn = staticmethod(square)


class Reciprocal(PrimitiveOp):
    """`ops.Reciprocal()(x)`."""

    fn = staticmethod(reciprocal)


class Sign(PrimitiveOp):
    """`ops.Sign()(x)`."""

    fn = staticmethod(sign)


class Floor(PrimitiveOp):
    """`ops.Floor()(x)`."""

    fn = staticmethod(floor)


class Ceil(PrimitiveOp):
    """`ops.Ceil()(x)`."""

    fn = staticmethod(ceil)


class Trunc(PrimitiveOp):
    """`ops.Trunc()(x)`."""

    fn = staticmethod(trunc)


class Round(PrimitiveOp):
    """`ops.Round()(x)`."""

    fn = staticmethod(round)


class Sin(PrimitiveOp):
    """`ops.Sin()(x)`."""

    fn = staticmethod(sin)


class Cos(PrimitiveOp):
    """`ops.Cos()(x)`."""

    fn = staticmethod(cos)


class Tanh(PrimitiveOp):
    """`ops.Tanh()(x)`."""

    fn = staticmethod(tanh)


class Erf(PrimitiveOp):
    """`ops.Erf()(x)`."""

    fn = staticmethod(erf)


class Maximum(PrimitiveOp):
    """`ops.Maximum()(x, y)`."""

    fn = staticmethod(maximum)


class Minimum(PrimitiveOp):
    """`ops.Minimum()(x, y)`."""

    fn = staticmethod(minimum)


class Equal(PrimitiveOp):
    """`ops.Equal()(x, y)`."""

    fn = staticmethod(equal)


class NotEqual(PrimitiveOp):
    """`ops.NotEqual()(x, y)`."""

    fn = staticmethod(not_equal)


class Less(PrimitiveOp):
    """`ops.Less()(x, y)`."""

    fn = staticmethod(less)


class LessEqual(PrimitiveOp):
    """`ops.LessEqual()(x, y)`."""

    fn = staticmethod(less_equal)


class Greater(PrimitiveOp):
    """`ops.Greater()(x, y)`."""

    fn = staticmethod(greater)


class GreaterEqual(PrimitiveOp):
    """`ops.GreaterEqual()(x, y)`."""

    fn = staticmethod(greater_equal)


class LogicalAnd(PrimitiveOp):
    """`ops.LogicalAnd()(x, y)`."""

    fn = staticmethod(logical_and)


class LogicalOr(PrimitiveOp):
    """`ops.LogicalOr()(x, y)`."""

    fn = staticmethod(logical_or)


class LogicalXor(PrimitiveOp):
    """`ops.LogicalXor()(x, y)`."""

    fn = staticmethod(logical_xor)


class LogicalNot(PrimitiveOp):
    """`ops.LogicalNot()(x)`."""

    fn = staticmethod(logical_not)


class BitwiseAnd(PrimitiveOp):
    """`ops.BitwiseAnd()(x, y)`."""

    fn = staticmethod(bitwise_and)


class BitwiseOr(PrimitiveOp):
    """`ops.BitwiseOr()(x, y)`."""

    fn = staticmethod(bitwise_or)


class BitwiseXor(PrimitiveOp):
    """`ops.BitwiseXor()(x, y)`."""

    fn = staticmethod(bitwise_xor)


class IsNan(PrimitiveOp):
    """`ops.IsNan()(x)`."""

    fn = staticmethod(isnan)


class IsInf(PrimitiveOp):
    """`ops.IsInf()(x)`."""

    fn = staticmethod(isinf)


class IsFinite(PrimitiveOp):
    """`ops.IsFinite()(x)`."""

    fn = staticmethod(isfinite)


class _Reduce(PrimitiveOp):
    """`ops.ReduceXxx(keep_dims=False)(x, axis=())`."""

    def __init__(self, keep_dims: bool = False) -> None:
        if not isinstance(keep_dims, bool):
            raise TypeError(f"For '{type(self).__name__}', 'keep_dims' must be a bool, but got "
                            f"{keep_dims!r}.")
        super().__init__(keep_dims=keep_dims)


class ReduceSum(_Reduce):
    """`ops.ReduceSum(keep_dims=False)(x, axis=())`."""

    fn = staticmethod(reduce_sum)


class ReduceMean(_Reduce):
    """`ops.ReduceMean(keep_dims=False)(x, axis=())`."""

    fn = staticmethod(reduce_mean)


class ReduceMax(_Reduce):
    """`ops.ReduceMax(keep_dims=False)(x, axis=())`."""

    fn = staticmethod(reduce_max)


class ReduceMin(_Reduce):
    """`ops.ReduceMin(keep_dims=False)(x, axis=())`."""

    fn = staticmethod(reduce_min)


class ReduceProd(_Reduce):
    """`ops.ReduceProd(keep_dims=False)(x, axis=())`."""

    fn = staticmethod(reduce_prod)


class ReduceAll(_Reduce):
    """`ops.ReduceAll(keep_dims=False)(x, axis=())`."""

    fn = staticmethod(reduce_all)


class ReduceAny(_Reduce):
    """`ops.ReduceAny(keep_dims=False)(x, axis=())`."""

    fn = staticmethod(reduce_any)


class _ArgReduce(PrimitiveOp):
    """`ops.Argmax(axis=-1, output_type=mstype.int32)(x)`."""

    _prim: Any

    def __init__(self, axis: int = -1, output_type: Any = mstype.int32) -> None:
        output_type = mstype.to_dtype(output_type)
        if output_type is not mstype.int32 and output_type is not mstype.int64:
            raise TypeError(f"For '{type(self).__name__}', 'output_type' must be Int32 or "
                            f"Int64, but got {output_type}.")
        super().__init__(axis=operator.index(axis), output_type=output_type)

    def __call__(self, x: Any) -> Tensor:
        return apply(type(self)._prim, to_tensor(x), **self._attrs)


class Argmax(_ArgReduce):
    """`ops.Argmax(axis=-1, output_type=mstype.int32)(x)`: index of the first maximum."""

    _prim = ARGMAX


class Argmin(_ArgReduce):
    """`ops.Argmin(axis=-1, output_type=mstype.int32)(x)`: index of the first minimum."""

    _prim = ARGMIN


class MatMul(PrimitiveOp):
    """`ops.MatMul(transpose_a=False, transpose_b=False)(x, y)` on 2-D operands."""

    def __init__(self, transpose_a: bool = False, transpose_b: bool = False) -> None:
        super().__init__(transpose_a=bool(transpose_a), transpose_b=bool(transpose_b))

    fn = staticmethod(_matmul_2d)


class BatchMatMul(PrimitiveOp):
    """`ops.BatchMatMul(transpose_a=False, transpose_b=False)(x, y)`."""

    def __init__(self, transpose_a: bool = False, transpose_b: bool = False) -> None:
        super().__init__(transpose_a=bool(transpose_a), transpose_b=bool(transpose_b))

    fn = staticmethod(batch_matmul)


class AddN(PrimitiveOp):
    """`ops.AddN()(tensors)`."""

    fn = staticmethod(addn)


class CumSum(PrimitiveOp):
    """`ops.CumSum(exclusive=False, reverse=False)(x, axis)`."""

    def __init__(self, exclusive: bool = False, reverse: bool = False) -> None:
        super().__init__(exclusive=bool(exclusive), reverse=bool(reverse))

    def __call__(self, x: Any, axis: Any) -> Tensor:
        return apply(CUMSUM, to_tensor(x), axis=operator.index(axis), **self._attrs)


# ---------------------------------------------------------------------------- Tensor methods


def _reflected(fn):
    def method(self: Tensor, other: Any) -> Tensor:
        return fn(other, self)
    method.__name__ = f"reflected_{fn.__name__}"
    return method


def _comparable(other: Any) -> bool:
    return isinstance(other, (Tensor, bool, int, float, complex, np.ndarray, np.generic)) or \
        hasattr(other, "__graphc_tensor__")


def _tensor_eq(self: Tensor, other: Any) -> Any:
    """`t == other`: elementwise for Tensors, numbers and arrays; anything else (None, a list,
    a string) compares by identity as Python objects do, giving False."""
    if _comparable(other):
        return apply(EQUAL, *binary_operands("Equal", self, other))
    return NotImplemented


def _tensor_ne(self: Tensor, other: Any) -> Any:
    """`t != other`: see `__eq__`; with None and other non-numbers it is True."""
    if _comparable(other):
        return apply(NOT_EQUAL, *binary_operands("NotEqual", self, other))
    return NotImplemented


def _tensor_pos(self: Tensor) -> Tensor:
    return self


def _tensor_invert(self: Tensor) -> Tensor:
    """`~t`: logical not, as MindSpore (for Bool Tensors; other dtypes are tested for nonzero)."""
    return apply(LOGICAL_NOT, self)


def _dim_alias(axis: Any, dim: Any) -> Any:
    return axis if dim is None else dim


def _tensor_sum(self: Tensor, axis: Any = None, dtype: Any = None, keepdims: Any = False,
                initial: Any = None, *, dim: Any = None, keepdim: Any = None) -> Tensor:
    """`Tensor.sum(axis=None, dtype=None, keepdims=False, initial=None)`; also the 2.6+
    spelling `sum(dim=None, keepdim=False, *, dtype=None)`. Bool sums count as Int32."""
    if isinstance(dtype, bool):  # sum(dim, keepdim) positionally
        keepdims, dtype = dtype, None
    if keepdim is not None:
        keepdims = keepdim
    x = self
    if x._data.dtype == np.bool_:
        x = cast(x, mstype.int32)
    out = apply(REDUCE_SUM, x, axis=_axis_attr("ReduceSum", _dim_alias(axis, dim)),
                keep_dims=bool(keepdims))
    if initial is not None:
        out = add(out, initial)
    return out if dtype is None else cast(out, dtype)


def _tensor_mean(self: Tensor, axis: Any = None, keep_dims: Any = False, *, dim: Any = None,
                 keepdim: Any = None, dtype: Any = None) -> Tensor:
    """`Tensor.mean(axis=None, keep_dims=False)` (also `dim=`, `keepdim=`, `dtype=`)."""
    x = self if dtype is None else cast(self, dtype)
    return apply(REDUCE_MEAN, x, axis=_axis_attr("ReduceMean", _dim_alias(axis, dim)),
                 keep_dims=bool(keep_dims if keepdim is None else keepdim))


def _tensor_prod(self: Tensor, axis: Any = None, keep_dims: Any = False, dtype: Any = None, *,
                 dim: Any = None, keepdim: Any = None) -> Tensor:
    """`Tensor.prod(axis=None, keep_dims=False, dtype=None)` (also `dim=`, `keepdim=`)."""
    return prod(self, _dim_alias(axis, dim), keep_dims if keepdim is None else keepdim,
                dtype=dtype)


def _tensor_all(self: Tensor, axis: Any = None, keep_dims: Any = False, *, dim: Any = None,
                keepdim: Any = None) -> Tensor:
    """`Tensor.all(axis=None, keep_dims=False)`."""
    return apply(REDUCE_ALL, self, axis=_axis_attr("ReduceAll", _dim_alias(axis, dim)),
                 keep_dims=bool(keep_dims if keepdim is None else keepdim))


def _tensor_any(self: Tensor, axis: Any = None, keep_dims: Any = False, *, dim: Any = None,
                keepdim: Any = None) -> Tensor:
    """`Tensor.any(axis=None, keep_dims=False)`."""
    return apply(REDUCE_ANY, self, axis=_axis_attr("ReduceAny", _dim_alias(axis, dim)),
                 keep_dims=bool(keep_dims if keepdim is None else keepdim))


def _tensor_extreme(prim: Any, arg: Any, op: str):
    def method(self: Tensor, axis: Any = None, keepdims: Any = False, *, initial: Any = None,
               where: Any = True, return_indices: bool = False, dim: Any = None,
               keepdim: Any = None) -> Any:
        axis = _dim_alias(axis, dim)
        keepdims = keepdims if keepdim is None else keepdim
        if return_indices:
            return _extreme_with_index(prim, arg, op, self, axis, keepdims, initial, where)
        return apply(prim, self, **_extreme_attrs(op, axis, keepdims, initial, where))
    method.__doc__ = (f"`Tensor.{op[6:].lower()}(axis=None, keepdims=False, *, initial=None, "
                      "where=True, return_indices=False)`.")
    return method


def _tensor_argmax(self: Tensor, axis: Any = None, keepdims: bool = False, *, dim: Any = None,
                   keepdim: Any = None) -> Tensor:
    """`Tensor.argmax(axis=None, keepdims=False)`: Int64 indices."""
    return _arg(ARGMAX, self, _dim_alias(axis, dim), keepdims if keepdim is None else keepdim,
                mstype.int64)


def _tensor_argmin(self: Tensor, axis: Any = None, keepdims: bool = False, *, dim: Any = None,
                   keepdim: Any = None) -> Tensor:
    """`Tensor.argmin(axis=None, keepdims=False)`: Int32 indices, as MindSpore."""
    return _arg(ARGMIN, self, _dim_alias(axis, dim), keepdims if keepdim is None else keepdim,
                mstype.int32)


def _tensor_clip(self: Tensor, xmin: Any = None, xmax: Any = None, dtype: Any = None, *,
                 min: Any = None, max: Any = None) -> Tensor:
    """`Tensor.clip(xmin, xmax, dtype=None)` (also `min=`, `max=`)."""
    out = _clamp("Clamp", self, min if xmin is None else xmin, max if xmax is None else xmax)
    return out if dtype is None else cast(out, dtype)


def _tensor_clamp(self: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """`Tensor.clamp(min=None, max=None)`."""
    return _clamp("Clamp", self, min, max)


def _tensor_cumsum(self: Tensor, axis: Any = None, dtype: Any = None, *,
                   dim: Any = None) -> Tensor:
    """`Tensor.cumsum(axis=None, dtype=None)`: None runs over the flattened Tensor."""
    axis = _dim_alias(axis, dim)
    x = self if dtype is None else cast(self, dtype)
    if axis is None:
        x = reshape(x, (-1,))
        axis = 0
    return apply(CUMSUM, x, axis=operator.index(axis))


def _tensor_round(self: Tensor, decimals: int = 0) -> Tensor:
    """`Tensor.round(decimals=0)`."""
    return round(self, decimals=decimals)


def _tensor_sub(self: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
    """`Tensor.sub(other, *, alpha=1)`: `self - alpha * other`."""
    return sub(self, other if alpha == 1 else mul(other, alpha))


def _tensor_add(self: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
    """`Tensor.add(other, *, alpha=1)`: `self + alpha * other`."""
    return add(self, other if alpha == 1 else mul(other, alpha))


def _tensor_div(self: Tensor, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """`Tensor.div(other, *, rounding_mode=None)`."""
    return div(self, other, rounding_mode=rounding_mode)


TENSOR_METHODS = {
    # operators
    "__add__": add, "__radd__": _reflected(add),
    "__sub__": sub, "__rsub__": _reflected(sub),
    "__mul__": mul, "__rmul__": _reflected(mul),
    "__truediv__": true_divide, "__rtruediv__": _reflected(true_divide),
    "__floordiv__": floor_div, "__rfloordiv__": _reflected(floor_div),
    "__mod__": floor_mod, "__rmod__": _reflected(floor_mod),
    "__pow__": pow, "__rpow__": _reflected(pow),
    "__matmul__": matmul, "__rmatmul__": _reflected(matmul),
    "__and__": bitwise_and, "__rand__": _reflected(bitwise_and),
    "__or__": bitwise_or, "__ror__": _reflected(bitwise_or),
    "__xor__": bitwise_xor, "__rxor__": _reflected(bitwise_xor),
    "__neg__": neg, "__pos__": _tensor_pos, "__abs__": abs, "__invert__": _tensor_invert,
    "__eq__": _tensor_eq, "__ne__": _tensor_ne,
    "__lt__": less, "__le__": less_equal, "__gt__": greater, "__ge__": greater_equal,
    # arithmetic
    "add": _tensor_add, "sub": _tensor_sub, "subtract": _tensor_sub, "mul": mul,
    "multiply": mul, "div": _tensor_div, "divide": _tensor_div, "true_divide": true_divide,
    "floor_divide": floor_div, "remainder": floor_mod, "fmod": fmod, "pow": pow,
    "neg": neg, "negative": neg, "abs": abs, "absolute": abs,
    "exp": exp, "log": log, "sqrt": sqrt, "rsqrt": rsqrt, "square": square,
    "reciprocal": reciprocal, "sign": sign, "floor": floor, "ceil": ceil, "trunc": trunc,
    "round": _tensor_round, "sin": sin, "cos": cos, "tanh": tanh, "erf": erf,
    "maximum": maximum, "minimum": minimum, "clip": _tensor_clip, "clamp": _tensor_clamp,
    # comparison and logic
    "equal": equal, "eq": equal, "not_equal": not_equal, "ne": not_equal,
    "less": less, "lt": less, "less_equal": less_equal, "le": less_equal,
    "greater": greater, "gt": greater, "greater_equal": greater_equal, "ge": greater_equal,
    "logical_and": logical_and, "logical_or": logical_or, "logical_xor": logical_xor,
    "logical_not": logical_not, "bitwise_and": bitwise_and, "bitwise_or": bitwise_or,
    "bitwise_xor": bitwise_xor, "isnan": isnan, "isinf": isinf, "isfinite": isfinite,
    # reductions, products, scans
    "sum": _tensor_sum, "mean": _tensor_mean, "prod": _tensor_prod,
    "max": _tensor_extreme(REDUCE_MAX, ARGMAX, "ReduceMax"),
    "min": _tensor_extreme(REDUCE_MIN, ARGMIN, "ReduceMin"),
    "amax": amax, "amin": amin, "all": _tensor_all, "any": _tensor_any,
    "argmax": _tensor_argmax, "argmin": _tensor_argmin,
    "matmul": matmul, "cumsum": _tensor_cumsum,
}
