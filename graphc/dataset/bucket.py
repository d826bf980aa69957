"""`Dataset.bucket_batch_by_length`: rows grouped by length into buckets, each bucket batched
on its own, its rows padded to one shape.

As in MindSpore 2.10: a row's length is `element_length_function(*columns)` or, without one, the
first dimension of the one column named; bucket i takes lengths in
[bucket_boundaries[i-1], bucket_boundaries[i]) (the first from 0, the last without end). A bucket
is emitted as a batch as soon as it holds its `bucket_batch_sizes[i]` rows; at the end of the
epoch the partly filled buckets follow in bucket order (unless `drop_remainder`). `pad_info`
`{column: (shape, value)}` pads (or cuts) the named columns to `shape`, a None dimension to the
batch's longest, with `value` (0 if None); without `pad_info` every column is padded to the
longest with 0. MindSpore 2.10 takes `pad_to_bucket_boundary` but pads the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from .datasets import Dataset, Row, Run
from .values import describe_error, stack_column, to_column


def _check_arguments(column_names: Any, bucket_boundaries: Any, bucket_batch_sizes: Any,
                     element_length_function: Any, pad_info: Any,
                     pad_to_bucket_boundary: Any, drop_remainder: Any) -> None:
    """MindSpore 2.10's argument checks, with its exception types and messages."""
    for name, value in (("column_names", column_names), ("bucket_boundaries", bucket_boundaries),
                        ("bucket_batch_sizes", bucket_batch_sizes)):
        if not isinstance(value, list):
            raise TypeError(f"Argument {name} with value {value} is not of type "
                            f"[<class 'list'>], but got {type(value)}.")
    if not column_names or not all(isinstance(c, str) for c in column_names):
        raise TypeError("column_names should be a non-empty list of strings.")
    if element_length_function is None and len(column_names) != 1:
        raise ValueError("If element_length_function is not specified, exactly one column name "
                         "should be passed.")
    if element_length_function is not None and not callable(element_length_function):
        raise TypeError("element_length_function should be callable.")
    if not all(isinstance(b, int) and not isinstance(b, bool) and b > 0
               for b in bucket_boundaries):
        raise ValueError("bucket_boundaries must only contain positive numbers.")
    if any(b >= c for b, c in zip(bucket_boundaries, bucket_boundaries[1:])):
        raise ValueError("bucket_boundaries should be strictly increasing.")
    if len(bucket_batch_sizes) != len(bucket_boundaries) + 1:
        raise ValueError("bucket_batch_sizes must contain one element more than "
                         "bucket_boundaries.")
    if not all(isinstance(b, int) and not isinstance(b, bool) and b > 0
               for b in bucket_batch_sizes):
        raise ValueError("bucket_batch_sizes should be a list of positive numbers.")
    if pad_info is not None and not isinstance(pad_info, dict):
        raise TypeError(f"Argument pad_info with value {pad_info} is not of type "
                        f"[<class 'dict'>], but got {type(pad_info)}.")
    for name, value in (("pad_to_bucket_boundary", pad_to_bucket_boundary),
                        ("drop_remainder", drop_remainder)):
        if not isinstance(value, bool):
            raise TypeError(f"Argument {name} with value {value} is not of type "
                            f"[<class 'bool'>], but got {type(value)}.")


def pad_to(arrays: list[np.ndarray], shape: Sequence[int | None] | None, value: Any
           ) -> list[np.ndarray]:
    """`arrays` padded with `value` (or cut) to `shape`; a None dimension (or no shape) to the
    longest of `arrays` in that dimension."""
    rank = np.ndim(arrays[0])
    if rank == 0 or any(np.ndim(a) != rank for a in arrays):
        return arrays  # scalars need no padding; batching names a rank mismatch
    longest = [max(np.shape(a)[d] for a in arrays) for d in range(rank)]
    wanted = list(shape) if shape is not None else [None] * rank
    target = [w if s is None else int(s) for w, s in zip(longest, wanted + [None] * rank)]
    fill = 0 if value is None else value
    out = []
    for a in arrays:
        a = np.asarray(a)[tuple(slice(0, t) for t in target)]
        out.append(np.pad(a, [(0, t - n) for n, t in zip(a.shape, target)],
                          constant_values=fill))
    return out


