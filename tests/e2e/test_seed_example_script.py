"""examples/seed_example.py (the seed's worked example on graphc) prints MindSpore's exact
answer in every combination of mode and @jit."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "seed_example.py"
EXPECTED = "[[[[15.99984]]\n\n  [[15.99984]]]]\n"


@pytest.mark.parametrize("mode", ["pynative", "graph"])
@pytest.mark.parametrize("jit", ["1", "0"])
def test_seed_example_prints_mindspores_answer(mode, jit):
    env = dict(os.environ, MODE=mode, JIT=jit)
    result = subprocess.run([sys.executable, str(SCRIPT)], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED
