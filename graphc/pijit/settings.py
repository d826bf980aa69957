"""PIJit's process-wide settings, as MindSpore's `_c_expression` spells them.

`update_pijit_default_config(**options)` stores jit_config options every PIJit function made
afterwards starts from (its own `jit_config` entries win); `jit_mode_pi_enable()` /
`jit_mode_pi_disable()` set MindSpore's "PI mode" flag. In MindSpore the flag switches its
frame hook, and each decorated call turns it on around itself, so a decorated function is
captured either way; graphc has no frame hook (each PIJit function is its own trampoline), so
the flag is only recorded and read back by `jit_mode_pi_enabled()`.
"""

from __future__ import annotations

from typing import Any

_defaults: dict[str, Any] = {}
_pi_mode = [False]


def update_pijit_default_config(**options: Any) -> None:
    """Set default jit_config options for PIJit functions made from now on
    (e.g. `compile_with_try=False`, `loop_unrolling=True`)."""
    _defaults.update(options)


def default_config() -> dict[str, Any]:
    """A copy of the defaults `update_pijit_default_config` stored."""
    return dict(_defaults)


def jit_mode_pi_enable() -> None:
    _pi_mode[0] = True


def jit_mode_pi_disable() -> None:
    _pi_mode[0] = False


def jit_mode_pi_enabled() -> bool:
    return _pi_mode[0]


__all__ = ["default_config", "jit_mode_pi_disable", "jit_mode_pi_enable", "jit_mode_pi_enabled",
           "update_pijit_default_config"]
