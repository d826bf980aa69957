"""Automatic differentiation: the PyNative tape and the public grad API."""

from .grad import GradOperation, grad, value_and_grad
from .tape import Tape

__all__ = ["GradOperation", "Tape", "grad", "value_and_grad"]
