"""The one-process reference runs of dp_train.py, made once per session and shared."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from .jobs import run_job

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def one_process_reference(tmp_path_factory):
    """`reference(mode, steps)`: (final, initial) Parameters of dp_train.py run alone."""
    cache: dict[tuple[str, int], tuple[dict, dict]] = {}

    def reference(mode: str, steps: int) -> tuple[dict, dict]:
        if (mode, steps) not in cache:
            out = tmp_path_factory.mktemp(f"alone_{mode}_{steps}")
            script = out / "dp_train.py"
            shutil.copy(HERE / "dp_train.py", script)
            done = run_job(script, 0, mode, str(steps), str(out))
            assert done.returncode == 0, done.stderr
            cache[mode, steps] = (dict(np.load(out / "rank0.npz")),
                                  dict(np.load(out / "rank0_start.npz")))
        return cache[mode, steps]

    return reference
