"""The UCI 8x8 handwritten digits, shipped with graphc: a loader and a batch iterator.

Data: "Optical Recognition of Handwritten Digits" by E. Alpaydin and C. Kaynak (1998), UCI
Machine Learning Repository, https://doi.org/10.24432/C50P49
(https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits), licensed
CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). graphc ships
the 1,797-image copy that scikit-learn distributes as `sklearn.datasets.load_digits` (the UCI
test set): 8x8 images whose pixels count the "on" pixels of a 4x4 block of a 32x32 bitmap
(integers 0..16), 10 classes with 174..183 images each. `digits.npz` holds `images`
(uint8 (1797, 8, 8)) and `labels` (uint8 (1797,)); `_extract_digits.py` regenerates it.

The train/test split is stratified and seeded: for each class c, the indices of its images
(in file order) are permuted with `np.random.default_rng(seed)` (one generator, classes in
order 0..9), and the first `round(test_fraction * n_c)` of them go to the test split. Each
split is then put in a seeded random order (same generator), so batches mix classes without
further shuffling. The defaults (seed=0, test_fraction=0.2) give 1,438 training and 359 test
images. The same arguments give the same arrays on every machine (NumPy's PCG64 stream is
stable across versions).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache

import numpy as np

from ..common.safe_read import FileFormatError, read_npz

NUM_CLASSES = 10
IMAGE_SIZE = 8
_MAX_PIXEL = 16.0
_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.npz")


@lru_cache(maxsize=1)
def _raw() -> tuple[np.ndarray, np.ndarray]:
    arrays = read_npz(_PATH)  # (checked like any file graphc reads: no pickle, bounded)
    images, labels = arrays.get("images"), arrays.get("labels")
    if set(arrays) != {"images", "labels"} or images is None or labels is None or \
            images.dtype != np.uint8 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE) or \
            labels.dtype != np.uint8 or labels.shape != images.shape[:1]:
        raise FileFormatError("expected uint8 'images' (N, 8, 8) and 'labels' (N,) only; "
                              "reinstall graphc", file=_PATH)
    images.flags.writeable = False
    labels.flags.writeable = False
    return images, labels


def load_digits_raw() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 images (uint8 (1797, 8, 8), 0..16) and labels (uint8 (1797,)), file order.

    The arrays are read-only and shared between calls; copy them to modify."""
    return _raw()


def _split_indices(labels: np.ndarray, seed: int, test_fraction: float
                   ) -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.default_rng(seed)
    train: list[np.ndarray] = []
    test: list[np.ndarray] = []
    for c in range(NUM_CLASSES):
        idx = gen.permutation(np.flatnonzero(labels == c))
        n_test = int(round(test_fraction * len(idx)))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    train_idx = gen.permutation(np.concatenate(train))
    test_idx = gen.permutation(np.concatenate(test))
    return train_idx, test_idx


def load_digits(split: str = "train", seed: int = 0, test_fraction: float = 0.2,
                pad: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """One split of the digits as `(images, labels)`.

    images: float32 (N, 1, 8 + 2 * pad, 8 + 2 * pad), NCHW, pixels scaled to [0, 1] (value / 16),
    with `pad` rows/columns of zeros on every side (e.g. pad=12 gives LeNet-5's 32x32).
    labels: int32 (N,), 0..9.
    `split` is "train", "test" or "all" (every image, file order; seed and test_fraction are
    then ignored). The split is stratified and seeded: see the module docstring.
    """
    if split not in ("train", "test", "all"):
        raise ValueError(f"For 'load_digits', the 'split' must be 'train', 'test' or 'all', but "
                         f"got {split!r}.")
    if not isinstance(test_fraction, (int, float)) or not 0.0 < test_fraction < 1.0:
        raise ValueError(f"For 'load_digits', the 'test_fraction' must be in (0, 1), but got "
                         f"{test_fraction!r}.")
    if not isinstance(pad, int) or isinstance(pad, bool) or pad < 0:
        raise ValueError(f"For 'load_digits', the 'pad' must be a non-negative int, but got "
                         f"{pad!r}.")
    images, labels = _raw()
    if split != "all":
        train_idx, test_idx = _split_indices(labels, seed, test_fraction)
        idx = train_idx if split == "train" else test_idx
        images, labels = images[idx], labels[idx]
    x = (images.astype(np.float32) / np.float32(_MAX_PIXEL))[:, None, :, :]
    if pad:
        x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    return np.ascontiguousarray(x), labels.astype(np.int32)


def batches(images: np.ndarray, labels: np.ndarray, batch_size: int, shuffle: bool = False,
            seed: int | None = None, drop_last: bool = False
            ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield `(images[i:i+batch_size], labels[i:i+batch_size])` NumPy batches in order, or in
    a random order drawn from `np.random.default_rng(seed)` when `shuffle`. The last, shorter
    batch is kept unless `drop_last`. Wrap the arrays in `graphc.Tensor` to feed a network."""
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
        raise ValueError(f"For 'batches', the 'batch_size' must be a positive int, but got "
                         f"{batch_size!r}.")
    n = len(images)
    if len(labels) != n:
        raise ValueError(f"For 'batches', images and labels must have the same length, but got "
                         f"{n} and {len(labels)}.")
    order = np.random.default_rng(seed).permutation(n) if shuffle else None
    stop = n - n % batch_size if drop_last else n
    for start in range(0, stop, batch_size):
        if order is None:
            yield images[start:start + batch_size], labels[start:start + batch_size]
        else:
            sel = order[start:start + batch_size]
            yield images[sel], labels[sel]


def num_batches(n: int, batch_size: int, drop_last: bool = False) -> int:
    """How many batches `batches` yields for `n` examples."""
    return n // batch_size if drop_last else -(-n // batch_size)
