"""Automatic differentiation: the PyNative tape and the public grad API."""

from .get_grad import get_grad
from .grad import GradOperation, grad, value_and_grad
from .hooks import HookHandle, install
from .tape import Tape

install()  # Tensor.register_hook

__all__ = ["GradOperation", "HookHandle", "Tape", "get_grad", "grad", "value_and_grad"]
