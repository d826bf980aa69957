"""The primitive table's record type, the eager call path, and MindSpore's `ops.primitive`.

A `PrimitiveDef` is one op defined once: its NumPy `impl`, its abstract `infer` (output shapes and
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

The user-facing classes of MindSpore's `mindspore.ops.primitive` live here too: `Primitive(name)`
(the base of every primitive class, `ops.Add()` included), `PrimitiveWithInfer`,
`PrimitiveWithCheck`, `prim_attr_register` and `constexpr`.
"""

from __future__ import annotations

import functools
import inspect
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
class PrimitiveDef:
    """One operation. See the module docstring for the contract of each field."""

    name: str
    impl: Callable[..., Any]
    infer: Callable[..., Any]
    bprop: Callable[..., tuple[Any, ...]] | None = None
    num_outputs: int = 1
    # Names of side effects ("io", "memory"); pure primitives have none.
    effects: frozenset[str] = frozenset()
    # The keyword attributes, when `infer` and `impl` both take `**attrs` so their signatures
    # cannot say: a function whose keyword parameters they are, the name of the primitive
    # whose attributes they are, or a tuple of those (`ops.attr_schema` reads them).
    attrs: Any = None

    def __repr__(self) -> str:
        return f"Primitive({self.name})"


_registry: dict[str, PrimitiveDef] = {}
PRIMITIVES: MappingProxyType[str, PrimitiveDef] = MappingProxyType(_registry)


def register(prim: PrimitiveDef) -> PrimitiveDef:
    """Add `prim` to the table (at import time only); names are unique."""
    if prim.name in _registry:
        raise ValueError(f"primitive {prim.name!r} is defined twice")
    _registry[prim.name] = prim
    return prim


def primitive(name: str, impl: Callable[..., Any], infer: Callable[..., Any],
              bprop: Callable[..., tuple[Any, ...]] | None = None, num_outputs: int = 1,
              effects: frozenset[str] = frozenset(), attrs: Any = None) -> PrimitiveDef:
    """Define and register a primitive in one call."""
    return register(PrimitiveDef(name, impl, infer, bprop, num_outputs, effects, attrs))


@dataclass(frozen=True, slots=True)
class Spelling:
    """MindSpore's spellings of a primitive's functional op (the function of the primitive's
    name in the module defining both): primitive classes (`ops.Add()(x, y)` calls `add(x, y)`
    with the constructor's arguments as keywords) and Tensor methods and operators (`x.add(y)`,
    `x + y`), which `catalog.install_spellings` builds."""

    classes: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()


_spellings: dict[str, Spelling] = {}
SPELLINGS: MappingProxyType[str, Spelling] = MappingProxyType(_spellings)


def spell(prim: PrimitiveDef, *, classes: tuple[str, ...] = (),
          methods: tuple[str, ...] = ()) -> None:
    """Declare the primitive classes and Tensor methods of `prim`'s functional op (at import
    time only, once per primitive)."""
    if prim.name in _spellings:
        raise ValueError(f"primitive {prim.name!r} is spelled twice")
    _spellings[prim.name] = Spelling(tuple(classes), tuple(methods))


def spec_of(t: Tensor) -> TensorSpec:
    data = t._data
    return TensorSpec(data.shape, mstype.from_numpy(data.dtype))


def apply(prim: PrimitiveDef, *inputs: Tensor, **attrs: Any) -> Any:
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


class Primitive:
    """MindSpore's `Primitive(name)`: the base of primitive classes. `attrs` holds the attributes
    (`add_prim_attr`); a subclass written by a user gives its behaviour by `infer_value` (a
    `PrimitiveWithInfer`) or, like graphc's own classes, by `__call__`."""

    def __init__(self, name: str) -> None:
        if not isinstance(name, str):
            raise TypeError(f"For 'Primitive', the argument 'name' must be a str, but got "
                            f"{type(name).__name__}.")
        self.name = name
        self.attrs: dict[str, Any] = {}

    def add_prim_attr(self, name: str, value: Any) -> Primitive:
        self.attrs[name] = value
        return self

    def del_prim_attr(self, name: str) -> Primitive:
        self.attrs.pop(name, None)
        return self

    def __call__(self, *args: Any) -> Any:
        infer_value = getattr(self, "infer_value", None)
        if infer_value is not None:
            value = infer_value(*args)
            if value is not None:
                return value
        raise RuntimeError(
            f"Primitive '{self.name}' has no kernel in graphc: a user-defined primitive runs "
            "through its 'infer_value' (return the result from it), or define '__call__'.")

    def __repr__(self) -> str:
        return f"Prim[{self.name}]"


