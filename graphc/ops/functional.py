"""MindSpore's `mindspore.ops.functional` (`from mindspore.ops import functional as F`): every
functional op of `graphc.ops` (the same objects), plus `partial`, `grad`, `value_and_grad` (put
here by the public layer, `graphc.layout`, as they live above `ops`)."""

import functools

from . import OP_MODULES
from .catalog import functional_ops
from .multitype import HyperMap, Map, MultitypeFuncGraph

globals().update(functional_ops(OP_MODULES))

partial = functools.partial

__all__ = sorted(functional_ops(OP_MODULES)) + [
    "partial", "HyperMap", "Map", "MultitypeFuncGraph"]
