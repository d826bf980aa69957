"""Optimisers: the Optimizer base, SGD, Momentum, Adam."""

from .adam import Adam
from .momentum import Momentum
from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Momentum", "Adam"]
