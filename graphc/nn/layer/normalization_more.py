"""More normalisation layers: LayerNorm, GroupNorm and BatchNorm3d, with MindSpore's
parameter names (`gamma`, `beta`; BatchNorm3d keeps its statistics in a `bn2d` sub-cell, as
MindSpore does, so checkpoint names are `bn2d.moving_mean`, ...).
"""

from __future__ import annotations

from typing import Any

from ... import ops
from ...common import dtype as mstype
from ...common.initializer import initializer
from ...common.parameter import Parameter
from ..cell import Cell
from .basic import check_positive_int, check_tensor
from .normalization import BatchNorm2d


def _check_eps(op: str, eps: Any) -> float:
    if isinstance(eps, bool) or not isinstance(eps, (int, float)) or eps <= 0:
        raise ValueError(f"For '{op}', the epsilon must be a positive float, but got {eps!r}.")
    return float(eps)


def _normalise(x: Any, axes: tuple[int, ...], eps: float) -> Any:
    """(x - mean) / sqrt(var + eps) over `axes` (biased variance), with differentiable ops."""
    mean = ops.reduce_mean(x, axes, True)
    xc = ops.sub(x, mean)
    var = ops.reduce_mean(ops.mul(xc, xc), axes, True)
    return ops.mul(xc, ops.rsqrt(ops.add(var, eps)))


class LayerNorm(Cell):
    """Layer normalisation over the axes from `begin_norm_axis` on; `gamma` and `beta` have the
    shape `normalized_shape` = input.shape[begin_params_axis:]."""

    def __init__(self, normalized_shape: Any, begin_norm_axis: int = -1,
                 begin_params_axis: int = -1, gamma_init: Any = "ones", beta_init: Any = "zeros",
                 epsilon: float = 1e-7, dtype: Any = mstype.float32) -> None:
        super().__init__()
        if not isinstance(normalized_shape, (tuple, list)) or any(
                not isinstance(d, int) or isinstance(d, bool) or d < 1 for d in normalized_shape):
            raise TypeError(f"For 'LayerNorm', the 'normalized_shape' must be a tuple or list of "
                            f"positive ints, but got {normalized_shape!r}.")
        for name, v in (("begin_norm_axis", begin_norm_axis),
                        ("begin_params_axis", begin_params_axis)):
            if not isinstance(v, int) or isinstance(v, bool):
                raise TypeError(f"For 'LayerNorm', the '{name}' must be an int, but got "
                                f"{type(v).__name__}.")
        self.normalized_shape = tuple(normalized_shape)
        self.begin_norm_axis = begin_norm_axis
        self.begin_params_axis = begin_params_axis
        self.epsilon = _check_eps("LayerNorm", epsilon)
        self.gamma = Parameter(initializer(gamma_init, list(normalized_shape), dtype),
                               name="gamma")
        self.beta = Parameter(initializer(beta_init, list(normalized_shape), dtype), name="beta")

    def construct(self, input_x: Any) -> Any:
        x = check_tensor("LayerNorm", input_x)
        nd = x.ndim
        begin = self.begin_norm_axis % nd if -nd <= self.begin_norm_axis < nd else None
        pbegin = self.begin_params_axis % nd if -nd <= self.begin_params_axis < nd else None
        if begin is None or pbegin is None:
            raise ValueError(f"For 'LayerNorm', 'begin_norm_axis' ({self.begin_norm_axis}) and "
                             f"'begin_params_axis' ({self.begin_params_axis}) must be in "
                             f"[-{nd}, {nd}) for an input of shape {list(x.shape)}.")
        if tuple(x.shape[pbegin:]) != self.normalized_shape:
            raise ValueError(f"For 'LayerNorm', the input shape {list(x.shape)} from axis "
                             f"{pbegin} must equal normalized_shape "
                             f"{list(self.normalized_shape)}.")
        y = _normalise(x, tuple(range(begin, nd)), self.epsilon)
        return ops.add(ops.mul(y, self.gamma), self.beta)

    def extend_repr(self) -> str:
        return (f"normalized_shape={self.normalized_shape}, begin_norm_axis="
                f"{self.begin_norm_axis}, begin_params_axis={self.begin_params_axis}, "
                f"gamma={self.gamma}, beta={self.beta}")


class GroupNorm(Cell):
    """Group normalisation of (N, C, ...) inputs: the channels split into `num_groups` groups,
    each normalised over its channels and the spatial axes; then per-channel gamma and beta."""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5,
                 affine: bool = True, gamma_init: Any = "ones", beta_init: Any = "zeros",
                 dtype: Any = mstype.float32) -> None:
        super().__init__()
        self.num_groups = check_positive_int("GroupNorm", "num_groups", num_groups)
        self.num_channels = check_positive_int("GroupNorm", "num_channels", num_channels)
        if num_channels % num_groups:
            raise ValueError(f"For 'GroupNorm', the 'num_channels' ({num_channels}) must be "
                             f"divisible by 'num_groups' ({num_groups}).")
        self.eps = _check_eps("GroupNorm", eps)
        self.affine = affine
        self.gamma = Parameter(initializer(gamma_init, num_channels, dtype), name="gamma",
                               requires_grad=affine)
        self.beta = Parameter(initializer(beta_init, num_channels, dtype), name="beta",
                              requires_grad=affine)

    def construct(self, x: Any) -> Any:
        check_tensor("GroupNorm", x)
        if x.ndim < 2 or x.shape[1] != self.num_channels:
            raise ValueError(f"For 'GroupNorm', the input must be (N, {self.num_channels}, ...), "
                             f"but got shape {list(x.shape)}.")
        shape = x.shape
        g = ops.reshape(x, (shape[0], self.num_groups, -1))
        y = ops.reshape(_normalise(g, (2,), self.eps), shape)
        param_shape = (1, self.num_channels) + (1,) * (len(shape) - 2)
        return ops.add(ops.mul(y, ops.reshape(self.gamma, param_shape)),
                       ops.reshape(self.beta, param_shape))

    def extend_repr(self) -> str:
        return f"num_groups={self.num_groups}, num_channels={self.num_channels}"


class BatchNorm3d(Cell):
    """Batch normalisation of (N, C, D, H, W) inputs: BatchNorm2d over the (N, C, D * H, W)
    view, as MindSpore computes it (same statistics, same updates)."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.9,
                 affine: bool = True, gamma_init: Any = "ones", beta_init: Any = "zeros",
                 moving_mean_init: Any = "zeros", moving_var_init: Any = "ones",
                 use_batch_statistics: bool | None = None, dtype: Any = mstype.float32) -> None:
        super().__init__()
        self.bn2d = BatchNorm2d(num_features, eps, momentum, affine, gamma_init, beta_init,
                                moving_mean_init, moving_var_init, use_batch_statistics,
                                dtype=dtype)

    def construct(self, x: Any) -> Any:
        check_tensor("BatchNorm3d", x, (5,))
        n, c, d, h, w = x.shape
        return ops.reshape(self.bn2d(ops.reshape(x, (n, c, d * h, w))), (n, c, d, h, w))
