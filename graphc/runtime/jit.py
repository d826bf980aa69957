"""`graphc.jit` and the compile cache: the entry of every compiled call.

A call builds its *signature key* (Tensors by shape and dtype, Python values by value, as
MindSpore treats them as constants), looks it up in the function's cache and, on a hit, calls
the generated function directly — the hot path, a few microseconds. A miss specialises the
function for the call (`infer.GraphBuilder`), runs the passes, generates code, and records in
`cache_info()` why it compiled ("argument x: shape (3, 4) -> (3, 5)").

Caches are per function (per instance for methods) and guarded by a lock, so several threads
may call one function.
"""

from __future__ import annotations

import functools
import inspect
import os
import threading
import time
import types
import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autodiff.grad import set_graph_compiler
from ..common import dtype as mstype
from ..common.context import COMPATIBLE, LAX, STRICT, active_tapes, active_tracer, context
from ..common.internal import function_location, reraise_internal
from ..common.mutable_input import Mutable
from ..common.parameter import Parameter as Weight
from ..common.tensor import Tensor
from ..fallback import ArgumentKey, ExplainReport, MutationKey, check_exportable
from .compile import CompiledGraph, compile_call, keyword_only_names, positional_names
from .deep import run_deep

_NONE_TYPE = type(None)
_LEVEL_NAMES = {"STRICT": STRICT, "COMPATIBLE": COMPATIBLE, "LAX": LAX}
_CONSTANT_TYPES = (int, float, bool, str, _NONE_TYPE)


def _arg_key(value: Any) -> Any:
    t = type(value)
    if t is Tensor:
        data = value._data
        return (data.shape, data.dtype)
    if isinstance(value, Mutable):
        if isinstance(value, (int, float)):
            return (Mutable, int if isinstance(value, int) else float)
        if isinstance(value, dict):
            return (Mutable, dict, tuple((k, _arg_key(v)) for k, v in value.items()))
        return (Mutable, type(value), tuple(_arg_key(v) for v in value))
    if t in _CONSTANT_TYPES:
        return (t, value)
    if isinstance(value, Weight):
        return ("parameter", id(value))
    if isinstance(value, Tensor):
        data = value._data
        return (data.shape, data.dtype)
    if t is tuple or t is list:
        return (t, tuple(_arg_key(v) for v in value))
    if t is dict:
        return (t, tuple((k, _arg_key(v)) for k, v in value.items()))
    if isinstance(value, mstype.DType):
        return (mstype.DType, value.short)
    if t is np.ndarray:  # a NumPy argument is a constant: key it by its contents
        return (np.ndarray, value.shape, value.dtype.str, value.tobytes())
    return ("object", id(value))  # the compiled entry keeps the object alive (no id reuse)


def _describe_key(key: Any) -> str:
    if isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], tuple):
        return f"Tensor {key[0]} {key[1]}"
    if isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], type):
        return f"{key[0].__name__} {key[1]!r}"
    return repr(key)


def _describe_change(name: str, old: Any, new: Any) -> str:
    if (isinstance(old, tuple) and len(old) == 2 and isinstance(old[0], tuple)
            and isinstance(new, tuple) and len(new) == 2 and isinstance(new[0], tuple)):
        if old[0] != new[0] and old[1] == new[1]:
            return f"argument {name}: shape {old[0]} -> {new[0]}"
        if old[0] == new[0]:
            return f"argument {name}: dtype {mstype.from_numpy(old[1])} -> " \
                   f"{mstype.from_numpy(new[1])}"
    return f"argument {name}: {_describe_key(old)} -> {_describe_key(new)}"


@dataclass
class CacheStats:
    """What the cache of one compiled function did: `hits`, `misses`, and for each compile the
    reason in words (`compiles`)."""

    hits: int = 0
    misses: int = 0
    compiles: list[str] = field(default_factory=list)
    compile_seconds: list[float] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return len(self.compiles)

    def __str__(self) -> str:
        lines = [f"hits={self.hits} misses={self.misses} graphs={self.entries}"]
        lines += [f"  compile {i + 1}: {r}" for i, r in enumerate(self.compiles)]
        return "\n".join(lines)


