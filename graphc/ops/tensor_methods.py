"""Operators and compute methods of `Tensor`, attached by `install()` when `graphc.ops` is
imported (common/tensor.py holds only the data side, so `common` never imports `ops`).

Each ops module lists the Tensor methods it provides in a `TENSOR_METHODS` dict
(method name -> function taking the Tensor first); `install` sets them all on `Tensor`.
"""

from __future__ import annotations

from ..common.tensor import Tensor
from . import activation_ops, array_ops, conv_ops, loss_ops, math_ops, norm_ops


def install() -> None:
    """Attach every module's TENSOR_METHODS to Tensor; a name defined twice is a bug."""
    seen: dict[str, str] = {}
    for module in (math_ops, array_ops, activation_ops, conv_ops, norm_ops, loss_ops):
        for name, fn in getattr(module, "TENSOR_METHODS", {}).items():
            if name in seen:
                raise RuntimeError(f"Tensor.{name} is defined by both {seen[name]} and "
                                   f"{module.__name__}")
            seen[name] = module.__name__
            setattr(Tensor, name, fn)
    # `T` reverses the dimensions through the transpose op, so it is differentiable and works
    # on graph values (common/tensor.py's version reads the array directly).
    Tensor.__round__ = lambda self, ndigits=None: math_ops.round(self) if ndigits is None \
        else math_ops.round(self, decimals=ndigits)
    Tensor.T = property(lambda self: self.transpose(), doc="The tensor with its dims reversed.")
