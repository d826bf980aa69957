"""MindSpore's `mindspore.context` (`from mindspore import context`): the execution settings
(`set_context`, `get_context`, GRAPH_MODE / PYNATIVE_MODE, the JIT syntax levels) and the
auto-parallel settings (`ParallelMode`, `set/get/reset_auto_parallel_context`). The same
objects as `graphc.set_context` etc.; they live in `graphc.common` and, for the
auto-parallel settings, in `graphc.communication`."""

from .common.context import (
    COMPATIBLE,
    GRAPH_MODE,
    LAX,
    PYNATIVE_MODE,
    STRICT,
    get_context,
    set_context,
)
from .communication.parallel_context import (
    ParallelMode,
    get_auto_parallel_context,
    reset_auto_parallel_context,
    set_auto_parallel_context,
)

__all__ = [
    "COMPATIBLE", "GRAPH_MODE", "LAX", "PYNATIVE_MODE", "STRICT", "get_context", "set_context",
    "ParallelMode", "get_auto_parallel_context", "reset_auto_parallel_context",
    "set_auto_parallel_context",
]
