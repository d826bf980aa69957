"""graphc.runtime: the `jit` entry, compile cache, passes and code generation."""

from .compile import compile_call
from .introspect import explain, export
from .jit import CacheStats, JitFunction, jit
from .jit_class import jit_class
from .jit_config import JitConfig

__all__ = ["CacheStats", "JitFunction", "compile_call", "explain", "export", "jit", "jit_class",
           "JitConfig"]
