"""`graphc.explain` and `graphc.export`: what JIT Fallback does in a function or Cell, and the
purity check that refuses to export a graph with interpret nodes."""

from __future__ import annotations

from typing import Any

from ..common.errors import GraphcError
from ..fallback import ExplainReport, check_exportable
from .jit import JitFunction, _BoundJit


def explain(fn: Any, *args: Any, **kwargs: Any) -> ExplainReport:
    """What JIT Fallback does in `fn` (a function, a `jit` function or a Cell) for these
    arguments: every interpret node with its file:line, source line and the reason in words.
    Compiles without running; `str()` of the report is the text, `.count` the number."""
    if isinstance(fn, (JitFunction, _BoundJit)):
        return fn.explain(*args, **kwargs)
    construct = getattr(type(fn), "construct", None)
    if construct is not None and callable(fn):  # a Cell: its construct, bound to it
        if not isinstance(construct, JitFunction):
            construct = JitFunction(construct)
        return _BoundJit(construct, fn).explain(*args, **kwargs)
    return JitFunction(fn).explain(*args, **kwargs)


def export(net: Any, *inputs: Any, file_name: str, file_format: str = "MINDIR",
           **kwargs: Any) -> None:
    """`mindspore.export`: the graph of `net` (a Cell or function) for `inputs` must be pure
    graph code — a graph with interpret nodes is refused, naming the lines to blame (SPEC 3.11).
    Writing the file itself is not implemented yet: a pure graph then gets a clear error."""
    if file_format.upper() not in ("MINDIR", "AIR", "ONNX"):
        raise ValueError(f"For 'export', 'file_format' must be one of 'MINDIR', 'AIR' or "
                         f"'ONNX', but got {file_format!r}.")
    construct = getattr(type(net), "construct", None)
    if construct is not None and callable(net):
        target = construct if isinstance(construct, JitFunction) else JitFunction(construct)
        entry = target._specialise(target._cache_for(net), net, inputs, {})
        name = type(net).__name__
    else:
        target = net if isinstance(net, JitFunction) else JitFunction(net)
        entry = target._specialise(target._cache, target._bound_obj, inputs, {})
        name = getattr(target.fn, "__qualname__", "graph")
    check_exportable(entry.graph, name)
    raise GraphcError(f"graphc cannot write {file_format.upper()} files yet: the graph of "
                      f"'{name}' is pure graph code and exportable, but no exporter exists. "
                      f"'{file_name}' was not written.")
