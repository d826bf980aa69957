"""MindSpore's `communication.management`: `init`, `release`, ranks, sizes and groups.

A process started by a launcher (`mpirun`/`mpiexec`, or `msrun`, which runs mpiexec) joins the
MPI job through mpi4py when `init()` runs; a process started on its own is a world of one and
never imports MPI. `init()` installs the collective backend `ops.AllReduce` and friends call,
and an exception hook that, in a job of several processes, prints the failing rank's traceback
and ends the job, so the other ranks never wait forever in a collective.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

from ..ops.collective_backend import set_collective_backend
from .backend import CollectiveStats, Group, GroupBackend
from .transport import MPITransport, SoloTransport

HCCL_WORLD_COMM_GROUP = "hccl_world_group"
NCCL_WORLD_COMM_GROUP = "nccl_world_group"
MCCL_WORLD_COMM_GROUP = "mccl_world_group"
_WORLD_NAMES = (HCCL_WORLD_COMM_GROUP, NCCL_WORLD_COMM_GROUP, MCCL_WORLD_COMM_GROUP)
_BACKENDS = {None: HCCL_WORLD_COMM_GROUP, "hccl": HCCL_WORLD_COMM_GROUP,
             "nccl": NCCL_WORLD_COMM_GROUP, "mccl": MCCL_WORLD_COMM_GROUP,
             "mpi": HCCL_WORLD_COMM_GROUP}
# Set by the launchers of MPICH (hydra), Open MPI and PMIx.
_LAUNCH_VARS = ("PMI_RANK", "PMI_SIZE", "OMPI_COMM_WORLD_SIZE", "PMIX_RANK")


class GlobalComm:
    """MindSpore's record of the communication state."""

    BACKEND = "mpi"
    WORLD_COMM_GROUP = HCCL_WORLD_COMM_GROUP
    INITED = False


class _State:
    backend: GroupBackend | None = None
    world: Any = None  # the world transport
    local: tuple[int, int] = (0, 1)  # (local rank, local size)
    hook_installed = False


def launched() -> bool:
    """Whether this process was started by an MPI launcher."""
    return any(v in os.environ for v in _LAUNCH_VARS)


def init(backend_name: str | None = None) -> None:
    """Join the job (or, started without a launcher, make a world of one process)."""
    if backend_name not in _BACKENDS:
        raise RuntimeError("For 'init', the argument 'backend_name' must be one of 'hccl', "
                           f"'nccl', 'mccl' and 'mpi' (or None), but got {backend_name!r}.")
    GlobalComm.WORLD_COMM_GROUP = _BACKENDS[backend_name]
    if _State.backend is not None:
        return  # already initialised: MindSpore's init is idempotent too
    if launched():
        world, local = _join_mpi()
    else:
        world, local = SoloTransport(), (0, 1)
    backend = GroupBackend(world.rank)
    everyone = tuple(range(world.size))
    for name in _WORLD_NAMES:
        backend.groups[name] = Group(name, everyone, world)
    _State.backend, _State.world, _State.local = backend, world, local
    set_collective_backend(backend)
    GlobalComm.INITED = True
    if world.size > 1:
        _install_abort_hook(world)


def _join_mpi() -> tuple[Any, tuple[int, int]]:
    try:
        from mpi4py import MPI
    except ImportError as exc:
        raise RuntimeError("For 'init', this process was started by an MPI launcher but mpi4py "
                           "cannot be imported: install graphc's MPI dependencies with "
                           "`pip install mpi4py mpich` (or `pip install -e '.[mpi]'`).") from exc
    world = MPITransport(MPI.COMM_WORLD)
    node = MPI.COMM_WORLD.Split_type(MPI.COMM_TYPE_SHARED)
    local = (node.Get_rank(), node.Get_size())
    node.Free()
    return world, local


def _install_abort_hook(world: Any) -> None:
    """An uncaught exception on one rank prints its traceback with the rank and ends the whole
    job (the others would otherwise wait in their next collective).

    The rank exits with status 1 without finalising MPI, and the launcher (MPICH's hydra, Open
    MPI's mpirun) then ends the other ranks. MPI_Abort would end them too, but hydra may kill
    the failing rank's output forwarder before it has passed on the traceback just written.
    """
    if _State.hook_installed:
        return
    rank, size = world.rank, world.size

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        sys.stderr.write(f"graphc: rank {rank} of {size} failed; aborting the job.\n{text}")
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(1)

    sys.excepthook = hook
    _State.hook_installed = True


def release() -> None:
    """Free the groups and leave the communication state (init() may be called again)."""
    backend = _State.backend
    if backend is None:
        return
    for g in backend.groups.values():
        if g.name not in _WORLD_NAMES and g.transport is not None:
            g.transport.free()
    _State.backend = None
    set_collective_backend(None)
    GlobalComm.INITED = False


