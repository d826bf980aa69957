"""More convolution layers: Conv1d (N, C, L), Conv2dTranspose (N, C, H, W) and Conv3d
(N, C, D, H, W), with MindSpore's parameter shapes so that checkpoints map: Conv1d keeps a 4-D
weight (C_out, C_in / group, 1, k); Conv2dTranspose's weight is (C_in, C_out / group, kh, kw).

Defaults as in MindSpore: pad_mode='same', has_bias=False, weight HeUniform(sqrt(5)), bias
Uniform(1 / sqrt(fan_in)).
"""

from __future__ import annotations

import math
from typing import Any

from ... import ops
from ...common import dtype as mstype
from ...common.initializer import HeUniform, Uniform, initializer
from ...common.parameter import Parameter
from ...common.tensor import Tensor
from ...ops.conv3d_ops import conv3d, conv3d_attrs
from ..cell import Cell
from .basic import check_positive_int, check_tensor
from .conv import check_pad_mode, check_padding, pair


def _ints(op: str, name: str, value: Any, n: int, allow_zero: bool = False) -> tuple[int, ...]:
    items = (value,) * n if isinstance(value, int) and not isinstance(value, bool) else value
    if (not isinstance(items, (tuple, list)) or len(items) != n
            or any(not isinstance(v, int) or isinstance(v, bool) for v in items)):
        raise TypeError(f"For '{op}', the '{name}' must be an int or a tuple of {n} ints, but "
                        f"got {value!r}.")
    if any(v < (0 if allow_zero else 1) for v in items):
        kind = "non-negative" if allow_zero else "positive"
        raise ValueError(f"For '{op}', the '{name}' must be {kind}, but got {value!r}.")
    return tuple(int(v) for v in items)


class _ConvBase(Cell):
    """What the convolution layers share: argument checks, weight and bias."""

    _op = ""

    def _setup(self, in_channels: int, out_channels: int, group: int, has_bias: bool,
               weight_shape: list[int], fan_in: int, weight_init: Any, bias_init: Any,
               bias_size: int, dtype: Any) -> None:
        op = self._op
        self.in_channels = check_positive_int(op, "in_channels", in_channels)
        self.out_channels = check_positive_int(op, "out_channels", out_channels)
        self.group = check_positive_int(op, "group", group)
        if in_channels % group or out_channels % group:
            raise ValueError(f"For '{op}', 'in_channels' ({in_channels}) and 'out_channels' "
                             f"({out_channels}) must both be divisible by 'group' ({group}).")
        if not isinstance(has_bias, bool):
            raise TypeError(f"For '{op}', the 'has_bias' must be a bool, but got "
                            f"{type(has_bias).__name__}.")
        self.has_bias = has_bias
        if isinstance(weight_init, Tensor) and list(weight_init.shape) != weight_shape:
            raise ValueError(f"For '{op}', the weight_init Tensor must have shape "
                             f"{weight_shape}, but got {list(weight_init.shape)}.")
        self.weight_init = HeUniform(math.sqrt(5)) if weight_init is None else weight_init
        self.weight = Parameter(initializer(self.weight_init, weight_shape, dtype),
                                name="weight")
        self.bias_init = bias_init
        self.bias = None
        if has_bias:
            if bias_init is None:
                self.bias_init = Uniform(1 / math.sqrt(fan_in))
            self.bias = Parameter(initializer(self.bias_init, [bias_size], dtype), name="bias")

    def _check_input(self, x: Any, ndim: int) -> None:
        check_tensor(self._op, x, (ndim,))
        if x.shape[1] not in (self.in_channels, None):
            raise ValueError(f"For '{self._op}', the input must have in_channels="
                             f"{self.in_channels} channels (dimension 1), but got an input of "
                             f"shape {list(x.shape)}.")


