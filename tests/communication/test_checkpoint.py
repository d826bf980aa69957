"""The one-process checkpoint helper of data-parallel runs (rank 0 writes), and
save_checkpoint in a one-process DATA_PARALLEL run; no temporary file is left behind."""

import numpy as np

from graphc.communication.checkpoint import save_on_rank_zero


def test_checkpoint_helper_writes_in_a_single_process(tmp_path):
    path = tmp_path / "c.npz"
    assert save_on_rank_zero(lambda p: np.savez(p, a=np.ones(2)), path)
    assert np.load(path)["a"].tolist() == [1.0, 1.0]


def test_save_checkpoint_in_a_one_process_data_parallel_run(tmp_path):
    import graphc as ms
    from graphc import nn

    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL)
    try:
        net = nn.Dense(2, 1)
        ms.save_checkpoint(net, str(tmp_path / "one.ckpt"))
        ms.save_checkpoint(net, str(tmp_path / "two"))
    finally:
        ms.reset_auto_parallel_context()
    for name in ("one.ckpt", "two.ckpt"):
        loaded = ms.load_checkpoint(str(tmp_path / name))
        np.testing.assert_array_equal(loaded["weight"].asnumpy(), net.weight.asnumpy())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.ckpt", "two.ckpt"]
