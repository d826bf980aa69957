"""graphc.nn: Cell, layers, losses, optimisers and training wrappers (MindSpore's names)."""

from . import optim, probability
from .cell import Cell
from .container import CellDict, CellList, SequentialCell
from .dynamic_lr import (
    cosine_decay_lr,
    exponential_decay_lr,
    inverse_decay_lr,
    natural_exp_decay_lr,
    piecewise_constant_lr,
    polynomial_decay_lr,
    warmup_lr,
)
from .grad_reducer import DistributedGradReducer  # data parallelism (issue 14)
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
from .learning_rate_schedule import (
    CosineDecayLR,
    ExponentialDecayLR,
    InverseDecayLR,
    LearningRateSchedule,
    NaturalExpDecayLR,
    PolynomialDecayLR,
    WarmUpLR,
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
from .optim import SGD, Adagrad, Adam, AdamWeightDecay, Lamb, Momentum, Optimizer, RMSProp
from .wrap import ForwardValueAndGrad, GraphCell, TrainOneStepCell, WithEvalCell, WithLossCell

__all__ = [
    "GraphCell",
    "Cell", "SequentialCell", "CellList", "CellDict",
    "Dense", "Flatten", "Dropout", "Identity", "Conv2d", "BatchNorm1d", "BatchNorm2d",
    "MaxPool2d", "AvgPool2d",
    "ReLU", "ReLU6", "LeakyReLU", "Sigmoid", "Tanh", "GELU", "SiLU", "Softmax", "LogSoftmax",
    "get_activation",
    "LossBase", "SoftmaxCrossEntropyWithLogits", "CrossEntropyLoss", "MSELoss", "L1Loss",
    "Optimizer", "SGD", "Momentum", "Adam", "optim",
    "AdamWeightDecay", "RMSProp", "Adagrad", "Lamb",
    "WithLossCell", "WithEvalCell", "TrainOneStepCell",
    "ForwardValueAndGrad",
    "DistributedGradReducer",
    "TrainOneStepWithLossScaleCell", "DynamicLossScaleUpdateCell", "FixedLossScaleUpdateCell",
    "piecewise_constant_lr", "exponential_decay_lr", "natural_exp_decay_lr", "inverse_decay_lr",
    "cosine_decay_lr", "polynomial_decay_lr", "warmup_lr",
    "LearningRateSchedule", "ExponentialDecayLR", "NaturalExpDecayLR", "InverseDecayLR",
    "CosineDecayLR", "PolynomialDecayLR", "WarmUpLR",
]

# Layers of MindSpore programs beyond the core set (issue 16).
from .layer import (  # noqa: E402
    GRU,
    LSTM,
    RNN,
    BatchNorm3d,
    BCELoss,
    BCEWithLogitsLoss,
    ClipByNorm,
    Conv1d,
    Conv2dTranspose,
    Conv3d,
    Embedding,
    GroupNorm,
    LayerNorm,
    MatMul,
    Pad,
    PReLU,
    SmoothL1Loss,
)

__all__ += ["ClipByNorm", "Pad", "MatMul", "PReLU", "Conv1d", "Conv2dTranspose", "Conv3d",
            "Embedding", "BCELoss", "BCEWithLogitsLoss", "SmoothL1Loss", "BatchNorm3d",
            "GroupNorm", "LayerNorm", "GRU", "LSTM", "RNN"]

# MindSpore's `nn.wrap` is a package: `from mindspore.nn.wrap.loss_scale import ...`,
# `nn.wrap.cell_wrapper`, `nn.wrap.grad_reducer`; graphc's modules stand for its submodules.
from . import grad_reducer, loss_scale, wrap  # noqa: E402

for _sub, _module in (("loss_scale", loss_scale), ("cell_wrapper", wrap),
                      ("grad_reducer", grad_reducer)):
    setattr(wrap, _sub, _module)
    __import__("sys").modules[f"{__name__}.wrap.{_sub}"] = _module
for _name in ("DynamicLossScaleUpdateCell", "FixedLossScaleUpdateCell",
              "TrainOneStepWithLossScaleCell", "DistributedGradReducer"):
    setattr(wrap, _name, globals()[_name])
del _sub, _module, _name

# More layers 10+ public MindSpore programs use (issue 16).
from .layer import ELU, Conv2dBnAct, HSigmoid, HSwish, InstanceNorm2d  # noqa: E402

__all__ += ["ELU", "HSigmoid", "HSwish", "Conv2dBnAct", "InstanceNorm2d"]
from .layer import AvgPool1d, MaxPool1d  # noqa: E402

__all__ += ["AvgPool1d", "MaxPool1d"]
