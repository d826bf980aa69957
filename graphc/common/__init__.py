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

# MindSpore's `mindspore.common` layout: the `api`, `initializer`, `parameter` and `dtype`
# modules, `mutable` the function, and the dtypes by name.
from . import api, initializer, parameter, sparse_tensor  # noqa: E402
from .dtype import (  # noqa: E402
    bool_,
    dtype_to_nptype,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    list_,
    number,
    tensor_type,
    tuple_,
    uint8,
)
from .mutable_input import mutable  # noqa: E402
from .sparse_tensor import COOTensor, CSRTensor, RowTensor, RowTensorInner  # noqa: E402
