"""Learning-rate schedules as Cells of the global step (MindSpore's `LearningRateSchedule`s):
give one to an optimiser as its `learning_rate` and it is evaluated each step, eagerly or inside
the compiled training step. With `s` the step (float32):

    ExponentialDecayLR   lr * rate ** (s / decay_steps)           (is_stair: floor of the power)
    NaturalExpDecayLR    lr * e ** (-rate * s)                    (is_stair: s // d * d)
    InverseDecayLR       lr / (1 + rate * s / decay_steps)        (is_stair: floor)
    CosineDecayLR        min + (max - min) / 2 * (1 + sin(pi * (min(s, d) / d + 0.5)))
    PolynomialDecayLR    (lr - end) * (1 - min(s, d) / d) ** power + end
                         (update_decay_steps: d * max(ceil(s / d), 1) instead of min(s, d))
    WarmUpLR             lr * min(s, warmup_steps) / warmup_steps
"""

from __future__ import annotations

import math
from typing import Any

from .. import ops
from ..common import dtype as mstype
from .cell import Cell


def _check_float(op: str, name: str, value: Any, positive: bool) -> None:
    if not isinstance(value, float):
        raise TypeError(f"For '{op}', the argument '{name}' must be type of float, but got "
                        f"'{name}' type: {type(value)}.")
    if value < 0 or (positive and value == 0):
        bound = "> 0" if positive else ">= 0"
        raise ValueError(f"For '{op}', the argument '{name}' must be {bound}, but got {value}.")


def _check_int(op: str, name: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"For '{op}', the argument '{name}' must be type of int, but got "
                        f"{type(value)}.")
    if value <= 0:
        raise ValueError(f"For '{op}', the argument '{name}' must be > 0, but got {value}.")


def _check_bool(op: str, name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"For '{op}', the argument '{name}' must be a bool, but got "
                        f"{type(value)}.")


def _step(global_step: Any) -> Any:
    return ops.cast(global_step, mstype.float32)


class LearningRateSchedule(Cell):
    """Base class: `construct(global_step)` returns the learning rate of that step."""

    def construct(self, global_step: Any) -> Any:
        raise NotImplementedError(f"'{type(self).__name__}' must override 'construct'.")


class _Decay(LearningRateSchedule):
    def __init__(self, learning_rate: float, decay_rate: float, decay_steps: int,
                 is_stair: bool = False) -> None:
        super().__init__()
        op = type(self).__name__
        _check_int(op, "decay_steps", decay_steps)
        _check_float(op, "learning_rate", learning_rate, positive=True)
        _check_float(op, "decay_rate", decay_rate, positive=True)
        _check_bool(op, "is_stair", is_stair)
        self.learning_rate = learning_rate
        self.decay_rate = decay_rate
        self.decay_steps = decay_steps
        self.is_stair = is_stair


class ExponentialDecayLR(_Decay):
    def construct(self, global_step: Any) -> Any:
        p = ops.div(_step(global_step), self.decay_steps)
        if self.is_stair:
            p = ops.floor(p)
        return ops.mul(ops.pow(self.decay_rate, p), self.learning_rate)


class NaturalExpDecayLR(_Decay):
    def construct(self, global_step: Any) -> Any:
        p = _step(global_step)
        if self.is_stair:
            p = ops.mul(ops.floor(ops.div(p, self.decay_steps)), self.decay_steps)
        return ops.mul(ops.pow(math.e, ops.mul(p, -self.decay_rate)), self.learning_rate)


class InverseDecayLR(_Decay):
    def construct(self, global_step: Any) -> Any:
        p = ops.div(_step(global_step), self.decay_steps)
        if self.is_stair:
            p = ops.floor(p)
        # lr * (1 / denominator), rounded as MindSpore's kernel rounds it
        return ops.mul(ops.div(1.0, ops.add(ops.mul(p, self.decay_rate), 1.0)),
                       self.learning_rate)


class CosineDecayLR(LearningRateSchedule):
    def __init__(self, min_lr: float, max_lr: float, decay_steps: int) -> None:
        super().__init__()
        _check_float("CosineDecayLR", "min_lr", min_lr, positive=False)
        _check_float("CosineDecayLR", "max_lr", max_lr, positive=True)
        _check_int("CosineDecayLR", "decay_steps", decay_steps)
        if min_lr >= max_lr:
            raise ValueError("For 'CosineDecayLR', the 'max_lr' must be greater than the 'min_lr', "
                             f"but got 'max_lr' value: {max_lr}, 'min_lr' value: {min_lr}.")
        self.min_lr = min_lr
        self.max_lr = max_lr
        self.decay_steps = decay_steps
        self.delta = 0.5 * (max_lr - min_lr)

    def construct(self, global_step: Any) -> Any:
        p = ops.cast(ops.minimum(global_step, self.decay_steps), mstype.float32)
        angle = ops.mul(ops.add(ops.div(p, self.decay_steps), 0.5), math.pi)
        return ops.add(ops.mul(ops.add(ops.sin(angle), 1.0), self.delta), self.min_lr)


class PolynomialDecayLR(LearningRateSchedule):
    def __init__(self, learning_rate: float, end_learning_rate: float, decay_steps: int,
                 power: float, update_decay_steps: bool = False) -> None:
        super().__init__()
        op = "PolynomialDecayLR"
        _check_float(op, "learning_rate", learning_rate, positive=True)
        _check_float(op, "end_learning_rate", end_learning_rate, positive=False)
        _check_int(op, "decay_steps", decay_steps)
        _check_bool(op, "update_decay_steps", update_decay_steps)
        _check_float(op, "power", power, positive=True)
        self.decay_steps = decay_steps
        self.start_learning_rate = learning_rate
        self.end_learning_rate = end_learning_rate
        self.diff_learning_rate = learning_rate - end_learning_rate
        self.power = power
        self.update_decay_steps = update_decay_steps

    def construct(self, global_step: Any) -> Any:
        s = _step(global_step)
        if self.update_decay_steps:
            d = ops.mul(ops.maximum(ops.ceil(ops.div(s, self.decay_steps)), 1.0),
                        self.decay_steps)
        else:
            s = ops.minimum(s, float(self.decay_steps))
            d = self.decay_steps
        p = ops.div(s, d)
        return ops.add(ops.mul(ops.pow(ops.sub(1.0, p), self.power), self.diff_learning_rate),
                       self.end_learning_rate)


class WarmUpLR(LearningRateSchedule):
    def __init__(self, learning_rate: float, warmup_steps: int) -> None:
        super().__init__()
        _check_float("WarmUpLR", "learning_rate", learning_rate, positive=False)
        _check_int("WarmUpLR", "warmup_steps", warmup_steps)
        self.learning_rate = learning_rate
        self.warmup_steps = warmup_steps

    def construct(self, global_step: Any) -> Any:
        done = ops.cast(ops.minimum(global_step, self.warmup_steps), mstype.float32)
        return ops.mul(ops.div(done, self.warmup_steps), self.learning_rate)


__all__ = ["LearningRateSchedule", "ExponentialDecayLR", "NaturalExpDecayLR", "InverseDecayLR",
           "CosineDecayLR", "PolynomialDecayLR", "WarmUpLR"]
