"""Benchmark: a data-parallel training step at 1, 2 and 4 processes (weak scaling).

Every process trains the same 784-256-10 MLP (203,530 float32 Parameters, 814 KB of
gradients) on its own batch of 64 with TrainOneStepCell under DATA_PARALLEL, GRAPH_MODE (or
PYNATIVE with --pynative): the global batch grows with the processes. For each job size the
table gives the global samples per second, the step time, the time spent inside collectives
(the gradient all-reduce, one per bucket, plus graphc's small shape-agreement all-reduce; it
includes waiting for the slowest rank), and the bytes each rank reduces per step. A last column
times a bare all-reduce of the same gradient buffer (the transport alone, no waiting).

    python bench/dp_step.py [--procs 1 2 4] [--steps 30] [--pynative]

The driver starts each job with the mpich wheel's mpiexec; each worker runs with
OPENBLAS_NUM_THREADS=1, so one process uses one core. On a machine with fewer cores than
processes the extra processes share cores and samples/s stops growing (see the README).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BATCH, IN, HIDDEN, OUT = 64, 784, 256, 10


def worker(steps: int, pynative: bool) -> None:
    import numpy as np

    import graphc as ms
    from graphc import communication as comm
    from graphc import nn, ops

    ms.set_context(mode=ms.PYNATIVE_MODE if pynative else ms.GRAPH_MODE)
    comm.init()
    rank, size = comm.get_rank(), comm.get_group_size()
    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL,
                                 gradients_mean=True)
    ms.set_seed(0)
    net = nn.SequentialCell(nn.Dense(IN, HIDDEN), nn.ReLU(), nn.Dense(HIDDEN, OUT))
    loss = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    step = nn.TrainOneStepCell(nn.WithLossCell(net, loss),
                               nn.SGD(net.trainable_params(), learning_rate=0.01))
    data = np.random.default_rng(rank)
    x = ms.Tensor(data.standard_normal((BATCH, IN)).astype(np.float32))
    y = ms.Tensor(data.integers(0, OUT, BATCH).astype(np.int32))
    for _ in range(5):  # compile, warm up
        step(x, y)
    ops.Barrier()()
    comm.collective_stats(reset=True)
    start = time.perf_counter()
    for _ in range(steps):
        step(x, y)
    ops.Barrier()()
    elapsed = time.perf_counter() - start
    stats = comm.collective_stats(reset=True)
    nbytes = sum(p.asnumpy().nbytes for p in net.trainable_params())
    flat = ms.Tensor(np.ones(nbytes // 4, np.float32))
    ops.Barrier()()
    t0 = time.perf_counter()
    for _ in range(steps):
        ops.AllReduce()(flat)
    bare = (time.perf_counter() - t0) / steps
    if rank == 0:
        print(json.dumps({
            "procs": size, "samples_per_s": size * BATCH * steps / elapsed,
            "step_ms": 1e3 * elapsed / steps, "collective_ms": 1e3 * stats.seconds / steps,
            "collectives_per_step": stats.calls / steps, "bytes_per_step": nbytes,
            "bare_allreduce_ms": 1e3 * bare,
        }), flush=True)


def drive(procs: list[int], steps: int, pynative: bool) -> None:
    mpiexec = Path(sys.executable).parent / "mpiexec"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    print(f"data-parallel MLP step ({'PYNATIVE' if pynative else 'GRAPH'}_MODE), batch "
          f"{BATCH} per process, {steps} timed steps, {os.cpu_count()} cores")
    print(f"{'procs':>5} {'samples/s':>10} {'speed-up':>8} {'step ms':>8} {'in coll. ms':>11} "
          f"{'coll. %':>7} {'colls/step':>10} {'KB/step':>8} {'bare AR ms':>10}")
    base = None
    for n in procs:
        cmd = [str(mpiexec), "-n", str(n), sys.executable, __file__, "--worker",
               "--steps", str(steps)] + (["--pynative"] if pynative else [])
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
        if out.returncode != 0:
            raise SystemExit(f"the {n}-process job failed:\n{out.stdout}{out.stderr}")
        r = json.loads(out.stdout.strip().splitlines()[-1])
        base = base or r["samples_per_s"]
        print(f"{r['procs']:>5} {r['samples_per_s']:>10.0f} {r['samples_per_s'] / base:>8.2f} "
              f"{r['step_ms']:>8.2f} {r['collective_ms']:>11.2f} "
              f"{100 * r['collective_ms'] / r['step_ms']:>7.1f} "
              f"{r['collectives_per_step']:>10.0f} {r['bytes_per_step'] / 1024:>8.0f} "
              f"{r['bare_allreduce_ms']:>10.3f}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--procs", type=int, nargs="+", default=[1, 2, 4])
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--pynative", action="store_true")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        worker(args.steps, args.pynative)
    else:
        drive(args.procs, args.steps, args.pynative)


if __name__ == "__main__":
    main()
