"""MindSpore's `mindspore.ops.operations.math_ops` (`from mindspore.ops.operations.math_ops import
Median`): the primitive classes of graphc's math op modules, under the module path MindSpore's
programs import them from."""

from .. import OP_MODULES
from ..catalog import primitive_classes

globals().update(primitive_classes(OP_MODULES))
