"""Benchmark: the compiled path of graphc (issue: the static-graph compiler).

Rows: per-call cost of a cached `@jit` call of `x + 1` on a 4-element Tensor; a 20-op
elementwise chain on 1,000 and 1,000,000 elements (jit vs PyNative vs hand-written NumPy);
a 100-iteration Tensor while loop (jit vs NumPy); compile time of a 60-op function.

    python bench/jit_call.py
"""

from __future__ import annotations

import time

import numpy as np
from timing import best

import graphc as ms
from graphc import ops


@ms.jit
def add_one(x):
    return x + 1


def chain(x):
    for _ in range(5):
        x = x * 1.0001
        x = x + 0.5
        x = ops.tanh(x)
        x = x - 0.25
    return x


def chain_numpy(a):
    for _ in range(5):
        a = a * np.float32(1.0001)
        a = a + np.float32(0.5)
        a = np.tanh(a)
        a = a - np.float32(0.25)
    return a


def tensor_loop(x):
    i = ms.Tensor(0, ms.int32)
    while i < 100:
        x = x * 0.5 + 1.0
        i = i + 1
    return x


def tensor_loop_numpy(a):
    i = np.int32(0)
    while i < 100:
        a = a * np.float32(0.5) + np.float32(1.0)
        i = i + 1
    return a


def tensor_loop_numpy_int(a):
    i = 0
    while i < 100:
        a = a * np.float32(0.5) + np.float32(1.0)
        i = i + 1
    return a


def sixty_ops(x, y):
    for _ in range(20):
        x = x * y
        x = x + 1.0
        x = ops.relu(x)
    return x


def mlp_forward_rows() -> list[tuple[str, float, str, float]]:
    """784-256-10 MLP forward (batch 64): GRAPH_MODE Cell, PyNative, NumPy by hand."""
    from graphc import nn
    ms.set_seed(0)
    net = nn.SequentialCell([nn.Dense(784, 256), nn.ReLU(), nn.Dense(256, 10)])
    x = ms.Tensor(np.random.default_rng(0).normal(size=(64, 784)).astype(np.float32))
    w1, b1, w2, b2 = (p.asnumpy() for p in net.trainable_params())
    a = x.asnumpy()

    def numpy_forward():
        h = a @ w1.T + b1
        np.maximum(h, 0, out=h)
        return h @ w2.T + b2

    ms.set_context(mode=ms.PYNATIVE_MODE)
    eager = best(lambda: net(x), 500)
    ms.set_context(mode=ms.GRAPH_MODE)
    net(x)
    graph = best(lambda: net(x), 500)
    ms.set_context(mode=ms.PYNATIVE_MODE)
    ref = best(numpy_forward, 500)
    return [("MLP 784-256-10 forward, batch 64: GRAPH_MODE", graph * 1e6, "us", ref * 1e6),
            ("MLP 784-256-10 forward, batch 64: pynative", eager * 1e6, "us", ref * 1e6)]


def main() -> None:
    rows = []
    x4 = ms.Tensor(np.ones(4, np.float32))
    add_one(x4)
    a4 = x4.asnumpy()
    rows.append(("cached @jit x+1 (4 elems)", best(lambda: add_one(x4), 100000) * 1e6, "us",
                 best(lambda: a4 + 1, 100000) * 1e6))
    chain_jit = ms.jit(chain)
    for n in (1000, 1000000):
        x = ms.Tensor(np.random.default_rng(0).normal(size=n).astype(np.float32))
        a = x.asnumpy()
        chain_jit(x)
        number = 2000 if n == 1000 else 20
        t_jit = best(lambda x=x: chain_jit(x), number)
        t_eager = best(lambda x=x: chain(x), number)
        t_np = best(lambda a=a: chain_numpy(a), number)
        rows.append((f"20-op chain, {n} elems: jit", t_jit * 1e6, "us", t_np * 1e6))
        rows.append((f"20-op chain, {n} elems: pynative", t_eager * 1e6, "us", t_np * 1e6))
    loop_jit = ms.jit(tensor_loop)
    x = ms.Tensor(np.ones(16, np.float32))
    loop_jit(x)
    rows.append(("100-iter Tensor while loop: jit", best(lambda: loop_jit(x), 200) * 1e6, "us",
                 best(lambda: tensor_loop_numpy(x.asnumpy()), 200) * 1e6))
    rows.append(("  same, NumPy with a Python int counter", best(lambda: loop_jit(x), 200) * 1e6,
                 "us", best(lambda: tensor_loop_numpy_int(x.asnumpy()), 200) * 1e6))
    rows.extend(mlp_forward_rows())
    y = ms.Tensor(np.ones(16, np.float32))
    start = time.perf_counter()
    ms.jit(sixty_ops)(x, y)
    compile_ms = (time.perf_counter() - start) * 1e3
    print(f"{'case':42s} {'graphc':>10s} {'numpy':>10s} {'ratio':>7s}")
    for name, t, unit, ref in rows:
        print(f"{name:42s} {t:9.2f}{unit[0]} {ref:9.2f}{unit[0]} {t / ref:6.2f}x")
    print(f"{'compile a 60-op function':42s} {compile_ms:9.2f}ms")


if __name__ == "__main__":
    main()
