"""`msrun`: MindSpore's launcher for a data-parallel job on this machine, on MPI.

    msrun --worker_num=2 --local_worker_num=2 [--master_addr=127.0.0.1] [--master_port=8118]
          [--log_dir=msrun_log] [--join=True] [--timeout=SECONDS] train.py [args...]

It runs `mpiexec -n N python -m graphc.communication.worker LOG_DIR train.py args...` (the
mpiexec of the mpich wheel next to this Python), so each worker joins the MPI job when the
script calls `communication.init()`, and writes `LOG_DIR/worker_{rank}.log`. msrun waits for
the job (`--join` is accepted for MindSpore's command lines); when a worker fails, mpiexec ends
the others, and msrun names the failed ranks, shows the end of their logs and exits non-zero.
`--timeout` ends a job that runs too long (the whole process group: nothing is left behind).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from .liveness import ENV_VAR, LivenessServer
from .worker import EXIT_MARK, FAIL_MARK, START_MARK

_TAIL = 12  # log lines shown for a failed worker


def _bool(text: str) -> bool:
    if text.lower() in ("true", "1", "yes"):
        return True
    if text.lower() in ("false", "0", "no"):
        return False
    raise argparse.ArgumentTypeError(f"expected True or False, got {text!r}")


def _port(text: str) -> int:
    port = int(text)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is in [1, 65535], got {port}")
    return port


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="msrun", description="Start a data-parallel graphc job "
                                "of worker_num processes on this machine (through mpiexec).")
    p.add_argument("--worker_num", type=int, default=8, help="processes in the job")
    p.add_argument("--local_worker_num", type=int, default=None,
                   help="processes on this machine (must equal worker_num)")
    p.add_argument("--master_addr", default="127.0.0.1", help="accepted for MindSpore")
    p.add_argument("--master_port", type=_port, default=8118, help="accepted for MindSpore")
    p.add_argument("--node_rank", type=int, default=-1, help="accepted for MindSpore")
    p.add_argument("--log_dir", default="msrun_log", help="where worker_{rank}.log go")
    p.add_argument("--join", type=_bool, default=False, help="wait for the job (msrun does)")
    p.add_argument("--cluster_time_out", type=int, default=600, help="accepted for MindSpore")
    p.add_argument("--timeout", type=float, default=None,
                   help="graphc: end the job after this many seconds")
    p.add_argument("task_script", help="the training script")
    p.add_argument("task_script_args", nargs=argparse.REMAINDER)
    return p


def _mpiexec() -> str:
    here = Path(sys.executable).parent / "mpiexec"
    found = str(here) if here.exists() else shutil.which("mpiexec")
    if found is None:
        raise SystemExit("msrun: mpiexec was not found next to this Python nor on PATH; "
                         "install graphc's MPI dependencies: pip install mpi4py mpich")
    return found


def _check(args: argparse.Namespace, p: argparse.ArgumentParser) -> None:
    if args.worker_num <= 0:
        p.error(f"--worker_num must be a positive int, got {args.worker_num}")
    local = args.worker_num if args.local_worker_num is None else args.local_worker_num
    if local != args.worker_num:
        p.error(f"--local_worker_num ({local}) differs from --worker_num "
                f"({args.worker_num}): graphc's msrun starts every worker on this machine; "
                "for several machines run mpiexec with a host list (mpiexec -hosts a,b -n N "
                "python train.py)")
    if not Path(args.task_script).is_file():
        p.error(f"the task script {args.task_script!r} does not exist")


def _mpi_env() -> dict[str, str]:
    env = dict(os.environ)
    # Open MPI refuses root unless told; MPICH (the default wheel) does not need it.
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    for var in ("PMI_RANK", "PMI_SIZE", "PMI_FD", "PMI_PORT", "PMIX_RANK",
                "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK"):
        env.pop(var, None)  # msrun inside a job starts a job of its own
    return env


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    _check(args, p)
    log_dir = Path(args.log_dir).resolve()
    log_dir.mkdir(parents=True, exist_ok=True)
    for old in log_dir.glob("worker_*.log"):
        old.unlink()
    env = _mpi_env()
    env.update(MS_SCHED_HOST=args.master_addr, MS_SCHED_PORT=str(args.master_port))
    liveness = LivenessServer()
    env[ENV_VAR] = liveness.address
    cmd = [_mpiexec(), "-n", str(args.worker_num), sys.executable, "-m",
           "graphc.communication.worker", str(log_dir), args.task_script,
           *args.task_script_args]
    print(f"msrun: {args.worker_num} workers, logs in {log_dir}/worker_*.log", flush=True)
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors="replace")
    launcher_lines: list[str] = []
    echo = threading.Thread(target=_echo, args=(proc, launcher_lines), daemon=True)
    echo.start()
    try:
        code = proc.wait(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        print(f"msrun: the job ran longer than --timeout={args.timeout:g} s and was ended.",
              file=sys.stderr, flush=True)
        echo.join(timeout=5)
        report(log_dir, args.worker_num, launcher_lines)
        liveness.close()
        return 124
    except KeyboardInterrupt:
        _kill(proc)
        return 130
    finally:
        if proc.poll() is None:
            _kill(proc)
    echo.join(timeout=5)
    killed_order = liveness.killed_in_order() if code != 0 else []
    liveness.close()
    if code != 0:
        report(log_dir, args.worker_num, launcher_lines, killed_order)
        print(f"msrun: mpiexec exit code {code}.", file=sys.stderr, flush=True)
        return code if code > 0 else 128 - code
    print("msrun: all workers finished.", flush=True)
    return 0


def _kill(proc: subprocess.Popen[str]) -> None:
    """End mpiexec and every worker (they share its process group)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


