"""The hook between the collective primitives (ops) and the communication layer above ops.

`graphc.communication.init()` installs a `CollectiveBackend` (processes, named groups,
transport) with `set_collective_backend`; the primitives of `comm_ops.py` and the functions of
`comm_func.py` call it through `collective_backend(op)`, a RuntimeError naming `op` while none is
installed.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

WORLD_GROUP = "hccl_world_group"  # MindSpore's default `group` argument


class CollectiveBackend(Protocol):
    """What the collectives need from the communication layer. Arrays in, arrays out; every
    method is called by all ranks of `group` in the same order."""

    def group_size(self, op: str, group: str) -> int: ...

    def group_rank(self, op: str, group: str) -> int: ...

    def world_ranks(self, op: str, group: str) -> tuple[int, ...]: ...

    def all_reduce(self, op: str, x: np.ndarray, reduce: str, group: str) -> np.ndarray: ...

    def all_gather(self, op: str, x: np.ndarray, group: str) -> np.ndarray: ...

    def reduce_scatter(self, op: str, x: np.ndarray, reduce: str, group: str) -> np.ndarray: ...

    def broadcast(self, op: str, x: np.ndarray, root: int, group: str) -> np.ndarray: ...

    def barrier(self, op: str, group: str) -> None: ...


class CommHandle:
    """The handle of a collective started with `async_op=True` (already complete)."""

    def wait(self) -> None:
        return None

    def is_completed(self) -> bool:
        return True


_backend: list[CollectiveBackend] = []


def set_collective_backend(backend: CollectiveBackend | None) -> None:
    """Install (or, with None, remove) the backend the collectives call."""
    _backend.clear()
    if backend is not None:
        _backend.append(backend)


def collective_backend(op: str) -> CollectiveBackend:
    """The installed backend; a RuntimeError naming `op` when communication is not set up."""
    if not _backend:
        raise RuntimeError(f"For '{op}', the communication is not initialised: call "
                           "graphc.communication.init() (mindspore.communication.init()) "
                           "before using collective operators.")
    return _backend[0]
