"""`Dataset`: the base of every pipeline node, with MindSpore's chaining methods (`batch`,
`map`, `shuffle`, `repeat`, ...), its iterators and its queries (`get_dataset_size`, ...).

A node produces rows: tuples of NumPy arrays, one per column, from `rows(run)`. `run` is a `Run`
that says which epoch is being read and with which root seed, so every random choice in the
pipeline is a function of (seed, node, epoch, row). The nodes themselves live in `sources.py`
(where rows come from), `pipeline.py` (what the chaining methods build) and `readers.py`
(standard files on disk); the iterators in `iterators.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Row = tuple[Any, ...]


@dataclass(slots=True)
class Run:
    """One pass over a pipeline: the root seed, the epoch, and each node's stable number
    (its position in the tree), which random choices mix into their seeds."""

    seed: int
    epoch: int
    ids: dict[int, int] = field(default_factory=dict)

    def node_id(self, node: Dataset) -> int:
        return self.ids.get(id(node), 0)

    def with_epoch(self, epoch: int) -> Run:
        return Run(self.seed, epoch, self.ids)


class Dataset:
    """A pipeline node. Subclasses give `columns()`, `rows(run)` and, where known, `size()`."""

    def __init__(self, children: Sequence[Dataset] = ()) -> None:
        self.children = list(children)
        self._size_cache: int | None = None

    # ------------------------------------------------------------------ what a node defines
    def columns(self) -> list[str]:
        raise NotImplementedError

    def rows(self, run: Run) -> Iterator[Row]:
        raise NotImplementedError

    def size(self) -> int | None:
        """Rows per epoch, or None when only reading them all tells."""
        return None

    def batch_size_of(self) -> int | Callable[..., int]:
        return self.children[0].batch_size_of() if self.children else 1

    def repeat_count(self) -> int:
        return self.children[0].repeat_count() if self.children else 1

    # ------------------------------------------------------------------ queries
    def get_dataset_size(self) -> int:
        """Rows (batches, after `batch`) per epoch."""
        n = self.size()
        if n is not None:
            return n
        if self._size_cache is None:
            from . import config
            self._size_cache = sum(1 for _ in self.rows(self.new_run(config.pipeline_seed(), 0)))
        return self._size_cache

    def __len__(self) -> int:
        return self.get_dataset_size()

    def __bool__(self) -> bool:
        return True  # a pipeline is a pipeline even when an epoch is empty

    def get_col_names(self) -> list[str]:
        return list(self.columns())

    def get_batch_size(self) -> int:
        bs = self.batch_size_of()
        return bs if isinstance(bs, int) else -1

    def get_repeat_count(self) -> int:
        return self.repeat_count()

    def _first_row(self) -> Row:
        from . import config
        for row in self.rows(self.new_run(config.pipeline_seed(), 0)):
            return row
        raise RuntimeError("The dataset is empty: output_shapes/output_types need one row; "
                           "check the source and the ops (take/skip/filter) before this call.")

    def output_shapes(self) -> list[list[int]]:
        """The shape of each column of the first row (batch)."""
        return [list(np.shape(c)) for c in self._first_row()]

    def output_types(self) -> list[np.dtype]:
        """The NumPy dtype of each column of the first row (batch)."""
        return [np.asarray(c).dtype for c in self._first_row()]

    def get_class_indexing(self) -> dict[str, int]:
        return self.children[0].get_class_indexing() if self.children else {}

    def num_classes(self) -> int | None:
        return self.children[0].num_classes() if self.children else None

    def new_run(self, seed: int, epoch: int) -> Run:
        """A Run whose node ids number this tree's nodes depth-first."""
        ids: dict[int, int] = {}
        stack: list[Dataset] = [self]
        while stack:
            node = stack.pop()
            if id(node) not in ids:
                ids[id(node)] = len(ids) + 1
                stack.extend(reversed(node.children))
        return Run(seed, epoch, ids)

    # ------------------------------------------------------------------ iterators
    def create_tuple_iterator(self, columns: Sequence[str] | None = None, num_epochs: int = -1,
                              output_numpy: bool = False, do_copy: bool = True):
        """Each row as a list of Tensors (NumPy arrays with `output_numpy=True`); iterating
        the iterator again reads the next epoch, up to `num_epochs` (-1: no limit)."""
        from .iterators import TupleIterator
        return TupleIterator(self, columns, num_epochs, output_numpy, do_copy)

    def create_dict_iterator(self, num_epochs: int = -1, output_numpy: bool = False,
                             do_copy: bool = True):
        """Each row as a dict from column name to Tensor (or NumPy array)."""
        from .iterators import DictIterator
        return DictIterator(self, None, num_epochs, output_numpy, do_copy)

    def __iter__(self):
        return iter(self.create_tuple_iterator())

    # ------------------------------------------------------------------ chaining
    def batch(self, batch_size: int | Callable[..., int], drop_remainder: bool = False,
              num_parallel_workers: int | None = None, per_batch_map: Callable | None = None,
              input_columns: str | Sequence[str] | None = None,
              output_columns: str | Sequence[str] | None = None, python_multiprocessing=False,
              max_rowsize=None, pad_info: dict | None = None, **kwargs: Any) -> Dataset:
        """Stack `batch_size` consecutive rows into one (the last, smaller, one dropped if
        `drop_remainder`); `per_batch_map(*columns, batch_info)` rewrites each batch's lists of
        rows first; `pad_info={col: (shape, value)}` pads that column's rows to one shape."""
        from .pipeline import BatchDataset
        return BatchDataset(self, batch_size, drop_remainder, per_batch_map, input_columns,
                            output_columns, pad_info)

    def padded_batch(self, batch_size: int, drop_remainder: bool = False,
                     num_parallel_workers: int | None = None, pad_info: dict | None = None
                     ) -> Dataset:
        from .pipeline import BatchDataset
        return BatchDataset(self, batch_size, drop_remainder, None, None, None,
                            pad_info if pad_info is not None else {})

    def bucket_batch_by_length(self, column_names: list[str], bucket_boundaries: list[int],
                               bucket_batch_sizes: list[int],
                               element_length_function: Callable | None = None,
                               pad_info: dict | None = None, pad_to_bucket_boundary: bool = False,
                               drop_remainder: bool = False) -> Dataset:
        """Batch rows per length bucket, padding each batch to one shape (`bucket.py`)."""
        from .bucket import BucketBatchByLengthDataset
        return BucketBatchByLengthDataset(self, column_names, bucket_boundaries,
                                          bucket_batch_sizes, element_length_function, pad_info,
                                          pad_to_bucket_boundary, drop_remainder)

    def map(self, operations: Any = None, input_columns: str | Sequence[str] | None = None,
            output_columns: str | Sequence[str] | None = None,
            num_parallel_workers: int | None = None, python_multiprocessing: bool = False,
            cache=None, callbacks=None, max_rowsize=None, offload=None,
            **kwargs: Any) -> Dataset:
        """Apply `operations` (one callable or a list, applied in order) to `input_columns`
        (the first column by default) and name the results `output_columns`."""
        from .pipeline import MapDataset
        return MapDataset(self, operations, input_columns, output_columns, num_parallel_workers)

    def shuffle(self, buffer_size: int) -> Dataset:
        """Shuffle through a buffer of `buffer_size` rows (a new order each epoch)."""
        from .pipeline import ShuffleDataset
        return ShuffleDataset(self, buffer_size)

    def repeat(self, count: int | None = None) -> Dataset:
        """Read the dataset `count` times per epoch (-1 or None: without end)."""
        from .pipeline import RepeatDataset
        return RepeatDataset(self, count)

    def take(self, count: int = -1) -> Dataset:
        from .pipeline import TakeDataset
        return TakeDataset(self, count)

    def skip(self, count: int) -> Dataset:
        from .pipeline import SkipDataset
        return SkipDataset(self, count)

    def filter(self, predicate: Callable[..., Any], input_columns: Sequence[str] | None = None,
               num_parallel_workers: int | None = None) -> Dataset:
        from .pipeline import FilterDataset
        return FilterDataset(self, predicate, input_columns)

    def project(self, columns: str | Sequence[str]) -> Dataset:
        from .pipeline import ProjectDataset
        return ProjectDataset(self, columns)

    def rename(self, input_columns: str | Sequence[str], output_columns: str | Sequence[str]
               ) -> Dataset:
        from .pipeline import RenameDataset
        return RenameDataset(self, input_columns, output_columns)

    def zip(self, datasets: Dataset | Sequence[Dataset]) -> Dataset:
        from .pipeline import ZipDataset
        others = [datasets] if isinstance(datasets, Dataset) else list(datasets)
        return ZipDataset([self, *others])

    def concat(self, datasets: Dataset | Sequence[Dataset]) -> Dataset:
        from .pipeline import ConcatDataset
        others = [datasets] if isinstance(datasets, Dataset) else list(datasets)
        return ConcatDataset([self, *others])

    def __add__(self, other: Dataset) -> Dataset:
        return self.concat(other)

    def apply(self, apply_func: Callable[[Dataset], Dataset]) -> Dataset:
        """`apply_func(self)`, which must return a Dataset (a reusable chain of ops)."""
        out = apply_func(self)
        if not isinstance(out, Dataset):
            raise TypeError("For 'apply', apply_func must return a Dataset, but it returned "
                            f"{type(out).__name__}.")
        return out

    def split(self, sizes: Sequence[int | float], randomize: bool = True) -> list[Dataset]:
        """Disjoint datasets of the given sizes (row counts, or fractions that sum to 1)."""
        from .pipeline import split
        return split(self, sizes, randomize)
