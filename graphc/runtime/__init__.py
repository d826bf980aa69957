"""graphc.runtime: the `jit` entry, compile cache, passes and code generation."""

from .jit import CacheStats, JitFunction, compile_call, jit

__all__ = ["CacheStats", "JitFunction", "compile_call", "jit"]
