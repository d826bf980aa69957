"""What the op modules define, sorted the way MindSpore's layout sorts it: functional ops
(`mindspore.ops.functional`) and primitive classes (`mindspore.ops.operations`)."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from .primitive import Primitive


def _defined(module: ModuleType) -> dict[str, Any]:
    return {
        name: value for name, value in vars(module).items()
        if not name.startswith("_") and not name.isupper() and callable(value)
        and getattr(value, "__module__", None) == module.__name__
    }


def functional_ops(modules: Iterable[ModuleType]) -> dict[str, Any]:
    """The functions the modules define, by name."""
    return {name: value for module in modules for name, value in _defined(module).items()
            if inspect.isfunction(value)}


def primitive_classes(modules: Iterable[ModuleType]) -> dict[str, type]:
    """The primitive classes (subclasses of `Primitive`) the modules define, by name."""
    return {name: value for module in modules for name, value in _defined(module).items()
            if isinstance(value, type) and issubclass(value, Primitive)}
