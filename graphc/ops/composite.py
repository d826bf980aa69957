"""MindSpore's `mindspore.ops.composite` (`from mindspore.ops import composite as C`): the
functions built from other functions — `MultitypeFuncGraph`, `HyperMap`, `Map`, `ones_like`,
`zeros_like`, the functional ops MindSpore also spells here (`C.clip_by_value`, `C.matmul`,
...), and `GradOperation` (put here by the public layer, `graphc.layout`, as autodiff sits
above `ops`)."""

from . import OP_MODULES
from .catalog import functional_ops
from .multitype import HyperMap, Map, MultitypeFuncGraph
from .shape_ops import ones_like, zeros_like

# The functional ops MindSpore's `composite` also holds; each is taken from the op modules
# when graphc defines it (the same object as `ops.<name>`).
MINDSPORE_COMPOSITE_OPS = (
    "clip_by_global_norm", "clip_by_value", "matmul", "repeat_elements", "repeat_interleave",
    "uniform", "normal", "sequence_mask", "tensor_dot", "dot", "batch_dot", "gamma",
    "poisson", "multinomial", "laplace",
)

_defined = functional_ops(OP_MODULES)
globals().update({name: _defined[name] for name in MINDSPORE_COMPOSITE_OPS if name in _defined})

__all__ = ["HyperMap", "Map", "MultitypeFuncGraph", "ones_like", "zeros_like"] + [
    name for name in MINDSPORE_COMPOSITE_OPS if name in _defined]
