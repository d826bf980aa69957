"""`jit_class`: mark a user class whose methods compile into graphs (SPEC 1.6).

graphc already parses the methods of user classes into the graph (they are user code), so the
decorator's job is to mark the class (`__ms_class__ = True`, as MindSpore does) and to refuse
what MindSpore refuses: non-classes and `nn.Cell` subclasses.
"""

from __future__ import annotations

from typing import Any


def jit_class(cls: Any) -> Any:
    """Mark `cls` as a jit_class; its subclasses are jit_classes too."""
    if not isinstance(cls, type):
        raise TypeError(f"Decorator jit_class can only be used for class type, but got {cls!r}.")
    if any(c.__name__ == "Cell" and c.__module__.startswith("graphc.nn") for c in cls.__mro__):
        raise TypeError(f"Decorator jit_class is used for user-defined classes and cannot be "
                        f"used for nn.Cell: {cls!r}.")
    cls.__ms_class__ = True
    return cls
