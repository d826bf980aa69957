"""Windows, convolution and pooling (NCHW). Windows are strided views (`as_strided`); convolution
is one batched matmul over them (im2col), and pooling and col2im make one vectorised pass per
kernel offset: no Python loop runs over pixels, channels or batch elements.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .activation_ops import bias_add
from .attr_types import NonNegative, PadMode, Pads4, Pair, Positive, Shape
from .convert import to_tensor
from .nn_common import (
    check_float,
    check_rank,
    check_real,
    check_same_dtype,
    check_same_shape,
    is_int,
)
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive


def _pair(op: str, name: str, value: Any, allow4: bool = False) -> tuple[int, int]:
    if is_int(value):
        pair = (int(value), int(value))
    elif isinstance(value, (tuple, list)) and len(value) == 2 and all(map(is_int, value)):
        pair = (int(value[0]), int(value[1]))
    elif (allow4 and isinstance(value, (tuple, list)) and len(value) == 4
          and all(map(is_int, value))):
        pair = (int(value[2]), int(value[3]))
    else:
        forms = "an int, or a tuple of 2" + (" or 4" if allow4 else "") + " ints"
        raise op_error(op, f"'{name}' must be {forms}, but got {value!r}.", TypeError)
    if min(pair) < 1:
        raise op_error(op, f"'{name}' must be positive, but got {value!r}.")
    return pair


def pads_of(op: str, name: str, value: Any, allow2: bool = True) -> tuple[int, int, int, int]:
    """Padding as (top, bottom, left, right) from an int, (pad_h, pad_w) or a 4-tuple."""
    if is_int(value):
        pads = (int(value),) * 4
    elif isinstance(value, (tuple, list)) and all(map(is_int, value)) and (
            len(value) == 4 or (allow2 and len(value) == 2)):
        pads = tuple(int(v) for v in value) if len(value) == 4 else (
            int(value[0]), int(value[0]), int(value[1]), int(value[1]))
    else:
        forms = "an int, a tuple of 2 ints (height, width) or" if allow2 else "an int or"
        raise op_error(op, f"'{name}' must be {forms} a tuple of 4 ints (top, bottom, left, "
                       f"right), but got {value!r}.", TypeError)
    if min(pads) < 0:
        raise op_error(op, f"'{name}' must be non-negative, but got {value!r}.")
    return pads  # type: ignore[return-value]


def _pad_mode(op: str, pad_mode: Any, pads: tuple[int, int, int, int]) -> str:
    mode = pad_mode.lower() if isinstance(pad_mode, str) else pad_mode
    if mode not in ("valid", "same", "pad"):
        raise op_error(op, f"'pad_mode' must be one of ['valid', 'same', 'pad'] (any case), but "
                       f"got {pad_mode!r}.")
    if mode != "pad" and any(pads):
        raise op_error(op, f"the padding must be zero when 'pad_mode' is not 'pad', but got "
                       f"padding {pads} and pad_mode {pad_mode!r}.")
    return mode


def _out_len(op: str, dim: str, size: int | None, k: int | None, stride: int, dilation: int,
             pad_mode: str, lo: int, hi: int, ceil_mode: bool) -> tuple[int | None, int, int]:
    """(output length, padding before, padding after) of one spatial dimension. With ceil_mode
    the padding after includes the extra cells the last, partial window reaches into."""
    if size is None or k is None:
        return None, lo, hi
    span = (k - 1) * dilation + 1
    if pad_mode == "same":
        out = -(-size // stride)
        total = max((out - 1) * stride + span - size, 0)
        return out, total // 2, total - total // 2
    padded = size + lo + hi
    if padded < span:
        raise op_error(op, f"the input {dim} after padding ({size} + {lo + hi} = {padded}) is "
                       f"smaller than the kernel {dim} ((kernel_size - 1) * dilation + 1 = "
                       f"{span}).")
    if not ceil_mode:
        return (padded - span) // stride + 1, lo, hi
    out = -(-(padded - span) // stride) + 1
    if (out - 1) * stride >= size + lo:  # the last window must start inside the input
        out -= 1
    return out, lo, hi + max((out - 1) * stride + span - padded, 0)


def _geometry(op: str, hw: tuple[int | None, ...], kernel: tuple[Any, Any],
              stride: tuple[int, int], dilation: tuple[int, int], pad_mode: str,
              pad: tuple[int, int, int, int], ceil_mode: bool = False):
    """((out_h, out_w), (top, bottom, left, right)) of a 2-D window over spatial size hw."""
    oh, pt, pb = _out_len(op, "height", hw[0], kernel[0], stride[0], dilation[0], pad_mode,
                          pad[0], pad[1], ceil_mode)
    ow, pl, pr = _out_len(op, "width", hw[1], kernel[1], stride[1], dilation[1], pad_mode,
                          pad[2], pad[3], ceil_mode)
    return (oh, ow), (pt, pb, pl, pr)


def _pad_hw(x: np.ndarray, pads: tuple[int, int, int, int], value: Any = 0) -> np.ndarray:
    pt, pb, pl, pr = pads
    if not (pt or pb or pl or pr):
        return x
    n, c, h, w = x.shape
    out = np.full((n, c, h + pt + pb, w + pl + pr), value, dtype=x.dtype)
    out[:, :, pt:pt + h, pl:pl + w] = x
    return out


def _crop_hw(xp: np.ndarray, pads: tuple[int, int, int, int], hw: tuple[int, int]
             ) -> np.ndarray:
    pt, _, pl, _ = pads
    if xp.shape[2:] == tuple(hw):
        return xp
    return np.ascontiguousarray(xp[:, :, pt:pt + hw[0], pl:pl + hw[1]])


def _windows(xp: np.ndarray, kernel: tuple[int, int], out_hw: tuple[int, int],
             stride: tuple[int, int], dilation: tuple[int, int]) -> np.ndarray:
    """The read-only view (N, C, kh, kw, out_h, out_w) of every window of padded `xp`."""
    sn, sc, sh, sw = xp.strides
    shape = (xp.shape[0], xp.shape[1], kernel[0], kernel[1], out_hw[0], out_hw[1])
    strides = (sn, sc, sh * dilation[0], sw * dilation[1], sh * stride[0], sw * stride[1])
    return as_strided(xp, shape, strides, writeable=False)


def _offsets(kernel: tuple[int, int], out_hw: tuple[int, int], stride: tuple[int, int],
             dilation: tuple[int, int]):
    """(k, index) for each kernel offset: `xp[index]` is the (N, C, out_h, out_w) slab that
    offset k = p * kw + q of every window reads."""
    (kh, kw), (oh, ow), (sh, sw), (dh, dw) = kernel, out_hw, stride, dilation
    for p in range(kh):
        for q in range(kw):
            yield p * kw + q, (slice(None), slice(None),
                               slice(p * dh, p * dh + sh * (oh - 1) + 1, sh),
                               slice(q * dw, q * dw + sw * (ow - 1) + 1, sw))


def _col2im(cols: np.ndarray, padded_hw: tuple[int, int], stride: tuple[int, int],
            dilation: tuple[int, int]) -> np.ndarray:
    """Sum window values (N, kh, kw, C, out_h, out_w) back onto the padded image (N, C, ...):
    one strided add per kernel offset (within one offset the window positions are distinct).
    Offset-major input keeps each added slab close to contiguous."""
    n, kh, kw, c, oh, ow = cols.shape
    out = np.zeros((n, c) + tuple(padded_hw), dtype=cols.dtype)
    for k, index in _offsets((kh, kw), (oh, ow), stride, dilation):
        out[index] += cols[:, k // kw, k % kw]
    return out


def _conv_infer_common(op: str, x: TensorSpec, w: TensorSpec, groups: int) -> None:
    check_rank(op, x, (4,), "x", "4-D (N, C_in, H, W)")
    check_rank(op, w, (4,), "weight", "4-D (C_out, C_in / group, kH, kW)")
    check_float(op, x)
    check_same_dtype(op, x, w, "'x' and 'weight'")
    c, (o, cg) = x.shape[1], w.shape[:2]
    if c is not None and cg is not None and c != cg * groups:
        raise op_error(op, f"the input 'x' of shape {list(x.shape)} has {c} channels, but the "
                       f"weight of shape {list(w.shape)} with group={groups} expects "
                       f"weight.shape[1] * group = {cg * groups}.")
    if o is not None and o % groups:
        raise op_error(op, f"the output channels of the weight (shape {list(w.shape)}) must be "
                       f"divisible by group={groups}.")


def _conv2d_infer(x: TensorSpec, w: TensorSpec, *, stride: Pair, pad_mode: PadMode, pad: Pads4,
                  dilation: Pair, groups: Positive) -> TensorSpec:
    _conv_infer_common("Conv2D", x, w, groups)
    (oh, ow), _ = _geometry("Conv2D", x.shape[2:], w.shape[2:], stride, dilation, pad_mode, pad)
    return TensorSpec((x.shape[0], w.shape[0], oh, ow), x.dtype)


def _im2col(x: np.ndarray, kernel: tuple[int, int], stride, pad_mode, pad, dilation):
    """(windows (N, C, kh, kw, out_h, out_w), out_hw, pads) of x."""
    out_hw, pads = _geometry("Conv2D", x.shape[2:], kernel, stride, dilation, pad_mode, pad)
    return _windows(_pad_hw(x, pads), kernel, out_hw, stride, dilation), out_hw, pads


def _conv2d_impl(x: np.ndarray, w: np.ndarray, *, stride, pad_mode, pad, dilation,
                 groups) -> np.ndarray:
    n, c = x.shape[:2]
    o, cg, kh, kw = w.shape
    cols, (oh, ow), _ = _im2col(x, (kh, kw), stride, pad_mode, pad, dilation)
    if groups == 1:
        out = np.matmul(w.reshape(o, cg * kh * kw), cols.reshape(n, c * kh * kw, oh * ow))
    else:
        out = np.matmul(w.reshape(groups, o // groups, cg * kh * kw),
                        cols.reshape(n, groups, cg * kh * kw, oh * ow))
    return out.reshape(n, o, oh, ow)


def _conv2d_bprop(x: Tensor, w: Tensor, out: Tensor, dout: Tensor, **attrs: Any):
    return (apply(CONV2D_BACKPROP_INPUT, dout, w, input_shape=x.shape, **attrs),
            apply(CONV2D_BACKPROP_FILTER, dout, x, weight_shape=w.shape, **attrs))


def _conv2d_backprop_input_infer(dout: TensorSpec, w: TensorSpec, *, input_shape: Shape,
                                 stride: Pair, pad_mode: PadMode, pad: Pads4, dilation: Pair,
                                 groups: Positive) -> TensorSpec:
    x = TensorSpec(tuple(input_shape), dout.dtype)
    expected = _conv2d_infer(x, w, stride=stride, pad_mode=pad_mode, pad=pad, dilation=dilation,
                             groups=groups)
    check_same_shape("Conv2DBackpropInput", dout, expected, "'dout' and the convolution output")
    return x


def _conv2d_backprop_input_impl(dout: np.ndarray, w: np.ndarray, *, input_shape, stride,
                                pad_mode, pad, dilation, groups) -> np.ndarray:
    n, c, h, wd = input_shape
    o, cg, kh, kw = w.shape
    (oh, ow), pads = _geometry("Conv2DBackpropInput", (h, wd), (kh, kw), stride, dilation,
                               pad_mode, pad)
    if groups == 1:
        w_t = w.transpose(2, 3, 1, 0).reshape(kh * kw * c, o)
        cols = np.matmul(w_t, dout.reshape(n, o, oh * ow)).reshape(n, kh, kw, c, oh, ow)
    else:
        og = o // groups
        w_t = w.reshape(groups, og, cg * kh * kw).transpose(0, 2, 1)
        cols = np.matmul(w_t, dout.reshape(n, groups, og, oh * ow))
        cols = cols.reshape(n, groups, cg, kh, kw, oh, ow).transpose(0, 3, 4, 1, 2, 5, 6)
        cols = cols.reshape(n, kh, kw, c, oh, ow)  # merging (groups, cg) keeps it a view
    padded = (h + pads[0] + pads[1], wd + pads[2] + pads[3])
    dxp = _col2im(cols, padded, stride, dilation)
    return _crop_hw(dxp, pads, (h, wd))


def _conv2d_backprop_input_bprop(dout: Tensor, w: Tensor, out: Tensor, ddx: Tensor,
                                 *, input_shape, **attrs: Any):
    # out = B(dout, w) is the transpose of conv in its first argument, and bilinear.
    return (apply(CONV2D, ddx, w, **attrs),
            apply(CONV2D_BACKPROP_FILTER, dout, ddx, weight_shape=w.shape, **attrs))


def _conv2d_backprop_filter_infer(dout: TensorSpec, x: TensorSpec, *, weight_shape: Shape,
                                  stride: Pair, pad_mode: PadMode, pad: Pads4, dilation: Pair,
                                  groups: Positive) -> TensorSpec:
    w = TensorSpec(tuple(weight_shape), x.dtype)
    expected = _conv2d_infer(x, w, stride=stride, pad_mode=pad_mode, pad=pad, dilation=dilation,
                             groups=groups)
    check_same_shape("Conv2DBackpropFilter", dout, expected,
                      "'dout' and the convolution output")
    return w


def _conv2d_backprop_filter_impl(dout: np.ndarray, x: np.ndarray, *, weight_shape, stride,
                                 pad_mode, pad, dilation, groups) -> np.ndarray:
    n = x.shape[0]
    o, cg, kh, kw = weight_shape
    cols, (oh, ow), _ = _im2col(x, (kh, kw), stride, pad_mode, pad, dilation)
    k, l_ = cg * kh * kw, oh * ow
    # one (O/g x L) @ (L x K) product per sample and group, summed over samples: faster here
    # than tensordot, which copies both operands into a transposed layout first
    d = dout.reshape(n, groups, o // groups, l_)
    dw = np.matmul(d, cols.reshape(n, groups, k, l_).transpose(0, 1, 3, 2)).sum(axis=0)
    return dw.reshape(weight_shape)


def _conv2d_backprop_filter_bprop(dout: Tensor, x: Tensor, out: Tensor, ddw: Tensor,
                                  *, weight_shape, **attrs: Any):
    return (apply(CONV2D, x, ddw, **attrs),
            apply(CONV2D_BACKPROP_INPUT, dout, ddw, input_shape=x.shape, **attrs))


CONV2D = primitive("conv2d", _conv2d_impl, _conv2d_infer, _conv2d_bprop)


CONV2D_BACKPROP_INPUT = primitive("conv2d_backprop_input", _conv2d_backprop_input_impl,
                                  _conv2d_backprop_input_infer, _conv2d_backprop_input_bprop)


CONV2D_BACKPROP_FILTER = primitive("conv2d_backprop_filter", _conv2d_backprop_filter_impl,
                                   _conv2d_backprop_filter_infer, _conv2d_backprop_filter_bprop)


def conv_attrs(op: str, stride: Any, pad_mode: Any, pads: tuple[int, int, int, int],
                dilation: Any, groups: Any) -> dict[str, Any]:
    if not is_int(groups) or groups < 1:
        raise op_error(op, f"'group' must be a positive int, but got {groups!r}.")
    return {"stride": _pair(op, "stride", stride, allow4=True), "pad_mode": _pad_mode(op, pad_mode,
            pads), "pad": pads, "dilation": _pair(op, "dilation", dilation, allow4=True),
            "groups": int(groups)}


def conv2d(input: Any, weight: Any, bias: Any = None, stride: Any = 1, pad_mode: str = "valid",
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Tensor:
    """2-D cross-correlation of NCHW `input` with OIHW `weight` (O, C_in / groups, kH, kW).

    `pad_mode`: 'valid' (no padding), 'same' (output = ceil(input / stride), extra padding at
    the bottom/right) or 'pad' (`padding`: an int, (pad_h, pad_w), or (top, bottom, left,
    right)). `bias` (O,) is added per output channel."""
    attrs = conv_attrs("Conv2D", stride, pad_mode, pads_of("Conv2D", "padding", padding),
                        dilation, groups)
    out = apply(CONV2D, to_tensor(input), to_tensor(weight), **attrs)
    return out if bias is None else bias_add(out, bias)


def conv2d_backprop_input(dout: Any, weight: Any, input_shape: tuple[int, ...], stride: Any = 1,
                          pad_mode: str = "valid", padding: Any = 0, dilation: Any = 1,
                          groups: int = 1) -> Tensor:
    """The gradient of `conv2d` with respect to its input of shape `input_shape`."""
    attrs = conv_attrs("Conv2DBackpropInput", stride, pad_mode,
                        pads_of("Conv2DBackpropInput", "padding", padding), dilation, groups)
    return apply(CONV2D_BACKPROP_INPUT, to_tensor(dout), to_tensor(weight),
                 input_shape=tuple(int(d) for d in input_shape), **attrs)


def conv2d_backprop_filter(dout: Any, input: Any, weight_shape: tuple[int, ...],
                           stride: Any = 1, pad_mode: str = "valid", padding: Any = 0,
                           dilation: Any = 1, groups: int = 1) -> Tensor:
    """The gradient of `conv2d` with respect to its weight of shape `weight_shape`."""
    attrs = conv_attrs("Conv2DBackpropFilter", stride, pad_mode,
                        pads_of("Conv2DBackpropFilter", "padding", padding), dilation, groups)
    return apply(CONV2D_BACKPROP_FILTER, to_tensor(dout), to_tensor(input),
                 weight_shape=tuple(int(d) for d in weight_shape), **attrs)


class Conv2D(PrimitiveOp):
    """`ops.Conv2D(out_channel, kernel_size, mode=1, pad_mode='valid', pad=0, stride=1,
    dilation=1, group=1, data_format='NCHW')(x, weight)`; `pad` is an int or
    (top, bottom, left, right)."""

    def __init__(self, out_channel: int, kernel_size: Any, mode: int = 1,
                 pad_mode: str = "valid", pad: Any = 0, stride: Any = 1, dilation: Any = 1,
                 group: int = 1, data_format: str = "NCHW") -> None:
        op = "Conv2D"
        if data_format != "NCHW":
            raise op_error(op, f"only data_format 'NCHW' is supported, but got {data_format!r}.")
        if mode != 1:
            raise op_error(op, f"'mode' must be 1 (cross-correlation), but got {mode!r}.")
        if not is_int(out_channel) or out_channel < 1:
            raise op_error(op, f"'out_channel' must be a positive int, but got {out_channel!r}.")
        pads = pads_of(op, "pad", pad, allow2=False)
        super().__init__(out_channel=int(out_channel), kernel_size=_pair(op, "kernel_size",
                         kernel_size), **conv_attrs(op, stride, pad_mode, pads, dilation, group))

    @staticmethod
    def fn(x: Any, weight: Any, *, out_channel: int, kernel_size: tuple[int, int],
           **attrs: Any) -> Tensor:
        w = to_tensor(weight)
        if w.ndim == 4 and (w.shape[0] != out_channel or tuple(w.shape[2:]) != kernel_size):
            raise op_error("Conv2D", f"the weight of shape {list(w.shape)} does not match "
                           f"out_channel={out_channel} and kernel_size={kernel_size}: expected "
                           f"({out_channel}, C_in / group, {kernel_size[0]}, {kernel_size[1]}).")
        return apply(CONV2D, to_tensor(x), w, **attrs)


def _pool_infer_for(op: str, allow_int: bool) -> Callable[..., TensorSpec]:
    def infer(x: TensorSpec, *, kernel_size: Pair, strides: Pair, pad_mode: PadMode,
              pad: Pads4, ceil_mode: bool, dilation: Pair = (1, 1), **attrs: Any
              ) -> TensorSpec:
        check_rank(op, x, (4,), "x", "4-D (N, C, H, W)")
        (check_real if allow_int else check_float)(op, x)
        (oh, ow), _ = _geometry(op, x.shape[2:], kernel_size, strides, dilation, pad_mode, pad,
                                ceil_mode)
        return TensorSpec(x.shape[:2] + (oh, ow), x.dtype)
    return infer


def _lowest(dtype: np.dtype) -> Any:
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def max_pool2d_impl(x: np.ndarray, *, kernel_size: Pair, strides: Pair, pad_mode: PadMode,
                     pad: Pads4, dilation: Pair, ceil_mode: bool) -> np.ndarray:
    out_hw, pads = _geometry("MaxPool", x.shape[2:], kernel_size, strides, dilation, pad_mode,
                             pad, ceil_mode)
    xp = _pad_hw(x, pads, _lowest(x.dtype))
    out = None
    for _, index in _offsets(kernel_size, out_hw, strides, dilation):
        out = xp[index].copy() if out is None else np.maximum(out, xp[index], out=out)
    return out


def _first_max(x: np.ndarray, out: np.ndarray, kernel_size, strides, pad_mode, pad, dilation,
               ceil_mode):
    """Yield (k, index, mask) per kernel offset: `mask` marks the windows whose first maximum
    (in row-major kernel order, as MindSpore picks it) is at offset k; `index` is that
    offset's slab in the padded input. Comparing with the pooled `out` is several times
    faster than tracking an argmax."""
    out_hw, pads = _geometry("MaxPool", x.shape[2:], kernel_size, strides, dilation, pad_mode,
                             pad, ceil_mode)
    xp = _pad_hw(x, pads, _lowest(x.dtype))
    free = np.ones(out.shape, dtype=bool)
    for k, index in _offsets(kernel_size, out_hw, strides, dilation):
        mask = np.equal(xp[index], out)
        mask &= free
        free ^= mask
        yield k, index, mask


def _max_pool_pads(x: np.ndarray, attrs: dict[str, Any]) -> tuple[int, int, int, int]:
    return _geometry("MaxPool", x.shape[2:], attrs["kernel_size"], attrs["strides"],
                     attrs["dilation"], attrs["pad_mode"], attrs["pad"], attrs["ceil_mode"])[1]


def _max_pool2d_grad_impl(x: np.ndarray, out: np.ndarray, dout: np.ndarray, **attrs: Any
                          ) -> np.ndarray:
    pads = _max_pool_pads(x, attrs)
    h, w = x.shape[2:]
    dxp = np.zeros(x.shape[:2] + (h + pads[0] + pads[1], w + pads[2] + pads[3]), dout.dtype)
    for _, index, mask in _first_max(x, out, **attrs):
        dxp[index] += dout * mask
    return _crop_hw(dxp, pads, x.shape[2:])


def _max_pool2d_select_impl(x: np.ndarray, out: np.ndarray, dd: np.ndarray, **attrs: Any
                            ) -> np.ndarray:
    """dd (shaped like x) read at the first maximum of every window: the transpose of the
    gradient, which the second-order bprop needs."""
    ddp = _pad_hw(dd, _max_pool_pads(x, attrs), 0)
    result = np.zeros(out.shape, dd.dtype)
    for _, index, mask in _first_max(x, out, **attrs):
        result += ddp[index] * mask
    return result


def _max_pool2d_argmax_impl(x: np.ndarray, **attrs: Any) -> np.ndarray:
    """Flat indices h * W + w (into each input plane) of every window's first maximum."""
    out = max_pool2d_impl(x, **attrs)
    pads = _max_pool_pads(x, attrs)
    (_, kw), (sh, sw), (dh, dw) = attrs["kernel_size"], attrs["strides"], attrs["dilation"]
    oh, ow = out.shape[2:]
    width = x.shape[3]
    base = (np.arange(oh)[:, None] * sh - pads[0]) * width + np.arange(ow) * sw - pads[2]
    result = np.zeros(out.shape, np.int64)
    for k, _, mask in _first_max(x, out, **attrs):
        result += mask * ((k // kw) * dh * width + (k % kw) * dw)
    return result + base


def _max_pool2d_grad_infer(x: TensorSpec, out: TensorSpec, dout: TensorSpec, **attrs: Any
                           ) -> TensorSpec:
    expected = _pool_infer_for("MaxPoolGrad", True)(x, **attrs)
    check_same_shape("MaxPoolGrad", out, expected, "'out' and the pooled output")
    check_same_shape("MaxPoolGrad", dout, expected, "'dout' and the pooled output")
    return x


def _max_pool2d_select_infer(x: TensorSpec, out: TensorSpec, dd: TensorSpec, **attrs: Any
                             ) -> TensorSpec:
    check_same_shape("MaxPoolGradGrad", dd, x, "the gradient and 'x'")
    return _pool_infer_for("MaxPoolGradGrad", True)(x, **attrs)


def _max_pool2d_argmax_infer(x: TensorSpec, **attrs: Any) -> TensorSpec:
    return TensorSpec(_pool_infer_for("MaxPool", True)(x, **attrs).shape, mstype.int64)


# The max is piecewise linear: `out` gets no gradient in the backward primitives, and the
# gradient and select primitives are each other's transposes in their last input.
MAX_POOL2D = primitive(
    "max_pool2d", max_pool2d_impl, _pool_infer_for("MaxPool", True),
    lambda x, out, dout, **a: (apply(MAX_POOL2D_GRAD, x, out, dout, **a),))


MAX_POOL2D_GRAD = primitive(
    "max_pool2d_grad", _max_pool2d_grad_impl, _max_pool2d_grad_infer,
    lambda x, y, dout, out, dd, **a: (None, None, apply(MAX_POOL2D_SELECT, x, y, dd, **a)),
    attrs="max_pool2d")


MAX_POOL2D_SELECT = primitive(
    "max_pool2d_select", _max_pool2d_select_impl, _max_pool2d_select_infer,
    lambda x, y, dd, out, dout, **a: (None, None, apply(MAX_POOL2D_GRAD, x, y, dout, **a)),
    attrs="max_pool2d")


MAX_POOL2D_ARGMAX = primitive("max_pool2d_argmax", _max_pool2d_argmax_impl,
                              _max_pool2d_argmax_infer, lambda x, out, dout, **a: (None,),
                              attrs="max_pool2d")


def _avg_counts(size: int, k: int, stride: int, out: int, lo: int, hi: int,
                include_pad: bool) -> np.ndarray:
    starts = np.arange(out) * stride - lo
    ends = np.minimum(starts + k, size + hi)
    if include_pad:
        return ends - starts
    return np.minimum(ends, size) - np.maximum(starts, 0)


def _avg_divisor(x_hw: tuple[int, int], out_hw: tuple[int, int], *, kernel_size: Pair,
                 strides: Pair, pad_mode: PadMode, pad: Pads4, ceil_mode: bool,
                 count_include_pad: bool, divisor_override: NonNegative) -> Any:
    if divisor_override:
        return divisor_override
    if pad_mode == "same":  # TensorFlow/MindSpore 'same' averages over the real cells only
        _, pad = _geometry("AvgPool", x_hw, kernel_size, strides, (1, 1), pad_mode, pad)
        count_include_pad = False
    nh = _avg_counts(x_hw[0], kernel_size[0], strides[0], out_hw[0], pad[0], pad[1],
                     count_include_pad)
    nw = _avg_counts(x_hw[1], kernel_size[1], strides[1], out_hw[1], pad[2], pad[3],
                     count_include_pad)
    return np.outer(nh, nw)


def _avg_pool2d_impl(x: np.ndarray, **attrs: Any) -> np.ndarray:
    out_hw, pads = _geometry("AvgPool", x.shape[2:], attrs["kernel_size"], attrs["strides"],
                             (1, 1), attrs["pad_mode"], attrs["pad"], attrs["ceil_mode"])
    xp = _pad_hw(x, pads, 0)
    acc = None
    for _, index in _offsets(attrs["kernel_size"], out_hw, attrs["strides"], (1, 1)):
        acc = xp[index].copy() if acc is None else np.add(acc, xp[index], out=acc)
    divisor = _avg_divisor(x.shape[2:], out_hw, **attrs)
    return acc / np.asarray(divisor, dtype=x.dtype)


def _avg_pool2d_grad_impl(dout: np.ndarray, *, input_shape: Shape, **attrs: Any
                          ) -> np.ndarray:
    h, w = input_shape[2:]
    out_hw, pads = _geometry("AvgPoolGrad", (h, w), attrs["kernel_size"], attrs["strides"],
                             (1, 1), attrs["pad_mode"], attrs["pad"], attrs["ceil_mode"])
    g = dout / np.asarray(_avg_divisor((h, w), out_hw, **attrs), dtype=dout.dtype)
    dxp = np.zeros(tuple(input_shape[:2]) + (h + pads[0] + pads[1], w + pads[2] + pads[3]),
                   dout.dtype)
    for _, index in _offsets(attrs["kernel_size"], out_hw, attrs["strides"], (1, 1)):
        dxp[index] += g
    return _crop_hw(dxp, pads, (h, w))


def _avg_pool2d_grad_infer(dout: TensorSpec, *, input_shape: Shape, **attrs: Any
                           ) -> TensorSpec:
    x = TensorSpec(tuple(input_shape), dout.dtype)
    expected = _pool_infer_for("AvgPoolGrad", False)(x, **attrs)
    check_same_shape("AvgPoolGrad", dout, expected, "'dout' and the pooled output")
    return x


AVG_POOL2D = primitive(
    "avg_pool2d", _avg_pool2d_impl, _pool_infer_for("AvgPool", False),
    lambda x, out, dout, **a: (apply(AVG_POOL2D_GRAD, dout, input_shape=x.shape, **a),),
    attrs=_avg_divisor)


AVG_POOL2D_GRAD = primitive(
    "avg_pool2d_grad", _avg_pool2d_grad_impl, _avg_pool2d_grad_infer,
    lambda dout, out, dd, *, input_shape, **a: (apply(AVG_POOL2D, dd, **a),),
    attrs=("avg_pool2d", _avg_pool2d_grad_infer))


def _pool_attrs(op: str, kernel_size: Any, stride: Any, pad_mode: str,
                pads: tuple[int, int, int, int], ceil_mode: bool) -> dict[str, Any]:
    return {"kernel_size": _pair(op, "kernel_size", kernel_size, allow4=True),
            "strides": _pair(op, "stride", stride, allow4=True),
            "pad_mode": _pad_mode(op, pad_mode, pads), "pad": pads, "ceil_mode": bool(ceil_mode)}


def _check_half_kernel(op: str, pads: tuple[int, int, int, int], kernel: tuple[int, int],
                       dilation: tuple[int, int] = (1, 1)) -> None:
    limits = ((kernel[0] - 1) * dilation[0] + 1) // 2, ((kernel[1] - 1) * dilation[1] + 1) // 2
    if max(pads[:2]) > limits[0] or max(pads[2:]) > limits[1]:
        raise op_error(op, f"the padding {pads} must be at most half of the (dilated) kernel "
                       f"size {kernel}, i.e. at most {limits} (height, width).")


def max_pool2d(x: Any, kernel_size: Any, stride: Any = None, padding: Any = 0,
               dilation: Any = 1, return_indices: bool = False, ceil_mode: bool = False) -> Any:
    """2-D max pooling of NCHW `x`; `stride` defaults to `kernel_size`; `padding` (int or
    (pad_h, pad_w)) pads both sides with -inf. With `return_indices`, also returns the flat
    index (h * W + w) of each maximum as Int64."""
    op = "MaxPool2D"
    pads = pads_of(op, "padding", padding)
    attrs = _pool_attrs(op, kernel_size, kernel_size if stride is None else stride, "pad", pads,
                        ceil_mode)
    attrs["dilation"] = _pair(op, "dilation", dilation)
    _check_half_kernel(op, pads, attrs["kernel_size"], attrs["dilation"])
    x = to_tensor(x)
    out = apply(MAX_POOL2D, x, **attrs)
    return (out, apply(MAX_POOL2D_ARGMAX, x, **attrs)) if return_indices else out


def avg_pool2d(input_x: Any, kernel_size: Any = 1, stride: Any = 1, padding: Any = 0,
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Tensor:
    """2-D average pooling of NCHW `input_x` with zero `padding` (int or (pad_h, pad_w));
    the divisor counts padding cells when `count_include_pad`, or is `divisor_override`."""
    op = "AvgPool2D"
    pads = pads_of(op, "padding", padding)
    attrs = _pool_attrs(op, kernel_size, stride, "pad", pads, ceil_mode)
    _check_half_kernel(op, pads, attrs["kernel_size"])
    if divisor_override is not None and (not is_int(divisor_override) or divisor_override < 0):
        raise op_error(op, f"'divisor_override' must be a positive int or None, but got "
                       f"{divisor_override!r}.")
    return apply(AVG_POOL2D, to_tensor(input_x), count_include_pad=bool(count_include_pad),
                 divisor_override=int(divisor_override or 0), **attrs)


def check_nchw(op: str, data_format: str) -> None:
    if data_format != "NCHW":
        raise op_error(op, f"only data_format 'NCHW' is supported, but got {data_format!r}.")


class MaxPool(PrimitiveOp):
    """`ops.MaxPool(kernel_size=1, strides=1, pad_mode='valid', data_format='NCHW')(x)`."""

    def __init__(self, kernel_size: Any = 1, strides: Any = 1, pad_mode: str = "valid",
                 data_format: str = "NCHW") -> None:
        check_nchw("MaxPool", data_format)
        super().__init__(dilation=(1, 1), **_pool_attrs("MaxPool", kernel_size, strides,
                                                        pad_mode, (0, 0, 0, 0), False))

    @staticmethod
    def fn(x: Any, **attrs: Any) -> Tensor:
        return apply(MAX_POOL2D, to_tensor(x), **attrs)


class AvgPool(PrimitiveOp):
    """`ops.AvgPool(kernel_size=1, strides=1, pad_mode='valid', data_format='NCHW')(x)`;
    'same' averages over the cells inside the input only."""

    def __init__(self, kernel_size: Any = 1, strides: Any = 1, pad_mode: str = "valid",
                 data_format: str = "NCHW") -> None:
        check_nchw("AvgPool", data_format)
        super().__init__(count_include_pad=False, divisor_override=0,
                         **_pool_attrs("AvgPool", kernel_size, strides, pad_mode, (0, 0, 0, 0),
                                       False))

    @staticmethod
    def fn(x: Any, **attrs: Any) -> Tensor:
        return apply(AVG_POOL2D, to_tensor(x), **attrs)
