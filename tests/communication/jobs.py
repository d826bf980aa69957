"""Run a real multi-process MPI job (the venv's mpiexec from the mpich wheel) in a test, with a
timeout, and collect each rank's output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent


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
            launcher: list[str] | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mpiexec -n n python script args...` (n == 0: plain `python script`, no launcher),
    with `env` added to the jobs' environment."""
    cmd = [sys.executable, str(script), *args]
    if n:
        cmd = (launcher or [mpiexec(), "-n", str(n)]) + cmd
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                          env={**job_env(), **(env or {})}, cwd=str(script.parent))


def run_command(cmd: list[str], cwd: Path, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """`cmd` in the jobs' environment, with a timeout."""
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=job_env(),
                          cwd=str(cwd))


def copy_script(name: str, tmp_path: Path) -> Path:
    """The job script under a unique path, so leftover processes can be found by it."""
    target = tmp_path / name
    shutil.copy(HERE / name, target)
    return target


def leftover_processes(script: Path, wait: float = 10.0) -> list[str]:
    """The live processes running `script`, after giving killed ones `wait` seconds to go."""
    deadline = time.monotonic() + wait
    while True:
        found = processes_running(script)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def processes_running(script: Path) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if (proc / "stat").read_text().split(") ")[-1].startswith("Z"):
                continue  # exited, waiting to be reaped
        except OSError:
            continue
        if str(script) in cmdline:
            found.append(f"{proc.name}: {cmdline}")
    return found
