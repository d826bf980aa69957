"""MindSpore's `Symbol`: a dynamic dimension with what is known about it (`min`, `max` (0: no
bound), sizes `divisor * k + remainder`, `unique`), written into an `input_signature` Tensor's
shape, `Tensor(shape=(Symbol(max=10), None))`. graphc compiles such a dim as any dynamic dim;
the Symbol's facts are checked when it is made, with MindSpore's messages."""

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
