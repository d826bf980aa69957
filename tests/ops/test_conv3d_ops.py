"""conv3d / Conv3D: values against a direct loop reference (groups, strides, dilations,
padding modes), first and second order gradients by finite differences, and errors."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops

from .gradcheck import check_grad

RNG = np.random.default_rng(7)


def reference(x, w, stride, pads, dilation, groups):
    x = np.pad(x, ((0, 0), (0, 0), pads[0:2], pads[2:4], pads[4:6]))
    n, c, *size = x.shape
    o, cg, *k = w.shape
    outs = [(size[i] - (k[i] - 1) * dilation[i] - 1) // stride[i] + 1 for i in range(3)]
    y = np.zeros((n, o, *outs))
    og = o // groups
    for oc in range(o):
        g = oc // og
        for p in np.ndindex(*outs):
            lo = [p[i] * stride[i] for i in range(3)]
            patch = x[:, g * cg:(g + 1) * cg,
                      lo[0]:lo[0] + (k[0] - 1) * dilation[0] + 1:dilation[0],
                      lo[1]:lo[1] + (k[1] - 1) * dilation[1] + 1:dilation[1],
                      lo[2]:lo[2] + (k[2] - 1) * dilation[2] + 1:dilation[2]]
            y[(slice(None), oc) + p] = (patch * w[oc]).sum(axis=(1, 2, 3, 4))
    return y


@pytest.mark.parametrize("stride,padding,dilation,groups", [
    (1, 0, 1, 1), ((1, 2, 1), (1, 0, 1, 1, 0, 2), 1, 2), (2, 1, (1, 2, 1), 1)])
def test_conv3d_matches_a_loop_reference(stride, padding, dilation, groups):
    x = RNG.normal(size=(2, 4, 5, 6, 5))
    w = RNG.normal(size=(4, 4 // groups, 2, 3, 2))
    mode = "pad" if padding else "valid"
    out = ops.conv3d(ms.Tensor(x), ms.Tensor(w), None, stride, mode, padding, dilation, groups)
    st = (stride,) * 3 if isinstance(stride, int) else stride
    dl = (dilation,) * 3 if isinstance(dilation, int) else dilation
    pads = (padding,) * 6 if isinstance(padding, int) else padding
    np.testing.assert_allclose(out.asnumpy(), reference(x, w, st, pads, dl, groups), rtol=1e-10)


def test_conv3d_same_keeps_the_size_over_stride():
    x = ms.Tensor(RNG.normal(size=(1, 2, 5, 4, 3)).astype(np.float32))
    w = ms.Tensor(RNG.normal(size=(3, 2, 3, 2, 3)).astype(np.float32))
    assert ops.Conv3D(3, (3, 2, 3), pad_mode="same", stride=2)(x, w).shape == (1, 3, 3, 2, 2)


def test_conv3d_gradients_first_and_second_order():
    x = RNG.normal(size=(1, 2, 3, 4, 3))
    w = RNG.normal(size=(2, 1, 2, 2, 2))

    def f(a, b):
        return ops.conv3d(a, b, None, (1, 2, 1), "pad", 1, 1, 2)

    check_grad(f, x, w)
    v = ms.Tensor(RNG.normal(size=x.shape))
    check_grad(lambda a, b: ms.grad(lambda p, q: (f(p, q) * f(p, q)).sum(),
                                    grad_position=(0, 1))(a, b)[0] * v, x, w, rtol=1e-3,
               atol=1e-5)


def test_conv3d_errors():
    x = ms.Tensor(np.zeros((1, 2, 3, 3, 3), np.float32))
    with pytest.raises(ValueError, match="expects 4"):
        ops.conv3d(x, ms.Tensor(np.zeros((2, 2, 1, 1, 1), np.float32)), groups=2)
    with pytest.raises(ValueError, match="smaller than the kernel"):
        ops.conv3d(x, ms.Tensor(np.zeros((2, 2, 4, 1, 1), np.float32)))
    with pytest.raises(ValueError, match="pad_mode"):
        ops.conv3d(x, ms.Tensor(np.zeros((2, 2, 1, 1, 1), np.float32)), padding=1)
