"""Guards: what a captured entry assumed about the values it read, checked on every call.

A `Source` names where a value was read, as an expression over the call: `A[0]` an argument,
or a step from one of the entry's fixed roots `X` (`X[0]['scale']` a global of the function,
`X[1][0].cell_contents` a closure cell), then `.attr` / `[key]` steps.
`GuardSet.add(source, value, what)` records the checks that reading `value` there needs:
Tensors by type, shape and dtype; numbers, strings and None by type and value; tuples, lists
and dicts by length / keys and then item by item; anything else (functions, modules, Cells,
Parameters, objects) by identity. `GuardSet.compile()` joins them into one Python function
`check(A, X) -> bool`; `GuardSet.failure(A, X)` names the first failing check in words
("argument x: shape (2, 3) -> (3, 3)"), which becomes the recompile reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autodiff.hooks import hooks_of
from ..common import dtype as mstype
from ..common.parameter import Parameter as Weight
from ..common.tensor import Tensor
from .emitter import Mutable

_IMMUTABLE = (int, float, bool, str, bytes, complex, type(None))
_MAX_ITEMS = 64  # containers longer than this are guarded by identity and length only
_MAX_ARRAY = 1 << 20  # NumPy arrays up to this size are guarded by their contents


@dataclass(frozen=True, slots=True)
class Source:
    root: str  # "A" (the call's arguments) or "X" (the entry's fixed roots)
    path: str = ""

    def expr(self, names: dict[str, str] | None = None) -> str:
        root = names[self.root] if names else self.root
        return root + self.path

    def attr(self, name: str) -> Source:
        return Source(self.root, f"{self.path}.{name}")

    def item(self, key: Any) -> Source:
        return Source(self.root, f"{self.path}[{key!r}]")


@dataclass(slots=True)
class _Check:
    text: str  # a Python condition over A, X and the constants
    what: str  # "argument x", "global g", "attribute self.k"
    source: Source
    kind: str  # "type", "value", "shape", "dtype", "len", "keys", "id"
    expected: Any


@dataclass
class GuardSet:
    checks: list[_Check] = field(default_factory=list)
    constants: dict[str, Any] = field(default_factory=dict)
    _seen: set[tuple[str, str]] = field(default_factory=set)

    def const(self, value: Any) -> str:
        name = f"K{len(self.constants)}"
        self.constants[name] = value
        return name

    def _add(self, source: Source, what: str, kind: str, text: str, expected: Any) -> None:
        key = (source.expr(), kind)
        if key in self._seen:
            return
        self._seen.add(key)
        self.checks.append(_Check(text, what, source, kind, expected))

    def add(self, source: Source, value: Any, what: str, depth: int = 0) -> None:
        """The checks reading `value` at `source` needs (recursively into containers)."""
        e = source.expr()
        t = type(value)
        if isinstance(value, Mutable):  # a run-time value: its type (and structure) only
            self._add(source, what, "type", f"type({e}) is {self.const(t)}", t)
            if isinstance(value, (tuple, list, dict)):
                self._add(source, what, "len", f"len({e}) == {len(value)}", len(value))
                items = value.items() if isinstance(value, dict) else enumerate(value)
                for k, v in items:
                    self.add(source.item(k), v, f"{what}[{k!r}]", depth + 1)
            return
        if t is Tensor:
            self._add(source, what, "type", f"type({e}) is Tensor", t)
            shape = tuple(value._data.shape)
            self._add(source, what, "shape", f"{e}._data.shape == {shape!r}", shape)
            self._add(source, what, "dtype", f"{e}._data.dtype == {self.const(value._data.dtype)}",
                      value.dtype)
            return
        if value is None:
            self._add(source, what, "value", f"{e} is None", None)
            return
        if t in _IMMUTABLE:
            k = repr(value) if t in (int, bool, str) else self.const(value)
            self._add(source, what, "type", f"type({e}) is {self.const(t)}", t)
            self._add(source, what, "value", f"{e} == {k}", value)
            return
        if t in (tuple, list) and len(value) <= _MAX_ITEMS and depth < 4:
            self._add(source, what, "type", f"type({e}) is {t.__name__}", t)
            self._add(source, what, "len", f"len({e}) == {len(value)}", len(value))
            for i, v in enumerate(value):
                self.add(source.item(i), v, f"{what}[{i}]", depth + 1)
            return
        if t is dict and len(value) <= _MAX_ITEMS and depth < 4 and \
                all(type(k) in _IMMUTABLE for k in value):
            keys = tuple(value)
            self._add(source, what, "type", f"type({e}) is dict", t)
            self._add(source, what, "keys", f"tuple({e}) == {self.const(keys)}", keys)
            for k, v in value.items():
                self.add(source.item(k), v, f"{what}[{k!r}]", depth + 1)
            return
        if t is np.ndarray and value.size <= _MAX_ARRAY:  # folded as a constant: by contents
            self._add(source, what, "type", f"type({e}) is {self.const(t)}", t)
            self._add(source, what, "value",
                      f"_array_equal({e}, {self.const(value.copy())})", value.copy())
            return
        self._add(source, what, "id", f"{e} is {self.const(value)}", value)
        if t in (list, dict):  # long containers: their length at least
            self._add(source, what, "len", f"len({e}) == {len(value)}", len(value))

    def add_dynamic_tensor(self, source: Source, shape: tuple[int | None, ...], dtype: Any,
                           what: str) -> None:
        """A Tensor whose `None` dims may change (input_signature): rank, fixed dims, dtype."""
        e = source.expr()
        self._add(source, what, "type", f"type({e}) is Tensor", Tensor)
        self._add(source, what, "shape", f"_shape_fits({e}._data.shape, {shape!r})", shape)
        self._add(source, what, "dtype", f"{e}._data.dtype == {self.const(dtype.np_dtype)}",
                  dtype)

    def add_length(self, source: Source, value: Any, what: str) -> None:
        """The length of `value` at `source` (an object iterated while translating: a CellList
        that gains a Cell must be translated again)."""
        self._add(source, what, "len", f"len({source.expr()}) == {len(value)}", len(value))

    def add_hooks(self, source: Source, value: Any, what: str) -> None:
        """The hooks of `value` at `source` (a Tensor's gradient hooks, a Cell's forward and
        forward-pre hooks), by identity: one registered or removed after the capture means
        the graph must be made again (it ran them, or broke at them, as they were)."""
        kind = "tensor hooks" if isinstance(value, Tensor) else "cell hooks"
        hooks = _HOOK_READERS[kind](value)
        self._add(source, what, kind, f"{_HOOK_FN[kind]}({source.expr()}) == "
                  f"{self.const(hooks)}", hooks)

    def add_folded(self, guard: Any) -> None:
        """A constant the AST front end folded while building a @jit function into the graph
        (`infer.guards.Guard`: a global, a closure variable, an attribute): it must still
        hold."""
        name = self.const(guard)
        self._add(Source(name), guard.what, "folded", f"{name}.holds()", guard)

    def add_type(self, source: Source, value: Any, what: str) -> None:
        """Only the type of `value` at `source` (its contents are guarded when read)."""
        t = type(value)
        self._add(source, what, "type", f"type({source.expr()}) is {self.const(t)}", t)

    def compile(self, roots: tuple[Any, ...]) -> Any:
        """One function `check(A) -> bool` (the roots fixed): all checks joined with `and`;
        a check that raises (a guarded global deleted, ...) counts as failed."""
        body = " and ".join(f"({c.text})" for c in self.checks) or "True"
        source = (f"def check(A):\n    try:\n        return {body}\n"
                  "    except Exception:\n        return False\n")
        namespace = dict(self.constants)
        namespace.update(Tensor=Tensor, _array_equal=np.array_equal, _shape_fits=_shape_fits,
                         X=roots, **_HOOK_NAMES)
        exec(compile(source, "<graphc pijit guard>", "exec"), namespace)  # noqa: S102
        fn = namespace["check"]
        fn.source = source
        return fn

    def failure(self, a: tuple[Any, ...], roots: tuple[Any, ...]) -> str | None:
        """The first check that fails for this call, in words; None if all hold."""
        found = self.failing(a, roots)
        return None if found is None else found[1]

    def failing(self, a: tuple[Any, ...], roots: tuple[Any, ...]) -> tuple[_Check, str] | None:
        """The first check that fails for this call and its words."""
        namespace = dict(self.constants)
        namespace.update(Tensor=Tensor, _array_equal=np.array_equal, _shape_fits=_shape_fits,
                         A=a, X=roots, **_HOOK_NAMES)
        for check in self.checks:
            try:
                ok = bool(eval(check.text, namespace))  # noqa: S307  (our own guard text)
            except Exception:
                ok = False
            if not ok:
                return check, _describe(check, namespace)
        return None

    def describe(self) -> list[str]:
        """One line per guarded value: what it is and what it must be."""
        by_what: dict[str, list[str]] = {}
        for c in self.checks:
            if c.kind == "type" and c.expected is Tensor or \
                    c.kind in _HOOK_READERS and not c.expected:  # (no hooks: nothing to say)
                continue
            by_what.setdefault(c.what, []).append(_expected_words(c))
        return [f"{what}: {', '.join(parts)}" for what, parts in by_what.items()]


def _tensor_hooks(t: Any) -> list[Any]:
    return hooks_of(t)


def _cell_hooks(cell: Any) -> list[Any]:
    d = getattr(cell, "__dict__", {})
    pre, post = d.get("_forward_pre_hooks"), d.get("_forward_hooks")
    return [*(pre.values() if pre else ()), *(post.values() if post else ())]


_HOOK_READERS = {"tensor hooks": _tensor_hooks, "cell hooks": _cell_hooks}
_HOOK_FN = {"tensor hooks": "_tensor_hooks", "cell hooks": "_cell_hooks"}
_HOOK_NAMES = {"_tensor_hooks": _tensor_hooks, "_cell_hooks": _cell_hooks}


def _shape_fits(shape: tuple[int, ...], want: tuple[int | None, ...]) -> bool:
    return len(shape) == len(want) and all(w is None or w == d for d, w in zip(shape, want))


def _expected_words(c: _Check) -> str:
    if c.kind == "shape":
        return f"Tensor shape {c.expected}"
    if c.kind == "dtype":
        return f"dtype {c.expected}"
    if c.kind == "type":
        return f"type {getattr(c.expected, '__name__', c.expected)}"
    if c.kind == "len":
        return f"length {c.expected}"
    if c.kind == "keys":
        return f"keys {list(c.expected)}"
    if c.kind == "id":
        return f"is {_short(c.expected)}"
    if c.kind == "folded":
        return f"== {c.expected.value!r}"
    if c.kind in _HOOK_READERS:
        return f"{len(c.expected)} {c.kind.split()[0]} hook(s)"
    return f"== {c.expected!r}"


def _short(value: Any) -> str:
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if name is not None and not isinstance(value, Weight):
        return f"<{type(value).__name__} {name}>"
    if isinstance(value, Weight):
        return f"Parameter {value.name}"
    return f"the same {type(value).__name__} object"


def _describe(check: _Check, namespace: dict[str, Any]) -> str:
    if check.kind == "folded":
        return check.expected.describe_change()
    try:
        now = eval(check.source.expr(), namespace)  # noqa: S307
    except Exception:
        return f"{check.what}: no longer exists"
    if check.kind == "shape":
        return f"{check.what}: shape {check.expected} -> {tuple(now._data.shape)}"
    if check.kind == "dtype":
        return f"{check.what}: dtype {check.expected} -> {mstype.from_numpy(now._data.dtype)}"
    if check.kind == "type":
        return f"{check.what}: type {getattr(check.expected, '__name__', check.expected)} -> " \
               f"{type(now).__name__}"
    if check.kind == "len":
        return f"{check.what}: length {check.expected} -> {len(now)}"
    if check.kind == "keys":
        return f"{check.what}: keys {list(check.expected)} -> {list(now)}"
    if check.kind == "id":
        return f"{check.what}: a different object ({_short(check.expected)} -> {_short(now)})"
    if check.kind in _HOOK_READERS:
        count = len(_HOOK_READERS[check.kind](now))
        change = "registered" if count > len(check.expected) else \
            "removed" if count < len(check.expected) else "replaced"
        noun = "gradient hook" if check.kind == "tensor hooks" else "forward hook"
        return f"{check.what}: a {noun} was {change} after the capture " \
               f"({len(check.expected)} -> {count} hooks)"
    return f"{check.what}: {check.expected!r} -> {now!r}"
