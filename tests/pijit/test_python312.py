"""PIJit on CPython 3.12: this folder's tests (capture, breaks, guards, resume functions, the
3.12 bytecodes of `test_bytecode_versions.py`) run again under a 3.12 interpreter when the
machine has one. The suite runs on 3.11; a virtual environment for 3.12 is made beside the
checkout (`.venv312`, reused) with graphc's dependencies, and graphc itself is imported from
the checkout."""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def _python312() -> str | None:
    """A working 3.12 interpreter: on the PATH, or one pyenv installed (whose shim on the PATH
    answers only where 3.12 is the selected version)."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [shutil.which("python3.12"),
                  *map(str, sorted(pyenv.glob("3.12*/bin/python3.12")))]
    for found in filter(None, candidates):
        try:
            ok = subprocess.run([found, "-c", "import sys; print(sys.version_info[:2])"],
                                capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if ok.returncode == 0 and ok.stdout.strip() == "(3, 12)":
            return found
    return None


def _requirements() -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = config["options"]["install_requires"].split("\n")
    return [r.strip() for r in listed if r.strip()] + ["pytest>=7", "hypothesis>=6"]


@pytest.mark.skipif(sys.version_info[:2] == (3, 12), reason="this run is the 3.12 one")
def test_the_pijit_tests_pass_on_python_3_12():
    python312 = _python312()
    if python312 is None:
        pytest.skip("this machine has no python3.12")
    venv = ROOT / ".venv312"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([python312, "-m", "venv", str(venv)], check=True, timeout=300)
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", *_requirements()],
                             capture_output=True, text=True, timeout=1200)
    assert install.returncode == 0, install.stderr[-3000:]
    run = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          str(HERE), f"--ignore={__file__}"], cwd=ROOT, capture_output=True,
                         text=True, timeout=1200,
                         env={**_environment(), "PYTHONPATH": str(ROOT)})
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in summary and "skipped" not in summary, summary


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
