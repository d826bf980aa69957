"""`items.count(value)` and `items.index(value)` on a tuple or list that holds Tensors, inside
graphs, with Python's answer (as PyNative gives it, which graphc gives in both modes).

Python compares each item with `value` by identity first, then by `bool(item == value)`: a
Tensor is equal to itself, and comparing two different Tensors of several elements is
ambiguous (ValueError), of one element compares values. Graphs evaluate these calls while they
are built, on the graph values themselves, so an item that is the same value as `value` is
found, as it is in Python; a run-time call would see fresh Tensor objects.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .tensor import Tensor


def items_equal(a: Any, b: Any) -> bool:
    """Python's `a == b` as a sequence method compares items: identity, then equality
    (tuples and lists item by item, a tuple never equal to a list)."""
    if a is b:
        return True
    if type(a) in (tuple, list) or type(b) in (tuple, list):
        return type(a) is type(b) and len(a) == len(b) and \
            all(items_equal(x, y) for x, y in zip(a, b))
    return bool(a == b)


def holds_arrays(items: Any) -> bool:
    """Whether the tuple or list `items` holds a Tensor or an array anywhere inside."""
    stack = [items]
    while stack:
        item = stack.pop()
        if type(item) in (tuple, list):
            stack.extend(item)
        elif isinstance(item, (Tensor, np.ndarray)):
            return True
    return False


def sequence_count(items: Any, value: Any) -> int:
    """`items.count(value)` with Python's comparison of items."""
    return sum(1 for item in items if items_equal(item, value))


def sequence_index(items: Any, value: Any, start: int = 0, stop: int | None = None) -> int:
    """`items.index(value[, start[, stop]])` with Python's comparison of items; Python's
    ValueError when no item is equal."""
    n = len(items)
    lo, hi, _ = slice(start, stop).indices(n)
    for i in range(lo, hi):
        if items_equal(items[i], value):
            return i
    if type(items) is tuple:
        raise ValueError("tuple.index(x): x not in tuple")
    raise ValueError(f"{value!r} is not in list")
