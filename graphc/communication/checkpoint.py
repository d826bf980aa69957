"""Checkpoints in data-parallel runs: rank 0 writes, every rank can then read.

Every rank holds the same Parameters (the reduced gradients make the optimiser steps equal), so
one copy is enough: `save_on_rank_zero(save, *args)` calls `save(*args)` on world rank 0 only,
then waits (a barrier) so no rank reads the file before it is complete; every rank must call it
(it synchronises). Outside a job of several processes it is just `save(*args)`. graphc's own
`save_checkpoint` needs no such step: it writes atomically, so ranks saving one path never
clobber each other and none waits for another.
"""

from __future__ import annotations

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
