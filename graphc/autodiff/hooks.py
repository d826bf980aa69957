"""Gradient hooks: `Tensor.register_hook(hook)` (and so `Parameter.register_hook`), MindSpore's
way to see or change the gradient that reaches a Tensor.

`hook(grad)` is called with the Tensor's whole gradient (every use summed) when a backward pass
has it; a Tensor result replaces the gradient (what the Tensor's inputs then receive, or what
`grad` returns for an input or a Parameter), `None` keeps it. Several hooks run in the order
they were registered; `register_hook` returns a handle whose `remove()` takes the hook off.
While a graph is built the hook is called through the tracer, so the graph records it (or the
capture breaks there, when it cannot).

Hooks are kept here, by the Tensor's identity (a weak reference: they go with the Tensor).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from ..common.context import active_tracer
from ..common.tensor import Tensor

_HOOKS: dict[int, tuple[weakref.ref[Tensor], list[Callable[[Any], Any]]]] = {}


class HookHandle:
    """What `register_hook` returns: `remove()` takes the hook off its Tensor."""

    __slots__ = ("_key", "_hook")

    def __init__(self, key: int, hook: Callable[[Any], Any]) -> None:
        self._key = key
        self._hook = hook

    def remove(self) -> None:
        entry = _HOOKS.get(self._key)
        if entry is not None and self._hook in entry[1]:
            entry[1].remove(self._hook)


def register_hook(tensor: Tensor, hook: Callable[[Any], Any]) -> HookHandle:
    """`tensor.register_hook(hook)`: `hook(grad)` sees (and may replace) its gradient."""
    if not callable(hook):
        raise TypeError(f"For 'register_hook', the hook must be a function, but got "
                        f"{type(hook).__name__}.")
    key = id(tensor)
    entry = _HOOKS.get(key)
    if entry is None or entry[0]() is not tensor:
        entry = _HOOKS[key] = (weakref.ref(tensor, lambda _, k=key: _HOOKS.pop(k, None)), [])
    entry[1].append(hook)
    return HookHandle(key, hook)


def any_hooks() -> bool:
    """Whether any Tensor has a hook (the backward pass skips the lookups otherwise)."""
    return bool(_HOOKS)


def hooks_of(tensor: Any) -> list[Callable[[Any], Any]]:
    entry = _HOOKS.get(id(tensor)) if _HOOKS else None
    if entry is None or entry[0]() is not tensor:
        return []
    return list(entry[1])


def share_hooks(source: Tensor, alias: Tensor) -> None:
    """`alias` stands for `source` in a backward pass (grad's copy of an input): same hooks."""
    for hook in hooks_of(source):
        register_hook(alias, hook)


def apply_hooks(tensor: Any, grad: Any) -> Any:
    """`grad` after the hooks registered on `tensor`."""
    if not _HOOKS:
        return grad
    for hook in hooks_of(tensor):
        tracer = active_tracer.get()
        out = tracer.call(hook, (grad,), {}) if tracer is not None else hook(grad)
        if out is not None:
            grad = out
    return grad


def install() -> None:
    """Give Tensor (and so Parameter) its `register_hook` method."""
    Tensor.register_hook = register_hook  # type: ignore[attr-defined]
