"""Abstract values: what the compiler knows about a value before the program runs.

Tensors are described by `ops.TensorSpec` (shape with `None` for unknown dims, dtype). Python
scalars that are only known at run time are `AbstractScalar(type)`; tuples are
`AbstractTuple`. Everything known at compile time is simply the Python value itself (a
constant), so constants need no abstract class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..ops.primitive import TensorSpec


@dataclass(frozen=True, slots=True)
class AbstractScalar:
    """A Python number or bool known only at run time."""

    type: type

    def __str__(self) -> str:
        return {bool: "Bool", int: "Int64", float: "Float64"}.get(self.type, self.type.__name__)


@dataclass(frozen=True, slots=True)
class AbstractTuple:
    elements: tuple[Any, ...]

    def __str__(self) -> str:
        return "Tuple[" + ", ".join(str(e) for e in self.elements) + "]"


@dataclass(frozen=True, slots=True)
class AbstractNone:
    def __str__(self) -> str:
        return "None"


@dataclass(frozen=True, slots=True)
class AbstractAny:
    """A value only Python knows, computed by an interpret node (JIT Fallback); `annotation`
    is the type a `# @jit.typing:` comment gives it, if any."""

    annotation: Any = None

    def __str__(self) -> str:
        return "Any" if self.annotation is None else f"Any[{self.annotation}]"


def join_specs(a: TensorSpec, b: TensorSpec) -> TensorSpec | None:
    """The spec covering both (unequal dims become unknown), or None if dtypes or ranks differ."""
    if a.dtype is not b.dtype or len(a.shape) != len(b.shape):
        return None
    return TensorSpec(tuple(x if x == y else None for x, y in zip(a.shape, b.shape)), a.dtype)


__all__ = ["AbstractAny", "AbstractNone", "AbstractScalar", "AbstractTuple", "TensorSpec",
           "join_specs"]
