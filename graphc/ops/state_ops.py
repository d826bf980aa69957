"""In-place updates of Parameters: `ops.assign`, `ops.assign_add`, `ops.assign_sub` (and their
primitive classes). Eagerly they write the Parameter's data; while a graph is built they record
an ordered assignment node, so the update happens when the graph runs, in program order."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.context import active_tracer
from ..common.parameter import Parameter
from ..common.tensor import Tensor
from .primitive import PrimitiveOp, op_error


def _parameter_of(op: str, variable: Any) -> Parameter:
    if isinstance(variable, Parameter):
        return variable
    weight = getattr(variable, "graphc_weight", None)  # a Parameter read inside a graph
    if isinstance(weight, Parameter):
        return weight
    raise op_error(op, "the 'variable' must be a Parameter, but got "
                   f"{type(variable).__name__}.", TypeError)


def assign(variable: Any, value: Any) -> Tensor:
    """`variable` (a Parameter) takes `value` (cast to its dtype; same shape). Returns the new
    value as a Tensor, as MindSpore does."""
    param = _parameter_of("Assign", variable)
    tracer = active_tracer.get()
    if tracer is not None:
        tracer.assign_weight(param, value)
        return tracer.weight_value(param) * 1  # the new value, as a Tensor (not the Parameter)
    data = value._data if isinstance(value, Tensor) else np.asarray(value)
    if data.shape != param._data.shape:
        raise op_error("Assign", f"the shape of 'value' {list(data.shape)} must equal the "
                       f"shape of 'variable' {list(param.shape)}.")
    param._data = np.array(data, dtype=param._data.dtype, copy=True)  # cast, never aliased
    return Tensor._make(param._data.copy())  # MindSpore returns the new value as a Tensor


def assign_add(variable: Any, value: Any) -> Tensor:
    """`variable += value` on a Parameter, in place."""
    from .math_ops import add
    current = _current("AssignAdd", variable)
    return assign(variable, add(current, _update_of("AssignAdd", current, value)))


def assign_sub(variable: Any, value: Any) -> Tensor:
    """`variable -= value` on a Parameter, in place."""
    from .math_ops import sub
    current = _current("AssignSub", variable)
    return assign(variable, sub(current, _update_of("AssignSub", current, value)))


def _update_of(op: str, current: Any, value: Any) -> Any:
    """`value` checked as MindSpore checks an AssignAdd/AssignSub operand: the variable's rank
    and shape (no broadcasting), except that shapes `()` and `(1,)` stand for each other."""
    from .shape_ops import reshape
    shape = tuple(getattr(value, "shape", np.shape(value)))
    target = tuple(current.shape)
    if shape == target:
        return value
    if shape in _ONE_ELEMENT and target in _ONE_ELEMENT:
        return reshape(value, target)
    if len(shape) != len(target):
        raise op_error(op, f"'value' must have the same rank as 'variable'. But got 'value' "
                       f"rank: {len(shape)}, 'variable' rank: {len(target)}.")
    raise op_error(op, f"'value' must have the same shape as 'variable'. But got 'value' "
                   f"shape: ({', '.join(map(str, shape))}), 'variable' shape: "
                   f"({', '.join(map(str, target))}).")


_ONE_ELEMENT = ((), (1,))


def _current(op: str, variable: Any) -> Tensor:
    """The Parameter's current value (inside a graph: the latest value assigned there)."""
    param = _parameter_of(op, variable)
    tracer = active_tracer.get()
    return tracer.weight_value(param) if tracer is not None else param


class Assign(PrimitiveOp):
    """`ops.Assign()(variable, value)`."""

    fn = staticmethod(assign)


class AssignAdd(PrimitiveOp):
    """`ops.AssignAdd()(variable, value)`."""

    fn = staticmethod(assign_add)


class AssignSub(PrimitiveOp):
    """`ops.AssignSub()(variable, value)`."""

    fn = staticmethod(assign_sub)
