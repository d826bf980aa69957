"""MindSpore's old spelling `mindspore.dataset.transforms.py_transforms`: the same classes as
`c_transforms` (and `graphc.dataset.transforms`)."""

from .c_transforms import *  # noqa: F403
from .c_transforms import __all__  # noqa: F401
