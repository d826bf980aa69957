"""Scripts written for MindSpore, run unchanged with `mindspore` resolved to graphc, print what
MindSpore 2.10 printed for them (recorded by hand), in both modes."""

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
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


# MindSpore 2.10's output of scripts/train_pipeline.py (both modes printed the same)
TRAIN_PIPELINE_OUTPUT = """\
6 ['x', 'y']
epoch: 1 step: 3, loss is 1.359824776649475
epoch: 1 step: 6, loss is 0.8527745604515076
epoch: 2 step: 3, loss is 0.5834763646125793
epoch: 2 step: 6, loss is 0.6392306685447693
epoch: 3 step: 3, loss is 0.5844941139221191
epoch: 3 step: 6, loss is 0.4981166124343872
epoch: 4 step: 3, loss is 0.3958878517150879
epoch: 4 step: 6, loss is 0.4780173897743225
['pipe-3_6.ckpt', 'pipe-4_6.ckpt']
eval {'acc': 0.75}
train {'acc': 0.7916666666666666}
([], ['global_step', 'learning_rate', 'momentum', 'moments.fc1.weight', 'moments.fc1.bias', \
'moments.fc2.weight', 'moments.fc2.bias'])
reloaded {'acc': 0.75}
[[-1.3591  1.5951 -0.5613]
 [-1.8703  1.9199 -0.5692]
 [ 0.5512  1.1782 -3.0836]]
"""


def _loss_of(line):
    head, sep, value = line.partition(", loss is ")
    return (head, float(value)) if sep else None


@pytest.mark.parametrize("mode", ["pynative", "graph"])
def test_script_training_through_a_dataset_pipeline(tmp_path, mode):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, str(HERE / "mindspore_alias.py"),
         str(HERE / "scripts" / "train_pipeline.py"), str(tmp_path), mode],
        capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    got, expected = result.stdout.splitlines(), TRAIN_PIPELINE_OUTPUT.splitlines()
    assert len(got) == len(expected), result.stdout
    for mine, theirs in zip(got, expected):
        if _loss_of(theirs) is None:
            assert mine == theirs
        else:  # LossMonitor's losses: MindSpore's to 1e-4 (the float32 sums round differently)
            assert _loss_of(mine)[0] == _loss_of(theirs)[0]
            assert _loss_of(mine)[1] == pytest.approx(_loss_of(theirs)[1], abs=1e-4)


# MindSpore 2.10's output of scripts/train_callbacks_metrics.py (both modes printed the same)
CALLBACKS_METRICS_OUTPUT = """\
4 ['x', 'y'] [[10, 6], [10]]
[0.05, 0.05, 0.05, 0.05, 0.03775, 0.03775, 0.03775, 0.03775, 0.01325, 0.01325, 0.01325, 0.01325]
begin 3 4
eval {'acc': 0.25, 'eval_loss': 1.3671, 'loss': 1.9017, 'precision': [0.0, 0.25, 0.0], \
'recall': [0.0, 1.0, 0.0], 'top2': 0.45}
epoch 1 4 2.4232
eval {'acc': 0.2, 'eval_loss': 1.2325, 'loss': 1.515, 'precision': [0.0, 0.3077, 0.0], \
'recall': [0.0, 0.8, 0.0], 'top2': 0.45}
epoch 2 8 1.7095
eval {'acc': 0.1, 'eval_loss': 1.2616, 'loss': 1.4371, 'precision': [0.0, 0.1667, 0.0], \
'recall': [0.0, 0.4, 0.0], 'top2': 0.45}
epoch 3 12 1.4386
end 12
['fit-3_4.ckpt']
0.1 1.4371 0.45 [0.0, 0.1667, 0.0] [0.0, 0.4, 0.0]
0.1 1.4371
RuntimeError: True
"""

NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")


def _assert_same_output(got, expected, tol):
    """Line by line: the same text, and each decimal number within `tol` of MindSpore's."""
    got_lines, expected_lines = got.splitlines(), expected.splitlines()
    assert len(got_lines) == len(expected_lines), got
    for mine, theirs in zip(got_lines, expected_lines):
        assert NUMBER.sub("#", mine) == NUMBER.sub("#", theirs), (mine, theirs)
        np.testing.assert_allclose([float(v) for v in NUMBER.findall(mine)],
                                   [float(v) for v in NUMBER.findall(theirs)], atol=tol,
                                   err_msg=mine)


@pytest.mark.parametrize("mode", ["pynative", "graph"])
def test_script_fitting_with_callbacks_metrics_and_a_checkpoint(tmp_path, mode):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, str(HERE / "mindspore_alias.py"),
         str(HERE / "scripts" / "train_callbacks_metrics.py"), str(tmp_path), mode],
        capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    # the script rounds to 4 places: one unit of the last place either way is MindSpore's
    # number to 1e-4
    _assert_same_output(result.stdout, CALLBACKS_METRICS_OUTPUT, tol=1.01e-4)
