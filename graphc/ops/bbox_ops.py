"""Bounding boxes (x1, y1, x2, y2), in MindSpore's pixel convention (a box from x1 to x2
covers x2 - x1 + 1 pixels): `ops.IOU`, `ops.BoundingBoxEncode`, `ops.BoundingBoxDecode`.

None of them has a gradient (MindSpore's are zero), as in detection pipelines they compute
targets and proposals.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np

from . import infer_rules as rules
from .attr_types import Floats4, PositiveFloat
from .convert import to_tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive

IouMode = Literal["iou", "iof"]


def _check_boxes(op: str, spec: TensorSpec, name: str) -> None:
    rules.check_dtype(op, spec, ("float",), "Float16 or Float32", name)
    if spec.ndim != 2 or spec.shape[1] not in (4, None):
        raise op_error(op, f"'{name}' must be a 2-D (N, 4) Tensor of boxes, but got shape "
                       f"{list(spec.shape)}.")


def _area(b: np.ndarray) -> np.ndarray:
    return (b[:, 2] - b[:, 0] + 1) * (b[:, 3] - b[:, 1] + 1)


def _iou_impl(anchor: np.ndarray, gt: np.ndarray, *, mode: IouMode) -> np.ndarray:
    a, g = anchor[None, :, :], gt[:, None, :]
    w = np.maximum(np.minimum(a[..., 2], g[..., 2]) - np.maximum(a[..., 0], g[..., 0]) + 1, 0)
    h = np.maximum(np.minimum(a[..., 3], g[..., 3]) - np.maximum(a[..., 1], g[..., 1]) + 1, 0)
    inter = w * h
    if mode == "iof":
        return inter / _area(gt)[:, None]
    return inter / (_area(anchor)[None, :] + _area(gt)[:, None] - inter)


def _iou_infer(anchor: TensorSpec, gt: TensorSpec, *, mode: IouMode) -> TensorSpec:
    _check_boxes("IOU", anchor, "anchor_boxes")
    _check_boxes("IOU", gt, "gt_boxes")
    return TensorSpec((gt.shape[0], anchor.shape[0]), anchor.dtype)


IOU_PRIM = primitive("iou", _iou_impl, _iou_infer)


class IOU(PrimitiveOp):
    """`ops.IOU(mode='iou')(anchor_boxes (N, 4), gt_boxes (M, 4))` -> (M, N): intersection
    over union, or with mode='iof' intersection over the ground-truth box's area."""

    def __init__(self, mode: str = "iou") -> None:
        if mode not in ("iou", "iof"):
            raise op_error("IOU", f"'mode' must be 'iou' or 'iof', but got {mode!r}.")
        super().__init__(mode=mode)

    def __call__(self, anchor_boxes: Any, gt_boxes: Any) -> Any:
        return apply(IOU_PRIM, to_tensor(anchor_boxes), to_tensor(gt_boxes),
                     mode=self._attrs["mode"])


def _centres(b: np.ndarray) -> tuple[np.ndarray, ...]:
    w = b[:, 2] - b[:, 0] + 1.0
    h = b[:, 3] - b[:, 1] + 1.0
    return b[:, 0] + 0.5 * (w - 1.0), b[:, 1] + 0.5 * (h - 1.0), w, h


def _encode_impl(anchor: np.ndarray, gt: np.ndarray, *, means: Floats4, stds: Floats4
                 ) -> np.ndarray:
    px, py, pw, ph = _centres(anchor.astype(np.float64))
    gx, gy, gw, gh = _centres(gt.astype(np.float64))
    d = np.stack([(gx - px) / pw, (gy - py) / ph, np.log(gw / pw), np.log(gh / ph)], axis=1)
    return ((d - np.asarray(means)) / np.asarray(stds)).astype(anchor.dtype)


def _two_boxes_infer(op: str, names: tuple[str, str]):
    def infer(a: TensorSpec, b: TensorSpec, **attrs: Any) -> TensorSpec:
        _check_boxes(op, a, names[0])
        _check_boxes(op, b, names[1])
        if None not in (a.shape[0], b.shape[0]) and a.shape[0] != b.shape[0]:
            raise op_error(op, f"'{names[0]}' and '{names[1]}' must have the same number of "
                           f"boxes, but got {a.shape[0]} and {b.shape[0]}.")
        return a
    return infer


ENCODE = primitive("bounding_box_encode", _encode_impl,
                   _two_boxes_infer("BoundingBoxEncode", ("anchor_box", "groundtruth_box")))


