"""One worker of an `msrun` job: `python -m graphc.communication.worker LOG_DIR SCRIPT ARGS...`.

mpiexec starts one per rank. It sends the rank's stdout and stderr (file descriptors too) to
`LOG_DIR/worker_{rank}.log`, sets the environment MindSpore scripts read (RANK_ID, RANK_SIZE,
LOCAL_RANK, DEVICE_ID, MS_WORKER_NUM, MS_NODE_ID), runs SCRIPT as `__main__`, and ends the log
with an exit line. An exception escaping the script is written to the log with the rank and
ends the whole job (MPI_Abort when MPI is up), so no other rank waits forever.
"""

from __future__ import annotations

import os
import runpy
import sys
import traceback
from pathlib import Path

from .liveness import WorkerLink

EXIT_MARK = "[graphc worker {rank}] exited with code {code}"
START_MARK = "[graphc worker {rank}] pid {pid}"
FAIL_MARK = "graphc: rank {rank} of {size} failed"


def _rank_and_size() -> tuple[int, int]:
    for rank_var, size_var in (("PMI_RANK", "PMI_SIZE"),
                               ("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE")):
        if rank_var in os.environ:
            return int(os.environ[rank_var]), int(os.environ.get(size_var, "1"))
    return 0, 1


def _redirect(log: Path) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)
    sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)


def main(argv: list[str]) -> int:
    log_dir, script, args = Path(argv[0]), argv[1], argv[2:]
    rank, size = _rank_and_size()
    log_dir.mkdir(parents=True, exist_ok=True)
    _redirect(log_dir / f"worker_{rank}.log")
    print(START_MARK.format(rank=rank, pid=os.getpid()), flush=True)
    link = WorkerLink(rank)
    local = os.environ.get("MPI_LOCALRANKID", os.environ.get("OMPI_COMM_WORLD_LOCAL_RANK",
                                                             str(rank)))
    os.environ.update(RANK_ID=str(rank), RANK_SIZE=str(size), LOCAL_RANK=local,
                      DEVICE_ID=local, MS_WORKER_NUM=str(size), MS_NODE_ID=str(rank),
                      MS_ROLE="MS_WORKER")
    sys.argv = [script, *args]
    sys.path.insert(0, str(Path(script).resolve().parent))
    code = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    except BaseException:
        text = traceback.format_exc()
        sys.stderr.write(FAIL_MARK.format(rank=rank, size=size) + "; aborting the job.\n" + text)
        code = 1
    print(EXIT_MARK.format(rank=rank, code=code), flush=True)
    link.exited(code)
    if code:
        _abort(code)
    return code


def _abort(code: int) -> None:
    """End the job: MPI_Abort if this process joined MPI, else just exit (mpiexec then ends
    the other ranks, as it does for any rank that exits with an error)."""
    mpi = sys.modules.get("mpi4py.MPI")
    sys.stdout.flush()
    sys.stderr.flush()
    if mpi is not None and mpi.Is_initialized() and not mpi.Is_finalized():
        mpi.COMM_WORLD.Abort(code)
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
