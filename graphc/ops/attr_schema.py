"""The keyword attributes each primitive of the table takes, their types, and checks of values.

A primitive's attributes are read from its own functions, not listed by hand: the keyword-only
parameters of `infer`, and of `impl` when `infer` takes `**attrs` (a NumPy ufunc's keywords
are not attributes). A primitive whose functions both take `**attrs` declares them with
`PrimitiveDef.attrs`: a function whose keyword parameters are the attributes, the name of the
primitive whose attributes they are (a gradient takes its forward op's), or a tuple of those.

Each attribute's type is its annotation (in `infer`, else in `impl`), a type hint of the
vocabulary `attr_types` describes (`int`, `tuple[int, ...]`, `Pair`, `Literal["same", ...]`,
`mstype.DType`...), or else its default's type. `compile_type` turns a hint into a check,
built once per hint; a value is checked without recursing past the hint's own depth. An
attribute without a type (`Any`) takes any constant a graph can hold, bounded in size and
depth; `UNTYPED_ALLOWED` lists the few that stay so, each with its reason. The primitive's
`infer` then checks what depends on the operands (an axis past the rank) when a loaded graph
is checked as a whole.
"""

from __future__ import annotations

import inspect
import math
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..common import dtype as mstype
from ..common.safe_read import FileFormatError
from .attr_types import Above, AtLeast
from .primitive import PRIMITIVES, PrimitiveDef

MAX_CONST_ITEMS = 1_000_000
MAX_CONST_DEPTH = 16
MAX_STR = 4096
_INT64 = 2**63

# (primitive, attribute) -> why the attribute takes any constant. Empty: every attribute of
# the table is typed (tests/ops/test_attr_schema.py keeps it so).
UNTYPED_ALLOWED: Mapping[tuple[str, str], str] = {}


@dataclass(frozen=True, slots=True)
class AttrType:
    """A compiled attribute type: the rule a value must pass, and what it asks for (words)."""

    hint: Any
    check: Callable[[Any], bool]
    what: str

    @property
    def typed(self) -> bool:
        return self.hint is not Any


@dataclass(frozen=True, slots=True)
class AttrSpec:
    """One attribute of a primitive: its type and whether every node of it must have it."""

    type: AttrType
    required: bool

    @property
    def kind(self) -> str:
        """The type in words ("a bool", "a dtype", "a tuple of: an int")."""
        return self.type.what


def _is_int(v: Any) -> bool:
    return type(v) is int and -_INT64 <= v < _INT64


def _is_number(v: Any) -> bool:
    return _is_int(v) or (type(v) is float and not math.isnan(v))


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


# the hints that are one Python type: hint -> (check, what)
_ATOMS: Mapping[Any, tuple[Callable[[Any], bool], str]] = {
    bool: (lambda v: type(v) is bool, "a bool"),
    int: (_is_int, "an int"),
    float: (_is_number, "a number"),
    complex: (lambda v: _is_number(v) or type(v) is complex, "a number"),
    str: (lambda v: type(v) is str and len(v) <= MAX_STR, "a string"),
    mstype.DType: (lambda v: isinstance(v, mstype.DType), "a dtype"),
    type(None): (lambda v: v is None, "None"),
    types.EllipsisType: (lambda v: v is Ellipsis, "..."),
    tuple: (lambda v: type(v) is tuple and _is_const(v), "a tuple"),
    Any: (_is_const, "a constant (None, bool, number, string, dtype or a tuple of them)"),
}


@cache
def compile_type(hint: Any) -> AttrType:
    """The check of values of type `hint` (see the module docstring); TypeError for a hint
    outside the vocabulary."""
    if hint is None:
        hint = type(None)
    if hint in _ATOMS:
        check, what = _ATOMS[hint]
        return AttrType(hint, check, what)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Literal:
        allowed = frozenset((type(a), a) for a in args)
        kinds = frozenset(type(a) for a in args)  # (all hashable: a value of another is not)
        return AttrType(hint, lambda v: type(v) in kinds and (type(v), v) in allowed,
                        "one of " + ", ".join(map(repr, args)))
    if origin in (typing.Union, types.UnionType):
        parts = [compile_type(a) for a in args]
        checks = [p.check for p in parts]
        return AttrType(hint, lambda v: any(c(v) for c in checks),
                        " or ".join(p.what for p in parts))
    if origin is typing.Annotated:
        base = compile_type(args[0])
        bound = next(m for m in hint.__metadata__ if isinstance(m, (AtLeast, Above)))
        low = bound.low
        if isinstance(bound, Above):
            return AttrType(hint, lambda v: base.check(v) and v > low, f"{base.what} > {low}")
        return AttrType(hint, lambda v: base.check(v) and v >= low, f"{base.what} >= {low}")
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = compile_type(args[0])
        each = item.check
        return AttrType(hint, lambda v: type(v) is tuple and len(v) <= MAX_CONST_ITEMS and all(
            each(x) for x in v), f"a tuple of: {item.what}")
    if origin is tuple and args:
        items = [compile_type(a) for a in args]
        checks = [i.check for i in items]
        n = len(checks)
        return AttrType(hint, lambda v: type(v) is tuple and len(v) == n and all(
            c(x) for c, x in zip(checks, v)), f"a tuple of {n}: {items[0].what}"
            if len({i.what for i in items}) == 1 else
            "a tuple (" + "; ".join(i.what for i in items) + ")")
    raise TypeError(f"{hint!r} is not an attribute type graphc can check")


