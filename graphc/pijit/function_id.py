"""MindSpore's `_c_expression.function_id(fn)`: one number per function, the same however the
function is reached: through its class or an instance (methods, builtin method descriptors and
slot wrappers), as a classmethod or a staticmethod. PIJit keys what it knows about a callee by
it; for anything else it is `id(fn)`."""

from __future__ import annotations

from types import BuiltinMethodType, MethodType, MethodWrapperType, ModuleType
from typing import Any


def function_id(fn: Any) -> int:
    """The identity of the function `fn` stands for."""
    if isinstance(fn, MethodType):  # bound Python method, or a classmethod bound to its class
        return id(fn.__func__)
    if isinstance(fn, (BuiltinMethodType, MethodWrapperType)):
        owner = getattr(fn, "__self__", None)
        if owner is not None and not isinstance(owner, (type, ModuleType)):
            unbound = getattr(type(owner), fn.__name__, None)
            if unbound is not None:
                return id(unbound)
    return id(fn)
