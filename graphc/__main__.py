"""`python -m graphc demo`: the demo a new user runs first.

It runs the seed example network in PYNATIVE_MODE and prints its output, then trains
`DigitsLeNet` on the shipped UCI digits for a few epochs with `Model.fit`, fed by a
graphc.dataset pipeline (NumpySlicesDataset, shuffle, batch; seeded by dataset.config.set_seed), in
PYNATIVE_MODE and in GRAPH_MODE: a ProgressBar callback prints the loss, the test accuracy and
the time per step of each epoch, and a ModelCheckpoint saves the network. The GRAPH_MODE run's
checkpoint is then loaded into a fresh network, whose test accuracy is reported. `train(mode)`
returns the numbers of one run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
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
    in epoch e (the first epoch includes any compilation); `checkpoint` is the last file the
    ModelCheckpoint wrote (None without a checkpoint directory)."""

    mode: int
    epochs: int
    steps_per_epoch: int
    losses: list[float] = field(default_factory=list)
    accuracies: list[float] = field(default_factory=list)
    step_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    checkpoint: str | None = None

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


class _Collect(ms.train.Callback):
    """Fills a TrainStats: each epoch's mean loss, test accuracy and mean step time."""

    def __init__(self, stats: TrainStats) -> None:
        self.stats = stats
        self._losses: list[float] = []
        self._seconds = 0.0
        self._start = 0.0

    def on_train_epoch_begin(self, run_context: Any) -> None:
        self._losses, self._seconds = [], 0.0

    def on_train_step_begin(self, run_context: Any) -> None:
        self._start = time.perf_counter()

    def on_train_step_end(self, run_context: Any) -> None:
        self._seconds += time.perf_counter() - self._start
        self._losses.append(float(run_context.original_args().net_outputs.asnumpy()))

    def on_train_epoch_end(self, run_context: Any) -> None:
        metrics = run_context.original_args().metrics
        self.stats.losses.append(float(np.mean(self._losses)))
        self.stats.accuracies.append(float(metrics["test acc"]))
        self.stats.step_ms.append(self._seconds * 1e3 / len(self._losses))


def train(mode: int = ms.PYNATIVE_MODE, epochs: int = 10, batch_size: int = 32,
          peak_lr: float = 0.05, seed: int = 0, out: TextIO | None = None,
          checkpoint_dir: str | None = None) -> TrainStats:
    """Train a fresh DigitsLeNet on the digits' train split in `mode` with `Model.fit`
    (Momentum 0.9, cosine learning-rate decay from `peak_lr`), evaluating on the test split
    after every epoch.

    Progress goes to `out` (None: silent) through the ProgressBar callback: a bar redrawn in
    place on a terminal, and one line per epoch. With `checkpoint_dir`, a ModelCheckpoint saves
    the training network there at the end of each epoch, keeping the last one."""
    from graphc import dataset as ds
    from graphc.dataset import DigitsLeNet, load_digits

    ms.set_context(mode=mode)
    ms.set_seed(seed)
    ds.config.set_seed(seed)  # the shuffle's order, new each epoch, the same in both modes
    x_train, y_train = load_digits("train", seed=seed)
    x_test, y_test = load_digits("test", seed=seed)
    columns = ["image", "label"]
    train_set = ds.NumpySlicesDataset((x_train, y_train), columns, shuffle=False) \
        .shuffle(len(y_train)).batch(batch_size)
    test_set = ds.NumpySlicesDataset((x_test, y_test), columns, shuffle=False) \
        .batch(len(y_test))
    per_epoch = train_set.get_dataset_size()
    steps = epochs * per_epoch
    lrs = nn.cosine_decay_lr(0.0, peak_lr, steps, 1, steps)  # a per-step cosine to 0

    net = DigitsLeNet()
    loss_fn = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    opt = nn.Momentum(net.trainable_params(), learning_rate=lrs, momentum=0.9)
    model = ms.Model(net, loss_fn, opt, metrics={"test acc": ms.train.Accuracy()})
    stats = TrainStats(mode, epochs, per_epoch)
    callbacks: list[Any] = [_Collect(stats)]
    if out is not None:
        callbacks.append(ms.train.ProgressBar(out))
    saver = None
    if checkpoint_dir is not None:
        config = ms.train.CheckpointConfig(save_checkpoint_steps=per_epoch, keep_checkpoint_max=1)
        saver = ms.train.ModelCheckpoint("digits_lenet", checkpoint_dir, config)
        callbacks.append(saver)
    start = time.perf_counter()
    model.fit(epochs, train_set, test_set, callbacks=callbacks)
    stats.seconds = time.perf_counter() - start
    if saver is not None:
        stats.checkpoint = saver.latest_ckpt_file_name
    return stats


