"""Padding and resizing: `ops.pad` (constant, reflect, replicate, circular; negative widths
crop), `ops.Pad`, the modes of `nn.Pad` (symmetric too), `ops.ResizeNearestNeighbor` and
`ops.interpolate` (nearest, linear, bilinear, trilinear: one interpolation matrix product per
axis).

Both are gathers along each axis by a table of source positions, so one rule gives each its
gradient: the output gradient is added back onto the sources, one axis at a time.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from ..common.tensor import Tensor
from .attr_types import Positive, Shape
from .convert import to_tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive

PadFill = Literal["constant", "reflect", "symmetric", "replicate", "circular"]
Pads = tuple[tuple[int, int], ...]  # (before, after) per trailing axis; negative widths crop
# graphc's mode names -> NumPy's np.pad modes
_NP_MODES = {"constant": "constant", "reflect": "reflect", "symmetric": "symmetric",
             "replicate": "edge", "circular": "wrap"}


def _source_index(n: int, lo: int, hi: int, mode: str) -> np.ndarray:
    """For each output position along one axis, its source position (-1: the fill value)."""
    idx = np.arange(n)[max(-lo, 0): n - max(-hi, 0)]  # negative widths crop
    lo, hi = max(lo, 0), max(hi, 0)
    if mode == "constant":
        return np.pad(idx, (lo, hi), constant_values=-1)
    return np.pad(idx, (lo, hi), mode=_NP_MODES[mode])


def _pad_infer(x: TensorSpec, *, pads: Pads, mode: PadFill, value: float) -> TensorSpec:
    op = "Pad"
    if len(pads) > x.ndim:
        raise op_error(op, f"the padding covers {len(pads)} dimensions, but the input has only "
                       f"{x.ndim} (shape {list(x.shape)}).")
    lead = x.ndim - len(pads)
    shape = list(x.shape)
    for axis, (lo, hi) in enumerate(pads, start=lead):
        n = shape[axis]
        if n is None:
            continue
        if mode in ("reflect", "symmetric") and max(lo, hi) > (n - 1 if mode == "reflect" else n):
            raise op_error(op, f"in '{mode}' mode the padding ({lo}, {hi}) of dimension {axis} "
                           f"must be smaller than its size {n}.")
        if n + lo + hi < 0:
            raise op_error(op, f"the padding ({lo}, {hi}) crops dimension {axis} of size {n} "
                           "below zero.")
        shape[axis] = n + lo + hi
    return TensorSpec(tuple(shape), x.dtype)


def _tables(shape: tuple[int, ...], pads, mode: str) -> list[tuple[int, np.ndarray]]:
    lead = len(shape) - len(pads)
    return [(axis, _source_index(shape[axis], lo, hi, mode))
            for axis, (lo, hi) in enumerate(pads, start=lead) if lo or hi]


def _gather_axes(x: np.ndarray, tables: list[tuple[int, np.ndarray]], value: Any
                 ) -> np.ndarray:
    for axis, src in tables:
        x = np.take(x, np.maximum(src, 0), axis=axis)
        if (src < 0).any():
            mask = (src < 0).reshape((-1,) + (1,) * (x.ndim - axis - 1))
            x = np.where(mask, x.dtype.type(value), x)
    return x


def _scatter_axes(dout: np.ndarray, shape: tuple[int, ...],
                  tables: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """The adjoint of `_gather_axes`: sums each output position's gradient onto its source."""
    g = dout
    for axis, src in reversed(tables):
        keep = src >= 0
        out_shape = list(g.shape)
        out_shape[axis] = shape[axis]
        z = np.zeros(out_shape, g.dtype)
        moved = np.moveaxis(z, axis, 0)  # a view: adding into it fills z
        np.add.at(moved, src[keep], np.moveaxis(np.compress(keep, g, axis=axis), axis, 0))
        g = z
    return g


def _pad_impl(x: np.ndarray, *, pads: Pads, mode: PadFill, value: float) -> np.ndarray:
    return _gather_axes(x, _tables(x.shape, pads, mode), value)


def _pad_bprop(x: Tensor, out: Tensor, dout: Tensor, *, pads, mode, value):
    return (apply(PAD_GRAD, dout, pads=pads, mode=mode, shape=tuple(x.shape)),)


PAD = primitive("pad", _pad_impl, _pad_infer, _pad_bprop)


def _pad_grad_infer(dout: TensorSpec, *, pads: Pads, mode: PadFill, shape: Shape
                    ) -> TensorSpec:
    x = TensorSpec(shape, dout.dtype)
    padded = _pad_infer(x, pads=pads, mode=mode, value=0.0)
    if len(padded.shape) != dout.ndim or any(
            a is not None and b is not None and a != b for a, b in zip(padded.shape, dout.shape)):
        raise op_error("Pad", f"the gradient of shape {list(dout.shape)} is not the padded "
                       f"shape {list(padded.shape)}.")
    return x


PAD_GRAD = primitive(
    "pad_grad",
    lambda dout, *, pads, mode, shape: _scatter_axes(dout, shape, _tables(shape, pads, mode)),
    _pad_grad_infer,
    lambda dout, out, dd, *, pads, mode, shape: (apply(PAD, dd, pads=pads, mode=mode,
                                                       value=0.0),))


def _int_pairs(op: str, value: Any) -> tuple[tuple[int, int], ...]:
    if (not isinstance(value, (tuple, list)) or any(
            not isinstance(p, (tuple, list)) or len(p) != 2 or any(
                isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in p)
            for p in value)):
        raise op_error(op, f"'paddings' must be a tuple of (before, after) int pairs, one per "
                       f"dimension, but got {value!r}.", TypeError)
    return tuple((int(a), int(b)) for a, b in value)


def pad(input_x: Any, padding: Any, mode: str = "constant", value: Any = None) -> Tensor:
    """Pad `input_x` by `padding` = (left, right) of the last dimension, then (top, bottom) of
    the one before, and so on; negative widths crop. `mode`: 'constant' (with `value`, 0 by
    default), 'reflect', 'replicate' or 'circular'."""
    op = "pad"
    x = to_tensor(input_x)
    if (not isinstance(padding, (tuple, list)) or len(padding) % 2 or any(
            isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in padding)):
        raise op_error(op, f"'padding' must be a tuple of an even number of ints, but got "
                       f"{padding!r}.", TypeError)
    if mode not in ("constant", "reflect", "replicate", "circular"):
        raise op_error(op, f"'mode' must be 'constant', 'reflect', 'replicate' or 'circular', "
                       f"but got {mode!r}.")
    if value is not None and mode != "constant":
        raise op_error(op, f"'value' is only used in 'constant' mode, but the mode is {mode!r}.")
    pairs = [(int(padding[i]), int(padding[i + 1])) for i in range(0, len(padding), 2)]
    return apply(PAD, x, pads=tuple(reversed(pairs)), mode=mode,
                 value=0.0 if value is None else float(value))


class Pad(PrimitiveOp):
    """`ops.Pad(paddings)(input_x)`: zero padding by one (before, after) pair per dimension,
    from the first."""

    def __init__(self, paddings: Any) -> None:
        pairs = _int_pairs("Pad", paddings)
        if any(v < 0 for p in pairs for v in p):
            raise op_error("Pad", f"all elements of 'paddings' must be >= 0, but got "
                           f"{paddings!r}.")
        super().__init__(pads=pairs)

    @staticmethod
    def fn(input_x: Any, *, pads: tuple[tuple[int, int], ...]) -> Tensor:
        x = to_tensor(input_x)
        if len(pads) != x.ndim:
            raise op_error("Pad", f"'paddings' must have one pair per dimension of the input "
                           f"({x.ndim}), but got {len(pads)}.")
        return apply(PAD, x, pads=pads, mode="constant", value=0.0)


