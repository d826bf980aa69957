"""Real two-process MPI jobs on this machine (mpiexec from the mpich wheel): collectives and
their gradients, data-parallel training equal to one process on the same global batches (GRAPH
and PYNATIVE modes), and misuse that ends the job with a clear error in bounded time."""

import numpy as np
import pytest

from .jobs import copy_script, leftover_processes, run_job


def test_collectives_and_their_gradients_across_two_processes(tmp_path):
    out = run_job(copy_script("collectives_job.py", tmp_path), 2, str(tmp_path))
    assert out.returncode == 0, out.stdout + out.stderr
    for rank in (0, 1):
        assert f"rank {rank}: collectives OK" in out.stdout
        assert f"rank {rank}: checkpoint OK" in out.stdout  # rank 0 wrote, both read


def test_groups_of_a_four_process_job_see_only_their_ranks(tmp_path):
    out = run_job(copy_script("groups_job.py", tmp_path), 4)
    assert out.returncode == 0, out.stdout + out.stderr
    for rank in range(4):
        assert f"rank {rank}: groups OK" in out.stdout


@pytest.mark.parametrize("mode", ["graph", "pynative"])
def test_data_parallel_training_equals_one_process_on_the_global_batches(
        tmp_path, mode, one_process_reference):
    ref, start = one_process_reference(mode, 6)
    job = run_job(copy_script("dp_train.py", tmp_path), 2, mode, "6", str(tmp_path))
    assert job.returncode == 0, job.stdout + job.stderr
    ranks = [np.load(tmp_path / f"rank{r}.npz") for r in range(2)]
    for name in ref:
        assert np.abs(ref[name] - start[name]).max() > 1e-3  # training moved them
        np.testing.assert_array_equal(ranks[0][name], ranks[1][name])  # ranks never diverge
        np.testing.assert_allclose(ranks[0][name], ref[name], atol=1e-5, err_msg=name)


def test_mismatched_shapes_across_ranks_are_a_clear_error(tmp_path):
    out = run_job(copy_script("bad_job.py", tmp_path), 2, "shapes", timeout=60)
    assert out.returncode != 0
    for rank in (0, 1):
        assert (f"rank {rank}: For 'AllReduce', the ranks of group 'hccl_world_group' do not "
                "make the same collective call: rank 0 calls AllReduce(sum) of [2, 3] float32, "
                "rank 1 calls AllReduce(sum) of [2, 4] float32. Every rank must call the same "
                "collective with a Tensor of the same shape and dtype, in the same order."
                ) in out.stdout


def test_different_collectives_across_ranks_are_a_clear_error(tmp_path):
    out = run_job(copy_script("bad_job.py", tmp_path), 2, "calls", timeout=60)
    assert out.returncode != 0
    for rank, op in ((0, "AllReduce"), (1, "AllGather")):
        assert (f"rank {rank}: For '{op}', the ranks of group 'hccl_world_group' do not make "
                "the same collective call: rank 0 calls AllReduce(sum) of [4] float32, rank 1 "
                "calls AllGather of [4] float32.") in out.stdout


def test_collective_on_a_group_never_created_ends_the_job(tmp_path):
    script = copy_script("bad_job.py", tmp_path)
    out = run_job(script, 2, "group", timeout=60)
    assert out.returncode != 0
    assert "graphc: rank" in out.stderr and "of 2 failed; aborting the job." in out.stderr
    assert ("RuntimeError: For 'AllReduce', the communication group 'never_created' has not "
            "been created.") in out.stderr
    assert not leftover_processes(script)


def test_a_rank_that_raises_stops_the_job_with_its_rank_and_error(tmp_path):
    script = copy_script("bad_job.py", tmp_path)
    out = run_job(script, 2, "raise", timeout=60)
    assert out.returncode != 0
    assert "graphc: rank 1 of 2 failed; aborting the job." in out.stderr
    assert "ZeroDivisionError: rank one divided by zero" in out.stderr
    assert not leftover_processes(script)


def test_a_worker_killed_mid_run_ends_the_job(tmp_path):
    script = copy_script("bad_job.py", tmp_path)
    out = run_job(script, 2, "kill", timeout=60)
    assert out.returncode != 0
    assert "Killed (signal 9)" in out.stdout + out.stderr
    assert not leftover_processes(script)


def test_a_rank_that_never_arrives_times_out_with_a_clear_error(tmp_path):
    script = copy_script("bad_job.py", tmp_path)
    out = run_job(script, 2, "hang", timeout=60, env={"GRAPHC_COMM_TIMEOUT": "2"})
    assert out.returncode != 0
    assert "graphc: rank 1 of 2 failed; aborting the job." in out.stderr
    assert ("RuntimeError: For 'Barrier', rank 1 of group 'hccl_world_group' waited more than "
            "2 s for the other 1 rank(s) to reach this collective.") in out.stderr
    assert not leftover_processes(script)


@pytest.mark.parametrize("mode,variant", [("graph", "plain"), ("pynative", "plain"),
                                          ("graph", "scaled")])
def test_model_train_on_sharded_dataset_equals_one_process(tmp_path, mode, variant):
    # Model.train with GeneratorDataset(num_shards=2, shard_id=rank) on two processes: the
    # gradients are averaged (TrainOneStepCell, and TrainOneStepWithLossScaleCell when
    # "scaled"), so the Parameters equal one process's on the global batches
    alone, job_dir = tmp_path / "alone", tmp_path / "job"
    alone.mkdir()
    job_dir.mkdir()
    done = run_job(copy_script("model_dp_job.py", alone), 0, mode, variant, str(alone))
    assert done.returncode == 0, done.stdout + done.stderr
    job = run_job(copy_script("model_dp_job.py", job_dir), 2, mode, variant, str(job_dir))
    assert job.returncode == 0, job.stdout + job.stderr
    ref, start = np.load(alone / "rank0.npz"), np.load(alone / "start.npz")
    ranks = [np.load(job_dir / f"rank{r}.npz") for r in range(2)]
    for name in ref:
        assert np.abs(ref[name] - start[name]).max() > 1e-3  # training moved them
        np.testing.assert_array_equal(ranks[0][name], ranks[1][name])
        np.testing.assert_allclose(ranks[0][name], ref[name], atol=1e-5, err_msg=name)
    # checkpoints: the ranks saving one path left one complete file that both read; each rank
    # wrote its own path; a save on rank 0 alone did not wait for rank 1; ModelCheckpoint kept
    # keep_checkpoint_max=2 files in the shared directory; no temporary file is left
    for rank in (0, 1):
        assert f"rank {rank}: checkpoints OK ['dp-2_3.ckpt', 'dp-2_6.ckpt']" in job.stdout
    assert sorted(p.name for p in job_dir.iterdir() if p.suffix in (".ckpt", ".tmp")) == \
        ["own0.ckpt", "own1.ckpt", "rank0_only.ckpt", "shared.ckpt"]
