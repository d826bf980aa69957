"""`# @jit.typing: () -> tensor_type[float32]` comments: the type of an interpret node's result.

Grammar and rules are SPEC 3.10: the comment sits on the line before the statement or at the end
of any of its lines (the last one wins); containers are `tensor_type`, `list_` and `tuple_`;
`{var}` names a variable of the enclosing scope (unresolvable: the value stays `Any`);
`side_effect` marks the statement's interpret nodes as side effects (never folded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..common import dtype as mstype
from ..common.errors import GraphcTypeError, GraphcValueError, SourceLocation

_PATTERN = re.compile(r"^#\s*@jit.typing\s*:\s*\(\)\s*->\s*"
                      r"([A-Za-z0-9{}_]+)?\[?([A-Za-z0-9{}_]+)?\]?$")
_SIDE_EFFECT = re.compile(r"^#\s*@jit.typing\s*:\s*side_effect\s*$")
_CONTAINERS = {"tensor_type": "tensor", "list_": "list", "tuple_": "tuple"}
SIDE_EFFECT = "side_effect"


@dataclass(frozen=True, slots=True)
class TypeAnnotation:
    """What an annotated interpret node returns: a Tensor of `dtype` (`container='tensor'`), a
    list or tuple (`dtype` of its elements, or None), or a scalar of `dtype`."""

    container: str | None
    dtype: mstype.DType | None

    def __str__(self) -> str:
        inner = str(self.dtype) if self.dtype is not None else ""
        if self.container is None:
            return inner
        return f"{self.container}[{inner}]" if inner else self.container

    def check(self, value: Any, where: SourceLocation | None) -> Any:
        """`value` if it is what the annotation says; else a clear error naming the line."""
        from ..common.tensor import Tensor
        ok = True
        if self.container == "tensor":
            ok = isinstance(value, Tensor) and (self.dtype is None or value.dtype == self.dtype)
            got = f"Tensor[{value.dtype}]" if isinstance(value, Tensor) else type(value).__name__
        elif self.container in ("list", "tuple"):
            ok = type(value) is (list if self.container == "list" else tuple)
            got = type(value).__name__
        else:
            got = type(value).__name__
            if self.dtype is not None:
                kind = self.dtype.kind
                ok = isinstance(value, bool) if kind == "bool" else isinstance(
                    value, int) if kind in ("int", "uint") else isinstance(value, (int, float))
        if not ok:
            raise GraphcTypeError(
                f"the value computed by Python is {got}, but its '# @jit.typing:' annotation "
                f"says {self}. Fix the annotation or the code.", where)
        return value


def parse_annotation(comment: str, scope: dict[str, Any], where: SourceLocation | None
                     ) -> TypeAnnotation | str | None:
    """The annotation a `# @jit.typing:` comment gives (or `SIDE_EFFECT`), None when a `{var}`
    cannot be resolved; a malformed comment is an error naming the line."""
    text = comment.strip()
    if _SIDE_EFFECT.match(text):
        return SIDE_EFFECT
    match = _PATTERN.match(text)
    if match is None:
        raise GraphcValueError(f"Wrong comment format for JIT type annotation: '{text}'. "
                               "Expected '# @jit.typing: () -> tensor_type[float32]'.", where)
    first, second = match.group(1), match.group(2)
    if second is None:  # a bare name: a dtype
        container, name = None, first
    else:
        if first not in _CONTAINERS:
            raise GraphcValueError("JIT type annotation only support tensor/list_/tuple_, but "
                                   f"got '{first}'.", where)
        container, name = _CONTAINERS[first], second
    if name is None:
        return TypeAnnotation(container, None)
    if name.startswith("{") and name.endswith("}"):
        value = scope.get(name[1:-1])
        if not isinstance(value, mstype.DType):
            return None  # SPEC 3.10: an unresolvable {var} leaves the value Any
        return TypeAnnotation(container, value)
    dtype = getattr(mstype, name, None)
    if not isinstance(dtype, mstype.DType):
        raise GraphcValueError(f"Wrong comment format for JIT type annotation: unknown type "
                               f"'{name}' in '{text}'.", where)
    return TypeAnnotation(container, dtype)


def statement_comment(lines: list[str], first: int, last: int) -> str | None:
    """The `# @jit.typing:` comment of the statement on (1-based, within `lines`) lines
    `first`..`last`: the last one at a line's end, else the one on the line before."""
    found = None
    for number in range(first, last + 1):
        if 0 < number <= len(lines):
            line = lines[number - 1]
            at = line.find("# @jit.typing")
            if at < 0:
                at = line.find("#@jit.typing")
            if at >= 0:
                found = line[at:].rstrip()
    if found is None and 1 < first <= len(lines) + 1:
        before = lines[first - 2].strip()
        if before.startswith("#") and "@jit.typing" in before:
            found = before
    return found
