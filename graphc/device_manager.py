"""MindSpore 2.10's `mindspore.device_manager`: `set_device(device_target, device_id=None)`,
the newer spelling of `set_context(device_target=..., device_id=...)`.

graphc runs every target on the CPU, so any of MindSpore's three targets is accepted; it is
stored in the context (`get_context("device_target")`), as `set_context` stores it.
"""

from __future__ import annotations

from .common.context import set_context

DEVICE_TARGETS = ("CPU", "GPU", "Ascend")


def set_device(device_target: str, device_id: int | None = None) -> None:
    """Choose the device (`"CPU"`, `"GPU"` or `"Ascend"`) and, if given, its id (an int >= 0).
    ValueError, with MindSpore's wording, for anything else."""
    if device_target not in DEVICE_TARGETS:
        raise ValueError(f"The argument 'device_target' must be one of {list(DEVICE_TARGETS)}, "
                         f"but got {device_target}.")
    if device_id is None:
        set_context(device_target=device_target)
        return
    if not isinstance(device_id, int):
        raise TypeError(f"The parameter 'device_id' must be {int}, but got {type(device_id)}")
    if device_id < 0:
        raise ValueError("The device id must bigger than or equal to 0.")
    set_context(device_target=device_target, device_id=int(device_id))


__all__ = ["set_device"]
