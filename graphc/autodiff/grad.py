"""The autodiff API: `grad`, `value_and_grad`, `GradOperation` (PyNative reverse mode).

The function is run under a fresh `Tape` with its chosen inputs (aliased, so each position
gets its own gradient even when one Tensor is passed twice) and weights watched; the tape then
runs backwards from a ones sensitivity (or the one given).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..common.context import GRAPH_MODE, active_tapes, active_tracer, context
from ..common.parameter import Parameter, named_weight
from ..common.tensor import Tensor
from ..ops import array_ops
from .hooks import share_hooks
from .tape import Tape

# Compiles a gradient function into a graph (set by graphc.runtime, which sits above autodiff).
_graph_compiler: Callable[[Callable[..., Any], Any], Any] | None = None


def set_graph_compiler(compiler: Callable[[Callable[..., Any], Any], Any]) -> None:
    """Install the function that compiles a gradient function (`runtime` calls this); it is
    given the gradient function and the function it differentiates."""
    global _graph_compiler
    _graph_compiler = compiler


def _is_graph_target(fn: Any) -> bool:
    """Whether `fn` runs as a graph: a `jit` function, or a Cell whose construct is `jit` or
    that runs in GRAPH_MODE."""
    if hasattr(fn, "__graphc_jit_function__"):
        return True
    construct = getattr(type(fn), "construct", None)
    if construct is None:
        return False
    return hasattr(construct, "__graphc_jit_function__") or context().mode == GRAPH_MODE


def _dispatching(fn: Any, impl: Callable[..., Any]) -> Callable[..., Any]:
    """The public gradient function: when `fn` is compiled and this is a plain PyNative call,
    forward, backward and all run as one compiled graph (built once, from the same bprops the
    tape uses); otherwise `impl` runs on the PyNative tape."""
    compiled: list[Any] = []

    def gradient_function(*args: Any, **kwargs: Any) -> Any:
        if kwargs or _graph_compiler is None or active_tracer.get() is not None or \
                active_tapes.get() or not context().jit_enabled or not _is_graph_target(fn):
            return impl(*args, **kwargs)
        if not compiled:
            compiled.append(_graph_compiler(impl, fn))
        return compiled[0](*args)

    def cache_info() -> Any:
        """The compiled gradient graph's cache statistics (None before the first call)."""
        return compiled[0].cache_info() if compiled else None

    impl.__graphc_differentiates__ = True  # type: ignore[attr-defined]
    gradient_function.__graphc_differentiates__ = True  # type: ignore[attr-defined]
    gradient_function.__graphc_grad_impl__ = impl  # type: ignore[attr-defined]
    gradient_function.cache_info = cache_info  # type: ignore[attr-defined]
    return gradient_function


def _positions(grad_position: int | Sequence[int] | None, nargs: int) -> tuple[int, ...]:
    if grad_position is None:
        return ()
    positions = (grad_position,) if isinstance(grad_position, int) else tuple(grad_position)
    if not positions:
        raise RuntimeError("grad_position should not be empty when grad by position!")
    for p in positions:
        if not isinstance(p, int) or isinstance(p, bool):
            raise TypeError(f"For 'grad', 'grad_position' must be an int or a tuple of ints, "
                            f"but got {grad_position!r}.")
        if not -nargs <= p < nargs:
            raise ValueError(f"For 'grad', 'grad_position' {p} is out of range: the function was "
                             f"called with {nargs} arguments.")
    return tuple(p % nargs for p in positions)


def _weights_list(weights: Any) -> list[Parameter]:
    if weights is None:
        return []
    weights = named_weight(weights)
    if isinstance(weights, Parameter):
        return [weights]
    items = [named_weight(w) for w in weights]
    for w in items:
        if not isinstance(w, Tensor):
            raise TypeError(f"For 'grad', 'weights' must be a Parameter, a list or a "
                            f"ParameterTuple of Parameters, but got an element {w!r}.")
    return items


def _tensor_leaves(value: Any) -> list[Tensor]:
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _tensor_leaves(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _tensor_leaves(v)]
    return []


