"""Picking boxes and positions in detection pipelines: `ops.NMSWithMask` (greedy non-maximum
suppression), `ops.RandomChoiceWithMask` (a random sample of a mask's True positions) and
`ops.CheckValid` (which boxes lie inside the image).

`CheckValid()(bboxes, img_metas)` takes (N, 4) boxes `(x1, y1, x2, y2)` and `img_metas` =
(height, width, ratio); a box is valid when x1 >= 0, y1 >= 0, x2 <= width * ratio - 1 and
y2 <= height * ratio - 1 (MindSpore 2.10's rule; x2 < x1 is not checked).

`NMSWithMask(iou_threshold)(bboxes)` takes (N, 5) rows `(x1, y1, x2, y2, score)` and gives,
as MindSpore 2.10 does on the CPU: the rows sorted by score, highest first; the Int32 indices
0..N-1 of those sorted rows; and a Bool mask that is True for the rows kept. A row is dropped
when its IoU with a row kept before it is above the threshold; areas are (x2 - x1) * (y2 - y1),
without MindSpore's `IOU`'s +1 pixel.

`RandomChoiceWithMask(count=256, seed=0, seed2=0)(input_x)` takes a Bool Tensor of rank 1..5
and gives `count` coordinates of its True elements in random order, (count, rank) Int32, with
a Bool mask of which rows are real (the rest are zero rows). It draws from graphc's generator
(`set_seed`; its `seed`/`seed2` are checked and kept), so its draws differ from MindSpore's.

Neither has a gradient: both give indices and masks.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.context import rng
from .convert import to_tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive


def _nms_impl(bboxes: np.ndarray, *, iou_threshold: float):
    order = np.argsort(-bboxes[:, 4].astype(np.float64), kind="stable")
    boxes = bboxes[order]
    b = boxes[:, :4].astype(np.float64)
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    keep = np.zeros(len(b), np.bool_)
    for i in range(len(b)):
        kept = np.flatnonzero(keep)
        w = np.maximum(np.minimum(b[i, 2], b[kept, 2]) - np.maximum(b[i, 0], b[kept, 0]), 0)
        h = np.maximum(np.minimum(b[i, 3], b[kept, 3]) - np.maximum(b[i, 1], b[kept, 1]), 0)
        inter = w * h
        iou = inter / np.maximum(area[i] + area[kept] - inter, np.finfo(np.float64).tiny)
        keep[i] = not (iou > iou_threshold).any()
    return boxes, np.arange(len(b), dtype=np.int32), keep


def _nms_infer(bboxes: TensorSpec, *, iou_threshold: float):
    if bboxes.dtype not in (mstype.float16, mstype.float32):
        raise TypeError("For primitive[NMSWithMask], the input argument[bboxes] must be a type "
                        f"of {{Tensor[Float16], Tensor[Float32]}}, but got {bboxes.dtype}.")
    if bboxes.ndim != 2 or bboxes.shape[1] not in (5, None):
        raise op_error("NMSWithMask", "'bboxes' must be a 2-D (N, 5) Tensor of rows (x1, y1, "
                       f"x2, y2, score), but got shape {list(bboxes.shape)}.")
    n = bboxes.shape[0]
    return bboxes, TensorSpec((n,), mstype.int32), TensorSpec((n,), mstype.bool_)


NMS_WITH_MASK = primitive("nms_with_mask", _nms_impl, _nms_infer, num_outputs=3)


class NMSWithMask(PrimitiveOp):
    """`ops.NMSWithMask(iou_threshold=0.5)(bboxes)` -> (sorted boxes, indices, kept mask)."""

    def __init__(self, iou_threshold: float = 0.5) -> None:
        if isinstance(iou_threshold, bool) or not isinstance(iou_threshold, (int, float)):
            raise op_error("NMSWithMask", "'iou_threshold' must be a float, but got "
                           f"{iou_threshold!r}.", TypeError)
        super().__init__(iou_threshold=float(iou_threshold))

    def __call__(self, bboxes: Any) -> Any:
        return apply(NMS_WITH_MASK, to_tensor(bboxes), **self._attrs)


def _choice_impl(x: np.ndarray, *, count: int):
    found = np.argwhere(x)
    picked = found[rng().permutation(len(found))[:count]]
    index = np.zeros((count, x.ndim), np.int32)
    index[: len(picked)] = picked
    mask = np.arange(count) < len(picked)
    return index, mask


def _choice_infer(x: TensorSpec, *, count: int):
    if x.dtype != mstype.bool_:
        raise TypeError("For primitive[RandomChoiceWithMask], the input argument[input_x] must "
                        f"be a type of {{Tensor[Bool]}}, but got {x.dtype}.")
    if not 1 <= x.ndim <= 5:
        raise op_error("RandomChoiceWithMask",
                       f"input[0] rank should be between 1 and 5, but got: {x.ndim}.")
    return TensorSpec((count, x.ndim), mstype.int32), TensorSpec((count,), mstype.bool_)


RANDOM_CHOICE_WITH_MASK = primitive("random_choice_with_mask", _choice_impl, _choice_infer,
                                    num_outputs=2, effects=frozenset({"random"}))


class RandomChoiceWithMask(PrimitiveOp):
    """`ops.RandomChoiceWithMask(count=256, seed=0, seed2=0)(input_x)` -> (index, mask)."""

    def __init__(self, count: int = 256, seed: int = 0, seed2: int = 0) -> None:
        if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
            raise op_error("RandomChoiceWithMask", f"the 'count' must be int and must > 0, but "
                           f"got {count!r}.")
        for name, value in (("seed", seed), ("seed2", seed2)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise op_error("RandomChoiceWithMask", f"'{name}' must be an int >= 0, but "
                               f"got {value!r}.", TypeError)
        super().__init__(count=count, seed=seed, seed2=seed2)

    def __call__(self, input_x: Any) -> Any:
        return apply(RANDOM_CHOICE_WITH_MASK, to_tensor(input_x), count=self._attrs["count"])


def _check_valid_impl(bboxes: np.ndarray, metas: np.ndarray) -> np.ndarray:
    b = bboxes.astype(np.float64)
    h, w, ratio = (float(v) for v in metas[:3])
    return ((b[:, 0] >= 0) & (b[:, 1] >= 0) & (b[:, 2] <= w * ratio - 1)
            & (b[:, 3] <= h * ratio - 1))


def _check_valid_infer(bboxes: TensorSpec, metas: TensorSpec) -> TensorSpec:
    if bboxes.ndim != 2 or bboxes.shape[1] not in (4, None):
        raise op_error("CheckValid", "'bboxes' must be a 2-D (N, 4) Tensor, but got shape "
                       f"{list(bboxes.shape)}.")
    if metas.shape not in ((3,), (None,)):
        raise op_error("CheckValid", "'img_metas' must be (height, width, ratio), shape (3,), "
                       f"but got shape {list(metas.shape)}.")
    return TensorSpec((bboxes.shape[0],), mstype.bool_)


CHECK_VALID = primitive("check_valid", _check_valid_impl, _check_valid_infer)


class CheckValid(PrimitiveOp):
    """`ops.CheckValid()(bboxes, img_metas)` -> Bool (N,): which boxes lie in the image."""

    def __call__(self, bboxes: Any, img_metas: Any) -> Any:
        return apply(CHECK_VALID, to_tensor(bboxes), to_tensor(img_metas))
