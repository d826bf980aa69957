"""`ops.get_grad(gradients, x)`: one gradient out of the output of a `return_ids=True` gradient
function, found by the position of its input (an int) or by its Parameter.

Such output holds `(position, gradient)` and `(parameter name, gradient)` pairs, nested in
tuples; the first pair whose id matches is the answer (MindSpore's `RuntimeError` when none
does).
"""

from __future__ import annotations

from typing import Any

from ..common.parameter import Parameter
from ..common.tensor import Tensor


def get_grad(gradients: Any, x: Any) -> Tensor:
    """The gradient of the input at position `x` (an int), or of the Parameter `x`, in the
    output of `grad(..., return_ids=True)`."""
    if isinstance(x, Parameter):
        key: Any = x.name
    elif isinstance(x, int) and not isinstance(x, bool):
        key = x
    else:
        raise TypeError(f"For `get_grad`, the `x` should be an integer or a Parameter, but got "
                        f"{x}")
    found = _find(gradients, key, isinstance(x, Parameter))
    if found is None:
        raise RuntimeError(f"Can not find the gradient for position or Parameter {x}")
    return found


def _find(value: Any, key: Any, by_name: bool) -> Tensor | None:
    if not isinstance(value, (tuple, list)):
        return None
    if len(value) == 2 and isinstance(value[1], Tensor) and \
            isinstance(value[0], str if by_name else int) and value[0] == key and \
            not isinstance(value[0], bool):
        return value[1]
    for item in value:
        found = _find(item, key, by_name)
        if found is not None:
            return found
    return None
