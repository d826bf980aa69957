"""MindSpore's old spelling `mindspore.dataset.vision.c_transforms`: the classes of
`graphc.dataset.vision`."""

from ..transforms.transforms import Compose
from .pil_transforms import (
    Grayscale,
    Invert,
    RandomColorAdjust,
    RandomGrayscale,
    RandomRotation,
    Rotate,
)
from .transforms import (
    HWC2CHW,
    CenterCrop,
    Decode,
    Normalize,
    Pad,
    RandomCrop,
    RandomHorizontalFlip,
    RandomResizedCrop,
    RandomVerticalFlip,
    Rescale,
    Resize,
    ToPIL,
    ToTensor,
    ToType,
)
from .utils import Border, Inter

__all__ = [
    "Border",
    "CenterCrop",
    "Compose",
    "Decode",
    "Grayscale",
    "HWC2CHW",
    "Inter",
    "Invert",
    "Normalize",
    "Pad",
    "RandomColorAdjust",
    "RandomCrop",
    "RandomGrayscale",
    "RandomHorizontalFlip",
    "RandomResizedCrop",
    "RandomRotation",
    "RandomVerticalFlip",
    "Rescale",
    "Resize",
    "Rotate",
    "ToPIL",
    "ToTensor",
    "ToType",
]
