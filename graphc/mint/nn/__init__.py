"""`mindspore.mint.nn`: its `functional` module."""

from . import functional

__all__ = ["functional"]
