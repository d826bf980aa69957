"""The types of primitive attributes: Python type hints that `attr_schema` checks values against.

An attribute's type is the annotation of its keyword parameter in the primitive's `infer` or
`impl` (or in its `attrs=` declaration). Any ordinary hint built from `int`, `float` (which
takes ints too), `bool`, `str`, `complex`, `mstype.DType`, `None`, `EllipsisType`, `X | Y`,
`tuple[X, ...]`, `tuple[X, Y]` and `Literal[...]` works; `Annotated[int, AtLeast(n)]` and
`Annotated[float, Above(x)]` add a lower bound. The aliases below name the shapes attributes
usually take, so op modules write `stride: Pair` rather than spelling the tuple out.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import EllipsisType
from typing import Annotated, Literal


@dataclass(frozen=True, slots=True)
class AtLeast:
    """`Annotated[int, AtLeast(1)]`: an int no smaller than `low`."""

    low: int


@dataclass(frozen=True, slots=True)
class Above:
    """`Annotated[float, Above(0)]`: a number greater than `low`."""

    low: float


Positive = Annotated[int, AtLeast(1)]
NonNegative = Annotated[int, AtLeast(0)]
PositiveFloat = Annotated[float, Above(0)]
Scalar = bool | int | float | complex  # a fill value
Ints = tuple[int, ...]
Floats4 = tuple[float, float, float, float]
Shape = tuple[NonNegative, ...]
Axis = int | tuple[int, ...] | None  # a reduction's axes (None: all of them)
Pair = tuple[Positive, Positive]  # a 2-D window's size, strides or dilation
Triple = tuple[Positive, Positive, Positive]
Pads4 = tuple[NonNegative, NonNegative, NonNegative, NonNegative]  # (top, bottom, left, right)
Pads6 = tuple[NonNegative, NonNegative, NonNegative, NonNegative, NonNegative, NonNegative]
PadMode = Literal["same", "valid", "pad"]
Reduction = Literal["none", "mean", "sum"]
# A getitem key (`index_ops`): ints, None (a new axis), `...`, "tensor" (the next Tensor input)
# and slices as (start, stop, step).
SliceBounds = tuple[int | None, int | None, int | None]
IndexKey = tuple[int | None | EllipsisType | Literal["tensor"] | SliceBounds, ...]
