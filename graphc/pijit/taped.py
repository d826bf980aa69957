"""A PIJit function called under PyNative's gradient tape (`grad` of plain code that calls it,
`TrainOneStepCell` over a Cell whose construct is PIJit): the captured graph runs as one op of
the tape.

The forward is the function's own cache entry (captured as on any call, so `capture_info` and
`get_code_extra` report it). The tape records it as one compound op whose inputs are the call's
Tensor arguments and the Parameters the graph read, and whose bprop is the gradient of the
same function with respect to those, `grad(..., sens_param=True)`: a gradient function
captured from bytecode too (forward recomputed and backward, one graph, cached). So the tape's
backward pass runs compiled code, and the numbers are the tape's own bprops.

Only entries that are one graph with no side effect qualify (no graph break, no Parameter or
attribute assignment, no mutation of outside objects), called with their Tensors as arguments
of their own (not inside a tuple, list or dict, whose Tensors the tape's inputs would miss);
anything else runs as plain code under the tape, as before. Under two or more tapes
(gradients of gradients) the function runs as plain code too, so each tape sees every
primitive.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from ..autodiff.grad import grad
from ..common.context import active_tapes
from ..common.tensor import Tensor
from ..ops.array_ops import zeros_like

_in_bprop: ContextVar[bool] = ContextVar("graphc_pijit_in_bprop", default=False)


class CompoundOp:
    """What the tape records for one call of a captured graph: `bprop(*inputs, out, dout)` in
    the tape's calling convention (one output, or tuples of outputs and douts)."""

    __slots__ = ("name", "num_outputs", "gradient", "args", "n_leaves", "skipped", "leaves")

    def __init__(self, name: str, gradient: Any, args: tuple[Any, ...], leaves: list[Tensor],
                 skipped: tuple[int, ...]) -> None:
        self.name = name
        self.num_outputs = len(leaves) - len(skipped)
        self.gradient = gradient  # grad(target, positions, weights, sens_param=True)
        self.args = args  # the call's arguments
        self.leaves = leaves  # the output's Tensors
        self.skipped = skipped  # output leaves that are inputs themselves: zero sens

    def bprop(self, *values: Any) -> tuple[Any, ...]:
        inputs = values[:-2]
        douts = iter(values[-1] if self.num_outputs > 1 else (values[-1],))
        sens = [zeros_like(leaf) if i in self.skipped else next(douts)
                for i, leaf in enumerate(self.leaves)]
        token = _in_bprop.set(True)
        try:
            grads = self.gradient(*self.args, sens[0] if len(sens) == 1 else tuple(sens))
        finally:
            _in_bprop.reset(token)
        flat = list(grads) if isinstance(grads, tuple) else [grads]
        if len(flat) == 2 and isinstance(flat[0], tuple) and isinstance(flat[1], tuple):
            flat = list(flat[0]) + list(flat[1])  # (input grads, weight grads)
        if len(flat) != len(inputs):
            raise RuntimeError(f"graphc PIJit: the gradient of the captured graph of "
                               f"'{self.name}' gave {len(flat)} gradients for {len(inputs)} "
                               "inputs (a graphc bug)")
        return tuple(flat)


def qualifies() -> bool:
    """Whether a call now may run as a compound op (exactly one tape, not inside a compound
    op's own backward pass)."""
    return len(active_tapes.get()) == 1 and not _in_bprop.get()


def run_on_tape(target: Any, entry: Any, values: tuple[Any, ...], call_args: tuple[Any, ...],
                gradients: dict[Any, Any]) -> tuple[bool, Any]:
    """Run `entry` (the captured graph for this call) and record it on the active tape.
    Returns (False, None) when the entry does not qualify (the caller runs the function as
    plain code instead); `target` is the callable the user called (for the gradient),
    `call_args` its arguments, `gradients` the per-function cache of gradient functions."""
    if entry.brk is not None or not entry.pure or \
            any(not isinstance(a, Tensor) and _leaves(a) for a in call_args):
        return False, None
    tape = active_tapes.get()[0]
    positions = tuple(i for i, a in enumerate(call_args) if isinstance(a, Tensor))
    weights = [w for w in entry.weights if not any(w is a for a in call_args)]
    token = active_tapes.set(())
    try:
        out = entry.run(values)
    finally:
        active_tapes.reset(token)
    leaves = _leaves(out)
    inputs = tuple(call_args[i] for i in positions) + tuple(weights)
    input_ids = {id(x) for x in inputs}
    skipped = tuple(i for i, leaf in enumerate(leaves) if id(leaf) in input_ids)
    outputs = tuple(leaf for leaf in leaves if id(leaf) not in input_ids)
    if not outputs or not any(id(x) in tape.watched for x in inputs):
        return True, out
    key = (positions, tuple(id(w) for w in weights))
    gradient = gradients.get(key)
    if gradient is None:
        gradient = gradients[key] = grad(target, positions or None, weights or None,
                                         sens_param=True)
    op = CompoundOp(getattr(target, "__qualname__", "pijit"), gradient, call_args, leaves,
                    skipped)
    tape.record(op, {}, inputs, outputs)  # type: ignore[arg-type]
    return True, out


class Unbound:
    """The captured function as `grad` differentiates it: the plain function (a bound one's
    instance is its first argument), marked PIJit so its gradient is captured from bytecode."""

    __slots__ = ("fn",)

    def __init__(self, fn: Any) -> None:
        self.fn = fn

    def __graphc_pijit__(self) -> tuple[Any, Any]:
        return self.fn, None

    def __graphc_jit_function__(self) -> tuple[Any, Any]:
        return self.fn, None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **kwargs)


def _leaves(value: Any) -> list[Tensor]:
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _leaves(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _leaves(v)]
    return []
