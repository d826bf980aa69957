"""MindSpore's module layout where it crosses graphc's layering.

MindSpore spells some names of graphc's upper packages (autodiff, runtime) in modules of the
lower ones: `mindspore.common.api.jit`, `ops.composite.GradOperation`, `ops.functional.grad`.
A lower module cannot import an upper one, so the public layer (`graphc/__init__.py`) calls
`install()` once, after every package is imported, and each row of `PLACEMENTS` puts one
object into the module where MindSpore has it.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from . import autodiff, common, pijit, runtime
from .common import _pijit_context as pijit_context
from .common import api, jit_config
from .ops import composite, functional

PLACEMENTS: tuple[tuple[ModuleType, str, Any], ...] = (
    (api, "jit", runtime.jit),
    (api, "jit_class", runtime.jit_class),
    (api, "JitConfig", runtime.JitConfig),
    (common, "jit", runtime.jit),
    (common, "jit_class", runtime.jit_class),
    (common, "JitConfig", runtime.JitConfig),
    (jit_config, "JitConfig", runtime.JitConfig),
    (composite, "GradOperation", autodiff.GradOperation),
    (functional, "grad", autodiff.grad),
    (functional, "value_and_grad", autodiff.value_and_grad),
    (functional, "get_grad", autodiff.get_grad),
    (pijit_context, "PIJitCaptureContext", pijit.PIJitCaptureContext),
    (pijit_context, "Unsupported", pijit.Unsupported),
)


def install() -> None:
    """Put every name of `PLACEMENTS` into its module."""
    for module, name, value in PLACEMENTS:
        setattr(module, name, value)
