"""The nodes the chaining methods of `Dataset` build: batch, map, shuffle, repeat, take, skip,
filter, project, rename, zip, concat, and `split`."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from . import config
from . import samplers as smp
from .datasets import Dataset, Row, Run
from .parallel import ordered_map
from .values import as_tuple, describe_error, stack_column, to_column

_INT32_MAX = 2**31 - 1


def _names(where: str, what: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise TypeError(f"For '{where}', {what} must be a string or a non-empty list of strings, "
                    f"but got {value!r}.")


def _check_count(where: str, name: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"For '{where}', {name} must be an int, but got {type(value).__name__}.")
    if not low <= value <= _INT32_MAX:
        raise ValueError(f"Input {name} is not within the required interval of "
                         f"[{low}, {_INT32_MAX}].")
    return int(value)


def _positions(where: str, have: list[str], wanted: list[str]) -> list[int]:
    missing = [c for c in wanted if c not in have]
    if missing:
        raise RuntimeError(f"For '{where}', input column name: {missing[0]} doesn't exist in "
                           f"the dataset columns {have}.")
    return [have.index(c) for c in wanted]


class BatchInfo:
    """What `per_batch_map` and a callable batch_size learn about the batch being built."""

    __slots__ = ("batch_num", "epoch_num")

    def __init__(self, batch_num: int, epoch_num: int) -> None:
        self.batch_num, self.epoch_num = batch_num, epoch_num

    def get_batch_num(self) -> int:
        return self.batch_num

    def get_epoch_num(self) -> int:
        return self.epoch_num


def _op_name(op: Any) -> str:
    if hasattr(op, "__name__") and not isinstance(op, type):
        return f"PyFunc({op.__name__})" if op.__name__ != "<lambda>" else "PyFunc(<lambda>)"
    return type(op).__name__


def _flatten_ops(operations: Any) -> list[Callable]:
    ops = operations if isinstance(operations, list) else [operations]
    out: list[Callable] = []
    for op in ops:
        if not callable(op):
            raise TypeError("For 'map', operations must be callables (transforms or Python "
                            f"functions) or a list of them, but got {type(op).__name__}.")
        out.append(op)
    return out


class MapDataset(Dataset):
    """Each row's `input_columns` through `operations`, named `output_columns`. With the same
    number of outputs as inputs the outputs take the inputs' places; otherwise they come first,
    followed by the other columns (MindSpore's order)."""

    def __init__(self, child: Dataset, operations: Any, input_columns: Any,
                 output_columns: Any, num_parallel_workers: int | None) -> None:
        super().__init__([child])
        if operations is None:
            raise ValueError("For 'map', operations must be given (a transform, a function, "
                             "or a list of them).")
        self.ops = _flatten_ops(operations)
        self.input_columns = (None if input_columns is None
                              else _names("map", "input_columns", input_columns))
        self.output_columns = (None if output_columns is None
                               else _names("map", "output_columns", output_columns))
        self.workers = (config.get_num_parallel_workers() if num_parallel_workers is None
                        else _check_count("map", "num_parallel_workers", num_parallel_workers, 1))
        self._plan: tuple[list[int], list[str], list[int]] | None = None

    def _layout(self) -> tuple[list[int], list[str], list[int]]:
        """(input positions, output column names, positions of the columns kept as they are)."""
        if self._plan is None:
            have = self.children[0].columns()
            inputs = self.input_columns or have[:1]
            pos = _positions("map", have, inputs)
            outs = self.output_columns or inputs
            rest = [i for i in range(len(have)) if i not in pos]
            self._plan = (pos, outs, rest)
        return self._plan

    def columns(self) -> list[str]:
        pos, outs, rest = self._layout()
        have = self.children[0].columns()
        if len(outs) == len(pos):
            names = list(have)
            for p, name in zip(pos, outs):
                names[p] = name
            return names
        return outs + [have[i] for i in rest]

    def size(self) -> int | None:
        return self.children[0].get_dataset_size()

    def _apply(self, row: Row, rng_key: tuple[int, ...]) -> Row:
        pos, outs, rest = self._layout()
        values: tuple[Any, ...] = tuple(row[p] for p in pos)
        names = [self.children[0].columns()[p] for p in pos]
        config.install_row_rng(rng_key)
        try:
            for op in self.ops:
                try:
                    values = as_tuple(op(*values))
                except Exception as exc:
                    raise RuntimeError(
                        f"map operation: [{_op_name(op)}] failed on input column(s) {names}. "
                        f"Error description:\n{describe_error(exc)}\nCheck that the op accepts "
                        "the column's shape and dtype (and the columns' number).") from exc
        finally:
            config.install_row_rng(None)
        if len(values) != len(outs):
            raise RuntimeError(
                f"map operation: the ops returned {len(values)} column(s) but output_columns "
                f"names {len(outs)} ({outs}); give output_columns one name per result.")
        values = tuple(to_column(v) for v in values)
        if len(outs) == len(pos):
            new = list(row)
            for p, v in zip(pos, values):
                new[p] = v
            return tuple(new)
        return values + tuple(row[i] for i in rest)

    def rows(self, run: Run) -> Iterator[Row]:
        salt = run.node_id(self)

        def work(item: tuple[int, Row]) -> Row:
            k, row = item
            return self._apply(row, (run.seed, 20, salt, run.epoch, k))

        return ordered_map(work, enumerate(self.children[0].rows(run)), self.workers)


class BatchDataset(Dataset):
    """Consecutive rows stacked along a new first axis."""

    def __init__(self, child: Dataset, batch_size: Any, drop_remainder: bool,
                 per_batch_map: Callable | None, input_columns: Any, output_columns: Any,
                 pad_info: dict | None) -> None:
        super().__init__([child])
        if not callable(batch_size):
            batch_size = _check_count("batch", "batch_size", batch_size, 1)
        if not isinstance(drop_remainder, bool):
            raise TypeError("For 'batch', drop_remainder must be a bool, "
                            f"but got {type(drop_remainder).__name__}.")
        if per_batch_map is not None and not callable(per_batch_map):
            raise TypeError("For 'batch', per_batch_map must be callable, "
                            f"but got {type(per_batch_map).__name__}.")
        self.batch_size, self.drop_remainder = batch_size, drop_remainder
        self.per_batch_map = per_batch_map
        self.input_columns = (None if input_columns is None
                              else _names("batch", "input_columns", input_columns))
        self.output_columns = (None if output_columns is None
                               else _names("batch", "output_columns", output_columns))
        self.pad_info = pad_info

    def batch_size_of(self):
        return self.batch_size

    def columns(self) -> list[str]:
        have = self.children[0].columns()
        if self.per_batch_map is None or self.output_columns is None:
            return have
        inputs = self.input_columns or have
        pos = _positions("batch", have, inputs)
        outs = self.output_columns
        if len(outs) == len(pos):
            names = list(have)
            for p, name in zip(pos, outs):
                names[p] = name
            return names
        return outs + [c for i, c in enumerate(have) if i not in pos]

    def size(self) -> int | None:
        if callable(self.batch_size):
            return None
        n = self.children[0].get_dataset_size()
        return n // self.batch_size if self.drop_remainder else math.ceil(n / self.batch_size)

    def rows(self, run: Run) -> Iterator[Row]:
        batch: list[Row] = []
        num = 0
        want = self._want(num, run)
        for row in self.children[0].rows(run):
            batch.append(row)
            if len(batch) == want:
                yield self._make(batch, num, run)
                batch, num = [], num + 1
                want = self._want(num, run)
        if batch and not self.drop_remainder:
            yield self._make(batch, num, run)

    def _want(self, num: int, run: Run) -> int:
        if not callable(self.batch_size):
            return self.batch_size
        n = self.batch_size(BatchInfo(num, run.epoch))
        return _check_count("batch", "batch_size", n, 1)

    def _make(self, batch: list[Row], num: int, run: Run) -> Row:
        have = self.children[0].columns()
        cols: list[list[Any]] = [list(c) for c in zip(*batch)]
        if self.per_batch_map is not None:
            cols = self._per_batch(cols, have, BatchInfo(num, run.epoch))
            names = self.columns()
        else:
            names = have
        return tuple(self._stack(c, i, names[i]) for i, c in enumerate(cols))

    def _per_batch(self, cols: list[list[Any]], have: list[str], info: BatchInfo
                   ) -> list[list[Any]]:
        inputs = self.input_columns or have
        pos = _positions("batch", have, inputs)
        assert self.per_batch_map is not None
        try:
            result = self.per_batch_map(*[cols[p] for p in pos], info)
        except Exception as exc:
            raise RuntimeError(f"batch: per_batch_map {_op_name(self.per_batch_map)} failed on "
                               f"column(s) {inputs}. Error description:\n"
                               f"{describe_error(exc)}") from exc
        result = result if isinstance(result, tuple) else (result,)
        outs = self.output_columns or inputs
        if len(result) != len(outs):
            raise RuntimeError(f"batch: per_batch_map returned {len(result)} column(s) but "
                               f"{len(outs)} are expected ({outs}); return a tuple with one "
                               "list per column, or give output_columns.")
        if len(outs) == len(pos):
            new = list(cols)
            for p, v in zip(pos, result):
                new[p] = list(v)
            return new
        return [list(v) for v in result] + [c for i, c in enumerate(cols) if i not in pos]

    def _stack(self, values: list[Any], index: int, name: str) -> np.ndarray:
        arrays = [to_column(v) for v in values]
        if self.pad_info is not None and (name in self.pad_info or not self.pad_info):
            arrays = self._pad(arrays, name)
        return stack_column(arrays, index, name, "resize or pad the rows to one shape first "
                            "(map, or batch's pad_info / per_batch_map)")

    def _pad(self, arrays: list[np.ndarray], name: str) -> list[np.ndarray]:
        assert self.pad_info is not None
        shape, value = self.pad_info.get(name) or (None, 0)
        rank = np.ndim(arrays[0])
        widest = [max(np.shape(a)[d] for a in arrays) for d in range(rank)]
        target = [w if s is None else s for w, s in zip(widest, shape or [None] * rank)]
        out = []
        for a in arrays:
            a = np.asarray(a)
            if any(x > t for x, t in zip(a.shape, target)):
                raise RuntimeError(f"batch: a row of column '{name}' has shape {a.shape}, "
                                   f"larger than the pad_info shape {tuple(target)}.")
            pad = [(0, t - x) for x, t in zip(a.shape, target)]
            out.append(np.pad(a, pad, constant_values=value or 0))
        return out


class ShuffleDataset(Dataset):
    """MindSpore's buffer shuffle: keep `buffer_size` rows; emit a random one and replace it
    with the next row; drain the buffer in random order at the end."""

    def __init__(self, child: Dataset, buffer_size: int) -> None:
        super().__init__([child])
        self.buffer_size = _check_count("shuffle", "buffer_size", buffer_size, 2)

    def columns(self) -> list[str]:
        return self.children[0].columns()

    def size(self) -> int | None:
        return self.children[0].get_dataset_size()

    def rows(self, run: Run) -> Iterator[Row]:
        gen = config.make_rng(run.seed, 10, run.node_id(self), run.epoch)
        buf: list[Row] = []
        for row in self.children[0].rows(run):
            if len(buf) < self.buffer_size:
                buf.append(row)
                continue
            k = int(gen.integers(len(buf)))
            out, buf[k] = buf[k], row
            yield out
        for k in gen.permutation(len(buf)):
            yield buf[int(k)]


class RepeatDataset(Dataset):
    def __init__(self, child: Dataset, count: int | None) -> None:
        super().__init__([child])
        if count is None:
            count = -1
        if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or not (
                count == -1 or 1 <= count <= _INT32_MAX):
            raise ValueError("count should be either -1 or positive integer, "
                             f"range[1, INT32_MAX], but got {count!r}.")
        self.count = int(count)

    def columns(self) -> list[str]:
        return self.children[0].columns()

    def repeat_count(self) -> int:
        return self.count

    def size(self) -> int | None:
        n = self.children[0].get_dataset_size()
        if self.count == -1:
            return n  # MindSpore reports one pass for an endless repeat
        return n * self.count

    def rows(self, run: Run) -> Iterator[Row]:
        rep = 0
        per = self.count if self.count > 0 else 1 << 20
        while self.count == -1 or rep < self.count:
            yield from self.children[0].rows(run.with_epoch(run.epoch * per + rep))
            rep += 1


class TakeDataset(Dataset):
    def __init__(self, child: Dataset, count: int) -> None:
        super().__init__([child])
        if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or not (
                count == -1 or 0 <= count <= _INT32_MAX):
            raise ValueError("For 'take', count should be either -1 or a non-negative "
                             f"integer, but got {count!r}.")
        self.count = int(count)

    def columns(self) -> list[str]:
        return self.children[0].columns()

    def size(self) -> int | None:
        n = self.children[0].get_dataset_size()
        if self.count == -1:
            return n
        return min(n, self.count)

    def rows(self, run: Run) -> Iterator[Row]:
        if self.count == -1:
            yield from self.children[0].rows(run)
            return
        if self.count == 0:
            return
        for k, row in enumerate(self.children[0].rows(run)):
            yield row
            if k + 1 >= self.count:
                return


class SkipDataset(Dataset):
    def __init__(self, child: Dataset, count: int) -> None:
        super().__init__([child])
        self.count = _check_count("skip", "count", count, 0)

    def columns(self) -> list[str]:
        return self.children[0].columns()

    def size(self) -> int | None:
        n = self.children[0].get_dataset_size()
        return max(n - self.count, 0)

    def rows(self, run: Run) -> Iterator[Row]:
        for k, row in enumerate(self.children[0].rows(run)):
            if k >= self.count:
                yield row


class FilterDataset(Dataset):
    def __init__(self, child: Dataset, predicate: Callable[..., Any], input_columns: Any) -> None:
        super().__init__([child])
        if not callable(predicate):
            raise TypeError("For 'filter', predicate must be callable.")
        self.predicate = predicate
        self.input_columns = (None if input_columns is None
                              else _names("filter", "input_columns", input_columns))

    def columns(self) -> list[str]:
        return self.children[0].columns()

    def rows(self, run: Run) -> Iterator[Row]:
        have = self.children[0].columns()
        pos = _positions("filter", have, self.input_columns or have)
        for row in self.children[0].rows(run):
            try:
                keep = self.predicate(*[row[p] for p in pos])
            except Exception as exc:
                raise RuntimeError(f"filter: predicate {_op_name(self.predicate)} failed. "
                                   f"Error description:\n{describe_error(exc)}") from exc
            if bool(np.asarray(keep)):
                yield row


class ProjectDataset(Dataset):
    def __init__(self, child: Dataset, columns: Any) -> None:
        super().__init__([child])
        self.wanted = _names("project", "columns", columns)
        self.pos = _positions("project", child.columns(), self.wanted)

    def columns(self) -> list[str]:
        return list(self.wanted)

    def size(self) -> int | None:
        return self.children[0].get_dataset_size()

    def rows(self, run: Run) -> Iterator[Row]:
        for row in self.children[0].rows(run):
            yield tuple(row[p] for p in self.pos)


class RenameDataset(Dataset):
    def __init__(self, child: Dataset, input_columns: Any, output_columns: Any) -> None:
        super().__init__([child])
        ins = _names("rename", "input_columns", input_columns)
        outs = _names("rename", "output_columns", output_columns)
        if len(ins) != len(outs):
            raise ValueError(f"For 'rename', input_columns ({len(ins)}) and output_columns "
                             f"({len(outs)}) must have the same length.")
        have = child.columns()
        _positions("rename", have, ins)
        mapping = dict(zip(ins, outs))
        self.names = [mapping.get(c, c) for c in have]
        if len(set(self.names)) != len(self.names):
            raise ValueError(f"For 'rename', the new column names {self.names} repeat a name.")

    def columns(self) -> list[str]:
        return list(self.names)

    def size(self) -> int | None:
        return self.children[0].get_dataset_size()

    def rows(self, run: Run) -> Iterator[Row]:
        return self.children[0].rows(run)


class ZipDataset(Dataset):
    """Rows side by side, as long as the shortest input; column names must not repeat."""

    def __init__(self, datasets: Sequence[Dataset]) -> None:
        for d in datasets:
            if not isinstance(d, Dataset):
                raise TypeError(f"For 'zip', every input must be a Dataset, but got "
                                f"{type(d).__name__}.")
        super().__init__(datasets)
        names: list[str] = []
        for d in datasets:
            for c in d.columns():
                if c in names:
                    raise RuntimeError(f"For 'zip', duplicate column {c} already exists in "
                                     "another input; rename or project it first.")
                names.append(c)
        self.names = names

    def columns(self) -> list[str]:
        return list(self.names)

    def size(self) -> int | None:
        sizes = [d.get_dataset_size() for d in self.children]
        return min(sizes)

    def rows(self, run: Run) -> Iterator[Row]:
        for parts in zip(*(d.rows(run) for d in self.children)):
            yield tuple(v for part in parts for v in part)


class ConcatDataset(Dataset):
    """The inputs' rows one input after another; all must have the same columns."""

    def __init__(self, datasets: Sequence[Dataset]) -> None:
        for d in datasets:
            if not isinstance(d, Dataset):
                raise TypeError(f"For 'concat', every input must be a Dataset, but got "
                                f"{type(d).__name__}.")
        super().__init__(datasets)
        first = datasets[0].columns()
        for d in datasets[1:]:
            if d.columns() != first:
                raise ValueError(f"For 'concat', the inputs must have the same columns, but "
                                 f"got {first} and {d.columns()}.")

    def columns(self) -> list[str]:
        return self.children[0].columns()

    def size(self) -> int | None:
        sizes = [d.get_dataset_size() for d in self.children]
        return sum(sizes)

    def rows(self, run: Run) -> Iterator[Row]:
        for d in self.children:
            yield from d.rows(run)


class PositionSubset(Dataset):
    """The rows at the given positions of each epoch of `child` (in `child`'s order)."""

    def __init__(self, child: Dataset, positions: np.ndarray) -> None:
        super().__init__([child])
        self.positions = frozenset(int(p) for p in positions)

    def columns(self) -> list[str]:
        return self.children[0].columns()

    def size(self) -> int | None:
        return len(self.positions)

    def rows(self, run: Run) -> Iterator[Row]:
        for k, row in enumerate(self.children[0].rows(run)):
            if k in self.positions:
                yield row


def split_sizes(sizes: Sequence[int | float], n: int) -> list[int]:
    """Absolute split sizes (MindSpore's rule: fractions are rounded, the first split absorbs
    the difference)."""
    if not isinstance(sizes, list) or not sizes:
        raise RuntimeError("For 'split', sizes must be a non-empty list.")
    if n <= 0:
        raise RuntimeError("dataset_size is unknown, unable to split.")
    if all(isinstance(s, int) and not isinstance(s, bool) for s in sizes):
        if any(s <= 0 for s in sizes):  # type: ignore[operator]
            raise ValueError(f"For 'split', sizes must be positive, but got {sizes}.")
        if sum(sizes) != n:  # type: ignore[arg-type]
            raise RuntimeError(f"Sum of split sizes {sum(sizes)} is not equal to dataset size "
                               f"{n}.")
        return [int(s) for s in sizes]
    if not all(isinstance(s, float) and 0 < s <= 1 for s in sizes) or not math.isclose(
            sum(sizes), 1.0, abs_tol=1e-9):
        raise ValueError("For 'split', sizes must be all ints that sum to the dataset size, or "
                         f"all floats in (0, 1] that sum to 1, but got {sizes}.")
    out = []
    for s in sizes:
        k = int(round(s * n))
        if k == 0:
            raise RuntimeError(f"Split percentage {s} is too small.")
        out.append(k)
    diff = n - sum(out)
    if diff > 0:
        out[0] += diff
    elif diff < 0:
        for i, k in enumerate(out):
            if k > -diff:
                out[i] += diff
                break
    return out


def split(dataset: Dataset, sizes: Sequence[int | float], randomize: bool) -> list[Dataset]:
    """`dataset.split`: disjoint parts. A random-access source is copied with a subset sampler
    per part (shuffled each epoch when `randomize`); any other pipeline is read whole and each
    part keeps its rows' positions (chosen at random when `randomize`)."""
    from .sources import RandomAccessSource
    n = dataset.get_dataset_size()
    counts = split_sizes(list(sizes), n)
    order = (config.make_rng(config.pipeline_seed(), 30).permutation(n) if randomize
             else np.arange(n))
    bounds = np.cumsum([0, *counts])
    parts = [order[bounds[i]:bounds[i + 1]] for i in range(len(counts))]
    if isinstance(dataset, RandomAccessSource) and isinstance(
            dataset.sampler, (smp.SequentialSampler, smp.RandomSampler)) and (
            dataset.sampler.num_samples is None) and (
            getattr(dataset.sampler, "start_index", 0) == 0):
        out: list[Dataset] = []
        for part in parts:
            clone = copy.copy(dataset)
            clone.children = []
            sampler_type = smp.SubsetRandomSampler if randomize else smp.SubsetSampler
            clone.use_sampler(sampler_type(np.sort(part) if not randomize else part))
            out.append(clone)
        return out
    return [PositionSubset(dataset, part) for part in parts]
