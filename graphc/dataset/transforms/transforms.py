"""The general transforms of `mindspore.dataset.transforms`, on NumPy arrays: `TypeCast`,
`Compose`, `OneHot`, `Fill`, `Duplicate`, `Concatenate`, `PadEnd`, `Slice`, `Mask`,
`RandomApply`, `RandomChoice`, `RandomOrder`. Each is a callable object, used alone
(`TypeCast(ms.int32)(array)`) or in `Dataset.map`; random ones draw from the generator the
pipeline installs for the row (see `dataset.config.current_rng`)."""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ...common import dtype as mstype
from .. import config
from ..values import as_tuple, to_column


class TensorOperation:
    """The base of graphc's transforms: `__call__` checks and converts the inputs, then
    calls `apply`."""

    def __call__(self, *columns: Any) -> Any:
        return self.apply(*[to_column(c) for c in columns])

    def apply(self, *columns: Any) -> Any:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _np_dtype(data_type: Any) -> np.dtype:
    try:
        return mstype.to_dtype(data_type).np_dtype
    except TypeError:
        raise TypeError("For 'TypeCast', data_type must be a graphc dtype (e.g. ms.float32) "
                        f"or a NumPy dtype, but got {data_type!r}.") from None


class TypeCast(TensorOperation):
    """Cast to `data_type` (float to int truncates toward zero, as NumPy's astype)."""

    def __init__(self, data_type: Any) -> None:
        self.np_dtype = _np_dtype(data_type)

    def apply(self, x: Any) -> np.ndarray:
        return np.asarray(x).astype(self.np_dtype)


class OneHot(TensorOperation):
    """Integer labels to one-hot vectors of `num_classes` (int64; float64 with smoothing:
    (1 - rate) at the label and rate / num_classes added everywhere)."""

    def __init__(self, num_classes: int, smoothing_rate: float = 0.0) -> None:
        if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
            raise ValueError(f"For 'OneHot', num_classes must be a positive int, but got "
                             f"{num_classes!r}.")
        if not 0.0 <= smoothing_rate <= 1.0:
            raise ValueError(f"For 'OneHot', smoothing_rate must be in [0, 1], but got "
                             f"{smoothing_rate}.")
        self.num_classes, self.smoothing_rate = num_classes, float(smoothing_rate)

    def apply(self, x: Any) -> np.ndarray:
        labels = np.asarray(x)
        if labels.dtype.kind not in "iu":
            raise RuntimeError(f"OneHot: the labels must be integers, but got {labels.dtype}.")
        if labels.size and (labels.min() < 0 or labels.max() >= self.num_classes):
            raise RuntimeError(f"OneHot: index values should not bigger than num classes: "
                               f"{self.num_classes}, but got {labels.max()}.")
        out = (labels[..., None] == np.arange(self.num_classes)).astype(np.int64)
        if self.smoothing_rate:
            return out * (1.0 - self.smoothing_rate) + self.smoothing_rate / self.num_classes
        return out


class Fill(TensorOperation):
    """Every element set to `fill_value` (the input's dtype is kept)."""

    def __init__(self, fill_value: Any) -> None:
        self.fill_value = fill_value

    def apply(self, x: Any) -> np.ndarray:
        x = np.asarray(x)
        return np.full(x.shape, self.fill_value).astype(x.dtype)


class Duplicate(TensorOperation):
    """The column twice (map it with two output_columns)."""

    def apply(self, x: Any) -> tuple[np.ndarray, np.ndarray]:
        return np.array(x, copy=True), np.array(x, copy=True)


class Concatenate(TensorOperation):
    """`prepend`, the input and `append` joined along `axis` (0 or -1: 1-D inputs only)."""

    def __init__(self, axis: int = 0, prepend: Any = None, append: Any = None) -> None:
        self.axis = axis
        self.prepend = None if prepend is None else np.asarray(prepend)
        self.append = None if append is None else np.asarray(append)

    def apply(self, *xs: Any) -> np.ndarray:
        parts = [p for p in (self.prepend, *xs, self.append) if p is not None]
        if any(np.ndim(p) != 1 for p in parts):
            raise RuntimeError("Concatenate: only 1-D arrays can be concatenated, but got "
                               f"shapes {[np.shape(p) for p in parts]}.")
        return np.concatenate(parts, axis=0)


