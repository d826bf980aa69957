"""What the op modules define, sorted the way MindSpore's layout sorts it: functional ops
(`mindspore.ops.functional`) and primitive classes (`mindspore.ops.operations`)."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from .primitive import Primitive


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
