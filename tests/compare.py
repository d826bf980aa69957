"""Comparing what eager and compiled runs return, and gradients against finite differences."""

import numpy as np

import graphc as ms

_VIEWS = ("dict_keys", "dict_values", "dict_items")


def assert_same(eager, graph, path="out", rtol=1e-5, atol=1e-6):
    """Same structure, same types, same dtypes and shapes, same values within tolerance."""
    assert type(eager) is type(graph), f"{path}: {type(eager)} vs {type(graph)}"
    if isinstance(eager, ms.Tensor):
        assert eager.dtype is graph.dtype, f"{path}: {eager.dtype} vs {graph.dtype}"
        assert eager.shape == graph.shape, f"{path}: {eager.shape} vs {graph.shape}"
        np.testing.assert_allclose(graph.asnumpy(), eager.asnumpy(), rtol=rtol, atol=atol,
                                   err_msg=path)
    elif isinstance(eager, np.ndarray):
        assert eager.dtype == graph.dtype and eager.shape == graph.shape, path
        np.testing.assert_allclose(graph, eager, rtol=rtol, atol=atol, err_msg=path)
    elif isinstance(eager, (tuple, list)):
        assert len(eager) == len(graph), path
        for i, (a, b) in enumerate(zip(eager, graph)):
            assert_same(a, b, f"{path}[{i}]", rtol, atol)
    elif type(eager).__name__ in _VIEWS:
        assert_same(list(eager), list(graph), f"{path}.{type(eager).__name__}", rtol, atol)
    elif isinstance(eager, dict):
        assert list(eager) == list(graph), path
        for k in eager:
            assert_same(eager[k], graph[k], f"{path}[{k!r}]", rtol, atol)
    elif hasattr(eager, "__dict__") and not isinstance(eager, type) and \
            type(eager).__module__.startswith("tests"):  # a test's plain object: by contents
        assert_same(vars(eager), vars(graph), f"{path}.__dict__", rtol, atol)
    else:
        assert eager == graph, f"{path}: {eager!r} vs {graph!r}"


def finite_difference(fn, x, eps=1e-3):
    """Central differences of the scalar `fn` (Tensor -> one-element Tensor) at Tensor `x`."""
    base = x.asnumpy().astype(np.float64)
    out = np.zeros_like(base)
    for i in range(base.size):
        hi, lo = base.copy(), base.copy()
        hi.flat[i] += eps
        lo.flat[i] -= eps
        f_hi = float(fn(ms.Tensor(hi.astype(np.float32))).asnumpy())
        f_lo = float(fn(ms.Tensor(lo.astype(np.float32))).asnumpy())
        out.flat[i] = (f_hi - f_lo) / (2 * eps)
    return out


def check_compiled_matches_eager(fn, make_args):
    """`jit(fn)` gives `fn`'s result on fresh arguments, twice, from one compiled graph."""
    import graphc as ms
    eager = fn(*make_args())
    compiled = ms.jit(fn)
    assert_same(eager, compiled(*make_args()))
    assert_same(eager, compiled(*make_args()))  # cached
    assert compiled.cache_info().misses == 1
