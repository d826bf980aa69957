"""Shared pieces of the specialiser and its lowering rules: interpreter frames and inner
functions, the statements the rules synthesize (`Block`, `ReturnValue`, `AssignValue`), run-time
choices and ranges, and helpers on the values flowing through them (abstract values, joins,
container copies). The exit signals and flags are `lowering.exits`'.
"""

from __future__ import annotations

import builtins
import copy
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from types import BuiltinFunctionType, FunctionType, MethodType, ModuleType
from typing import Any

import gast  # type: ignore[import-untyped]

from ..common.context import active_tracer
from ..common.errors import (
    GraphcSyntaxError,
    GraphcTypeError,
)
from ..common.tensor import Tensor
from ..ir import node as ir
from ..ops.primitive import TensorSpec
from ..parser.resolve import MISSING, Origin, lookup_global, origin_of
from ..parser.source import SourceFunction
from .abstract import AbstractAny, AbstractScalar, join_specs
from .emitter import NEVER, abstract_of, spec_of_value
from .values import (
    GraphAny,
    GraphScalar,
    GraphTensor,
    contains_graph_value,
)

# Constant-range for loops longer than this become real loops instead of being unrolled.
UNROLL_LIMIT = 256


# GRAPHC_DEBUG=1 keeps the internal traceback of errors raised while compiling (read once).
DEBUG = bool(os.environ.get("GRAPHC_DEBUG"))


class NotDifferentiableInGraph(GraphcSyntaxError):
    """A construct the in-graph gradient cannot follow yet (a run-time loop, a branch with side
    effects); at LAX level the gradient is then computed by PyNative at run time."""


def is_graph_value(value: Any) -> bool:
    return isinstance(value, (GraphTensor, GraphScalar, GraphAny))


@dataclass(eq=False)
class Frame:
    """One activation of a user function being interpreted."""

    source: SourceFunction
    fn: FunctionType | None
    env: dict[str, Any] = field(default_factory=dict)
    outer: Frame | None = None  # the frame a lambda/inner def was made in (read live)
    loop_depth: int = 0  # unrolled loops around the code being interpreted
    flag_loops: int = 0  # of those, loops whose break/continue may depend on run-time values
    global_names: set[str] = field(default_factory=set)

    def lookup(self, name: str) -> Any:
        if name in self.env and name not in self.global_names:
            return self.env[name]
        if self.outer is not None:
            value = find_local(self.outer, name)
            if value is not MISSING:
                return value
        if self.fn is not None:
            return lookup_global(self.fn, name)
        return getattr(builtins, name, MISSING)

    def find_local(self, name: str) -> Any:
        """`name` in this frame's locals or those of the frames it was defined in, else
        MISSING (`support.find_local`)."""
        return find_local(self, name)


def find_local(frame: Frame | None, name: str) -> Any:
    """`name` in `frame`'s locals or those of the frames it was defined in (late binding, as
    Python's closures), else MISSING."""
    while frame is not None:
        if name in frame.env and name not in frame.global_names:
            return frame.env[name]
        frame = frame.outer
    return MISSING