class PadEnd(TensorOperation):
    """Pad (or cut) each dimension at its end to `pad_shape`, with `pad_value`."""

    def __init__(self, pad_shape: Sequence[int], pad_value: Any = None) -> None:
        self.pad_shape = [int(s) for s in pad_shape]
        self.pad_value = 0 if pad_value is None else pad_value

    def apply(self, x: Any) -> np.ndarray:
        x = np.asarray(x)
        if x.ndim != len(self.pad_shape):
            raise RuntimeError(f"PadEnd: pad_shape {self.pad_shape} has {len(self.pad_shape)} "
                               f"dimensions but the input has shape {x.shape}.")
        x = x[tuple(slice(0, s) for s in self.pad_shape)]
        widths = [(0, s - n) for s, n in zip(self.pad_shape, x.shape)]
        return np.pad(x, widths, constant_values=self.pad_value)


class Slice(TensorOperation):
    """Index the input with the given slices / indices (one per dimension)."""

    def __init__(self, *slices: Any) -> None:
        self.slices = tuple(s if isinstance(s, slice) else
                            (list(s) if isinstance(s, (list, tuple)) else s) for s in slices)

    def apply(self, x: Any) -> np.ndarray:
        return np.asarray(x)[self.slices]


class Relational(enum.Enum):
    EQ = "=="
    NE = "!="
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="


_RELATIONS: dict[Relational, Callable[[Any, Any], Any]] = {
    Relational.EQ: operator.eq, Relational.NE: operator.ne, Relational.GT: operator.gt,
    Relational.GE: operator.ge, Relational.LT: operator.lt, Relational.LE: operator.le,
}


class Mask(TensorOperation):
    """`input <operator> constant`, elementwise, as `dtype` (bool by default)."""

    def __init__(self, operator: Relational, constant: Any, dtype: Any = mstype.bool_) -> None:
        self.relation = _RELATIONS[operator]
        self.constant = constant
        self.np_dtype = _np_dtype(dtype)

    def apply(self, x: Any) -> np.ndarray:
        return np.asarray(self.relation(np.asarray(x), self.constant)).astype(self.np_dtype)


def _callables(where: str, transforms: Any) -> list[Callable]:
    if not isinstance(transforms, (list, tuple)) or not transforms:
        raise ValueError(f"For '{where}', transforms must be a non-empty list of transforms, "
                         f"but got {transforms!r}.")
    for t in transforms:
        if not callable(t):
            raise TypeError(f"For '{where}', every transform must be callable, but got "
                            f"{type(t).__name__}.")
    return list(transforms)


def _chain(transforms: Sequence[Callable], columns: tuple[Any, ...]) -> Any:
    for t in transforms:
        columns = as_tuple(t(*columns))
    return columns[0] if len(columns) == 1 else columns


class Compose(TensorOperation):
    """The transforms one after another, as one transform."""

    def __init__(self, transforms: Sequence[Callable]) -> None:
        self.transforms = _callables("Compose", transforms)

    def __call__(self, *columns: Any) -> Any:
        return _chain(self.transforms, columns)


class RandomApply(TensorOperation):
    """The transforms (in order) with probability `prob`, else the input unchanged."""

    def __init__(self, transforms: Sequence[Callable], prob: float = 0.5) -> None:
        self.transforms = _callables("RandomApply", transforms)
        if not 0.0 <= prob <= 1.0:
            raise ValueError(f"For 'RandomApply', prob must be in [0, 1], but got {prob}.")
        self.prob = prob

    def __call__(self, *columns: Any) -> Any:
        if config.current_rng().random() >= self.prob:
            return columns[0] if len(columns) == 1 else columns
        return _chain(self.transforms, columns)


class RandomChoice(TensorOperation):
    """One of the transforms, chosen uniformly at random."""

    def __init__(self, transforms: Sequence[Callable]) -> None:
        self.transforms = _callables("RandomChoice", transforms)

    def __call__(self, *columns: Any) -> Any:
        k = int(config.current_rng().integers(len(self.transforms)))
        return _chain([self.transforms[k]], columns)


class RandomOrder(TensorOperation):
    """The transforms, all of them, in a random order."""

    def __init__(self, transforms: Sequence[Callable]) -> None:
        self.transforms = _callables("RandomOrder", transforms)

    def __call__(self, *columns: Any) -> Any:
        order = config.current_rng().permutation(len(self.transforms))
        return _chain([self.transforms[int(k)] for k in order], columns)


class PyFunc(TensorOperation):
    """A Python function as a transform."""

    def __init__(self, fn: Callable) -> None:
        self.fn = fn

    def __call__(self, *columns: Any) -> Any:
        return self.fn(*columns)
