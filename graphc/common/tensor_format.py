"""MindSpore's `repr` of a Tensor: `Tensor(shape=[2], dtype=Int64, value= [1, 2])` (SPEC 7.3).

The layout reproduces MindSpore 2.10's C++ printer (checked against it case by case, see
tests/common/test_tensor_format.py):

* `Tensor(shape=[d0, d1], dtype=<Dtype>, value=<sep><data>)`, `<sep>` a space when ndim <= 1
  and a newline otherwise; an empty Tensor has no data at all (`value= ` / `value=\\n`).
* A 0-d Tensor shows its value alone: integers as integers, bools as `True`/`False`, floats in
  C++'s default stream format (printf `%g`: `2`, `0.5`, `1e-07`, `-0`, `nan`, `-nan`).
* Elements are separated by `", "` and rows by `",\\n"` plus (depth + 1) spaces.
  float32/float64 elements are printf `%15.8e` (float16: `%11.4e`), bools `True`/`False`
  right-aligned in width 5, integers right-aligned to the widest printed integer, complex
  numbers `<real %g><imag %+g>j` without padding.
* Summarising: the last axis of an n-d (n > 1) Tensor longer than 6, any other axis longer than
  6, or a 1-D Tensor longer than 1000 shows its first 3 and last 3 items. In a row that reads
  `a, b, c ... x, y, z`; between sub-blocks it is a line `...` (with a comma before it and
  none after it).
* An unsummarised 1-D Tensor of more than 3 elements breaks the line (`"\\n "`) after every
  12th float or bool, or every 24th integer or complex element, also after the last one.

Only the printed elements are gathered and formatted, so big Tensors print quickly.
"""

from __future__ import annotations

import math

import numpy as np

_EDGE = 3  # items shown at each end of a summarised axis
_THRESHOLD = 6  # an axis longer than this is summarised (n-d Tensors)
_THRESHOLD_1D = 1000  # a 1-D Tensor longer than this is summarised
_LINE_FLOAT = 12  # 1-D line length, in elements, for floats and bools
_LINE_OTHER = 24  # ... for integers and complex numbers


def format_repr(array: np.ndarray, dtype: object) -> str:
    """The MindSpore repr of a Tensor holding `array` with graphc dtype `dtype`."""
    array = np.asarray(array)
    sep = " " if array.ndim <= 1 else "\n"
    shape = "[" + ", ".join(str(int(d)) for d in array.shape) + "]"
    return f"Tensor(shape={shape}, dtype={dtype}, value={sep}{format_data(array)})"


def format_data(array: np.ndarray) -> str:
    """The `<data>` part of the repr: `[1, 2]`, `2.5`, or '' for an empty Tensor."""
    array = np.asarray(array)
    if array.size == 0:
        return ""
    if array.ndim == 0:
        return _scalar(array)
    summarised = _summarised_axes(array.shape)
    shown = _gather(array, summarised)
    cells = _cells(shown)
    line = _LINE_FLOAT if array.dtype.kind in "fb" else _LINE_OTHER
    return _block(cells, 0, shown.shape, summarised, 0, line)[0]


# ------------------------------------------------------------------ elements
def _g(value: float, plus: bool = False) -> str:
    """C++ `ostream << double` in the default float field: printf `%g` (`%+g` with showpos),
    keeping the sign of a NaN as glibc does (`-nan`)."""
    if math.isnan(value):
        if math.copysign(1.0, value) < 0:
            return "-nan"
        return "+nan" if plus else "nan"
    return ("%+g" if plus else "%g") % value


def _complex(value: complex) -> str:
    return f"{_g(value.real)}{_g(value.imag, plus=True)}j"


def _scalar(array: np.ndarray) -> str:
    kind = array.dtype.kind
    value = array.item()
    if kind == "b":
        return "True" if value else "False"
    if kind in "iu":
        return str(int(value))
    if kind == "c":
        return _complex(complex(value))
    return _g(float(value))


def _cells(shown: np.ndarray) -> list[str]:
    """The printed text of each element of `shown`, in C order, padded to its width."""
    kind = shown.dtype.kind
    flat = shown.ravel()
    if kind == "b":
        return [" True" if v else "False" for v in flat.tolist()]
    if kind in "iu":
        texts = [str(v) for v in flat.tolist()]
        width = max(len(t) for t in texts)
        return [t.rjust(width) for t in texts]
    if kind == "c":
        return [_complex(v) for v in flat.astype(np.complex128).tolist()]
    if shown.dtype == np.float16:
        fmt, width = "%.4e", 11
    else:
        fmt, width = "%.8e", 15
    values = flat.astype(np.float64)
    texts = [fmt % v for v in values.tolist()]
    if np.isnan(values).any():
        for i in np.flatnonzero(np.isnan(values) & np.signbit(values)).tolist():
            texts[i] = "-nan"
    return [t.rjust(width) for t in texts]


# ------------------------------------------------------------------ layout
def _summarised_axes(shape: tuple[int, ...]) -> tuple[bool, ...]:
    ndim = len(shape)
    if ndim == 1:
        return (shape[0] > _THRESHOLD_1D,)
    return tuple(n > _THRESHOLD for n in shape)


def _gather(array: np.ndarray, summarised: tuple[bool, ...]) -> np.ndarray:
    """The elements that get printed: the first and last `_EDGE` items of summarised axes."""
    if not any(summarised):
        return array
    index = []
    for n, cut in zip(array.shape, summarised):
        if cut:
            index.append(np.r_[0:_EDGE, n - _EDGE:n])
        else:
            index.append(np.arange(n))
    return array[np.ix_(*index)]


def _block(cells: list[str], start: int, shape: tuple[int, ...], summarised: tuple[bool, ...],
           depth: int, line: int) -> tuple[str, int]:
    """The text of the sub-block of `shape` whose first cell is `cells[start]`, and the index
    of the cell after it."""
    n = shape[depth]
    if depth == len(shape) - 1:
        row = cells[start:start + n]
        return "[" + _row(row, summarised[depth], len(shape) == 1, line) + "]", start + n
    indent = ",\n" + " " * (depth + 1)
    parts = []
    for _ in range(n):
        text, start = _block(cells, start, shape, summarised, depth + 1, line)
        parts.append(text)
    if summarised[depth]:
        body = (indent.join(parts[:_EDGE]) + indent + "...\n" + " " * (depth + 1)
                + indent.join(parts[_EDGE:]))
    else:
        body = indent.join(parts)
    return "[" + body + "]", start


def _row(row: list[str], summarised: bool, one_dim: bool, line: int) -> str:
    if summarised:
        return ", ".join(row[:_EDGE]) + " ... " + ", ".join(row[_EDGE:])
    if not one_dim or len(row) <= _EDGE:
        return ", ".join(row)
    out = []
    last = len(row) - 1
    for i, cell in enumerate(row):
        out.append(cell)
        if i != last:
            out.append(", ")
        if (i + 1) % line == 0:
            out.append("\n ")
    return "".join(out)
