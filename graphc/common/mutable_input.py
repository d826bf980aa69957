"""`mutable(value)`: mark a Python scalar or container argument as a run-time input.

A compiled function treats Python scalars, tuples, lists and dicts among its arguments as
compile-time constants (SPEC 1.8): a new value recompiles. Wrapped by `mutable`, they are read
at run time instead, so one graph serves every value. In PyNative the wrapped values behave
exactly like the originals (they are subclasses of int, float, tuple, list and dict).
"""

from __future__ import annotations

from typing import Any

from .tensor import Tensor


class Mutable:
    """Marks a value as a run-time input of compiled functions."""

    __slots__ = ()


class MutableInt(int, Mutable):
    __slots__ = ()


class MutableFloat(float, Mutable):
    __slots__ = ()


class MutableTuple(tuple, Mutable):
    __slots__ = ()


class MutableList(list, Mutable):
    __slots__ = ()


class MutableDict(dict, Mutable):
    __slots__ = ()


class DynamicLengthTuple(MutableTuple):
    """`mutable(tuple, dynamic_len=True)`: a tuple whose length, too, is read at run time."""

    __slots__ = ()


class DynamicLengthList(MutableList):
    """`mutable(list, dynamic_len=True)`: a list whose length, too, is read at run time."""

    __slots__ = ()


def mutable(input_data: Any, dynamic_len: bool = False) -> Any:
    """`input_data` marked as a run-time input (a Tensor is returned as it is). With
    `dynamic_len=True` (a tuple or list only) its length is a run-time matter too: at LAX one
    graph serves every length, the sequence being passed to the graph as the Python object."""
    if dynamic_len:
        if isinstance(input_data, (DynamicLengthTuple, DynamicLengthList)):
            return input_data
        if isinstance(input_data, tuple):
            return DynamicLengthTuple(input_data)
        if isinstance(input_data, list):
            return DynamicLengthList(input_data)
        raise TypeError("For 'mutable', when the variable_len is True, the first input should "
                        f"be list or tuple, but got: {type(input_data).__name__}")
    if isinstance(input_data, (Tensor, Mutable)):
        return input_data
    if isinstance(input_data, bool):
        raise TypeError("For 'mutable', a bool cannot be made mutable yet; pass a Tensor "
                        "(graphc.Tensor(flag)) instead.")
    if isinstance(input_data, int):
        return MutableInt(input_data)
    if isinstance(input_data, float):
        return MutableFloat(input_data)
    if isinstance(input_data, tuple):
        return MutableTuple(mutable(v) for v in input_data)
    if isinstance(input_data, list):
        return MutableList(mutable(v) for v in input_data)
    if isinstance(input_data, dict):
        return MutableDict({k: mutable(v) for k, v in input_data.items()})
    raise TypeError(f"For 'mutable', the input must be a Tensor, a number, or a tuple, list or "
                    f"dict of them, but got {type(input_data).__name__}.")
