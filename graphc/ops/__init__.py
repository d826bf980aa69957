"""graphc.ops: the primitive table and its MindSpore spellings.

Functional ops (`ops.add(x, y)`, `ops.reduce_sum(x, axis)`) and primitive classes
(`ops.Add()(x, y)`, `ops.ReduceSum(keep_dims=True)(x, axis)`) are gathered here from the
modules that define them; every primitive is in `PRIMITIVES`. Importing this package also
attaches the operators and methods of `Tensor` (`tensor_methods`).
"""

from types import ModuleType as _ModuleType

from . import (
    activation_ops,
    array_ops,
    conv_ops,
    loss_ops,
    math_ops,
    nn_ops,
    norm_ops,
    state_ops,
)
from .primitive import PRIMITIVES, Primitive, PrimitiveOp, TensorSpec, apply


def _public_names(module: _ModuleType) -> dict[str, object]:
    """The functions and primitive classes `module` defines (not imports), by name."""
    return {
        name: value for name, value in vars(module).items()
        if not name.startswith("_") and not name.isupper() and callable(value)
        and getattr(value, "__module__", None) == module.__name__
    }


for _module in (array_ops, math_ops, activation_ops, conv_ops, norm_ops, loss_ops, state_ops):
    globals().update(_public_names(_module))

from . import tensor_methods as _tensor_methods  # noqa: E402  (needs the ops above)

_tensor_methods.install()
