"""In-place Tensor methods: `add_`, `sub_`, `mul_`, `div_`, `copy_`, `fill_`, `zero_`,
`clamp_`. Each computes the new value with ordinary ops, then makes the Tensor itself take it
and returns the Tensor.

- Eagerly the Tensor object gets the new array; on a Parameter this is `ops.assign`.
- In a graph a Tensor value is retargeted to the node of the new value, so the variable, and
  every other name or container holding the same object, sees the new value from there on, as
  in PyNative; on a Parameter it is an ordered assignment node (`ops.assign`).
- Under autodiff every recording tape is told (`rebase`): the ops recorded so far read the old
  value, later ones the new, so gradients through in-place updates are those of the functional
  program.

The new value keeps the Tensor's shape and dtype: a result that broadcasts to another shape,
or whose dtype cannot be cast back (a float into an int Tensor), is an error.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.context import active_tapes, active_tracer
from ..common.parameter import Parameter
from ..common.tensor import Tensor
from .arith_ops import add, div, mul, sub
from .compare_ops import clamp
from .convert import to_tensor
from .primitive import op_error
from .shape_ops import broadcast_to, cast, zeros_like


def _is_graph_value(t: Any) -> bool:
    return hasattr(t, "node")


def _slots(cls: type) -> list[str]:
    return [s for c in cls.__mro__ for s in getattr(c, "__slots__", ())
            if s not in ("__weakref__", "graphc_weight", "__dict__")]


def _stand_in(t: Tensor) -> Tensor:
    """A new object holding `t`'s current value (for what was recorded before the update)."""
    if isinstance(t, Parameter) or not _is_graph_value(t):
        return Tensor._make(t._data)
    copy = object.__new__(type(t))
    for s in _slots(type(t)):
        setattr(copy, s, getattr(t, s))
    copy.graphc_weight = None  # type: ignore[attr-defined]
    return copy


def _parameter_of(t: Any) -> Parameter | None:
    if isinstance(t, Parameter):
        return t
    weight = getattr(t, "graphc_weight", None)
    return weight if isinstance(weight, Parameter) else None


def _update(op: str, t: Any, new: Any) -> Tensor:
    """Make `t` take the value `new` (shape and dtype of `t`); returns `t`."""
    if not isinstance(t, Tensor):
        raise op_error(op, f"the input must be a Tensor, but got {type(t).__name__}.", TypeError)
    new = to_tensor(new)
    if tuple(new.shape) != tuple(t.shape):
        raise op_error(op, f"the result of shape {list(new.shape)} can not be written in place "
                       f"into the Tensor of shape {list(t.shape)}: the other operand must "
                       "broadcast to the Tensor's shape.")
    if new.dtype is not t.dtype:
        if t.dtype.kind in ("int", "uint", "bool") and new.dtype.is_float:
            raise op_error(op, f"the result dtype {new.dtype} can not be cast in place to the "
                           f"Tensor's dtype {t.dtype}.", TypeError)
        new = cast(new, t.dtype)
    param = _parameter_of(t)
    tracer = active_tracer.get()
    if tracer is not None and (param is not None or tracer.variable_depth
                               or not _is_graph_value(t)):
        # In a graph, under a run-time condition or loop (whose branches must not change
        # values made outside them), or on a constant: the result is a new value, and the
        # compiler rebinds the variable (see infer/lowering/calls.py). A Parameter gets an
        # ordered assignment node, and later reads of it see the new value.
        if param is not None:
            from .state_ops import assign
            assign(param, new)
            return tracer.weight_value(param)
        return new
    before = _stand_in(t)
    for tape in active_tapes.get():
        tape.rebase(t, before, new)
    if param is not None:
        from .state_ops import assign
        assign(param, new)
        return t
    for s in _slots(type(new)):
        setattr(t, s, getattr(new, s))
    return t


def _scaled(other: Any, alpha: Any) -> Any:
    return other if alpha == 1 else mul(other, alpha)


def _tensor_add_(self: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
    """`self += alpha * other`, in place; returns self."""
    return _update("add_", self, add(self, _scaled(other, alpha)))


def _tensor_sub_(self: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
    """`self -= alpha * other`, in place; returns self."""
    return _update("sub_", self, sub(self, _scaled(other, alpha)))


def _tensor_mul_(self: Tensor, other: Any) -> Tensor:
    """`self *= other`, in place; returns self."""
    return _update("mul_", self, mul(self, other))


def _tensor_div_(self: Tensor, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """`self /= other`, in place (`rounding_mode` 'floor' or 'trunc' as in `ops.div`)."""
    return _update("div_", self, div(self, other, rounding_mode=rounding_mode))


def _tensor_copy_(self: Tensor, src: Any, non_blocking: bool = False) -> Tensor:
    """`self` takes the values of `src` (broadcast to self's shape, cast to its dtype)."""
    src = to_tensor(src)
    if src.dtype is not self.dtype:
        src = cast(src, self.dtype)
    if tuple(src.shape) != tuple(self.shape):
        src = broadcast_to(src, tuple(self.shape))
    return _update("copy_", self, src)


def _tensor_fill_(self: Tensor, value: Any) -> Tensor:
    """Every element of `self` becomes `value` (a number or a one-element Tensor)."""
    if isinstance(value, Tensor):
        if value.size != 1:
            raise op_error("fill_", f"the value must be a number or a one-element Tensor, but "
                           f"got a Tensor of shape {list(value.shape)}.", ValueError)
        v = cast(value.reshape(()), self.dtype)
    elif isinstance(value, (bool, int, float, np.number)):
        v = Tensor._make(np.asarray(value).astype(self.dtype.np_dtype))
    else:
        raise op_error("fill_", f"the value must be a number or a Tensor, but got "
                       f"{type(value).__name__}.", TypeError)
    return _update("fill_", self, add(zeros_like(self), v))


def _tensor_zero_(self: Tensor) -> Tensor:
    """Every element of `self` becomes 0."""
    return _update("zero_", self, zeros_like(self))


def _tensor_clamp_(self: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """`self` limited to [min, max], in place."""
    return _update("clamp_", self, clamp(self, min, max))



# The method names, for the compiler: `x.add_(y)` gives the variable x a new value.
INPLACE_METHODS = frozenset({"add_", "sub_", "mul_", "div_", "copy_", "fill_", "zero_",
                             "clamp_"})

TENSOR_METHODS = {
    "add_": _tensor_add_, "sub_": _tensor_sub_, "mul_": _tensor_mul_, "div_": _tensor_div_,
    "copy_": _tensor_copy_, "fill_": _tensor_fill_, "zero_": _tensor_zero_,
    "clamp_": _tensor_clamp_,
}