class BucketBatchByLengthDataset(Dataset):
    """Rows batched per length bucket (see the module docstring)."""

    def __init__(self, child: Dataset, column_names: list[str], bucket_boundaries: list[int],
                 bucket_batch_sizes: list[int], element_length_function: Callable | None,
                 pad_info: dict | None, pad_to_bucket_boundary: bool,
                 drop_remainder: bool) -> None:
        _check_arguments(column_names, bucket_boundaries, bucket_batch_sizes,
                         element_length_function, pad_info, pad_to_bucket_boundary,
                         drop_remainder)
        super().__init__([child])
        self.column_names = list(column_names)
        self.boundaries = list(bucket_boundaries)
        self.batch_sizes = list(bucket_batch_sizes)
        self.length_of = element_length_function
        self.pad_info = pad_info
        self.pad_to_bucket_boundary = pad_to_bucket_boundary
        self.drop_remainder = drop_remainder

    def columns(self) -> list[str]:
        return self.children[0].columns()

    def rows(self, run: Run) -> Iterator[Row]:
        have = self.columns()
        missing = [c for c in self.column_names if c not in have]
        if missing:
            raise RuntimeError(f"Invalid parameter, input column name: {missing[0]} doesn't "
                               f"exist in the dataset columns {have}.")
        pos = [have.index(c) for c in self.column_names]
        buckets: list[list[Row]] = [[] for _ in self.batch_sizes]
        for row in self.children[0].rows(run):
            i = self._bucket(self._length([row[p] for p in pos]))
            buckets[i].append(row)
            if len(buckets[i]) == self.batch_sizes[i]:
                yield self._batch(buckets[i], have)
                buckets[i] = []
        if not self.drop_remainder:
            for rows in buckets:
                if rows:
                    yield self._batch(rows, have)

    def _length(self, values: list[Any]) -> int:
        if self.length_of is None:
            shape = np.shape(values[0])
            if not shape:
                raise RuntimeError(f"bucket_batch_by_length: column '{self.column_names[0]}' "
                                   "holds scalars, which have no length; give "
                                   "element_length_function.")
            return int(shape[0])
        try:
            n = self.length_of(*values)
        except Exception as exc:
            raise RuntimeError("bucket_batch_by_length: element_length_function failed. Error "
                               f"description:\n{describe_error(exc)}") from exc
        if isinstance(n, np.ndarray) and n.shape == () or isinstance(n, np.integer):
            n = n.item()
        if isinstance(n, bool) or not isinstance(n, int):
            raise RuntimeError("Invalid element_length_function, element_length_function must "
                               f"return an integer, but got {type(n).__name__}.")
        if n < 0:
            raise RuntimeError("Invalid element_length_function, element_length_function must "
                               f"return an integer greater than or equal to 0, but got {n}.")
        return n

    def _bucket(self, length: int) -> int:
        return sum(1 for b in self.boundaries if length >= b)

    def _batch(self, rows: list[Row], names: list[str]) -> Row:
        out = []
        for index, (name, values) in enumerate(zip(names, zip(*rows))):
            arrays = [to_column(v) for v in values]
            if self.pad_info is None or not self.pad_info:
                arrays = pad_to(arrays, None, 0)
            elif name in self.pad_info:
                shape, value = self.pad_info[name] or (None, 0)
                arrays = pad_to(arrays, shape, value)
            out.append(stack_column(arrays, index, name, "give the column a pad_info entry, "
                                    "or pad it with map first"))
        return tuple(out)
