"""Transports: the processes of one communicator and the array collectives on them.

`MPITransport` wraps an mpi4py communicator (imported only when a launched job starts, so
`import graphc` never loads MPI); `SoloTransport` is the one-process world of a script started
without a launcher. Both move NumPy arrays; the group bookkeeping, checks and statistics live in
`backend.py`.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

# dtypes MPI has no type for travel as a wider one
_WIDEN = {np.dtype(np.float16): np.dtype(np.float32)}


def _wire(x: np.ndarray) -> np.ndarray:
    wide = _WIDEN.get(x.dtype)
    return np.asarray(x if wide is None else x.astype(wide), order="C")  # keeps 0-d shapes


class SoloTransport:
    """A communicator of one process: every collective is the identity (a copy)."""

    rank = 0
    size = 1

    def all_reduce(self, x: np.ndarray, reduce: str) -> np.ndarray:
        return np.array(x, copy=True)

    def all_gather(self, x: np.ndarray) -> np.ndarray:
        return np.array(x, copy=True)

    def reduce_scatter(self, x: np.ndarray, reduce: str) -> np.ndarray:
        return np.array(x, copy=True)

    def broadcast(self, x: np.ndarray, root: int) -> np.ndarray:
        return np.array(x, copy=True)

    def barrier(self) -> None:
        pass

    def all_gather_objects(self, obj: Any) -> list[Any]:
        return [obj]

    def all_reduce_within(self, x: np.ndarray, reduce: str, seconds: float) -> np.ndarray | None:
        return np.array(x, copy=True)

    def free(self) -> None:
        pass


class MPITransport:
    """The collectives of an mpi4py communicator on NumPy buffers."""

    def __init__(self, comm: Any) -> None:
        from mpi4py import MPI
        self.comm = comm
        self.rank = comm.Get_rank()
        self.size = comm.Get_size()
        self._ops = {"sum": MPI.SUM, "max": MPI.MAX, "min": MPI.MIN, "prod": MPI.PROD}

    def all_reduce(self, x: np.ndarray, reduce: str) -> np.ndarray:
        send = _wire(x)
        out = np.empty_like(send)
        self.comm.Allreduce(send, out, op=self._ops[reduce])
        return out.astype(x.dtype, copy=False)

    def all_gather(self, x: np.ndarray) -> np.ndarray:
        send = _wire(x)
        out = np.empty((self.size,) + send.shape, send.dtype)
        self.comm.Allgather(send, out)
        return out.reshape((self.size * x.shape[0],) + x.shape[1:]).astype(x.dtype, copy=False)

    def reduce_scatter(self, x: np.ndarray, reduce: str) -> np.ndarray:
        send = _wire(x)
        out = np.empty((x.shape[0] // self.size,) + x.shape[1:], send.dtype)
        self.comm.Reduce_scatter_block(send, out, op=self._ops[reduce])
        return out.astype(x.dtype, copy=False)

    def broadcast(self, x: np.ndarray, root: int) -> np.ndarray:
        buf = np.array(_wire(x), copy=True)
        self.comm.Bcast(buf, root=root)
        return buf.astype(x.dtype, copy=False)

    def barrier(self) -> None:
        self.comm.Barrier()

    def all_gather_objects(self, obj: Any) -> list[Any]:
        return self.comm.allgather(obj)

    def all_reduce_within(self, x: np.ndarray, reduce: str, seconds: float) -> np.ndarray | None:
        """`all_reduce` that gives up (returns None) when the other ranks have not all joined
        within `seconds`: a non-blocking all-reduce, polled with a growing pause."""
        send = _wire(x)
        out = np.empty_like(send)
        request = self.comm.Iallreduce(send, out, op=self._ops[reduce])
        deadline = time.monotonic() + seconds
        pause = 0.0
        while not request.Test():
            if time.monotonic() > deadline:
                return None
            time.sleep(pause)
            pause = min(2e-4, pause * 2 + 1e-6)
        return out.astype(x.dtype, copy=False)

    def free(self) -> None:
        from mpi4py import MPI
        if self.comm not in (MPI.COMM_WORLD, MPI.COMM_SELF) and self.comm != MPI.COMM_NULL:
            self.comm.Free()
