"""MindSpore's private `mindspore._c_expression` (its C++ extension module), as far as programs
written for MindSpore import it: `security`. graphc has no C++ extension; this package holds
only the Python answers those programs ask for."""

from . import security

__all__ = ["security"]