def pad_by_mode(x: Any, paddings: Any, mode: str) -> Tensor:
    """`nn.Pad`'s padding: one (before, after) pair per dimension from the first; mode
    'CONSTANT' (zeros), 'REFLECT' or 'SYMMETRIC' (the edge repeated)."""
    modes = {"CONSTANT": "constant", "REFLECT": "reflect", "SYMMETRIC": "symmetric"}
    if mode not in modes:
        raise op_error("Pad", f"'mode' must be 'CONSTANT', 'REFLECT' or 'SYMMETRIC', but got "
                       f"{mode!r}.")
    x = to_tensor(x)
    pairs = _int_pairs("Pad", paddings)
    pairs = ((0, 0),) * (x.ndim - len(pairs)) + pairs if len(pairs) <= x.ndim else pairs
    return apply(PAD, x, pads=pairs, mode=modes[mode], value=0.0)


# ------------------------------------------------------------------------- nearest resize

def _nearest_index(n_in: int, n_out: int, align_corners: bool) -> np.ndarray:
    """The source row of each output row (MindSpore's CPU kernel: half_pixel_centers gives
    the same table)."""
    dst = np.arange(n_out, dtype=np.float64)
    if align_corners and n_out > 1:
        src = np.floor(dst * ((n_in - 1) / (n_out - 1)) + 0.5)
    else:
        src = np.floor(dst * (n_in / n_out))
    return np.minimum(src.astype(np.int64), n_in - 1)


def _resize_tables(shape: tuple[int, ...], size: tuple[int, int], align_corners: bool):
    return [(2, _nearest_index(shape[2], size[0], align_corners)),
            (3, _nearest_index(shape[3], size[1], align_corners))]


def _resize_infer(x: TensorSpec, *, size: tuple[Positive, Positive], align_corners: bool
                  ) -> TensorSpec:
    if x.ndim != 4:
        raise op_error("ResizeNearestNeighbor", f"'input_x' must be a 4-D (N, C, H, W) Tensor, "
                       f"but got shape {list(x.shape)}.")
    return TensorSpec(x.shape[:2] + tuple(size), x.dtype)


RESIZE_NEAREST = primitive(
    "resize_nearest",
    lambda x, *, size, align_corners: _gather_axes(
        x, _resize_tables(x.shape, size, align_corners), 0),
    _resize_infer,
    lambda x, out, dout, *, size, align_corners: (apply(
        RESIZE_NEAREST_GRAD, dout, shape=tuple(x.shape), align_corners=align_corners),))


def _resize_grad_infer(dout: TensorSpec, *, shape: Shape, align_corners: bool) -> TensorSpec:
    if len(shape) != 4 or dout.ndim != 4 or any(
            a is not None and a != b for a, b in zip(dout.shape[:2], shape[:2])):
        raise op_error("ResizeNearestNeighborGrad", f"the gradient of shape {list(dout.shape)} "
                       f"does not match the input shape {list(shape)}.")
    return TensorSpec(shape, dout.dtype)


RESIZE_NEAREST_GRAD = primitive(
    "resize_nearest_grad",
    lambda dout, *, shape, align_corners: _scatter_axes(
        dout, shape, _resize_tables(shape, dout.shape[2:], align_corners)),
    _resize_grad_infer,
    lambda dout, out, dd, *, shape, align_corners: (apply(
        RESIZE_NEAREST, dd, size=tuple(dout.shape[2:]), align_corners=align_corners),))


class ResizeNearestNeighbor(PrimitiveOp):
    """`ops.ResizeNearestNeighbor(size, align_corners=False, half_pixel_centers=False)(x)`:
    (N, C, H, W) -> (N, C, *size), each output pixel the nearest source pixel."""

    def __init__(self, size: Any, align_corners: bool = False,
                 half_pixel_centers: bool = False) -> None:
        if (not isinstance(size, (tuple, list)) or len(size) != 2 or any(
                isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1
                for v in size)):
            raise op_error("ResizeNearestNeighbor", f"'size' must be a tuple of 2 positive "
                           f"ints, but got {size!r}.", TypeError)
        super().__init__(size=(int(size[0]), int(size[1])), align_corners=bool(align_corners))
        self.half_pixel_centers = bool(half_pixel_centers)

    @staticmethod
    def fn(input_x: Any, *, size: tuple[int, int], align_corners: bool) -> Tensor:
        return apply(RESIZE_NEAREST, to_tensor(input_x), size=size, align_corners=align_corners)


