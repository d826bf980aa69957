"""Learning-rate lists, one value per training step, as MindSpore's `nn.*_lr` functions make
them (pass the list as an optimiser's `learning_rate`).

With `epoch = floor(step / step_per_epoch)` and `p = epoch / decay_epoch`:

    exponential_decay_lr   lr * rate ** p                  (is_stair: ** floor(p))
    natural_exp_decay_lr   lr * e ** (-rate * epoch)       (is_stair: epoch rounded down to a
                                                            multiple of decay_epoch)
    inverse_decay_lr       lr / (1 + rate * p)             (is_stair: floor(p))
    cosine_decay_lr        min + (max - min) / 2 * (1 + cos(pi * min(epoch, decay_epoch) /
                                                               decay_epoch))
    polynomial_decay_lr    (lr - end) * (1 - min(epoch, decay_epoch) / decay_epoch) ** power + end
                           (update_decay_epoch: decay_epoch grows to the next multiple)
    warmup_lr              lr * min(epoch, warmup_epoch) / warmup_epoch
    piecewise_constant_lr  learning_rates[i] until step milestone[i]
"""

from __future__ import annotations

import math
from typing import Any


def _is_float(value: Any) -> bool:
    return isinstance(value, float)


def _check(op: str, name: str, value: Any, kind: str) -> None:
    """kind: 'pos_int', 'pos_float', 'nonneg_float' or 'bool' (MindSpore's validators)."""
    if kind == "bool":
        ok_type, ok_value = isinstance(value, bool), True
    elif kind == "pos_int":
        ok_type = isinstance(value, int) and not isinstance(value, bool)
        ok_value = ok_type and value > 0
    else:
        ok_type = _is_float(value)
        ok_value = ok_type and (value > 0 if kind == "pos_float" else value >= 0)
    if not ok_type:
        wanted = {"bool": "bool", "pos_int": "int"}.get(kind, "float")
        raise TypeError(f"For '{op}', the argument '{name}' must be type of {wanted}, but got "
                        f"'{name}' type: {type(value)}.")
    if not ok_value:
        bound = {"pos_int": "> 0", "pos_float": "> 0", "nonneg_float": ">= 0"}[kind]
        raise ValueError(f"For '{op}', the argument '{name}' must be {bound}, but got {value}.")


def _epoch(step: int, step_per_epoch: int) -> int:
    return math.floor(step / step_per_epoch)


def _check_decay(op: str, learning_rate: Any, decay_rate: Any, total_step: Any,
                 step_per_epoch: Any, decay_epoch: Any, is_stair: Any) -> None:
    for name, value, kind in (("total_step", total_step, "pos_int"),
                              ("step_per_epoch", step_per_epoch, "pos_int"),
                              ("decay_epoch", decay_epoch, "pos_int"),
                              ("learning_rate", learning_rate, "pos_float"),
                              ("decay_rate", decay_rate, "pos_float"),
                              ("is_stair", is_stair, "bool")):
        _check(op, name, value, kind)


def piecewise_constant_lr(milestone: list[int] | tuple[int, ...],
                          learning_rates: list[float] | tuple[float, ...]) -> list[float]:
    """`learning_rates[i]` for the steps before `milestone[i]` (after the previous one)."""
    op = "piecewise_constant_lr"
    for name, value in (("milestone", milestone), ("learning_rates", learning_rates)):
        if not isinstance(value, (tuple, list)):
            raise TypeError(f"For '{op}', the '{name}' must be a list or tuple, but got "
                            f"{type(value).__name__}.")
    if len(milestone) != len(learning_rates):
        raise ValueError(f"For '{op}', the size of 'milestone' must be same with the size of "
                         f"'learning_rates', but got 'milestone' size: {len(milestone)}, "
                         f"'learning_rates' size: {len(learning_rates)}.")
    out: list[float] = []
    last = 0
    for i, (until, rate) in enumerate(zip(milestone, learning_rates)):
        _check(op, f"milestone[{i}]", until, "pos_int")
        if not _is_float(rate):
            raise TypeError(f"For '{op}', the argument 'learning_rates[{i}]' must be type of "
                            f"float, but got {type(rate)}.")
        if until < last:
            raise ValueError(f"For '{op}', the value of milestone[{i}] must be greater than "
                             f"milestone[{i - 1}], but got milestone[{i}]: {until}, "
                             f"milestone[{i - 1}]: {last}.")
        out += [rate] * (until - last)
        last = until
    return out


