"""Scripts written for MindSpore, run unchanged with `mindspore` resolved to graphc, print what
MindSpore 2.10 printed for them (recorded by hand), in both modes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
FIXTURE = ROOT / "tests" / "train" / "data" / "ms_dense.ckpt"

# MindSpore 2.10's output of scripts/load_mindspore_checkpoint.py (both modes print the same)
LOAD_CHECKPOINT_OUTPUT = """\
([], ['epoch_num', 'lr', 'name'])
Parameter (name=fc.weight, shape=(2, 3), dtype=Float32, requires_grad=True)
3 0.1 abc
[[ 1.9499999 -4.7      ]
 [ 1.2       -1.       ]]
True
1.0
RuntimeError: For 'load_param_into_net', weight in the argument 'net' should have the same shape \
as weight in the argument 'parameter_dict'
"""


@pytest.mark.parametrize("mode", ["pynative", "graph"])
def test_script_loading_a_mindspore_checkpoint(tmp_path, mode):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, str(HERE / "mindspore_alias.py"),
         str(HERE / "scripts" / "load_mindspore_checkpoint.py"), str(FIXTURE),
         str(tmp_path / "out.ckpt"), mode],
        capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == LOAD_CHECKPOINT_OUTPUT
