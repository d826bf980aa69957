"""A @jit (PSJit) function, or a Cell whose `construct` is @jit, called from captured code:
built by the AST front end (`infer.GraphBuilder`) into the capture's own graph, through the
same emitter, as MindSpore compiles such a callee from its source. A Tensor condition in it
is then a switch in the graph, not a graph break. (Not while a gradient is being recorded:
the callee is then translated, so its bprops are recorded like the rest.) Where the AST
front end refuses the callee (at STRICT: anything the graph cannot express), what it
recorded is undone and the translator inlines the callee's bytecode instead."""

from __future__ import annotations

from typing import Any

from ..common.context import active_tapes
from ..infer.policy import StrictPolicy
from ..infer.pytree import flatten
from ..infer.specialize import GraphBuilder, InterpretedFunction
from .emitter import Emitter, holds_graph_value
from .guards import GuardSet

NOT_BUILT = object()


def jit_callee(func: Any) -> Any:
    """`(fn, bound)` when `func` is a @jit (PSJit) function, bound to an object or not;
    else None (a PIJit function is the translator's own)."""
    inner = getattr(func, "__graphc_jit_function__", None)
    if inner is None or hasattr(func, "__graphc_pijit__"):
        return None
    return inner()


def has_jit_construct(cell: Any) -> bool:
    """Whether the Cell's class decorates `construct` with @jit (PSJit, not PIJit)."""
    construct = getattr(type(cell), "construct", None)
    return hasattr(construct, "__graphc_jit_function__") and \
        not hasattr(construct, "__graphc_pijit__")


def build_with_ast(emitter: Emitter, guards: GuardSet, fn: Any, bound: Any,
                   args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The result of `fn(*args, **kwargs)` (a method of `bound`) built into `emitter`'s
    graph, the constants it folded added to `guards`; NOT_BUILT, with nothing recorded, when
    no argument is a graph value (the translator folds it) or the AST front end refuses."""
    if not holds_graph_value(list(args) + list(kwargs.values())) or active_tapes.get():
        # (while a gradient is recorded, the callee is translated: its loops and branches
        # then record their bprops as the capture's other code does)
        return NOT_BUILT
    undo = emitter.rollback_point()
    builder = GraphBuilder(getattr(fn, "__name__", "jit"), StrictPolicy, emitter=emitter)
    loc = emitter.loc
    try:
        result = builder.build(fn, args, kwargs, bound)
    except Exception:  # a refusal, or the callee's own error: the bytecode says what happens
        undo()
        return NOT_BUILT
    finally:
        emitter.loc = loc
    if _holds_builder_function(result):  # (an inner function lives only in that build)
        undo()
        return NOT_BUILT
    for guard in builder.guards:
        guards.add_folded(guard)
    return result


def _holds_builder_function(value: Any) -> bool:
    """Whether `value` is, or holds, a function the AST front end made (an inner function or
    lambda of the callee): one callable only inside the build that made it."""
    return bool(flatten(value, lambda v: isinstance(v, InterpretedFunction))[0])


__all__ = ["NOT_BUILT", "build_with_ast", "has_jit_construct", "jit_callee"]
