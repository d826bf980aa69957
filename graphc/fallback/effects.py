"""Python calls that must run at every call of a compiled function, even on constant inputs:
they touch files or the outside world, or give a new value each time (SPEC 3.2, SPEC 4.7).
Folding them at compile time would run them once; PyNative runs them each time."""

from __future__ import annotations

from typing import Any

# Modules (by top-level name, or full name) whose functions are effects or non-deterministic.
_EFFECT_MODULES = frozenset({
    "os", "posix", "nt", "genericpath", "posixpath", "ntpath", "shutil", "glob", "pathlib",
    "pickle", "_pickle", "json", "csv", "_csv", "zipfile", "tarfile", "tempfile", "io", "_io",
    "subprocess", "logging", "time", "datetime", "random", "_random", "uuid", "secrets",
    "socket", "urllib", "sqlite3", "numpy.random", "scipy.io", "pandas.io",
})
# NumPy and pandas functions that read or write files.
_FILE_FUNCTIONS = frozenset({
    "save", "savez", "savez_compressed", "savetxt", "load", "loadtxt", "genfromtxt",
    "fromfile", "tofile", "memmap", "read_csv", "read_json", "read_pickle", "read_parquet",
    "read_excel", "to_csv", "to_json", "to_pickle", "to_parquet", "to_excel",
    "loadmat", "savemat", "open", "input", "print",
})


def _module_of(func: Any) -> str:
    module = getattr(func, "__module__", None)
    owner = getattr(func, "__self__", None)
    if (not module or module == "builtins") and owner is not None:
        module = type(owner).__module__
    return module or ""


def runs_each_call(func: Any) -> bool:
    """Whether `func` must not be folded at compile time (files, clocks, random numbers)."""
    name = getattr(func, "__name__", "")
    if name in _FILE_FUNCTIONS:
        return True
    module = _module_of(func)
    if not module:
        return False
    parts = module.split(".")
    return parts[0] in _EFFECT_MODULES or ".".join(parts[:2]) in _EFFECT_MODULES
