"""MindSpore's `mindspore.nn.probability`: the probability distributions (`distribution`)."""

from . import distribution

__all__ = ["distribution"]