class PrimitiveWithInfer(Primitive):
    """MindSpore's `PrimitiveWithInfer`: a `Primitive` with `infer_shape`, `infer_dtype` and
    `infer_value` methods (graphc runs `infer_value` to compute the result)."""

    def infer_shape(self, *args: Any) -> Any:
        return None

    def infer_dtype(self, *args: Any) -> Any:
        return None


class PrimitiveWithCheck(Primitive):
    """MindSpore's `PrimitiveWithCheck`: a `Primitive` with `check_shape` / `check_dtype`."""

    def check_shape(self, *args: Any) -> None:
        return None

    def check_dtype(self, *args: Any) -> None:
        return None


def prim_attr_register(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorates a primitive class's `__init__`: initialises the `Primitive` with the class's
    name and records every argument of `__init__` (defaults included) as an attribute."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        Primitive.__init__(self, type(self).__name__)
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        for key, value in list(bound.arguments.items())[1:]:
            self.add_prim_attr(key, value)
        fn(self, *args, **kwargs)

    init.decorated_func = fn  # type: ignore[attr-defined]
    return init


class _ConstexprPrim(PrimitiveWithInfer):
    """The primitive `constexpr` makes of a function: its value is the function's result."""

    def __init__(self, fn: Callable[..., Any], name: str) -> None:
        super().__init__(name)
        self.fn = fn
        functools.update_wrapper(self, fn)

    def infer_value(self, *args: Any) -> Any:
        return self.fn(*args)

    def __call__(self, *args: Any) -> Any:
        return self.fn(*args)


def constexpr(fn: Callable[..., Any] | None = None, get_instance: bool = True,
              name: str | None = None, reuse_result: bool = True, check: bool = True) -> Any:
    """MindSpore's `@constexpr`: the function runs in Python on its (constant) arguments; in a
    graph its result is a compile-time constant. `get_instance=False` gives the class."""
    def deco(f: Callable[..., Any]) -> Any:
        prim_name = name or getattr(f, "__name__", "constexpr")
        if get_instance:
            return _ConstexprPrim(f, prim_name)
        return type(prim_name, (_ConstexprPrim,), {
            "__init__": lambda self: _ConstexprPrim.__init__(self, f, prim_name)})

    if fn is not None:
        return deco(fn)
    return deco


class PrimitiveOp(Primitive):
    """Base of graphc's primitive classes: `ops.Add()(x, y)`, `ops.ReduceSum(keep_dims=True)`.

    A subclass sets `fn`, the functional op it calls; constructor arguments become keyword
    arguments of that call, and call arguments are passed through.
    """

    fn: Callable[..., Any]

    def __init__(self, **attrs: Any) -> None:
        self._attrs = attrs

    @property  # type: ignore[override]
    def name(self) -> str:
        return type(self).__name__

    @property  # type: ignore[override]
    def attrs(self) -> dict[str, Any]:
        """The constructor's arguments and the attributes added since (a copy)."""
        return {**self._attrs, **self.__dict__.get("_added_attrs", {})}

    def add_prim_attr(self, name: str, value: Any) -> PrimitiveOp:
        """Record an attribute (`primitive_target`, ...); it does not change what the op
        computes, so it is kept apart from the arguments passed to the functional op."""
        self.__dict__.setdefault("_added_attrs", {})[name] = value
        return self

    def del_prim_attr(self, name: str) -> PrimitiveOp:
        self.__dict__.get("_added_attrs", {}).pop(name, None)
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return type(self).fn(*args, **self._attrs, **kwargs)

    def __repr__(self) -> str:
        attrs = ", ".join(f"{k}={v!r}" for k, v in self._attrs.items())
        return f"Prim[{self.name}]" + (f"<{attrs}>" if attrs else "")


def op_error(op: str, message: str, exc: type[Exception] = ValueError) -> Exception:
    """A user error raised by an op's checks: `For 'Add', ...` as MindSpore words it."""
    return exc(f"For '{op}', {message}")
