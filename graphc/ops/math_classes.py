"""MindSpore's primitive classes for the math ops (`ops.Add()`, `ops.ReduceSum(keep_dims=True)`,
...): each calls its functional op with the constructor's arguments.
"""

from __future__ import annotations

import operator
from typing import Any

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .arith_ops import (  # (ops, shadowing the builtins)
    _real_div,
    abs,
    add,
    ceil,
    cos,
    erf,
    exp,
    floor,
    floor_div,
    floor_mod,
    fmod,
    log,
    mul,
    neg,
    pow,
    reciprocal,
    round,
    rsqrt,
    sign,
    sin,
    sqrt,
    square,
    sub,
    tanh,
    true_divide,
    trunc,
)
from .compare_ops import (
    bitwise_and,
    bitwise_or,
    bitwise_xor,
    equal,
    greater,
    greater_equal,
    isfinite,
    isinf,
    isnan,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    maximum,
    minimum,
    not_equal,
)
from .convert import to_tensor
from .linalg_ops import CUMSUM, _matmul_2d, addn, batch_matmul
from .primitive import PrimitiveOp, apply
from .reduce_ops import (
    ARGMAX,
    ARGMIN,
    reduce_all,
    reduce_any,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
)


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
    """`ops.ReduceSum(keep_dims=False, skip_mode=False)(x, axis=())`; with `skip_mode` an empty
    `axis` leaves `x` as it is (instead of summing every axis)."""

    fn = staticmethod(reduce_sum)

    def __init__(self, keep_dims: bool = False, skip_mode: bool = False) -> None:
        if not isinstance(skip_mode, bool):
            raise TypeError(f"For 'ReduceSum', 'skip_mode' must be a bool, but got "
                            f"{skip_mode!r}.")
        super().__init__(keep_dims)
        self._skip_mode = skip_mode

    def __call__(self, x: Any, axis: Any = ()) -> Any:
        if self._skip_mode and (axis is None or (isinstance(axis, (tuple, list)) and not axis)):
            return x
        return super().__call__(x, axis)


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
