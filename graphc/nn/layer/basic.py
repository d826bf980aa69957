"""Basic layers: Dense, Flatten, Dropout, Identity."""

from __future__ import annotations

import math
from typing import Any

from ... import ops
from ...common import dtype as mstype
from ...common.initializer import HeUniform, Uniform, initializer
from ...common.parameter import Parameter
from ...common.tensor import Tensor
from ..cell import Cell
from .activation import get_activation


def check_positive_int(op: str, name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"For '{op}', the '{name}' must be an int, but got "
                        f"{type(value).__name__}.")
    if value <= 0:
        raise ValueError(f"For '{op}', the '{name}' must be a positive int, but got {value}.")
    return value


def check_tensor(op: str, x: Any, ndims: tuple[int, ...] | None = None,
                 what: str = "input") -> Tensor:
    """`x` must be a Tensor (with one of `ndims` dimensions when given)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"For '{op}', the {what} must be a Tensor, but got "
                        f"{type(x).__name__}.")
    if ndims is not None and x.ndim not in ndims:
        want = " or ".join(f"{n}-D" for n in ndims)
        raise ValueError(f"For '{op}', the {what} must be {want}, but got a {x.ndim}-D Tensor "
                         f"of shape {list(x.shape)}.")
    return x


_MATMUL_T = ops.MatMul(transpose_b=True)


def compute_dtype(cell: Cell, value: Any) -> Any:
    """`value` (an input, a weight) in the dtype `cell` computes in: a cell set to float16 (by
    `to_float` or mixed precision) casts its float32 operands to float16, so the product is
    float16 while its Parameters stay float32 (the master copies, which receive float32
    gradients through the cast); a cell set to float32 casts float16 operands up. The inputs are
    cast here as well because a sub-cell called inside a compiled graph gets no input casts."""
    target = cell._mixed_precision_type
    if target is not None and value.dtype.is_float and value.dtype is not target:
        return ops.cast(value, target)
    return value


class Dense(Cell):
    """Fully connected layer: `activation(x @ weight.T + bias)` on the last dimension of `x`.

    `weight` has shape (out_channels, in_channels); by default it is drawn from
    HeUniform(sqrt(5)) and `bias` from Uniform(1 / sqrt(in_channels)), as in MindSpore 2.x.
    """

    def __init__(self, in_channels: int, out_channels: int, weight_init: Any = None,
                 bias_init: Any = None, has_bias: bool = True, activation: Any = None,
                 dtype: Any = mstype.float32) -> None:
        super().__init__()
        self.in_channels = check_positive_int("Dense", "in_channels", in_channels)
        self.out_channels = check_positive_int("Dense", "out_channels", out_channels)
        if not isinstance(has_bias, bool):
            raise TypeError(f"For 'Dense', the 'has_bias' must be a bool, but got "
                            f"{type(has_bias).__name__}.")
        self.has_bias = has_bias
        if isinstance(weight_init, Tensor) and tuple(weight_init.shape) != (out_channels,
                                                                             in_channels):
            raise ValueError(f"For 'Dense', the weight_init Tensor must have shape "
                             f"[out_channels, in_channels] = {[out_channels, in_channels]}, but "
                             f"got {list(weight_init.shape)}.")
        if weight_init is None:
            weight_init = HeUniform(math.sqrt(5))
        self.weight = Parameter(initializer(weight_init, [out_channels, in_channels], dtype),
                                name="weight")
        self.bias = None
        if has_bias:
            if isinstance(bias_init, Tensor) and tuple(bias_init.shape) != (out_channels,):
                raise ValueError(f"For 'Dense', the bias_init Tensor must have shape "
                                 f"[out_channels] = {[out_channels]}, but got "
                                 f"{list(bias_init.shape)}.")
            if bias_init is None:
                bias_init = Uniform(1 / math.sqrt(in_channels))
            self.bias = Parameter(initializer(bias_init, [out_channels], dtype), name="bias")
        self.activation = (get_activation(activation, "Dense") if isinstance(activation, str)
                           else activation)
        if activation is not None and not callable(self.activation):
            raise TypeError(f"For 'Dense', the 'activation' must be a str, a Cell or a "
                            f"callable, but got {type(activation).__name__}.")
        self.activation_flag = self.activation is not None

    def construct(self, x: Any) -> Any:
        check_tensor("Dense", x)
        if x.ndim == 0 or x.shape[-1] not in (self.in_channels, None):
            raise ValueError(f"For 'Dense', the last dimension of the input must equal "
                             f"in_channels={self.in_channels}, but got an input of shape "
                             f"{list(x.shape)}.")
        x_shape = x.shape
        if len(x_shape) != 2:
            x = ops.reshape(x, (-1, x_shape[-1]))
        # x @ W.T with the transpose folded into the product (as MindSpore's MatMul does), so
        # the weight's gradient comes out contiguous and the optimiser's update stays fast.
        x = _MATMUL_T(compute_dtype(self, x), compute_dtype(self, self.weight))
        if self.has_bias:
            x = ops.bias_add(x, compute_dtype(self, self.bias))
        if self.activation_flag:
            x = self.activation(x)
        if len(x_shape) != 2:
            lead = tuple(-1 if d is None else d for d in x_shape[:-1])
            x = ops.reshape(x, lead + (self.out_channels,))
        return x

    def extend_repr(self) -> str:
        s = f"input_channels={self.in_channels}, output_channels={self.out_channels}"
        if self.has_bias:
            s += f", has_bias={self.has_bias}"
        if self.activation_flag:
            s += f", activation={self.activation}"
        return s


class Flatten(Cell):
    """Merge the dimensions `start_dim` .. `end_dim` (inclusive) into one."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        for name, v in (("start_dim", start_dim), ("end_dim", end_dim)):
            if not isinstance(v, int) or isinstance(v, bool):
                raise TypeError(f"For 'Flatten', the '{name}' must be an int, but got {v!r}.")
        self.start_dim = start_dim
        self.end_dim = end_dim

    def construct(self, x: Any) -> Any:
        check_tensor("Flatten", x)
        shape = x.shape
        ndim = max(len(shape), 1)
        start, end = self.start_dim, self.end_dim
        if not (-ndim <= start < ndim and -ndim <= end < ndim):
            raise ValueError(f"For 'Flatten', 'start_dim' {start} and 'end_dim' {end} must be in "
                             f"range [{-ndim}, {ndim - 1}] for an input of shape {list(shape)}.")
        start, end = start % ndim, end % ndim
        if start > end:
            raise ValueError(f"For 'Flatten', 'start_dim' {self.start_dim} must not come after "
                             f"'end_dim' {self.end_dim} for an input of shape {list(shape)}.")
        if len(shape) == 0:
            return ops.reshape(x, (1,))
        merged = shape[start:end + 1]
        size = -1 if None in merged else math.prod(merged)
        new_shape = tuple(-1 if d is None else d for d in shape[:start]) + (size,) + \
            tuple(-1 if d is None else d for d in shape[end + 1:])
        return ops.reshape(x, new_shape)

    def extend_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Dropout(Cell):
    """Zero each element with probability `p` and scale the rest by 1 / (1 - p) while
    training; the identity when not training. `keep_prob` is the deprecated spelling of
    1 - p; with neither given, p = 0.5."""

    def __init__(self, keep_prob: float | None = None, p: float | None = None,
                 dtype: Any = mstype.float32) -> None:
        super().__init__()
        if p is not None:
            if not isinstance(p, (int, float)) or isinstance(p, bool):
                raise TypeError(f"For 'Dropout', the 'p' must be a float, but got {p!r}.")
            if not 0 <= p < 1:
                raise ValueError(f"For 'Dropout', the 'p' must be a number in range [0, 1), but "
                                 f"got {p}.")
            rate = float(p)
        elif keep_prob is not None:
            if not isinstance(keep_prob, (int, float)) or isinstance(keep_prob, bool):
                raise TypeError(f"For 'Dropout', the 'keep_prob' must be a float, but got "
                                f"{keep_prob!r}.")
            if not 0 < keep_prob <= 1:
                raise ValueError(f"For 'Dropout', the 'keep_prob' must be a number in range "
                                 f"(0, 1], but got {keep_prob}.")
            rate = 1.0 - float(keep_prob)
        else:
            rate = 0.5
        self.p = rate
        self.keep_prob = 1.0 - rate

    def construct(self, x: Any) -> Any:
        if not self.training or self.p == 0:
            return x
        return ops.dropout(x, p=self.p, training=True)

    def extend_repr(self) -> str:
        return f"p={self.p}"


class Identity(Cell):
    """Returns its input."""

    def construct(self, x: Any) -> Any:
        return x
