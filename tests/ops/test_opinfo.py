"""The OpInfo checks (`opinfo.py`): for every primitive of the table, its impl against a NumPy
reference, its infer against what the impl computes, its bprop against finite differences, and
eager against `@graphc.jit`; the sample attributes fit the primitive's declared schema; and every
primitive has a record or a stated exemption."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops
from graphc.ops.attr_schema import check_attrs
from graphc.ops.primitive import PRIMITIVES, TensorSpec, apply

from ..compare import assert_same
from .opinfo import EXEMPT, RNG_SEED, TABLE

INFOS = {info.name: info for info in TABLE}


def _samples(info):
    return info.samples(np.random.default_rng(RNG_SEED))


def _outputs(prim, result):
    return tuple(result) if prim.num_outputs != 1 else (result,)


def test_every_primitive_has_one_record_or_an_exemption():
    names = [info.name for info in TABLE]
    assert len(names) == len(set(names)), "a primitive has two records"
    assert not set(names) & set(EXEMPT)
    assert set(names) | set(EXEMPT) == set(PRIMITIVES), (
        sorted(set(PRIMITIVES) - set(names) - set(EXEMPT)),
        sorted((set(names) | set(EXEMPT)) - set(PRIMITIVES)))
    assert all(reason.strip() for reason in EXEMPT.values())


@pytest.mark.parametrize("name", sorted(INFOS))
def test_sample_attributes_fit_the_declared_schema(name):
    for sample in _samples(INFOS[name]):
        check_attrs(PRIMITIVES[name], sample.attrs)


@pytest.mark.parametrize("name", sorted(n for n, i in INFOS.items() if i.ref is not None))
def test_impl_matches_the_numpy_reference(name):
    info, prim = INFOS[name], PRIMITIVES[name]
    for sample in (s for s in _samples(info) if s.by_ref):
        got = _outputs(prim, prim.impl(*sample.arrays, **sample.attrs))
        want = info.ref(*sample.arrays, **sample.attrs)
        want = tuple(want) if isinstance(want, tuple) else (want,)
        assert len(got) == len(want)
        for g, w in zip(got, want):
            np.testing.assert_allclose(np.asarray(g, np.float64) if g.dtype.kind != "b" else g,
                                       np.asarray(w), rtol=info.rtol, atol=info.atol,
                                       err_msg=f"{name} {sample.attrs}")


def _dtype_variants(sample):
    """(arrays, given): the sample's arrays as given, then with its Float32 arrays as Float16
    and as Float64."""
    yield sample.arrays, True
    if any(a.dtype == np.float32 for a in sample.arrays):
        for dtype in (np.float16, np.float64):
            yield tuple(a.astype(dtype) if a.dtype == np.float32 else a
                        for a in sample.arrays), False


@pytest.mark.parametrize("name", sorted(INFOS))
def test_infer_gives_the_shape_and_dtype_the_impl_computes(name):
    """For the sample as given and each Float16/Float64 variant that infer accepts: the impl
    runs and gives what infer said (the generated code does not cast impl results)."""
    prim = PRIMITIVES[name]
    for sample in _samples(INFOS[name]):
        for arrays, given in _dtype_variants(sample):
            specs = [TensorSpec(a.shape, ms.dtype.from_numpy(a.dtype)) for a in arrays]
            try:
                inferred = prim.infer(*specs, **sample.attrs)
            except (TypeError, ValueError):
                if given:
                    raise
                continue  # (a dtype the primitive refuses)
            inferred = (inferred,) if isinstance(inferred, TensorSpec) else tuple(inferred)
            got = _outputs(prim, prim.impl(*arrays, **sample.attrs))
            assert len(inferred) == len(got), name
            for spec, array in zip(inferred, got):
                array = np.asarray(array)
                assert len(spec.shape) == array.ndim and all(
                    d is None or d == n for d, n in zip(spec.shape, array.shape)), (
                    name, spec, array.shape)
                assert spec.dtype.np_dtype == array.dtype, (name, spec, array.dtype)


@pytest.mark.parametrize("name", sorted(n for n, i in INFOS.items() if i.unknown_dims != "skip"))
def test_infer_with_an_unknown_dimension_agrees_with_the_impl(name):
    """Graph values may have dimensions known only at run time: with any one input dimension
    unknown, infer gives a shape the impl's actual result fits (or, for a primitive that must
    know that size, raises MindSpore's ValueError/TypeError naming the op)."""
    prim, may_refuse = PRIMITIVES[name], INFOS[name].unknown_dims == "may refuse"
    for sample in _samples(INFOS[name]):
        got = _outputs(prim, prim.impl(*sample.arrays, **sample.attrs))
        for k, a in enumerate(sample.arrays):
            for d in range(a.ndim):
                specs = [TensorSpec(tuple(None if (j, i) == (k, d) else n
                                          for i, n in enumerate(b.shape)),
                                    ms.dtype.from_numpy(b.dtype))
                         for j, b in enumerate(sample.arrays)]
                try:
                    inferred = prim.infer(*specs, **sample.attrs)
                except (TypeError, ValueError) as exc:
                    assert may_refuse and str(exc).startswith("For '"), (name, k, d, exc)
                    continue
                inferred = (inferred,) if isinstance(inferred, TensorSpec) else inferred
                for spec, array in zip(inferred, got):
                    shape = np.shape(array)
                    assert len(spec.shape) == len(shape) and all(
                        s is None or s == n for s, n in zip(spec.shape, shape)), (
                        name, k, d, spec, shape)


