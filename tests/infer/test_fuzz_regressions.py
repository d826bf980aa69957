"""Programs graphc's differential fuzzer (`tests/fuzz`) found compiled wrongly, each run
eagerly (PyNative) and under `jit` on several argument sets, comparing the results and the
side effects on plain Python objects."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops


class Box:
    def __init__(self, k):
        self.k = k

    def bump(self):
        self.k = self.k + 1
        return self.k


BOX = Box(2)


def both_ways(fn, *args):
    """(eager result, BOX.k after it), (compiled result, BOX.k after it)."""
    outcomes = []
    for run in (fn, ms.jit(fn)):
        BOX.k = 2
        value = run(*args)
        outcomes.append((tuple(v.asnumpy() if isinstance(v, ms.Tensor) else v for v in value),
                         BOX.k))
    return outcomes


def return_in_static_branch_of_tensor_if(x, n):
    # the `return` is under a Python condition that is False: no branch returns, and the
    # statement after the Tensor `if` must still end the first iteration
    for row in x:
        if ops.flip(row, (0,)).max() < 1:
            if n == 3:
                return ops.relu(x), n
        else:
            n = BOX.bump()
        return x, n


def return_in_static_branch_no_effects(x, n):
    for row in x:
        if row.max() < 1:
            if n == 3:
                return x + 1, n
        else:
            n = n + 1
        return x, n


@pytest.mark.parametrize("fn", [return_in_static_branch_of_tensor_if,
                                return_in_static_branch_no_effects])
@pytest.mark.parametrize("first", [5.0, 0.0])
@pytest.mark.parametrize("n", [1, 3])
def test_rest_after_tensor_if_whose_return_is_not_taken(fn, first, n):
    x = ms.Tensor(np.array([[first, first - 1, first], [-2.0, 4.0, 1.0]], np.float32))
    (eager, eager_k), (compiled, compiled_k) = both_ways(fn, x, n)
    np.testing.assert_allclose(compiled[0], eager[0])
    assert compiled[1:] == eager[1:]
    assert compiled_k == eager_k
