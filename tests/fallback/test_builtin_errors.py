"""A builtin that fails on the user's values inside a graph is the user's error, with Python's
exception type (not an internal error of graphc)."""

import pytest

from graphc import Tensor, jit


def test_getattr_of_a_missing_tensor_attribute_is_an_attribute_error():
    @jit
    def missing(x):
        method = getattr(x, "abs2")  # noqa: B009  (the builtin is what is tested)
        return method()

    with pytest.raises(AttributeError, match="object has no attribute 'abs2'"):
        missing(Tensor([-1, -2, -3]))
