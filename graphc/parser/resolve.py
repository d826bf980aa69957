"""Name resolution and the classification of what a compiled function refers to.

Names resolve as Python resolves them: locals, then the function's closure cells, then its
module's globals, then builtins. A callable found this way is *user code* (its source is parsed
into the graph), *framework* code (graphc itself: called while the graph is built, which records
its primitives), or *third-party* (NumPy, SciPy, the standard library: called at compile time
when its inputs are constants, otherwise a JIT Fallback matter) — SPEC 3.1.
"""

from __future__ import annotations

import builtins
import enum
import os
import sys
import sysconfig
from types import BuiltinFunctionType, FunctionType, ModuleType
from typing import Any

from ..common import compile_options

_MISSING = object()
_STDLIB = os.path.normcase(sysconfig.get_paths()["stdlib"])
_FRAMEWORK_TOPS = frozenset({"graphc", "mindspore"})


class Origin(enum.Enum):
    """Where a function comes from, which decides how a graph treats a call to it."""

    USER = "user code: parsed into the graph"
    FRAMEWORK = "graphc: its primitives are recorded into the graph"
    THIRD_PARTY = "a third-party or standard-library function: runs in Python"


def lookup_global(fn: FunctionType, name: str) -> Any:
    """`name` in `fn`'s closure cells, globals, or builtins; `_MISSING` if none has it."""
    code = fn.__code__
    if fn.__closure__ and name in code.co_freevars:
        cell = fn.__closure__[code.co_freevars.index(name)]
        try:
            return cell.cell_contents
        except ValueError:
            return _MISSING
    value = fn.__globals__.get(name, _MISSING)
    if value is _MISSING:
        value = getattr(builtins, name, _MISSING)
    return value


MISSING = _MISSING


def module_origin(module_name: str | None) -> Origin:
    """Classify a module by its top-level package (SPEC 3.1)."""
    if not module_name:
        return Origin.USER
    top = module_name.split(".", 1)[0]
    if top in _FRAMEWORK_TOPS:
        return Origin.FRAMEWORK
    options = compile_options.current()
    origin = options.origins.get(top)
    if origin is None:
        origin = options.origins[top] = top_module_origin(top, options)
    return origin


def top_module_origin(top: str, options: compile_options.CompileOptions) -> Origin:
    """The origin of the top-level module `top` under `options` (uncached)."""
    if top in options.ignore_modules:
        return Origin.THIRD_PARTY
    if top in options.jit_modules:
        return Origin.USER
    if top in sys.builtin_module_names or top == "builtins":
        return Origin.THIRD_PARTY
    module = sys.modules.get(top)
    path = getattr(module, "__file__", None)
    if module is None or path is None:
        return Origin.USER
    path = os.path.normcase(os.path.abspath(path))
    parts = path.split(os.sep)
    if "site-packages" in parts or "dist-packages" in parts:
        return Origin.THIRD_PARTY
    if path.startswith(_STDLIB):
        return Origin.THIRD_PARTY
    return Origin.USER


def origin_of(value: Any) -> Origin:
    """The origin of a function, method or class."""
    if isinstance(value, ModuleType):
        return module_origin(value.__name__)
    if isinstance(value, BuiltinFunctionType):
        return module_origin(getattr(value, "__module__", None) or "builtins")
    return module_origin(getattr(value, "__module__", None))
