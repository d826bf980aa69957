"""MindSpore's `mindspore.ops.composite` (`from mindspore.ops import composite as C`): the
functions built from other functions — `MultitypeFuncGraph`, `HyperMap`, `Map`, `ones_like`,
`zeros_like`, and `GradOperation` / `grad` / `value_and_grad` (put here by the public layer,
`graphc.layout`, as autodiff sits above `ops`)."""

from .multitype import HyperMap, Map, MultitypeFuncGraph
from .shape_ops import ones_like, zeros_like

__all__ = ["HyperMap", "Map", "MultitypeFuncGraph", "ones_like", "zeros_like"]
