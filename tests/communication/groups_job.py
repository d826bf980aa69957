"""Run by test_mpi_jobs.py under `mpiexec -n 4`: two groups of two ranks each ([0, 2] and
[1, 3]) made with create_group; each group's collectives see only its own ranks."""

import numpy as np

import graphc as ms
from graphc import communication as comm
from graphc import ops

comm.init()
rank = comm.get_rank()
comm.create_group("even", [0, 2])
comm.create_group("odd", [1, 3])
group = "even" if rank % 2 == 0 else "odd"
x = ms.Tensor(np.array([rank], np.float32))
assert float(ops.AllReduce(group=group)(x).asnumpy()[0]) == (2.0 if group == "even" else 4.0)
assert ops.AllGather(group=group)(x).asnumpy().tolist() == ([0, 2] if group == "even"
                                                           else [1, 3])
assert (comm.get_rank(group), comm.get_group_size(group)) == (rank // 2, 2)
assert comm.get_world_rank_from_group_rank(group, 1) == (2 if group == "even" else 3)
assert (comm.get_local_rank(), comm.get_local_rank_size()) == (rank, 4)
comm.destroy_group("even")
comm.destroy_group("odd")
print(f"rank {rank}: groups OK", flush=True)
