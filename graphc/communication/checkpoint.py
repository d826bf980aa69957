"""Checkpoints in data-parallel runs: rank 0 writes, every rank can then read.

Every rank holds the same Parameters (the reduced gradients make the optimiser steps equal), so
one copy is enough: `save_on_rank_zero(save, *args)` calls `save(*args)` on world rank 0 only,
then waits (a barrier) so no rank reads the file before it is complete. Outside a job of several
processes it is just `save(*args)`. `save_to_path(save, path)` is what graphc's
`save_checkpoint` calls in DATA_PARALLEL runs: the ranks whose path is rank 0's leave the file to
rank 0, a rank given a path of its own (per-rank directories) writes that one. Every rank of the
job must call them (they synchronise).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import Any

import numpy as np

from ..ops.collective_backend import collective_backend
from . import management


def is_checkpoint_writer() -> bool:
    """Whether this process writes the checkpoints (world rank 0, or not in a job)."""
    return management.get_rank() == 0


def save_on_rank_zero(save: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Run `save(*args, **kwargs)` on rank 0 only, then synchronise; True where it ran."""
    wrote = is_checkpoint_writer()
    error: BaseException | None = None
    if wrote:
        try:
            save(*args, **kwargs)
        except BaseException as exc:  # the others must not wait for a file that never comes
            error = exc
    if management.get_group_size() > 1:
        backend = collective_backend("save_checkpoint")
        world = management.GlobalComm.WORLD_COMM_GROUP
        failed = backend.broadcast("save_checkpoint", np.array([error is not None]), 0, world)
        if bool(failed[0]) and error is None:
            raise RuntimeError("save_checkpoint: rank 0 failed to write the checkpoint; see "
                               "its log for the error.")
    if error is not None:
        raise error
    return wrote


def save_to_path(save: Callable[[str], Any], path: str) -> bool:
    """`save(path)` where it is needed: on rank 0, and on any rank whose `path` is not rank 0's;
    the ranks sharing rank 0's path wait for rank 0's file instead of rewriting it. True where
    this process wrote."""
    if management.get_group_size() == 1:
        save(path)
        return True
    digest = hashlib.sha256(os.path.abspath(path).encode()).digest()[:8]
    mine = np.frombuffer(digest, np.int64).copy()
    backend = collective_backend("save_checkpoint")
    root = backend.broadcast("save_checkpoint", mine, 0, management.GlobalComm.WORLD_COMM_GROUP)
    own = not is_checkpoint_writer() and not np.array_equal(root, mine)
    error: BaseException | None = None
    if own:
        try:
            save(path)
        except BaseException as exc:  # still join rank 0's barrier below
            error = exc
    wrote = save_on_rank_zero(save, path)
    if error is not None:
        raise error
    return wrote or own
