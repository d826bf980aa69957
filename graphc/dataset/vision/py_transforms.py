"""MindSpore's old spelling `mindspore.dataset.vision.py_transforms`: the same classes as
`c_transforms` (and `graphc.dataset.vision`)."""

from .c_transforms import *  # noqa: F403
from .c_transforms import __all__  # noqa: F401
