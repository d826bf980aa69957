"""The enums of `mindspore.dataset.vision`: `Inter` (interpolation) and `Border` (padding)."""

import enum


class Inter(enum.IntEnum):
    """Interpolation modes. NEAREST and LINEAR/BILINEAR follow OpenCV's `resize` (what
    MindSpore's C++ ops use); the others are computed by Pillow."""

    NEAREST = 0
    ANTIALIAS = 1
    BILINEAR = 2
    LINEAR = 2
    BICUBIC = 3
    CUBIC = 3
    AREA = 4
    PILCUBIC = 5


class Border(enum.Enum):
    """How `Pad` and `RandomCrop` fill the border."""

    CONSTANT = "constant"
    EDGE = "edge"
    REFLECT = "reflect"
    SYMMETRIC = "symmetric"


class ImageBatchFormat(enum.IntEnum):
    NHWC = 0
    NCHW = 1
