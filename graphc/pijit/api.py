"""`PIJitFunction`: a function captured from its bytecode, with a guarded cache of entries.

A call binds the arguments into the frame's starting locals, tries the cached entries newest
first (each `check` is the entry's guards compiled into one function) and runs the first whose
guards hold. A miss captures the function for this call (`capture.capture`) and records the
reason in words: "first call", or the first guard that failed ("argument x: shape (2, 3) ->
(3, 3)"). After `cache_size_limit` entries (jit_config, default 8) the function runs eagerly,
said once with a warning.

The function runs as plain Python (as the seed states for PIJit) while another graph is being
built (the outer capture, or a GRAPH_MODE compile, inlines it), under an eager gradient tape,
and on Python versions the translator does not handle (a warning says so, once). Called from
Python in GRAPH_MODE it is captured as in PYNATIVE_MODE (MindSpore 2.10 does so too); a Cell's
construct in GRAPH_MODE is compiled by the Cell, from its source.
"""

from __future__ import annotations

import functools
import inspect
import time
import warnings
import weakref
from dataclasses import dataclass, field
from types import CodeType, FunctionType
from typing import Any

from ..common.context import active_tapes, active_tracer, context
from ..common.symbol import check_symbolic_shapes, signature_has_symbols
from . import taped
from .capture import BreakRecord, CaptureBreak, Entry, GraphRecord, Options, capture
from .code import SUPPORTED, CodeInfo
from .settings import default_config

GRAPH_CANDIDATE = "GRAPH_CANDIDATE"
GRAPH_BUILDING = "GRAPH_BUILDING"
GRAPH_CALLABLE = "GRAPH_CALLABLE"
NEVER_COMPILE = "NEVER_COMPILE"

_DEFAULT_LIMIT = 8
_DYNAMIC_AFTER = 2  # value-guard failures after which a number argument is a graph input


class Unsupported(RuntimeError):
    """`fullgraph=True` and the function cannot be captured as one graph."""


@dataclass
class CaptureInfo:
    """What capturing a PIJit function did (`f.capture_info()`): the graphs and breaks of the
    entry that ran last (following its resume functions), its guards, every compile with its
    reason, and the call / hit counts."""

    name: str
    state: str
    graphs: list[GraphRecord] = field(default_factory=list)
    breaks: list[BreakRecord] = field(default_factory=list)
    guards: list[str] = field(default_factory=list)
    compiles: list[str] = field(default_factory=list)
    calls: int = 0
    hits: int = 0
    entries: int = 0
    eager_reason: str = ""
    # the gradient functions that ran this function's graphs backwards on PyNative's tape
    # (`taped`): each captured from bytecode, forward and backward in one graph
    backward: list[CaptureInfo] = field(default_factory=list)

    @property
    def graph_count(self) -> int:
        return len(self.graphs)

    @property
    def break_count(self) -> int:
        return len(self.breaks)

    @property
    def op_count(self) -> int:
        return sum(g.op_count for g in self.graphs)

    def __str__(self) -> str:
        lines = [f"{self.name} (capture_mode=\"bytecode\"): {self.graph_count} graph"
                 f"{'s' if self.graph_count != 1 else ''}, {self.break_count} graph break"
                 f"{'s' if self.break_count != 1 else ''}, {self.op_count} ops captured"]
        if self.eager_reason:
            lines.append(f"  runs eagerly: {self.eager_reason}")
        events: list[tuple[int, int, str]] = []
        for i, g in enumerate(self.graphs):
            ops = ", ".join(g.ops[:12]) + (", ..." if len(g.ops) > 12 else "")
            events.append((g.first_line, 0, f"  graph {i}  lines {g.first_line}-{g.last_line}"
                                            f"  {g.op_count} ops: {ops}"))
        for b in self.breaks:
            text = f"  break    {b.filename}:{b.line}"
            if b.source_line:
                text += f"  {b.source_line}"
            events.append((b.line, 1, text + f"\n           {b.reason}"))
        lines += [text for _, _, text in sorted(events, key=lambda e: (e[0], e[1]))]
        if self.guards:
            lines.append("guards: " + "; ".join(self.guards))
        lines.append(f"calls={self.calls} hits={self.hits} compiles={len(self.compiles)}")
        lines += [f"  compile {i + 1}: {r}" for i, r in enumerate(self.compiles)]
        return "\n".join(lines)


