"""Convolution layers: Conv2d (NCHW).

MindSpore's defaults, which differ from PyTorch's: `pad_mode='same'`, `has_bias=False`,
weight from HeUniform(sqrt(5)) and bias from Uniform(1 / sqrt(fan_in)).
"""

from __future__ import annotations

import math
from typing import Any

from ... import ops
from ...common import dtype as mstype
from ...common.initializer import HeUniform, Uniform, initializer
from ...common.parameter import Parameter
from ...common.tensor import Tensor
from ..cell import Cell
from .basic import check_positive_int, check_tensor, compute_dtype

_PAD_MODES = ("same", "valid", "pad")


def pair(op: str, name: str, value: Any, allow_zero: bool = False) -> tuple[int, int]:
    """An int or a pair of ints as a pair of positive (or non-negative) ints."""
    items = (value, value) if isinstance(value, int) and not isinstance(value, bool) else value
    if (not isinstance(items, (tuple, list)) or len(items) != 2
            or any(not isinstance(v, int) or isinstance(v, bool) for v in items)):
        raise TypeError(f"For '{op}', the '{name}' must be an int or a tuple of two ints, but "
                        f"got {value!r}.")
    low = 0 if allow_zero else 1
    if any(v < low for v in items):
        kind = "non-negative" if allow_zero else "positive"
        raise ValueError(f"For '{op}', the '{name}' must be {kind}, but got {value!r}.")
    return int(items[0]), int(items[1])


def check_pad_mode(op: str, pad_mode: Any) -> str:
    if not isinstance(pad_mode, str) or pad_mode.lower() not in _PAD_MODES:
        raise ValueError(f"For '{op}', the 'pad_mode' must be one of {list(_PAD_MODES)}, but "
                         f"got {pad_mode!r}.")
    return pad_mode.lower()


def check_padding(op: str, padding: Any, pad_mode: str, sizes: tuple[int, ...] = (4,)
                  ) -> int | tuple[int, ...]:
    """An int, or a tuple of one of `sizes` non-negative ints; non-zero only with 'pad'."""
    if isinstance(padding, int) and not isinstance(padding, bool):
        values: tuple[int, ...] = (padding,)
    elif (isinstance(padding, (tuple, list)) and len(padding) in sizes
          and all(isinstance(v, int) and not isinstance(v, bool) for v in padding)):
        values = tuple(padding)
        padding = tuple(padding)
    else:
        allowed = " or ".join(str(s) for s in sizes)
        raise TypeError(f"For '{op}', the 'padding' must be an int or a tuple of {allowed} "
                        f"ints, but got {padding!r}.")
    if any(v < 0 for v in values):
        raise ValueError(f"For '{op}', the 'padding' must be non-negative, but got {padding!r}.")
    if pad_mode != "pad" and any(values):
        raise ValueError(f"For '{op}', the 'padding' must be zero when 'pad_mode' is not 'pad', "
                         f"but got padding={padding!r} with pad_mode='{pad_mode}'.")
    return padding


class Conv2d(Cell):
    """2-D convolution over an (N, C_in, H, W) input; weight (C_out, C_in / group, kh, kw).

    `pad_mode`: 'same' (output size ceil(H / stride)), 'valid' (no padding) or 'pad'
    (explicit `padding`: an int or (top, bottom, left, right)).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 pad_mode: str = "same", padding: Any = 0, dilation: Any = 1, group: int = 1,
                 has_bias: bool = False, weight_init: Any = None, bias_init: Any = None,
                 data_format: str = "NCHW", dtype: Any = mstype.float32) -> None:
        super().__init__()
        op = "Conv2d"
        self.in_channels = check_positive_int(op, "in_channels", in_channels)
        self.out_channels = check_positive_int(op, "out_channels", out_channels)
        self.kernel_size = pair(op, "kernel_size", kernel_size)
        self.stride = pair(op, "stride", stride)
        self.dilation = pair(op, "dilation", dilation)
        self.pad_mode = check_pad_mode(op, pad_mode)
        self.padding = check_padding(op, padding, self.pad_mode, sizes=(4,))
        self.group = check_positive_int(op, "group", group)
        if in_channels % group or out_channels % group:
            raise ValueError(f"For 'Conv2d', 'in_channels' ({in_channels}) and 'out_channels' "
                             f"({out_channels}) must both be divisible by 'group' ({group}).")
        if data_format != "NCHW":
            raise ValueError(f"For 'Conv2d', the 'data_format' must be 'NCHW' (the only format "
                             f"graphc supports), but got {data_format!r}.")
        self.data_format = data_format
        if not isinstance(has_bias, bool):
            raise TypeError(f"For 'Conv2d', the 'has_bias' must be a bool, but got "
                            f"{type(has_bias).__name__}.")
        self.has_bias = has_bias
        shape = [out_channels, in_channels // group, *self.kernel_size]
        if isinstance(weight_init, Tensor) and list(weight_init.shape) != shape:
            raise ValueError(f"For 'Conv2d', the weight_init Tensor must have shape {shape}, "
                             f"but got {list(weight_init.shape)}.")
        if weight_init is None:
            weight_init = HeUniform(math.sqrt(5))
        self.weight_init = weight_init
        self.weight = Parameter(initializer(weight_init, shape, dtype), name="weight")
        self.bias = None
        if has_bias:
            if bias_init is None:
                fan_in = shape[1] * shape[2] * shape[3]
                bias_init = Uniform(1 / math.sqrt(fan_in))
        self.bias_init = bias_init
        if has_bias:
            self.bias = Parameter(initializer(bias_init, [out_channels], dtype), name="bias")

    def construct(self, x: Any) -> Any:
        check_tensor("Conv2d", x, (4,))
        if x.shape[1] not in (self.in_channels, None):
            raise ValueError(f"For 'Conv2d', the input must have in_channels={self.in_channels} "
                             f"channels (dimension 1 of NCHW), but got an input of shape "
                             f"{list(x.shape)}.")
        out = ops.conv2d(compute_dtype(self, x), compute_dtype(self, self.weight), None,
                         self.stride, self.pad_mode, self.padding, self.dilation, self.group)
        if self.has_bias:
            out = ops.bias_add(out, compute_dtype(self, self.bias))
        return out

    def extend_repr(self) -> str:
        return (f"input_channels={self.in_channels}, output_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, "
                f"pad_mode={self.pad_mode}, padding={self.padding}, dilation={self.dilation}, "
                f"group={self.group}, has_bias={self.has_bias}, "
                f"weight_init={self.weight_init}, bias_init={self.bias_init}, "
                f"format={self.data_format}")
