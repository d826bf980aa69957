"""Readers of the standard dataset files users have on disk: `MnistDataset` (idx files),
`Cifar10Dataset` / `Cifar100Dataset` (the binary batches) and `ImageFolderDataset` (one
sub-folder of images per class). Each is a random-access source: shuffled by default, with
`num_samples`, `sampler` and `num_shards`/`shard_id` as in MindSpore. Files are memory-mapped
and checked when the dataset is built; a missing folder is a ValueError and a malformed file
a RuntimeError naming the file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from .datasets import Row
from .sources import RandomAccessSource
from .vision import image_ops


def _check_dir(dataset_dir: Any) -> str:
    if not isinstance(dataset_dir, (str, os.PathLike)):
        raise TypeError(f"dataset_dir must be a path (str), but got {type(dataset_dir).__name__}.")
    path = os.fspath(dataset_dir)
    if not os.path.isdir(path) or not os.access(path, os.R_OK):
        raise ValueError(f"The folder {path} does not exist or is not a directory or "
                         "permission denied!")
    return path


def _check_usage(usage: str | None, valid: Sequence[str]) -> str:
    usage = "all" if usage is None else usage
    if usage not in valid:
        raise ValueError(f"Input usage is not within the valid set of {list(valid)}.")
    return usage


class _ArrayReader(RandomAccessSource):
    """A source over parallel arrays (images, labels, ...) already read from files."""

    names: list[str] = []

    def _set_arrays(self, arrays: list[Any]) -> None:
        self.arrays = arrays

    def columns(self) -> list[str]:
        return list(self.names)

    def length(self) -> int:
        return len(self.arrays[0]) if self.arrays else 0

    def read(self, index: int) -> Row:
        return tuple(np.array(a[index]) for a in self.arrays)


def _read_idx(path: str, want_rank: int, magic: int) -> np.ndarray:
    header = 4 + 4 * want_rank
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(header)
    if len(head) < header:
        raise RuntimeError(f"Invalid mnist file, the first data length of {path} should be "
                           f"{header} bytes (contains type, number, row and column), but got "
                           f"{len(head)}.")
    found = int.from_bytes(head[:4], "big")
    if found != magic:
        raise RuntimeError(f"Invalid mnist file {path}: magic number {found}, expected {magic} "
                           "(an uncompressed idx file; gunzip it first if it is .gz).")
    dims = [int.from_bytes(head[4 + 4 * i:8 + 4 * i], "big") for i in range(want_rank)]
    if size - header != int(np.prod(dims)):
        raise RuntimeError(f"Invalid mnist file {path}: the header says {dims} but the file "
                           f"holds {size - header} bytes of data; re-download it.")
    return np.memmap(path, np.uint8, "r", offset=header, shape=tuple(dims))


def _find(folder: str, names: Sequence[str]) -> str | None:
    for n in names:
        p = os.path.join(folder, n)
        if os.path.isfile(p):
            return p
    return None


class MnistDataset(_ArrayReader):
    """MNIST idx files (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-...`):
    columns image (28, 28, 1) uint8 and label uint32; `usage` 'train', 'test' or 'all'."""

    where = "MnistDataset"
    names = ["image", "label"]

    def __init__(self, dataset_dir: str, usage: str | None = None,
                 num_samples: int | None = None, num_parallel_workers: int | None = None,
                 shuffle: bool | None = None, sampler: Any = None,
                 num_shards: int | None = None, shard_id: int | None = None,
                 cache: Any = None) -> None:
        folder = _check_dir(dataset_dir)
        usage = _check_usage(usage, ["train", "test", "all"])
        super().__init__(num_samples, shuffle, sampler, num_shards, shard_id,
                         num_parallel_workers)
        prefixes = {"train": ["train"], "test": ["t10k"], "all": ["t10k", "train"]}[usage]
        images, labels = [], []
        for p in prefixes:
            img = _find(folder, [f"{p}-images-idx3-ubyte", f"{p}-images.idx3-ubyte"])
            lab = _find(folder, [f"{p}-labels-idx1-ubyte", f"{p}-labels.idx1-ubyte"])
            if img is None or lab is None:
                if usage == "all":
                    continue
                raise RuntimeError(f"MnistDataset: no {p}-images-idx3-ubyte / "
                                   f"{p}-labels-idx1-ubyte in {folder} (usage={usage!r}).")
            x, y = _read_idx(img, 3, 2051), _read_idx(lab, 1, 2049)
            if len(x) != len(y):
                raise RuntimeError(f"Invalid mnist file: {img} holds {len(x)} images but {lab} "
                                   f"holds {len(y)} labels.")
            images.append(x)
            labels.append(y)
        if images:
            self._set_arrays([np.concatenate(images)[..., None] if len(images) > 1
                              else images[0][..., None],
                              np.concatenate(labels).astype(np.uint32)])
        else:
            self._set_arrays([np.zeros((0, 28, 28, 1), np.uint8), np.zeros(0, np.uint32)])


class FashionMnistDataset(MnistDataset):
    """Fashion-MNIST: the same idx files and columns as MNIST."""

    where = "FashionMnistDataset"


class KMnistDataset(MnistDataset):
    """Kuzushiji-MNIST: the same idx files and columns as MNIST."""

    where = "KMnistDataset"


def _read_records(path: str, record: int) -> np.ndarray:
    size = os.path.getsize(path)
    if size == 0 or size % record:
        raise RuntimeError(f"Invalid cifar file, failed to read data from: {path}: its size "
                           f"{size} is not a multiple of the {record}-byte record (make sure it "
                           "is the CIFAR binary version).")
    return np.memmap(path, np.uint8, "r", shape=(size // record, record))


def _cifar_files(folder: str, usage: str, train: str, test: str) -> list[str]:
    names = sorted(os.listdir(folder))
    chosen = [n for n in names if (usage in ("train", "all") and n.startswith(train)
                                   and n.endswith(".bin"))
              or (usage in ("test", "all") and n == test)]
    return [os.path.join(folder, n) for n in sorted(chosen)]


class Cifar10Dataset(_ArrayReader):
    """CIFAR-10 binary batches (`data_batch_*.bin`, `test_batch.bin`): columns image
    (32, 32, 3) HWC uint8 and label uint32."""

    where = "Cifar10Dataset"
    names = ["image", "label"]
    record, labels_per_record = 3073, 1

    def __init__(self, dataset_dir: str, usage: str | None = None,
                 num_samples: int | None = None, num_parallel_workers: int | None = None,
                 shuffle: bool | None = None, sampler: Any = None,
                 num_shards: int | None = None, shard_id: int | None = None,
                 cache: Any = None) -> None:
        folder = _check_dir(dataset_dir)
        usage = _check_usage(usage, ["train", "test", "all"])
        super().__init__(num_samples, shuffle, sampler, num_shards, shard_id,
                         num_parallel_workers)
        files = self._files(folder, usage)
        recs = [_read_records(p, self.record) for p in files]
        data = np.concatenate(recs) if len(recs) > 1 else (
            recs[0] if recs else np.zeros((0, self.record), np.uint8))
        k = self.labels_per_record
        images = _CifarImages(data, k)
        self._set_arrays([images, *[data[:, i].astype(np.uint32) for i in range(k)]])

    def _files(self, folder: str, usage: str) -> list[str]:
        return _cifar_files(folder, usage, "data_batch_", "test_batch.bin")


class _CifarImages:
    """Record rows seen as HWC images, converted one at a time."""

    def __init__(self, records: np.ndarray, skip: int) -> None:
        self.records, self.skip = records, skip

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, i: int) -> np.ndarray:
        return self.records[i, self.skip:].reshape(3, 32, 32).transpose(1, 2, 0)


class Cifar100Dataset(Cifar10Dataset):
    """CIFAR-100 binary files (`train.bin`, `test.bin`): image, coarse_label, fine_label."""

    where = "Cifar100Dataset"
    names = ["image", "coarse_label", "fine_label"]
    record, labels_per_record = 3074, 2

    def _files(self, folder: str, usage: str) -> list[str]:
        return _cifar_files(folder, usage, "train.bin", "test.bin")


class ImageFolderDataset(RandomAccessSource):
    """One sub-folder per class: columns image (the file's bytes, uint8; decoded to HWC RGB
    with `decode=True`) and label int32, classes numbered in sorted folder order unless
    `class_indexing` maps folder names to labels (other folders are left out)."""

    where = "ImageFolderDataset"

    def __init__(self, dataset_dir: str, num_samples: int | None = None,
                 num_parallel_workers: int | None = None, shuffle: bool | None = None,
                 sampler: Any = None, extensions: Sequence[str] | None = None,
                 class_indexing: dict[str, int] | None = None, decode: bool = False,
                 num_shards: int | None = None, shard_id: int | None = None, cache: Any = None,
                 decrypt: Any = None) -> None:
        folder = _check_dir(dataset_dir)
        super().__init__(num_samples, shuffle, sampler, num_shards, shard_id,
                         num_parallel_workers)
        classes = sorted(e.name for e in os.scandir(folder) if e.is_dir())
        if class_indexing is not None:
            if not isinstance(class_indexing, dict):
                raise TypeError("For 'ImageFolderDataset', class_indexing must be a dict from "
                                "folder name to label.")
            self.class_indexing = dict(class_indexing)
            classes = [c for c in classes if c in class_indexing]
        else:
            self.class_indexing = {c: i for i, c in enumerate(classes)}
        exts = None if extensions is None else tuple(e.lower() for e in extensions)
        self.files: list[tuple[str, int]] = []
        for c in classes:
            for dirpath, dirnames, filenames in os.walk(os.path.join(folder, c)):
                dirnames.sort()
                for name in sorted(filenames):
                    if exts is None or name.lower().endswith(exts):
                        self.files.append((os.path.join(dirpath, name), self.class_indexing[c]))
        self.decode = decode

    def columns(self) -> list[str]:
        return ["image", "label"]

    def length(self) -> int:
        return len(self.files)

    def read(self, index: int) -> Row:
        path, label = self.files[index]
        try:
            data = np.fromfile(path, np.uint8)
        except OSError as exc:
            raise RuntimeError(f"ImageFolderDataset: cannot read {path}: {exc}") from None
        if self.decode:
            try:
                data = image_ops.decode(data)
            except RuntimeError as exc:
                raise RuntimeError(f"ImageFolderDataset: {path}: {exc}") from None
        return data, np.array(label, np.int32)

    def get_class_indexing(self) -> dict[str, int]:
        return dict(self.class_indexing)

    def num_classes(self) -> int:
        return len(set(self.class_indexing.values()))
