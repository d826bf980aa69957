"""Random sampling: `ops.UniformReal`, `ops.StandardNormal`, `ops.rand`, `ops.randn`,
`ops.rand_like`, `ops.randn_like`, `ops.randint`, `ops.uniform`, `ops.standard_normal`.

They draw from graphc's generator (`set_seed`), like dropout and the initialisers; their
`seed`/`seed2` arguments are accepted for MindSpore compatibility. The primitives carry the
"random" effect, so inside a graph each call is a node that draws anew every time the graph
runs (it is never folded into a constant nor merged with another draw).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.context import rng
from ..common.tensor import Tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive

_RANDOM = frozenset({"random"})


def _shape_infer(*, shape: tuple[int, ...], dtype: mstype.DType, **bounds: Any) -> TensorSpec:
    return TensorSpec(shape, dtype)


UNIFORM_REAL = primitive(
    "uniform_real", lambda *, shape, dtype: rng().random(shape).astype(dtype.np_dtype),
    _shape_infer, effects=_RANDOM)


STANDARD_NORMAL = primitive(
    "standard_normal",
    lambda *, shape, dtype: rng().standard_normal(shape).astype(dtype.np_dtype),
    _shape_infer, effects=_RANDOM)


def _randint_infer(*, shape: tuple[int, ...], dtype: mstype.DType, low: int, high: int
                   ) -> TensorSpec:
    if low >= high:
        raise op_error("randint", f"'low' must be less than 'high', but got {low} and {high}.")
    return TensorSpec(shape, dtype)


RANDINT = primitive(
    "randint",
    lambda *, shape, dtype, low, high: rng().integers(low, high, shape).astype(dtype.np_dtype),
    _randint_infer, effects=_RANDOM)


def _shape_arg(op: str, shape: Any) -> tuple[int, ...]:
    if isinstance(shape, Tensor):
        shape = tuple(int(v) for v in shape.asnumpy().reshape(-1))
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    if (not isinstance(shape, (tuple, list)) or any(
            isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0 for v in shape)):
        raise op_error(op, f"'shape' must be a tuple of non-negative ints, but got {shape!r}.",
                       TypeError)
    return tuple(int(v) for v in shape)


def _size_arg(op: str, size: tuple) -> tuple[int, ...]:
    """`*size` as MindSpore takes it: ints, or one tuple/list of ints."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return _shape_arg(op, size[0])
    return _shape_arg(op, tuple(size))


def _float_dtype(op: str, dtype: Any) -> mstype.DType:
    if dtype is None:
        return mstype.float32
    if not isinstance(dtype, mstype.DType) or not dtype.is_float:
        raise op_error(op, f"'dtype' must be a float type, but got {dtype!r}.", TypeError)
    return dtype


def _check_seeds(op: str, *seeds: Any) -> None:
    for value in seeds:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 0):
            raise op_error(op, f"the seed must be an int >= 0, but got {value!r}.", TypeError)


class UniformReal(PrimitiveOp):
    """`ops.UniformReal(seed=0, seed2=0)(shape)`: Float32 samples uniform in [0, 1)."""

    def __init__(self, seed: int = 0, seed2: int = 0) -> None:
        _check_seeds("UniformReal", seed, seed2)
        super().__init__()

    def __call__(self, shape: Any) -> Tensor:
        return apply(UNIFORM_REAL, shape=_shape_arg("UniformReal", shape), dtype=mstype.float32)


class StandardNormal(PrimitiveOp):
    """`ops.StandardNormal(seed=0, seed2=0)(shape)`: Float32 samples of N(0, 1)."""

    def __init__(self, seed: int = 0, seed2: int = 0) -> None:
        _check_seeds("StandardNormal", seed, seed2)
        super().__init__()

    def __call__(self, shape: Any) -> Tensor:
        return apply(STANDARD_NORMAL, shape=_shape_arg("StandardNormal", shape),
                     dtype=mstype.float32)


def rand(*size: Any, dtype: Any = None, seed: Any = None) -> Tensor:
    """Samples uniform in [0, 1) of shape `size` (Float32 by default)."""
    _check_seeds("rand", seed)
    return apply(UNIFORM_REAL, shape=_size_arg("rand", size), dtype=_float_dtype("rand", dtype))


def randn(*size: Any, dtype: Any = None, seed: Any = None) -> Tensor:
    """Samples of N(0, 1) of shape `size` (Float32 by default)."""
    _check_seeds("randn", seed)
    return apply(STANDARD_NORMAL, shape=_size_arg("randn", size),
                 dtype=_float_dtype("randn", dtype))


def rand_like(input: Any, seed: Any = None, *, dtype: Any = None) -> Tensor:
    """`rand` with the shape (and, unless `dtype` is given, the dtype) of `input`."""
    return rand(tuple(input.shape), dtype=input.dtype if dtype is None else dtype, seed=seed)


def randn_like(input: Any, seed: Any = None, *, dtype: Any = None) -> Tensor:
    """`randn` with the shape (and, unless `dtype` is given, the dtype) of `input`."""
    return randn(tuple(input.shape), dtype=input.dtype if dtype is None else dtype, seed=seed)


def randint(low: int, high: int, size: Any, seed: Any = None, *, dtype: Any = None) -> Tensor:
    """Integers uniform in [low, high) of shape `size` (Int64 by default)."""
    op = "randint"
    _check_seeds(op, seed)
    for name, v in (("low", low), ("high", high)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise op_error(op, f"'{name}' must be an int, but got {v!r}.", TypeError)
    if low >= high:
        raise op_error(op, f"'low' ({low}) must be less than 'high' ({high}).")
    dtype = mstype.int64 if dtype is None else dtype
    if not isinstance(dtype, mstype.DType) or dtype.kind not in ("int", "uint"):
        raise op_error(op, f"'dtype' must be an int type, but got {dtype!r}.", TypeError)
    return apply(RANDINT, shape=_shape_arg(op, size), dtype=dtype, low=int(low), high=int(high))


def uniform(shape: Any, minval: Any, maxval: Any, seed: Any = None,
            dtype: Any = mstype.float32) -> Tensor:
    """Samples uniform in [minval, maxval) (Tensors or numbers) of shape `shape`; an int
    `dtype` draws integers."""
    from .arith_ops import add, mul, sub
    op = "uniform"
    _check_seeds(op, seed)
    shape = _shape_arg(op, shape)
    if isinstance(dtype, mstype.DType) and dtype.kind in ("int", "uint"):
        lo, hi = (int(v.asnumpy()) if isinstance(v, Tensor) else int(v)
                  for v in (minval, maxval))
        return randint(lo, hi, shape, dtype=dtype)
    u = apply(UNIFORM_REAL, shape=shape, dtype=_float_dtype(op, dtype))
    return add(mul(u, sub(maxval, minval)), minval)


def standard_normal(shape: Any, seed: Any = None) -> Tensor:
    """Float32 samples of N(0, 1) of shape `shape`."""
    _check_seeds("standard_normal", seed)
    return apply(STANDARD_NORMAL, shape=_shape_arg("standard_normal", shape),
                 dtype=mstype.float32)
