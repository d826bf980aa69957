"""Checks and helpers shared by the neural-network primitives (dtype and shape checks, reduction
names, and the bprop that refuses an unimplemented order of gradient).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..common.tensor import Tensor
from . import infer_rules as rules
from .array_ops import reshape, sum_to
from .math_ops import mul
from .primitive import TensorSpec, op_error


def check_float(op: str, spec: TensorSpec, arg: str = "x") -> None:
    rules.check_dtype(op, spec, ("float",), "Float16, Float32 or Float64", arg)


def check_real(op: str, spec: TensorSpec, arg: str = "x") -> None:
    rules.check_dtype(op, spec, ("int", "uint", "float"), "an int or float type", arg)


def check_rank(op: str, spec: TensorSpec, ranks: tuple[int, ...], arg: str, what: str) -> None:
    if spec.ndim not in ranks:
        raise op_error(op, f"'{arg}' must be a {what} Tensor, but got a {spec.ndim}-D Tensor "
                       f"of shape {list(spec.shape)}.")


def check_same_dtype(op: str, a: TensorSpec, b: TensorSpec, names: str) -> None:
    if a.dtype is not b.dtype:
        raise op_error(op, f"{names} must have the same dtype, but got {a.dtype} and {b.dtype}.",
                       TypeError)


def check_same_shape(op: str, a: TensorSpec, b: TensorSpec, names: str) -> None:
    if a.ndim != b.ndim or any(p is not None and q is not None and p != q
                               for p, q in zip(a.shape, b.shape)):
        raise op_error(op, f"{names} must have the same shape, but got {list(a.shape)} and "
                       f"{list(b.shape)}.")


def no_higher_order(op: str) -> Callable[..., tuple[Any, ...]]:
    """The bprop of a backward primitive whose own derivative graphc does not implement."""
    def bprop(*args: Any, **attrs: Any) -> tuple[Any, ...]:
        raise NotImplementedError(
            f"For '{op}', this order of gradient is not supported: graphc implements its "
            "derivative to the order needed by ordinary training, not beyond.")
    return bprop


def is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_reduction(op: str, reduction: str) -> str:
    if reduction not in ("none", "mean", "sum"):
        raise op_error(op, f"'reduction' must be 'none', 'mean' or 'sum', but got "
                       f"{reduction!r}.")
    return reduction


def reduce(loss: Tensor, reduction: str) -> Tensor:
    """Apply a loss reduction with differentiable ops."""
    if reduction == "none":
        return loss
    total = reshape(sum_to(loss, ()), ()) if loss.ndim else loss
    if reduction == "sum":
        return total
    return mul(total, 1.0 / max(math.prod(loss.shape), 1))