def _echo(proc: subprocess.Popen[str], lines: list[str]) -> None:
    """Pass mpiexec's own messages on to msrun's stderr, keeping them for the report."""
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line)
        sys.stderr.write(line)
    sys.stderr.flush()


def _killed_pids(launcher_lines: list[str]) -> dict[int, str]:
    """The worker pids mpiexec reports as ended abnormally, with how ("exit code 9")."""
    killed: dict[int, str] = {}
    pid = None
    for line in launcher_lines:
        m = re.search(r"PID (\d+) RUNNING AT", line)
        if m:
            pid = int(m.group(1))
        m = re.search(r"EXIT CODE: (\d+)", line)
        if m and pid is not None:
            code = int(m.group(1))
            killed[pid] = f"signal {code}" if code in (9, 15, 6, 11) else f"exit code {code}"
            pid = None
    return killed


@dataclass(frozen=True, slots=True)
class _WorkerEnd:
    """What one worker's log says of how it ended (`how` is None when the log says nothing)."""

    rank: int
    log: Path
    lines: list[str]
    pid: int | None
    finished: bool
    how: str | None


def _worker_end(log_dir: Path, rank: int, workers: int) -> _WorkerEnd:
    log = log_dir / f"worker_{rank}.log"
    text = log.read_text(errors="replace") if log.exists() else ""
    lines = text.rstrip().splitlines()
    m = re.search(re.escape(START_MARK.format(rank=rank, pid="@")).replace("@", r"(\d+)"), text)
    pid = int(m.group(1)) if m else None
    finished = EXIT_MARK.format(rank=rank, code=0) in text
    how = None
    if finished:
        pass
    elif FAIL_MARK.format(rank=rank, size=workers) in text:
        error = next((ln for ln in reversed(lines) if ln and not ln.startswith(
            ("[graphc worker", "Abort(", " "))), "an exception")
        how = f"raised {error}"
    elif "[graphc worker" in text and EXIT_MARK.format(rank=rank, code="") in text:
        how = "exited with an error"
    return _WorkerEnd(rank, log, lines, pid, finished, how)


def report(log_dir: Path, workers: int, launcher_lines: list[str] | None = None,
           killed_order: list[int] | None = None) -> list[int]:
    """Print, for each worker that did not finish cleanly, its rank, how it ended and the end
    of its log, then one line naming the rank(s) that failed first; returns those ranks.

    `killed_order` (from `LivenessServer`) lists the ranks that died without an exit line,
    first death first: only the first was killed, the others were ended by mpiexec after it.
    mpiexec's own report (`launcher_lines`) gives the signal where it names that rank's pid."""
    killed = _killed_pids(launcher_lines or [])
    ended = [_worker_end(log_dir, rank, workers) for rank in range(workers)]
    by_marks = any(end.how is not None for end in ended)

    def was_killed(end: _WorkerEnd) -> bool:
        if by_marks:  # a rank that raised or exited with an error brought the job down
            return False
        if killed_order:
            return end.rank == killed_order[0]
        return end.pid in killed

    failed, causes = [], []
    for end in ended:
        if end.finished:
            continue
        how = end.how
        if how is None and was_killed(end):
            how = f"was killed ({killed[end.pid]})" if end.pid in killed else "was killed"
        if how is not None:
            failed.append(end.rank)
            causes.append(f"rank {end.rank} {how}")
        else:
            how = "was stopped when the job ended"
        tail = "\n".join(end.lines[-_TAIL:])
        print(f"msrun: worker {end.rank} (rank {end.rank}) {how}; log {end.log}:\n{tail}\n",
              file=sys.stderr, flush=True)
    if causes:
        print("msrun: the job failed: " + "; ".join(causes) + ".", file=sys.stderr, flush=True)
    return failed


if __name__ == "__main__":
    sys.exit(main())
