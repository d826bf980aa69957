"""MindSpore's `mindspore.common.jit_config`: `JitConfig`, the options of a compiled function
(it lives in `graphc.runtime`, above `common`; the public layer `graphc.layout` puts it here)."""

__all__: list[str] = []  # (and JitConfig: graphc.layout)
