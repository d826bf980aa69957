"""The fully connected primitive `Dense` (`ops.Dense()(x, w, b)`, `ops.dense(input, weight,
bias=None)`): `x @ w.T + b` over the last dimension of `x`.

`w` is (out, in), or a vector (in,) giving one output per row of `x`; `b` is a vector (out,) or a
scalar. All operands share one dtype (integer ones included, as on MindSpore's CPU).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.tensor import Tensor
from .catalog import install_spellings
from .convert import to_tensor
from .linalg_ops import matmul
from .primitive import TensorSpec, apply, op_error, primitive, spell
from .reduce_ops import reduce_sum
from .shape_ops import reshape, swapaxes

_OP = "Dense"


def _dense_infer(x: TensorSpec, w: TensorSpec, b: TensorSpec | None = None) -> TensorSpec:
    for name, spec in (("w", w), ("b", b)):
        if spec is not None and spec.dtype is not x.dtype:
            raise op_error(_OP, f"the type of '{name}' should be same as 'x', but got 'x' with "
                           f"type Tensor[{x.dtype}] and '{name}' with type "
                           f"Tensor[{spec.dtype}].", TypeError)
    if w.ndim not in (1, 2):
        raise op_error(_OP, f"the dim of w should be equal to 1 or 2, but got {w.ndim} "
                       f"(shape {list(w.shape)}).")
    if x.ndim == 0:
        raise op_error(_OP, "the input x must have at least 1 dimension, but got a scalar.")
    k_x, k_w = x.shape[-1], w.shape[-1]
    if k_x is not None and k_w is not None and k_x != k_w:
        raise op_error(_OP, f"the last dimension of x ({k_x}, shape {list(x.shape)}) must equal "
                       f"the last dimension of w ({k_w}, shape {list(w.shape)}).")
    if b is not None and b.ndim > 1:
        raise op_error(_OP, f"the dim of b should be equal to 0 or 1, but got {b.ndim} "
                       f"(shape {list(b.shape)}).")
    out = x.shape[:-1] + ((w.shape[0],) if w.ndim == 2 else ())
    return TensorSpec(out, x.dtype)


def _dense_impl(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    out = np.matmul(x, w.T) if w.ndim == 2 else np.matmul(x, w)
    return out if b is None else out + b


def _dense_bprop(x: Tensor, w: Tensor, *rest: Any):
    b, dout = (rest[0], rest[2]) if len(rest) == 3 else (None, rest[1])
    k = x.shape[-1]
    x2 = reshape(x, (-1, k))
    if w.ndim == 2:
        d2 = reshape(dout, (-1, w.shape[0]))
        dx = reshape(matmul(d2, w), x.shape)
        dw = matmul(swapaxes(d2, 0, 1), x2)
    else:
        d2 = reshape(dout, (-1, 1))
        dx = reshape(d2 * w, x.shape)
        dw = reduce_sum(d2 * x2, 0)
    if b is None:
        return dx, dw
    db = reduce_sum(d2, 0) if b.ndim == 1 else reduce_sum(d2)
    return dx, dw, reshape(db, b.shape)


DENSE = primitive("dense", _dense_impl, _dense_infer, _dense_bprop)
spell(DENSE, classes=("Dense",))


def dense(input: Any, weight: Any, bias: Any = None) -> Tensor:
    """`input @ weight.T + bias` over the last dimension (weight: (out, in) or (in,))."""
    x, w = to_tensor(input), to_tensor(weight)
    if bias is None:
        return apply(DENSE, x, w)
    return apply(DENSE, x, w, to_tensor(bias))


install_spellings(globals())  # (ops.Dense)
