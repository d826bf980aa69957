"""Benchmark: one training step of a 784-256-10 MLP, graphc against hand-written NumPy.

The step: logits = Dense(256, 10)(relu(Dense(784, 256)(x))), mean sparse softmax
cross-entropy, gradients of every weight and bias, SGD update with lr 0.01; batch 64, float32.

Each variant is a function `make_<variant>(weights, x, y) -> step` that builds its own state
from the same initial weights (so all variants train the same model on the same batch) and
returns a no-argument callable running one step and returning the loss as a float. Before
timing, the script checks that every variant's first losses agree with NumPy's. Adding a
GRAPH_MODE row is one more entry in `VARIANTS` (see `make_graphc_graph`, enabled with
`--graph`).

    python bench/mlp_step.py [--steps 50] [--repeat 5] [--graph]
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

import numpy as np
from timing import variants_parser

import graphc as ms
from graphc import nn

BATCH, IN, HIDDEN, OUT = 64, 784, 256, 10
LR = 0.01

Weights = dict[str, np.ndarray]
Step = Callable[[], float]


class MLP(nn.Cell):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Dense(IN, HIDDEN)
        self.relu = nn.ReLU()
        self.fc2 = nn.Dense(HIDDEN, OUT)

    def construct(self, x):
        return self.fc2(self.relu(self.fc1(x)))


def initial_weights(seed: int = 0) -> Weights:
    """The weights every variant starts from: graphc's default Dense initialisation."""
    ms.set_seed(seed)
    return {p.name: p.asnumpy().copy() for p in MLP().trainable_params()}


def batch(seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(BATCH, IN)).astype(np.float32),
            rng.integers(0, OUT, size=BATCH).astype(np.int32))


# ---------------------------------------------------------------- variants
def make_graphc(mode: int, weights: Weights, x: np.ndarray, y: np.ndarray) -> Step:
    """graphc's standard training wrappers, run in `mode`."""
    ms.set_context(mode=mode)
    net = MLP()
    for p in net.trainable_params():
        p.set_data(ms.Tensor(weights[p.name].copy()))
    loss_fn = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    train_step = nn.TrainOneStepCell(nn.WithLossCell(net, loss_fn),
                                     nn.SGD(net.trainable_params(), learning_rate=LR))
    train_step.set_train()
    tx, ty = ms.Tensor(x), ms.Tensor(y)

    def step() -> float:
        ms.set_context(mode=mode)
        return float(train_step(tx, ty).asnumpy())

    return step


make_graphc_pynative = functools.partial(make_graphc, ms.PYNATIVE_MODE)
make_graphc_graph = functools.partial(make_graphc, ms.GRAPH_MODE)


def make_numpy(weights: Weights, x: np.ndarray, y: np.ndarray) -> Step:
    """The same step by hand: forward, backward, update, in float32 NumPy."""
    w1, b1 = weights["fc1.weight"].copy(), weights["fc1.bias"].copy()
    w2, b2 = weights["fc2.weight"].copy(), weights["fc2.bias"].copy()
    rows = np.arange(len(y))
    lr = np.float32(LR)
    inv_n = np.float32(1.0 / len(y))

    def step() -> float:
        nonlocal w1, b1, w2, b2  # updated in place below
        z1 = x @ w1.T + b1
        h = np.maximum(z1, 0)
        logits = h @ w2.T + b2
        shifted = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        s = e.sum(axis=1, keepdims=True)
        loss = float(np.mean(np.log(s[:, 0]) - shifted[rows, y]))
        dlogits = e / s
        dlogits[rows, y] -= 1
        dlogits *= inv_n
        dw2 = dlogits.T @ h
        db2 = dlogits.sum(axis=0)
        dz1 = dlogits @ w2
        dz1 *= z1 > 0
        dw1 = dz1.T @ x
        db1 = dz1.sum(axis=0)
        w1 -= lr * dw1
        b1 -= lr * db1
        w2 -= lr * dw2
        b2 -= lr * db2
        return loss

    return step


VARIANTS: dict[str, Callable[[Weights, np.ndarray, np.ndarray], Step]] = {
    "numpy (hand-written)": make_numpy,
    "graphc PYNATIVE_MODE": make_graphc_pynative,
}


# ---------------------------------------------------------------- measuring
def check_agreement(variants: dict[str, Callable[..., Step]], steps: int = 3) -> None:
    """Every variant's first `steps` losses match the NumPy reference (float32 tolerance)."""
    weights, (x, y) = initial_weights(), batch()
    ref = make_numpy(weights, x, y)
    want = [ref() for _ in range(steps)]
    for name, make in variants.items():
        fn = make(weights, x, y)
        got = [fn() for _ in range(steps)]
        if not np.allclose(got, want, rtol=1e-4, atol=1e-5):
            raise AssertionError(f"{name}: losses {got} differ from NumPy's {want}")


def time_step(make: Callable[..., Step], steps: int, repeat: int) -> float:
    """Best of `repeat` runs of `steps` steps (after 3 warm-up steps), in ms per step."""
    weights, (x, y) = initial_weights(), batch()
    fn = make(weights, x, y)
    for _ in range(3):
        fn()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(steps):
            fn()
        best = min(best, (time.perf_counter() - start) / steps)
    return best * 1e3


def main(argv: list[str] | None = None) -> None:
    args = variants_parser(__doc__, "steps", 50).parse_args(argv)
    variants = dict(VARIANTS)
    if args.graph:
        variants["graphc GRAPH_MODE"] = make_graphc_graph
    check_agreement(variants)
    print(f"MLP {IN}-{HIDDEN}-{OUT} training step, batch {BATCH}, SGD lr {LR}, float32; "
          f"best of {args.repeat} x {args.steps} steps")
    print(f"{'variant':24s} {'ms/step':>9s} {'vs numpy':>9s}")
    base = None
    for name, make in variants.items():
        t = time_step(make, args.steps, args.repeat)
        base = t if base is None else base
        print(f"{name:24s} {t:9.3f} {t / base:8.2f}x")
    ms.set_context(mode=ms.PYNATIVE_MODE)


if __name__ == "__main__":
    main()