class _Cache:
    __slots__ = ("entries", "stats", "lock", "last_key", "volatile", "passed_as_is",
                 "__weakref__")

    def __init__(self) -> None:
        self.entries: dict[Any, Any] = {}
        self.stats = CacheStats()
        self.lock = threading.Lock()
        self.last_key: Any = None
        # What the function's graphs change at run time (LAX): later compiles read it then.
        self.volatile: set[MutationKey] = set()  # what the function changes (LAX)
        self.passed_as_is: tuple[int, ...] = ()  # argument positions changed in place


class JitFunction:
    """A function compiled per input signature. Calling it runs the compiled graph."""

    def __init__(self, fn: Any, input_signature: Any = None, hash_args: Any = None,
                 jit_config: Any = None, syntax_level: int | None = None,
                 framework_call: bool = False) -> None:
        if isinstance(fn, type):
            raise TypeError(f"jit cannot decorate a class ({fn.__name__}); decorate its "
                            "methods, or use jit_class.")
        # `jit(net.construct)`: a bound method is compiled as its function with that object.
        self._bound_obj = fn.__self__ if inspect.ismethod(fn) else None
        self.fn = fn.__func__ if inspect.ismethod(fn) else fn
        self.input_signature = input_signature
        self.hash_args = hash_args
        self.jit_config = jit_config
        self.syntax_level = syntax_level
        # The graph is that of *calling* `fn` from user code (a framework callable such as a
        # gradient function), not of parsing `fn`'s source.
        self.framework_call = framework_call
        self._cache = _Cache()
        self._instance_caches: weakref.WeakKeyDictionary[Any, _Cache] = \
            weakref.WeakKeyDictionary()
        self._param_names = positional_names(self.fn)
        self._kwonly = keyword_only_names(self.fn)
        functools.update_wrapper(self, fn)

    # `construct` unwrapped by the specialiser when a graph calls this function
    @property
    def __graphc_unwrapped__(self) -> Any:
        return self.fn

    def __graphc_jit_function__(self) -> tuple[Any, Any]:
        return self.fn, self._bound_obj

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return self
        return BoundJit(self, obj)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._call(self._cache, self._bound_obj, args, kwargs)

    def _cache_for(self, obj: Any) -> _Cache:
        try:
            cache = self._instance_caches.get(obj)
        except TypeError:
            cache = None
        if cache is None:
            cache = _Cache()
            try:
                self._instance_caches[obj] = cache
            except TypeError:
                pass
        return cache

    def _call(self, cache: _Cache, obj: Any, args: tuple[Any, ...],
              kwargs: dict[str, Any]) -> Any:
        tracer = active_tracer.get()
        if tracer is not None:  # called while another graph is built: inline (transparent)
            if obj is not None:
                return tracer.call(BoundJit(self, obj), args, kwargs)
            return tracer.call(self, args, kwargs)
        if not context().jit_enabled or active_tapes.get():
            # Under an eager `grad`, the tape must see every primitive: run the function's
            # Python (the same ops, so the same values) until the graph-level gradient
            # transform exists (issue 5).
            return self.fn(obj, *args, **kwargs) if obj is not None else self.fn(*args, **kwargs)
        kwnames = self._kwonly
        if kwargs or kwnames:
            args, kwnames = self._bind(obj, args, kwargs)
        arg_keys = [_arg_key(a) for a in args]
        if kwnames is not self._kwonly:  # **kwargs: the keyword names are part of the key
            arg_keys.append(("keywords", tuple(kwnames)))
        if cache.passed_as_is:  # arguments the graph changes in place: keyed by type only
            for i in cache.passed_as_is:
                if i < len(args):
                    arg_keys[i] = ("as is", type(args[i]))
        key = (tuple(arg_keys), context().jit_syntax_level, getattr(obj, "training", None))
        entry = cache.entries.get(key)
        if entry is None or (entry.guards and not _guards_hold(entry)):
            entry = self._compile(cache, obj, args, key, kwnames)
        else:
            cache.stats.hits += 1
        try:
            return entry.generated.fn(*args)
        except Exception as exc:  # graphc's own failure in the generated code is reported so
            reraise_internal(exc, f"running the compiled graph of '{_name(self.fn)}'", self.fn)
            raise

    def _bind(self, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
              ) -> tuple[tuple[Any, ...], list[str]]:
        """The call's values as the generated function takes them — positional ones (those of
        `*args` included), then keyword ones — and the names of the keyword ones (keyword-only
        parameters, then what `**kwargs` receives)."""
        sig = inspect.signature(self.fn)
        try:
            bound = sig.bind(*(((obj,) if obj is not None else ()) + tuple(args)), **kwargs)
        except TypeError as exc:  # as Python says it, naming the function
            raise TypeError(f"{_name(self.fn)}() {exc}") from None
        bound.apply_defaults()
        positional: list[Any] = []
        keywords: dict[str, Any] = {}
        var = False
        for name, value in bound.arguments.items():
            kind = sig.parameters[name].kind
            if kind is inspect.Parameter.VAR_POSITIONAL:
                positional.extend(value)
                var = True
            elif kind is inspect.Parameter.VAR_KEYWORD:
                keywords.update(value)
                var = True
            elif kind is inspect.Parameter.KEYWORD_ONLY:
                keywords[name] = value
            else:
                positional.append(value)
        if obj is not None:
            positional = positional[1:]
        names = list(keywords) if var else self._kwonly
        return tuple(positional) + tuple(keywords.values()), names

    def _compile(self, cache: _Cache, obj: Any, args: tuple[Any, ...], key: Any,
                 kwnames: list[str]) -> Any:
        with cache.lock:
            entry = cache.entries.get(key)
            stale = None
            if entry is not None:
                if not entry.guards or _guards_hold(entry):
                    cache.stats.hits += 1
                    return entry
                stale = next(g for g in entry.guards if not g.holds()).describe_change()
            start = time.perf_counter()
            self._check_signature(args)
            def step() -> CompiledGraph:
                return compile_call(self.fn, obj, args, self.input_signature, self._level(),
                                    key, kwnames, cache.volatile, self.framework_call)
            try:
                try:
                    entry = step()
                except RecursionError:  # deeper than CPython's limit: again, on a deep stack
                    entry = run_deep(step, f"compiling '{_name(self.fn)}'",
                                     function_location(self.fn))
            except Exception as exc:  # graphc's own failure is reported as such
                reraise_internal(exc, f"compiling '{_name(self.fn)}'", self.fn)
                raise
            entry.keepalive = tuple(_identity_keyed(args))
            reason = stale if stale is not None else self._reason(cache.last_key, key)
            cache.passed_as_is = tuple(sorted(k.position for k in cache.volatile
                                              if isinstance(k, ArgumentKey)))
            if cache.passed_as_is:  # file it under the key the next calls will make
                arg_keys = list(key[0])
                for i in cache.passed_as_is:
                    if i < len(args):
                        arg_keys[i] = ("as is", type(args[i]))
                key = (tuple(arg_keys),) + tuple(key[1:])
                entry.key = key
            cache.entries[key] = entry
            cache.last_key = key
            cache.stats.misses += 1
            cache.stats.compiles.append(reason)
            cache.stats.compile_seconds.append(time.perf_counter() - start)
            return entry

    def _level(self) -> int:
        """The syntax level of a compile: MindSpore's `MS_DEV_JIT_SYNTAX_LEVEL` (0, 1 or 2)
        first, then `fullgraph=True`, the JitConfig, and the context."""
        env = os.environ.get("MS_DEV_JIT_SYNTAX_LEVEL", "")
        if env in ("0", "1", "2"):
            return int(env)
        if self.syntax_level is not None:
            return self.syntax_level
        cfg = self.jit_config
        level = getattr(cfg, "jit_syntax_level", "") if cfg is not None else ""
        if isinstance(cfg, dict):
            level = cfg.get("jit_syntax_level", "")
        if level in _LEVEL_NAMES:
            return _LEVEL_NAMES[level]
        return context().jit_syntax_level

    def _reason(self, old: Any, new: Any) -> str:
        if old is None:
            return "first call"
        old_args, old_level, old_training = old
        new_args, new_level, new_training = new
        if old_training != new_training:
            return f"cell training mode: {old_training} -> {new_training}"
        if old_level != new_level:
            return f"jit_syntax_level: {old_level} -> {new_level}"
        if len(old_args) != len(new_args):
            return f"number of arguments: {len(old_args)} -> {len(new_args)}"
        names = self._param_names
        for i, (a, b) in enumerate(zip(old_args, new_args)):
            if a != b:
                name = names[i] if i < len(names) else f"#{i}"
                return _describe_change(name, a, b)
        return "new signature"

    def _check_signature(self, args: tuple[Any, ...]) -> None:
        sig = self.input_signature
        if sig is None:
            return
        specs = sig if isinstance(sig, (tuple, list)) else (sig,)
        if len(specs) != len(args):
            raise ValueError(f"jit '{self.fn.__qualname__}': input_signature has {len(specs)} "
                             f"Tensors but the call passes {len(args)} arguments.")
        names = self._param_names
        for i, (spec, arg) in enumerate(zip(specs, args)):
            name = names[i] if i < len(names) else f"#{i}"
            if not isinstance(arg, Tensor):
                raise TypeError(f"jit '{self.fn.__qualname__}': argument {name} must be a Tensor "
                                f"(input_signature), but got {type(arg).__name__}.")
            want_shape = tuple(spec.shape)
            ok = len(want_shape) == arg.ndim and all(
                w in (None, -1) or w == d for w, d in zip(want_shape, arg.shape))
            if not ok or spec.dtype is not arg.dtype:
                raise ValueError(
                    f"jit '{self.fn.__qualname__}': argument {name} is Tensor{list(arg.shape)} "
                    f"{arg.dtype}, which does not match input_signature Tensor"
                    f"{[d if d not in (None, -1) else None for d in want_shape]} {spec.dtype}.")

    # ------------------------------------------------------------------ introspection
    def cache_info(self, obj: Any = None) -> CacheStats:
        """Hits, misses and the reason for each compile (for a method, pass the instance)."""
        return (self._cache_for(obj) if obj is not None else self._cache).stats

    def graphs(self, obj: Any = None) -> list[CompiledGraph]:
        cache = self._cache_for(obj) if obj is not None else self._cache
        return list(cache.entries.values())

    def explain(self, *args: Any, **kwargs: Any) -> ExplainReport:
        """Compile for `args` (without running) and list every interpret node: file:line, source
        line, and why it runs in Python. `str()` of the report reads as text."""
        return self._explain(self._cache, self._bound_obj, args, kwargs)

    def check_exportable(self, *args: Any, **kwargs: Any) -> None:
        """Raise an error naming the lines that run in Python if the graph for `args` has
        interpret nodes (such a graph cannot be exported)."""
        entry = self._specialise(self._cache, self._bound_obj, args, kwargs)
        check_exportable(entry.graph, getattr(self.fn, "__qualname__", "graph"))

    def _specialise(self, cache: _Cache, obj: Any, args: tuple[Any, ...],
                    kwargs: dict[str, Any]) -> CompiledGraph:
        kwnames = self._kwonly
        if kwargs or kwnames:
            args, kwnames = self._bind(obj, args, kwargs)
        self._check_signature(args)
        return compile_call(self.fn, obj, args, self.input_signature, self._level(), None,
                            kwnames, set(cache.volatile), self.framework_call)

    def _explain(self, cache: _Cache, obj: Any, args: tuple[Any, ...],
                 kwargs: dict[str, Any]) -> ExplainReport:
        entry = self._specialise(cache, obj, args, kwargs)
        return ExplainReport.build(getattr(self.fn, "__qualname__", "graph"), entry.graph,
                                   list(entry.folded))


