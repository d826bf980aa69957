"""`JitConfig`: per-function or per-Cell compile options (SPEC 1.7)."""

from __future__ import annotations

from typing import Any

_LEVELS = ("", "STRICT", "LAX", "COMPATIBLE")


class JitConfig:
    """Options given to `jit(jit_config=...)` or `cell.set_jit_config(...)`.

    `jit_syntax_level` ("STRICT", "LAX" or "" for the context's level) is honoured per function;
    `jit_level`, `exc_mode`, `debug_level` and `infer_boost` are accepted and stored.
    """

    def __init__(self, jit_level: str = "", exc_mode: str = "auto", jit_syntax_level: str = "",
                 debug_level: str = "RELEASE", infer_boost: str = "off", **kwargs: Any) -> None:
        if jit_level not in ("", "O0", "O1", "O2"):
            raise ValueError(f"For 'JitConfig', jit_level must be '', 'O0', 'O1' or 'O2', but "
                             f"got {jit_level!r}.")
        if exc_mode not in ("auto", "sink", "no_sink"):
            raise ValueError(f"For 'JitConfig', exc_mode must be 'auto', 'sink' or 'no_sink', "
                             f"but got {exc_mode!r}.")
        if jit_syntax_level not in _LEVELS:
            raise ValueError(f"For 'JitConfig', jit_syntax_level must be one of {_LEVELS}, but "
                             f"got {jit_syntax_level!r}.")
        if debug_level not in ("RELEASE", "DEBUG"):
            raise ValueError(f"For 'JitConfig', debug_level must be 'RELEASE' or 'DEBUG', but "
                             f"got {debug_level!r}.")
        if infer_boost not in ("on", "off"):
            raise ValueError(f"For 'JitConfig', infer_boost must be 'on' or 'off', but got "
                             f"{infer_boost!r}.")
        self.jit_config_dict: dict[str, Any] = {
            "jit_level": jit_level, "exc_mode": exc_mode, "jit_syntax_level": jit_syntax_level,
            "debug_level": debug_level, "infer_boost": infer_boost, **kwargs}

    @property
    def jit_syntax_level(self) -> str:
        return self.jit_config_dict["jit_syntax_level"]

    def __repr__(self) -> str:
        return f"JitConfig({self.jit_config_dict})"
