"""MindSpore's `mindspore.ops.operations` (`from mindspore.ops import operations as P`): every
primitive class of `graphc.ops` (`P.Add is ops.Add`). The private submodules MindSpore's own
programs import (`_sequence_ops`, `_inner_ops`) hold the primitives on Python sequences and
types. `TensorAdd` is MindSpore's deprecated name for `Add`."""

from .. import OP_MODULES
from ..catalog import primitive_classes

globals().update(primitive_classes(OP_MODULES))

# MindSpore's deprecated spellings (its `ops.deprecated`), still accepted: old name -> class.
DEPRECATED = {"TensorAdd": "Add"}
globals().update({old: globals()[new] for old, new in DEPRECATED.items()})

__all__ = sorted([*primitive_classes(OP_MODULES), *DEPRECATED])
