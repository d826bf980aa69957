"""Run a real multi-process MPI job (the venv's mpiexec from the mpich wheel) in a test, with a
timeout, and collect each rank's output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def mpiexec() -> str:
    path = BIN / "mpiexec"
    assert path.exists(), f"mpiexec is missing from {BIN}: `pip install mpich mpi4py`"
    return str(path)


def job_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("GRAPHC_VERIFY_IR", None)
    for var in ("PMI_RANK", "PMI_SIZE", "PMI_FD", "OMPI_COMM_WORLD_SIZE", "PMIX_RANK"):
        env.pop(var, None)
    return env


def run_job(script: Path, n: int, *args: str, timeout: float = 120,
            launcher: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mpiexec -n n python script args...` (n == 0: plain `python script`, no launcher)."""
    cmd = [sys.executable, str(script), *args]
    if n:
        cmd = (launcher or [mpiexec(), "-n", str(n)]) + cmd
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=job_env(),
                          cwd=str(script.parent))


def run_command(cmd: list[str], cwd: Path, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """`cmd` in the jobs' environment, with a timeout."""
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=job_env(),
                          cwd=str(cwd))
