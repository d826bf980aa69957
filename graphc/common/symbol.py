"""MindSpore's `Symbol`: a dynamic dimension with what is known about it (`min`, `max` (0: no
bound), sizes `divisor * k + remainder`, `unique`), written into an `input_signature` Tensor's
shape, `Tensor(shape=(Symbol(max=10), None))`. graphc compiles such a dim as any dynamic dim;
the Symbol's facts are checked when it is made, and `check_symbolic_shapes` checks the actual
inputs of a call against them (min, max, divisor and remainder, one value for a unique Symbol),
with MindSpore's messages (a ValueError)."""

from __future__ import annotations

from typing import Any


class Symbol:
    """`Symbol(max=0, min=1, divisor=1, remainder=0, unique=False)`."""

    __slots__ = ("max", "min", "divisor", "remainder", "unique")

    def __init__(self, max: int = 0, min: int = 1, divisor: int = 1,  # noqa: A002
                 remainder: int = 0, unique: bool = False) -> None:
        for name, value in (("max", max), ("min", min), ("divisor", divisor),
                            ("remainder", remainder)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"For 'Symbol', the argument '{name}' must be int, but got "
                                f"{type(value)}")
        if not isinstance(unique, bool):
            raise TypeError(f"For 'Symbol', the argument 'unique' must be bool, but got "
                            f"{type(unique)}")
        if min <= 0:
            raise ValueError(f"For 'Symbol', the 'min' value should be positive, but got {min}")
        if divisor <= 0:
            raise ValueError(f"For 'Symbol', the 'divisor' value should be positive, but got "
                             f"{divisor}")
        if not 0 <= remainder < divisor:
            raise ValueError(f"For 'Symbol', the 'remainder' value should be in the range "
                             f"'[0, {divisor})', but got {remainder}")
        self.max, self.min, self.divisor, self.remainder, self.unique = \
            max, min, divisor, remainder, unique

    def __str__(self) -> str:
        facts: dict[str, Any] = {}
        if self.max > 0:
            facts["max"] = self.max
        if self.min != 1:
            facts["min"] = self.min
        if self.divisor != 1:
            facts["divisor"] = self.divisor
        if self.remainder:
            facts["remainder"] = self.remainder
        if self.unique:
            facts["unique"] = True
        return str(facts)


def _has_symbols(spec: Any) -> bool:
    if isinstance(spec, (tuple, list)):
        return any(_has_symbols(s) for s in spec)
    return getattr(getattr(spec, "_data", None), "symbols", None) is not None


def signature_has_symbols(signature: Any) -> bool:
    """Whether an `input_signature` (a placeholder Tensor or a nested tuple of them) holds a
    Symbol dim, i.e. whether calls must be checked with `check_symbolic_shapes`."""
    return signature is not None and _has_symbols(signature)


def check_symbolic_shapes(signature: tuple[Any, ...], args: tuple[Any, ...]) -> None:
    """ValueError (MindSpore's words) when an argument's dim breaks its Symbol's facts."""
    unique: dict[int, int] = {}
    for k, (spec, arg) in enumerate(zip(signature, args)):
        _check_one(spec, arg, k + 1, unique)


def _check_one(spec: Any, arg: Any, k: int, unique: dict[int, int]) -> None:
    if isinstance(spec, (tuple, list)):
        if isinstance(arg, (tuple, list)):
            for s, a in zip(spec, arg):
                _check_one(s, a, k, unique)
        return
    symbols = getattr(getattr(spec, "_data", None), "symbols", None)
    shape = getattr(getattr(arg, "_data", None), "shape", None)
    if symbols is None or shape is None or len(shape) != len(symbols):
        return
    for axis, (sym, value) in enumerate(zip(symbols, shape)):
        if sym is None:
            continue
        where = f"The {axis + 1}th shape value of {k}th actual input args"
        tail = f" Actual shape: {list(shape)}, axis: {axis}. Pass an input whose shape " \
               f"fits the input_signature's Symbol {sym}, or change the Symbol."
        if sym.max > 0 and value > sym.max:
            raise ValueError(f"{where} must be less than or equal to the 'max' value "
                             f"'{sym.max}' of `Symbol`, but got '{value}'.{tail}")
        if value < sym.min:
            raise ValueError(f"{where} must be greater than or equal to the 'min' value "
                             f"'{sym.min}' of `Symbol`, but got '{value}'.{tail}")
        if value % sym.divisor != sym.remainder:
            raise ValueError(f"{where} must match the 'divisor'(d) and 'remainder'(d) of "
                             f"`Symbol`. The value should be 'd * N + r' for 'N > 0', got "
                             f"d={sym.divisor} and r={sym.remainder}, but actual shape value "
                             f"is '{value}'.{tail}")
        if sym.unique:
            first = unique.setdefault(id(sym), value)
            if first != value:
                raise ValueError(f"{where} is a unique symbol, all values must be the same. "
                                 f"The previous value is {first}, but the current value is "
                                 f"{value}.{tail}")
