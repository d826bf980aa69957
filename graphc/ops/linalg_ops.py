"""Matrix products (matmul, batch matmul, transposed operands), addn and cumulative sums.
"""

from __future__ import annotations

import builtins
import operator
from typing import Any

import numpy as np

from ..common.tensor import Tensor
from . import infer_rules as rules
from .arith_ops import same_dtype
from .array_ops import cast, reshape, sum_to
from .catalog import install_spellings
from .convert import binary_operands, to_tensor
from .primitive import TensorSpec, apply, op_error, primitive, spell


def _matmul_infer(a: TensorSpec, b: TensorSpec, *, transpose_a: bool = False,
                  transpose_b: bool = False) -> TensorSpec:
    op = "MatMul"
    if a.dtype is not b.dtype:
        same_dtype(op, a, b)
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
spell(MATMUL, methods=("__matmul__", "matmul"))


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


def matmul_2d(x: Any, y: Any, transpose_a: bool = False, transpose_b: bool = False) -> Tensor:
    """`ops.MatMul(transpose_a, transpose_b)(x, y)`: both operands must be 2-D."""
    a, b = binary_operands("MatMul", x, y)
    if a.ndim != 2 or b.ndim != 2:
        raise op_error("MatMul", f"the inputs must be 2-D, but got shapes {list(a.shape)} and "
                       f"{list(b.shape)}. Use ops.matmul or ops.BatchMatMul for other ranks.")
    if transpose_a or transpose_b:
        return apply(MATMUL, a, b, transpose_a=bool(transpose_a), transpose_b=bool(transpose_b))
    return apply(MATMUL, a, b)


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
spell(ADDN, classes=("AddN",))


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


TENSOR_METHODS = {
}


install_spellings(globals())  # (the primitive classes and Tensor methods spelled above)
