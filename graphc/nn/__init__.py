"""graphc.nn: Cell, layers, losses, optimisers and training wrappers (MindSpore's names)."""

from . import optim
from .cell import Cell
from .container import CellDict, CellList, SequentialCell
from .layer import (
    GELU,
    AvgPool2d,
    BatchNorm1d,
    BatchNorm2d,
    Conv2d,
    Dense,
    Dropout,
    Flatten,
    Identity,
    LeakyReLU,
    LogSoftmax,
    MaxPool2d,
    ReLU,
    ReLU6,
    Sigmoid,
    SiLU,
    Softmax,
    Tanh,
    get_activation,
)
from .loss import (
    CrossEntropyLoss,
    L1Loss,
    LossBase,
    MSELoss,
    SoftmaxCrossEntropyWithLogits,
)
from .loss_scale import (
    DynamicLossScaleUpdateCell,
    FixedLossScaleUpdateCell,
    TrainOneStepWithLossScaleCell,
)
from .optim import SGD, Adam, Momentum, Optimizer
from .wrap import GraphCell, TrainOneStepCell, WithEvalCell, WithLossCell

__all__ = [
    "GraphCell",
    "Cell", "SequentialCell", "CellList", "CellDict",
    "Dense", "Flatten", "Dropout", "Identity", "Conv2d", "BatchNorm1d", "BatchNorm2d",
    "MaxPool2d", "AvgPool2d",
    "ReLU", "ReLU6", "LeakyReLU", "Sigmoid", "Tanh", "GELU", "SiLU", "Softmax", "LogSoftmax",
    "get_activation",
    "LossBase", "SoftmaxCrossEntropyWithLogits", "CrossEntropyLoss", "MSELoss", "L1Loss",
    "Optimizer", "SGD", "Momentum", "Adam", "optim",
    "WithLossCell", "WithEvalCell", "TrainOneStepCell",
    "TrainOneStepWithLossScaleCell", "DynamicLossScaleUpdateCell", "FixedLossScaleUpdateCell",
]
