"""3-D convolution (NCDHW): `ops.conv3d` / `ops.Conv3D` and its two backward primitives.

Windows are a strided view (N, C, kd, kh, kw, od, oh, ow) of the padded input; the forward pass
and the filter gradient are one tensordot over it per group, and the input gradient adds each
kernel offset's slab back (one strided add per offset, no loop over voxels).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..common.tensor import Tensor
from . import infer_rules as rules
from .attr_types import PadMode, Pads6, Positive, Shape, Triple
from .convert import to_tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive


def _geometry(op: str, size: tuple, kernel: tuple, stride: Triple, dilation: Triple,
              pad_mode: str, pad: Pads6) -> tuple[tuple, Pads6]:
    """(output sizes, padding (front, back, top, bottom, left, right)) of a 3-D window."""
    outs: list[int | None] = []
    pads: list[int] = []
    for i in range(3):
        n, k, s, d = size[i], kernel[i], stride[i], dilation[i]
        lo, hi = pad[2 * i], pad[2 * i + 1]
        if n is None or k is None:
            outs.append(None)
            pads += [lo, hi]
            continue
        span = (k - 1) * d + 1
        if pad_mode == "same":
            out = -(-n // s)
            total = max((out - 1) * s + span - n, 0)
            lo, hi = total // 2, total - total // 2
        elif n + lo + hi < span:
            raise op_error(op, f"the input size {n} of spatial dimension {i} after padding "
                           f"({n + lo + hi}) is smaller than the kernel extent {span}.")
        else:
            out = (n + lo + hi - span) // s + 1
        outs.append(out)
        pads += [lo, hi]
    return tuple(outs), tuple(pads)  # type: ignore[return-value]


def _conv3d_infer(x: TensorSpec, w: TensorSpec, *, stride: Triple, pad_mode: PadMode,
                  pad: Pads6, dilation: Triple, groups: Positive) -> TensorSpec:
    op = "Conv3D"
    for spec, name in ((x, "x"), (w, "weight")):
        if spec.ndim != 5:
            raise op_error(op, f"'{name}' must be a 5-D Tensor, but got shape "
                           f"{list(spec.shape)}.")
    rules.check_dtype(op, x, ("float",), "Float16, Float32 or Float64", "x")
    if x.dtype is not w.dtype:
        raise op_error(op, f"'x' and 'weight' must have the same dtype, but got {x.dtype} and "
                       f"{w.dtype}.", TypeError)
    c, (o, cg) = x.shape[1], w.shape[:2]
    if None not in (c, cg) and c != cg * groups:
        raise op_error(op, f"the input of shape {list(x.shape)} has {c} channels, but the weight "
                       f"of shape {list(w.shape)} with group={groups} expects {cg * groups}.")
    if o is not None and o % groups:
        raise op_error(op, f"the output channels {o} must be divisible by group={groups}.")
    outs, _ = _geometry(op, x.shape[2:], w.shape[2:], stride, dilation, pad_mode, pad)
    return TensorSpec((x.shape[0], o) + outs, x.dtype)


def _windows(x: np.ndarray, kernel: tuple, stride: Triple, dilation: Triple, pad_mode: str,
             pad: Pads6) -> tuple[np.ndarray, tuple, Pads6]:
    outs, pads = _geometry("Conv3D", x.shape[2:], kernel, stride, dilation, pad_mode, pad)
    xp = np.pad(x, ((0, 0), (0, 0)) + tuple((pads[2 * i], pads[2 * i + 1]) for i in range(3)))
    st = xp.strides
    shape = xp.shape[:2] + tuple(kernel) + tuple(outs)
    strides = st[:2] + tuple(st[2 + i] * dilation[i] for i in range(3)) + tuple(
        st[2 + i] * stride[i] for i in range(3))
    return as_strided(xp, shape, strides, writeable=False), outs, pads


def _conv3d_impl(x, w, *, stride, pad_mode, pad, dilation, groups):
    win, outs, _ = _windows(x, w.shape[2:], stride, dilation, pad_mode, pad)
    cg, og = w.shape[1], w.shape[0] // groups
    parts = [np.tensordot(w[g * og:(g + 1) * og], win[:, g * cg:(g + 1) * cg],
                          axes=([1, 2, 3, 4], [1, 2, 3, 4])) for g in range(groups)]
    return np.concatenate(parts, axis=0).transpose(1, 0, 2, 3, 4).astype(x.dtype, copy=False)


def _backprop_input_impl(dout, w, *, input_shape: Shape, stride: Triple, pad_mode: PadMode,
                         pad: Pads6, dilation: Triple, groups: Positive):
    kernel = w.shape[2:]
    outs, pads = _geometry("Conv3DBackpropInput", input_shape[2:], kernel, stride, dilation,
                           pad_mode, pad)
    n, c = input_shape[:2]
    padded = tuple(input_shape[2 + i] + pads[2 * i] + pads[2 * i + 1] for i in range(3))
    dxp = np.zeros((n, c) + padded, dout.dtype)
    cg, og = w.shape[1], w.shape[0] // groups
    for g in range(groups):
        # (cg, kd, kh, kw, N, od, oh, ow)
        cols = np.tensordot(w[g * og:(g + 1) * og], dout[:, g * og:(g + 1) * og], axes=([0], [1]))
        for i in range(kernel[0]):
            for j in range(kernel[1]):
                for k in range(kernel[2]):
                    index = (slice(None), slice(g * cg, (g + 1) * cg)) + tuple(
                        slice(o * dilation[a], o * dilation[a] + stride[a] * (outs[a] - 1) + 1,
                              stride[a]) for a, o in enumerate((i, j, k)))
                    dxp[index] += cols[:, i, j, k].transpose(1, 0, 2, 3, 4)
    crop = (slice(None), slice(None)) + tuple(
        slice(pads[2 * a], pads[2 * a] + input_shape[2 + a]) for a in range(3))
    return np.ascontiguousarray(dxp[crop])


def _backprop_filter_impl(dout, x, *, weight_shape: Shape, stride: Triple, pad_mode: PadMode,
                          pad: Pads6, dilation: Triple, groups: Positive):
    win, _, _ = _windows(x, weight_shape[2:], stride, dilation, pad_mode, pad)
    cg, og = weight_shape[1], weight_shape[0] // groups
    parts = [np.tensordot(dout[:, g * og:(g + 1) * og], win[:, g * cg:(g + 1) * cg],
                          axes=([0, 2, 3, 4], [0, 5, 6, 7])) for g in range(groups)]
    return np.concatenate(parts, axis=0).astype(x.dtype, copy=False)


def _check_backprop(op: str, dout: TensorSpec, x: TensorSpec, w: TensorSpec,
                    attrs: dict[str, Any]) -> None:
    expected = _conv3d_infer(x, w, **attrs)
    if len(dout.shape) != len(expected.shape) or any(
            a is not None and b is not None and a != b
            for a, b in zip(dout.shape, expected.shape)):
        raise op_error(op, f"'dout' of shape {list(dout.shape)} is not the convolution's "
                       f"output shape {list(expected.shape)}.")


def _backprop_input_infer(dout: TensorSpec, w: TensorSpec, *, input_shape: Shape,
                          **attrs: Any) -> TensorSpec:
    x = TensorSpec(tuple(input_shape), dout.dtype)
    _check_backprop("Conv3DBackpropInput", dout, x, w, attrs)
    return x


def _backprop_filter_infer(dout: TensorSpec, x: TensorSpec, *, weight_shape: Shape,
                           **attrs: Any) -> TensorSpec:
    w = TensorSpec(tuple(weight_shape), x.dtype)
    _check_backprop("Conv3DBackpropFilter", dout, x, w, attrs)
    return w


def _conv3d_bprop(x: Tensor, w: Tensor, out: Tensor, dout: Tensor, **attrs: Any):
    return (apply(CONV3D_BACKPROP_INPUT, dout, w, input_shape=tuple(x.shape), **attrs),
            apply(CONV3D_BACKPROP_FILTER, dout, x, weight_shape=tuple(w.shape), **attrs))


def _backprop_input_bprop(dout, w, out, ddx, *, input_shape, **attrs):
    return (apply(CONV3D, ddx, w, **attrs),
            apply(CONV3D_BACKPROP_FILTER, dout, ddx, weight_shape=tuple(w.shape), **attrs))


def _backprop_filter_bprop(dout, x, out, ddw, *, weight_shape, **attrs):
    return (apply(CONV3D, x, ddw, **attrs),
            apply(CONV3D_BACKPROP_INPUT, dout, ddw, input_shape=tuple(x.shape), **attrs))


CONV3D = primitive("conv3d", _conv3d_impl, _conv3d_infer, _conv3d_bprop)

CONV3D_BACKPROP_INPUT = primitive("conv3d_backprop_input", _backprop_input_impl,
                                  _backprop_input_infer, _backprop_input_bprop)

CONV3D_BACKPROP_FILTER = primitive("conv3d_backprop_filter", _backprop_filter_impl,
                                   _backprop_filter_infer, _backprop_filter_bprop)


def _triple(op: str, name: str, value: Any) -> Triple:
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        t = (int(value),) * 3
    elif (isinstance(value, (tuple, list)) and len(value) == 3 and all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value)):
        t = tuple(int(v) for v in value)
    else:
        raise op_error(op, f"'{name}' must be an int or a tuple of 3 ints, but got {value!r}.",
                       TypeError)
    if min(t) < 1:
        raise op_error(op, f"'{name}' must be positive, but got {value!r}.")
    return t  # type: ignore[return-value]


def conv3d_attrs(op: str, stride: Any, pad_mode: str, padding: Any, dilation: Any,
                 groups: int) -> dict[str, Any]:
    """The checked attributes of a 3-D convolution (shared with nn.Conv3d)."""
    if isinstance(padding, (int, np.integer)) and not isinstance(padding, bool):
        pads = (int(padding),) * 6
    elif (isinstance(padding, (tuple, list)) and len(padding) in (3, 6) and all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in padding)):
        pads = tuple(int(v) for v in padding) if len(padding) == 6 else tuple(
            int(v) for v in padding for _ in range(2))
    else:
        raise op_error(op, f"'padding' must be an int or a tuple of 3 or 6 ints, but got "
                       f"{padding!r}.", TypeError)
    mode = pad_mode.lower() if isinstance(pad_mode, str) else pad_mode
    if mode not in ("same", "valid", "pad"):
        raise op_error(op, f"'pad_mode' must be 'same', 'valid' or 'pad', but got {pad_mode!r}.")
    if min(pads) < 0 or (mode != "pad" and any(pads)):
        raise op_error(op, f"'padding' must be non-negative, and zero unless pad_mode is 'pad', "
                       f"but got {padding!r} with pad_mode {pad_mode!r}.")
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
        raise op_error(op, f"'group' must be a positive int, but got {groups!r}.")
    return {"stride": _triple(op, "stride", stride), "pad_mode": mode, "pad": pads,
            "dilation": _triple(op, "dilation", dilation), "groups": groups}


def conv3d(input: Any, weight: Any, bias: Any = None, stride: Any = 1, pad_mode: str = "valid",
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """3-D cross-correlation of NCDHW `input` with `weight` (O, C_in / groups, kd, kh, kw);
    `padding` is an int, 3 ints or (front, back, top, bottom, left, right)."""
    from .arith_ops import add
    from .shape_ops import reshape
    out = apply(CONV3D, to_tensor(input), to_tensor(weight),
                **conv3d_attrs("Conv3D", stride, pad_mode, padding, dilation, groups))
    if bias is None:
        return out
    b = to_tensor(bias)
    return add(out, reshape(b, (1, b.shape[0], 1, 1, 1)))


class Conv3D(PrimitiveOp):
    """`ops.Conv3D(out_channel, kernel_size, mode=1, pad_mode='valid', pad=0, stride=1,
    dilation=1, group=1, data_format='NCDHW')(x, weight)`."""

    def __init__(self, out_channel: int, kernel_size: Any, mode: int = 1,
                 pad_mode: str = "valid", pad: Any = 0, stride: Any = 1, dilation: Any = 1,
                 group: int = 1, data_format: str = "NCDHW") -> None:
        if data_format != "NCDHW":
            raise op_error("Conv3D", f"only data_format 'NCDHW' is supported, but got "
                           f"{data_format!r}.")
        super().__init__(**conv3d_attrs("Conv3D", stride, pad_mode, pad, dilation, group))

    @staticmethod
    def fn(x: Any, weight: Any, **attrs: Any) -> Tensor:
        return apply(CONV3D, to_tensor(x), to_tensor(weight), **attrs)
