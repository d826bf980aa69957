"""Automatic differentiation: the PyNative tape and the public grad API."""

from .get_grad import get_grad
from .grad import GradOperation, grad, value_and_grad
from .tape import Tape

__all__ = ["GradOperation", "Tape", "get_grad", "grad", "value_and_grad"]
