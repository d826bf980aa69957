"""Math primitives: elementwise arithmetic, unary functions, comparisons, logic, reductions,
matrix products.

Each primitive keeps impl, infer and bprop together (see `primitive.py`); below each come its
functional spellings (`ops.add`) and primitive classes (`ops.Add()`). Binary ops promote their
operands with `convert.binary_operands` before the primitive runs, so `infer` sees one dtype.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.tensor import Tensor
from . import infer_rules as rules
from .array_ops import sum_to
from .convert import binary_operands, to_tensor
from .primitive import PrimitiveOp, apply, primitive


def _add_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    return sum_to(dout, x.shape), sum_to(dout, y.shape)


def _sub_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    return sum_to(dout, x.shape), sum_to(neg(dout), y.shape)


def _mul_bprop(x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    return sum_to(mul(dout, y), x.shape), sum_to(mul(dout, x), y.shape)


ADD = primitive("add", np.add, lambda x, y: rules.elementwise("Add", x, y), _add_bprop)
SUB = primitive("sub", np.subtract, lambda x, y: rules.elementwise("Sub", x, y), _sub_bprop)
MUL = primitive("mul", np.multiply, lambda x, y: rules.elementwise("Mul", x, y), _mul_bprop)
NEG = primitive("neg", np.negative, lambda x: x, lambda x, out, dout: (neg(dout),))


def add(x: Any, y: Any) -> Tensor:
    """`x + y` with broadcasting and dtype promotion."""
    return apply(ADD, *binary_operands("Add", x, y))


def sub(x: Any, y: Any) -> Tensor:
    """`x - y` with broadcasting and dtype promotion."""
    return apply(SUB, *binary_operands("Sub", x, y))


def mul(x: Any, y: Any) -> Tensor:
    """`x * y` with broadcasting and dtype promotion."""
    return apply(MUL, *binary_operands("Mul", x, y))


def neg(x: Any) -> Tensor:
    """`-x`."""
    return apply(NEG, to_tensor(x))


class Add(PrimitiveOp):
    """`ops.Add()(x, y)`."""

    fn = staticmethod(add)


class Sub(PrimitiveOp):
    """`ops.Sub()(x, y)`."""

    fn = staticmethod(sub)


class Mul(PrimitiveOp):
    """`ops.Mul()(x, y)`."""

    fn = staticmethod(mul)


class Neg(PrimitiveOp):
    """`ops.Neg()(x)`."""

    fn = staticmethod(neg)


def _reflected(fn):
    def method(self: Tensor, other: Any) -> Tensor:
        return fn(other, self)
    method.__name__ = f"reflected_{fn.__name__}"
    return method


TENSOR_METHODS = {
    "__add__": add, "__radd__": _reflected(add),
    "__sub__": sub, "__rsub__": _reflected(sub),
    "__mul__": mul, "__rmul__": _reflected(mul),
    "__neg__": neg,
}
