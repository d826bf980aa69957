"""The keyword attributes each primitive of the table takes, and checks of attribute values.

A primitive's attributes are read from its own functions, not listed by hand: the keyword-only
parameters of `infer`, and of `impl` when `infer` takes `**attrs` (a NumPy ufunc's keywords
are not attributes). A primitive whose functions both take `**attrs` declares them with
`PrimitiveDef.attrs`: a function whose keyword parameters are the attributes, the name of the
primitive whose attributes they are (a gradient takes its forward op's), or a tuple of those.

Each attribute gets a *kind* from its annotation (`int`, `tuple[int, ...]`, `mstype.DType`...)
or its default's type; unannotated ones are `const`, any constant a graph can hold (`None`,
bools, numbers, strings, dtypes, tuples of them, bounded in size and depth). A value is checked
against its kind's rule in `KIND_CHECKS`, iteratively (no recursion on a deep value). The
primitive's `infer` then checks ranges when a loaded graph is checked as a whole.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..common import dtype as mstype
from ..common.safe_read import FileFormatError
from .primitive import PRIMITIVES, PrimitiveDef

MAX_CONST_ITEMS = 1_000_000
MAX_CONST_DEPTH = 16
MAX_STR = 4096
_INT64 = 2**63


@dataclass(frozen=True, slots=True)
class AttrSpec:
    """One attribute of a primitive: its kind (a key of `KIND_CHECKS`) and whether every node
    of the primitive must have it."""

    kind: str
    required: bool


def _is_int(v: Any) -> bool:
    return type(v) is int and -_INT64 <= v < _INT64


def _is_number(v: Any) -> bool:
    return _is_int(v) or (type(v) is float and not math.isnan(v))


def _is_ints(v: Any) -> bool:
    return type(v) is tuple and len(v) <= MAX_CONST_ITEMS and all(_is_int(x) for x in v)


def _is_const(v: Any) -> bool:
    """A constant of bounded size and depth, checked without recursion."""
    stack, count = [(v, 0)], 0
    while stack:
        x, depth = stack.pop()
        count += 1
        if count > MAX_CONST_ITEMS or depth > MAX_CONST_DEPTH:
            return False
        if type(x) in (tuple, list):
            stack.extend((y, depth + 1) for y in x)
        elif not (x is None or type(x) is bool or _is_number(x) or type(x) is float
                  or (type(x) is str and len(x) <= MAX_STR) or isinstance(x, mstype.DType)):
            return False
    return True


# kind -> (the rule a value must pass, what the rule asks for in an error message)
KIND_CHECKS: Mapping[str, tuple[Callable[[Any], bool], str]] = {
    "bool": (lambda v: type(v) is bool, "a bool"),
    "int": (_is_int, "a 64-bit int"),
    "float": (_is_number, "a number"),
    "str": (lambda v: type(v) is str and len(v) <= MAX_STR, "a string"),
    "dtype": (lambda v: isinstance(v, mstype.DType), "a dtype"),
    "ints": (_is_ints, "a tuple of ints"),
    "int?": (lambda v: v is None or _is_int(v), "an int or None"),
    "ints?": (lambda v: v is None or _is_ints(v), "a tuple of ints or None"),
    "const": (_is_const, "a constant (None, bool, number, string, dtype or a tuple of them)"),
}

_ANNOTATION_KINDS = {
    "bool": "bool", "int": "int", "float": "float", "int | float": "float", "str": "str",
    "mstype.DType": "dtype", "tuple[int, ...]": "ints", "int | None": "int?",
    "tuple[int, ...] | None": "ints?",
}
_DEFAULT_KINDS = {bool: "bool", int: "int", float: "float", str: "str"}


def _kind(p: inspect.Parameter) -> str:
    annotation = p.annotation
    if isinstance(annotation, str) and annotation in _ANNOTATION_KINDS:
        return _ANNOTATION_KINDS[annotation]
    if p.default is not p.empty and type(p.default) in _DEFAULT_KINDS:
        return _DEFAULT_KINDS[type(p.default)]
    return "const"


def _keywords(fn: Any, declaration: bool = False) -> tuple[dict[str, AttrSpec], bool] | None:
    """The keyword attributes `fn`'s signature names, and whether it also takes `**attrs`;
    None when it has no Python signature. A declaration function's attributes are its
    keyword-only parameters, or its named parameters when it has no keyword-only ones."""
    fn = inspect.unwrap(fn) if callable(fn) else fn  # through functools.cache and the like
    if not inspect.isfunction(fn):
        return None
    params = list(inspect.signature(fn).parameters.values())
    kinds: list[Any] = [inspect.Parameter.KEYWORD_ONLY]
    if declaration and not any(p.kind in kinds for p in params):
        kinds.append(inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = {p.name: AttrSpec(_kind(p), p.default is p.empty)
             for p in params if p.kind in kinds}
    return names, any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


def _declared(declaration: Any) -> dict[str, AttrSpec]:
    if isinstance(declaration, tuple):
        out: dict[str, AttrSpec] = {}
        for part in declaration:
            out.update(_declared(part))
        return out
    if isinstance(declaration, str):
        return dict(declared_attrs(PRIMITIVES[declaration]))
    found = _keywords(declaration, declaration=True)
    if found is None:
        raise TypeError(f"{declaration!r} cannot declare attributes")
    return found[0]


@cache
def declared_attrs(prim: PrimitiveDef) -> Mapping[str, AttrSpec]:
    """The attributes `prim` takes, by name (see the module docstring)."""
    if prim.attrs is not None:
        return _declared(prim.attrs)
    infer = _keywords(prim.infer)
    impl = _keywords(prim.impl)
    if infer is None:
        raise TypeError(f"primitive {prim.name!r} has an infer without a Python signature")
    names, open_ = infer
    if open_:
        if impl is None or impl[1]:
            raise TypeError(f"primitive {prim.name!r} takes **attrs in both infer and impl: "
                            "declare its attributes with `attrs=`")
        merged = dict(impl[0])
        for name, spec in names.items():  # required if either side requires it
            other = merged.get(name)
            kind = other.kind if other is not None and spec.kind == "const" else spec.kind
            merged[name] = AttrSpec(kind, spec.required or (other is not None and other.required))
        names = merged
    return names


def check_attrs(prim: PrimitiveDef, attrs: Mapping[str, Any]) -> None:
    """Raise `FileFormatError` (field `attrs.<name>`) unless `attrs` are exactly attributes
    `prim` declares, each of its kind, and every required one is present."""
    declared = declared_attrs(prim)
    for name, value in attrs.items():
        spec = declared.get(name) if type(name) is str else None
        if spec is None:
            shown = name if type(name) is str and name.isidentifier() else "(not a name)"
            raise FileFormatError(f"'{prim.name}' has no attribute {shown}; it takes "
                                  f"{sorted(declared) or 'none'}", field="attrs")
        check, what = KIND_CHECKS[spec.kind]
        if not check(value):
            raise FileFormatError(f"'{prim.name}' needs {what} here, not "
                                  f"{_shown(value)}", field=f"attrs.{name}")
    missing = sorted(n for n, s in declared.items() if s.required and n not in attrs)
    if missing:
        raise FileFormatError(f"'{prim.name}' needs the attributes {missing}", field="attrs")


def _shown(value: Any) -> str:
    """A short description of a rejected value (never its full text)."""
    if type(value) in (bool, int, float) or value is None:
        return repr(value)[:40]
    return f"a {type(value).__name__}"