# ---------------------------------------------------------------------------- interpolate

def _linear_matrix(n_in: int, n_out: int, align_corners: bool) -> np.ndarray:
    """(n_out, n_in) weights of linear interpolation along one axis (half-pixel centres
    unless `align_corners`)."""
    dst = np.arange(n_out, dtype=np.float64)
    if align_corners:
        src = dst * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros(n_out)
    else:
        src = np.maximum((dst + 0.5) * (n_in / n_out) - 0.5, 0.0)
    lo = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    hi = np.minimum(lo + 1, n_in - 1)
    frac = src - lo
    m = np.zeros((n_out, n_in))
    np.add.at(m, (np.arange(n_out), lo), 1.0 - frac)
    np.add.at(m, (np.arange(n_out), hi), frac)
    return m


def _nearest_matrix(n_in: int, n_out: int) -> np.ndarray:
    m = np.zeros((n_out, n_in))
    m[np.arange(n_out), _nearest_index(n_in, n_out, False)] = 1.0
    return m


_MODES_RANK = {"nearest": (3, 4, 5), "linear": (3,), "bilinear": (4,), "trilinear": (5,)}


def interpolate(input: Any, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                align_corners: Any = None, recompute_scale_factor: Any = None) -> Tensor:
    """Resize the spatial dimensions (all after N, C) of `input` to `size`, or to
    floor(size * scale_factor). `mode`: 'nearest' (3-D to 5-D), 'linear' (3-D), 'bilinear'
    (4-D), 'trilinear' (5-D); the linear modes use half-pixel centres, or the corner pixels
    with `align_corners=True`. Written as one interpolation matrix product per axis, so it is
    differentiable in `input`."""
    from .linalg_ops import matmul
    from .shape_ops import cast, moveaxis
    op = "interpolate"
    x = to_tensor(input)
    if mode not in _MODES_RANK:
        raise op_error(op, f"'mode' must be one of {sorted(_MODES_RANK)} (graphc has no "
                       f"'bicubic' or 'area'), but got {mode!r}.")
    if x.ndim not in _MODES_RANK[mode]:
        ranks = " or ".join(f"{r}-D" for r in _MODES_RANK[mode])
        raise op_error(op, f"mode {mode!r} needs a {ranks} input, but got shape "
                       f"{list(x.shape)}.")
    if align_corners and mode == "nearest":
        raise op_error(op, "'align_corners' is only for the linear modes, not 'nearest'.")
    spatial = x.shape[2:]
    k = len(spatial)
    if (size is None) == (scale_factor is None):
        raise op_error(op, "exactly one of 'size' and 'scale_factor' must be given.")
    if size is not None:
        sizes = (size,) * k if isinstance(size, (int, np.integer)) else tuple(size)
    else:
        factors = (scale_factor,) * k if isinstance(scale_factor, (int, float)) \
            else tuple(scale_factor)
        if len(factors) != k:
            raise op_error(op, f"'scale_factor' must have {k} elements, but got {scale_factor!r}.")
        sizes = tuple(int(np.floor(n * f)) for n, f in zip(spatial, factors))
    if len(sizes) != k or any(not isinstance(s, (int, np.integer)) or s < 1 for s in sizes):
        raise op_error(op, f"'size' must be {k} positive ints, but got {size!r}.")
    out = x
    for axis, (n_in, n_out) in enumerate(zip(spatial, sizes), start=2):
        if n_in == n_out and mode == "nearest":
            continue
        m = (_nearest_matrix(n_in, int(n_out)) if mode == "nearest"
             else _linear_matrix(n_in, int(n_out), bool(align_corners)))
        weights = Tensor._make(np.ascontiguousarray(m.T).astype(x.dtype.np_dtype))
        out = moveaxis(matmul(moveaxis(out, axis, -1), weights), -1, axis)
    return out if out.dtype is x.dtype else cast(out, x.dtype)