class Conv1d(_ConvBase):
    """1-D convolution over (N, C_in, L); weight (C_out, C_in / group, 1, kernel_size).
    `padding` (pad_mode 'pad') is an int or (left, right)."""

    _op = "Conv1d"

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int = 1,
                 pad_mode: str = "same", padding: Any = 0, dilation: int = 1, group: int = 1,
                 has_bias: bool = False, weight_init: Any = None, bias_init: Any = None,
                 dtype: Any = mstype.float32) -> None:
        super().__init__()
        op = self._op
        self.kernel_size = _ints(op, "kernel_size", kernel_size, 1)[0]
        self.stride = _ints(op, "stride", stride, 1)[0]
        self.dilation = _ints(op, "dilation", dilation, 1)[0]
        self.pad_mode = check_pad_mode(op, pad_mode)
        self.padding = _ints(op, "padding", padding, 2, allow_zero=True) if isinstance(
            padding, (tuple, list)) else _ints(op, "padding", padding, 1, allow_zero=True) * 2
        if self.pad_mode != "pad" and any(self.padding):
            raise ValueError(f"For 'Conv1d', the 'padding' must be zero when 'pad_mode' is not "
                             f"'pad', but got padding={padding!r} with pad_mode='{pad_mode}'.")
        self._setup(in_channels, out_channels, group, has_bias,
                    [out_channels, in_channels // group, 1, self.kernel_size],
                    in_channels // group * self.kernel_size, weight_init, bias_init,
                    out_channels, dtype)

    def construct(self, x: Any) -> Any:
        self._check_input(x, 3)
        x4 = ops.expand_dims(x, 2)
        out = ops.conv2d(x4, self.weight, None, (1, self.stride), self.pad_mode,
                         (0, 0) + self.padding, (1, self.dilation), self.group)
        out = ops.squeeze(out, 2)
        if self.has_bias:
            out = ops.bias_add(out, self.bias)
        return out

    def extend_repr(self) -> str:
        return (f"input_channels={self.in_channels}, output_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, "
                f"pad_mode={self.pad_mode}, padding={self.padding}, dilation={self.dilation}, "
                f"group={self.group}, has_bias={self.has_bias}")


class Conv2dTranspose(_ConvBase):
    """2-D transposed convolution (the gradient of Conv2d with respect to its input) over
    (N, C_in, H, W); weight (C_in, C_out / group, kh, kw). Output size: H * stride ('same'),
    (H - 1) * stride + dilation * (k - 1) + 1 ('valid'), and for 'pad' that minus
    top + bottom; `output_padding` then appends that many rows/columns of zeros at the bottom
    and right, as MindSpore does."""

    _op = "Conv2dTranspose"

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 pad_mode: str = "same", padding: Any = 0, output_padding: Any = 0,
                 dilation: Any = 1, group: int = 1, has_bias: bool = False,
                 weight_init: Any = None, bias_init: Any = None,
                 dtype: Any = mstype.float32) -> None:
        super().__init__()
        op = self._op
        self.kernel_size = pair(op, "kernel_size", kernel_size)
        self.stride = pair(op, "stride", stride)
        self.dilation = pair(op, "dilation", dilation)
        self.pad_mode = check_pad_mode(op, pad_mode)
        self.padding = check_padding(op, padding, self.pad_mode, sizes=(4,))
        self.output_padding = pair(op, "output_padding", output_padding, allow_zero=True)
        if any(p >= max(s, d) for p, s, d in zip(self.output_padding, self.stride,
                                                 self.dilation)):
            raise ValueError(f"For 'Conv2dTranspose', the 'output_padding' {output_padding!r} "
                             "must be smaller than the stride or the dilation.")
        if self.pad_mode != "pad" and any(self.output_padding):
            raise ValueError("For 'Conv2dTranspose', the 'output_padding' must be zero unless "
                             "'pad_mode' is 'pad'.")
        kh, kw = self.kernel_size
        self._setup(in_channels, out_channels, group, has_bias,
                    [in_channels, out_channels // group, kh, kw],
                    out_channels // group * kh * kw, weight_init, bias_init, out_channels, dtype)

    def _pads(self) -> tuple[int, int, int, int]:
        p = self.padding
        return (p,) * 4 if isinstance(p, int) else tuple(p)  # type: ignore[return-value]

    def construct(self, x: Any) -> Any:
        self._check_input(x, 4)
        n, _, h, w = x.shape
        pads = self._pads()
        size = []
        for i, dim in enumerate((h, w)):
            k, s, d = self.kernel_size[i], self.stride[i], self.dilation[i]
            if self.pad_mode == "same":
                size.append(dim * s)
            elif self.pad_mode == "valid":
                size.append((dim - 1) * s + d * (k - 1) + 1)
            else:
                size.append((dim - 1) * s - pads[2 * i] - pads[2 * i + 1] + d * (k - 1) + 1)
        out = ops.conv2d_backprop_input(x, self.weight, (n, self.out_channels, *size),
                                        self.stride, self.pad_mode, pads, self.dilation,
                                        self.group)
        if self.has_bias:
            out = ops.bias_add(out, self.bias)
        if any(self.output_padding):  # MindSpore appends zeros (after the bias)
            out = ops.pad(out, (0, self.output_padding[1], 0, self.output_padding[0]))
        return out


class Conv3d(_ConvBase):
    """3-D convolution over (N, C_in, D, H, W); weight (C_out, C_in / group, kd, kh, kw);
    `padding` (pad_mode 'pad') is an int or (front, back, top, bottom, left, right)."""

    _op = "Conv3d"

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 pad_mode: str = "same", padding: Any = 0, dilation: Any = 1, group: int = 1,
                 has_bias: bool = False, weight_init: Any = None, bias_init: Any = None,
                 data_format: str = "NCDHW", dtype: Any = mstype.float32) -> None:
        super().__init__()
        op = self._op
        if data_format != "NCDHW":
            raise ValueError(f"For 'Conv3d', the 'data_format' must be 'NCDHW', but got "
                             f"{data_format!r}.")
        self.kernel_size = _ints(op, "kernel_size", kernel_size, 3)
        self.stride = _ints(op, "stride", stride, 3)
        self.dilation = _ints(op, "dilation", dilation, 3)
        self.pad_mode = check_pad_mode(op, pad_mode)
        self.padding = padding
        try:
            conv3d_attrs(op, self.stride, self.pad_mode, padding, self.dilation, group)
        except TypeError as exc:
            raise TypeError(str(exc)) from None
        kd, kh, kw = self.kernel_size
        self._setup(in_channels, out_channels, group, has_bias,
                    [out_channels, in_channels // group, kd, kh, kw],
                    in_channels // group * kd * kh * kw, weight_init, bias_init, out_channels,
                    dtype)

    def construct(self, x: Any) -> Any:
        self._check_input(x, 5)
        return conv3d(x, self.weight, self.bias if self.has_bias else None, self.stride,
                      self.pad_mode, self.padding, self.dilation, self.group)
