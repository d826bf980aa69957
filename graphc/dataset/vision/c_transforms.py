"""MindSpore's old spelling `mindspore.dataset.vision.c_transforms`: the classes of
`graphc.dataset.vision`."""

from ..transforms.transforms import Compose  # noqa: F401
from .pil_transforms import (  # noqa: F401
    Grayscale,
    Invert,
    RandomColorAdjust,
    RandomGrayscale,
    RandomRotation,
    Rotate,
)
from .transforms import (  # noqa: F401
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
from .utils import Border, Inter  # noqa: F401
