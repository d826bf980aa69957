"""MindSpore's private `mindspore._extends`, as far as programs written for MindSpore import
it: `parse.compile_config` (the graph compiler's settings)."""

from . import parse

__all__ = ["parse"]
