"""graphc.ops: the primitive table and its MindSpore spellings.

Functional ops (`ops.add(x, y)`, `ops.reduce_sum(x, axis)`) and primitive classes
(`ops.Add()(x, y)`, `ops.ReduceSum(keep_dims=True)(x, axis)`) are gathered here from the
modules that define them (`OP_MODULES`); every primitive is in `PRIMITIVES`. Importing this
package also attaches the operators and methods of `Tensor` (`tensor_methods`). `math_ops`,
`array_ops` and `nn_ops` keep re-exporting the names they used to define.
"""

from types import ModuleType as _ModuleType

from . import (
    activation_ops,
    arith_ops,
    array_methods,
    array_ops,
    compare_ops,
    conv_ops,
    creation_ops,
    gather_ops,
    index_ops,
    join_ops,
    linalg_ops,
    loss_ops,
    math_classes,
    math_methods,
    math_ops,
    nn_ops,
    norm_ops,
    reduce_ops,
    shape_ops,
    state_ops,
)
from .catalog import defined_names
from .primitive import (
    PRIMITIVES,
    Primitive,
    PrimitiveDef,
    PrimitiveOp,
    PrimitiveWithCheck,
    PrimitiveWithInfer,
    TensorSpec,
    apply,
    constexpr,
    prim_attr_register,
)

# The modules that define ops (functions, primitive classes, Tensor methods), lowest first.
OP_MODULES: tuple[_ModuleType, ...] = (
    shape_ops, join_ops, gather_ops, index_ops, creation_ops, array_methods,
    arith_ops, compare_ops, reduce_ops, linalg_ops, math_classes, math_methods,
    activation_ops, conv_ops, norm_ops, loss_ops, state_ops,
)
# More ops of MindSpore programs (issue 16): 3-D convolution, in-place Tensor methods, small
# element-wise ops.
from . import conv3d_ops, inplace_ops, misc_ops  # noqa: E402

OP_MODULES += (conv3d_ops, inplace_ops, misc_ops)
# Ops of MindSpore programs beyond the core set (issue 16), each module one family.
from . import (  # noqa: E402
    bbox_ops,
    clip_ops,
    loss_classes,
    random_ops,
    sort_ops,
    spatial_ops,
    utility_ops,
)

OP_MODULES += (sort_ops, utility_ops, spatial_ops, clip_ops, loss_classes, random_ops,
               bbox_ops)

from . import comm_ops  # noqa: E402  (collectives: AllReduce, AllGather, ..., ReduceOp)

OP_MODULES += (comm_ops,)

from . import comm_func  # noqa: E402  (MindSpore 2.10's in-place ops.all_reduce, ...)

OP_MODULES += (comm_func,)

# Ops of the MindSpore names 20+ public programs use (issue 16): overflow status, NMS.
from . import detection_ops, status_ops  # noqa: E402

OP_MODULES += (detection_ops, status_ops)
from . import grid_pool_ops, scalar_ops  # noqa: E402

OP_MODULES += (grid_pool_ops, scalar_ops)
from . import depth_space_ops, loss_prim_ops, scatter_update_ops  # noqa: E402

OP_MODULES += (depth_space_ops, loss_prim_ops, scatter_update_ops)
# Primitives MindSpore's PIJit suite reaches (issue 13): Dense, InplaceAdd/Sub, Median.
from . import dense_ops, dtype_methods, inplace_index_ops, median_ops, variance_ops  # noqa: E402

OP_MODULES += (dense_ops, dtype_methods, inplace_index_ops, median_ops, variance_ops)


for _module in OP_MODULES:
    globals().update(defined_names(_module))

from . import tensor_methods as _tensor_methods  # noqa: E402  (needs the ops above)

_tensor_methods.install(OP_MODULES)

# MindSpore's module layout inside `ops`: `ops.operations` (P), `ops.composite` (C),
# `ops.functional` (F), and the type-dispatched functions they share.
from . import composite, functional, operations  # noqa: E402
from .multitype import HyperMap, Map, MultitypeFuncGraph  # noqa: E402
from .vmap import vmap  # noqa: E402  (MindSpore's ops.vmap, a loop over the mapped axis)
