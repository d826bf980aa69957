"""graphc.runtime: the `jit` entry, compile cache, passes and code generation."""

from .compile import compile_call
from .export import LoadedGraph, export, load
from .introspect import explain
from .jit import CacheStats, JitFunction, jit
from .jit_class import jit_class
from .jit_config import JitConfig

__all__ = ["CacheStats", "JitConfig", "JitFunction", "LoadedGraph", "compile_call", "explain",
           "export", "jit", "jit_class", "load"]
