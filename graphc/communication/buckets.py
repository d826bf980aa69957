"""Gradient buckets: which gradients travel together in one flattened buffer, so a training
step runs one collective per bucket rather than one per Parameter.

Buckets keep the Parameters' order (the order every rank agrees on), hold one dtype each and
stop growing at `bucket_bytes` (a single larger gradient gets a bucket of its own). `split_at`
(MindSpore's `all_reduce_fusion_config`) also starts a new bucket at each listed index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_BUCKET_BYTES = 25 << 20  # 25 MiB, as PyTorch's DistributedDataParallel


@dataclass(frozen=True, slots=True)
class Bucket:
    """The gradients (by position) packed into one buffer, with their shapes and sizes."""

    indices: tuple[int, ...]
    shapes: tuple[tuple[int, ...], ...]
    sizes: tuple[int, ...]
    dtype: str

    @property
    def numel(self) -> int:
        return sum(self.sizes)


def plan_buckets(shapes: Sequence[tuple[int, ...]], dtypes: Sequence[str],
                 bucket_bytes: int = DEFAULT_BUCKET_BYTES,
                 split_at: tuple[int, ...] = ()) -> tuple[Bucket, ...]:
    """Group gradients of the given shapes and dtype names (NumPy names) into buckets."""
    if not isinstance(bucket_bytes, int) or isinstance(bucket_bytes, bool) or bucket_bytes <= 0:
        raise ValueError(f"The bucket size must be a positive int of bytes, but got "
                         f"{bucket_bytes!r}.")
    buckets: list[Bucket] = []
    open_by_dtype: dict[str, list[int]] = {}
    used: dict[str, int] = {}

    def close(dtype: str) -> None:
        members = open_by_dtype.pop(dtype, [])
        used.pop(dtype, None)
        if members:
            buckets.append(Bucket(tuple(members), tuple(tuple(shapes[i]) for i in members),
                                  tuple(int(np.prod(shapes[i], dtype=np.int64))
                                        for i in members), dtype))

    splits = set(split_at)
    for i, (shape, dtype) in enumerate(zip(shapes, dtypes, strict=True)):
        if i in splits:
            for open_dtype in list(open_by_dtype):
                close(open_dtype)
        nbytes = int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize
        if dtype in open_by_dtype and used[dtype] + nbytes > bucket_bytes:
            close(dtype)
        open_by_dtype.setdefault(dtype, []).append(i)
        used[dtype] = used.get(dtype, 0) + nbytes
    for dtype in list(open_by_dtype):
        close(dtype)
    buckets.sort(key=lambda b: b.indices[0])
    return tuple(buckets)
