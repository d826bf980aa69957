"""`python -m graphc demo`: the demo a new user runs first.

It runs the seed example network in PYNATIVE_MODE and prints its output, then trains
`DigitsLeNet` on the shipped UCI digits (graphc.dataset) for a few epochs, printing the loss,
the test accuracy and the time per step of each epoch. `train(mode)` returns the numbers, so a
GRAPH_MODE run (and a speed-up line comparing the two) is one more call in `demo`.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from typing import Any, TextIO

import numpy as np

import graphc as ms
from graphc import nn

_MODE_NAMES = {ms.PYNATIVE_MODE: "PYNATIVE_MODE", ms.GRAPH_MODE: "GRAPH_MODE"}


# ---------------------------------------------------------------- the seed example (no @jit)
class AddMulMul(nn.Cell):
    def __init__(self) -> None:
        super().__init__()
        self.param = ms.Parameter(ms.Tensor(0.5, ms.float32))

    def construct(self, x: Any) -> Any:
        x = x + x
        x = x * self.param
        x = x * x
        return x


class CellCallSingleCell(nn.Cell):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 2, kernel_size=2, stride=1, padding=0, weight_init="ones",
                              pad_mode="valid")
        self.bn = nn.BatchNorm2d(2, momentum=0.99, eps=0.00001, gamma_init="ones")
        self.relu = nn.ReLU()
        self.add_mul_mul = AddMulMul()

    def construct(self, x: Any) -> Any:
        x = self.conv(x)
        x = self.bn(x)
        x = self.add_mul_mul(x)
        x = self.relu(x)
        return x


def run_seed_example(mode: int = ms.PYNATIVE_MODE, jit_inner: bool = False) -> Any:
    """The seed example's output for a (1, 1, 2, 2) input of ones, run in `mode`; with
    `jit_inner`, AddMulMul's construct is compiled with `ms.jit` (the seed's mixed form)."""
    ms.set_context(mode=mode, device_target="CPU")
    inputs = ms.Tensor(np.ones([1, 1, 2, 2]).astype(np.float32))
    net = CellCallSingleCell()
    if jit_inner:
        net.add_mul_mul.construct = ms.jit(net.add_mul_mul.construct)
    return net(inputs)


# ---------------------------------------------------------------- training on the digits
@dataclass
class TrainStats:
    """What one `train` run measured. `step_ms[e]` is the mean wall time of one training step
    in epoch e (the first epoch includes any compilation)."""

    mode: int
    epochs: int
    steps_per_epoch: int
    losses: list[float] = field(default_factory=list)
    accuracies: list[float] = field(default_factory=list)
    step_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def mode_name(self) -> str:
        return _MODE_NAMES.get(self.mode, str(self.mode))

    @property
    def final_accuracy(self) -> float:
        return self.accuracies[-1]

    @property
    def steady_step_ms(self) -> float:
        """Mean step time over the epochs after the first (all epochs if there is one)."""
        rest = self.step_ms[1:] or self.step_ms
        return float(np.mean(rest))


def _progress(out: TextIO, text: str, done: int, total: int, width: int = 24) -> None:
    filled = width * done // total
    out.write(f"\r{text} [{'#' * filled}{'.' * (width - filled)}] {done:3d}/{total}")
    out.flush()


def train(mode: int = ms.PYNATIVE_MODE, epochs: int = 10, batch_size: int = 32,
          peak_lr: float = 0.05, seed: int = 0, out: TextIO | None = None) -> TrainStats:
    """Train a fresh DigitsLeNet on the digits' train split in `mode` (Momentum 0.9, cosine
    learning-rate decay from `peak_lr`), evaluating on the test split after every epoch.

    Progress goes to `out` (None: silent): a bar redrawn in place on a terminal, and one
    line per epoch."""
    from graphc.dataset import DigitsLeNet, batches, load_digits, num_batches

    ms.set_context(mode=mode)
    ms.set_seed(seed)
    x_train, y_train = load_digits("train", seed=seed)
    x_test, y_test = load_digits("test", seed=seed)
    per_epoch = num_batches(len(y_train), batch_size)
    steps = epochs * per_epoch
    lrs = [peak_lr * 0.5 * (1 + np.cos(np.pi * i / steps)) for i in range(steps)]

    net = DigitsLeNet()
    loss_fn = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    opt = nn.Momentum(net.trainable_params(), learning_rate=lrs, momentum=0.9)
    train_step = nn.TrainOneStepCell(nn.WithLossCell(net, loss_fn), opt)
    stats = TrainStats(mode, epochs, per_epoch)
    live = out is not None and out.isatty()
    start = time.perf_counter()
    for epoch in range(epochs):
        train_step.set_train(True)
        losses = []
        label = f"epoch {epoch + 1:>{len(str(epochs))}}/{epochs}"
        epoch_start = time.perf_counter()
        for i, (xb, yb) in enumerate(batches(x_train, y_train, batch_size, shuffle=True,
                                             seed=seed * 1000 + epoch)):
            loss = train_step(ms.Tensor(xb), ms.Tensor(yb))
            losses.append(float(loss.asnumpy()))
            if live:
                _progress(out, label, i + 1, per_epoch)
        step_ms = (time.perf_counter() - epoch_start) * 1e3 / per_epoch
        net.set_train(False)
        pred = net(ms.Tensor(x_test)).asnumpy().argmax(axis=1)
        stats.losses.append(float(np.mean(losses)))
        stats.accuracies.append(float((pred == y_test).mean()))
        stats.step_ms.append(step_ms)
        if out is not None:
            if not live:
                out.write(f"{label} [{'#' * 24}] {per_epoch:3d}/{per_epoch}")
            out.write(f"  loss {stats.losses[-1]:.4f}  test acc {stats.accuracies[-1]:6.2%}"
                      f"  {step_ms:5.2f} ms/step\n")
            out.flush()
    stats.seconds = time.perf_counter() - start
    return stats


def demo(out: TextIO = sys.stdout, epochs: int = 10) -> None:
    """The seed example, then DigitsLeNet trained on the digits in PYNATIVE_MODE."""
    results = {}
    for label, mode, jit_inner in (("PYNATIVE_MODE", ms.PYNATIVE_MODE, False),
                                   ("PYNATIVE_MODE + @jit AddMulMul", ms.PYNATIVE_MODE, True),
                                   ("GRAPH_MODE", ms.GRAPH_MODE, False)):
        results[label] = str(run_seed_example(mode, jit_inner))
        out.write(f"== the seed example network, {label}\n{results[label]}\n")
    same = len(set(results.values())) == 1
    out.write(f"== all three print the same: {'yes' if same else 'NO'}\n")
    all_stats = []
    for mode in (ms.PYNATIVE_MODE, ms.GRAPH_MODE):
        name = "PYNATIVE_MODE" if mode == ms.PYNATIVE_MODE else "GRAPH_MODE"
        out.write(f"\n== DigitsLeNet on the UCI 8x8 digits (1,438 train / 359 test images), "
                  f"{name}\n")
        stats = train(mode, epochs=epochs, out=out)
        all_stats.append(stats)
        out.write(f"{stats.mode_name}: test accuracy {stats.final_accuracy:.2%} after "
                  f"{stats.epochs} epochs, {stats.steady_step_ms:.2f} ms/step, "
                  f"{stats.seconds:.1f} s\n")
    eager, graph = all_stats
    out.write(f"\nGRAPH_MODE speed-up per training step: "
              f"{eager.steady_step_ms / graph.steady_step_ms:.2f}x; same accuracy: "
              f"{'yes' if abs(eager.final_accuracy - graph.final_accuracy) < 1e-9 else 'no'}\n")
    ms.set_context(mode=ms.PYNATIVE_MODE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="graphc", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["demo"], help="what to run")
    args = parser.parse_args(argv)
    if args.command == "demo":
        demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