def _grad_positions(info, prim, arrays):
    if info.grad is not None:
        return info.grad
    if prim.bprop is None:
        return ()
    return tuple(i for i, a in enumerate(arrays) if a.dtype.kind == "f")


def _weighted_sum(outs, weights):
    total = None
    for o, w in zip(outs, weights):
        if w is None:
            continue
        term = ops.reduce_sum(ops.mul(o, ms.Tensor(w)))
        total = term if total is None else ops.add(total, term)
    return total


@pytest.mark.parametrize("name", sorted(
    n for n, i in INFOS.items() if _grad_positions(i, PRIMITIVES[n], _samples(i)[0].arrays)))
def test_bprop_matches_finite_differences(name):
    info, prim = INFOS[name], PRIMITIVES[name]
    for sample in _samples(info):
        _check_bprop(name, info, prim, sample)


def _check_bprop(name, info, prim, sample):
    arrays = [a.astype(np.float64) if a.dtype.kind == "f" else a for a in sample.arrays]
    positions = _grad_positions(info, prim, arrays)
    outs = _outputs(prim, prim.impl(*arrays, **sample.attrs))
    rng = np.random.default_rng(RNG_SEED + 1)
    weights = [rng.uniform(0.5, 1.5, np.shape(o)) if np.asarray(o).dtype.kind == "f" else None
               for o in outs]

    def loss(*ts):
        return _weighted_sum(_outputs(prim, apply(prim, *ts, **sample.attrs)), weights)

    def loss_np(values):
        got = _outputs(prim, prim.impl(*values, **sample.attrs))
        return sum(float(np.sum(np.asarray(o, np.float64) * w))
                   for o, w in zip(got, weights) if w is not None)

    grads = ms.grad(loss, grad_position=positions)(*[ms.Tensor(a) for a in arrays])
    grads = grads if isinstance(grads, tuple) else (grads,)
    eps = 1e-6
    for pos, g in zip(positions, grads):
        expected = np.zeros_like(arrays[pos])
        for i in np.ndindex(*arrays[pos].shape):
            values = [a.copy() for a in arrays]
            values[pos][i] += eps
            plus = loss_np(values)
            values[pos][i] -= 2 * eps
            expected[i] = (plus - loss_np(values)) / (2 * eps)
        np.testing.assert_allclose(g.asnumpy(), expected, rtol=info.grad_rtol,
                                   atol=info.grad_atol, err_msg=f"{name}: input {pos}")


@pytest.mark.parametrize("name", sorted(n for n, i in INFOS.items() if i.jit))
def test_eager_and_jit_agree(name):
    info, prim = INFOS[name], PRIMITIVES[name]
    for sample in _samples(info):
        attrs = sample.attrs

        def call(*ts, attrs=attrs):
            return apply(prim, *ts, **attrs)

        tensors = [ms.Tensor(a) for a in sample.arrays]
        assert_same(call(*tensors), ms.jit(call)(*tensors), f"jit {attrs}", info.rtol,
                    info.atol)
