"""Run by the tests under `mpiexec -n 2` or `msrun`: misuse that must end the job with a clear
error. `bad_job.py CASE` with CASE one of shapes, calls, group, raise, kill, hang (a rank that never
reaches the collective: only a timeout ends it)."""

import os
import signal
import sys
import time

import numpy as np

import graphc as ms
from graphc import communication as comm
from graphc import ops

case = sys.argv[1]
comm.init()
rank = comm.get_rank()
if case == "shapes":  # the ranks pass different shapes: each rank raises, naming both
    try:
        ops.AllReduce()(ms.Tensor(np.ones((2, 3 + rank), np.float32)))
    except ValueError as exc:
        print(f"rank {rank}: {exc}", flush=True)
        ops.Barrier()()  # the check left the ranks in step: both print before either exits
        sys.exit(3)
elif case == "calls":  # the ranks call different collectives
    try:
        x = ms.Tensor(np.ones(4, np.float32))
        ops.AllReduce()(x) if rank == 0 else ops.AllGather()(x)
    except ValueError as exc:
        print(f"rank {rank}: {exc}", flush=True)
        ops.Barrier()()  # the check left the ranks in step: both print before either exits
        sys.exit(3)
elif case == "group":  # a group nobody created
    ops.AllReduce(group="never_created")(ms.Tensor(np.ones(2, np.float32)))
elif case == "raise":  # rank 1 fails; rank 0 would wait in its collective forever
    if rank == 1:
        raise ZeroDivisionError("rank one divided by zero")
    ops.AllReduce()(ms.Tensor(np.ones(2, np.float32)))
elif case == "kill":  # rank 1 is killed mid-run while rank 0 waits in a collective
    ops.Barrier()()
    if rank == 1:
        time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGKILL)
    ops.AllReduce()(ms.Tensor(np.ones(2, np.float32)))
elif case == "hang":
    if rank == 1:
        ops.Barrier()()
time.sleep(60)  # never reached (but by "hang"): a hang here would fail the test by its timeout
