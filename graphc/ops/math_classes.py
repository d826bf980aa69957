"""MindSpore's primitive classes for the math ops whose constructor or call does more than pass
its arguments on (`ops.ReduceSum(keep_dims=True)`, `ops.Div()`, `ops.MatMul(transpose_a=...)`).
A class that only calls its primitive's functional op (`ops.Add()`) is spelled with the primitive
(`primitive.spell`) and built in the primitive's module; this module re-exports those too.
"""

from __future__ import annotations

import operator
from typing import Any

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .arith_ops import (  # (ops, shadowing the builtins)
    real_div,
    true_divide,
)
from .convert import to_tensor
from .linalg_ops import CUMSUM, batch_matmul, matmul_2d
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


class Div(PrimitiveOp):
    """`ops.Div()(x, y)`: true division (ints give Float32)."""

    fn = staticmethod(true_divide)


class RealDiv(PrimitiveOp):
    """`ops.RealDiv()(x, y)`: division; two int operands give a truncated int."""

    fn = staticmethod(real_div)


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

    fn = staticmethod(matmul_2d)


class BatchMatMul(PrimitiveOp):
    """`ops.BatchMatMul(transpose_a=False, transpose_b=False)(x, y)`."""

    def __init__(self, transpose_a: bool = False, transpose_b: bool = False) -> None:
        super().__init__(transpose_a=bool(transpose_a), transpose_b=bool(transpose_b))

    fn = staticmethod(batch_matmul)


class CumSum(PrimitiveOp):
    """`ops.CumSum(exclusive=False, reverse=False)(x, axis)`."""

    def __init__(self, exclusive: bool = False, reverse: bool = False) -> None:
        super().__init__(exclusive=bool(exclusive), reverse=bool(reverse))

    def __call__(self, x: Any, axis: Any) -> Tensor:
        return apply(CUMSUM, to_tensor(x), axis=operator.index(axis), **self._attrs)


# The classes that only call their primitive's functional op are spelled with the primitive
# (`primitive.spell`) and built in its module; they are re-exported here, their old home.
from .arith_ops import (  # type: ignore[attr-defined]  # noqa: E402, F401
    Abs,
    Add,
    Ceil,
    Cos,
    Erf,
    Exp,
    Floor,
    FloorDiv,
    FloorMod,
    Log,
    Mod,
    Mul,
    Neg,
    Pow,
    Reciprocal,
    Round,
    Rsqrt,
    Sign,
    Sin,
    Sqrt,
    Square,
    Sub,
    Tanh,
    Trunc,
)
from .compare_ops import (  # type: ignore[attr-defined]  # noqa: E402, F401
    BitwiseAnd,
    BitwiseOr,
    BitwiseXor,
    Equal,
    Greater,
    GreaterEqual,
    IsFinite,
    IsInf,
    IsNan,
    Less,
    LessEqual,
    LogicalAnd,
    LogicalNot,
    LogicalOr,
    LogicalXor,
    Maximum,
    Minimum,
    NotEqual,
)
from .linalg_ops import (  # type: ignore[attr-defined]  # noqa: E402, F401
    AddN,
)
