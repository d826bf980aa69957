"""`CSVDataset`: rows of CSV files (MindSpore's non-mappable text reader) and the `Shuffle`
modes of such readers.

Rows of several files are interleaved one at a time, file after file, as MindSpore reads
them; without `column_defaults` every field is a string, with it each column takes the type
of its default (int -> int32, float -> float32, str). Shards are consecutive blocks of
ceil(rows / num_shards) rows, the last one wrapping to the start (MindSpore's shards of
non-mappable readers)."""

from __future__ import annotations

import csv
import enum
import math
import os
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from . import config
from .datasets import Dataset, Row, Run
from .samplers import check_shards


class Shuffle(enum.Enum):
    FALSE = "false"
    ADAPTIVE = "adaptive"
    GLOBAL = "global"
    PARTIAL = "partial"
    FILES = "files"
    INFILE = "infile"


def _files(where: str, dataset_files: Any) -> list[str]:
    files = [dataset_files] if isinstance(dataset_files, (str, os.PathLike)) else list(
        dataset_files)
    if not files:
        raise ValueError(f"For '{where}', dataset_files must name at least one file.")
    for f in files:
        if not os.path.isfile(f):
            raise ValueError(f"The file {f} does not exist or permission denied!")
    return [os.fspath(f) for f in files]


def _typed(where: str, value: str, default: Any, path: str, line: int) -> np.ndarray:
    if isinstance(default, str):
        return np.array(value)
    try:
        if isinstance(default, int) and not isinstance(default, bool):
            return np.array(int(value) if value != "" else default, np.int32)
        return np.array(float(value) if value != "" else default, np.float32)
    except ValueError:
        raise RuntimeError(f"{where}: {path} line {line}: field {value!r} is not of the type "
                           f"({type(default).__name__}) of its column_defaults entry; fix the "
                           "file or the default.") from None


class CSVDataset(Dataset):
    """Rows of CSV files; the first line names the columns unless `column_names` does."""

    def __init__(self, dataset_files: Any, field_delim: str = ",",
                 column_defaults: Sequence[Any] | None = None,
                 column_names: Sequence[str] | None = None, num_samples: int | None = None,
                 num_parallel_workers: int | None = None, shuffle: Any = Shuffle.GLOBAL,
                 num_shards: int | None = None, shard_id: int | None = None,
                 cache: Any = None) -> None:
        super().__init__()
        where = "CSVDataset"
        self.paths = _files(where, dataset_files)
        if (num_shards is None) != (shard_id is None):
            raise ValueError("num_shards and shard_id need to be passed in together.")
        if num_shards is not None:
            check_shards(where, num_shards, shard_id)
        self.num_shards, self.shard_id = num_shards, shard_id
        self.shuffle = Shuffle.FALSE if shuffle is False else (
            Shuffle.GLOBAL if shuffle is True else Shuffle(shuffle))
        self.num_samples = num_samples or None
        per_file: list[list[Row]] = []
        header: list[str] | None = None
        for path in self.paths:
            with open(path, newline="") as f:
                lines = list(csv.reader(f, delimiter=field_delim))
            if column_names is None and lines:
                header, lines = lines[0], lines[1:]
            width = len(column_names or header or [])
            rows = []
            for k, fields in enumerate(lines, start=2 if column_names is None else 1):
                if len(fields) != width:
                    raise RuntimeError(f"{where}: {path} line {k} has {len(fields)} fields but "
                                       f"there are {width} columns.")
                if column_defaults is None:
                    rows.append(tuple(np.array(v) for v in fields))
                else:
                    rows.append(tuple(_typed(where, v, d, path, k)
                                      for v, d in zip(fields, column_defaults)))
            per_file.append(rows)
        self.names = list(column_names or header or [])
        if column_defaults is not None and len(column_defaults) != len(self.names):
            raise ValueError(f"For '{where}', column_defaults has {len(column_defaults)} "
                             f"entries for {len(self.names)} columns.")
        self.per_file = per_file

    def columns(self) -> list[str]:
        return list(self.names)

    def _order(self, run: Run) -> list[Row]:
        files = list(self.per_file)
        gen = config.make_rng(run.seed, 40, run.node_id(self), run.epoch)
        if self.shuffle in (Shuffle.FILES, Shuffle.GLOBAL):
            files = [files[int(i)] for i in gen.permutation(len(files))]
        if self.shuffle in (Shuffle.INFILE, Shuffle.GLOBAL):
            files = [[rows[int(i)] for i in gen.permutation(len(rows))] for rows in files]
        order: list[Row] = []
        for k in range(max((len(r) for r in files), default=0)):
            order.extend(rows[k] for rows in files if k < len(rows))
        if self.shuffle is Shuffle.GLOBAL:
            order = [order[int(i)] for i in gen.permutation(len(order))]
        return order

    def _picks(self, n: int) -> list[int]:
        if self.num_shards is None or n == 0:
            picks = list(range(n))
        else:
            per = math.ceil(n / self.num_shards)
            assert self.shard_id is not None
            picks = [(self.shard_id * per + k) % n for k in range(per)]
        return picks if self.num_samples is None else picks[:self.num_samples]

    def size(self) -> int | None:
        return len(self._picks(sum(len(r) for r in self.per_file)))

    def rows(self, run: Run) -> Iterator[Row]:
        order = self._order(run)
        for i in self._picks(len(order)):
            yield order[i]
