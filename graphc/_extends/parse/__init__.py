"""MindSpore's `mindspore._extends.parse`: here only `compile_config`."""

from . import compile_config

__all__ = ["compile_config"]