class _Cache:
    __slots__ = ("entries", "state", "calls", "hits", "compiles", "compile_seconds", "last",
                 "last_calls", "eager_reason", "value_failures", "__weakref__")

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.state = GRAPH_CANDIDATE
        self.calls = 0
        self.hits = 0
        self.compiles: list[str] = []
        self.compile_seconds: list[float] = []
        self.last: Entry | None = None
        self.last_calls: dict[int, int] = {}  # id(entry) -> calls of it
        self.eager_reason = ""
        # argument position (or attribute source) -> how often its value guard failed
        self.value_failures: dict[int | str, int] = {}


# The cache behind each code object, for `get_code_extra` (MindSpore's per-code record).
_BY_CODE: weakref.WeakKeyDictionary[CodeType, _Cache] = weakref.WeakKeyDictionary()
_warned_version = False
# jit_config options of MindSpore's performance statistics (graph or PyNative, by measured
# time or bytecode size); graphc always runs the graph and records that decision.
_PERF_OPTIONS = ("perf_statistics", "STATIC_GRAPH_BYTECODE_MIN", "PERF_STATISTICS_SCALE_10000X")


class PIJitFunction:
    """`jit(fn, capture_mode="bytecode")`: `fn` captured from its bytecode on each new kind of
    call, the compiled graphs run on later calls whose guards hold."""

    def __init__(self, fn: Any, input_signature: Any = None, jit_config: Any = None,
                 fullgraph: bool = False) -> None:
        self._bound_obj = fn.__self__ if inspect.ismethod(fn) else None
        self.fn: Any
        fn = fn.__func__ if inspect.ismethod(fn) else fn
        if isinstance(fn, PIJitFunction):  # decorated twice: once is enough
            self._bound_obj = self._bound_obj or fn._bound_obj
            fn = fn.fn
        elif isinstance(fn, _BoundPIJit):
            self._bound_obj, fn = fn.obj, fn.pijit.fn
        elif not isinstance(fn, FunctionType) and callable(fn):
            # a Cell (its construct) or another callable object (its __call__), bound to it
            method = getattr(type(fn), "construct", None) if hasattr(fn, "_cells") else None
            # (`__call__` as the class defines or inherits it: a primitive `ops.Equal()`)
            method = method if method is not None else \
                next((vars(c)["__call__"] for c in type(fn).__mro__ if "__call__" in vars(c)), None)
            method = getattr(method, "__graphc_unwrapped__", method)
            if isinstance(method, PIJitFunction):
                method = method.fn
            if isinstance(method, FunctionType):
                self._bound_obj, fn = fn, method
        if not isinstance(fn, FunctionType):
            raise TypeError(f"jit(capture_mode='bytecode') takes a Python function or method, "
                            f"not {type(fn).__name__}.")
        self.fn = fn
        self.input_signature = input_signature
        config = default_config()
        config.update(jit_config if isinstance(jit_config, dict) else
                      dict(getattr(jit_config, "jit_config_dict", {}) or {}))
        self.options = Options(bool(fullgraph), config, self._resume_function, input_signature)
        # (a signature with Symbol dims: every call's shapes are checked against them)
        signature = self.options.signature
        self._symbols = signature if signature_has_symbols(signature) else None
        self.limit = int(config.get("cache_size_limit", _DEFAULT_LIMIT))
        # (args, kwargs) -> whether this call runs eagerly, not captured (MindSpore's option)
        self._disable = config.get("_disable_pijit") if callable(
            config.get("_disable_pijit")) else None
        code = fn.__code__
        self._fast_argcount = code.co_argcount if not (
            code.co_kwonlyargcount or code.co_flags & 0x0C) else -1
        self._nparams = code.co_argcount + code.co_kwonlyargcount + \
            bool(code.co_flags & 0x04) + bool(code.co_flags & 0x08)
        # One cache per function object (closures of one code differ in their cells); the
        # code object maps to the cache used last, for `get_code_extra`. (Named apart from
        # `JitFunction`'s attributes: wrapping this object copies its `__dict__`.)
        self._pijit_cache = _Cache()
        _BY_CODE[code] = self._pijit_cache
        self._pijit_instances: weakref.WeakKeyDictionary[Any, _Cache] = \
            weakref.WeakKeyDictionary()
        self._gradients: dict[Any, Any] = {}  # the bprops of graphs run on the tape
        functools.update_wrapper(self, fn)

    def __graphc_pijit__(self) -> tuple[Any, Any]:
        return self.fn, self._bound_obj

    # In GRAPH_MODE, or called from a `@jit` graph, a PIJit function is plain code of the
    # graph that calls it (the seed's limit): the AST compiler reads the function itself.
    @property
    def __graphc_unwrapped__(self) -> Any:
        return self.fn

    def __graphc_jit_function__(self) -> tuple[Any, Any]:
        return self.fn, self._bound_obj

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return self
        return _BoundPIJit(self, obj)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._bound_obj is not None:
            return self._call(self._cache_for(self._bound_obj), (self._bound_obj,) + args,
                              kwargs)
        return self._call(self._pijit_cache, args, kwargs)

    def _cache_for(self, obj: Any) -> _Cache:
        try:
            cache = self._pijit_instances.get(obj)
            if cache is None:
                cache = self._pijit_instances[obj] = _Cache()
            _BY_CODE[self.fn.__code__] = cache
            return cache
        except TypeError:
            return self._pijit_cache

    def _resume_function(self, fn: FunctionType) -> PIJitFunction:
        made = PIJitFunction(fn, None, None, False)
        made.options = Options(False, self.options.config, made._resume_function)
        made.limit = self.limit
        return made

    def _eager(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        return self.fn(*args, **kwargs)

    def _call(self, cache: _Cache, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if not SUPPORTED:
            _warn_version()
            return self.fn(*args, **kwargs)
        ctx = context()
        if active_tracer.get() is not None or not ctx.jit_enabled:
            return self.fn(*args, **kwargs)
        disable = self._disable
        if disable is not None and disable(args, kwargs):
            return self.fn(*args, **kwargs)  # jit_config `_disable_pijit`: this call eagerly
        if active_tapes.get():
            return self._call_on_tape(cache, args, kwargs)
        if not kwargs and len(args) == self._fast_argcount:
            values = args
        else:
            values = self._bind(args, kwargs)
        if self._symbols is not None:
            check_symbolic_shapes(self._symbols, values)
        cache.calls += 1
        for entry in cache.entries:
            if entry.check(values):
                cache.hits += 1
                cache.last = entry
                cache.last_calls[id(entry)] = cache.last_calls.get(id(entry), 0) + 1
                return entry.run(values)
        if cache.state == NEVER_COMPILE or cache.state == GRAPH_BUILDING:
            return self.fn(*args, **kwargs)
        made = self._compile(cache, values)
        if made is None:
            return self.fn(*args, **kwargs)
        return made.run(values)

    def _call_on_tape(self, cache: _Cache, args: tuple[Any, ...], kwargs: dict[str, Any]
                      ) -> Any:
        """Under PyNative's gradient tape: the captured graph as one op of the tape when it
        qualifies (`taped`), else plain code (every primitive recorded). The call is
        captured (and counted) either way."""
        if not taped.qualifies():
            return self.fn(*args, **kwargs)
        plain = bool(kwargs) or len(args) != self._fast_argcount
        values = self._bind(args, kwargs) if plain else args
        token = active_tapes.set(())  # (capturing records nothing on the tape)
        try:
            cache.calls += 1
            entry = next((e for e in cache.entries if e.check(values)), None)
            if entry is not None:
                cache.hits += 1
                cache.last = entry
                cache.last_calls[id(entry)] = cache.last_calls.get(id(entry), 0) + 1
            elif cache.state not in (NEVER_COMPILE, GRAPH_BUILDING):
                entry = self._compile(cache, values)
            else:
                cache.calls -= 1
        finally:
            active_tapes.reset(token)
        if entry is None or plain:
            return self.fn(*args, **kwargs)
        if len(self._gradients) > 16:
            self._gradients.clear()
        done, out = taped.run_on_tape(taped.Unbound(self.fn), entry, args, args,
                                      self._gradients)
        return out if done else self.fn(*args, **kwargs)

    def _bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        # (the code's own parameters: not those of a function `functools.wraps` names)
        bound = inspect.signature(self.fn, follow_wrapped=False).bind(*args, **kwargs)
        bound.apply_defaults()
        names = self.fn.__code__.co_varnames[:self._nparams]
        return tuple(bound.arguments[n] for n in names)

    def _compile(self, cache: _Cache, values: tuple[Any, ...]) -> Entry | None:
        if cache.entries:
            newest = cache.entries[0]
            found = newest.guards.failing(values, newest.roots)
            reason = found[1] if found is not None else "new call"
            if found is not None:
                reason += self._note_value_failure(cache, found[0], values, newest)
        else:
            reason = "first call"
        if len(cache.entries) >= self.limit:
            cache.state = NEVER_COMPILE
            cache.eager_reason = f"cache_size_limit ({self.limit}) reached; last change: " \
                                 f"{reason}"
            warnings.warn(f"PIJit '{self.fn.__qualname__}' was compiled {self.limit} times "
                          f"(cache_size_limit); it runs eagerly from now on. Last change: "
                          f"{reason}.", stacklevel=4)
            return None
        previous = cache.state
        cache.state = GRAPH_BUILDING
        start = time.perf_counter()
        try:
            entry = capture(self.fn, values, self.options)
        except CaptureBreak as exc:
            cache.state = previous
            b = exc.record
            inner = "".join(f"\n  inside, at {f}:{n}: {text}" for f, n, text in b.trace)
            hints = "".join(f"\nHint: {h}" for h in b.hints)
            raise Unsupported(f"jit(fullgraph=True) cannot capture '{self.fn.__qualname__}' "
                              f"as one graph: {b.filename}:{b.line} ({b.source_line}): "
                              f"{b.reason}. Remove fullgraph=True to let this part run in "
                              f"Python, or change the line.{inner}{hints}") from None
        except Exception as exc:  # an error graphc itself could not handle: run eagerly
            cache.state = NEVER_COMPILE
            cache.eager_reason = f"capture failed ({type(exc).__name__}: {exc})"
            warnings.warn(f"PIJit '{self.fn.__qualname__}' could not be captured "
                          f"({type(exc).__name__}: {exc}); it runs eagerly.", stacklevel=4)
            return None
        cache.state = GRAPH_CALLABLE
        _BY_CODE[self.fn.__code__] = cache  # (get_code_extra: the cache compiled last)
        cache.entries.insert(0, entry)
        cache.compiles.append(reason)
        cache.compile_seconds.append(time.perf_counter() - start)
        cache.last = entry
        cache.last_calls[id(entry)] = 1
        if self.options.config.get("print_after_all"):
            _print_capture(self.fn, entry, reason)
        if any(k in self.options.config for k in _PERF_OPTIONS):
            # MindSpore's record of its graph-or-PyNative decision, which its tests read back
            # as `fn.__globals__[fn.__code__]`: here always the graph
            namespace: dict[Any, Any] = self.fn.__globals__
            namespace[self.fn.__code__] = True
        return entry

    def _note_value_failure(self, cache: _Cache, check: Any, values: tuple[Any, ...],
                            newest: Entry) -> str:
        """A number argument whose value changed twice becomes a run-time scalar for the next
        captures (MindSpore's default: constants first, variables once they keep changing);
        with `enable_dynamic_shape`, a Tensor argument whose shape changed is captured again
        with the dims that changed dynamic, so later sizes reuse that entry."""
        i = _argument_position(check.source)
        if i is None:
            return self._note_attribute_failure(cache, check, values, newest)
        if check.kind == "shape":
            if not self.options.config.get("enable_dynamic_shape"):
                return ""
            made = []
            for c in newest.guards.checks:  # every Tensor argument whose shape changed
                j = _argument_position(c.source)
                if c.kind == "shape" and j is not None and \
                        tuple(getattr(values[j], "shape", ())) != c.expected:
                    shape = dynamic_dims(c.expected, values[j], self.options.shapes.get(j))
                    self.options.shapes[j] = shape
                    made.append(f"{c.what} {shape}")
            return f" (enable_dynamic_shape: {', '.join(made)})" if made else ""
        if check.kind != "value" or type(values[i]) not in (int, float):
            return ""
        cache.value_failures[i] = cache.value_failures.get(i, 0) + 1
        if cache.value_failures[i] >= _DYNAMIC_AFTER:
            self.options.dynamic.add(i)
        return ""

    def _note_attribute_failure(self, cache: _Cache, check: Any, values: tuple[Any, ...],
                                newest: Entry) -> str:
        """A number attribute of an argument (`self.step`) whose value changed twice is read
        as a run-time scalar by the next captures, as a number argument is."""
        source = check.source
        if check.kind != "value" or source.root != "A" or "." not in source.path:
            return ""
        try:
            now = eval(source.expr(), {"A": values, "X": newest.roots})  # noqa: S307
        except Exception:
            return ""
        if type(now) not in (int, float):
            return ""
        key = source.expr()
        cache.value_failures[key] = cache.value_failures.get(key, 0) + 1
        if cache.value_failures[key] >= _DYNAMIC_AFTER:
            self.options.dynamic_sources.add(key)
            return " (read as a run-time number from now on)"
        return ""

    # ------------------------------------------------------------------ introspection
    def capture_info(self, obj: Any = None) -> CaptureInfo:
        """The graphs, breaks, guards and compiles of this function (for a method, pass the
        instance or call it on the bound method)."""
        cache = self._cache_for(obj) if obj is not None else (
            self._cache_for(self._bound_obj) if self._bound_obj is not None else self._pijit_cache)
        info = info_of(self.fn.__qualname__, cache)
        info.backward = [i for i in (g.cache_info() for g in self._gradients.values())
                         if i is not None]
        return info

    def explain(self, *args: Any, **kwargs: Any) -> CaptureInfo:
        return self.capture_info()

    def cache_info(self) -> CaptureInfo:
        """The same record as `capture_info` (the name a compiled gradient function's
        `cache_info()` reaches)."""
        return self.capture_info()


class _BoundPIJit:
    """A PIJit method bound to an instance; its cache belongs to that instance."""

    __slots__ = ("pijit", "obj")

    def __init__(self, pijit: PIJitFunction, obj: Any) -> None:
        self.pijit = pijit
        self.obj = obj

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.pijit._call(self.pijit._cache_for(self.obj), (self.obj,) + args, kwargs)

    def __graphc_pijit__(self) -> tuple[Any, Any]:
        return self.pijit.fn, self.obj

    def __graphc_jit_function__(self) -> tuple[Any, Any]:
        return self.pijit.fn, self.obj

    @property
    def __wrapped__(self) -> Any:
        return self.pijit.fn

    def capture_info(self) -> CaptureInfo:
        return self.pijit.capture_info(self.obj)


def _argument_position(source: Any) -> int | None:
    """`i` when `source` is the call's argument `i` itself (`A[i]`), else None."""
    path = source.path
    if source.root != "A" or not path.startswith("[") or not path.endswith("]") or \
            not path[1:-1].isdigit():
        return None
    return int(path[1:-1])


def dynamic_dims(expected: tuple[int | None, ...], value: Any,
                 known: tuple[int | None, ...] | None) -> tuple[int | None, ...]:
    """The shape an argument is captured with after its shape changed from `expected` to
    `value`'s: the dims that differ (or were dynamic already) are None; a change of rank keeps
    the new shape static."""
    shape = tuple(getattr(value, "shape", ()))
    if len(shape) != len(expected):
        return known if known is not None and len(known) == len(shape) else shape
    base = known if known is not None and len(known) == len(shape) else expected
    return tuple(None if b is None or b != d else d for b, d in zip(base, shape))


def _print_capture(fn: FunctionType, entry: Entry, reason: str) -> None:
    """jit_config print_after_all: the original bytecode, the break and the graph."""
    import dis
    print(f"PIJit capture of {fn.__qualname__} ({reason}):")
    dis.dis(fn.__code__)
    if entry.graph is not None:
        print(f"graph {entry.graph.name}: {entry.graph.op_count} ops: "
              f"{', '.join(entry.graph.ops)}\n{entry.graph.source}")
    if entry.brk is not None:
        print(f"graph break at {entry.brk}")
    print("guards:\n  " + "\n  ".join(entry.guards.describe()))


def _warn_version() -> None:
    global _warned_version
    if not _warned_version:
        _warned_version = True
        import sys
        warnings.warn(f"jit(capture_mode='bytecode') supports CPython 3.11 and 3.12; on "
                      f"{sys.version.split()[0]} the function runs eagerly (PyNative).",
                      stacklevel=4)


def _chain(entry: Entry | None, seen: set[int]) -> tuple[list[GraphRecord], list[BreakRecord]]:
    """The graphs and breaks of `entry` and of the resume functions it went on to."""
    if entry is None or id(entry) in seen:
        return [], []
    seen.add(id(entry))
    graphs = [entry.graph] if entry.graph is not None else []
    breaks = [entry.brk] if entry.brk is not None else []
    for body in entry.bodies:  # (a break in a loop: the loop body's own captures)
        g, b = _chain(body._pijit_cache.last, seen)
        graphs += g
        breaks += b
    made = entry.taken[0]
    if isinstance(made, PIJitFunction):
        g, b = _chain(made._pijit_cache.last, seen)
        graphs += g
        breaks += b
    return graphs, breaks


def info_of(name: str, cache: _Cache) -> CaptureInfo:
    graphs, breaks = _chain(cache.last, set())
    guards = cache.last.guards.describe() if cache.last is not None else []
    return CaptureInfo(name, cache.state, graphs, breaks, guards, list(cache.compiles),
                       cache.calls, cache.hits, len(cache.entries), cache.eager_reason)


def get_code_extra(fn: Any) -> dict[str, Any] | None:
    """MindSpore's per-code capture record, as its PIJit tests read it: `stat`,
    `compile_count_`, `break_count_`, and `code` with `call_count_` and `phase_` (the graph's
    name when the entry that ran last has a graph, or was captured whole with every value
    folded to a constant). As in MindSpore the record is this code object's own: its
    `break_count_` counts the break in this function's code (0 or 1), not those of the resume
    functions after it, which are code objects of their own (`capture_info()` lists them all)."""
    code = fn if isinstance(fn, CodeType) else getattr(getattr(fn, "__wrapped__", fn),
                                                       "__code__", None)
    if code is None:
        return None
    cache = _BY_CODE.get(code)
    if cache is None:
        return None
    graphs, breaks = _chain(cache.last, set())
    last = cache.last
    phase = graphs[0].name if graphs else None
    if phase is None and last is not None and last.brk is None:
        phase = code.co_name  # captured whole, every value folded: no Python runs either
    return {
        "stat": cache.state,
        "compile_count_": len(cache.compiles),
        "break_count_": int(last is not None and last.brk is not None),
        "code": {
            "call_count_": cache.last_calls.get(id(last), 0) if last is not None else 0,
            "phase_": phase,
            "compiled_code_": last.code if last is not None else None,
            "guard_": "; ".join(last.guards.describe()) if last is not None else "",
        },
    }


__all__ = ["CaptureInfo", "CodeInfo", "PIJitFunction", "Unsupported", "get_code_extra"]
