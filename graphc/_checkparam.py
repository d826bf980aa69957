"""MindSpore's `mindspore._checkparam` (`from mindspore import _checkparam as validator`): the
argument checks MindSpore's layers and model code call, with MindSpore's messages and
exception types (TypeError for a wrong type, ValueError for a value out of range). `rel`
arguments are the relation constants `EQ`, `NE`, `LT`, `LE`, `GT`, `GE` and, for ranges,
`INC_NEITHER`, `INC_LEFT`, `INC_RIGHT`, `INC_BOTH`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

EQ, NE, LT, LE, GT, GE = 1, 2, 3, 4, 5, 6
INC_NEITHER, INC_LEFT, INC_RIGHT, INC_BOTH = 7, 8, 9, 10
IN, NOT_IN = 11, 12

# Each relation: (its symbol in messages, the test of `value rel limit`).
_RELATIONS: dict[int, tuple[str, Callable[[Any, Any], bool]]] = {
    EQ: ("=", lambda a, b: a == b), NE: ("!=", lambda a, b: a != b),
    LT: ("<", lambda a, b: a < b), LE: ("<=", lambda a, b: a <= b),
    GT: (">", lambda a, b: a > b), GE: (">=", lambda a, b: a >= b),
}
# Each range: (left bracket, right bracket, the test of `low rel value rel high`).
_RANGES: dict[int, tuple[str, str, Callable[[Any, Any, Any], bool]]] = {
    INC_NEITHER: ("(", ")", lambda v, lo, hi: lo < v < hi),
    INC_LEFT: ("[", ")", lambda v, lo, hi: lo <= v < hi),
    INC_RIGHT: ("(", "]", lambda v, lo, hi: lo < v <= hi),
    INC_BOTH: ("[", "]", lambda v, lo, hi: lo <= v <= hi),
}


def _subject(arg_name: str | None, prim_name: str | None) -> str:
    """"For 'Op', the 'x'" / "The 'x'" / "The input value", as MindSpore words it."""
    arg = f"the '{arg_name}'" if arg_name else "the input value"
    return f"For '{prim_name}', {arg}" if prim_name else arg[0].upper() + arg[1:]


def _relation(rel: int) -> tuple[str, Callable[[Any, Any], bool]]:
    if rel not in _RELATIONS:
        raise ValueError(f"The relation must be one of EQ, NE, LT, LE, GT, GE, but got {rel!r}.")
    return _RELATIONS[rel]


def _range(rel: int) -> tuple[str, str, Callable[[Any, Any, Any], bool]]:
    if rel not in _RANGES:
        raise ValueError("The range relation must be one of INC_NEITHER, INC_LEFT, INC_RIGHT, "
                         f"INC_BOTH, but got {rel!r}.")
    return _RANGES[rel]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_compared(kind: str, is_kind: Callable[[Any], bool], arg_value: Any, value: Any,
                    rel: int, arg_name: str | None, prim_name: str | None) -> Any:
    symbol, holds = _relation(rel)
    subject = _subject(arg_name, prim_name)
    if not is_kind(arg_value):
        if kind == "float" or isinstance(arg_value, bool):
            detail = (f", but got '{type(arg_value).__name__}'" if kind == "float" else
                      f" and must {symbol} {value}, but got '{arg_value}' with type 'bool'.")
            raise TypeError(f"{subject} must be {kind}{detail}")
        raise TypeError(f"{subject} must be {kind} and must {symbol} {value}, but got "
                        f"'{arg_value}' with type '{type(arg_value).__name__}'.")
    if not holds(arg_value, value):
        raise ValueError(f"{subject} must be {kind} and must {symbol} {value}, but got "
                         f"'{arg_value}' with type '{type(arg_value).__name__}'.")
    return arg_value


def check_int(arg_value: Any, value: int, rel: int, arg_name: str | None = None,
              prim_name: str | None = None) -> int:
    """`arg_value` is an int with `arg_value rel value`."""
    return _check_compared("int", _is_int, arg_value, value, rel, arg_name, prim_name)


def check_positive_int(arg_value: Any, arg_name: str | None = None,
                       prim_name: str | None = None) -> int:
    return check_int(arg_value, 0, GT, arg_name, prim_name)


def check_non_negative_int(arg_value: Any, arg_name: str | None = None,
                           prim_name: str | None = None) -> int:
    return check_int(arg_value, 0, GE, arg_name, prim_name)


def check_negative_int(arg_value: Any, arg_name: str | None = None,
                       prim_name: str | None = None) -> int:
    return check_int(arg_value, 0, LT, arg_name, prim_name)


def check_equal_int(arg_value: Any, value: int, arg_name: str | None = None,
                    prim_name: str | None = None) -> int:
    return check_int(arg_value, value, EQ, arg_name, prim_name)


def check_float(arg_value: Any, value: float, rel: int, arg_name: str | None = None,
                prim_name: str | None = None) -> float:
    """`arg_value` is a float with `arg_value rel value`."""
    return _check_compared("float", lambda v: isinstance(v, float), arg_value, value, rel,
                           arg_name, prim_name)


def check_positive_float(arg_value: Any, arg_name: str | None = None,
                         prim_name: str | None = None) -> float:
    return check_float(arg_value, 0, GT, arg_name, prim_name)


def check_non_negative_float(arg_value: Any, arg_name: str | None = None,
                             prim_name: str | None = None) -> float:
    return check_float(arg_value, 0, GE, arg_name, prim_name)


def _check_in_range(kind: str, is_kind: Callable[[Any], bool], arg_value: Any,
                    lower_limit: Any, upper_limit: Any, rel: int, arg_name: str | None,
                    prim_name: str | None) -> Any:
    left, right, holds = _range(rel)
    subject = _subject(arg_name, prim_name)
    if not is_kind(arg_value):
        raise TypeError(f"{subject} must be {kind}, but got '{type(arg_value).__name__}'.")
    if not holds(arg_value, lower_limit, upper_limit):
        raise ValueError(f"{subject} must be in range of {left}{lower_limit}, {upper_limit}"
                         f"{right}, but got {arg_value} with type "
                         f"'{type(arg_value).__name__}'.")
    return arg_value


def check_int_range(arg_value: Any, lower_limit: int, upper_limit: int, rel: int,
                    arg_name: str | None = None, prim_name: str | None = None) -> int:
    """`arg_value` is an int in the range `rel` of [lower_limit, upper_limit]."""
    return _check_in_range("int", _is_int, arg_value, lower_limit, upper_limit, rel, arg_name,
                           prim_name)


def check_float_range(arg_value: Any, lower_limit: float, upper_limit: float, rel: int,
                      arg_name: str | None = None, prim_name: str | None = None) -> float:
    """`arg_value` is a number (not bool) in the range `rel` of [lower_limit, upper_limit]."""
    return _check_in_range("float", lambda v: isinstance(v, (int, float))
                           and not isinstance(v, bool), arg_value, lower_limit, upper_limit,
                           rel, arg_name, prim_name)


def check_number(arg_name: str, arg_value: Any, value: Any, rel: int,
                 prim_name: str | None = None) -> Any:
    """`arg_value rel value` for a number."""
    symbol, holds = _relation(rel)
    if not holds(arg_value, value):
        where = f"For '{prim_name}', the" if prim_name else "The"
        raise ValueError(f"{where} argument '{arg_name}' must {symbol} {value}, but got "
                         f"{arg_value}.")
    return arg_value


def check_bool(arg_value: Any, arg_name: str | None = None,
               prim_name: str | None = None) -> bool:
    if not isinstance(arg_value, bool):
        raise TypeError(f"{_subject(arg_name, prim_name)} must be a bool, but got "
                        f"{type(arg_value).__name__}.")
    return arg_value


def check_is_int(arg_value: Any, arg_name: str | None = None,
                 prim_name: str | None = None) -> int:
    if not _is_int(arg_value):
        raise TypeError(f"{_subject(arg_name, prim_name)} must be 'int', but got "
                        f"'{type(arg_value).__name__}'.".replace(" the '", " the type of '", 1))
    return arg_value


def check_is_float(arg_value: Any, arg_name: str | None = None,
                   prim_name: str | None = None) -> float:
    if not isinstance(arg_value, float):
        raise TypeError(f"{_subject(arg_name, prim_name)} must be 'float', but got "
                        f"'{type(arg_value).__name__}'.".replace(" the '", " the type of '", 1))
    return arg_value


def check_string(arg_value: Any, valid_values: Iterable[str], arg_name: str | None = None,
                 prim_name: str | None = None) -> str:
    valid = list(valid_values)
    if not isinstance(arg_value, str) or arg_value not in valid:
        raise ValueError(f"{_subject(arg_name, prim_name)} must be str and must be in "
                         f"'{valid}', but got '{arg_value}'.")
    return arg_value


def check_value_type(arg_name: str, arg_value: Any, valid_types: Any,
                     prim_name: str | None = None) -> Any:
    """`arg_value` is an instance of one of `valid_types` (a bool is not an int here)."""
    types = tuple(valid_types) if isinstance(valid_types, (list, tuple)) else (valid_types,)
    ok = isinstance(arg_value, types) and not (isinstance(arg_value, bool)
                                               and bool not in types)
    if not ok:
        names = [t.__name__ for t in types]
        where = f"For '{prim_name}', the" if prim_name else "The"
        wanted = f"'{names[0]}'" if len(names) == 1 else f"one of '{names}'"
        raise TypeError(f"{where} type of '{arg_name}' should be {wanted}, but got type "
                        f"'{type(arg_value).__name__}'.")
    return arg_value


def check_isinstance(arg_name: str, arg_value: Any, classes: Any) -> Any:
    if not isinstance(arg_value, classes):
        raise ValueError(f"The parameter '{arg_name}' must be isinstance of {classes}, but got "
                         f"{arg_value}.")
    return arg_value
