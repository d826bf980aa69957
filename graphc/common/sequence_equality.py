"""How MindSpore 2.10's graphs compare the items of a tuple or list that holds Tensors: for
`value in items`, `items.count(value)` and `items.index(value)`.

Python would call `bool(tensor == other)`, which is ambiguous for a Tensor of several elements.
MindSpore's graphs instead treat two Tensors as equal when they have the same shape, the same
dtype and the same values, and a Tensor as never equal to a non-Tensor; `value in items` of a
Tensor gives a bool Tensor. Tuples and lists compare item by item (a tuple never equals a
list), NumPy arrays by shape and values; everything else as Python does.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .tensor import Tensor


def items_equal(a: Any, b: Any) -> bool:
    """Whether `a` and `b` are equal as MindSpore's graphs compare sequence items."""
    if a is b:
        return True
    a_tensor, b_tensor = isinstance(a, Tensor), isinstance(b, Tensor)
    if a_tensor or b_tensor:
        if not (a_tensor and b_tensor):
            return False
        return a.shape == b.shape and a.dtype == b.dtype and \
            bool(np.array_equal(a.asnumpy(), b.asnumpy()))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        left, right = np.asarray(a), np.asarray(b)
        return left.shape == right.shape and bool(np.array_equal(left, right))
    if type(a) in (tuple, list) or type(b) in (tuple, list):
        return type(a) is type(b) and len(a) == len(b) and \
            all(items_equal(x, y) for x, y in zip(a, b))
    return bool(a == b)


def holds_arrays(items: Any) -> bool:
    """Whether the tuple or list `items` holds a Tensor or an array anywhere inside, the case
    where MindSpore's comparison differs from Python's."""
    stack = [items]
    while stack:
        item = stack.pop()
        if type(item) in (tuple, list):
            stack.extend(item)
        elif isinstance(item, (Tensor, np.ndarray)):
            return True
    return False


def sequence_contains(value: Any, items: Any) -> Any:
    """`value in items`: for a Tensor `value` in a tuple or list, a bool Tensor saying whether
    an item is a Tensor equal to it; otherwise Python's `in`."""
    if isinstance(value, Tensor) and type(items) in (tuple, list):
        return Tensor(np.bool_(any(items_equal(value, item) for item in items)))
    return value in items


def sequence_count(items: Any, value: Any) -> int:
    """`items.count(value)` with MindSpore's comparison of items."""
    return sum(1 for item in items if items_equal(item, value))


def sequence_index(items: Any, value: Any, start: int = 0, stop: int | None = None) -> int:
    """`items.index(value[, start[, stop]])` with MindSpore's comparison of items; Python's
    ValueError when no item is equal."""
    n = len(items)
    lo, hi, _ = slice(start, stop).indices(n)
    for i in range(lo, hi):
        if items_equal(items[i], value):
            return i
    if type(items) is tuple:
        raise ValueError("tuple.index(x): x not in tuple")
    raise ValueError(f"{value!r} is not in list")
