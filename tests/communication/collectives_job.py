"""Run by test_mpi_jobs.py under `mpiexec -n 2`: every collective and its gradient across two
real processes, eagerly and compiled, checked against NumPy on the ranks' known inputs."""

import sys

import numpy as np

import graphc as ms
from graphc import communication as comm
from graphc import ops
from graphc.ops.comm_ops import ReduceOp

comm.init()
rank, size = comm.get_rank(), comm.get_group_size()
assert size == 2, size
assert comm.get_local_rank_size() == 2 and comm.get_local_rank() == rank
inputs = [np.array([[1.0, -2.0], [3.0, 0.5]], np.float32) * (r + 1) - r for r in range(size)]
mine = ms.Tensor(inputs[rank])
stack = np.stack(inputs)
expect = {ReduceOp.SUM: stack.sum(0), ReduceOp.MAX: stack.max(0), ReduceOp.MIN: stack.min(0),
          ReduceOp.PROD: stack.prod(0)}


def check(got, want, what):
    np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-6, err_msg=f"rank {rank}: {what}")


def collectives(x):
    return (ops.AllReduce(ReduceOp.SUM)(x), ops.AllReduce(ReduceOp.MAX)(x),
            ops.AllReduce(ReduceOp.MIN)(x), ops.AllReduce(ReduceOp.PROD)(x),
            ops.AllGather()(x), ops.ReduceScatter(ReduceOp.SUM)(x), ops.Broadcast(1)((x,))[0])


def loss_all_gather(x):
    return (ops.AllGather()(x) ** 2).sum() * (rank + 1)


def loss_reduce_scatter(x):
    return (ops.ReduceScatter()(x) * 3).sum()


def loss_all_reduce_max(x):
    return ops.AllReduce(ReduceOp.MAX)(x).sum()


def loss_broadcast(x):
    return (ops.Broadcast(0)((x,))[0] * (rank + 1)).sum()


for label, run in (("pynative", collectives), ("jit", ms.jit(collectives))):
    out = run(mine)
    for op, got in zip((ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN, ReduceOp.PROD), out):
        check(got, expect[op], f"{label} AllReduce {op}")
    check(out[4], np.concatenate(inputs), f"{label} AllGather")
    check(out[5], stack.sum(0)[rank:rank + 1], f"{label} ReduceScatter")
    check(out[6], inputs[1], f"{label} Broadcast")

scalar = ops.AllReduce()(ms.Tensor(np.float32(rank + 1)))
assert scalar.shape == () and float(scalar.asnumpy()) == 3.0, scalar  # 0-d stays 0-d
half = ops.AllReduce()(ms.Tensor(np.full(3, rank + 0.5, np.float16)))  # MPI has no float16
assert half.dtype == ms.float16 and half.asnumpy().tolist() == [2.0, 2.0, 2.0], half
ints = ops.AllGather()(ms.Tensor(np.array([rank], np.int32)))
assert ints.dtype == ms.int32 and ints.asnumpy().tolist() == [0, 1], ints

# Gradients of the sum over the ranks of each rank's loss.
weights = np.arange(1, size + 1, dtype=np.float32)
grads = {
    "all_gather": (loss_all_gather, 2 * inputs[rank] * weights.sum()),
    "reduce_scatter": (loss_reduce_scatter, np.full((2, 2), 3, np.float32)),
    "all_reduce_max": (loss_all_reduce_max, size * (inputs[rank] == stack.max(0))),
    "broadcast": (loss_broadcast, (np.full((2, 2), weights.sum(), np.float32) if rank == 0
                                   else np.zeros((2, 2), np.float32))),
}
for name, (fn, want) in grads.items():
    check(ms.grad(fn)(mine), want, f"pynative grad {name}")
    check(ms.jit(ms.grad(fn))(mine), want, f"jit grad {name}")


