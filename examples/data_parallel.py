"""Data-parallel training of a small classifier on the shipped UCI digits, MindSpore-style.

    python examples/data_parallel.py                   # one process
    .venv/bin/mpirun -n 2 .venv/bin/python examples/data_parallel.py
    .venv/bin/msrun --worker_num=2 --local_worker_num=2 examples/data_parallel.py

Each process reads its shard of every global batch of 64 rows; TrainOneStepCell averages the
gradients over the processes (DATA_PARALLEL, gradients_mean=True), so every run, whatever the
number of processes (1, 2 or 4), prints the same losses (to rounding). MODE=pynative runs
PyNative.
"""

import os

import numpy as np

import graphc as ms
from graphc import nn
from graphc.communication import get_group_size, get_rank, init
from graphc.dataset.samplers import shard_indices
from graphc.dataset import load_digits

ms.set_context(mode=ms.PYNATIVE_MODE if os.environ.get("MODE") == "pynative" else ms.GRAPH_MODE)
init()
rank, size = get_rank(), get_group_size()
ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True)
ms.set_seed(0)

x, y = load_digits("train")
x = x.reshape(len(x), -1).astype(np.float32)
y = y.astype(np.int32)
GLOBAL_BATCH = 64
net = nn.SequentialCell(nn.Dense(64, 32), nn.ReLU(), nn.Dense(32, 10))
loss_fn = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
step = nn.TrainOneStepCell(nn.WithLossCell(net, loss_fn),
                           nn.Momentum(net.trainable_params(), learning_rate=0.05, momentum=0.9))
eval_loss = nn.WithLossCell(net, loss_fn)
mine = shard_indices(GLOBAL_BATCH, size, rank)  # this rank's rows of each global batch
for epoch in range(3):
    for start in range(0, len(x) - GLOBAL_BATCH + 1, GLOBAL_BATCH):
        rows = start + mine
        step(ms.Tensor(x[rows]), ms.Tensor(y[rows]))
    full = float(eval_loss(ms.Tensor(x), ms.Tensor(y)).asnumpy())
    if rank == 0:
        print(f"epoch {epoch}: loss on the whole training set {full:.5f} ({size} processes)")
