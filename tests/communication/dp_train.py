"""A data-parallel training run (used by the tests): `dp_train.py MODE STEPS OUT_DIR`.

Every process builds the same network (same seed), takes its shard of each global batch,
trains with TrainOneStepCell under DATA_PARALLEL and gradients_mean=True, and writes its
initial and final Parameters to OUT_DIR/rank{R}_start.npz and OUT_DIR/rank{R}.npz. Run
without a launcher it is one process on the whole global batches: the reference the
data-parallel run must match."""

import sys

import numpy as np

import graphc as ms
from graphc import nn
from graphc.communication import get_group_size, get_rank, init
from graphc.dataset.samplers import shard_indices

mode, steps, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ms.set_context(mode=ms.GRAPH_MODE if mode == "graph" else ms.PYNATIVE_MODE)
init()
rank, size = get_rank(), get_group_size()
ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True)
ms.set_seed(7)

GLOBAL_BATCH = 8
data = np.random.default_rng(0)
x_all = data.standard_normal((steps * GLOBAL_BATCH, 6)).astype(np.float32)
y_all = data.integers(0, 3, steps * GLOBAL_BATCH).astype(np.int32)

net = nn.SequentialCell(nn.Dense(6, 10), nn.ReLU(), nn.Dense(10, 3))
loss = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
opt = nn.Momentum(net.trainable_params(), learning_rate=0.1, momentum=0.9)
step = nn.TrainOneStepCell(nn.WithLossCell(net, loss), opt)
np.savez(f"{out_dir}/rank{rank}_start.npz",
         **{p.name: p.asnumpy() for p in net.trainable_params()})
mine = shard_indices(GLOBAL_BATCH, size, rank)  # this rank's rows of each global batch
for s in range(steps):
    rows = s * GLOBAL_BATCH + mine
    step(ms.Tensor(x_all[rows]), ms.Tensor(y_all[rows]))
np.savez(f"{out_dir}/rank{rank}.npz", **{p.name: p.asnumpy() for p in net.trainable_params()})
print(f"rank {rank} of {size}: done", flush=True)
