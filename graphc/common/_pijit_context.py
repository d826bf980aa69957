"""MindSpore's `mindspore.common._pijit_context`: `PIJitCaptureContext` and `Unsupported`.

They live in graphc.pijit, above `common`; the public layer (`graphc.layout`) puts them here.
"""

__all__: list[str] = []  # (PIJitCaptureContext, Unsupported: graphc.layout)
