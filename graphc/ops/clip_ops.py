"""Norms and norm clipping: `ops.norm` (vector and matrix norms, as MindSpore 2.x / torch.linalg
spell them), `ops.L2Normalize`, `ops.clip_by_global_norm` and `clip_by_norm` (behind
`nn.ClipByNorm`).

All are written with differentiable ops; the spectral and nuclear norms use the singular
values primitive below (its gradient is U diag(ds) V^T).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..common.tensor import Tensor
from . import infer_rules as rules
from .arith_ops import abs as abs_
from .arith_ops import div, mul, pow, sqrt
from .compare_ops import maximum, not_equal
from .convert import to_tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive
from .reduce_ops import reduce_max, reduce_min, reduce_sum
from .shape_ops import cast

# ------------------------------------------------------------------------- singular values


def _svd_values_infer(x: TensorSpec) -> TensorSpec:
    if x.ndim < 2:
        raise op_error("norm", f"a matrix norm needs at least 2 dimensions, but got shape "
                       f"{list(x.shape)}.")
    m, n = x.shape[-2:]
    k = None if None in (m, n) else min(m, n)
    return TensorSpec(x.shape[:-2] + (k,), x.dtype)


def _wide(x: np.ndarray) -> np.ndarray:
    """`x` in a dtype NumPy's linalg takes (it refuses Float16)."""
    return x.astype(np.float32) if x.dtype == np.float16 else x


def _svd_values_grad_impl(ds: np.ndarray, x: np.ndarray) -> np.ndarray:
    u, _, vh = np.linalg.svd(_wide(x), full_matrices=False)
    return ((u * ds[..., None, :]) @ vh).astype(x.dtype)


SVD_VALUES_GRAD = primitive("svd_values_grad", _svd_values_grad_impl,
                            lambda ds, x: x)


SVD_VALUES = primitive(
    "svd_values", lambda x: np.linalg.svd(_wide(x), compute_uv=False).astype(x.dtype),
    _svd_values_infer, lambda x, out, dout: (apply(SVD_VALUES_GRAD, dout, x),))


# ----------------------------------------------------------------------------------- norms

def _vector_norm(x: Tensor, ord: float, dims: tuple[int, ...], keepdim: bool) -> Tensor:
    a = abs_(x)
    if ord == math.inf:
        return reduce_max(a, dims, keepdim)
    if ord == -math.inf:
        return reduce_min(a, dims, keepdim)
    if ord == 0:
        return reduce_sum(cast(not_equal(x, 0), x.dtype), dims, keepdim)
    if ord == 1:
        return reduce_sum(a, dims, keepdim)
    if ord == 2:
        return sqrt(reduce_sum(mul(x, x), dims, keepdim))
    return pow(reduce_sum(pow(a, float(ord)), dims, keepdim), 1.0 / ord)


def _matrix_norm(x: Tensor, ord: Any, dims: tuple[int, int], keepdim: bool) -> Tensor:
    from .shape_ops import moveaxis, reshape
    d0, d1 = dims
    if ord == "fro":
        return sqrt(reduce_sum(mul(x, x), dims, keepdim))
    if ord in (1, -1, math.inf, -math.inf):
        row, col = (d0, d1) if ord in (1, -1) else (d1, d0)
        sums = reduce_sum(abs_(x), row, True)
        pick = reduce_max if ord > 0 else reduce_min
        out = pick(sums, col, True)
        return out if keepdim else reshape(out, tuple(
            s for i, s in enumerate(x.shape) if i not in (d0, d1)))
    # 2, -2, 'nuc': from the singular values of the matrices on (d0, d1)
    s = apply(SVD_VALUES, moveaxis(x, (d0, d1), (-2, -1)))
    out = reduce_sum(s, -1) if ord == "nuc" else (reduce_max(s, -1) if ord == 2
                                                 else reduce_min(s, -1))
    if keepdim:
        shape = list(x.shape)
        shape[d0] = shape[d1] = 1
        out = reshape(out, tuple(shape))
    return out


