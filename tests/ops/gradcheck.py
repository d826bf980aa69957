"""Finite-difference checks of primitives' bprop rules, shared by the op tests.

`check_grad(fn, *arrays)` compares `graphc.grad` of `sum(fn(*tensors) * w)` (w a fixed random
weighting, so every output element matters) against central differences in float64.
"""

from __future__ import annotations

import numpy as np

import graphc as ms


def numeric_grad(fn, arrays, index, eps=1e-6, weight=None):
    """d sum(fn(*arrays) * weight) / d arrays[index], by central differences (float64)."""
    base = [np.array(a, dtype=np.float64) for a in arrays]
    target = base[index]
    grad = np.zeros_like(target)
    it = np.nditer(target, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = target[i]
        target[i] = old + eps
        plus = _weighted(fn, base, weight)
        target[i] = old - eps
        minus = _weighted(fn, base, weight)
        target[i] = old
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def _weighted(fn, arrays, weight):
    out = fn(*[ms.Tensor(a) for a in arrays])
    out = out.asnumpy().astype(np.float64)
    return float(np.sum(out * (1.0 if weight is None else weight)))


def check_grad(fn, *arrays, positions=None, rtol=1e-4, atol=1e-6, seed=0):
    """Assert that graphc's gradient of `fn` at `arrays` (float64) matches finite differences
    for each input position in `positions` (default: all)."""
    arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
    positions = tuple(range(len(arrays))) if positions is None else tuple(positions)
    out = fn(*[ms.Tensor(a) for a in arrays])
    weight = np.random.default_rng(seed).uniform(0.5, 1.5, size=out.shape)
    w_t = ms.Tensor(weight)

    def weighted(*ts):
        return fn(*ts) * w_t

    grads = ms.grad(weighted, grad_position=positions)(*[ms.Tensor(a) for a in arrays])
    grads = (grads,) if len(positions) == 1 else grads  # one gradient comes back as itself
    for pos, g in zip(positions, grads):
        expected = numeric_grad(fn, arrays, pos, weight=weight)
        assert g.shape == arrays[pos].shape, (g.shape, arrays[pos].shape)
        np.testing.assert_allclose(g.asnumpy(), expected, rtol=rtol, atol=atol,
                                   err_msg=f"gradient of input {pos}")
