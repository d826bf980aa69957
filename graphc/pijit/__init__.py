"""PIJit: `jit(fn, capture_mode="bytecode")` captures graphs from a function's bytecode.

The function's instructions are translated with the call's real values (`translator`), graphc
ops recording into a graph (`emitter`); what cannot be captured is a graph break: the graph so
far is compiled (`capture`, through graphc's passes and code generation), the instruction runs
in Python, and the rest of the function continues in a resume function made from the original
code (`resume`, with the `bytecode` package), itself captured on its first call. Entries are
cached per code object under guards (`guards`); `api` holds the decorated function, its
`capture_info()` and MindSpore's `get_code_extra`.

Modules: `code` (normalised instructions), `emitter`, `translator`, `guards`, `resume`,
`capture`, `api`, `settings` (MindSpore's process-wide PIJit switches), `context`
(`PIJitCaptureContext`).
"""

from ..runtime.jit import set_bytecode_capture
from .api import CaptureInfo, PIJitFunction, Unsupported, get_code_extra
from .context import PIJitCaptureContext
from .settings import (
    jit_mode_pi_disable,
    jit_mode_pi_enable,
    jit_mode_pi_enabled,
    update_pijit_default_config,
)


def _decorate(fn, input_signature=None, jit_config=None, fullgraph=False):
    return PIJitFunction(fn, input_signature, jit_config, fullgraph)


set_bytecode_capture(_decorate)

__all__ = ["CaptureInfo", "PIJitCaptureContext", "PIJitFunction", "Unsupported",
           "get_code_extra", "jit_mode_pi_disable", "jit_mode_pi_enable", "jit_mode_pi_enabled",
           "update_pijit_default_config"]
