"""`nn.DistributedGradReducer`: gradients summed (or averaged) over the processes of a
data-parallel job, one all-reduce per bucket of flattened gradients."""

from __future__ import annotations

from typing import Any

from .. import ops
from ..communication.buckets import DEFAULT_BUCKET_BYTES, plan_buckets
from ..communication.management import GlobalComm, get_group_size
from ..communication.parallel_context import (
    get_device_num,
    get_fusion_split,
    get_gradients_mean,
    get_parameter_broadcast,
    is_data_parallel,
)
from ..ops.comm_ops import AllReduce, Broadcast, ReduceOp
from .cell import Cell


class DistributedGradReducer(Cell):
    """`nn.DistributedGradReducer(parameters, mean=None, degree=None, fusion_type=1,
    group=GlobalComm.WORLD_COMM_GROUP)`: `reducer(grads)` returns the gradients of
    `parameters` summed over the ranks of `group`, divided by `degree` (the group size by
    default) when `mean` (by default the context's `gradients_mean`). Gradients are packed
    into buckets of at most `bucket_bytes` (one dtype each, a new one also at each index of
    the context's `all_reduce_fusion_config`): one collective per bucket."""

    def __init__(self, parameters: Any, mean: bool | None = None, degree: int | None = None,
                 fusion_type: int = 1, group: str | None = None,
                 bucket_bytes: int = DEFAULT_BUCKET_BYTES) -> None:
        super().__init__(auto_prefix=False)
        params = list(parameters)
        if mean is not None and not isinstance(mean, bool):
            raise TypeError(f"For 'DistributedGradReducer', the 'mean' must be a bool or None, "
                            f"but got {type(mean).__name__}.")
        group = GlobalComm.WORLD_COMM_GROUP if group is None else group
        if degree is None:
            degree = get_group_size(group)
        if not isinstance(degree, int) or isinstance(degree, bool) or degree <= 0:
            raise ValueError("For 'DistributedGradReducer', parameter 'degree' in "
                             "DistributedGradReducer should large than 0 and be int, degree: "
                             f"{degree}.")
        if not isinstance(fusion_type, int) or isinstance(fusion_type, bool):
            raise TypeError(f"For 'DistributedGradReducer', the 'fusion_type' must be an int, "
                            f"but got {type(fusion_type).__name__}.")
        self.mean = get_gradients_mean() if mean is None else mean
        self.degree = degree
        self.group = group
        self.scale = 1.0 / degree
        self.allreduce = AllReduce(ReduceOp.SUM, group)
        self.num_grads = len(params)
        self.buckets = plan_buckets([tuple(p.shape) for p in params],
                                    [p.dtype.np_dtype.name for p in params], bucket_bytes,
                                    get_fusion_split())

    def construct(self, grads: Any) -> Any:
        grads = tuple(grads)
        if len(grads) != self.num_grads:
            raise ValueError(f"For 'DistributedGradReducer', expected {self.num_grads} "
                             f"gradients (one per Parameter), but got {len(grads)}.")
        out = list(grads)
        for bucket in self.buckets:
            flat = ops.concat([ops.reshape(grads[i], (-1,)) for i in bucket.indices])
            total = self.allreduce(flat)
            if self.mean:
                total = total * self.scale
            pieces = ops.split(total, bucket.sizes) if len(bucket.sizes) > 1 else (total,)
            for i, shape, piece in zip(bucket.indices, bucket.shapes, pieces):
                out[i] = ops.reshape(piece, shape)
        return tuple(out)


def gradient_reducer_for(parameters: Any) -> DistributedGradReducer | None:
    """The reducer a training step of `parameters` needs under the current parallel context:
    a `DistributedGradReducer(parameters, gradients_mean, device_num)` in DATA_PARALLEL mode,
    None otherwise (MindSpore's TrainOneStepCell rule; `Model` and custom steps use it too)."""
    if not is_data_parallel():
        return None
    parameters = list(parameters)
    if get_parameter_broadcast():
        broadcast_parameters(parameters)
    return DistributedGradReducer(parameters, get_gradients_mean(), get_device_num())


def broadcast_parameters(parameters: Any, root_rank: int = 0) -> None:
    """Every rank's `parameters` take the values of rank `root_rank`'s (one broadcast per
    bucket of Parameters); MindSpore does this when `parameter_broadcast=True`."""
    params = list(parameters)
    if get_group_size() == 1:
        return
    for bucket in plan_buckets([tuple(p.shape) for p in params],
                               [p.dtype.np_dtype.name for p in params]):
        flat = ops.concat([ops.reshape(params[i], (-1,)) for i in bucket.indices])
        (root,) = Broadcast(root_rank, GlobalComm.WORLD_COMM_GROUP)((flat,))
        pieces = ops.split(root, bucket.sizes) if len(bucket.sizes) > 1 else (root,)
        for i, shape, piece in zip(bucket.indices, bucket.shapes, pieces):
            params[i].set_data(ops.reshape(piece, shape))
