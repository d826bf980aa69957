"""The foundation every other package stands on: dtypes, Tensor, Parameter, the context,
errors with source locations. Imports only NumPy."""

from . import dtype
from .context import (
    COMPATIBLE,
    GRAPH_MODE,
    LAX,
    PYNATIVE_MODE,
    STRICT,
    Context,
    context,
    get_context,
    get_seed,
    rng,
    set_context,
    set_seed,
)
from .errors import GraphcError, GraphcInternalError, SourceLocation
from .parameter import Parameter, ParameterTuple
from .tensor import Tensor, tensor

__all__ = [
    "dtype", "COMPATIBLE", "GRAPH_MODE", "LAX", "PYNATIVE_MODE", "STRICT", "Context", "context",
    "get_context", "set_context", "set_seed", "get_seed", "rng", "GraphcError",
    "GraphcInternalError", "SourceLocation",
    "Parameter", "ParameterTuple", "Tensor", "tensor",
]
