"""MindSpore's `mindspore.numpy`: a NumPy-shaped API whose functions take and return graphc
Tensors, built on graphc's ops (so it works eagerly and inside compiled graphs).

This first part holds the dtypes by NumPy's names, array creation (`array`, `asarray`, `ones`,
`zeros`, `full`, `arange`), random arrays (`rand`, `randn`) and the comparisons `isclose` /
`all`. Defaults follow MindSpore: float32 for floats.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as _np

from .. import ops
from ..common import dtype as mstype
from ..common.tensor import Tensor

bool_ = mstype.bool_
int8, int16, int32, int64 = mstype.int8, mstype.int16, mstype.int32, mstype.int64
uint8 = mstype.uint8
float16, float32, float64 = mstype.float16, mstype.float32, mstype.float64
float_ = float32
int_ = int32

_DEFAULT = float32


def _shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, int):
        return (shape,)
    if isinstance(shape, (tuple, list)) and builtins.all(isinstance(s, int) for s in shape):
        return tuple(shape)
    raise TypeError(f"For mindspore.numpy, a shape must be an int or a tuple of ints, but got "
                    f"{shape!r}.")


def array(obj: Any, dtype: Any = None, copy: bool = True, ndmin: int = 0) -> Tensor:
    """A Tensor holding `obj` (a Tensor, number or nested sequence); Python floats become
    float32 and ints int32, as in MindSpore."""
    if isinstance(obj, Tensor):
        out = obj if dtype is None else ops.cast(obj, dtype)
    else:
        data = _np.asarray(obj)
        if dtype is None:
            dtype = _DEFAULT if data.dtype.kind == "f" else (
                int32 if data.dtype.kind in "iu" else None)
        out = Tensor(data, dtype=dtype)
    while out.ndim < ndmin:
        out = ops.expand_dims(out, 0)
    return out


def asarray(obj: Any, dtype: Any = None) -> Tensor:
    return array(obj, dtype, copy=False)


def ones(shape: Any, dtype: Any = _DEFAULT) -> Tensor:
    return ops.ones(_shape(shape), dtype)


def zeros(shape: Any, dtype: Any = _DEFAULT) -> Tensor:
    return ops.zeros(_shape(shape), dtype)


def full(shape: Any, fill_value: Any, dtype: Any = None) -> Tensor:
    if dtype is None:
        dtype = _DEFAULT if isinstance(fill_value, float) else (
            int32 if isinstance(fill_value, int) and not isinstance(fill_value, bool) else
            fill_value.dtype if isinstance(fill_value, Tensor) else bool_)
    return ops.full(_shape(shape), fill_value, dtype=dtype)


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None) -> Tensor:
    if stop is None:
        start, stop = 0, start
    out = ops.arange(start, stop, step)
    if dtype is None and out.dtype == int64:  # mindspore.numpy's integers are Int32
        dtype = int32
    return out if dtype is None else ops.cast(out, dtype)


def rand(*shape: Any, dtype: Any = _DEFAULT) -> Tensor:
    """Uniform samples in [0, 1) of the given shape (`rand(2, 3)` or `rand((2, 3))`)."""
    size = _shape(shape[0] if len(shape) == 1 else tuple(shape))
    return ops.cast(ops.rand(*size), dtype)


def randn(*shape: Any, dtype: Any = _DEFAULT) -> Tensor:
    """Standard normal samples of the given shape (`randn(2, 3)` or `randn((2, 3))`)."""
    size = _shape(shape[0] if len(shape) == 1 else tuple(shape))
    return ops.cast(ops.randn(*size), dtype)


def isclose(a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08,
            equal_nan: bool = False) -> Tensor:
    """Element-wise |a - b| <= atol + rtol * |b| (and NaN == NaN with `equal_nan`)."""
    a, b = asarray(a), asarray(b)
    a, b = ops.cast(a, float64), ops.cast(b, float64)
    close = ops.less_equal(ops.abs(a - b), atol + rtol * ops.abs(b))
    if equal_nan:
        close = ops.logical_or(close, ops.logical_and(ops.isnan(a), ops.isnan(b)))
    return close


def all(a: Any, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    a = asarray(a)
    return ops.all(ops.cast(a, bool_), axis=axis, keep_dims=keepdims) if axis is not None \
        else ops.all(ops.cast(a, bool_), keep_dims=keepdims)


__all__ = ["all", "arange", "array", "asarray", "bool_", "float16", "float32", "float64",
           "float_", "full", "int16", "int32", "int64", "int8", "int_", "isclose", "ones",
           "rand", "randn", "uint8", "zeros"]


# Element choice (the names 20+ public MindSpore programs use, issue 16).
from .array_ops import where  # noqa: E402

__all__ += ["where"]
from .array_ops import (  # noqa: E402
    broadcast_to,
    concatenate,
    expand_dims,
    flip,
    full_like,
    ones_like,
    reshape,
    split,
    squeeze,
    stack,
    tile,
    transpose,
    zeros_like,
)
from .math_ops import (  # noqa: E402
    abs,
    add,
    amax,
    amin,
    argmax,
    clip,
    divide,
    dot,
    exp,
    log,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    multiply,
    norm,
    power,
    sqrt,
    square,
    subtract,
    sum,
)

__all__ += ["broadcast_to", "concatenate", "expand_dims", "flip", "full_like", "ones_like",
            "reshape", "split", "squeeze", "stack", "tile", "transpose", "zeros_like",
            "abs", "add", "amax", "amin", "argmax", "clip", "divide", "dot", "exp", "log",
            "matmul", "max", "maximum", "mean", "min", "minimum", "multiply", "norm", "power",
            "sqrt", "square", "subtract", "sum"]
