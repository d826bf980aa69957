"""Tensors made from NumPy and Python scalars get the dtypes MindSpore 2.10 gives them
(recorded from MindSpore: NumPy scalars keep their own dtype, Python floats are Float32)."""

import numpy as np
import pytest

import graphc as ms

# (value, MindSpore 2.10's dtype for both ms.tensor(value) and ms.Tensor(value), its str)
_MS_SCALARS = [
    (np.float64(1.5), ms.float64, "1.5"),
    (np.float32(1.5), ms.float32, "1.5"),
    (np.float16(1.5), ms.float16, "1.5"),
    (np.int32(3), ms.int32, "3"),
    (np.int64(3), ms.int64, "3"),
    (np.int8(3), ms.int8, "3"),
    (np.uint8(3), ms.uint8, "3"),
    (np.bool_(True), ms.bool_, "True"),
    (1.5, ms.float32, "1.5"),
    (3, ms.int64, "3"),
    (True, ms.bool_, "True"),
]


@pytest.mark.parametrize("value, dtype, text", _MS_SCALARS)
def test_scalar_tensors_have_mindspores_dtype(value, dtype, text):
    assert ms.tensor(value).dtype == dtype
    assert ms.Tensor(value).dtype == dtype
    assert str(ms.Tensor(value)) == text