class BoundJit:
    """A jit method bound to an instance; its cache belongs to that instance."""

    __slots__ = ("jit", "obj", "_cache")

    def __init__(self, jit: JitFunction, obj: Any) -> None:
        self.jit = jit
        self.obj = obj
        self._cache = jit._cache_for(obj)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.jit._call(self._cache, self.obj, args, kwargs)

    def __graphc_jit_function__(self) -> tuple[Any, Any]:
        return self.jit.fn, self.obj

    def cache_info(self) -> CacheStats:
        return self._cache.stats

    def graphs(self) -> list[CompiledGraph]:
        return list(self._cache.entries.values())

    def explain(self, *args: Any, **kwargs: Any) -> ExplainReport:
        return self.jit._explain(self._cache, self.obj, args, kwargs)


def _identity_keyed(value: Any) -> list[Any]:
    """The objects inside `value` that `_arg_key` keys by identity."""
    if isinstance(value, (tuple, list)):
        return [o for v in value for o in _identity_keyed(v)]
    if isinstance(value, dict):
        return [o for v in value.values() for o in _identity_keyed(v)]
    key = _arg_key(value)
    return [value] if isinstance(key, tuple) and key and key[0] == "object" else []


def _guards_hold(entry: CompiledGraph) -> bool:
    for guard in entry.guards:
        if not guard.holds():
            return False
    return True


