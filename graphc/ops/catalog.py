"""What the op modules define, sorted the way MindSpore's layout sorts it: functional ops
(`mindspore.ops.functional`) and primitive classes (`mindspore.ops.operations`); and the
primitive classes and Tensor methods derived from the primitives' spellings (`primitive.spell`).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from .primitive import SPELLINGS, Primitive, PrimitiveOp


def defined_names(module: ModuleType) -> dict[str, Any]:
    """The functions and classes `module` defines (not imports), by name: public names only,
    and no all-capitals constants (a class such as `IOU` is kept)."""
    return {
        name: value for name, value in vars(module).items()
        if not name.startswith("_") and callable(value)
        and (isinstance(value, type) or not name.isupper())
        and getattr(value, "__module__", None) == module.__name__
    }


def functional_ops(modules: Iterable[ModuleType]) -> dict[str, Any]:
    """The functions the modules define, by name."""
    return {name: value for module in modules for name, value in defined_names(module).items()
            if inspect.isfunction(value)}


def primitive_classes(modules: Iterable[ModuleType]) -> dict[str, type]:
    """The primitive classes (subclasses of `Primitive`) the modules define, by name."""
    return {name: value for module in modules for name, value in defined_names(module).items()
            if isinstance(value, type) and issubclass(value, Primitive)}


def install_spellings(namespace: dict[str, Any]) -> None:
    """Build the spellings of the primitives whose functional op `namespace` (an op module's
    globals, at its end) defines: each primitive class becomes a global of the module, each
    Tensor method an entry of its `TENSOR_METHODS` (`tensor_methods.install` attaches them)."""
    module = namespace["__name__"]
    methods = namespace.setdefault("TENSOR_METHODS", {})
    for name, spelling in SPELLINGS.items():
        fn = namespace.get(name)
        if not (inspect.isfunction(fn) and fn.__module__ == module):
            continue
        for cls in spelling.classes:
            if cls in namespace:
                raise RuntimeError(f"{module}.{cls} is both defined and spelled for {name!r}")
            namespace[cls] = _primitive_class(cls, fn, module)
        for method in spelling.methods:
            if method in methods:
                raise RuntimeError(f"Tensor.{method} is listed in {module} and spelled for "
                                   f"{name!r}")
            methods[method] = fn


def _primitive_class(name: str, fn: Any, module: str) -> type:
    params = ", ".join(p.name for p in inspect.signature(fn).parameters.values()
                       if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                       and p.default is p.empty)
    summary = (fn.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    doc = f"`ops.{name}()({params})`" + (f": {summary}" if summary else ".")
    return type(name, (PrimitiveOp,), {"fn": staticmethod(fn), "__doc__": doc,
                                       "__module__": module, "__qualname__": name})
