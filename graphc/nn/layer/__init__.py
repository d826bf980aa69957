"""Layers: activations, basic (Dense, Flatten, Dropout, Identity), convolution,
normalisation and pooling."""

from .activation import (
    GELU,
    LeakyReLU,
    LogSoftmax,
    ReLU,
    ReLU6,
    Sigmoid,
    SiLU,
    Softmax,
    Tanh,
    get_activation,
)
from .basic import Dense, Dropout, Flatten, Identity
from .conv import Conv2d
from .normalization import BatchNorm1d, BatchNorm2d
from .pooling import AvgPool2d, MaxPool2d

__all__ = [
    "GELU", "LeakyReLU", "LogSoftmax", "ReLU", "ReLU6", "Sigmoid", "SiLU", "Softmax", "Tanh",
    "get_activation", "Dense", "Dropout", "Flatten", "Identity", "Conv2d", "BatchNorm1d",
    "BatchNorm2d", "AvgPool2d", "MaxPool2d",
]

# Layers of MindSpore programs beyond the core set (issue 16).
from .clip import ClipByNorm  # noqa: E402
from .padding import Pad  # noqa: E402

__all__ += ["ClipByNorm", "Pad"]