def _compile_gradient(impl: Any, target: Any = None) -> Any:
    """The compiled form of a gradient function (see `autodiff.grad._dispatching`): captured
    from bytecode when the function it differentiates is a PIJit one, else a `@jit` graph."""
    construct = getattr(type(target), "construct", None)
    if _bytecode_capture is not None and (hasattr(target, "__graphc_pijit__") or
                                          hasattr(construct, "__graphc_pijit__")):
        return _bytecode_capture(impl)
    return JitFunction(impl, framework_call=True)


set_graph_compiler(_compile_gradient)

# `jit(capture_mode="bytecode")` / `mode="PIJit"`: graphc.pijit (which sits above runtime)
# registers its decorator here; without it such functions run eagerly.
_bytecode_capture: Any = None


def set_bytecode_capture(decorate: Any) -> None:
    global _bytecode_capture
    _bytecode_capture = decorate


def _cell_construct(obj: Any) -> Any:
    """`jit(cell)` compiles the Cell's `construct` (as MindSpore 2.10 does): the method bound to
    the Cell; anything else is returned as it is."""
    construct = getattr(type(obj), "construct", None)
    if construct is None or isinstance(obj, type) or not hasattr(obj, "_cells"):
        return obj
    return types.MethodType(getattr(construct, "__graphc_unwrapped__", construct), obj)


