"""The one-process checkpoint helper of data-parallel runs (rank 0 writes)."""

import numpy as np

from graphc.communication.checkpoint import save_on_rank_zero


def test_checkpoint_helper_writes_in_a_single_process(tmp_path):
    path = tmp_path / "c.npz"
    assert save_on_rank_zero(lambda p: np.savez(p, a=np.ones(2)), path)
    assert np.load(path)["a"].tolist() == [1.0, 1.0]