def is_initialized() -> bool:
    return _State.backend is not None


def _backend(op: str) -> GroupBackend:
    if _State.backend is None:
        raise RuntimeError(f"For '{op}', the communication is not initialised: call "
                           "communication.init() first.")
    return _State.backend


def _group_name(group: Any) -> str:
    return GlobalComm.WORLD_COMM_GROUP if group is None else group


def get_rank(group: str | None = None) -> int:
    """This process's rank in `group` (the world by default). Before init(): 0."""
    if _State.backend is None:
        return 0
    return _State.backend.group_rank("get_rank", _group_name(group))


def get_group_size(group: str | None = None) -> int:
    """The number of processes in `group` (the world by default). Before init(): 1."""
    if _State.backend is None:
        return 1
    return _State.backend.group_size("get_group_size", _group_name(group))


def _world_only(op: str, group: Any) -> None:
    if group is not None and group not in _WORLD_NAMES:
        raise ValueError(f"For '{op}', only the world group is supported, but got {group!r}.")


def get_local_rank(group: str | None = None) -> int:
    """This process's rank among the processes on its machine."""
    _world_only("get_local_rank", group)
    return _State.local[0]


def get_local_rank_size(group: str | None = None) -> int:
    """The number of processes of the job on this machine."""
    _world_only("get_local_rank_size", group)
    return _State.local[1]


def create_group(group: str, rank_ids: Any) -> None:
    """Make the group `group` of the world ranks `rank_ids`. Every member calls it (in the
    same order as the other groups it creates); other processes may call it too."""
    backend = _backend("create_group")
    if not isinstance(group, str) or not group:
        raise TypeError(f"For 'create_group', the argument 'group' must be a non-empty str, "
                        f"but got {group!r}.")
    if group in backend.groups:
        raise ValueError(f"For 'create_group', the group '{group}' already exists; destroy it "
                         "first or choose another name.")
    ranks = _check_ranks(rank_ids, _State.world.size)
    me = _State.world.rank
    transport: Any = None
    if me in ranks:
        if isinstance(_State.world, SoloTransport):
            transport = SoloTransport()
        else:
            comm = _State.world.comm
            sub = comm.Create_group(comm.Get_group().Incl(list(ranks)))
            transport = MPITransport(sub)
    backend.groups[group] = Group(group, ranks, transport)


def _check_ranks(rank_ids: Any, size: int) -> tuple[int, ...]:
    if not isinstance(rank_ids, (list, tuple)) or not rank_ids:
        raise TypeError("For 'create_group', the argument 'rank_ids' must be a non-empty list "
                        f"of ints, but got {rank_ids!r}.")
    ranks = tuple(rank_ids)
    if any(not isinstance(r, int) or isinstance(r, bool) or not 0 <= r < size for r in ranks):
        raise ValueError(f"For 'create_group', every rank id must be an int in [0, {size}), "
                         f"but got {list(ranks)}.")
    if len(set(ranks)) != len(ranks):
        raise ValueError(f"For 'create_group', the rank ids must be distinct, but got "
                         f"{list(ranks)}.")
    return ranks


def destroy_group(group: str) -> None:
    """Free the group `group` (made by create_group)."""
    backend = _backend("destroy_group")
    if group in _WORLD_NAMES:
        raise ValueError(f"For 'destroy_group', the world group '{group}' cannot be destroyed.")
    g = backend.groups.pop(group, None)
    if g is None:
        raise ValueError(f"For 'destroy_group', the group '{group}' has not been created.")
    if g.transport is not None:
        g.transport.free()


def get_world_rank_from_group_rank(group: str, group_rank_num: int) -> int:
    """The world rank of the process with rank `group_rank_num` in `group`."""
    ranks = _backend("get_world_rank_from_group_rank").groups.get(group)
    if ranks is None or not 0 <= group_rank_num < len(ranks.ranks):
        raise ValueError(f"For 'get_world_rank_from_group_rank', no rank {group_rank_num} in "
                         f"the group '{group}'.")
    return ranks.ranks[group_rank_num]


def get_group_rank_from_world_rank(world_rank_id: int, group: str) -> int:
    """The rank in `group` of the process with world rank `world_rank_id`."""
    g = _backend("get_group_rank_from_world_rank").groups.get(group)
    if g is None or world_rank_id not in g.ranks:
        raise ValueError(f"For 'get_group_rank_from_world_rank', the world rank "
                         f"{world_rank_id} is not in the group '{group}'.")
    return g.ranks.index(world_rank_id)


def collective_stats(reset: bool = False) -> CollectiveStats:
    """The counters of the collectives run (calls, bytes sent per rank, seconds spent);
    with `reset`, they start again from zero after being returned."""
    backend = _backend("collective_stats")
    stats = backend.stats
    if reset:
        backend.stats = CollectiveStats()
    return stats
