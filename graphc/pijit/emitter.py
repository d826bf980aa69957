"""The graph recorder the bytecode translator uses: the AST front end's `infer.emitter.Emitter`
with a way back into the translator.

While a function's bytecode is translated this object is `active_tracer`, so graphc's ops,
Tensor methods and framework Cells record their primitives here exactly as they do for the AST
front end (`ops.apply` -> `apply`, run-time scalars -> `emit_scalar`, Parameter reads and
assignments -> `weight_value` / `assign_weight`; Python's `print` is a graph break, in the
translator). Operations whose inputs are all constants are declined, so they run at once
(constant folding), except those with effects (random draws), which happen at every call.
What it adds to the shared emitter is `call`: Cells and functions that framework code calls
are handed back to the translator, which inlines them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..common.errors import SourceLocation
from ..common.mutable_input import Mutable
from ..common.parameter import Parameter as Weight
from ..infer.emitter import Emitter as GraphEmitter
from ..infer.values import GraphAny, GraphScalar, GraphTensor

__all__ = ["Emitter", "Mutable", "holds_graph_value"]


def holds_graph_value(value: Any) -> bool:
    """Whether `value`, or a tuple/list/dict inside it, is known only at run time."""
    if isinstance(value, (GraphTensor, GraphScalar, GraphAny, Weight)):
        return True
    if type(value) in (tuple, list):
        return any(holds_graph_value(v) for v in value)
    if type(value) is dict:
        return any(holds_graph_value(v) for v in value.values())
    return False


class Emitter(GraphEmitter):
    """Records graphc ops into `graph`; `call` hands Cells and functions that framework code
    calls back to the translator (`call_back`), which inlines them."""

    # In-place Tensor methods (`t.add_(y)`) ask how deep under run-time control flow the
    # recording is: a translation runs the function's own branches, so never.
    variable_depth = 0

    def __init__(self, name: str, call_back: Callable[[Any, tuple[Any, ...], dict[str, Any]],
                                                     Any]) -> None:
        super().__init__(name)
        self.loc = SourceLocation.synthetic("pijit")
        self.call_back = call_back

    def call(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """A Cell or jit function called by framework code while the graph is built."""
        return self.call_back(func, args, kwargs)