def reload_accuracy(checkpoint: str, seed: int = 0) -> float:
    """The test accuracy of a fresh DigitsLeNet with the weights of `checkpoint`."""
    from graphc.dataset import DigitsLeNet, load_digits

    x_test, y_test = load_digits("test", seed=seed)
    net = DigitsLeNet()
    missing, _ = ms.load_param_into_net(net, ms.load_checkpoint(checkpoint))
    if missing:
        raise RuntimeError(f"The checkpoint {checkpoint} lacks the parameters {missing}.")
    pred = ms.Model(net).predict(ms.Tensor(x_test)).asnumpy().argmax(axis=1)
    return float((pred == y_test).mean())


def demo(out: TextIO = sys.stdout, epochs: int = 10) -> None:
    """The seed example, then DigitsLeNet trained on the digits with Model.fit in both modes,
    and the last checkpoint loaded into a fresh network."""
    results = {}
    for label, mode, jit_inner in (("PYNATIVE_MODE", ms.PYNATIVE_MODE, False),
                                   ("PYNATIVE_MODE + @jit AddMulMul", ms.PYNATIVE_MODE, True),
                                   ("GRAPH_MODE", ms.GRAPH_MODE, False)):
        results[label] = str(run_seed_example(mode, jit_inner))
        out.write(f"== the seed example network, {label}\n{results[label]}\n")
    same = len(set(results.values())) == 1
    out.write(f"== all three print the same: {'yes' if same else 'NO'}\n")
    all_stats = []
    with tempfile.TemporaryDirectory(prefix="graphc-demo-") as tmp:
        for mode in (ms.PYNATIVE_MODE, ms.GRAPH_MODE):
            name = _MODE_NAMES[mode]
            out.write(f"\n== DigitsLeNet on the UCI 8x8 digits (1,438 train / 359 test images), "
                      f"{name}, Model.fit\n")
            stats = train(mode, epochs=epochs, out=out, checkpoint_dir=os.path.join(tmp, name))
            all_stats.append(stats)
            out.write(f"{stats.mode_name}: test accuracy {stats.final_accuracy:.2%} after "
                      f"{stats.epochs} epochs, {stats.steady_step_ms:.2f} ms/step, "
                      f"{stats.seconds:.1f} s\n")
        ms.set_context(mode=ms.PYNATIVE_MODE)
        graph_ckpt = all_stats[1].checkpoint
        assert graph_ckpt is not None
        reloaded = reload_accuracy(graph_ckpt)
        out.write(f"\n== {os.path.basename(graph_ckpt)} (MindSpore's .ckpt format) loaded into a "
                  f"fresh DigitsLeNet: test accuracy {reloaded:.2%}; same as trained: "
                  f"{'yes' if abs(reloaded - all_stats[1].final_accuracy) < 1e-9 else 'NO'}\n")
    eager, graph = all_stats
    out.write(f"\nGRAPH_MODE speed-up per training step: "
              f"{eager.steady_step_ms / graph.steady_step_ms:.2f}x; same accuracy: "
              f"{'yes' if abs(eager.final_accuracy - graph.final_accuracy) < 1e-9 else 'no'}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="graphc", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["demo"], help="what to run")
    args = parser.parse_args(argv)
    if args.command == "demo":
        demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