_DEFAULT_TYPES = (bool, int, float, str)


def _hint(fn: Any, p: inspect.Parameter) -> Any:
    """The type of parameter `p` of `fn`: its annotation (evaluated in `fn`'s module), else its
    default's type, else Any."""
    annotation = p.annotation
    if annotation is not p.empty:
        if isinstance(annotation, str):
            annotation = eval(annotation, fn.__globals__)  # noqa: S307  (graphc's own source)
        if annotation is not Any:
            return annotation
    if p.default is not p.empty and type(p.default) in _DEFAULT_TYPES:
        return type(p.default)
    return Any


def _keywords(fn: Any, declaration: bool = False
              ) -> tuple[dict[str, tuple[Any, bool]], bool] | None:
    """The keyword attributes `fn`'s signature names (name -> (type, required)), and whether it
    also takes `**attrs`; None when it has no Python signature. A declaration function's
    attributes are its keyword-only parameters, or its named parameters when it has no
    keyword-only ones."""
    fn = inspect.unwrap(fn) if callable(fn) else fn  # through functools.cache and the like
    if not inspect.isfunction(fn):
        return None
    params = list(inspect.signature(fn).parameters.values())
    kinds: list[Any] = [inspect.Parameter.KEYWORD_ONLY]
    if declaration and not any(p.kind in kinds for p in params):
        kinds.append(inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = {p.name: (_hint(fn, p), p.default is p.empty) for p in params if p.kind in kinds}
    return names, any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


def _declared(declaration: Any) -> dict[str, tuple[Any, bool]]:
    if isinstance(declaration, tuple):
        out: dict[str, tuple[Any, bool]] = {}
        for part in declaration:
            out.update(_declared(part))
        return out
    if isinstance(declaration, str):
        return {n: (s.type.hint, s.required)
                for n, s in declared_attrs(PRIMITIVES[declaration]).items()}
    found = _keywords(declaration, declaration=True)
    if found is None:
        raise TypeError(f"{declaration!r} cannot declare attributes")
    return found[0]


def _merged(prim: PrimitiveDef) -> dict[str, tuple[Any, bool]]:
    if prim.attrs is not None:
        return _declared(prim.attrs)
    infer = _keywords(prim.infer)
    impl = _keywords(prim.impl)
    if infer is None:
        raise TypeError(f"primitive {prim.name!r} has an infer without a Python signature")
    names, open_ = infer
    if open_ and (impl is None or impl[1]):
        raise TypeError(f"primitive {prim.name!r} takes **attrs in both infer and impl: "
                        "declare its attributes with `attrs=`")
    other = impl[0] if impl is not None else {}
    merged = dict(other) if open_ else {}
    for name, (hint, required) in names.items():  # typed if either side is; required if either
        o_hint, o_required = other.get(name, (Any, False))
        merged[name] = (o_hint if hint is Any else hint, required or (open_ and o_required))
    return merged


@cache
def declared_attrs(prim: PrimitiveDef) -> Mapping[str, AttrSpec]:
    """The attributes `prim` takes, by name (see the module docstring)."""
    return {name: AttrSpec(compile_type(hint), required)
            for name, (hint, required) in _merged(prim).items()}


def check_attrs(prim: PrimitiveDef, attrs: Mapping[str, Any]) -> None:
    """Raise `FileFormatError` (field `attrs.<name>`) unless `attrs` are exactly attributes
    `prim` declares, each of its type, and every required one is present."""
    declared = declared_attrs(prim)
    for name, value in attrs.items():
        spec = declared.get(name) if type(name) is str else None
        if spec is None:
            shown = name if type(name) is str and name.isidentifier() else "(not a name)"
            raise FileFormatError(f"'{prim.name}' has no attribute {shown}; it takes "
                                  f"{sorted(declared) or 'none'}", field="attrs")
        if not spec.type.check(value):
            raise FileFormatError(f"'{prim.name}' needs {spec.type.what} here, not "
                                  f"{_shown(value)}", field=f"attrs.{name}")
    missing = sorted(n for n, s in declared.items() if s.required and n not in attrs)
    if missing:
        raise FileFormatError(f"'{prim.name}' needs the attributes {missing}", field="attrs")


def _shown(value: Any) -> str:
    """A short description of a rejected value (never its full text)."""
    if type(value) in (bool, int, float) or value is None:
        return repr(value)[:40]
    return f"a {type(value).__name__}"
