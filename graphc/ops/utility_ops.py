"""Small utilities MindSpore programs call everywhere: `depend`, `tuple_to_array`,
`scalar_to_tensor`, `make_range`, `Identity` and `Print`.

`Print` prints each argument on its own line (Tensors as their repr) when called eagerly; in a
graph it becomes a print node, run in program order like `print`.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.context import active_tracer
from ..common.tensor import Tensor
from .primitive import PrimitiveOp, op_error
from .shape_ops import identity


def depend(value: Any, expr: Any) -> Any:
    """`value`, after `expr` has been computed. graphc runs a graph's side effects in program
    order and keeps every one of them, so no extra edge is needed: the result is `value`."""
    return value


def _graph_scalar(value: Any) -> bool:
    return hasattr(value, "__graphc_tensor__") and not isinstance(value, Tensor)


def tuple_to_array(input_x: Any) -> Tensor:
    """A 1-D Tensor of a tuple of numbers: Int32 for ints, Float32 when any is a float."""
    op = "tuple_to_array"
    if not isinstance(input_x, (tuple, list)) or not input_x:
        raise op_error(op, f"'input_x' must be a non-empty tuple of numbers, but got "
                       f"{input_x!r}.", TypeError)
    kinds = []
    for v in input_x:
        if _graph_scalar(v):
            kinds.append(v.type)
        elif isinstance(v, numbers.Number) and not isinstance(v, (bool, np.bool_, complex)):
            kinds.append(float if isinstance(v, (float, np.floating)) else int)
        else:
            raise op_error(op, f"the elements of 'input_x' must be ints or floats, but got "
                           f"{type(v).__name__} {v!r}.", TypeError)
    dtype = mstype.float32 if float in kinds else mstype.int32
    if any(_graph_scalar(v) for v in input_x):  # run-time scalars (a dynamic shape)
        from .join_ops import stack
        return stack([v.__graphc_tensor__(dtype) if _graph_scalar(v)
                      else Tensor._make(np.asarray(v, dtype.np_dtype)) for v in input_x])
    return Tensor._make(np.asarray(input_x, dtype.np_dtype))


def scalar_to_tensor(input_x: Any, dtype: Any = mstype.float32) -> Tensor:
    """A 0-d Tensor of the number `input_x`, of `dtype` (Float32 by default)."""
    if not isinstance(dtype, mstype.DType):
        raise op_error("scalar_to_tensor", f"'dtype' must be a mindspore dtype, but got "
                       f"{dtype!r}.", TypeError)
    if _graph_scalar(input_x):
        return input_x.__graphc_tensor__(dtype)
    if not isinstance(input_x, (numbers.Number, np.bool_)) or isinstance(input_x, complex):
        raise op_error("scalar_to_tensor", f"'input_x' must be an int, float or bool, but got "
                       f"{type(input_x).__name__}.", TypeError)
    return Tensor._make(np.asarray(input_x).astype(dtype.np_dtype))


def make_range(*args: Any) -> tuple[int, ...]:
    """`range(*args)` as a tuple of ints: make_range(stop), (start, stop) or (start, stop,
    step)."""
    if not 1 <= len(args) <= 3:
        raise op_error("make_range", f"expects 1 to 3 arguments (start, stop, step), but got "
                       f"{len(args)}.", TypeError)
    for a in args:
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)):
            raise op_error("make_range", f"the arguments must be ints, but got "
                           f"{type(a).__name__} {a!r}.", TypeError)
    if len(args) == 3 and args[2] == 0:
        raise op_error("make_range", "the 'step' must not be 0.")
    return tuple(range(*(int(a) for a in args)))


class Identity(PrimitiveOp):
    """`ops.Identity()(input_x)`: a copy of `input_x` (the gradient passes through)."""

    def __call__(self, input_x: Any) -> Tensor:
        return identity(input_x)


class Print(PrimitiveOp):
    """`ops.Print()(*args)`: prints each argument (Tensors, strings, numbers) on its own line;
    returns None. Inside a graph it is a print node, run when the graph runs."""

    def __call__(self, *args: Any) -> None:
        for a in args:
            if not isinstance(a, (Tensor, str, numbers.Number, tuple, list, np.bool_)) and \
                    not hasattr(a, "__graphc_tensor__"):
                raise op_error("Print", f"the inputs must be Tensors, strings, numbers or "
                               f"tuples of them, but got {type(a).__name__}.", TypeError)
        tracer = active_tracer.get()
        if tracer is not None:
            tracer.emit_print(args, {"sep": "\n"})
            return None
        print(*[repr(a) if isinstance(a, Tensor) else a for a in args], sep="\n")
        return None