@dataclass(eq=False)
class InterpretedFunction:
    """A `lambda` or inner `def` created while interpreting: its source and captured scope."""

    source: SourceFunction
    fn: FunctionType | None
    outer: Frame
    defaults: tuple[Any, ...]
    name: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Called by Python code running while the graph is built (`map`, `sorted(key=...)`):
        interpret the body into the graph."""
        builder = active_tracer.get()
        if builder is None:
            raise GraphcTypeError(f"the inner function '{self.name}' can only be called inside "
                                  "the compiled function")
        return builder.call(self, args, kwargs)


def joinable(a: Any, b: Any) -> bool:
    """Whether the graph can join `a` and `b` (else, at LAX level, Python joins them)."""
    if a is NEVER or b is NEVER:
        return True
    if isinstance(a, GraphAny) or isinstance(b, GraphAny):
        return False
    numeric = (Tensor, bool, int, float, GraphScalar)
    if isinstance(a, numeric) and isinstance(b, numeric):
        # the graph joins Tensors with Tensors (or says clearly why not: dtype, rank) and
        # numbers with numbers; a Tensor in one branch and a number in the other it cannot
        return isinstance(a, Tensor) == isinstance(b, Tensor)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(
            joinable(x, y) for x, y in zip(a, b))
    if not contains_graph_value(a) and not contains_graph_value(b):
        try:
            return type(a) is type(b) and bool(a == b)
        except Exception:
            return False
    return False


# Branches join Parameter values like variables, under names no Python variable can have.
WEIGHT_KEY = "\0weight"


def as_weight_value(value: Any, weight: Any) -> GraphTensor:
    """`value` (a branch join, a loop parameter or result) as the graph value of the Parameter
    `weight`: one that knows its Parameter, so that `ops.assign` on it still finds it."""
    return GraphTensor(value.node, weight.shape, weight.dtype, weight)


def copy_containers(env: dict[str, Any],
                    outside: Callable[[Any], bool] | None = None) -> dict[str, Any]:
    """`env` with its lists and dicts copied (recursively), so that a branch mutating a list
    in place changes its own copy; the branches' versions are then joined. Containers for
    which `outside(container)` holds (arguments, globals: real objects a LAX graph changes in
    Python) are kept, so that a change to them is seen as one."""
    return {k: copy_container(v, outside) for k, v in env.items()}


def copy_container(value: Any, outside: Callable[[Any], bool] | None = None) -> Any:
    if type(value) not in (list, dict) or (outside is not None and outside(value)):
        return value
    if type(value) is list:
        return [copy_container(v, outside) for v in value]
    return {k: copy_container(v, outside) for k, v in value.items()}


def same_container(a: Any, b: Any) -> bool:
    """Whether `b` (a copy of `a` that code may have mutated) still holds the same items."""
    if type(a) is not type(b):
        return a is b
    if type(a) is list:
        return len(a) == len(b) and all(same_container(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return a.keys() == b.keys() and all(same_container(a[k], b[k]) for k in a)
    return a is b


def if_else(cond: Any, a: Any, b: Any) -> Any:
    """Run-time `a if cond else b` (if-converted branches)."""
    return a if cond else b


@dataclass(eq=False)
class Block:
    """A list of statements run as the body of a synthesized `if` (a guard)."""

    body: list[Any]
    orelse: list[Any] = field(default_factory=list)


@dataclass(eq=False)
class ReturnValue:
    """A synthesized `return` of an already computed value."""

    value: Any


@dataclass(eq=False)
class AssignValue:
    """A synthesized statement: assign an already computed value to a target."""

    target: Any
    value: Any


@dataclass(frozen=True, eq=False)
class RuntimeChoice:
    """`items[index]` for callables, with `index` known only at run time."""

    items: tuple[Any, ...]
    index: Any


class RuntimeRange:
    """`range(...)` whose bounds are known only at run time: only a for loop can use it."""

    def __init__(self, *args: Any) -> None:
        if len(args) == 1:
            self.start, self.stop, self.step = 0, args[0], 1
        elif len(args) == 2:
            self.start, self.stop, self.step = args[0], args[1], 1
        else:
            self.start, self.stop, self.step = args


def cell_call_target(func: Any) -> tuple[Any, Any] | None:
    """(cell, construct function) if `func` is a Cell instance being called."""
    construct = getattr(type(func), "construct", None)
    if construct is None or not hasattr(func, "_cells"):
        return None
    inner = getattr(construct, "__graphc_unwrapped__", None)
    return func, (inner if inner is not None else construct)


def is_framework(func: Any) -> bool:
    if isinstance(func, MethodType):
        func = func.__func__
    if isinstance(func, (FunctionType, type)):
        return origin_of(func) is Origin.FRAMEWORK
    if isinstance(func, (BuiltinFunctionType, ModuleType)):
        return False
    # callable instances (primitive classes `ops.Add()`, ...)
    return origin_of(type(func)) is Origin.FRAMEWORK


def is_tensorlike(v: Any) -> bool:
    return isinstance(v, Tensor)


def join_abstract(a: Any, b: Any) -> Any:
    if a is NEVER:
        return abstract_of(b)
    if b is NEVER:
        return abstract_of(a)
    if isinstance(a, GraphAny) or isinstance(b, GraphAny) or not joinable(a, b):
        return AbstractAny()
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        joined = join_specs(spec_of_value(a), spec_of_value(b))
        if joined is None:  # rank differs: a dynamic-rank value (only the dtype is known)
            sa = spec_of_value(a)
            return TensorSpec((None,) * max(sa.ndim, spec_of_value(b).ndim), sa.dtype)
        return joined
    ta = a.type if isinstance(a, GraphScalar) else type(a)
    tb = b.type if isinstance(b, GraphScalar) else type(b)
    if float in (ta, tb):
        return AbstractScalar(float)
    if int in (ta, tb):
        return AbstractScalar(int)
    return AbstractScalar(bool)


def graph_value(node: ir.Node, abstract: Any) -> Any:
    if isinstance(abstract, AbstractAny):
        return GraphAny(node, abstract.annotation)
    if isinstance(abstract, TensorSpec):
        return GraphTensor(node, abstract.shape, abstract.dtype)
    return GraphScalar(node, abstract.type)


def describe(v: Any) -> str:
    if isinstance(v, Tensor):
        return str(spec_of_value(v))
    if isinstance(v, GraphScalar):
        return f"a run-time {v.type.__name__}"
    return f"{type(v).__name__} {v!r}"


def ordered_union(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(list(a) + list(b)))


def as_load(target: Any) -> Any:
    """A copy of an assignment target usable as an expression."""
    import copy
    node = copy.copy(target)
    if hasattr(node, "ctx"):
        node.ctx = gast.Load()
    return node


def without_else(loop: Any) -> list[Any]:
    """`for/while ... else` as statements without `else`: a flag, true until a `break` of
    this loop clears it, the loop, then `if flag:` and the `else` block (made once per loop
    statement)."""
    cached = getattr(loop, "_graphc_without_else", None)
    if cached is not None:
        return cached
    flag = f"__graphc_no_break_{loop.lineno}_{loop.col_offset}"

    def store(value: bool, at: Any) -> Any:
        node = gast.Assign(targets=[gast.Name(id=flag, ctx=gast.Store(), annotation=None,
                                              type_comment=None)],
                           value=gast.Constant(value=value, kind=None), type_comment=None)
        return gast.copy_location(node, at)

    def breaks_cleared(stmts: list[Any]) -> list[Any]:
        out: list[Any] = []
        for stmt in stmts:
            if isinstance(stmt, gast.Break):
                out += [store(False, stmt), stmt]
                continue
            if isinstance(stmt, (gast.For, gast.While)):  # only its `else` is this loop's
                stmt = copy.copy(stmt)
                stmt.orelse = breaks_cleared(stmt.orelse)
            elif isinstance(stmt, (gast.If, gast.With, gast.Try)):
                stmt = copy.copy(stmt)
                for name in ("body", "orelse", "finalbody"):
                    if getattr(stmt, name, None):
                        setattr(stmt, name, breaks_cleared(getattr(stmt, name)))
                if isinstance(stmt, gast.Try):
                    stmt.handlers = [copy.copy(h) for h in stmt.handlers]
                    for h in stmt.handlers:
                        h.body = breaks_cleared(h.body)
            out.append(stmt)
        return out

    plain = copy.copy(loop)
    plain.body = breaks_cleared(loop.body)
    plain.orelse = []
    test = gast.copy_location(gast.Name(id=flag, ctx=gast.Load(), annotation=None,
                                        type_comment=None), loop)
    after = gast.copy_location(gast.If(test=test, body=list(loop.orelse), orelse=[]), loop)
    result = [store(True, loop), plain, after]
    loop._graphc_without_else = result
    return result
