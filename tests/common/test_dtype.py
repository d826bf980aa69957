import numpy as np
import pytest

import graphc as ms
from graphc.common import dtype as mstype


def test_dtype_prints_like_mindspore():
    assert str(ms.float32) == "Float32"
    assert repr(ms.float32) == "mindspore.float32"
    assert [str(d) for d in (ms.bool_, ms.int8, ms.uint8, ms.float16, ms.float64)] == [
        "Bool", "Int8", "UInt8", "Float16", "Float64"]
    assert repr([ms.int32]) == "[mindspore.int32]"


def test_default_dtypes_of_tensor_construction():
    assert ms.Tensor(1).dtype is ms.int64
    assert ms.Tensor(0.5).dtype is ms.float32
    assert ms.Tensor(True).dtype is ms.bool_
    assert ms.Tensor([1.0, 2.0]).dtype is ms.float32
    assert ms.Tensor([1, 2]).dtype is ms.int64
    assert ms.Tensor(np.zeros(2)).dtype is ms.float64
    assert ms.Tensor(np.zeros(2, np.int32)).dtype is ms.int32
    assert ms.Tensor([1, 2], ms.float16).dtype is ms.float16


@pytest.mark.parametrize("a, b, expected", [
    (mstype.int32, mstype.float32, mstype.float32),
    (mstype.float16, mstype.float32, mstype.float32),
    (mstype.int32, mstype.int64, mstype.int64),
    (mstype.bool_, mstype.int32, mstype.int32),
    (mstype.uint8, mstype.int8, mstype.int16),
    (mstype.int32, mstype.float16, mstype.float16),
])
def test_tensor_tensor_promotion(a, b, expected):
    assert mstype.promote(a, b) is expected
    assert mstype.promote(b, a) is expected


def test_python_scalar_does_not_widen_tensor():
    x = ms.Tensor([1.0, 2.0], ms.float32)
    assert (x * 1.5).dtype is ms.float32
    assert (ms.Tensor([1, 2], ms.int32) + 1).dtype is ms.int32
    assert (ms.Tensor([1, 2], ms.int32) + 1.5).dtype is ms.float32
    assert (2 - x).dtype is ms.float32
    np.testing.assert_allclose((2 - x).asnumpy(), [1.0, 0.0])


def test_unknown_dtype_name_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown dtype name 'float8'"):
        mstype.dtype_from_name("float8")
