"""The one place where nn writes into Parameters outside of user code.

BatchNorm's moving statistics and the optimisers' updates are side effects on Parameters.
They all go through `assign`, so that a graph compiler tracing these cells has a single
function to map onto an effectful assignment node.
"""

from __future__ import annotations

from typing import Any

from ..common.context import active_tracer
from ..common.parameter import Parameter


def assign(param: Parameter, value: Any) -> None:
    """Replace the values of `param` by `value` (same shape; cast to the Parameter's dtype).
    While a graph is being built this records an ordered assignment node instead."""
    tracer = active_tracer.get()
    if tracer is not None:
        tracer.assign_weight(param, value)
        return
    param.set_data(value)


def assign_all(pairs: list[tuple[Parameter, Any]]) -> None:
    """Assign every (Parameter, value) pair. Callers check shapes first, so once this starts no
    pair can fail and the writes are all-or-nothing."""
    for param, value in pairs:
        assign(param, value)
