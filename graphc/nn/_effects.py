"""The one place where nn writes into Parameters outside of user code.

BatchNorm's moving statistics and the optimisers' updates are side effects on Parameters. They
all go through `ops.assign`, which a graph being built records as an ordered assignment node.
"""

from __future__ import annotations

from typing import Any

from ..common.parameter import Parameter
from ..ops.state_ops import assign as _ops_assign


def assign(param: Parameter, value: Any) -> None:
    """Replace the values of `param` by `value` (same shape; cast to the Parameter's dtype)."""
    _ops_assign(param, value)


def assign_all(pairs: list[tuple[Parameter, Any]]) -> None:
    """Assign every (Parameter, value) pair. Callers check shapes first, so once this starts no
    pair can fail and the writes are all-or-nothing."""
    for param, value in pairs:
        _ops_assign(param, value)
