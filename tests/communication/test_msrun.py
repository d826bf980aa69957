"""The launchers: `msrun` (run here as `python -m graphc.communication.msrun`, the module of
setup.cfg's console script) and the mpich wheel's plain `mpirun -n 2 python train.py`."""

import configparser
import sys
import time

import numpy as np
import pytest

from .jobs import BIN, ROOT, copy_script, leftover_processes, run_command, run_job

MSRUN = [sys.executable, "-m", "graphc.communication.msrun"]


def _msrun(tmp_path, *args):
    return MSRUN + ["--worker_num=2", "--local_worker_num=2", "--master_port=8118",
                    f"--log_dir={tmp_path / 'logs'}", "--join=True", *args]


def test_msrun_is_a_console_script_of_the_package():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    scripts = cfg["options.entry_points"]["console_scripts"]
    assert "msrun = graphc.communication.msrun:main" in scripts
    assert "mpich" in cfg["options.extras_require"]["test"]
    assert "mpi4py" in cfg["options.extras_require"]["test"]


@pytest.mark.parametrize("launcher", ["msrun", "mpirun"])
def test_launchers_train_data_parallel_like_one_process(tmp_path, launcher,
                                                        one_process_reference):
    ref, _ = one_process_reference("graph", 6)
    script = copy_script("dp_train.py", tmp_path)
    args = ["graph", "6", str(tmp_path)]
    if launcher == "msrun":
        job = run_command(_msrun(tmp_path) + [str(script), *args], tmp_path)
    else:
        job = run_job(script, 2, *args, launcher=[str(BIN / "mpirun"), "-n", "2"])
    assert job.returncode == 0, job.stdout + job.stderr
    for rank in (0, 1):
        got = np.load(tmp_path / f"rank{rank}.npz")
        for name in ref:
            np.testing.assert_allclose(got[name], ref[name], atol=1e-5)
    if launcher == "msrun":
        assert "msrun: all workers finished." in job.stdout
        for rank in (0, 1):
            log = (tmp_path / "logs" / f"worker_{rank}.log").read_text()
            assert f"rank {rank} of 2: done" in log
            assert f"[graphc worker {rank}] exited with code 0" in log


def _msrun_case(tmp_path, case, *extra):
    script = copy_script("bad_job.py", tmp_path)
    cmd = _msrun(tmp_path, *extra) + [str(script), case]
    start = time.monotonic()
    out = run_command(cmd, tmp_path)
    return out, time.monotonic() - start, script


def test_msrun_names_the_rank_that_raised_and_ends_the_job(tmp_path):
    out, _, script = _msrun_case(tmp_path, "raise")
    assert out.returncode != 0
    assert ("msrun: the job failed: rank 1 raised ZeroDivisionError: rank one divided by "
            "zero.") in out.stderr
    assert "ZeroDivisionError" in (tmp_path / "logs" / "worker_1.log").read_text()
    assert not leftover_processes(script)


def test_msrun_names_a_killed_worker(tmp_path):
    out, _, script = _msrun_case(tmp_path, "kill")
    assert out.returncode != 0
    assert "msrun: the job failed: rank 1 was killed" in out.stderr
    assert "rank 0 was killed" not in out.stderr
    assert not leftover_processes(script)


def test_msrun_timeout_ends_a_hung_job_with_nothing_left_behind(tmp_path):
    out, took, script = _msrun_case(tmp_path, "hang", "--timeout=2")
    assert out.returncode == 124
    assert "msrun: the job ran longer than --timeout=2 s and was ended." in out.stderr
    assert took < 60
    assert not leftover_processes(script)


def test_msrun_rejects_several_machines(tmp_path):
    script = copy_script("dp_train.py", tmp_path)
    res = run_command(MSRUN + ["--worker_num=4", "--local_worker_num=2", str(script)],
                      tmp_path)
    assert res.returncode == 2
    assert "graphc's msrun starts every worker on this machine" in res.stderr


def test_the_example_prints_the_same_losses_on_one_and_two_processes(tmp_path):
    example = ROOT / "examples" / "data_parallel.py"
    alone = run_job(example, 0)
    job = run_job(example, 2, launcher=[str(BIN / "mpirun"), "-n", "2"])
    assert alone.returncode == 0 and job.returncode == 0, alone.stderr + job.stderr
    one = alone.stdout.replace("(1 processes)", "").splitlines()
    two = job.stdout.replace("(2 processes)", "").splitlines()
    assert len(one) == 3 and one[0].startswith("epoch 0: loss on the whole training set")
    assert one == two
