"""The PyNative tape: records eager primitive calls and runs them backwards with `bprop`.

A tape *watches* Tensors by identity. An op whose inputs include a watched Tensor is recorded,
and its outputs become watched. `backward` walks the record in reverse, calling each primitive's
`bprop` — which itself runs graphc ops, so an enclosing tape records the backward pass and
gradients of gradients work.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..common.context import active_tapes, active_tracer
from ..common.parameter import Parameter
from ..common.tensor import Tensor
from ..ops import array_ops, math_ops
from ..ops.primitive import PrimitiveDef
from . import hooks


class Tape:
    """One recording. Use as a context manager: ops run inside `with tape:` are recorded."""

    __slots__ = ("watched", "records", "aliases", "_token")

    def __init__(self) -> None:
        self.watched: dict[int, Tensor] = {}
        self.records: list[tuple[PrimitiveDef, dict[str, Any], tuple[Tensor, ...],
                                 tuple[Tensor, ...]]] = []
        self._token: Any = None
        # id(Parameter) -> (the Parameter, the graph values that read it)
        self.aliases: dict[int, tuple[Tensor, list[Tensor]]] = {}

    def watch(self, t: Tensor) -> None:
        self.watched[id(t)] = t
        tracer = active_tracer.get()
        if tracer is not None and isinstance(t, Parameter):
            # Inside a graph, user code reads a Parameter as its graph value: gradients that
            # reach that value belong to the Parameter.
            alias = tracer.weight_value(t)
            self.watched[id(alias)] = alias
            self.aliases.setdefault(id(t), (t, []))[1].append(alias)

    def record(self, prim: PrimitiveDef, attrs: dict[str, Any], inputs: tuple[Tensor, ...],
               outputs: tuple[Tensor, ...]) -> None:
        watched = self.watched
        for t in inputs:
            if id(t) in watched:
                break
        else:
            return
        self.records.append((prim, attrs, inputs, outputs))
        for o in outputs:
            watched[id(o)] = o

    def rebase(self, t: Tensor, before: Tensor, after: Tensor) -> None:
        """`t` is updated in place to the value `after`: the records so far read its old value,
        which `before` now stands for; from here on `t` stands for `after`."""
        swap = {id(t): before, id(after): t}
        self.records = [(prim, attrs, tuple(swap.get(id(x), x) for x in ins),
                         tuple(swap.get(id(x), x) for x in outs))
                        for prim, attrs, ins, outs in self.records]
        watched = self.watched
        if id(t) in watched:
            watched[id(before)] = before
            del watched[id(t)]
        if watched.pop(id(after), None) is not None:
            watched[id(t)] = t

    def __enter__(self) -> Tape:
        self._token = active_tapes.set(active_tapes.get() + (self,))
        return self

    def __exit__(self, *exc: Any) -> None:
        active_tapes.reset(self._token)

    def backward(self, outputs: Sequence[Tensor], sens: Sequence[Tensor],
                 targets: Sequence[Tensor]) -> list[Tensor]:
        """Gradients of `sum(outputs * sens)` with respect to each of `targets` (zeros for a
        target the outputs do not depend on). Call after leaving the `with` block."""
        grads: dict[int, Tensor] = {}
        for o, s in zip(outputs, sens, strict=True):
            _accumulate(grads, o, s)
        for prim, attrs, inputs, outs in reversed(self.records):
            douts = [grads.get(id(o)) for o in outs]
            if all(d is None for d in douts) or prim.bprop is None:
                continue
            if hooks.any_hooks():  # (an output's gradient is whole here: its hooks see it)
                douts = [d if d is None else hooks.apply_hooks(o, d)
                         for o, d in zip(outs, douts)]
            douts = [array_ops.zeros_like(o) if d is None else d for o, d in zip(outs, douts)]
            if prim.num_outputs == 1:
                in_grads = prim.bprop(*inputs, outs[0], douts[0], **attrs)
            else:
                in_grads = prim.bprop(*inputs, tuple(outs), tuple(douts), **attrs)
            for t, g in zip(inputs, in_grads, strict=True):
                if g is not None and id(t) in self.watched:
                    _accumulate(grads, t, g)
        for weight, aliases in self.aliases.values():
            for alias in aliases:
                g = grads.get(id(alias))
                if g is not None:
                    _accumulate(grads, weight, g)
        return [hooks.apply_hooks(t, grads[id(t)]) if id(t) in grads else array_ops.zeros_like(t)
                for t in targets]


def _accumulate(grads: dict[int, Tensor], t: Tensor, g: Tensor) -> None:
    if g.dtype is not t.dtype:
        g = array_ops.cast(g, t.dtype)
    if g.shape != t.shape:
        g = array_ops.broadcast_to(g, t.shape)
    prev = grads.get(id(t))
    grads[id(t)] = g if prev is None else math_ops.add(prev, g)
