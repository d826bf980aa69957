"""MindSpore's private `mindspore._extends`, as far as programs written for MindSpore import
it: `parse.compile_config` (the graph compiler's settings) and `cell_attr_register`."""

from __future__ import annotations

import functools
import inspect
from typing import Any

from . import parse


def cell_attr_register(fn: Any = None, attrs: Any = None) -> Any:
    """MindSpore's decorator for a Cell's `__init__`: records the arguments it was called with
    as `cell_init_args` (a string naming the class and the arguments, as MindSpore keys cells
    by it), then runs `__init__`. `@cell_attr_register` and `@cell_attr_register(attrs=...)`
    both work."""

    def decorate(init: Any) -> Any:
        signature = inspect.signature(init)

        @functools.wraps(init)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(self, *args, **kwargs)
            recorded = {k: v for k, v in list(bound.arguments.items())[1:]
                        if attrs is None or k in attrs}
            result = init(self, *args, **kwargs)
            object.__setattr__(self, "cell_init_args", f"{type(self).__name__}{recorded}")
            return result

        return wrapper

    return decorate(fn) if fn is not None else decorate


__all__ = ["cell_attr_register", "parse"]
