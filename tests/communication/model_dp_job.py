"""`Model.train` data-parallel on a sharded GeneratorDataset: argv = mode ("graph"/"pynative"),
variant ("plain"/"scaled": a DynamicLossScaleManager, so TrainOneStepWithLossScaleCell), out_dir.
Each rank reads its shard (num_shards=get_group_size(), shard_id=get_rank()) in batches of
8 // size rows, so the ranks' batches of a step make up rows 8s..8s+7: one process alone runs
the same global batches. Writes rank{r}.npz (final Parameters) and start.npz; then checks the
data-parallel checkpoints: save_checkpoint to one path (rank 0 writes, every rank loads) and a
ModelCheckpoint (rank 0's files only)."""

import os
import sys

import numpy as np

import graphc as ms
from graphc import dataset as ds
from graphc import nn
from graphc.communication import get_group_size, get_rank, init
from graphc.train import CheckpointConfig, DynamicLossScaleManager, ModelCheckpoint

mode, variant, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
ms.set_context(mode=ms.GRAPH_MODE if mode == "graph" else ms.PYNATIVE_MODE)
init()
rank, size = get_rank(), get_group_size()
ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True)
ms.set_seed(3)
rng = np.random.default_rng(0)
x = rng.standard_normal((48, 6)).astype(np.float32)
y = rng.integers(0, 3, 48).astype(np.int32)


class Rows:
    def __getitem__(self, i):
        return x[i], y[i]

    def __len__(self):
        return len(x)


data = ds.GeneratorDataset(Rows(), ["x", "y"], shuffle=False, num_shards=size,
                           shard_id=rank).batch(8 // size)
net = nn.SequentialCell(nn.Dense(6, 10), nn.ReLU(), nn.Dense(10, 3))
np.savez(f"{out_dir}/start.npz", **{p.name: p.asnumpy() for p in net.trainable_params()})
extra = {"loss_scale_manager": DynamicLossScaleManager(2.0 ** 10)} if variant == "scaled" else {}
model = ms.Model(net, nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean"),
                 nn.Momentum(net.trainable_params(), 0.1, 0.9), **extra)
ckpt_dir = os.path.join(out_dir, "ckpt")
saver = ModelCheckpoint("dp", ckpt_dir, CheckpointConfig(save_checkpoint_steps=3,
                                                          keep_checkpoint_max=2))
model.train(2, data, callbacks=[saver])
final = {p.name: p.asnumpy() for p in net.trainable_params()}
np.savez(f"{out_dir}/rank{rank}.npz", **final)

path = os.path.join(out_dir, "shared.ckpt")  # both ranks save here: one complete file
ms.save_checkpoint(net, path)
loaded = ms.load_checkpoint(path)
assert np.array_equal(loaded["0.weight"].asnumpy(), final["0.weight"]), "the ranks' values"
if rank == 0:  # a save on rank 0 alone (a common MindSpore pattern) waits for no other rank
    ms.save_checkpoint(net, os.path.join(out_dir, "rank0_only.ckpt"))
own = os.path.join(out_dir, f"own{rank}.ckpt")  # a path of this rank's own: it writes it
ms.save_checkpoint(net, own)
assert np.array_equal(ms.load_checkpoint(own)["0.weight"].asnumpy(), net[0].weight.asnumpy())
# (the other rank may be writing its own copy right now: its temporary file is not counted)
saved = sorted(f for f in os.listdir(ckpt_dir) if f.endswith(".ckpt"))
print(f"rank {rank}: checkpoints OK {saved}", flush=True)
