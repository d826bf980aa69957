"""MindSpore's `mindspore.ops.functional` (`from mindspore.ops import functional as F`): every
functional op of `graphc.ops` (the same objects), plus `partial`, `grad`, `value_and_grad` (put
here by the public layer, `graphc.layout`, as they live above `ops`)."""

import functools
from typing import Any

from ..common.mutable_input import DynamicLengthList, DynamicLengthTuple, MutableList, MutableTuple
from . import OP_MODULES
from .catalog import functional_ops
from .multitype import HyperMap, Map, MultitypeFuncGraph
from .vmap import vmap

globals().update(functional_ops(OP_MODULES))

partial = functools.partial


def is_sequence_value_unknown(x: Any) -> bool:
    """Whether the items of the tuple or list `x` are run-time values: `mutable(...)` ones."""
    return isinstance(x, (MutableTuple, MutableList))


def is_sequence_shape_unknown(x: Any) -> bool:
    """Whether the length of the tuple or list `x` is a run-time value:
    `mutable(..., dynamic_len=True)`."""
    return isinstance(x, (DynamicLengthTuple, DynamicLengthList))

__all__ = sorted(functional_ops(OP_MODULES)) + [
    "partial", "vmap", "HyperMap", "Map", "MultitypeFuncGraph", "is_sequence_value_unknown",
    "is_sequence_shape_unknown"]
