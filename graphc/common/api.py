"""MindSpore's `mindspore.common.api`: `jit`, `jit_class` and `JitConfig` (graphc's compiler
entry points; they live in `graphc.runtime`, above `common`, and the public layer
`graphc.layout` puts them here), `mutable`, `_no_grad`, and the `Tensor` and `Parameter`
classes."""

from __future__ import annotations

from contextvars import Token
from typing import Any

from .context import active_tapes
from .mutable_input import mutable
from .parameter import Parameter
from .tensor import Tensor


class _no_grad:  # noqa: N801  (MindSpore's spelling)
    """MindSpore's `_no_grad()`: in the `with` block no gradient is recorded, so what it
    computes is a constant to an enclosing `grad` (PyNative; graphs read it as plain code)."""

    __slots__ = ("_token",)

    def __init__(self) -> None:
        self._token: Token[tuple[Any, ...]] | None = None

    def __enter__(self) -> _no_grad:
        self._token = active_tapes.set(())
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._token is not None:
            active_tapes.reset(self._token)
            self._token = None


# (and jit, jit_class, JitConfig: graphc.layout)
# the public name graphc's own modules use
NoGrad = _no_grad

__all__ = ["NoGrad", "Parameter", "Tensor", "_no_grad", "mutable"]
