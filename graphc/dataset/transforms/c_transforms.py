"""MindSpore's old spelling `mindspore.dataset.transforms.c_transforms`: the classes of
`graphc.dataset.transforms`."""

from .transforms import (  # noqa: F401
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
    TypeCast,
)
