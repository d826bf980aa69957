"""graphc.communication: MindSpore's `mindspore.communication` on MPI (mpi4py).

Modules: `management` (init/release, ranks, sizes, groups, `GlobalComm`), `backend` (named
groups, the cross-rank shape check, collective statistics), `transport` (mpi4py and
one-process communicators), `parallel_context` (`set_auto_parallel_context`, `ParallelMode`),
`buckets` (how gradients are packed into one buffer per collective), `checkpoint` (rank 0
writes), `launch` (the `msrun` launcher). Dataset shards (`num_shards`/`shard_id`,
`DistributedSampler`, `shard_indices`) live in `graphc.dataset.samplers`.

mpi4py is imported only when `init()` runs in a process an MPI launcher started.
"""

from . import management
from .management import (
    HCCL_WORLD_COMM_GROUP,
    MCCL_WORLD_COMM_GROUP,
    NCCL_WORLD_COMM_GROUP,
    GlobalComm,
    collective_stats,
    create_group,
    destroy_group,
    get_group_rank_from_world_rank,
    get_group_size,
    get_local_rank,
    get_local_rank_size,
    get_rank,
    get_world_rank_from_group_rank,
    init,
    release,
)
from .parallel_context import (
    ParallelMode,
    get_auto_parallel_context,
    reset_auto_parallel_context,
    set_auto_parallel_context,
)

__all__ = [
    "init", "release", "get_rank", "get_group_size", "get_local_rank", "get_local_rank_size",
    "create_group", "destroy_group", "get_world_rank_from_group_rank",
    "get_group_rank_from_world_rank", "GlobalComm", "HCCL_WORLD_COMM_GROUP",
    "NCCL_WORLD_COMM_GROUP", "MCCL_WORLD_COMM_GROUP", "management", "collective_stats",
    "ParallelMode", "set_auto_parallel_context", "get_auto_parallel_context",
    "reset_auto_parallel_context",
]
