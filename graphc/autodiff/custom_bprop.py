"""A Cell's own `bprop(self, *inputs, out, dout)`: called under a gradient tape, the Cell is one
op of the tape whose backward pass is that method (MindSpore's custom Cell bprop).

The forward runs with the tapes hidden (nothing inside the Cell is recorded, so Parameters it
uses get no gradient through it); the tape records one `CellBprop` from the call's Tensor
arguments to the Tensors of its result. Backwards, `bprop` gets the call's arguments, the
result and the result's gradient in the result's structure, and returns one gradient per
argument. While a graph is built `bprop` is called through the tracer, so it is recorded like
the user code it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..common.context import active_tapes, active_tracer
from ..common.tensor import Tensor


def has_custom_bprop(cell: Any) -> bool:
    return callable(getattr(type(cell), "bprop", None))


class CellBprop:
    """The tape's record of one call of a Cell with its own `bprop`."""

    __slots__ = ("cell", "args", "out", "leaves", "positions", "num_outputs", "name")

    def __init__(self, cell: Any, args: tuple[Any, ...], out: Any, leaves: list[Tensor],
                 positions: tuple[int, ...]) -> None:
        self.cell = cell
        self.args = args
        self.out = out
        self.leaves = leaves
        self.positions = positions  # the arguments that are Tensors (the record's inputs)
        self.num_outputs = len(leaves)
        self.name = f"{type(cell).__name__}.bprop"

    def bprop(self, *values: Any) -> tuple[Any, ...]:
        douts = values[-1] if self.num_outputs > 1 else (values[-1],)
        dout = _like(self.out, iter(douts))
        method = self.cell.bprop
        tracer = active_tracer.get()
        args = self.args + (self.out, dout)
        grads = tracer.call(method, args, {}) if tracer is not None else method(*args)
        if not isinstance(grads, (tuple, list)):
            grads = (grads,)
        if len(grads) != len(self.args):
            raise ValueError(f"For '{self.name}', the bprop must return one gradient per input "
                             f"of construct ({len(self.args)}), but it returned {len(grads)}.")
        return tuple(grads[i] for i in self.positions)


def call_with_custom_bprop(cell: Any, forward: Callable[[], Any], args: tuple[Any, ...]
                           ) -> Any:
    """`forward()` (the Cell's construct on `args`), recorded on the active tapes as one op
    whose backward pass is the Cell's `bprop`."""
    tapes = active_tapes.get()
    if not tapes:
        return forward()
    token = active_tapes.set(())
    try:
        out = forward()
    finally:
        active_tapes.reset(token)
    positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
    inputs = tuple(args[i] for i in positions)
    leaves = _leaves(out)
    if not leaves or any(any(leaf is x for x in inputs) for leaf in leaves):
        return out  # (a result that is an input passed through: nothing to record)
    record = CellBprop(cell, args, out, leaves, positions)
    for tape in tapes:
        tape.record(record, {}, inputs, tuple(leaves))  # type: ignore[arg-type]
    return out


def _leaves(value: Any) -> list[Tensor]:
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _leaves(v)]
    return []


def _like(value: Any, douts: Any) -> Any:
    """The gradients `douts` (in leaf order) in the structure of `value`."""
    if isinstance(value, Tensor):
        return next(douts)
    if isinstance(value, (tuple, list)):
        return type(value)(_like(v, douts) for v in value)
    return value
