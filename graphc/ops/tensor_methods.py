"""Operators and compute methods of `Tensor`, attached by `install()` when `graphc.ops` is
imported (common/tensor.py holds only the data side, so `common` never imports `ops`)."""

from __future__ import annotations

from typing import Any

from ..common.tensor import Tensor
from . import array_ops, math_ops


def _reflected(fn):
    def method(self: Tensor, other: Any) -> Tensor:
        return fn(other, self)
    return method


def install() -> None:
    """Attach operators and methods to Tensor."""
    methods: dict[str, Any] = {
        "__add__": math_ops.add, "__radd__": _reflected(math_ops.add),
        "__sub__": math_ops.sub, "__rsub__": _reflected(math_ops.sub),
        "__mul__": math_ops.mul, "__rmul__": _reflected(math_ops.mul),
        "__neg__": math_ops.neg,
        "reshape": array_ops.reshape,
    }
    for name, fn in methods.items():
        setattr(Tensor, name, fn)
