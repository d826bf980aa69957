"""Benchmark: the per-op overhead of PyNative (eager) graphc against the bare NumPy call.

Each row times one eager op on tiny float32 tensors (so the kernel itself costs next to
nothing and the difference is graphc's dispatch: argument conversion, `infer`, Tensor
wrapping, the tape check) and the NumPy expression that op's `impl` computes. Times are the
best of `--repeat` timeit runs, in microseconds per call.

    python bench/pynative_overhead.py [--number 20000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable

import numpy as np

import graphc as ms
from graphc import ops


def best_us(fn: Callable[[], object], number: int, repeat: int) -> float:
    """Best of `repeat` runs of `number` calls, in microseconds per call."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def cases() -> list[tuple[str, Callable[[], object], Callable[[], object]]]:
    """(name, graphc call, NumPy call) rows, on 4x4 float32 operands."""
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 4)).astype(np.float32)
    b = rng.normal(size=(4, 4)).astype(np.float32)
    x, y = ms.Tensor(a), ms.Tensor(b)
    return [
        ("x + y", lambda: x + y, lambda: a + b),
        ("ops.add(x, y)", lambda: ops.add(x, y), lambda: np.add(a, b)),
        ("ops.matmul(x, y)", lambda: ops.matmul(x, y), lambda: np.matmul(a, b)),
        ("ops.relu(x)", lambda: ops.relu(x), lambda: np.maximum(a, 0)),
        ("ops.reduce_sum(x)", lambda: ops.reduce_sum(x), lambda: np.sum(a)),
        ("ops.reduce_sum(x, 1)", lambda: ops.reduce_sum(x, 1), lambda: np.sum(a, axis=1)),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=20000, help="calls per timing run")
    parser.add_argument("--repeat", type=int, default=7, help="timing runs (best is kept)")
    args = parser.parse_args(argv)
    ms.set_context(mode=ms.PYNATIVE_MODE)
    print(f"PyNative per-op overhead, 4x4 float32, best of {args.repeat} x {args.number} calls")
    print(f"{'op':24s} {'graphc us':>10s} {'numpy us':>10s} {'overhead us':>12s} {'ratio':>7s}")
    for name, eager, bare in cases():
        eager()
        bare()
        t_ms = best_us(eager, args.number, args.repeat)
        t_np = best_us(bare, args.number, args.repeat)
        print(f"{name:24s} {t_ms:10.2f} {t_np:10.2f} {t_ms - t_np:12.2f} {t_ms / t_np:6.1f}x")


if __name__ == "__main__":
    main()