def run_with_grads(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
                   positions: tuple[int, ...], weights: list[Parameter], has_aux: bool,
                   sens: Any = None) -> tuple[Any, list[Tensor], list[Tensor]]:
    """Run `fn` on a tape; return (output, gradients of the Tensor inputs at `positions`,
    gradients of `weights`). Non-Tensor arguments at requested positions get no gradient.
    As in MindSpore, keyword arguments are inputs too, after the positional ones in the order
    given (`grad(f)(y=b, x=a)` differentiates with respect to `y`)."""
    tape = Tape()
    names = list(kwargs)
    args = list(args) + list(kwargs.values())
    n_positional = len(args) - len(names)
    with tape:
        targets = []
        for p in positions:
            if isinstance(args[p], Tensor):
                original, args[p] = args[p], array_ops.identity(args[p])
                share_hooks(original, args[p])
                tape.watch(args[p])
                targets.append(args[p])
        for w in weights:
            tape.watch(w)
        tracer = active_tracer.get()
        positional = tuple(args[:n_positional])
        kwargs = dict(zip(names, args[n_positional:]))
        # inside a graph being built, user code must be interpreted (its `if` may test Tensors)
        out = tracer.call(fn, positional, kwargs) if tracer is not None else \
            fn(*positional, **kwargs)
    differentiated = out
    if has_aux:
        if not isinstance(out, tuple) or len(out) < 2:
            raise ValueError("When has_aux is True, origin fn requires more than one outputs.")
        differentiated = out[0]
    leaves = _tensor_leaves(differentiated)
    if sens is None:
        sens_leaves = [array_ops.ones_like(t) for t in leaves]
    else:
        sens_leaves = _tensor_leaves(sens)
        if len(sens_leaves) != len(leaves):
            raise ValueError(f"For 'grad', the sensitivity has {len(sens_leaves)} Tensors but "
                             f"the function's output has {len(leaves)}.")
    grads = tape.backward(leaves, sens_leaves, targets + weights)
    tensor_grads = iter(grads[:len(targets)])
    # a run-time number (a `mutable` int or float in a graph) gets a zero of its type, as
    # MindSpore 2.10's graphs give it; other non-Tensor arguments get no gradient
    input_grads = [next(tensor_grads) if isinstance(args[p], Tensor) else args[p].type(0)
                   for p in positions if _has_gradient(args[p])]
    return out, input_grads, grads[len(targets):]


def _has_gradient(arg: Any) -> bool:
    return isinstance(arg, Tensor) or getattr(arg, "graphc_run_time_scalar", False)


def _pack(input_grads: list[Tensor], weight_grads: list[Tensor], grad_position: Any,
          weights: Any) -> Any:
    # one gradient comes back as itself, for `grad_position=(0,)` too (MindSpore 2.10; with
    # `weights` a tuple position keeps the tuple, which graphc's PIJit tape reads)
    if len(input_grads) == 1 and (isinstance(grad_position, int) or weights is None):
        inputs_part: Any = input_grads[0]
    else:
        inputs_part = tuple(input_grads)
    if weights is None:
        return inputs_part
    weights_part: Any = weight_grads[0] if isinstance(weights, Parameter) else tuple(weight_grads)
    if grad_position is None:
        return weights_part
    return inputs_part, weights_part


def _aux(out: Any) -> tuple[Any, ...]:
    return tuple(out[1:])


def _gradients(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
               grad_position: Any, weight_list: list[Parameter], has_aux: bool,
               return_ids: bool, sens_param: bool = False) -> tuple[Any, list[Any], list[Any]]:
    """Run `fn` on a tape: its output, the input gradients and the weight gradients (as
    (position, gradient) and (name, gradient) pairs with `return_ids`)."""
    sens = None
    if sens_param:  # the last argument is the sensitivity (the output's gradient)
        if not args:
            raise ValueError("For 'grad' with sens_param=True, the last argument must be the "
                             "sensitivity of the output.")
        args, sens = args[:-1], args[-1]
    positions = _positions(grad_position, len(args) + len(kwargs))
    out, gi, gw = run_with_grads(fn, args, kwargs, positions, weight_list, has_aux, sens)
    if return_ids:
        inputs = tuple(args) + tuple(kwargs.values())
        tensor_positions = [p for p in positions if _has_gradient(inputs[p])]
        return (out, [(p, g) for p, g in zip(tensor_positions, gi)],
                [(w.name, g) for w, g in zip(weight_list, gw)])
    return out, gi, gw


