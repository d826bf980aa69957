"""The primitive table's record type and the eager call path.

A `Primitive` is one op defined once: its NumPy `impl`, its abstract `infer` (output shapes and
dtypes from input shapes and dtypes) and its `bprop` (gradient rule written with graphc ops).
PyNative calls `apply`; the graph compiler calls `infer` and emits direct calls to `impl`;
autodiff calls `bprop` — so all three agree by construction.

Conventions every primitive keeps:
- Inputs are Tensors (arrays inside `impl`); everything else is a keyword *attribute*, a
  hashable compile-time constant (`axis=(0, 1)`, `keep_dims=True`).
- `impl(*arrays, **attrs)` returns one ndarray when `num_outputs == 1`; otherwise a tuple
  of ndarrays (`num_outputs` of them, or, for `num_outputs == 0`, as many as the attributes
  decide, e.g. `split`), matching the tuple `infer` returns.
- `infer(*specs, **attrs)` takes a `TensorSpec` per input and returns a `TensorSpec` (or a
  tuple of them); it raises `ValueError`/`TypeError` naming the op, the offending shapes or
  dtypes and what was expected. Dimensions may be `None` (unknown until run time).
- `bprop(*inputs, out, dout, **attrs)` returns one gradient per input (a Tensor, or None for
  "no gradient"), computed with graphc ops so that it can itself be differentiated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from ..common import dtype as mstype
from ..common.context import active_tapes, active_tracer
from ..common.internal import note_user_line
from ..common.tensor import Tensor


class TensorSpec(NamedTuple):
    """The abstract value of a Tensor as ops see it: shape (None = unknown dim) and dtype.
    (A NamedTuple: one is built per input of every eager op, so construction must be cheap.)"""

    shape: tuple[int | None, ...]
    dtype: mstype.DType

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __str__(self) -> str:
        dims = ", ".join("?" if d is None else str(d) for d in self.shape)
        return f"Tensor[{self.dtype}, ({dims}{',' if len(self.shape) == 1 else ''})]"


@dataclass(frozen=True, slots=True, eq=False)
class Primitive:
    """One operation. See the module docstring for the contract of each field."""

    name: str
    impl: Callable[..., Any]
    infer: Callable[..., Any]
    bprop: Callable[..., tuple[Any, ...]] | None = None
    num_outputs: int = 1
    # Names of side effects ("io", "memory"); pure primitives have none.
    effects: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        return f"Primitive({self.name})"


_registry: dict[str, Primitive] = {}
PRIMITIVES: MappingProxyType[str, Primitive] = MappingProxyType(_registry)


def register(prim: Primitive) -> Primitive:
    """Add `prim` to the table (at import time only); names are unique."""
    if prim.name in _registry:
        raise ValueError(f"primitive {prim.name!r} is defined twice")
    _registry[prim.name] = prim
    return prim


def primitive(name: str, impl: Callable[..., Any], infer: Callable[..., Any],
              bprop: Callable[..., tuple[Any, ...]] | None = None, num_outputs: int = 1,
              effects: frozenset[str] = frozenset()) -> Primitive:
    """Define and register a primitive in one call."""
    return register(Primitive(name, impl, infer, bprop, num_outputs, effects))


def spec_of(t: Tensor) -> TensorSpec:
    data = t._data
    return TensorSpec(data.shape, mstype.from_numpy(data.dtype))


def apply(prim: Primitive, *inputs: Tensor, **attrs: Any) -> Any:
    """Run `prim` eagerly on Tensors: check with `infer`, compute with `impl`, and record on
    every active autodiff tape. Returns a Tensor (or a tuple of Tensors).

    While a graph is being built, the tracer gets the call first: if an input is a graph value
    it records a node and returns graph values; if all inputs are constants it declines and the
    op runs here, at compile time (constant folding)."""
    tracer = active_tracer.get()
    if tracer is not None:
        traced = tracer.apply(prim, inputs, attrs)
        if traced is not NotImplemented:
            tapes = active_tapes.get()
            if tapes:  # grad inside a graph: the tape records graph values too
                outs = (traced,) if prim.num_outputs == 1 else tuple(traced)
                for tape in tapes:
                    tape.record(prim, attrs, inputs, outs)
            return traced
    try:
        specs = prim.infer(*[spec_of(t) for t in inputs], **attrs)
    except (ValueError, TypeError) as exc:  # a shape or dtype error: name the user's line
        note_user_line(exc)
        raise
    result = prim.impl(*[t._data for t in inputs], **attrs)
    if prim.num_outputs == 1:
        outputs: tuple[Tensor, ...] = (_wrap(result, specs),)
    else:
        outputs = tuple(_wrap(r, s) for r, s in zip(result, specs, strict=True))
    tapes = active_tapes.get()
    if tapes:
        for tape in tapes:
            tape.record(prim, attrs, inputs, outputs)
    return outputs[0] if prim.num_outputs == 1 else outputs


def _wrap(array: Any, spec: TensorSpec) -> Tensor:
    """Wrap an impl result, making its dtype the one `infer` promised."""
    if type(array) is not np.ndarray:
        array = np.asarray(array)
    if array.dtype != spec.dtype.np_dtype:
        array = array.astype(spec.dtype.np_dtype)
    t = object.__new__(Tensor)
    t._data = array
    return t


class PrimitiveOp:
    """Base of MindSpore's primitive classes: `ops.Add()(x, y)`, `ops.ReduceSum(keep_dims=True)`.

    A subclass sets `fn`, the functional op it calls; constructor arguments become keyword
    arguments of that call, and call arguments are passed through.
    """

    fn: Callable[..., Any]

    def __init__(self, **attrs: Any) -> None:
        self._attrs = attrs

    @property
    def name(self) -> str:
        return type(self).__name__

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return type(self).fn(*args, **self._attrs, **kwargs)

    def __repr__(self) -> str:
        attrs = ", ".join(f"{k}={v!r}" for k, v in self._attrs.items())
        return f"Prim[{self.name}]" + (f"<{attrs}>" if attrs else "")


def op_error(op: str, message: str, exc: type[Exception] = ValueError) -> Exception:
    """A user error raised by an op's checks: `For 'Add', ...` as MindSpore words it."""
    return exc(f"For '{op}', {message}")
