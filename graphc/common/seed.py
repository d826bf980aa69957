"""MindSpore's `mindspore.common.seed` (`from mindspore.common.seed import set_seed`): the
global seed of graphc's random numbers, kept in the context."""

from .context import get_seed, set_seed

__all__ = ["get_seed", "set_seed"]