def numeric_total_grad(fn, x, eps=1e-6):
    """d(sum over ranks of fn(x_rank)) / d(this rank's x), by central differences: each rank
    in turn perturbs one element while all ranks evaluate (the total needs every rank)."""
    grad = np.zeros_like(x)
    for owner in range(size):
        for i in np.ndindex(x.shape):
            total = []
            for sign in (1, -1):
                mine_x = x.copy()
                if rank == owner:
                    mine_x[i] += sign * eps
                loss = fn(ms.Tensor(mine_x))
                total.append(float(ops.AllReduce()(loss).asnumpy()))
            if rank == owner:
                grad[i] = (total[0] - total[1]) / (2 * eps)
    return grad


mine64 = inputs[rank].astype(np.float64) + 0.1 * rank  # no ties, for max
for name, (fn, _) in grads.items():
    want = numeric_total_grad(fn, mine64)
    np.testing.assert_allclose(ms.grad(fn)(ms.Tensor(mine64)).asnumpy(), want, rtol=1e-5,
                               atol=1e-6, err_msg=f"rank {rank}: finite differences {name}")


def loss_all_reduce_prod(x):
    return (ops.AllReduce(ReduceOp.PROD)(x) * (rank + 2)).sum()


np.testing.assert_allclose(ms.grad(loss_all_reduce_prod)(ms.Tensor(mine64)).asnumpy(),
                           numeric_total_grad(loss_all_reduce_prod, mine64), rtol=1e-5,
                           err_msg=f"rank {rank}: finite differences all_reduce_prod")

# MindSpore 2.10's in-place functions.
t = ms.Tensor(np.array([rank + 1.0, 10.0], np.float32))
assert ops.all_reduce(t) is None
check(t, [3.0, 20.0], "ops.all_reduce in place")
ops.all_reduce(t, "avg")
check(t, [3.0, 20.0], "ops.all_reduce avg")
outs = [ms.Tensor(np.zeros(2, np.float32)) for _ in range(size)]
ops.all_gather(outs, ms.Tensor(np.array([rank, -rank], np.float32)))
check(outs[1], [1.0, -1.0], "ops.all_gather")
out = ms.Tensor(np.zeros(1, np.float32))
ops.reduce_scatter(out, [ms.Tensor(np.array([10.0 * j + rank], np.float32)) for j in range(2)])
check(out, [20.0 * rank + 1.0], "ops.reduce_scatter")
b = ms.Tensor(np.array([rank * 5.0], np.float32))
ops.broadcast(b, 1)
check(b, [5.0], "ops.broadcast from world rank 1")

# parameter_broadcast: every rank starts from rank 0's Parameters.
from graphc.nn.grad_reducer import broadcast_parameters  # noqa: E402

params = [ms.Parameter(ms.Tensor(np.full(s, rank + 1.0, np.float32)), name=f"p{i}")
          for i, s in enumerate([(2, 3), (4,)])]
broadcast_parameters(params)
for p in params:
    check(p, np.ones(p.shape), "broadcast_parameters")

# A group of one rank: only its member uses it.
comm.create_group("solo1", [1])
if rank == 1:
    check(ops.AllReduce(group="solo1")(mine), inputs[1], "AllReduce on a created group")
else:
    try:
        ops.AllReduce(group="solo1")(mine)
        raise AssertionError("a non-member used a group")
    except RuntimeError as exc:
        assert "not a member of the group 'solo1'" in str(exc), exc
comm.create_group("both", [1, 0])
assert comm.get_rank("both") == 1 - rank
check(ops.AllGather(group="both")(mine), np.concatenate(inputs[::-1]), "reordered group")
comm.destroy_group("both")
ops.Barrier()()
print(f"rank {rank}: collectives OK", flush=True)

# Checkpoints: rank 0 writes (rank 1's call writes nothing), then every rank reads it.
if len(sys.argv) > 1:
    from graphc.communication.checkpoint import save_on_rank_zero
    path = f"{sys.argv[1]}/ckpt.npz"
    wrote = save_on_rank_zero(lambda p, v: np.savez(p, value=v, writer=rank), path, inputs[rank])
    assert wrote == (rank == 0), (rank, wrote)
    saved = np.load(path)
    assert int(saved["writer"]) == 0
    np.testing.assert_array_equal(saved["value"], inputs[0])
    print(f"rank {rank}: checkpoint OK", flush=True)
