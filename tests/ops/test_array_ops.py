"""Array ops: NumPy reference values, infer == actual output, finite-difference gradients,
error messages, primitive classes and Tensor methods/indexing."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops
from graphc.ops import array_ops, shape_ops
from graphc.ops.primitive import TensorSpec, apply, spec_of

from .gradcheck import check_grad

RNG = np.random.default_rng(7)


def _rand(*shape):
    return RNG.normal(size=shape)


@pytest.fixture(autouse=True)
def infer_matches_output(monkeypatch):
    """Every primitive run through array_ops in these tests (bprops included) must produce
    exactly the shape (unknown dims aside) and dtype its `infer` promised."""
    def checked(prim, *inputs, **attrs):
        out = apply(prim, *inputs, **attrs)
        specs = prim.infer(*[spec_of(t) for t in inputs], **attrs)
        outs, specs = ((out,), (specs,)) if prim.num_outputs == 1 else (out, specs)
        assert len(outs) == len(specs), prim
        for o, s in zip(outs, specs, strict=True):
            assert o.dtype is s.dtype, (prim, o.dtype, s.dtype)
            assert len(o.shape) == len(s.shape) and all(
                d is None or d == a for d, a in zip(s.shape, o.shape)), (prim, o.shape, s.shape)
        return out
    from graphc.ops import array_methods, creation_ops, gather_ops, index_ops, join_ops, shape_ops
    for module in (shape_ops, join_ops, gather_ops, index_ops, creation_ops, array_methods):
        if hasattr(module, "apply"):
            monkeypatch.setattr(module, "apply", checked)


def T(a, dtype=None):
    return ms.Tensor(a, dtype)


def same(t, expected, dtype=None):
    expected = np.asarray(expected)
    assert t.shape == expected.shape, (t.shape, expected.shape)
    np.testing.assert_array_equal(t.asnumpy(), expected)
    if dtype is not None:
        assert t.dtype is dtype, (t.dtype, dtype)


# ---------------------------------------------------------------------------- transpose


@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.bool_])
def test_transpose_family_matches_numpy(dtype):
    a = (np.arange(24).reshape(2, 3, 4) % 3).astype(dtype)
    x = T(a)
    same(ops.transpose(x, (1, 0, 2)), a.transpose(1, 0, 2), x.dtype)
    same(ops.permute(x, (-1, 0, 1)), a.transpose(2, 0, 1))
    same(ops.Transpose()(x, (2, 1, 0)), a.transpose(2, 1, 0))
    same(ops.swapaxes(x, 0, -1), np.swapaxes(a, 0, 2))
    same(ops.moveaxis(x, 0, -1), np.moveaxis(a, 0, -1))
    same(ops.movedim(x, (0, 1), (2, 0)), np.moveaxis(a, (0, 1), (2, 0)))
    same(ops.transpose(a, [1, 0, 2]), a.transpose(1, 0, 2))  # NumPy input, list perm


def test_transpose_gradients():
    a = _rand(2, 3, 4)
    check_grad(lambda x: ops.transpose(x, (2, 0, 1)), a)
    check_grad(lambda x: ops.swapaxes(x, 0, 1), a)
    check_grad(lambda x: ops.moveaxis(x, 2, 0), a)


def test_transpose_errors_name_op_and_perm():
    x = T(np.zeros((2, 3, 4)))
    with pytest.raises(ValueError, match=r"For 'Transpose'.*perm \(0, 1\).*\[2, 3, 4\]"):
        ops.transpose(x, (0, 1))
    with pytest.raises(ValueError, match=r"For 'Transpose', 'perm' must not repeat.*\(0, 0, 1\)"):
        ops.transpose(x, (0, 0, 1))
    with pytest.raises(ValueError, match=r"For 'Transpose', 'perm' must be in range \[-3, 3\)"):
        ops.transpose(x, (0, 1, 3))


def test_transpose_infer_with_unknown_dims():
    spec = array_ops.TRANSPOSE.infer(TensorSpec((None, 3), ms.float32), perm=(1, 0))
    assert spec.shape == (3, None)


# ---------------------------------------------------------------------------- concat, stack, split


def test_concat_stack_unstack_values_and_promotion():
    a, b = np.arange(6.0).reshape(2, 3), np.arange(9).reshape(3, 3)
    out = ops.concat((T(a, ms.float32), T(b, ms.int32)))
    same(out, np.concatenate([a, b]).astype(np.float32), ms.float32)
    same(ops.cat([a, a], axis=-1), np.concatenate([a, a], -1).astype(np.float32))
    same(ops.Concat(1)((T(a), T(a))), np.concatenate([a, a], 1))
    same(ops.stack([T(a), T(a)], 1), np.stack([a, a], 1))
    same(ops.Stack(-1)((T(a), T(a))), np.stack([a, a], -1))
    parts = ops.unstack(T(a), 1)
    assert len(parts) == 3
    same(parts[2], a[:, 2])
    same(ops.Unstack(axis=0)(T(a))[1], a[1])
    same(ops.unbind(T(a), 1)[0], a[:, 0])


def test_split_and_chunk_values():
    a = np.arange(24.0).reshape(2, 3, 4)
    x = T(a)
    for got, ref in zip(ops.split(x, 3, 2), np.split(a, [3], 2)):
        same(got, ref)
    for got, ref in zip(ops.split(x, (1, 2), 1), np.split(a, [1], 1)):
        same(got, ref)
    assert [p.shape for p in ops.split(x, 5, 1)] == [(2, 3, 4)]
    assert [p.shape for p in ops.Split(1, 3)(x)] == [(2, 1, 4)] * 3
    assert [p.shape for p in ops.chunk(x, 2, 1)] == [(2, 2, 4), (2, 1, 4)]
    assert [p.shape for p in x.split(2, dim=2)] == [(2, 3, 2)] * 2


def test_concat_stack_split_gradients():
    a, b = _rand(2, 3), _rand(2, 2)
    check_grad(lambda x, y: ops.concat((x, y), 1), a, b)
    check_grad(lambda x, y: ops.stack((x, y * 2.0), 0), a, a)
    check_grad(lambda x: ops.unstack(x, 1)[2], a)
    # only one output used: the unused ones get zero gradients
    check_grad(lambda x: ops.split(x, (1, 2), 1)[1], a)
    check_grad(lambda x: ops.concat(ops.split(x, 1, 0)[::-1], 1), a)


def test_concat_stack_split_errors():
    x = T(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"For 'Concat'.*except the concatenation axis 0.*"
                                         r"\[2, 3\].*\[2, 4\]"):
        ops.concat((x, T(np.zeros((2, 4)))))
    with pytest.raises(ValueError, match=r"For 'Concat', all inputs must have the same rank"):
        ops.concat((x, T(np.zeros(3))))
    with pytest.raises(ValueError, match=r"For 'Concat'.*empty"):
        ops.concat(())
    with pytest.raises(ValueError, match=r"For 'Stack'.*same shape.*\[2, 3\].*\[3, 2\]"):
        ops.stack((x, T(np.zeros((3, 2)))))
    with pytest.raises(ValueError, match=r"For 'Stack', 'axis' must be in range \[-3, 3\)"):
        ops.stack((x, x), 3)
    with pytest.raises(ValueError, match=r"For 'Split', the sum.*\(1, 1\).*which is 3"):
        ops.split(x, (1, 1), 1)
    with pytest.raises(ValueError, match=r"For 'Split'.*more than zero, but got 0"):
        ops.split(x, 0, 1)
    with pytest.raises(ValueError, match=r"For 'Split'.*divisible by output_num = 2.*3"):
        ops.Split(1, 2)(x)


def test_concat_infer_with_unknown_dims():
    s = array_ops.CONCAT.infer(TensorSpec((None, 3), ms.float32), TensorSpec((2, 3), ms.float32),
                               axis=0)
    assert s.shape == (None, 3)
    s = array_ops.CONCAT.infer(TensorSpec((None, 3), ms.float32), TensorSpec((2, 4), ms.float32),
                               axis=1)
    assert s.shape == (2, 7)


# ---------------------------------------------------------------------------- squeeze, flatten


def test_squeeze_expand_dims_flatten_values():
    a = np.arange(6.0).reshape(1, 2, 1, 3)
    x = T(a)
    same(ops.squeeze(x), a.reshape(2, 3))
    same(ops.squeeze(x, 2), a.reshape(1, 2, 3))
    same(ops.squeeze(x, (0, -2)), a.reshape(2, 3))
    same(ops.squeeze(x, 1), a)  # not size 1: kept (MindSpore 2.x)
    same(ops.Squeeze()(x), a.reshape(2, 3))
    same(ops.Squeeze(0)(x), a.reshape(2, 1, 3))
    same(ops.expand_dims(x, -1), a[..., None])
    same(ops.unsqueeze(x, 0), a[None])
    same(ops.ExpandDims()(x, 4), a[..., None])
    b = np.arange(24.0).reshape(2, 3, 4)
    same(ops.flatten(T(b)), b.reshape(2, 12))
    same(ops.flatten(T(b), start_dim=0, end_dim=1), b.reshape(6, 4))
    same(ops.flatten(T(b), "F"), b.T.reshape(4, 6))
    same(ops.flatten(T(3.0)), np.array([3.0], np.float32))
    same(ops.flatten(T([1.0, 2.0])), np.array([1.0, 2.0], np.float32))
    same(ops.Flatten()(T(b)), b.reshape(2, 12))
    assert ops.Flatten()(T([1.0, 2.0])).shape == (2, 1)
    same(ops.ravel(T(b)), b.ravel())


def test_squeeze_flatten_gradients():
    a = _rand(1, 2, 1, 3)
    check_grad(lambda x: ops.squeeze(x), a)
    check_grad(lambda x: ops.expand_dims(x, 1), a)
    check_grad(lambda x: ops.flatten(x, start_dim=1, end_dim=2), a)
    check_grad(lambda x: ops.flatten(x, "F"), a)


def test_squeeze_expand_flatten_errors():
    x = T(np.zeros((2, 3, 4)))
    with pytest.raises(ValueError, match=r"For 'Squeeze', 'axis' must be in range \[-3, 3\), "
                                         r"but got 3"):
        ops.squeeze(x, 3)
    with pytest.raises(ValueError, match=r"For 'ExpandDims', 'axis' must be in range \[-4, 4\), "
                                         r"but got 4"):
        ops.expand_dims(x, 4)
    with pytest.raises(TypeError, match=r"For 'ExpandDims', 'axis' must be an int, but got 1.0"):
        ops.expand_dims(x, 1.0)
    with pytest.raises(ValueError, match=r"For 'Flatten', 'start_dim' \(2\) cannot come after "
                                         r"'end_dim' \(1\).*\[2, 3, 4\]"):
        ops.flatten(x, start_dim=2, end_dim=1)
    with pytest.raises(ValueError, match=r"For 'Flatten', 'start_dim' must be in range"):
        ops.flatten(x, start_dim=3)
    with pytest.raises(ValueError, match=r"For 'Flatten', the input must have at least 1"):
        ops.Flatten()(T(1.0))


# ---------------------------------------------------------------------------- tile


@pytest.mark.parametrize("multiples", [(2, 1, 3), (2,), (2, 1, 1, 2), (1, 0, 1)])
def test_tile_matches_numpy(multiples):
    a = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
    same(ops.tile(T(a), multiples), np.tile(a, multiples), ms.int32)


def test_tile_gradient_and_errors():
    a = _rand(2, 3)
    check_grad(lambda x: ops.tile(x, (2, 3)), a)
    check_grad(lambda x: ops.tile(x, (2, 1, 2)), a)
    check_grad(lambda x: ops.Tile()(x, (3,)), a)
    with pytest.raises(ValueError, match=r"For 'Tile', 'dims' cannot contain negative integers, "
                                         r"but got \(-1, 1\)"):
        ops.tile(T(a), (-1, 1))
    with pytest.raises(TypeError, match=r"For 'Tile', 'dims' must be an int or a tuple of ints"):
        ops.tile(T(a), (1.5, 1))


# ---------------------------------------------------------------------------- gather


def test_gather_values():
    a = np.arange(24.0).reshape(2, 3, 4)
    idx = np.array([[0, 2], [-1, 1]])
    same(ops.gather(T(a), T(idx), 1), np.take(a, idx, axis=1))
    same(ops.gather(T(a), [2, 0], 2), np.take(a, [2, 0], axis=2))
    same(ops.Gather()(T(a), T(np.array(1)), 0), a[1])
    # batch_dims=1: out[b, ...] = take(a[b], idx[b], axis - 1)
    out = ops.gather(T(a), T(np.array([[0, 1], [2, 2]])), 2, batch_dims=1)
    ref = np.stack([np.take(a[b], [[0, 1], [2, 2]][b], axis=1) for b in range(2)])
    same(out, ref)
    same(ops.Gather(batch_dims=1)(T(a), T(np.array([[0, 1], [1, 2]])), 1),
         np.stack([np.take(a[b], [[0, 1], [1, 2]][b], axis=0) for b in range(2)]))
    same(ops.index_select(T(a), 1, T(np.array([0, 2]))), a[:, [0, 2]])


def test_gather_gradients_accumulate_duplicates():
    a = _rand(3, 4)
    check_grad(lambda x: ops.gather(x, T(np.array([[0, 2], [2, 2]])), 0), a)
    check_grad(lambda x: ops.gather(x, T(np.array([3, -1, 0])), 1), a)
    check_grad(lambda x: ops.gather(x, T(np.array([[0, 0], [1, 2], [3, 3]])), 1, 1), a)
    g = ms.grad(lambda x: ops.gather(x, T(np.array([1, 1, 1])), 0))(T(a))
    same(g, np.array([[0.0] * 4, [3.0] * 4, [0.0] * 4]))


def test_gather_grad_is_differentiable_again():
    idx = T(np.array([[0, 2], [2, 1]]))
    check_grad(lambda d: apply(array_ops.GATHER_GRAD, d, idx, axis=1, batch_dims=0,
                               shape=(2, 3)), _rand(2, 2, 2))
    check_grad(lambda d: apply(array_ops.GATHER_GRAD, d, idx, axis=1, batch_dims=1,
                               shape=(2, 3)), _rand(2, 2))


def test_gather_nd_and_scatter_nd():
    a = np.arange(24.0).reshape(2, 3, 4)
    idx = np.array([[0, 1], [1, 2], [0, 1]])
    same(ops.gather_nd(T(a), T(idx)), a[idx[:, 0], idx[:, 1]])
    same(ops.GatherNd()(T(a), [[1, 2, 3]]), a[1, 2, 3][None])
    out = ops.scatter_nd(T(np.array([[0], [0], [2]])), T(np.array([1.0, 2.0, 3.0])), (3,))
    same(out, np.array([3.0, 0.0, 3.0], np.float32))
    check_grad(lambda x: ops.gather_nd(x, T(idx)), _rand(2, 3, 4))
    check_grad(lambda u: ops.scatter_nd(T(idx), u, (2, 3, 4)), _rand(3, 4))


def test_gather_errors():
    x = T(np.zeros((2, 3)))
    with pytest.raises(TypeError, match=r"For 'Gather', the dtype of 'input_indices' must be an "
                                        r"integer type.*Float32"):
        ops.gather(x, T([0.0]), 1)
    with pytest.raises(ValueError, match=r"For 'Gather', 'axis' must be in range \[-2, 2\), but "
                                         r"got 2"):
        ops.gather(x, T([0]), 2)
    with pytest.raises(IndexError, match=r"For 'Gather', 'input_indices' must be in \[-3, 3\)"):
        ops.gather(x, T([3]), 1)
    with pytest.raises(ValueError, match=r"For 'Gather', 'axis' must be greater than or equal to "
                                         r"'batch_dims' 1"):
        ops.gather(x, T([[0]]), 0, 1)
    with pytest.raises(ValueError, match=r"For 'GatherNd'.*\[2, 3\]"):
        ops.gather_nd(x, T([[0, 1, 2]]))
    with pytest.raises(ValueError, match=r"For 'ScatterNd', 'updates' must have shape \[2\].*"
                                         r"\[3\]"):
        ops.scatter_nd(T([[0], [1]]), T([1.0, 2.0, 3.0]), (4,))


# ---------------------------------------------------------------------------- getitem

A = np.arange(60.0).reshape(3, 4, 5)
_MASK = (A[:, :, 0] % 3) == 0

INDICES = [
    0, -1, 2, slice(None), slice(1, None), slice(None, None, -1), slice(-1, 0, -2),
    slice(5, 1, -1), slice(3, 1), None, Ellipsis, True,
    (0, 1), (0, 1, 2), (Ellipsis, 1), (Ellipsis, None, slice(None, None, -2)),
    (None, 0, None), (slice(None), None, 2), (1, Ellipsis, slice(None, 2)),
    [0, 2], [[0, 1], [2, 2]], [True, False, True], ([0, 1], [1, 3]), ([0, 1], slice(None), [1, 3]),
    ([0, 1], None, [1, 2]), (0, slice(None), [1, 2]), (slice(None), [0, 1, 0], Ellipsis, [0, 1, 0]),
    (slice(None), [1, 3], [[0], [4]]), (slice(None, None, -1), [2, 0]),
    np.array([2, -3]), (np.array([0, 1]), Ellipsis, np.array([4, 0])),
    _MASK, (_MASK, slice(None, None, -1)), (Ellipsis, np.array([True, False, True, False, True])),
    A > 30, np.array(1),
]


def _as_graphc_index(index):
    def conv(i):
        return ms.Tensor(i) if isinstance(i, np.ndarray) else i
    return tuple(conv(i) for i in index) if isinstance(index, tuple) else conv(index)


@pytest.mark.parametrize("index", INDICES, ids=[repr(i)[:40] for i in INDICES])
def test_getitem_matches_numpy(index):
    x = T(A)
    expected = A[index]
    same(x[_as_graphc_index(index)], expected)
    same(ops.getitem(x, _as_graphc_index(index)), expected)
    # NumPy arrays and lists are accepted directly, too
    same(x[index], expected)


@pytest.mark.parametrize("index", [
    0, slice(None, None, -1), (Ellipsis, None, slice(1, None, -2)), [2, 0, 2],
    ([0, 0, 1], slice(None), [4, 4, 0]), _MASK, (slice(None), [1, 1]), (1, None, [3, 3, 0]),
], ids=repr)
def test_getitem_gradients(index):
    check_grad(lambda x: x[_as_graphc_index(index)], _rand(3, 4, 5))


def test_getitem_with_int_tensor_index_gradient_and_dtype():
    idx = T(np.array([[1, 1], [0, 2]], np.int32))
    check_grad(lambda x: x[idx], _rand(3, 2))
    x = T(np.arange(6, dtype=np.int32).reshape(3, 2))
    assert x[idx].dtype is ms.int32 and x[idx].shape == (2, 2, 2)


def test_getitem_grad_is_differentiable_again():
    idx = T(np.array([0, 0, 2]))
    key = (array_ops.TENSOR_INDEX, (None, None, -1))
    check_grad(lambda d: apply(array_ops.GETITEM_GRAD, d, idx, index=key, shape=(3, 2)),
               _rand(3, 2))


def test_second_order_gradients_through_indexing_and_gather():
    a = np.array([1.0, 2.0, 3.0])
    idx = T(np.array([0, 2, 2]))

    def cube(pick):
        return ms.grad(ms.grad(lambda x: pick(x) * pick(x) * pick(x)))(T(a)).asnumpy()

    # sum(x[idx]^3) has second derivative 6 * (times picked) * x
    np.testing.assert_allclose(cube(lambda x: x[idx]), 6.0 * np.array([1, 0, 2]) * a)
    np.testing.assert_allclose(cube(lambda x: ops.gather(x, idx, 0)), 6.0 * np.array([1, 0, 2]) * a)
    # writing x[idx] back at idx: repeated writes land once
    np.testing.assert_allclose(cube(lambda x: ops.tensor_setitem(x * 0.0, idx, x[idx])),
                               6.0 * np.array([1, 0, 1]) * a)


def test_tensor_setitem_repeated_indices_last_write_wins_in_gradient():
    idx = T(np.array([1, 0, 1]))
    check_grad(lambda x, v: ops.tensor_setitem(x, idx, v), _rand(3, 2), _rand(3, 2))
    check_grad(lambda x, v: ops.tensor_setitem(x, (idx, idx), v), _rand(3, 3), _rand(1))


def test_getitem_on_0d_and_scalar_results():
    x = T(np.float32(3.0))
    same(x[...], np.float32(3.0))
    same(x[None], np.array([3.0], np.float32))
    y = T(A)[1, 2, 3]
    assert y.shape == () and y.item() == A[1, 2, 3]


def test_getitem_errors_name_shape_and_index():
    x = T(np.zeros((2, 3)))
    with pytest.raises(IndexError, match=r"For 'Tensor.__getitem__', index 5 is out of bounds for "
                                         r"dimension 0 with size 2"):
        x[5]
    with pytest.raises(IndexError, match=r"index -4 is out of bounds for dimension 1 with size 3"):
        x[0, -4]
    with pytest.raises(IndexError, match=r"too many indices for a Tensor of shape \[2, 3\]"):
        x[0, 0, 0]
    with pytest.raises(IndexError, match=r"only integers, slices.*but got 1.5 of type float"):
        x[1.5]
    with pytest.raises(IndexError, match=r"only supports 'True'"):
        x[False]
    with pytest.raises(IndexError, match=r"single ellipsis"):
        x[..., 0, ...]
    with pytest.raises(IndexError, match=r"boolean index of shape \[3\].*\[2, 3\].*dimension 0"):
        x[T([True, False, True])]
    with pytest.raises(IndexError, match=r"Tensor indices must be of an integer or bool type, "
                                         r"but got Float32"):
        x[T([0.0])]
    with pytest.raises(IndexError, match=r"could not be broadcast together.*\[2\] \[3\]"):
        x[[0, 1], [0, 1, 2]]
    with pytest.raises(IndexError, match=r"For 'Tensor.__getitem__'.*out of bounds"):
        x[T([0, 7])]
    with pytest.raises(ValueError, match=r"slice step cannot be zero"):
        x[::0]


def test_getitem_infer_with_unknown_dims():
    spec = TensorSpec((None, 4), ms.float32)
    infer = array_ops.GETITEM.infer
    assert infer(spec, index=(0,)).shape == (4,)
    assert infer(spec, index=((1, None, None),)).shape == (None, 4)
    assert infer(spec, index=(Ellipsis, None, 2)).shape == (None, 1)
    assert infer(spec, TensorSpec((2, 3), ms.int64), index=(array_ops.TENSOR_INDEX,)).shape \
        == (2, 3, 4)


def test_iterating_and_slicing_in_a_loop():
    x = T(A)
    rows = [r for r in x]
    assert len(rows) == 3
    same(rows[2], A[2])
    same(x[1:][::-1][0, ::2], A[1:][::-1][0, ::2])


# ---------------------------------------------------------------------------- tensor_setitem


@pytest.mark.parametrize("index, value", [
    (0, 7.0), (slice(None, None, -2), np.arange(20.0).reshape(4, 5)),
    ((Ellipsis, 1), np.arange(12.0).reshape(3, 4)), ((None, 1), np.ones((1, 1, 5))),
    ([0, 2], np.arange(5.0)), (_MASK, -1.0), (([0, 1], slice(None), [4, 0]), np.ones((2, 4))),
], ids=repr)
def test_tensor_setitem_matches_numpy_and_leaves_input_unchanged(index, value):
    x = T(A)
    out = ops.tensor_setitem(x, _as_graphc_index(index), value)
    expected = A.copy()
    expected[index] = value
    same(out, expected, x.dtype)
    same(x, A)


def test_tensor_setitem_gradients_and_casting():
    check_grad(lambda x, v: ops.tensor_setitem(x, (slice(None), slice(None, None, -2)), v),
               _rand(3, 4), _rand(3, 2))
    check_grad(lambda x, v: ops.tensor_setitem(x, (Ellipsis, 1), v), _rand(2, 3), _rand(1, 2))
    check_grad(lambda x, v: ops.tensor_setitem(x, T(np.array([2, 0])), v), _rand(3, 2), _rand(2))
    check_grad(lambda x, v: ops.tensor_setitem(x, 1, v), _rand(3, 2), _rand(1, 1, 2))
    out = ops.tensor_setitem(T(np.zeros(3, np.int32)), 1, 2.7)
    same(out, np.array([0, 2, 0], np.int32), ms.int32)


def test_tensor_setitem_errors():
    x = T(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"For 'Tensor.__setitem__', the value of shape \[2\] "
                                         r"cannot be broadcast to the indexed region of shape "
                                         r"\[3\]"):
        ops.tensor_setitem(x, 0, T(np.zeros(2)))
    with pytest.raises(IndexError, match=r"For 'Tensor.__setitem__', index 2 is out of bounds"):
        ops.tensor_setitem(x, 2, 1.0)


# ---------------------------------------------------------------------------- strided_slice, slice


@pytest.mark.parametrize("args, masks, expected", [
    (((0, 0, 0), (2, 3, 4), (1, 2, 1)), {}, lambda a: a[0:2, 0:3:2, 0:4]),
    (((1, 0, 0), (0, 3, 4), (-1, 1, 1)), {}, lambda a: a[1:0:-1, 0:3, 0:4]),
    (((0, 0, 0), (1, 1, 1), (1, 1, 1)),
     {"begin_mask": 0b10, "end_mask": 0b100, "new_axis_mask": 0b1}, lambda a: a[None, :1, 0:]),
    (((0, 0), (1, 1), (1, 1)), {"ellipsis_mask": 0b1}, lambda a: a[..., 0:1]),
    (((0, 0, 0), (2, 3, 4), (1, 2, 1)), {"shrink_axis_mask": 0b1}, lambda a: a[0, 0:3:2, 0:4]),
    (((0, 0, 0), (2, 3, 4), (1, 1, 1)), {"new_axis_mask": 2, "shrink_axis_mask": 2},
     lambda a: a[0:2, None, 0:4]),
    (((-1,), (-3,), (-1,)), {}, lambda a: a[-1:-3:-1]),
    (((5, 0, 0), (6, 3, 4), (1, 1, 1)), {}, lambda a: a[5:6]),
])
def test_strided_slice_values_and_gradient(args, masks, expected):
    a = np.arange(24.0).reshape(2, 3, 4)
    same(ops.strided_slice(T(a), *args, **masks), expected(a))
    same(ops.StridedSlice(**masks)(T(a), *args), expected(a))
    check_grad(lambda x: ops.strided_slice(x, *args, **masks), _rand(2, 3, 4))


def test_slice_and_narrow():
    a = np.arange(24.0).reshape(2, 3, 4)
    same(ops.slice(T(a), (0, 1, 0), (2, 2, -1)), a[0:2, 1:3, 0:])
    same(ops.Slice()(T(a), [1, 0, 2], [1, 3, 2]), a[1:2, 0:3, 2:4])
    same(ops.narrow(T(a), 2, 1, 2), a[:, :, 1:3])
    same(ops.narrow(T(a), -1, -2, 2), a[:, :, 2:4])
    check_grad(lambda x: ops.slice(x, (1, 0, 1), (1, -1, 2)), _rand(2, 3, 4))
    check_grad(lambda x: ops.narrow(x, 1, 1, 2), _rand(2, 3, 4))


def test_strided_slice_and_slice_errors():
    x = T(np.zeros((2, 3, 4)))
    with pytest.raises(ValueError, match=r"For 'StridedSlice', 'strides' cannot contain 0"):
        ops.strided_slice(x, (0, 0, 0), (2, 3, 4), (1, 0, 1))
    with pytest.raises(ValueError, match=r"For 'StridedSlice'.*same length.*3, 2 and 3"):
        ops.strided_slice(x, (0, 0, 0), (2, 3), (1, 1, 1))
    with pytest.raises(IndexError, match=r"For 'StridedSlice', index 3 is out of bounds for "
                                         r"dimension 0 with size 2"):
        ops.strided_slice(x, (3, 0, 0), (6, 3, 4), (1, 1, 1), shrink_axis_mask=1)
    with pytest.raises(ValueError, match=r"For 'Slice', begin\[0\] \+ size\[0\] must be no "
                                         r"greater than dimension 0.*\[2, 3, 4\]"):
        ops.slice(x, (0, 0, 0), (3, 1, 1))
    with pytest.raises(ValueError, match=r"For 'Slice', the lengths of 'begin' \(0, 1\)"):
        ops.slice(x, (0, 1), (1, 1))
    with pytest.raises(ValueError, match=r"For 'narrow'.*start 2 and length 2"):
        ops.narrow(x, 1, 2, 2)


# ---------------------------------------------------------------------------- select, where


def test_select_where_values_dtypes_and_broadcasting():
    cond = T([True, False])
    same(ops.select(cond, T([1.0, 2.0]), 3), np.array([1.0, 3.0], np.float32), ms.float32)
    same(ops.where(cond, T(np.array([1, 2], np.int32)), 2.5), np.array([1.0, 2.5], np.float32),
         ms.float32)
    same(ops.where(cond, 1, 2), np.array([1, 2]), ms.int64)
    same(ops.where(cond, 1, 2.0), np.array([1.0, 2.0], np.float32), ms.float32)
    same(ops.where(cond, T(np.array([1, 2], np.int32)), T([1.0, 2.0])),
         np.array([1.0, 2.0], np.float32), ms.float32)
    same(ops.Select()(cond, T([[1.0, 2.0]]), T([3.0, 4.0])), np.array([[1.0, 4.0]], np.float32))
    same(ops.where(np.array([[True], [False]]), T([1.0, 2.0]), 0.0),
         np.array([[1.0, 2.0], [0.0, 0.0]], np.float32))


def test_select_gradient_flows_to_both_branches_only():
    c = T(np.array([[True, False, True], [False, False, True]]))
    check_grad(lambda x, y: ops.select(c, x, y), _rand(2, 3), _rand(3))
    check_grad(lambda x, y: ops.where(c, x, y), _rand(1, 3), _rand(2, 1))
    g = ms.grad(lambda x: ops.where(c, x, 0.0) * 3.0)(T(np.ones((2, 3))))
    same(g, np.where(c.asnumpy(), 3.0, 0.0))


def test_masked_fill():
    a = np.arange(6.0).reshape(2, 3)
    x = T(a)
    same(ops.masked_fill(x, x > 2.5, 0.5), np.where(a > 2.5, 0.5, a))
    same(ops.MaskedFill()(x, T([True, False, True]), T(-1.0)),
         np.where([True, False, True], -1.0, a))
    same(ops.masked_fill(T(np.array([1, 2])), T([True, False]), 0.5), np.array([0, 2]), ms.int64)
    m = T(np.array([[True, False, False], [False, True, False]]))
    check_grad(lambda x: ops.masked_fill(x, m, 2.0), _rand(2, 3))
    check_grad(lambda x, v: ops.masked_fill(x, m, v), _rand(2, 3), _rand())


def test_select_errors():
    with pytest.raises(TypeError, match=r"For 'Select', the dtype of 'condition' must be Bool, "
                                        r"but got Int64"):
        ops.where(T([1, 0]), T([1.0, 2.0]), 2.5)
    with pytest.raises(ValueError, match=r"For 'Select', the shapes \[2\] and \[2\] and \[3\] "
                                         r"cannot be broadcast"):
        ops.select(T([True, False]), T([1.0, 2.0]), T([1.0, 2.0, 3.0]))
    with pytest.raises(TypeError, match=r"For 'MaskedFill', the dtype of 'mask' must be Bool"):
        ops.masked_fill(T([1.0]), T([1]), 0.0)


# ---------------------------------------------------------------------------- creation


def test_zeros_ones_fill_full_eye():
    same(ops.zeros((2, 3)), np.zeros((2, 3), np.float32), ms.float32)
    same(ops.zeros(2, ms.int32), np.zeros(2, np.int32), ms.int32)
    same(ops.zeros([2, 1]), np.zeros((2, 1), np.float32))
    same(ops.zeros(T(3)), np.zeros(3, np.float32))
    same(ops.ones((2,), ms.float64), np.ones(2), ms.float64)
    same(ops.Zeros()((1, 2), ms.int8), np.zeros((1, 2), np.int8), ms.int8)
    same(ops.Ones()((2,), ms.bool_), np.ones(2, np.bool_), ms.bool_)
    same(ops.fill(ms.float32, (2,), 3), np.full(2, 3.0, np.float32), ms.float32)
    same(ops.fill(ms.int32, (2,), 2.7), np.array([2, 2], np.int32), ms.int32)
    same(ops.fill(ms.float32, (2, 2), T(1.5)), np.full((2, 2), 1.5, np.float32))
    same(ops.Fill()(ms.bool_, (2,), 2), np.array([True, True]), ms.bool_)
    same(ops.full((2,), 3.5), np.array([3, 3]), ms.int64)  # MindSpore: Int64 by default
    same(ops.full((2,), 1.5, dtype=ms.float32), np.full(2, 1.5, np.float32), ms.float32)
    same(ops.full_like(T(np.zeros((2, 2), np.float32)), 2), np.full((2, 2), 2.0, np.float32),
         ms.float32)
    same(ops.eye(3), np.eye(3, dtype=np.float32), ms.float32)
    same(ops.eye(3, 2, ms.int32), np.eye(3, 2, dtype=np.int32), ms.int32)
    same(ops.Eye()(2, 3, ms.bool_), np.eye(2, 3, dtype=np.bool_))


def test_arange_and_range():
    same(ops.arange(5), np.arange(5), ms.int64)
    same(ops.arange(0, 5, 2), np.arange(0, 5, 2), ms.int64)
    same(ops.arange(5, 0, -1), np.arange(5, 0, -1), ms.int64)
    same(ops.arange(0, 5, 1.5), np.arange(0, 5, 1.5, dtype=np.float32), ms.float32)
    same(ops.arange(0.5, 2), np.array([0.5, 1.5], np.float32), ms.float32)
    same(ops.arange(0, 5, dtype=ms.int32), np.arange(5, dtype=np.int32), ms.int32)
    same(ops.arange(T(5)), np.arange(5), ms.int64)
    same(ops.arange(0, 0), np.arange(0), ms.int64)
    same(ops.arange(0, 1, 0.1), (np.arange(10) * 0.1).astype(np.float32), ms.float32)
    same(ops.range(T(0.0), T(5.0), T(2.0)), np.array([0.0, 2.0, 4.0], np.float32), ms.float32)
    same(ops.Range()(0, 5, 2), np.array([0, 2, 4]), ms.int64)


def test_creation_errors():
    with pytest.raises(ValueError, match=r"For 'Zeros', the shape must consist of non-negative "
                                         r"ints, but got \(2, -1\)"):
        ops.zeros((2, -1))
    with pytest.raises(TypeError, match=r"For 'Ones', 'size' must be an int or a tuple of ints"):
        ops.ones((2, "a"))
    with pytest.raises(ValueError, match=r"For 'Eye', 'n' must be a non-negative int, but got -1"):
        ops.eye(-1)
    with pytest.raises(ValueError, match=r"For 'Range', 'step' cannot be zero"):
        ops.arange(0, 5, 0)
    with pytest.raises(ValueError, match=r"For 'Range', 'step' cannot be positive when 'end' < "
                                         r"'start', but got start 5, end 0 and step 1"):
        ops.arange(5, 0, 1)
    with pytest.raises(ValueError, match=r"For 'Range', 'step' cannot be negative"):
        ops.arange(0, 5, -1)


# ---------------------------------------------------------------------------- one_hot


def _one_hot_ref(indices, depth, on, off, axis):
    indices = np.asarray(indices)
    ax = indices.ndim if axis == -1 else axis
    hot = np.expand_dims(indices, ax) == np.arange(depth).reshape(
        (depth,) + (1,) * (indices.ndim - ax))
    return np.where(hot, on, off)


@pytest.mark.parametrize("axis", [-1, 0, 1, 2])
def test_one_hot_matches_reference(axis):
    idx = np.array([[0, 2, -1], [3, 1, 5]])
    out = ops.one_hot(T(idx), 4, T(1.0), T(0.0), axis)
    same(out, _one_hot_ref(idx, 4, 1.0, 0.0, axis).astype(np.float32), ms.float32)


def test_one_hot_dtypes_class_and_gradients():
    idx = T(np.array([0, 2], np.int32))
    same(ops.one_hot(idx, 3), np.eye(3, dtype=np.int64)[[0, 2]], ms.int64)
    assert ops.one_hot(idx, 3, 1.0, 0).dtype is ms.float32
    assert ops.one_hot(idx, 3, T(5.0, ms.float64), 0).dtype is ms.float64
    same(ops.OneHot()(idx, 3, T(2.0), T(-1.0)), np.where(np.eye(3)[[0, 2]] > 0, 2.0, -1.0))
    same(ops.OneHot(axis=0)(idx, 3, T(1.0), T(0.0)), np.eye(3)[[0, 2]].T)
    check_grad(lambda on, off: ops.one_hot(idx, 3, on, off), _rand(), _rand())


def test_one_hot_errors():
    with pytest.raises(TypeError, match=r"For 'OneHot', the dtype of 'indices' must be an integer "
                                        r"type.*Float32"):
        ops.one_hot(T([0.0, 1.0]), 3)
    with pytest.raises(ValueError, match=r"For 'OneHot', 'depth' must be greater than or equal "
                                         r"to 0, but got -1"):
        ops.one_hot(T([0, 1]), -1)
    with pytest.raises(ValueError, match=r"For 'OneHot', 'axis' must be in \[-1, 1\].*got 2"):
        ops.one_hot(T([0, 1]), 3, axis=2)
    with pytest.raises(TypeError, match=r"For 'OneHot', 'on_value' and 'off_value' must have the "
                                        r"same dtype, but got Int32 and Float32"):
        ops.one_hot(T([0, 1]), 3, T(1, ms.int32), T(0.0))


# ---------------------------------------------------------------------------- flip, repeat


def test_flip_reverse_repeat():
    a = np.arange(24.0).reshape(2, 3, 4)
    same(ops.flip(T(a), (0, 2)), np.flip(a, (0, 2)))
    same(ops.reverse(T(a), [-1]), np.flip(a, -1))
    same(ops.ReverseV2(axis=(1,))(T(a)), np.flip(a, 1))
    same(ops.repeat_interleave(T(a), 2, 1), np.repeat(a, 2, 1))
    same(ops.repeat_interleave(T(a), T([1, 2, 0]), 1), np.repeat(a, [1, 2, 0], 1))
    same(ops.repeat_interleave(T(a), 2), np.repeat(a, 2))
    same(ops.repeat_elements(T(a), 3), np.repeat(a, 3, 0))
    check_grad(lambda x: ops.flip(x, (0, 1)), _rand(2, 3))
    check_grad(lambda x: ops.repeat_interleave(x, (2, 0, 1), 1), _rand(2, 3))
    with pytest.raises(ValueError, match=r"For 'ReverseV2', 'axis' cannot contain duplicate "
                                         r"dimensions, but got \(0, 0\)"):
        ops.flip(T(a), (0, 0))
    with pytest.raises(ValueError, match=r"For 'ReverseV2', 'axis' must be in range \[-3, 3\)"):
        ops.flip(T(a), (3,))
    with pytest.raises(ValueError, match=r"For 'repeat_interleave'.*3 entries along axis 1"):
        ops.repeat_interleave(T(a), (1, 2), 1)


# ---------------------------------------------------------------------------- static queries


def test_shape_rank_dtype_size():
    x = T(np.zeros((2, 3), np.int32))
    assert ops.shape(x) == (2, 3) and ops.Shape()(x) == (2, 3)
    assert ops.rank(x) == 2 and ops.Rank()(x) == 2
    assert ops.dtype(x) is ms.int32 and ops.DType()(x) is ms.int32
    assert ops.size(x) == 6 and ops.Size()(x) == 6
    assert ops.shape([1, 2]) == (2,)


def test_builtin_shadowing_names_still_work():
    # array_ops defines ops.slice and ops.range; the module's own code must not pick them up
    assert ops.range is array_ops.range and ops.slice is array_ops.slice
    check_grad(lambda x: ops.broadcast_to(x, (2, 3)) * 1.0, _rand(3))


# ---------------------------------------------------------------------------- Tensor methods


def test_tensor_shape_methods():
    a = np.arange(24.0).reshape(2, 3, 4)
    x = T(a)
    same(x.transpose(), a.transpose())
    same(x.transpose(0, 2), np.swapaxes(a, 0, 2))  # two ints swap (MindSpore 2.x)
    same(x.transpose((2, 0, 1)), a.transpose(2, 0, 1))
    same(x.transpose(2, 0, 1), a.transpose(2, 0, 1))
    y = T(a[0])
    same(y.transpose(0, 1), a[0].T)
    same(y.transpose((0, 1)), a[0])
    same(x.permute(2, 0, 1), a.transpose(2, 0, 1))
    same(x.permute((1, 0, 2)), a.transpose(1, 0, 2))
    same(x.swapaxes(0, -1), np.swapaxes(a, 0, -1))
    same(x.swapdims(0, 1), np.swapaxes(a, 0, 1))
    same(x.moveaxis(0, -1), np.moveaxis(a, 0, -1))
    same(x.movedim(-1, 0), np.moveaxis(a, -1, 0))
    same(x.reshape(6, 4), a.reshape(6, 4))
    same(x.reshape((6, -1)), a.reshape(6, 4))
    same(x.view(4, 6), a.reshape(4, 6))
    same(x.view([-1]), a.ravel())
    same(T(np.zeros(2, np.float32)).view(ms.int32), np.zeros(2, np.int32))
    same(x.flatten(), a.ravel())
    same(x.flatten(1), a.reshape(2, 12))
    same(x.flatten(0, 1), a.reshape(6, 4))
    same(x.flatten(start_dim=-2), a.reshape(2, 12))
    same(x.flatten("F"), a.T.ravel())
    same(x.ravel(), a.ravel())
    same(T(a[None, :, None]).squeeze(), a)
    same(T(a[None]).squeeze(0), a)
    same(x.squeeze(axis=0), a)
    same(x.expand_dims(1), a[:, None])
    same(x.unsqueeze(-1), a[..., None])
    same(x.tile(2), np.tile(a, 2))
    same(x.tile((2, 1)), np.tile(a, (2, 1)))
    same(x.tile(1, 2, 1), np.tile(a, (1, 2, 1)))
    same(x.broadcast_to((3, 2, 3, 4)), np.broadcast_to(a, (3, 2, 3, 4)))
    same(x.broadcast_to(3, 2, 3, 4), np.broadcast_to(a, (3, 2, 3, 4)))
    same(x.expand_as(T(np.zeros((2, 2, 3, 4)))), np.broadcast_to(a, (2, 2, 3, 4)))


def test_tensor_selection_methods():
    a = np.arange(24.0).reshape(2, 3, 4)
    x = T(a)
    same(x.gather(T([0, 2]), 1), a[:, [0, 2]])
    same(x.gather(T([[0, 1], [1, 2]]), 2, 1), np.stack([a[b][:, [[0, 1], [1, 2]][b]]
                                                       for b in range(2)]))
    same(x.index_select(2, T([3, 0])), a[:, :, [3, 0]])
    same(x.masked_fill(x > 10, 0.0), np.where(a > 10, 0.0, a))
    same(x.where(x > 10, 0.0), np.where(a > 10, a, 0.0))
    same(x.flip((0,)), a[::-1])
    same(x.repeat_interleave(2, 1), np.repeat(a, 2, 1))
    same(x.narrow(1, 1, 2), a[:, 1:3])
    assert [p.shape for p in x.split(1, 1)] == [(2, 1, 4)] * 3
    assert [p.shape for p in x.chunk(3, 1)] == [(2, 1, 4)] * 3
    parts = x.unbind(0)
    assert len(parts) == 2
    same(parts[1], a[1])


def test_tensor_method_gradients():
    check_grad(lambda x: x.transpose(), _rand(2, 3))
    check_grad(lambda x: x.transpose(0, 1), _rand(2, 3))
    check_grad(lambda x: x.view(3, 2), _rand(2, 3))
    check_grad(lambda x: x.flatten(), _rand(2, 3))
    check_grad(lambda x: x.unsqueeze(0).tile((2, 1, 1)), _rand(2, 3))
    check_grad(lambda x: x[::-1, None][..., 1:], _rand(2, 3))
    check_grad(lambda x: x[x > 0.0], _rand(3, 3))
    check_grad(lambda x: x.gather(T([2, 2, 0]), 1), _rand(2, 3))


def test_squeezing_a_listed_dimension_known_only_at_run_time_is_refused():
    infer = array_ops.SQUEEZE.infer
    f32 = ms.float32
    with pytest.raises(ValueError, match="dimension 1 is known only at run time"):
        infer(TensorSpec((2, None, 3), f32), axis=(1,))
    assert infer(TensorSpec((2, None, 1), f32), axis=(2,)).shape == (2, None)
    assert infer(TensorSpec((None, 1), f32), axis=None).shape == (None,)  # (kept)


def _sum_to_row(x):
    return shape_ops.sum_to(x, (3,))


def test_sum_to_keeps_a_small_int_dtype_as_its_infer_says():
    """The broadcast gradient of an Int32 input is Int32 in graphs too (there NumPy's sum made
    it Int64, and the compiled gradient of `x + (z, x)` came back Int64)."""
    x = ms.Tensor(np.ones((2, 3), np.int32))
    for run in (_sum_to_row, ms.jit(_sum_to_row)):
        out = run(x)
        assert out.dtype == ms.int32 and out.asnumpy().dtype == np.int32
        np.testing.assert_array_equal(out.asnumpy(), [2, 2, 2])
