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
from .basic_more import MatMul, PReLU  # noqa: E402
from .clip import ClipByNorm  # noqa: E402
from .conv_more import Conv1d, Conv2dTranspose, Conv3d  # noqa: E402
from .embedding import Embedding  # noqa: E402
from .losses_more import BCELoss, BCEWithLogitsLoss, SmoothL1Loss  # noqa: E402
from .normalization_more import BatchNorm3d, GroupNorm, LayerNorm  # noqa: E402
from .padding import Pad  # noqa: E402
from .rnn import GRU, LSTM, RNN  # noqa: E402

__all__ += ["ClipByNorm", "Pad", "MatMul", "PReLU", "Conv1d", "Conv2dTranspose", "Conv3d",
            "Embedding", "BCELoss", "BCEWithLogitsLoss", "SmoothL1Loss", "BatchNorm3d",
            "GroupNorm", "LayerNorm", "GRU", "LSTM", "RNN"]

# MindSpore's `nn.layer` also holds the containers (`from mindspore.nn.layer import CellList`).
from ..container import CellDict, CellList, SequentialCell  # noqa: E402

__all__ += ["CellDict", "CellList", "SequentialCell"]

# More layers 10+ public MindSpore programs use (issue 16).
from .activation_more import ELU, HSigmoid, HSwish  # noqa: E402
from .combined import Conv2dBnAct  # noqa: E402
from .instance_norm import InstanceNorm2d  # noqa: E402

__all__ += ["ELU", "HSigmoid", "HSwish", "Conv2dBnAct", "InstanceNorm2d"]
from .pooling_more import AvgPool1d, MaxPool1d  # noqa: E402

__all__ += ["AvgPool1d", "MaxPool1d"]