def exponential_decay_lr(learning_rate: float, decay_rate: float, total_step: int,
                         step_per_epoch: int, decay_epoch: int,
                         is_stair: bool = False) -> list[float]:
    _check_decay("exponential_decay_lr", learning_rate, decay_rate, total_step, step_per_epoch,
                 decay_epoch, is_stair)
    out = []
    for i in range(total_step):
        p = _epoch(i, step_per_epoch) / decay_epoch
        out.append(learning_rate * decay_rate ** (math.floor(p) if is_stair else p))
    return out


def natural_exp_decay_lr(learning_rate: float, decay_rate: float, total_step: int,
                         step_per_epoch: int, decay_epoch: int,
                         is_stair: bool = False) -> list[float]:
    _check_decay("natural_exp_decay_lr", learning_rate, decay_rate, total_step, step_per_epoch,
                 decay_epoch, is_stair)
    out = []
    for i in range(total_step):
        epoch = _epoch(i, step_per_epoch)
        if is_stair:
            epoch = math.floor(epoch / decay_epoch) * decay_epoch
        out.append(learning_rate * math.e ** (-decay_rate * epoch))
    return out


def inverse_decay_lr(learning_rate: float, decay_rate: float, total_step: int,
                     step_per_epoch: int, decay_epoch: int, is_stair: bool = False) -> list[float]:
    _check_decay("inverse_decay_lr", learning_rate, decay_rate, total_step, step_per_epoch,
                 decay_epoch, is_stair)
    out = []
    for i in range(total_step):
        epoch = _epoch(i, step_per_epoch)
        if is_stair:
            out.append(learning_rate / (1 + decay_rate * math.floor(epoch / decay_epoch)))
        else:
            out.append(learning_rate / (1 + decay_rate * epoch / decay_epoch))
    return out


def cosine_decay_lr(min_lr: float, max_lr: float, total_step: int, step_per_epoch: int,
                    decay_epoch: int) -> list[float]:
    op = "cosine_decay_lr"
    _check(op, "min_lr", min_lr, "nonneg_float")
    _check(op, "max_lr", max_lr, "pos_float")
    for name, value in (("total_step", total_step), ("step_per_epoch", step_per_epoch),
                        ("decay_epoch", decay_epoch)):
        _check(op, name, value, "pos_int")
    if min_lr >= max_lr:
        raise ValueError(f"For '{op}', the 'max_lr' must be greater than the 'min_lr', but got "
                         f"'max_lr' value: {max_lr}, 'min_lr' value: {min_lr}.")
    half = 0.5 * (max_lr - min_lr)
    return [min_lr + half * (1 + math.cos(math.pi * min(_epoch(i, step_per_epoch), decay_epoch)
                                          / decay_epoch))
            for i in range(total_step)]


def polynomial_decay_lr(learning_rate: float, end_learning_rate: float, total_step: int,
                        step_per_epoch: int, decay_epoch: int, power: float,
                        update_decay_epoch: bool = False) -> list[float]:
    op = "polynomial_decay_lr"
    _check(op, "learning_rate", learning_rate, "pos_float")
    _check(op, "end_learning_rate", end_learning_rate, "nonneg_float")
    _check(op, "power", power, "pos_float")
    for name, value in (("total_step", total_step), ("step_per_epoch", step_per_epoch),
                        ("decay_epoch", decay_epoch)):
        _check(op, name, value, "pos_int")
    _check(op, "update_decay_epoch", update_decay_epoch, "bool")
    delta = learning_rate - end_learning_rate
    out = []
    for i in range(total_step):
        epoch = _epoch(i, step_per_epoch)
        if update_decay_epoch:
            span, done = decay_epoch * max(math.ceil(epoch / decay_epoch), 1), epoch
        else:
            span, done = decay_epoch, min(decay_epoch, epoch)
        out.append(delta * (1 - done / span) ** power + end_learning_rate)
    return out


def warmup_lr(learning_rate: float, total_step: int, step_per_epoch: int,
              warmup_epoch: int) -> list[float]:
    op = "warmup_lr"
    _check(op, "learning_rate", learning_rate, "nonneg_float")
    for name, value in (("warmup_epoch", warmup_epoch), ("total_step", total_step),
                        ("step_per_epoch", step_per_epoch)):
        _check(op, name, value, "pos_int")
    return [learning_rate * min(warmup_epoch, _epoch(i, step_per_epoch)) / warmup_epoch
            for i in range(total_step)]


__all__ = ["piecewise_constant_lr", "exponential_decay_lr", "natural_exp_decay_lr",
           "inverse_decay_lr", "cosine_decay_lr", "polynomial_decay_lr", "warmup_lr"]
