"""MindSpore's sparse tensors (`mindspore.common.sparse_tensor`): `COOTensor(indices, values,
shape)`, `CSRTensor(indptr, indices, values, shape)` and `RowTensorInner(indices, values,
dense_shape)`. Each holds its component Tensors and converts to a dense Tensor with
`to_dense()`; graphc computes with the dense form (there are no sparse kernels), and inside a
compiled function a sparse tensor is a constant."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtype as mstype
from .tensor import Tensor


def _tensor(op: str, name: str, value: Any, ndim: int, integer: bool = False) -> Tensor:
    t = value if isinstance(value, Tensor) else Tensor(value)
    if t.ndim != ndim:
        raise ValueError(f"For {op}, '{name}' must be a {ndim}-dimensional tensor, but got a "
                         f"{t.ndim}-dimensional tensor.")
    if integer and not t.dtype.is_int:
        raise TypeError(f"For {op}, '{name}' must be an int tensor, but got {t.dtype}.")
    return t


def _shape(op: str, shape: Any) -> tuple[int, ...]:
    if not isinstance(shape, (tuple, list)) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in shape):
        raise TypeError(f"For {op}, 'shape' must be a tuple of positive ints, but got "
                        f"{shape!r}.")
    return tuple(shape)


def _describe(t: Tensor) -> str:
    return f"Tensor(shape={list(t.shape)}, dtype={t.dtype}, value={t.asnumpy()})"


class COOTensor:
    """A sparse tensor in coordinate form: `values[i]` sits at `indices[i]` (N x ndim)."""

    def __init__(self, indices: Any, values: Any, shape: Any) -> None:
        self.indices = _tensor("COOTensor", "indices", indices, 2, integer=True)
        self.values = _tensor("COOTensor", "values", values, 1)
        self.shape = _shape("COOTensor", shape)
        if self.indices.shape != (self.values.shape[0], len(self.shape)):
            raise ValueError(f"For COOTensor, 'indices' must have shape (N, {len(self.shape)}) "
                             f"for {self.values.shape[0]} values, but got {self.indices.shape}.")

    dtype = property(lambda self: self.values.dtype)
    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: self.values.shape[0])
    itemsize = property(lambda self: self.values.dtype.bits // 8)

    def to_dense(self) -> Tensor:
        out = np.zeros(self.shape, self.values.dtype.np_dtype)
        np.add.at(out, tuple(self.indices.asnumpy().T), self.values.asnumpy())
        return Tensor(out)

    def to_tuple(self) -> tuple[Tensor, Tensor, tuple[int, ...]]:
        return self.indices, self.values, self.shape

    def astype(self, dtype: Any) -> COOTensor:
        return COOTensor(self.indices, self.values.astype(mstype.to_dtype(dtype)), self.shape)

    def __repr__(self) -> str:
        return (f"COOTensor(shape={list(self.shape)}, dtype={self.dtype}, "
                f"indices={_describe(self.indices)}, values={_describe(self.values)})")


class CSRTensor:
    """A sparse matrix in compressed-row form: row r holds `values[indptr[r]:indptr[r+1]]` at
    columns `indices[indptr[r]:indptr[r+1]]`."""

    def __init__(self, indptr: Any, indices: Any, values: Any, shape: Any) -> None:
        self.indptr = _tensor("CSRTensor", "indptr", indptr, 1, integer=True)
        self.indices = _tensor("CSRTensor", "indices", indices, 1, integer=True)
        self.values = _tensor("CSRTensor", "values", values, 1)
        self.shape = _shape("CSRTensor", shape)
        if len(self.shape) != 2 or self.indptr.shape[0] != self.shape[0] + 1:
            raise ValueError(f"For CSRTensor, 'shape' must be 2-D with rows = len(indptr) - 1 "
                             f"= {self.indptr.shape[0] - 1}, but got {self.shape}.")
        if self.indices.shape != self.values.shape:
            raise ValueError("For CSRTensor, 'indices' and 'values' must have the same length, "
                             f"but got {self.indices.shape[0]} and {self.values.shape[0]}.")

    dtype = property(lambda self: self.values.dtype)
    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: self.values.shape[0])
    itemsize = property(lambda self: self.values.dtype.bits // 8)

    def to_dense(self) -> Tensor:
        out = np.zeros(self.shape, self.values.dtype.np_dtype)
        indptr, cols, vals = (t.asnumpy() for t in (self.indptr, self.indices, self.values))
        rows = np.repeat(np.arange(self.shape[0]), np.diff(indptr))
        np.add.at(out, (rows, cols), vals)
        return Tensor(out)

    def to_tuple(self) -> tuple[Tensor, Tensor, Tensor, tuple[int, ...]]:
        return self.indptr, self.indices, self.values, self.shape

    def astype(self, dtype: Any) -> CSRTensor:
        return CSRTensor(self.indptr, self.indices,
                         self.values.astype(mstype.to_dtype(dtype)), self.shape)

    def __repr__(self) -> str:
        return (f"CSRTensor(shape={list(self.shape)}, dtype={self.dtype}, "
                f"indptr={_describe(self.indptr)}, indices={_describe(self.indices)}, "
                f"values={_describe(self.values)})")


class RowTensorInner:
    """Rows of a dense tensor: `values[i]` is row `indices[i]` of a tensor of `dense_shape`."""

    def __init__(self, indices: Any = None, values: Any = None,
                 dense_shape: Any = None) -> None:
        self.indices = _tensor("RowTensor", "indices", indices, 1, integer=True)
        self.values = values if isinstance(values, Tensor) else Tensor(values)
        self.dense_shape = _shape("RowTensor", dense_shape)

    dtype = property(lambda self: self.values.dtype)

    def to_dense(self) -> Tensor:
        out = np.zeros(self.dense_shape, self.values.dtype.np_dtype)
        np.add.at(out, self.indices.asnumpy(), self.values.asnumpy())
        return Tensor(out)

    def __repr__(self) -> str:
        return (f"RowTensor(shape={list(self.dense_shape)}, dtype={self.dtype}, "
                f"indices={_describe(self.indices)}, values={_describe(self.values)})")


RowTensor = RowTensorInner
