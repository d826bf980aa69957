"""Benchmark: the cached call cost of a PIJit function (`jit(capture_mode="bytecode")`).

Rows, per call (best of several repeats): `x + 1` on a 4-element Tensor and a 20-op
elementwise chain on 1,000 elements, each run eagerly (PyNative), as `@jit` (AST, PSJit) and as
PIJit with no graph break; then the chain with one graph break (a NumPy call in the middle).
The target is PIJit within 1.5x of `@jit` for the captured function without breaks.

    python bench/pijit_call.py
"""

from __future__ import annotations

import numpy as np
from timing import best

import graphc as ms
from graphc import ops


def add_one(x):
    return x + 1


def chain(x):
    for _ in range(5):
        x = x * 1.0001
        x = x + 0.5
        x = ops.tanh(x)
        x = x - 0.25
    return x


def chain_with_break(x):
    x = chain(x)
    scale = float(np.abs(x.asnumpy()).max())  # NumPy on Tensor data: a graph break
    return chain(x) * scale


def per_call(fn, x, n: int = 2000) -> float:
    fn(x)
    return best(lambda: fn(x), n) * 1e6


def main() -> None:
    small = ms.Tensor(np.ones(4, np.float32))
    mid = ms.Tensor(np.linspace(-1, 1, 1000).astype(np.float32))
    print(f"{'workload':34} {'eager us':>10} {'@jit us':>10} {'PIJit us':>10} {'PIJit/@jit':>11}")
    for name, fn, x in (("x + 1, 4 elements", add_one, small),
                        ("20-op chain, 1,000 elements", chain, mid)):
        eager = per_call(fn, x)
        psjit = per_call(ms.jit(fn), x)
        pijit_fn = ms.jit(fn, capture_mode="bytecode")
        pi = per_call(pijit_fn, x)
        info = pijit_fn.capture_info()
        assert info.graph_count == 1 and info.break_count == 0, info
        print(f"{name:34} {eager:10.1f} {psjit:10.1f} {pi:10.1f} {pi / psjit:10.2f}x")
    broken = ms.jit(chain_with_break, capture_mode="bytecode")
    pi = per_call(broken, mid, 500)
    info = broken.capture_info()
    assert info.graph_count == 2 and info.break_count == 1, info
    eager = per_call(chain_with_break, mid, 500)
    print(f"{'chain, 1 break (NumPy), 1,000 el.':34} {eager:10.1f} {'-':>10} {pi:10.1f}")


if __name__ == "__main__":
    main()
