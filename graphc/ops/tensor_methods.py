"""Operators and compute methods of `Tensor`, attached by `install()` when `graphc.ops` is
imported (common/tensor.py holds only the data side, so `common` never imports `ops`).

Each ops module's `TENSOR_METHODS` dict (method name -> function taking the Tensor first) holds
the methods written for Tensor and, added by `catalog.install_spellings`, the ones spelled with
a primitive (`primitive.spell`: the functional op itself); `install` sets them all on `Tensor`.
"""

from __future__ import annotations

from types import ModuleType

from ..common.tensor import Tensor
from . import arith_ops


def install(modules: tuple[ModuleType, ...]) -> None:
    """Attach every module's TENSOR_METHODS to Tensor; a name defined twice is a bug."""
    seen: dict[str, str] = {}
    for module in modules:
        for name, fn in getattr(module, "TENSOR_METHODS", {}).items():
            if name in seen:
                raise RuntimeError(f"Tensor.{name} is defined by both {seen[name]} and "
                                   f"{module.__name__}")
            seen[name] = module.__name__
            setattr(Tensor, name, fn)
    # `T` reverses the dimensions through the transpose op, so it is differentiable and works
    # on graph values (common/tensor.py's version reads the array directly).
    Tensor.__round__ = lambda self, ndigits=None: arith_ops.round(self) if ndigits is None \
        else arith_ops.round(self, decimals=ndigits)
    Tensor.T = property(lambda self: self.transpose(), doc="The tensor with its dims reversed.")