def _decode_impl(anchor: np.ndarray, deltas: np.ndarray, *, means: Floats4, stds: Floats4,
                 max_shape: tuple[float, float], wh_ratio_clip: PositiveFloat) -> np.ndarray:
    d = deltas.astype(np.float64) * np.asarray(stds) + np.asarray(means)
    limit = abs(math.log(wh_ratio_clip))
    dw, dh = np.clip(d[:, 2], -limit, limit), np.clip(d[:, 3], -limit, limit)
    px, py, pw, ph = _centres(anchor.astype(np.float64))
    gx, gy = px + pw * d[:, 0], py + ph * d[:, 1]
    gw, gh = pw * np.exp(dw), ph * np.exp(dh)
    x1 = np.clip(gx - 0.5 * gw + 0.5, 0, max_shape[1])
    y1 = np.clip(gy - 0.5 * gh + 0.5, 0, max_shape[0])
    x2 = np.clip(gx + 0.5 * gw - 0.5, 0, max_shape[1])
    y2 = np.clip(gy + 0.5 * gh - 0.5, 0, max_shape[0])
    return np.stack([x1, y1, x2, y2], axis=1).astype(anchor.dtype)


DECODE = primitive("bounding_box_decode", _decode_impl,
                   _two_boxes_infer("BoundingBoxDecode", ("anchor_box", "deltas")))


def _four_floats(op: str, name: str, value: Any) -> tuple[float, ...]:
    if (not isinstance(value, (tuple, list)) or len(value) != 4 or any(
            isinstance(v, bool) or not isinstance(v, (int, float)) for v in value)):
        raise op_error(op, f"'{name}' must be a tuple of 4 floats, but got {value!r}.",
                       TypeError)
    return tuple(float(v) for v in value)


class BoundingBoxEncode(PrimitiveOp):
    """`ops.BoundingBoxEncode(means=(0,0,0,0), stds=(1,1,1,1))(anchor_box, groundtruth_box)`:
    the deltas (dx, dy, dw, dh) that turn each anchor into its ground-truth box."""

    def __init__(self, means: Any = (0.0, 0.0, 0.0, 0.0), stds: Any = (1.0, 1.0, 1.0, 1.0)
                 ) -> None:
        stds_t = _four_floats("BoundingBoxEncode", "stds", stds)
        if 0.0 in stds_t:
            raise op_error("BoundingBoxEncode", f"'stds' must not contain 0, but got {stds!r}.")
        super().__init__(means=_four_floats("BoundingBoxEncode", "means", means), stds=stds_t)

    def __call__(self, anchor_box: Any, groundtruth_box: Any) -> Any:
        return apply(ENCODE, to_tensor(anchor_box), to_tensor(groundtruth_box), **self._attrs)


class BoundingBoxDecode(PrimitiveOp):
    """`ops.BoundingBoxDecode(max_shape, means=(0,0,0,0), stds=(1,1,1,1),
    wh_ratio_clip=0.016)(anchor_box, deltas)`: the boxes the deltas give, clipped to the image
    (height, width) `max_shape`; |dw|, |dh| are clipped to |log(wh_ratio_clip)|."""

    def __init__(self, max_shape: Any, means: Any = (0.0, 0.0, 0.0, 0.0),
                 stds: Any = (1.0, 1.0, 1.0, 1.0), wh_ratio_clip: float = 0.016) -> None:
        op = "BoundingBoxDecode"
        if (not isinstance(max_shape, (tuple, list)) or len(max_shape) != 2 or any(
                isinstance(v, bool) or not isinstance(v, (int, float)) for v in max_shape)):
            raise op_error(op, f"'max_shape' must be a tuple of 2 numbers (height, width), but "
                           f"got {max_shape!r}.", TypeError)
        if isinstance(wh_ratio_clip, bool) or not isinstance(wh_ratio_clip, (int, float)) or \
                wh_ratio_clip <= 0:
            raise op_error(op, f"'wh_ratio_clip' must be a positive float, but got "
                           f"{wh_ratio_clip!r}.")
        super().__init__(means=_four_floats(op, "means", means),
                         stds=_four_floats(op, "stds", stds),
                         max_shape=tuple(max_shape), wh_ratio_clip=float(wh_ratio_clip))

    def __call__(self, anchor_box: Any, deltas: Any) -> Any:
        return apply(DECODE, to_tensor(anchor_box), to_tensor(deltas), **self._attrs)
