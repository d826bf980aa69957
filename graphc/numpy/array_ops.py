"""`mindspore.numpy`'s element choice: `where(condition, x, y)`.

MindSpore 2.10 turns Python numbers and sequences into Tensors first (floats Float32, ints
Int32), then broadcasts the three and gives the promoted dtype of `x` and `y`; a nonzero
condition picks `x`. Like MindSpore's, the one-argument form is refused (TypeError).
"""

from __future__ import annotations

from typing import Any

from .. import ops
from ..common import dtype as mstype
from ..common.tensor import Tensor

__all__ = ["where"]


def where(condition: Any, x: Any = None, y: Any = None) -> Tensor:
    """Elements of `x` where `condition` is nonzero, else of `y` (broadcast together);
    differentiable in `x` and `y`."""
    from . import asarray  # the package's array conversion (it imports this module)

    if x is None or y is None:
        raise TypeError("For 'mindspore.numpy.where', x and y must both be given: expect "
                        "input to be array like.")
    cond, x, y = asarray(condition), asarray(x), asarray(y)
    if cond.dtype != mstype.bool_:
        cond = ops.not_equal(cond, 0)
    dtype = mstype.promote(x.dtype, y.dtype)
    x = x if x.dtype == dtype else ops.cast(x, dtype)
    y = y if y.dtype == dtype else ops.cast(y, dtype)
    return ops.select(cond, x, y)  # select broadcasts the three
