"""Embedding: a lookup table of `vocab_size` rows of `embedding_size` values
(`embedding_table`, MindSpore's parameter name)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import ops
from ...common import dtype as mstype
from ...common.initializer import initializer
from ...common.parameter import Parameter
from ...common.tensor import Tensor
from ..cell import Cell
from .basic import check_positive_int


class Embedding(Cell):
    """`out[..., :] = embedding_table[ids[...]]`; output shape ids.shape + (embedding_size,).
    `padding_idx`: that row starts as zeros. `use_one_hot`: the same values computed as
    one_hot(ids) @ table."""

    def __init__(self, vocab_size: int, embedding_size: int, use_one_hot: bool = False,
                 embedding_table: Any = "normal", dtype: Any = mstype.float32,
                 padding_idx: int | None = None) -> None:
        super().__init__()
        self.vocab_size = check_positive_int("Embedding", "vocab_size", vocab_size)
        self.embedding_size = check_positive_int("Embedding", "embedding_size", embedding_size)
        if not isinstance(use_one_hot, bool):
            raise TypeError(f"For 'Embedding', the 'use_one_hot' must be a bool, but got "
                            f"{type(use_one_hot).__name__}.")
        self.use_one_hot = use_one_hot
        self.dtype = dtype
        if padding_idx is not None:
            if isinstance(padding_idx, bool) or not isinstance(padding_idx, int) or not \
                    -vocab_size <= padding_idx < vocab_size:
                raise ValueError(f"For 'Embedding', the 'padding_idx' must be an int in "
                                 f"[-{vocab_size}, {vocab_size}), but got {padding_idx!r}.")
            padding_idx %= vocab_size
        self.padding_idx = padding_idx
        table = initializer(embedding_table, [vocab_size, embedding_size], dtype)
        if padding_idx is not None:
            data = table.asnumpy().copy()
            data[padding_idx] = 0
            table = Tensor(data)
        self.embedding_table = Parameter(table, name="embedding_table")

    def construct(self, ids: Any) -> Any:
        if not isinstance(ids, Tensor) or ids.dtype.kind not in ("int", "uint"):
            raise TypeError(f"For 'Embedding', the 'ids' must be an int Tensor, but got "
                            f"{getattr(ids, 'dtype', type(ids).__name__)}.")
        if self.use_one_hot:
            hot = ops.one_hot(ids, self.vocab_size, Tensor(np.float32(1.0)),
                              Tensor(np.float32(0.0)))
            return ops.matmul(ops.cast(hot, self.embedding_table.dtype), self.embedding_table)
        return ops.gather(self.embedding_table, ids, 0)

    def extend_repr(self) -> str:
        return (f"vocab_size={self.vocab_size}, embedding_size={self.embedding_size}, "
                f"use_one_hot={self.use_one_hot}, embedding_table={self.embedding_table}, "
                f"dtype={self.dtype}, padding_idx={self.padding_idx}")
