"""Benchmark: LeNet-5 forward pass (batch 32, 1x32x32), graphc against hand-written NumPy.

The network: Conv2d(1, 6, 5, 'valid') -> ReLU -> MaxPool 2x2 -> Conv2d(6, 16, 5, 'valid') ->
ReLU -> MaxPool 2x2 -> Flatten (400) -> Dense 120 -> ReLU -> Dense 84 -> ReLU -> Dense 10,
float32. The NumPy version does convolution as im2col (a strided window view, one copy into
a (N, C*kh*kw, oh*ow) matrix) and one matmul, and 2x2 pooling as the maximum of four strided
slices. Each variant is a `make_<variant>(weights, x) -> forward` function; the script first
checks that every variant's output matches NumPy's. `--graph` adds a GRAPH_MODE row.

    python bench/lenet_forward.py [--number 50] [--repeat 5] [--graph]
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from timing import best, variants_parser

import graphc as ms
from graphc import nn

BATCH = 32

Weights = dict[str, np.ndarray]
Forward = Callable[[], np.ndarray]


class LeNet5(nn.Cell):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, pad_mode="valid", has_bias=True)
        self.conv2 = nn.Conv2d(6, 16, 5, pad_mode="valid", has_bias=True)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Dense(16 * 5 * 5, 120)
        self.fc2 = nn.Dense(120, 84)
        self.fc3 = nn.Dense(84, 10)

    def construct(self, x):
        x = self.pool(self.relu(self.conv1(x)))
        x = self.pool(self.relu(self.conv2(x)))
        x = self.flatten(x)
        x = self.relu(self.fc1(x))
        x = self.relu(self.fc2(x))
        return self.fc3(x)


def initial_weights(seed: int = 0) -> Weights:
    ms.set_seed(seed)
    return {p.name: p.asnumpy().copy() for p in LeNet5().trainable_params()}


def inputs(seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).random((BATCH, 1, 32, 32), dtype=np.float32)


# ---------------------------------------------------------------- variants
def make_graphc(mode: int, weights: Weights, x: np.ndarray) -> Forward:
    ms.set_context(mode=mode)
    net = LeNet5()
    for p in net.trainable_params():
        p.set_data(ms.Tensor(weights[p.name].copy()))
    net.set_train(False)
    tx = ms.Tensor(x)

    def forward() -> np.ndarray:
        ms.set_context(mode=mode)
        return net(tx).asnumpy()

    return forward


make_graphc_pynative = functools.partial(make_graphc, ms.PYNATIVE_MODE)
make_graphc_graph = functools.partial(make_graphc, ms.GRAPH_MODE)


def conv2d_im2col(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """'valid' stride-1 convolution: (N, C, H, W) x (O, C, kh, kw) -> (N, O, oh, ow)."""
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    oh, ow = h - kh + 1, wd - kw + 1
    windows = sliding_window_view(x, (kh, kw), axis=(2, 3))  # (N, C, oh, ow, kh, kw)
    cols = windows.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * kh * kw, oh * ow)
    out = np.matmul(w.reshape(o, c * kh * kw), cols)
    return (out + b[:, None]).reshape(n, o, oh, ow)


def max_pool_2x2(x: np.ndarray) -> np.ndarray:
    """2x2 stride-2 max pooling as the maximum of the four strided sub-grids (an order of
    magnitude faster than `reshape(n, c, h/2, 2, w/2, 2).max(axis=(3, 5))`)."""
    return np.maximum(np.maximum(x[:, :, 0::2, 0::2], x[:, :, 0::2, 1::2]),
                      np.maximum(x[:, :, 1::2, 0::2], x[:, :, 1::2, 1::2]))


def make_numpy(weights: Weights, x: np.ndarray) -> Forward:
    wt = {k: v.copy() for k, v in weights.items()}

    def forward() -> np.ndarray:
        h = max_pool_2x2(np.maximum(conv2d_im2col(x, wt["conv1.weight"], wt["conv1.bias"]), 0))
        h = max_pool_2x2(np.maximum(conv2d_im2col(h, wt["conv2.weight"], wt["conv2.bias"]), 0))
        h = h.reshape(len(h), -1)
        h = np.maximum(h @ wt["fc1.weight"].T + wt["fc1.bias"], 0)
        h = np.maximum(h @ wt["fc2.weight"].T + wt["fc2.bias"], 0)
        return h @ wt["fc3.weight"].T + wt["fc3.bias"]

    return forward


VARIANTS: dict[str, Callable[[Weights, np.ndarray], Forward]] = {
    "numpy im2col (by hand)": make_numpy,
    "graphc PYNATIVE_MODE": make_graphc_pynative,
}


def main(argv: list[str] | None = None) -> None:
    args = variants_parser(__doc__, "number", 50).parse_args(argv)
    variants = dict(VARIANTS)
    if args.graph:
        variants["graphc GRAPH_MODE"] = make_graphc_graph
    weights, x = initial_weights(), inputs()
    want = make_numpy(weights, x)()
    for name, make in variants.items():
        got = make(weights, x)()
        if got.shape != (BATCH, 10) or not np.allclose(got, want, rtol=1e-4, atol=1e-5):
            raise AssertionError(f"{name}: output differs from NumPy's")
    print(f"LeNet-5 forward, batch {BATCH}, 1x32x32 float32; best of {args.repeat} x "
          f"{args.number} calls")
    print(f"{'variant':24s} {'ms/call':>9s} {'vs numpy':>9s}")
    base = None
    for name, make in variants.items():
        fn = make(weights, x)
        fn()
        t = best(fn, args.number, args.repeat) * 1e3
        base = t if base is None else base
        print(f"{name:24s} {t:9.3f} {t / base:8.2f}x")
    ms.set_context(mode=ms.PYNATIVE_MODE)


if __name__ == "__main__":
    main()
