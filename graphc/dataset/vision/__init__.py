"""`graphc.dataset.vision` (MindSpore's `mindspore.dataset.vision`): image transforms on
NumPy/Pillow (transforms.py, kernels in image_ops.py; those Pillow computes in
pil_transforms.py) and the `Inter`/`Border` enums
(utils.py); `c_transforms` and `py_transforms` are MindSpore's old spellings of the same."""

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
    ImageOperation,
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
from .utils import Border, ImageBatchFormat, Inter

__all__ = ["CenterCrop", "Decode", "HWC2CHW", "ImageOperation", "Normalize", "Pad",
           "RandomCrop", "RandomHorizontalFlip", "RandomResizedCrop", "RandomVerticalFlip",
           "Rescale", "Resize", "ToPIL", "ToTensor", "ToType", "Border", "ImageBatchFormat",
           "Inter", "Grayscale", "Invert", "RandomColorAdjust", "RandomGrayscale",
           "RandomRotation", "Rotate"]
