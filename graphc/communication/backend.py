"""The collective backend `ops`' collectives call: named groups over transports, the
cross-rank agreement check, and the time spent in collectives.

Before each collective on more than one process the ranks agree on what they are about to do
(the collective, its reduction or root, the input's shape and dtype) with one small all-reduce
of a few int64s: a mismatch is a ValueError on every rank naming what each rank called, instead
of a hang or a garbled result. A rank that waits there longer than `GRAPHC_COMM_TIMEOUT`
seconds (default 1800, like MindSpore's HCCL_EXEC_TIMEOUT) for the others to arrive raises a
RuntimeError saying so (which, uncaught, ends the job). `GRAPHC_COMM_CHECK=0` turns the check
off.
"""

from __future__ import annotations

import os
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

_DESC = 8  # dims described exactly by the agreement check (the rest by the element count)


@dataclass(slots=True)
class Group:
    """A communication group: its name, the world ranks in it (in group-rank order) and the
    transport (None on a process that is not a member)."""

    name: str
    ranks: tuple[int, ...]
    transport: Any


@dataclass(slots=True)
class CollectiveStats:
    """Counters of the collectives run since the last reset."""

    calls: int = 0
    bytes: int = 0
    seconds: float = 0.0
    by_op: dict[str, int] = field(default_factory=dict)


class GroupBackend:
    """Implements `ops.collective_backend.CollectiveBackend` on a table of named groups."""

    def __init__(self, world_rank: int) -> None:
        self.world_rank = world_rank
        self.groups: dict[str, Group] = {}
        self.stats = CollectiveStats()
        self.check = os.environ.get("GRAPHC_COMM_CHECK", "1") != "0"
        self.timeout = _seconds(os.environ.get("GRAPHC_COMM_TIMEOUT", "1800"))

    # --- groups ----------------------------------------------------------------------------

    def group(self, op: str, name: str) -> Group:
        g = self.groups.get(name)
        if g is None:
            raise RuntimeError(
                f"For '{op}', the communication group '{name}' has not been created. Create it "
                f"with communication.create_group('{name}', rank_ids) on its ranks first "
                f"(groups now: {sorted(self.groups)}).")
        if g.transport is None:
            raise RuntimeError(f"For '{op}', this process (world rank {self.world_rank}) is not "
                               f"a member of the group '{name}' (ranks {list(g.ranks)}).")
        return g

    def group_size(self, op: str, group: str) -> int:
        return self.group(op, group).transport.size

    def group_rank(self, op: str, group: str) -> int:
        return self.group(op, group).transport.rank

    def world_ranks(self, op: str, group: str) -> tuple[int, ...]:
        return self.group(op, group).ranks

    # --- collectives -----------------------------------------------------------------------

    def _run(self, op: str, detail: str, group: str, x: np.ndarray | None, call: Any) -> Any:
        transport = self.group(op, group).transport
        start = time.perf_counter()
        if transport.size > 1 and self.check:
            _agree(f"{op}({detail})" if detail else op, group, transport, x, self.timeout)
        result = call(transport)
        stats = self.stats
        stats.seconds += time.perf_counter() - start
        stats.calls += 1
        stats.bytes += 0 if x is None else x.nbytes
        stats.by_op[op] = stats.by_op.get(op, 0) + 1
        return result

    def all_reduce(self, op: str, x: np.ndarray, reduce: str, group: str) -> np.ndarray:
        return self._run(op, reduce, group, x, lambda t: t.all_reduce(x, reduce))

    def all_gather(self, op: str, x: np.ndarray, group: str) -> np.ndarray:
        return self._run(op, "", group, x, lambda t: t.all_gather(x))

    def reduce_scatter(self, op: str, x: np.ndarray, reduce: str, group: str) -> np.ndarray:
        return self._run(op, reduce, group, x, lambda t: t.reduce_scatter(x, reduce))

    def broadcast(self, op: str, x: np.ndarray, root: int, group: str) -> np.ndarray:
        return self._run(op, f"root_rank={root}", group, x, lambda t: t.broadcast(x, root))

    def barrier(self, op: str, group: str) -> None:
        self._run(op, "", group, None, lambda t: t.barrier())


def _describe(call: str, x: np.ndarray | None) -> np.ndarray:
    code = zlib.crc32(call.encode())
    if x is None:
        return np.array([code, -1, -1, -1] + [-1] * _DESC, np.int64)
    dims = list(x.shape[:_DESC]) + [-1] * (_DESC - min(x.ndim, _DESC))
    return np.array([code, x.ndim, x.dtype.num, x.size] + dims, np.int64)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise ValueError(f"GRAPHC_COMM_TIMEOUT must be a number of seconds > 0, but got "
                         f"{text!r}.")
    return value


def _agree(call: str, group: str, transport: Any, x: np.ndarray | None,
           timeout: float) -> None:
    """Raise the same ValueError on every rank when the ranks are not making the same call
    (collective, reduction/root, input shape and dtype); a RuntimeError when the others do
    not arrive within `timeout` seconds."""
    desc = _describe(call, x)
    both = transport.all_reduce_within(np.concatenate([desc, -desc]), "max", timeout)
    if both is None:
        raise RuntimeError(
            f"For '{call.split('(')[0]}', rank {transport.rank} of group '{group}' waited more "
            f"than {timeout:g} s for the other {transport.size - 1} rank(s) to reach this "
            "collective. A rank is stuck, has failed, or runs a different sequence of "
            "collectives; set GRAPHC_COMM_TIMEOUT (seconds) to wait longer.")
    if np.array_equal(both[:len(desc)], -both[len(desc):]):
        return
    mine = call if x is None else f"{call} of {list(x.shape)} {x.dtype}"
    seen = transport.all_gather_objects(mine)
    listing = ", ".join(f"rank {r} calls {s}" for r, s in enumerate(seen))
    op = call.split("(")[0]
    raise ValueError(f"For '{op}', the ranks of group '{group}' do not make the same "
                     f"collective call: {listing}. Every rank must call the same collective "
                     "with a Tensor of the same shape and dtype, in the same order.")
