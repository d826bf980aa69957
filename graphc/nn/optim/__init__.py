"""Optimisers: the Optimizer base, SGD, Momentum, Adam, AdamWeightDecay, RMSProp, Adagrad,
Lamb."""

from .adagrad import Adagrad
from .adam import Adam
from .adam_weight_decay import AdamWeightDecay
from .lamb import Lamb
from .momentum import Momentum
from .optimizer import Optimizer
from .rmsprop import RMSProp
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Momentum", "Adam", "AdamWeightDecay", "RMSProp", "Adagrad",
           "Lamb"]
