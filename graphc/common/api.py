"""MindSpore's `mindspore.common.api`: `jit`, `jit_class` and `JitConfig` (graphc's compiler
entry points; they live in `graphc.runtime`, above `common`, and the public layer
`graphc.layout` puts them here), `mutable`, and the `Tensor` and `Parameter` classes."""

from .mutable_input import mutable
from .parameter import Parameter
from .tensor import Tensor

__all__ = ["Parameter", "Tensor", "mutable"]  # (and jit, jit_class, JitConfig: graphc.layout)