def jit(fn: Any = None, mode: str = "PSJit", input_signature: Any = None,
        hash_args: Any = None, jit_config: Any = None, compile_once: bool = False,
        **options: Any) -> Any:
    """Compile `fn` (a function or method) to a graph per input signature.

    `@jit`, `@jit()` and `jit(fn)` all work. `input_signature` (Tensors whose `None`/-1 dims
    are dynamic) compiles one graph for every size of those dims and rejects calls that do not
    match. `fullgraph=True` means STRICT for this function. `mode="PIJit"` /
    `capture_mode="bytecode"` capture it from its bytecode (graphc.pijit).
    """
    capture = options.pop("capture_mode", "ast")
    fullgraph = options.pop("fullgraph", False)
    fn = options.pop("function", None) if fn is None else fn  # MindSpore's `function=` spelling
    for unused in ("jit_level", "dynamic", "backend", "function"):
        options.pop(unused, None)
    if options:
        raise TypeError(f"jit() got unexpected keyword arguments {sorted(options)}")

    def decorate(f: Any) -> Any:
        if mode == "PIJit" or capture == "bytecode":
            if _bytecode_capture is None or isinstance(f, type):
                return f
            return _bytecode_capture(f, input_signature, jit_config, fullgraph)
        f = _cell_construct(f)
        return JitFunction(f, input_signature, hash_args, jit_config,
                           syntax_level=0 if fullgraph else None)

    if fn is None:
        return decorate
    return decorate(fn)


def _name(fn: Any) -> str:
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)
