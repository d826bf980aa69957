"""Benchmark: what JIT Fallback costs (issue: JIT Fallback).

Rows: a cached `@jit` call whose graph holds one interpret node (`np.sort` on a small array)
against the bare NumPy call and against the same graph without it; the asnumpy + sort pair;
and, for a fully graphable function, the cached call and the compile time at LAX (fallback
available) against STRICT (no fallback) — they must not differ.

    python bench/fallback_cost.py
"""

from __future__ import annotations

import time

import numpy as np
from timing import best

import graphc as ms


def passthrough(x):
    return x


def sort_as_numpy(x):
    return np.sort(x.asnumpy())


def sort_beside_graph(x):
    y = np.sort(x.asnumpy())  # noqa: F841  (kept: interpret nodes are never dropped)
    return x


def add_one(x):
    return x + 1


def sixty_ops(x, y):
    for _ in range(10):
        x = x * y + 1.0
        y = y - x * 0.5
        x = ms.ops.tanh(x)
    return x + y


def main() -> None:
    x = ms.Tensor(np.array([3.0, 1.0, 2.0, 0.5], np.float32))
    a = x.asnumpy()
    rows = []
    direct = best(lambda: np.sort(a), 100_000)
    rows.append(("np.sort(a) called directly", direct, ""))
    jit_sort = ms.jit(sort_as_numpy)
    jit_sort(x)
    rows.append(("@jit np.sort(x.asnumpy())", best(lambda: jit_sort(x), 100_000),
                 f"{jit_sort.explain(x).count} interpret nodes"))
    jit_pass = ms.jit(passthrough)
    jit_pass(x)
    jit_beside = ms.jit(sort_beside_graph)
    jit_beside(x)
    base = best(lambda: jit_pass(x), 100_000)
    with_node = best(lambda: jit_beside(x), 100_000)
    rows.append(("@jit return x", base, ""))
    rows.append(("@jit same + np.sort(x.asnumpy())", with_node,
                 f"+{(with_node - base) * 1e6:.2f}u for 2 nodes vs {direct * 1e6:.2f}u direct"))
    for level, label in ((ms.LAX, "LAX"), (ms.STRICT, "STRICT")):
        ms.set_context(jit_syntax_level=level)
        f = ms.jit(add_one)
        f(x)
        rows.append((f"cached @jit x+1 at {label}", best(lambda f=f: f(x), 200_000), ""))
        y = ms.Tensor(np.ones(4, np.float32))
        times = []
        for _ in range(5):
            g = ms.jit(sixty_ops)
            start = time.perf_counter()
            g(x, y)
            times.append(time.perf_counter() - start)
        rows.append((f"compile a 60-op function at {label}", min(times), "(first call)"))
    ms.set_context(jit_syntax_level=ms.LAX)
    print(f"{'case':46s} {'time':>10s}  note")
    for name, seconds, note in rows:
        unit = f"{seconds * 1e6:9.2f}u" if seconds < 1e-3 else f"{seconds * 1e3:8.2f}ms"
        print(f"{name:46s} {unit:>10s}  {note}")


if __name__ == "__main__":
    main()