_MATRIX_ORDS = ("fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf)


def norm(A: Any, ord: Any = None, dim: Any = None, keepdim: bool = False, *,
         dtype: Any = None) -> Tensor:
    """The vector or matrix norm of `A`. `dim` None: a 2-D input with an `ord` takes the matrix
    norm, anything else the 2-norm of all elements; an int `dim` (or a 1-D input) the vector
    norm of order `ord` (inf, -inf, 0, or any number; 2 by default); a pair of ints the matrix
    norm ('fro' by default, 'nuc', 1, -1, 2, -2, inf, -inf)."""
    op = "norm"
    x = to_tensor(A)
    if dtype is not None:
        x = cast(x, dtype)
    if not x.dtype.is_float:
        raise op_error(op, f"the dtype of 'A' must be a float type, but got {x.dtype}.",
                       TypeError)
    if isinstance(dim, (int, np.integer)) and not isinstance(dim, bool):
        dims: tuple[int, ...] = (rules.normalize_axis(op, int(dim), x.ndim, "dim"),)
    elif dim is None:
        if ord is not None and x.ndim == 2:
            dims = (0, 1)
        elif ord is not None and x.ndim != 1:
            raise op_error(op, f"with 'dim' None, an 'ord' needs a 1-D or 2-D input, but got "
                           f"shape {list(x.shape)}.")
        else:
            dims = tuple(range(x.ndim))
            if ord is None:
                return sqrt(reduce_sum(mul(x, x), dims, keepdim))
    elif isinstance(dim, (tuple, list)) and len(dim) in (1, 2):
        dims = tuple(rules.normalize_axis(op, int(d), x.ndim, "dim") for d in dim)
        if len(dims) == 2 and dims[0] == dims[1]:
            raise op_error(op, f"the two dims must differ, but got {dim!r}.")
    else:
        raise op_error(op, f"'dim' must be None, an int or a tuple of 1 or 2 ints, but got "
                       f"{dim!r}.", TypeError)
    if len(dims) == 2:
        ord = "fro" if ord is None else ord
        if ord not in _MATRIX_ORDS:
            raise op_error(op, f"the matrix norm 'ord' must be one of 'fro', 'nuc', 1, -1, 2, "
                           f"-2, inf, -inf, but got {ord!r}.")
        return _matrix_norm(x, ord, dims, keepdim)  # type: ignore[arg-type]
    ord = 2 if ord is None else ord
    if isinstance(ord, str) or isinstance(ord, bool) or not isinstance(ord, (int, float)):
        raise op_error(op, f"a vector norm 'ord' must be a number, but got {ord!r}.")
    return _vector_norm(x, float(ord), dims, keepdim)


def _axis_arg(op: str, axis: Any, ndim: int) -> tuple[int, ...]:
    if isinstance(axis, (tuple, list)):
        return tuple(rules.normalize_axis(op, int(a), ndim) for a in axis)
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise op_error(op, f"'axis' must be an int or a tuple of ints, but got {axis!r}.",
                       TypeError)
    return (rules.normalize_axis(op, int(axis), ndim),)


class L2Normalize(PrimitiveOp):
    """`ops.L2Normalize(axis=0, epsilon=1e-4)(x)`: x / sqrt(max(sum(x ** 2, axis), epsilon))."""

    def __init__(self, axis: Any = 0, epsilon: float = 1e-4) -> None:
        if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)):
            raise op_error("L2Normalize", f"'epsilon' must be a float, but got {epsilon!r}.",
                           TypeError)
        super().__init__(axis=tuple(axis) if isinstance(axis, list) else axis,
                         epsilon=float(epsilon))

    @staticmethod
    def fn(x: Any, *, axis: Any, epsilon: float) -> Tensor:
        x = to_tensor(x)
        dims = _axis_arg("L2Normalize", axis, x.ndim)
        return div(x, sqrt(maximum(reduce_sum(mul(x, x), dims, True), epsilon)))


def _check_clip_norm(op: str, clip_norm: Any) -> Any:
    if isinstance(clip_norm, Tensor):
        return clip_norm
    if isinstance(clip_norm, bool) or not isinstance(clip_norm, (int, float)) or \
            clip_norm <= 0:
        raise op_error(op, f"'clip_norm' must be a positive number or a Tensor, but got "
                       f"{clip_norm!r}.", TypeError if not isinstance(clip_norm, (int, float))
                       else ValueError)
    return float(clip_norm)


def clip_by_global_norm(x: Any, clip_norm: Any = 1.0, use_norm: Any = None) -> tuple:
    """Scale every Tensor of the tuple `x` by clip_norm / max(global_norm, clip_norm), where
    global_norm is the 2-norm of all their elements together."""
    op = "clip_by_global_norm"
    if use_norm is not None:
        raise op_error(op, f"input 'use_norm' only supports None currently, but got "
                       f"'use_norm': {use_norm}")
    if not isinstance(x, (tuple, list)) or not x:
        raise op_error(op, f"'x' must be a non-empty tuple or list of Tensors, but got "
                       f"{type(x).__name__}.", TypeError)
    clip = _check_clip_norm(op, clip_norm)
    ts = [to_tensor(t) for t in x]
    total = None
    for t in ts:
        sq = reduce_sum(mul(t, t), ())
        total = sq if total is None else total + cast(sq, total.dtype)
    scale = div(clip, maximum(sqrt(total), clip))
    return tuple(mul(t, cast(scale, t.dtype)) for t in ts)


def clip_by_norm(x: Any, clip_norm: Any, axis: Any = None) -> Tensor:
    """x * clip_norm / max(l2norm(x, axis), clip_norm): `x` scaled so that its 2-norm over
    `axis` (None: all) is at most `clip_norm`."""
    x = to_tensor(x)
    clip = _check_clip_norm("ClipByNorm", clip_norm)
    dims = () if axis is None else _axis_arg("ClipByNorm", axis, x.ndim)
    if isinstance(clip, Tensor):
        clip = cast(clip, x.dtype) if clip.dtype is not x.dtype else clip
    l2 = sqrt(reduce_sum(mul(x, x), dims, True))
    out = div(mul(x, clip), maximum(l2, clip))
    return out if out.dtype is x.dtype else cast(out, x.dtype)