def grad(fn: Callable[..., Any], grad_position: int | tuple[int, ...] | None = 0,
         weights: Any = None, has_aux: bool = False, return_ids: bool = False,
         sens_param: bool = False) -> Callable[..., Any]:
    """The gradient function of `fn` (MindSpore's `mindspore.grad`); with `sens_param` it
    takes the output's sensitivity as its last argument."""
    if grad_position is None and weights is None:
        raise ValueError("`grad_position` and `weight` can not be None at the same time.")
    weights = named_weight(weights)
    weight_list = _weights_list(weights)

    def grad_fn(*args: Any, **kwargs: Any) -> Any:
        out, gi, gw = _gradients(fn, args, kwargs, grad_position, weight_list, has_aux,
                                 return_ids, sens_param)
        result = _pack(gi, gw, grad_position, weights)
        return (result, _aux(out)) if has_aux else result

    return _dispatching(fn, grad_fn)


def value_and_grad(fn: Callable[..., Any], grad_position: int | tuple[int, ...] | None = 0,
                   weights: Any = None, has_aux: bool = False, return_ids: bool = False,
                   sens_param: bool = False) -> Callable[..., Any]:
    """Like `grad`, but the returned function gives `(fn's full output, gradients)`."""
    if grad_position is None and weights is None:
        raise ValueError("`grad_position` and `weight` can not be None at the same time.")
    weights = named_weight(weights)
    weight_list = _weights_list(weights)

    def value_and_grad_fn(*args: Any, **kwargs: Any) -> Any:
        out, gi, gw = _gradients(fn, args, kwargs, grad_position, weight_list, has_aux,
                                 return_ids, sens_param)
        return out, _pack(gi, gw, grad_position, weights)

    return _dispatching(fn, value_and_grad_fn)


class GradOperation:
    """`ops.GradOperation(get_all=False, get_by_list=False, sens_param=False)`:
    `GradOperation(...)(fn)` or `(fn, params)` gives the gradient function."""

    def __init__(self, get_all: bool = False, get_by_list: bool = False,
                 sens_param: bool = False) -> None:
        self.get_all = get_all
        self.get_by_list = get_by_list
        self.sens_param = sens_param

    def __call__(self, fn: Callable[..., Any], weights: Any = None) -> Callable[..., Any]:
        if self.get_by_list and weights is None:  # (MindSpore: the Cell's trainable ones)
            weights = fn.trainable_params() if hasattr(fn, "trainable_params") else []
        one_weight = isinstance(named_weight(weights), Parameter)
        weight_list = _weights_list(weights) if self.get_by_list else []

        def grad_fn(*args: Any, **kwargs: Any) -> Any:
            sens = None
            if self.sens_param:
                if not args:
                    raise ValueError("For 'GradOperation' with sens_param=True, the last "
                                     "argument must be the sensitivity.")
                args, sens = args[:-1], args[-1]
            inputs = len(args) + len(kwargs)  # (keyword arguments are inputs too)
            if self.get_all:
                positions = tuple(range(inputs))
            else:
                positions = (0,) if inputs and not self.get_by_list else ()
            _, gi, gw = run_with_grads(fn, args, kwargs, positions, weight_list, False, sens)
            weights_part: Any = gw[0] if one_weight and gw else tuple(gw)
            if self.get_by_list and not self.get_all:
                return weights_part
            inputs_part: Any = tuple(gi) if self.get_all else (gi[0] if gi else ())
            if self.get_by_list:
                return inputs_part, weights_part
            return inputs_part

        return _dispatching(fn, grad_fn)
