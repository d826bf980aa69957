"""`graphc.dataset.transforms` (MindSpore's `mindspore.dataset.transforms`): general
transforms on NumPy arrays (transforms.py); the old spellings `c_transforms` and
`py_transforms` name the same classes."""

from .transforms import (
    Compose,
    Concatenate,
    Duplicate,
    Fill,
    Mask,
    OneHot,
    PadEnd,
    PyFunc,
    RandomApply,
    RandomChoice,
    RandomOrder,
    Relational,
    Slice,
    TensorOperation,
    TypeCast,
)

__all__ = ["Compose", "Concatenate", "Duplicate", "Fill", "Mask", "OneHot", "PadEnd",
           "PyFunc", "RandomApply", "RandomChoice", "RandomOrder", "Relational", "Slice",
           "TensorOperation", "TypeCast"]
