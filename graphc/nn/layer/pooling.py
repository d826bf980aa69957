"""2-D pooling layers: MaxPool2d and AvgPool2d over (N, C, H, W) or (C, H, W) inputs.

`pad_mode` is 'valid' (no padding), 'same' (output size ceil(H / stride); AvgPool2d then
averages over the cells inside the input only) or 'pad' (explicit `padding`, an int or
(pad_h, pad_w), at most half the kernel).
"""

from __future__ import annotations

from typing import Any

from ... import ops
from ..cell import Cell
from .basic import check_tensor
from .conv import check_pad_mode, check_padding, pair


def _unbatched_shape(out: Any) -> tuple[int, ...]:
    return tuple(-1 if d is None else d for d in out.shape[1:])


class _Pool2d(Cell):
    def __init__(self, op: str, kernel_size: Any, stride: Any, pad_mode: str, padding: Any,
                 ceil_mode: bool, data_format: str) -> None:
        super().__init__()
        self.kernel_size = pair(op, "kernel_size", kernel_size)
        self.stride = pair(op, "stride", stride)
        self.pad_mode = check_pad_mode(op, pad_mode)
        self.padding = check_padding(op, padding, self.pad_mode, sizes=(2,))
        if not isinstance(ceil_mode, bool):
            raise TypeError(f"For '{op}', the 'ceil_mode' must be a bool, but got "
                            f"{ceil_mode!r}.")
        self.ceil_mode = ceil_mode
        if data_format != "NCHW":
            raise ValueError(f"For '{op}', the 'data_format' must be 'NCHW' (the only format "
                             f"graphc supports), but got {data_format!r}.")
        self.format = data_format

    def _batched(self, x: Any) -> tuple[Any, bool]:
        check_tensor(type(self).__name__, x, (3, 4))
        if x.ndim == 3:
            return ops.reshape(x, (1, *(-1 if d is None else d for d in x.shape))), True
        return x, False

    def extend_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, pad_mode={self.pad_mode}"


class MaxPool2d(_Pool2d):
    """The maximum over each kernel window."""

    def __init__(self, kernel_size: Any = 1, stride: Any = 1, pad_mode: str = "valid",
                 padding: Any = 0, dilation: Any = 1, return_indices: bool = False,
                 ceil_mode: bool = False, data_format: str = "NCHW") -> None:
        super().__init__("MaxPool2d", kernel_size, stride, pad_mode, padding, ceil_mode,
                         data_format)
        self.dilation = pair("MaxPool2d", "dilation", dilation)
        if return_indices:
            raise ValueError("For 'MaxPool2d', 'return_indices=True' is not supported by "
                             "graphc.")
        self.return_indices = return_indices

        if self.pad_mode == "same" and self.dilation != (1, 1):
            raise ValueError(f"For 'MaxPool2d', 'dilation' must be 1 with pad_mode 'same', but "
                             f"got {dilation!r}.")
        if self.pad_mode == "same":
            self.max_pool = ops.MaxPool(self.kernel_size, self.stride, "same")

    def construct(self, x: Any) -> Any:
        x, unbatched = self._batched(x)
        if self.pad_mode == "same":
            out = self.max_pool(x)
        else:
            out = ops.max_pool2d(x, self.kernel_size, self.stride, self.padding, self.dilation,
                                 False, self.ceil_mode)
        return ops.reshape(out, _unbatched_shape(out)) if unbatched else out


class AvgPool2d(_Pool2d):
    """The mean over each kernel window; with 'pad' padding, `count_include_pad` says whether
    the padded zeros count in the mean, and `divisor_override` replaces the divisor."""

    def __init__(self, kernel_size: Any = 1, stride: Any = 1, pad_mode: str = "valid",
                 padding: Any = 0, ceil_mode: bool = False, count_include_pad: bool = True,
                 divisor_override: int | None = None, data_format: str = "NCHW") -> None:
        super().__init__("AvgPool2d", kernel_size, stride, pad_mode, padding, ceil_mode,
                         data_format)
        self.count_include_pad = count_include_pad
        if divisor_override is not None and (not isinstance(divisor_override, int)
                                             or divisor_override <= 0):
            raise ValueError(f"For 'AvgPool2d', the 'divisor_override' must be a positive int "
                             f"or None, but got {divisor_override!r}.")
        self.divisor_override = divisor_override

        if self.pad_mode == "same":
            self.avg_pool = ops.AvgPool(self.kernel_size, self.stride, "same")

    def construct(self, x: Any) -> Any:
        x, unbatched = self._batched(x)
        if self.pad_mode == "same":
            out = self.avg_pool(x)
        else:
            out = ops.avg_pool2d(x, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                                 self.count_include_pad, self.divisor_override)
        return ops.reshape(out, _unbatched_shape(out)) if unbatched else out
