"""The bytecode translator: runs a function's instructions on a symbolic stack with the call's
real values, recording graphc ops into a graph.

Values on the stack and in the locals are real Python objects (constants: every operation on
them is just done, which is constant folding and branch pruning) or graph values (`GraphTensor`,
`GraphScalar`) whose operations record nodes through the `Emitter` (the active tracer). One
handler per opcode (`op_<NAME>`, gathered into `HANDLERS`); user functions, user Cells'
`construct` and methods are inlined by translating their code in a child `Frame`.

What cannot be expressed raises `Break(frame, index, reason)` before the instruction changed
anything: a call graphc cannot record (NumPy on a graph value, an unknown callable), an
operation needing a graph value's data (`if t.sum() > 0`, `t.asnumpy()`), a mutation of an
object that lives outside the function, an opcode the translator has no handler for. A break
inside an inlined callee becomes a break at the caller's CALL.

Reads from outside the function record guards (`guards.GuardSet`) through their `Source`;
Tensors read from outside become graph inputs read through the same source at run time.
"""

from __future__ import annotations

import builtins
import functools
import operator
from dataclasses import dataclass, field
from types import (
    BuiltinFunctionType,
    BuiltinMethodType,
    CellType,
    FunctionType,
    MethodDescriptorType,
    MethodType,
)
from typing import Any

from bytecode import Label

from ..autodiff.custom_bprop import call_with_custom_bprop, has_custom_bprop
from ..autodiff.hooks import share_hooks
from ..common.api import NoGrad
from ..common.context import active_tapes
from ..common.dtype import to_dtype
from ..common.errors import SourceLocation
from ..common.parameter import Parameter as Weight
from ..common.tensor import Tensor
from ..common.tensor import tensor as make_tensor
from ..infer.abstract import AbstractScalar
from ..infer.graph_builtins import GRAPH_BUILTINS
from ..infer.values import GraphScalar, GraphTensor, NeedsValueError, run_time_shape
from ..ops.index_ops import tensor_setitem
from ..ops.primitive import TensorSpec
from ..ops.shape_ops import cast
from ..parser.resolve import Origin, origin_of
from .ast_calls import NOT_BUILT, build_with_ast, has_jit_construct, jit_callee
from .code import PY312, CodeInfo
from .emitter import Emitter, Mutable, holds_graph_value
from .guards import GuardSet, Source

_IMMUTABLE = (int, float, bool, str, bytes, complex, type(None), range, slice)


class _Null:
    """The NULL slot CPython 3.11 keeps below a callable on the stack."""

    def __repr__(self) -> str:
        return "NULL"


NULL = _Null()


class Break(Exception):  # noqa: N818  (control flow of the translator, not an error)
    """The instruction `index` of `frame` cannot be captured; `reason` says why, in words."""

    def __init__(self, frame: Frame, index: int, reason: str, hints: tuple[str, ...] = ()
                 ) -> None:
        super().__init__(reason)
        self.frame = frame
        self.index = index
        self.reason = reason
        self.hints = hints  # what MindSpore's fullgraph error says as "Hint: ..." lines
        # (file, line) of the break inside the functions this one called, outermost first
        self.trace: list[tuple[str, int]] = []


class Stop(Exception):  # noqa: N818
    """Translation reached the instruction it was told to stop at (the break point)."""


@dataclass(slots=True, eq=False)
class Frame:
    info: CodeInfo
    fn: Any  # the function whose code runs (globals, closure, name)
    locals: dict[str, Any]
    cells: dict[str, CellType] = field(default_factory=dict)
    stack: list[Any] = field(default_factory=list)
    kw_names: tuple[str, ...] = ()
    index: int = 0
    arrivals: dict[int, int] = field(default_factory=dict)
    roots: tuple[str, str] = ("X[0]", "X[1]")  # the guard roots of its globals and closure
    # a generator's frame: the values it yielded so far (None: not a generator)
    yielded: list[Any] | None = None


_BINARY = [operator.add, operator.and_, operator.floordiv, operator.lshift, operator.matmul,
           operator.mul, operator.mod, operator.or_, operator.pow, operator.rshift,
           operator.sub, operator.truediv, operator.xor]
_INPLACE = [operator.iadd, operator.iand, operator.ifloordiv, operator.ilshift,
            operator.imatmul, operator.imul, operator.imod, operator.ior, operator.ipow,
            operator.irshift, operator.isub, operator.itruediv, operator.ixor]
_COMPARE = [operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge]

# Builtins that only compute (no effect outside their result): called at once on constants.
_PURE_BUILTINS = frozenset({
    abs, all, any, bool, callable, chr, dict, divmod, enumerate, filter, float, format,
    frozenset, getattr, hasattr, hash, id, int, isinstance, issubclass, iter, len, list, map,
    max, min, next, ord, pow, range, repr, reversed, round, set, slice, sorted, str, sum,
    tuple, type, zip, complex, bin, hex, oct})
# Methods that change the object they belong to.
_MUTATING = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "update",
                       "setdefault", "sort", "reverse", "add", "discard", "popitem",
                       "__setitem__", "__delitem__", "difference_update",
                       "intersection_update", "symmetric_difference_update"})
# Mutating methods whose result (or effect) depends on the contents.
_READING = frozenset({"pop", "popitem", "setdefault", "remove", "sort", "reverse", "insert",
                      "__delitem__"})
# Tensor methods that change their Tensor in place.
_IN_PLACE_TENSOR = frozenset({"assign_value", "set_data", "__setitem__", "copy_", "fill_",
                              "zero_", "init_data", "set_dtype"})
_FOLDABLE_MODULES = ("numpy", "math", "operator", "functools", "itertools", "collections")


def _callable_name(func: Any) -> str:
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None)
    if name is None:
        return type(func).__name__
    module = getattr(func, "__module__", None)
    return f"{module}.{name}" if module and module != "builtins" else name


def _cell_target(func: Any) -> Any:
    """The construct function if `func` is a Cell instance being called, else None."""
    construct = getattr(type(func), "construct", None)
    if construct is None or not hasattr(func, "_cells"):
        return None
    inner = getattr(construct, "__graphc_unwrapped__", None)
    return inner if inner is not None else construct


class Translator:
    """Translates one call of `fn` (the top frame) with inlined callees into `emitter`."""

    def __init__(self, emitter: Emitter, guards: GuardSet, roots: list[Any],
                 stop_at: tuple[int, int] | None = None, max_depth: int = 32) -> None:
        self.emitter = emitter
        self.guards = guards
        self.roots = roots  # X: the constant objects guard sources start from
        self.stop_at = stop_at  # (instruction index, arrival) in the top frame
        self.max_depth = max_depth
        self.depth = 0
        self.top: Frame | None = None
        self.sources: dict[int, Source] = {}  # objects that exist outside the function
        self.names: dict[int, str] = {}  # and how the user spells them ("self.layer")
        self.keep: list[Any] = []  # keeps sourced objects alive (ids stay unique)
        self.tensor_inputs: dict[int, GraphTensor] = {}  # id(Tensor read) -> its graph input
        # (graph Parameter, where it is read, how: "{}._data" for a Tensor's array)
        self.inputs: list[tuple[Any, Source, str]] = []
        self.input_sources: dict[int, Source] = {}  # id(graph input value) -> source
        # (graph input Tensor, its parameter node): one written in place (`t[:] = x`,
        # `t.add_(y)`) points at another node by the end, and the caller's Tensor gets it.
        self.tensor_params: list[tuple[GraphTensor, Any]] = []
        self.real_of: dict[int, Tensor] = {}  # id(graph input Tensor) -> the Tensor it reads
        self.dynamic_sources: set[str] = set()  # number attributes read as run-time scalars
        self.unroll_loops = True  # jit_config loop_unrolling: for loops unroll into the graph
        self.boundary: tuple[int, int] = (0, 1)  # the last top-frame point with an empty stack
        # Side effects on outside objects, written back after the graph (final values):
        self.copies: dict[int, Any] = {}  # id(outside list/dict) -> its copy
        self.copy_of: dict[int, Any] = {}  # id(copy) -> the outside object
        # In program order: ("call", copy, method name, args) for a change to an outside
        # list or dict, ("attr", obj, name, value), ("global", namespace, name, value).
        self.effects: list[tuple[Any, ...]] = []
        self.attr_writes: dict[tuple[int, str], tuple[Any, str, Any]] = {}
        self.global_writes: dict[tuple[int, str], tuple[dict[str, Any], str, Any]] = {}
        # Outside lists/dicts whose contents are guarded only once the function reads them
        # (one it only appends to may change between calls): id(copy) -> (source, real, what).
        self.pending: dict[int, tuple[Source, Any, str]] = {}

    # ------------------------------------------------------------------ values from outside
    def root_for(self, obj: Any) -> str:
        for i, r in enumerate(self.roots):
            if r is obj:
                return f"X[{i}]"
        self.roots.append(obj)
        return f"X[{len(self.roots) - 1}]"

    def read(self, source: Source, value: Any, what: str) -> Any:
        """`value`, read from outside the function at `source`: guarded, its Tensors made
        graph inputs, its objects remembered as living outside (so mutating them breaks).
        A list or dict without Tensors is guarded by its type until its contents are read."""
        t = type(value)
        if (t is int or t is float) and self.dynamic_sources and \
                source.expr() in self.dynamic_sources:  # (its value kept changing)
            self.guards.add_type(source, value, what)
            param = self.emitter.root.add_parameter(what.replace(" ", "_").replace(".", "_"),
                                                    AbstractScalar(t))
            g_scalar = GraphScalar(param, t)
            self.inputs.append((param, source, f"{t.__name__}({{}})"))
            self.input_sources[id(g_scalar)] = source
            return g_scalar
        if (t is list or t is dict) and not holds_tensor(value) and \
                id(value) not in self.copies:
            self.guards.add_type(source, value, what)
            copy = self._convert(source, value, what)
            self.pending[id(copy)] = (source, value, what)
            return copy
        self.guards.add(source, value, what)
        return self._convert(source, value, what)

    def read_argument(self, source: Source, value: Any, what: str, spec: Any,
                      dynamic: bool = False) -> Any:
        """An argument; a Tensor with an `input_signature` entry gets its `None` dims dynamic,
        and a `dynamic` int/float argument is a run-time scalar (a graph input)."""
        if dynamic and type(value) in (int, float):
            self.guards.add_type(source, value, what)
            param = self.emitter.root.add_parameter(what.replace(" ", "_"),
                                                    AbstractScalar(type(value)))
            g_scalar = GraphScalar(param, type(value))
            self.inputs.append((param, source, "{}"))
            self.input_sources[id(g_scalar)] = source
            return g_scalar
        if spec is None or type(value) is not Tensor:
            return self.read(source, value, what)
        shape = tuple(None if d in (None, -1) else d for d in spec.shape)
        self.guards.add_dynamic_tensor(source, shape, spec.dtype, what)
        param = self.emitter.root.add_parameter(what.replace(" ", "_"),
                                                TensorSpec(shape, spec.dtype))
        g = GraphTensor(param, shape, spec.dtype)
        self.tensor_inputs[id(value)] = g
        self.inputs.append((param, source, "{}._data"))
        self.input_sources[id(g)] = source
        self.tensor_params.append((g, param))
        self.real_of[id(g)] = value
        self.keep.append(value)
        self.guards.add_hooks(source, value, what)
        share_hooks(value, g)
        return g

    def _convert(self, source: Source, value: Any, what: str) -> Any:
        t = type(value)
        if isinstance(value, Mutable):
            if isinstance(value, (int, float)):  # a run-time number: a scalar graph input
                pytype = int if isinstance(value, int) else float
                param = self.emitter.root.add_parameter(what.replace(" ", "_"),
                                                        AbstractScalar(pytype))
                g_scalar = GraphScalar(param, pytype)
                self.inputs.append((param, source, f"{pytype.__name__}({{}})"))
                self.input_sources[id(g_scalar)] = source
                return g_scalar
            if isinstance(value, dict):
                return {k: self._convert(source.item(k), v, f"{what}[{k!r}]")
                        for k, v in value.items()}
            plain = tuple if isinstance(value, tuple) else list
            items: Any = value
            return plain(self._convert(source.item(i), v, f"{what}[{i}]")
                         for i, v in enumerate(items))
        if t is Tensor:
            known = self.tensor_inputs.get(id(value))
            if known is not None:
                return known
            param = self.emitter.root.add_parameter(what.replace(" ", "_"),
                                                    TensorSpec(tuple(value.shape), value.dtype))
            g = GraphTensor(param, tuple(value.shape), value.dtype)
            self.tensor_inputs[id(value)] = g
            self.inputs.append((param, source, "{}._data"))
            self.input_sources[id(g)] = source
            self.tensor_params.append((g, param))
            self.real_of[id(g)] = value
            self.keep.append(value)
            self.guards.add_hooks(source, value, what)  # (registered later: capture again)
            share_hooks(value, g)  # (a gradient taken in the graph runs the Tensor's hooks)
            return g
        if t in _IMMUTABLE:
            return value
        if t is list or t is dict:
            # An outside list or dict is translated as a copy: changes to it are made on the
            # copy and written back to the real object after the graph (`changed`).
            known = self.copies.get(id(value))
            if known is not None:
                return known
            if t is list:
                copy: Any = [self._convert(source.item(i), v, f"{what}[{i}]")
                             for i, v in enumerate(value)]
            else:
                copy = {k: self._convert(source.item(k), v, f"{what}[{k!r}]")
                        for k, v in value.items()}
            self.copies[id(value)] = copy
            self.keep.append(value)
            self._remember(copy, source, what)
            self.copy_of[id(copy)] = value
            return copy
        if t is tuple and holds_tensor(value):
            return tuple(self._convert(source.item(i), v, f"{what}[{i}]")
                         for i, v in enumerate(value))
        self._remember(value, source, what)
        return value

    def _remember(self, obj: Any, source: Source, what: str) -> None:
        if type(obj) is tuple:
            return  # immutable: nothing to protect
        if id(obj) not in self.sources:
            self.sources[id(obj)] = source
            for prefix in ("closure variable ", "argument ", "global ", "attribute "):
                if what.startswith(prefix):
                    what = what[len(prefix):]
                    break
            self.names[id(obj)] = what
            self.keep.append(obj)

    def guard_length(self, obj: Any) -> None:
        """The length of `obj`, an object from outside the function (a CellList, ...), was
        used while translating: guard it (lists, tuples and dicts are guarded by contents)."""
        source = self.sources.get(id(obj))
        if source is not None and hasattr(obj, "__len__"):
            self.guards.add_length(source, obj, f"length of {self.names[id(obj)]}")

    def lives_outside(self, obj: Any) -> bool:
        """Whether changing `obj` in place would change an object outside the function
        (the copies of outside lists and dicts excepted: see `change`)."""
        return id(obj) in self.sources and id(obj) not in self.copy_of

    def change(self, obj: Any, method: str, args: tuple[Any, ...]) -> None:
        """`obj` (maybe the copy of an outside list or dict) is about to change in place by
        `obj.method(*args)`; for a copy the same call is made on the real object later."""
        if id(obj) in self.copy_of:
            self.effects.append(("call", obj, method, args))

    def use(self, *values: Any) -> None:
        """`values` are read (their contents matter): guard the outside lists/dicts among
        them by their contents."""
        for v in values:
            pending = self.pending.pop(id(v), None) if self.pending else None
            if pending is not None:
                source, real, what = pending
                self.guards.add(source, real, what)
            if type(v) in (tuple, list) and self.pending:
                self.use(*v)

    # ------------------------------------------------------------------ running frames
    def run(self, frame: Frame) -> Any:
        """Translate `frame` to its RETURN_VALUE; returns the (symbolic) return value."""
        info = frame.info
        instrs = info.instrs
        top = frame is self.top
        while True:
            i = frame.index
            ins = instrs[i]
            if top:
                n = frame.arrivals.get(i, 0) + 1
                frame.arrivals[i] = n
                if self.stop_at is not None and self.stop_at == (i, n):
                    raise Stop()
                if not frame.stack:
                    self.boundary = (i, n)
            handler = HANDLERS.get(ins.name)
            if handler is None:
                raise Break(frame, i, f"the bytecode {ins.name} is not supported by the "
                            "translator", (f"ByteCode {ins.name} is not supported",
                                           "See https://docs.python.org/3/library/dis.html "
                                           "for bytecode semantics"))
            line = ins.location.lineno if ins.location is not None else None
            if line is not None:
                self.emitter.loc = SourceLocation(info.code.co_filename, line,
                                                  function=info.code.co_name)
            frame.index = i + 1
            try:
                result = handler(self, frame, ins)
            except (Break, Stop):
                raise
            except NeedsValueError as exc:
                raise Break(frame, i, _needs_value_reason(ins, exc)) from None
            except RecursionError:
                raise Break(frame, i, "the calls nest too deeply to translate") from None
            except Exception as exc:  # Python's own error, or one graphc cannot record
                raise Break(frame, i, f"{ins.name} raised {type(exc).__name__}: {exc} while "
                            "translating (it runs in Python)") from None
            if result is not None:
                return result[0]

    def jump(self, frame: Frame, label: Label) -> None:
        frame.index = frame.info.target(label)

    # ------------------------------------------------------------------ calls
    def call(self, frame: Frame, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
             ) -> Any:
        """A call in user code (the CALL instruction at `frame.index - 1`)."""
        if not isinstance(func, (MethodDescriptorType, BuiltinMethodType)):
            self.use(*args, *kwargs.values())
        in_place = getattr(func, "__name__", None)
        if in_place in _IN_PLACE_TENSOR and _is_framework(func):
            changed = self.change_tensor(frame, func, in_place, args, kwargs)
            if changed is not None:
                return changed
        if func is print:  # Python's stdout is not a graph's: a break, as in MindSpore
            raise Break(frame, frame.index - 1, "print() writes to Python's stdout; it runs in "
                        "Python (use ops.Print() to print inside the graph)")
        if (func is Tensor or func is make_tensor) and args and \
                isinstance(args[0], GraphTensor):  # Tensor(x) of a graph value: x (cast)
            return self.tensor_of(args[0], args[1] if len(args) > 1 else kwargs.get("dtype"))
        if func is super and not args and not kwargs:  # zero-argument super(): the frame's
            return self.zero_arg_super(frame)           # __class__ cell and first argument
        if func is eval and len(args) == 1 and not kwargs and isinstance(args[0], str):
            # eval(source) reads the calling frame's names, as CPython gives them
            return eval(args[0], frame.fn.__globals__, self.frame_names(frame))  # noqa: S307
        if func is locals and not args and not kwargs:  # the frame's own, as CPython gives
            return self.frame_names(frame)
        pijit = getattr(func, "__graphc_pijit__", None)
        if pijit is not None:  # a PIJit function called from a captured one: plain code
            fn, bound = pijit()
            return self.inline(frame, fn, ((bound,) if bound is not None else ()) + args,
                               kwargs)
        jit_inner = jit_callee(func)
        if jit_inner is not None:  # a @jit function (or Cell): built from its source
            fn, bound = jit_inner
            built = build_with_ast(self.emitter, self.guards, fn, bound, args, kwargs)
            if built is not NOT_BUILT:
                return built
            return self.inline(frame, fn, ((bound,) if bound is not None else ()) + args,
                               kwargs)
        if isinstance(func, functools.partial):
            return self.call(frame, func.func, tuple(func.args) + tuple(args),
                             {**func.keywords, **kwargs})
        construct = _cell_target(func)
        if construct is not None:
            return self.call_cell(frame, func, construct, args, kwargs)
        if isinstance(func, MethodType):
            target, bound = func.__func__, func.__self__
            if isinstance(target, FunctionType) and origin_of(target) is Origin.USER and \
                    not isinstance(bound, type):
                return self.inline(frame, target, (bound,) + args, kwargs)
        if isinstance(func, FunctionType) and origin_of(func) is Origin.USER:
            return self.inline(frame, func, args, kwargs)
        return self.call_python(frame, func, args, kwargs)

    @staticmethod
    def frame_names(frame: Frame) -> dict[str, Any]:
        """The frame's local names and the values of its cells (`locals()` of the frame)."""
        names = {**frame.locals}
        for name, cell in frame.cells.items():
            try:
                names[name] = cell.cell_contents
            except ValueError:
                pass
        return names

    def tensor_of(self, x: GraphTensor, dtype: Any) -> Tensor:
        """`Tensor(x, dtype)` / `tensor(x, dtype)` of a graph value: a new Tensor of its value,
        cast to `dtype` when one is given."""
        if dtype is not None and to_dtype(dtype) is not x.dtype:
            return cast(x, to_dtype(dtype))
        return GraphTensor(x.node, tuple(x.shape), x.dtype)

    def zero_arg_super(self, frame: Frame) -> Any:
        code = frame.info.code
        cell = frame.cells.get("__class__")
        if cell is None and "__class__" in code.co_freevars and frame.fn.__closure__:
            cell = frame.fn.__closure__[code.co_freevars.index("__class__")]
        if cell is None or not code.co_argcount:
            raise Break(frame, frame.index - 1, "super() without arguments outside a method: "
                        "runs in Python")
        first = code.co_varnames[0]
        obj = frame.cells[first].cell_contents if first in frame.cells else frame.locals[first]
        return super(cell.cell_contents, obj)

    def change_tensor(self, frame: Frame, func: Any, name: str, args: tuple[Any, ...],
                      kwargs: dict[str, Any]) -> Any:
        """A Tensor method that changes its Tensor in place, called on a real Tensor: a
        Parameter's `assign_value`/`set_data` is an ordered assignment in the graph; any other
        such change of a Tensor (an argument, a value of the graph) runs in Python (a break).
        None when `func` is not called on a Tensor."""
        owner, rest = (func.__self__, args) if isinstance(func, MethodType) else \
            (args[0] if args else None, args[1:])
        if not isinstance(owner, Tensor):
            return None
        if isinstance(owner, Weight) and name in ("assign_value", "set_data") and \
                len(rest) == 1 and not kwargs:
            self.emitter.assign_weight(owner, rest[0])
            return owner
        if name == "__setitem__" and len(rest) == 2 and not kwargs:
            if isinstance(owner, Weight):  # an ordered assignment of the new value
                self.emitter.assign_weight(owner, tensor_setitem(owner, *rest))
                return owner
            if isinstance(owner, GraphTensor) and owner.graphc_weight is None:
                write_in_place(owner, tensor_setitem(owner, *rest))
                return owner
        if name in ("copy_", "fill_", "zero_") and isinstance(owner, GraphTensor) and \
                owner.graphc_weight is None:  # (ops.inplace_ops retargets the graph value)
            return func(*args, **kwargs)
        raise Break(frame, frame.index - 1, f"Tensor.{name}() changes a Tensor in place (the "
                    "graph computes new Tensors only): runs in Python")

    def call_cell(self, frame: Frame, cell: Any, construct: Any, args: tuple[Any, ...],
                  kwargs: dict[str, Any]) -> Any:
        source = self.sources.get(id(cell))
        if source is not None:  # a hook registered (or removed) later: capture again
            self.guards.add_hooks(source, cell, self.names.get(id(cell), "a Cell"))
        if getattr(cell, "_forward_pre_hooks", None) or getattr(cell, "_forward_hooks", None):
            raise Break(frame, frame.index - 1, f"the Cell {type(cell).__name__} has forward "
                        "hooks, which run in Python")
        if getattr(cell, "_mixed_precision_type", None) is not None:
            from ..ops import array_ops
            target = cell._mixed_precision_type
            args = tuple(array_ops.cast(a, target) if isinstance(a, Tensor) and
                         a.dtype.is_float and a.dtype is not target else a for a in args)
        if origin_of(type(cell)) is Origin.FRAMEWORK:
            return self.call_framework(frame, construct.__get__(cell), args, kwargs)
        if has_custom_bprop(cell) and not kwargs and active_tapes.get():
            # its own bprop: one op of the gradient being recorded (`autodiff.custom_bprop`)
            return call_with_custom_bprop(
                cell, lambda: self.inline(frame, construct, (cell,) + args, {}), args)
        if has_jit_construct(cell):  # built from its source when given graph values
            built = build_with_ast(self.emitter, self.guards, construct, cell, args, kwargs)
            if built is not NOT_BUILT:
                return built
        return self.inline(frame, construct, (cell,) + args, kwargs)

    def callback(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Framework code (a container Cell, grad) calling back a Cell or function."""
        frame = self.top
        assert frame is not None  # (called back only while a frame runs)
        construct = _cell_target(func)
        if construct is not None:
            return self.call_cell(frame, func, construct, args, kwargs)
        return self.call(frame, func, args, kwargs)

    def inline(self, frame: Frame, fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
               ) -> Any:
        """Translate the user function `fn` into the current graph (a child frame)."""
        if not isinstance(fn, FunctionType):
            return self.call_python(frame, fn, args, kwargs)
        info = CodeInfo.of(fn.__code__)
        where = f"{fn.__code__.co_filename}:{fn.__code__.co_firstlineno}"
        generator = info.generator and bool(fn.__code__.co_flags & _CO_GENERATOR)
        if info.generator and not generator:
            raise Break(frame, frame.index - 1, f"calls the coroutine function "
                        f"{fn.__qualname__} ({where}), which runs in Python")
        if self.depth >= self.max_depth:
            raise Break(frame, frame.index - 1, f"calls {fn.__qualname__} ({where}) more than "
                        f"{self.max_depth} levels deep (recursion?)")
        try:
            bound = _bind(fn, args, kwargs)
        except TypeError as exc:
            raise Break(frame, frame.index - 1, f"calls {fn.__qualname__}: {exc}") from None
        child = Frame(info, fn, bound, roots=(self.root_for(fn.__globals__),
                                              self.root_for(fn.__closure__ or ())))
        yielded: list[Any] = []
        if generator:  # run to its end now, its values yielded into a list (a pure body)
            child.yielded = yielded
        self.depth += 1
        try:
            result = self.run(child)
            return iter(yielded) if generator else result
        except Break as brk:
            outer = Break(frame, frame.index - 1,
                          f"calls {fn.__qualname__} ({where}), which cannot be captured at line "
                          f"{brk.frame.info.line_of(brk.index)}: {brk.reason}", brk.hints)
            outer.trace = [(brk.frame.info.code.co_filename, brk.frame.info.line_of(brk.index)),
                           *brk.trace]
            raise outer from None
        finally:
            self.depth -= 1

    def call_framework(self, frame: Frame, func: Any, args: tuple[Any, ...],
                       kwargs: dict[str, Any]) -> Any:
        return func(*args, **kwargs)

    def call_python(self, frame: Frame, func: Any, args: tuple[Any, ...],
                    kwargs: dict[str, Any]) -> Any:
        here = frame.index - 1
        graph_args = holds_graph_value(args) or holds_graph_value(tuple(kwargs.values()))
        if _is_framework(func):
            return self.call_framework(frame, func, args, kwargs)
        if isinstance(func, MethodDescriptorType) and args:  # list.append(obj, v), ...
            if func.__name__ in _MUTATING:
                if self.lives_outside(args[0]):
                    raise Break(frame, here, f"{type(args[0]).__name__}.{func.__name__}() "
                                "changes an object that lives outside the function: it runs "
                                "in Python")
                if kwargs and id(args[0]) in self.copy_of:
                    raise Break(frame, here, f"{func.__name__}() with keywords on an outside "
                                "object: runs in Python")
                if func.__name__ in _READING:
                    self.use(args[0])
                self.use(*args[1:])
                self.change(args[0], func.__name__, tuple(args[1:]))
            else:
                self.use(*args)
            return func(*args, **kwargs)
        if isinstance(func, (BuiltinFunctionType, BuiltinMethodType)) and \
                getattr(func, "__self__", None) is not None and \
                not isinstance(func.__self__, type(builtins)):
            owner = func.__self__
            if func.__name__ in _MUTATING:
                if self.lives_outside(owner):
                    raise Break(frame, here, f"{type(owner).__name__}.{func.__name__}() "
                                "changes an object that lives outside the function: it runs "
                                "in Python")
                if kwargs and id(owner) in self.copy_of:
                    raise Break(frame, here, f"{func.__name__}() with keywords on an outside "
                                "object: runs in Python")
                if func.__name__ in _READING:
                    self.use(owner)
                self.use(*args)
                self.change(owner, func.__name__, tuple(args))
            else:
                self.use(owner, *args)
            return func(*args, **kwargs)
        try:
            pure = func in _PURE_BUILTINS
        except TypeError:
            pure = False
        if pure:
            for a in args:
                if hasattr(a, "__next__") and self.lives_outside(a):
                    raise Break(frame, here, f"{_callable_name(func)}() would consume a "
                                f"{type(a).__name__} made outside the captured code: runs "
                                "in Python")
            if func is type and len(args) == 1 and not kwargs and \
                    isinstance(args[0], (GraphTensor, GraphScalar)):  # its run-time type
                return Tensor if isinstance(args[0], GraphTensor) else args[0].type
            if graph_args and func in GRAPH_BUILTINS:
                return GRAPH_BUILTINS[func](self.emitter, *args, **kwargs)
            if func is len and len(args) == 1 and type(args[0]) not in (tuple, list, dict):
                self.guard_length(args[0])
            return func(*args, **kwargs)
        if isinstance(func, type) and issubclass(func, tuple) and hasattr(func, "_fields") and \
                func.__new__ is not tuple.__new__:  # a namedtuple: building one only computes
            return func(*args, **kwargs)
        module = getattr(func, "__module__", None) or ""
        if module.split(".")[0] in _FOLDABLE_MODULES or \
                (isinstance(func, type) and func.__module__ == "builtins"):
            if graph_args:
                raise Break(frame, here, f"calls {_callable_name(func)} on a Tensor computed "
                            "in the graph (its data exists only at run time): runs in Python")
            return func(*args, **kwargs)
        raise Break(frame, here, f"calls {_callable_name(func)}, which the graph cannot "
                    "record: runs in Python")


def holds_tensor(value: Any) -> bool:
    if isinstance(value, Tensor):
        return True
    if type(value) in (tuple, list):
        return any(holds_tensor(v) for v in value)
    if type(value) is dict:
        return any(holds_tensor(v) for v in value.values())
    return False


def _is_framework(func: Any) -> bool:
    if isinstance(func, MethodType):
        func = func.__func__
    if isinstance(func, (FunctionType, type)):
        return origin_of(func) is Origin.FRAMEWORK
    if isinstance(func, BuiltinFunctionType):
        return False
    return origin_of(type(func)) is Origin.FRAMEWORK


def _bind(fn: FunctionType, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The locals `fn`'s frame starts with for this call (Python's own binding rules)."""
    import inspect
    code = fn.__code__
    n = code.co_argcount
    if not kwargs and len(args) == n and not (code.co_flags & 0x0C) and \
            not code.co_kwonlyargcount:  # (also comprehensions, whose argument is `.0`)
        return dict(zip(code.co_varnames[:n], args))
    sig = inspect.signature(fn, follow_wrapped=False)  # (its code's, not a wrapped one's)
    bound = sig.bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def _needs_value_reason(ins: Any, exc: Exception) -> str:
    if ins.name.startswith(("POP_JUMP", "JUMP_IF")):
        return "the condition depends on a Tensor computed in the graph (its value exists " \
               "only at run time): the branch is taken in Python"
    what = str(exc).split(" (needs")[0].split(":")[0]
    if ins.name == "CALL":
        return f"the call needs the value of a Tensor computed in the graph ({what}), which " \
               "exists only at run time: the call runs in Python"
    return f"{what}: needs a Tensor's value, which exists only at run time: runs in Python"


# ---------------------------------------------------------------------- opcode handlers
# Each takes (translator, frame, instruction) and returns None to go on, or (value,) to return.

def op_NOP(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    return None


op_RESUME = op_NOP
op_PRECALL = op_NOP
op_EXTENDED_ARG = op_NOP


def op_MAKE_CELL(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    name = ins.arg.name
    cell = CellType()
    if name in f.locals:
        cell.cell_contents = f.locals.pop(name)
    f.cells[name] = cell


def op_COPY_FREE_VARS(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    return None


def op_PUSH_NULL(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(NULL)


def op_POP_TOP(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.pop()


def op_COPY(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(f.stack[-ins.arg])


def op_SWAP(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    s = f.stack
    s[-1], s[-ins.arg] = s[-ins.arg], s[-1]


def op_LOAD_CONST(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(ins.arg)


def op_LOAD_FAST(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    name = ins.arg
    if name not in f.locals:
        raise UnboundLocalError(f"local variable '{name}' referenced before assignment")
    f.stack.append(f.locals[name])


op_LOAD_FAST_CHECK = op_LOAD_FAST


def op_LOAD_FAST_AND_CLEAR(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    """3.12's inlined comprehension saves its variable's outer value (NULL when unbound)."""
    f.stack.append(f.locals.pop(ins.arg, NULL))


def op_STORE_FAST(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    value = f.stack.pop()
    if value is NULL:  # (a comprehension restoring a variable that was unbound)
        f.locals.pop(ins.arg, None)
    else:
        f.locals[ins.arg] = value


def op_DELETE_FAST(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    del f.locals[ins.arg]


def op_LOAD_GLOBAL(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    push_null, name = ins.arg
    namespace = f.fn.__globals__
    if push_null:
        f.stack.append(NULL)
    written = t.global_writes.get((id(namespace), name))
    if written is not None:
        f.stack.append(written[2])
        return
    if name in namespace:
        source = Source("X", f"{f.roots[0][1:]}[{name!r}]")
        f.stack.append(t.read(source, namespace[name], f"global {name}"))
        return
    builtin_ns = namespace.get("__builtins__", builtins)
    if isinstance(builtin_ns, dict):
        if name in builtin_ns:
            f.stack.append(builtin_ns[name])
            return
    elif hasattr(builtin_ns, name):
        f.stack.append(getattr(builtin_ns, name))
        return
    raise NameError(f"name '{name}' is not defined")


def _deref(t: Translator, f: Frame, name: str) -> Any:
    if name in f.cells:
        return f.cells[name].cell_contents  # ValueError when empty, as Python
    freevars = f.info.code.co_freevars
    i = freevars.index(name)
    cell = f.fn.__closure__[i]
    value = cell.cell_contents
    source = Source("X", f"{f.roots[1][1:]}[{i}].cell_contents")
    return t.read(source, value, f"closure variable {name}")


def op_LOAD_DEREF(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(_deref(t, f, ins.arg.name))


def op_LOAD_CLOSURE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    name = ins.arg.name
    if name in f.cells:
        f.stack.append(f.cells[name])
        return
    i = f.info.code.co_freevars.index(name)
    f.stack.append(f.fn.__closure__[i])


def op_STORE_DEREF(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    name = ins.arg.name
    if name not in f.cells:
        raise Break(f, f.index - 1, f"assigns the closure variable '{name}' of an enclosing "
                    "function: runs in Python")
    f.cells[name].cell_contents = f.stack.pop()


def op_LOAD_ATTR(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    obj = f.stack.pop()
    if isinstance(ins.arg, tuple):  # 3.12: (load a method, name)
        method, name = ins.arg
        if method:
            _load_method(t, f, obj, name)
            return
    else:
        name = ins.arg
    f.stack.append(_getattr(t, f, obj, name))


def op_LOAD_SUPER_ATTR(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    """3.12: `super().name` (or `super(cls, obj).name`) from the global `super`, the class and
    the first argument on the stack."""
    method, _two_args, name = ins.arg
    obj = f.stack.pop()
    cls = f.stack.pop()
    global_super = f.stack.pop()
    value = getattr(global_super(cls, obj), name)
    if method:
        f.stack.append(NULL)
    f.stack.append(value)


def _getattr(t: Translator, f: Frame, obj: Any, name: str) -> Any:
    written = t.attr_writes.get((id(obj), name))
    if written is not None:  # set earlier in this capture (written back after the graph)
        return written[2]
    if name == "shape" and isinstance(obj, GraphTensor):  # dynamic dims: run-time sizes
        return run_time_shape(obj)
    if isinstance(obj, GraphTensor) and id(obj) in t.input_sources and \
            name in t.real_of[id(obj)].__dict__:  # an attribute the program hung on a Tensor
        source = t.input_sources[id(obj)]
        return t.read(source.attr(name), t.real_of[id(obj)].__dict__[name],
                      f"attribute {source.expr()}.{name}")
    value = getattr(obj, name)
    found = t.sources.get(id(obj))
    if found is not None and not isinstance(value, (MethodType, BuiltinMethodType)) and \
            not isinstance(obj, Tensor):
        return t.read(found.attr(name), value, f"attribute {t.names[id(obj)]}.{name}")
    return value


def op_LOAD_METHOD(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    _load_method(t, f, f.stack.pop(), ins.arg)


def _load_method(t: Translator, f: Frame, obj: Any, name: str) -> None:
    # As CPython: a plain function found on the type is pushed unbound, with `obj` as self
    # (for a graph Tensor, the function of the Tensor it will be at run time).
    if isinstance(obj, GraphScalar):
        raise NeedsValueError(f"calling the method {name}() of a run-time scalar")
    cls = Tensor if isinstance(obj, GraphTensor) else type(obj)
    meth = getattr(cls, name, None)
    if isinstance(meth, (FunctionType, MethodDescriptorType)) and \
            name not in getattr(obj, "__dict__", {}):
        f.stack.append(meth)
        f.stack.append(obj)
        return
    value = _getattr(t, f, obj, name)
    f.stack.append(NULL)
    f.stack.append(value)


def op_STORE_ATTR(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    obj = f.stack[-1]
    current = getattr(obj, ins.arg, None)
    value = f.stack[-2]
    if isinstance(current, Weight) and hasattr(obj, "_cells") and \
            isinstance(value, Tensor) and not isinstance(value, Weight) and \
            tuple(value.shape) == tuple(current.shape):  # Cell: the Parameter's set_data
        t.emitter.assign_weight(current, value)
        f.stack.pop()
        f.stack.pop()
        return
    if isinstance(current, Weight) or isinstance(value, Weight):
        raise Break(f, f.index - 1, f"sets the Parameter attribute '{ins.arg}' (to a value "
                    "the graph cannot assign in place): runs in Python")
    name = ins.arg
    on_type = getattr(type(obj), name, None)
    plain = id(obj) in t.sources and not isinstance(obj, (type, Tensor)) and \
        hasattr(obj, "__dict__") and not hasattr(on_type, "__set__") and \
        (type(obj).__setattr__ is object.__setattr__ or _is_framework(type(obj).__setattr__))
    if not plain:
        raise Break(f, f.index - 1, f"sets the attribute '{name}' of a {type(obj).__name__} "
                    "(a setter or an object the translator cannot follow): runs in Python")
    value = f.stack[-2]
    del f.stack[-2:]
    t.attr_writes[(id(obj), name)] = (obj, name, value)  # set after the graph runs
    t.effects.append(("attr", obj, name, value))


def op_STORE_GLOBAL(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    namespace = f.fn.__globals__
    value = f.stack.pop()
    t.global_writes[(id(namespace), ins.arg)] = (namespace, ins.arg, value)
    t.effects.append(("global", namespace, ins.arg, value))


def op_BINARY_OP(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    b = f.stack.pop()
    a = f.stack.pop()
    code = int(ins.arg)
    if code >= 13:
        if t.lives_outside(a) and not isinstance(a, _IMMUTABLE + (tuple,)):
            f.stack += [a, b]
            raise Break(f, f.index - 1, f"changes a {type(a).__name__} that lives outside the "
                        "function in place: runs in Python")
        t.use(b)
        if type(a) in (list, dict):
            t.change(a, "__iadd__" if code == 13 else "__ior__", (b,))
        op = _INPLACE[code - 13] if not isinstance(a, Tensor) else _BINARY[code - 13]
    else:
        t.use(a, b)
        op = _BINARY[code]
    f.stack.append(op(a, b))


def op_COMPARE_OP(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    b = f.stack.pop()
    a = f.stack.pop()
    t.use(a, b)
    f.stack.append(_COMPARE[int(ins.arg)](a, b))


def op_IS_OP(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    b = f.stack.pop()
    a = f.stack.pop()
    f.stack.append((a is not b) if ins.arg else (a is b))


def op_CONTAINS_OP(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    b = f.stack.pop()
    a = f.stack.pop()
    t.use(a, b)
    if isinstance(b, Tensor) or (isinstance(a, (GraphTensor, GraphScalar))):
        raise NeedsValueError("`in` on a Tensor computed in the graph")
    result = a in b
    f.stack.append((not result) if ins.arg else result)


def op_UNARY_NEGATIVE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(-f.stack.pop())


def op_UNARY_POSITIVE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(+f.stack.pop())


def op_UNARY_INVERT(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(~f.stack.pop())


def op_UNARY_NOT(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(not _truth(f.stack.pop()))


def _truth(value: Any) -> bool:
    if isinstance(value, (GraphTensor, GraphScalar)):
        raise NeedsValueError("the truth value of a Tensor computed in the graph")
    return bool(value)


def op_BINARY_SUBSCR(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    key = f.stack.pop()
    obj = f.stack.pop()
    t.use(obj, key)
    value = obj[key]
    source = t.sources.get(id(obj))
    if source is not None and type(obj) is not dict and not isinstance(obj, (Tensor, list)) \
            and type(key) in (int, str):
        value = t.read(source.item(key), value, f"{t.names[id(obj)]}[{key!r}]")
    f.stack.append(value)


def op_BINARY_SLICE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    """3.12: `obj[start:end]`, as BINARY_SUBSCR with the slice."""
    end = f.stack.pop()
    start = f.stack.pop()
    f.stack.append(slice(start, end))
    op_BINARY_SUBSCR(t, f, ins)


def op_STORE_SLICE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    """3.12: `obj[start:end] = value`, as STORE_SUBSCR with the slice. (A break here is
    found again before the instruction runs, so its stack needs no putting back.)"""
    end = f.stack.pop()
    start = f.stack.pop()
    f.stack.append(slice(start, end))
    op_STORE_SUBSCR(t, f, ins)


def op_STORE_SUBSCR(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    key, obj, value = f.stack[-1], f.stack[-2], f.stack[-3]
    if isinstance(obj, Weight):  # a Parameter: an ordered assignment node
        t.use(key, value)
        new = tensor_setitem(obj, key, value)
        del f.stack[-3:]
        t.emitter.assign_weight(obj, new)
        return
    if isinstance(obj, GraphTensor) and obj.graphc_weight is None:
        t.use(key, value)
        new = tensor_setitem(obj, key, value)
        del f.stack[-3:]
        write_in_place(obj, new)
        return
    if t.lives_outside(obj) or isinstance(obj, Tensor) or not isinstance(obj, (list, dict)):
        raise Break(f, f.index - 1, f"assigns an item of a {type(obj).__name__} (a side "
                    "effect or an in-place Tensor write): runs in Python")
    del f.stack[-3:]
    t.use(key, value)
    if type(obj) is list:
        t.use(obj)  # (an index needs the length)
    t.change(obj, "__setitem__", (key, value))
    obj[key] = value


def write_in_place(g: GraphTensor, new: Any) -> None:
    """`g` takes the value `new` (its item assignment's result): from here on every name and
    container holding `g` reads the new node, as they would the Tensor in PyNative; a graph
    input so written is written back into the caller's Tensor after the graph
    (`capture._Compiled.write_backs`)."""
    g.node = new.node
    g._data = new._data


def op_DELETE_SUBSCR(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    key, obj = f.stack[-1], f.stack[-2]
    if t.lives_outside(obj) or not isinstance(obj, (list, dict)):
        raise Break(f, f.index - 1, f"deletes an item of a {type(obj).__name__}: runs in "
                    "Python")
    del f.stack[-2:]
    t.use(obj, key)
    t.change(obj, "__delitem__", (key,))
    del obj[key]


def _pop_n(f: Frame, n: int) -> list[Any]:
    if n == 0:
        return []
    items = f.stack[-n:]
    del f.stack[-n:]
    return items


def op_BUILD_TUPLE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(tuple(_pop_n(f, ins.arg)))


def op_BUILD_LIST(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(_pop_n(f, ins.arg))


def op_BUILD_SET(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(set(_pop_n(f, ins.arg)))


def op_BUILD_MAP(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    items = _pop_n(f, 2 * ins.arg)
    f.stack.append({items[i]: items[i + 1] for i in range(0, len(items), 2)})


def op_BUILD_CONST_KEY_MAP(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    keys = f.stack.pop()
    values = _pop_n(f, ins.arg)
    f.stack.append(dict(zip(keys, values)))


def op_BUILD_SLICE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(slice(*_pop_n(f, ins.arg)))


def op_BUILD_STRING(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append("".join(_pop_n(f, ins.arg)))


def op_FORMAT_VALUE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    flags = int(ins.arg) if ins.arg is not None else 0
    spec = f.stack.pop() if flags & 0x04 else ""
    value = f.stack.pop()
    t.use(value)
    if holds_graph_value(value):
        f.stack.append(value)
        if spec:
            f.stack.append(spec)
        raise NeedsValueError("formatting a Tensor computed in the graph as text")
    conv = flags & 0x03
    if conv == 1:
        value = str(value)
    elif conv == 2:
        value = repr(value)
    elif conv == 3:
        value = ascii(value)
    f.stack.append(format(value, spec))


def op_LIST_APPEND(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    value = f.stack.pop()
    f.stack[-ins.arg].append(value)


def op_SET_ADD(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    value = f.stack.pop()
    f.stack[-ins.arg].add(value)


def op_MAP_ADD(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    value = f.stack.pop()
    key = f.stack.pop()
    f.stack[-ins.arg][key] = value


def op_LIST_EXTEND(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    value = f.stack.pop()
    t.use(value)
    f.stack[-ins.arg].extend(value)


def op_SET_UPDATE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    value = f.stack.pop()
    t.use(value)
    f.stack[-ins.arg].update(value)


def op_DICT_UPDATE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    value = f.stack.pop()
    t.use(value)
    f.stack[-ins.arg].update(value)


op_DICT_MERGE = op_DICT_UPDATE


def op_LIST_TO_TUPLE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.stack.append(tuple(f.stack.pop()))


def op_UNPACK_SEQUENCE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    seq = f.stack[-1]
    t.use(seq)
    if isinstance(seq, GraphTensor) and (seq.ndim == 0 or seq.shape[0] is None):
        raise NeedsValueError("unpacking a Tensor whose first dimension is unknown")
    items = list(seq)
    if len(items) != ins.arg:
        raise ValueError(f"expected {ins.arg} values to unpack, got {len(items)}")
    f.stack.pop()
    f.stack.extend(reversed(items))


def op_UNPACK_EX(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    before, after = ins.arg & 0xFF, ins.arg >> 8
    t.use(f.stack[-1])
    items = list(f.stack[-1])
    if len(items) < before + after:
        raise ValueError("not enough values to unpack")
    f.stack.pop()
    mid = items[before:len(items) - after]
    out = items[:before] + [mid] + items[len(items) - after:]
    f.stack.extend(reversed(out))


def op_GET_ITER(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    seq = f.stack[-1]
    if not t.unroll_loops:  # jit_config loop_unrolling=False: the loop runs in Python
        raise Break(f, f.index - 1, "a for loop, which jit_config loop_unrolling=False "
                    "keeps out of the graph: runs in Python",
                    ("Set jit_config loop_unrolling=True to unroll loops into the graph.",))
    t.use(seq)
    if isinstance(seq, GraphTensor) and (seq.ndim == 0 or seq.shape[0] is None):
        raise NeedsValueError("iterating over a Tensor whose first dimension is unknown")
    if not isinstance(seq, (tuple, list, range, dict, str, Tensor, zip, enumerate,
                            type({}.keys()), type({}.values()), type({}.items()), map,
                            reversed)) and t.lives_outside(seq):
        raise Break(f, f.index - 1, f"iterates over a {type(seq).__name__}, which the "
                    "translator cannot unroll: runs in Python",
                    (f"Unsupported iterable type: {type(seq).__name__}",))
    if type(seq) not in (tuple, list, dict):
        t.guard_length(seq)
    f.stack.pop()
    f.stack.append(iter(list(seq) if isinstance(seq, GraphTensor) else seq))


def op_FOR_ITER(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    it = f.stack[-1]
    if t.lives_outside(it):  # translating must not consume a real iterator
        raise Break(f, f.index - 1, f"iterates over a {type(it).__name__} made outside the "
                    "captured code: runs in Python")
    try:
        value = next(it)
    except StopIteration:
        if PY312:  # the jump lands on END_FOR, which pops the iterator and this
            f.stack.append(None)
        else:
            f.stack.pop()
        t.jump(f, ins.arg)
        return
    f.stack.append(value)


def op_END_FOR(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    del f.stack[-2:]


def op_JUMP_FORWARD(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    t.jump(f, ins.arg)


op_JUMP_BACKWARD = op_JUMP_FORWARD
op_JUMP_BACKWARD_NO_INTERRUPT = op_JUMP_FORWARD


def _pop_jump(pred: Any) -> Any:
    def handler(t: Translator, f: Frame, ins: Any) -> None:
        value = f.stack[-1]
        taken = pred(value)
        f.stack.pop()
        if taken:
            t.jump(f, ins.arg)
    return handler


for _dir in ("_FORWARD", "_BACKWARD", ""):  # (3.12's jumps name no direction)
    globals()[f"op_POP_JUMP{_dir}_IF_TRUE"] = _pop_jump(_truth)
    globals()[f"op_POP_JUMP{_dir}_IF_FALSE"] = _pop_jump(lambda v: not _truth(v))
    globals()[f"op_POP_JUMP{_dir}_IF_NONE"] = _pop_jump(lambda v: v is None)
    globals()[f"op_POP_JUMP{_dir}_IF_NOT_NONE"] = _pop_jump(lambda v: v is not None)


def op_JUMP_IF_TRUE_OR_POP(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    if _truth(f.stack[-1]):
        t.jump(f, ins.arg)
    else:
        f.stack.pop()


def op_JUMP_IF_FALSE_OR_POP(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    if not _truth(f.stack[-1]):
        t.jump(f, ins.arg)
    else:
        f.stack.pop()


def op_KW_NAMES(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    f.kw_names = ins.arg


def op_CALL(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    n = ins.arg
    kw_names = f.kw_names
    s = f.stack
    args = s[len(s) - n:]
    below, func = s[len(s) - n - 2], s[len(s) - n - 1]
    if below is not NULL:  # a method: `below` is the function, `func` its self
        func, args = below, [func] + args
        method = getattr(func, "__name__", None)
        if isinstance(args[0], GraphTensor) and method and \
                getattr(Tensor, method, None) is func:  # the graph Tensor's own method
            func, args = getattr(args[0], method), args[1:]
    kwargs = {}
    if kw_names:
        kwargs = dict(zip(kw_names, args[len(args) - len(kw_names):]))
        args = args[:len(args) - len(kw_names)]
    result = t.call(f, func, tuple(args), kwargs)
    f.kw_names = ()
    del s[len(s) - n - 2:]
    s.append(result)


def op_CALL_FUNCTION_EX(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    s = f.stack
    kwargs = s[-1] if ins.arg & 1 else {}
    args = s[-2] if ins.arg & 1 else s[-1]
    func = s[-3] if ins.arg & 1 else s[-2]
    result = t.call(f, func, tuple(args), dict(kwargs))
    del s[-(4 if ins.arg & 1 else 3):]
    s.append(result)


def op_MAKE_FUNCTION(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    flags = int(ins.arg)
    s = f.stack
    code = s.pop()
    closure = s.pop() if flags & 0x08 else None
    annotations = s.pop() if flags & 0x04 else None
    kwdefaults = s.pop() if flags & 0x02 else None
    defaults = s.pop() if flags & 0x01 else None
    fn = FunctionType(code, f.fn.__globals__, code.co_name, defaults, closure)
    fn.__qualname__ = code.co_qualname
    if kwdefaults:
        fn.__kwdefaults__ = kwdefaults
    if annotations:
        fn.__annotations__ = dict(annotations) if isinstance(annotations, dict) else {}
    s.append(fn)


def op_RETURN_VALUE(t: Translator, f: Frame, ins: Any) -> tuple[Any]:  # noqa: N802
    return (f.stack.pop(),)


def op_RETURN_CONST(t: Translator, f: Frame, ins: Any) -> tuple[Any]:  # noqa: N802
    return (ins.arg,)


def op_CALL_INTRINSIC_1(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    """3.12: the one-operand intrinsics plain code uses (`+x`, `(*xs,)`)."""
    kind = int(ins.arg)
    if kind == _INTRINSIC_UNARY_POSITIVE:
        f.stack.append(+f.stack.pop())
    elif kind == _INTRINSIC_LIST_TO_TUPLE:
        f.stack.append(tuple(f.stack.pop()))
    else:
        raise Break(f, f.index - 1, f"the intrinsic {ins.arg.name} is not supported by the "
                    "translator", (f"ByteCode CALL_INTRINSIC_1 {ins.arg.name} is not supported",))


_INTRINSIC_UNARY_POSITIVE, _INTRINSIC_LIST_TO_TUPLE = 5, 6


# A generator function called from captured code is translated to its end at the call, what
# it yields collected in order (`Translator.inline`): the caller iterates over those values.
# One whose body breaks (or yields more than _MAX_YIELDS values) is a break at the call.
_CO_GENERATOR = 0x20
_MAX_YIELDS = 10_000


def _in_generator(f: Frame) -> list[Any]:
    if f.yielded is None:
        raise Break(f, f.index - 1, "a generator's own code: runs in Python")
    return f.yielded


def op_RETURN_GENERATOR(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    _in_generator(f)
    f.stack.append(None)  # (the generator object, popped at once)


def op_YIELD_VALUE(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    yielded = _in_generator(f)
    if len(yielded) >= _MAX_YIELDS:
        raise Break(f, f.index - 1, f"the generator yields more than {_MAX_YIELDS} values: "
                    "runs in Python")
    yielded.append(f.stack.pop())
    f.stack.append(None)  # what `yield` gives back: nothing is ever sent


def op_GET_YIELD_FROM_ITER(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    _in_generator(f)
    op_GET_ITER(t, f, ins)


def op_SEND(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    """`yield from`'s step: the next value of the iterator under the sent value (always None
    here), or, at its end, the iterator's return value and a jump past the loop."""
    _in_generator(f)
    receiver = f.stack[-2]
    try:
        value = next(receiver)
    except StopIteration as stop:
        if PY312:
            f.stack[-1] = stop.value  # (END_SEND then drops the receiver)
        else:
            f.stack.pop()
            f.stack[-1] = stop.value
        t.jump(f, ins.arg)
        return
    if PY312:
        f.stack[-1] = value
    else:
        f.stack.pop()
        f.stack.append(value)


def op_END_SEND(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    value = f.stack.pop()
    f.stack[-1] = value


def op_BEFORE_WITH(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    manager = f.stack[-1]
    if t.depth and _user_manager(manager):
        # In a function called from captured code (a break anywhere in it runs the whole call
        # in Python): `__enter__` is translated like any method, and `__exit__` at the end of
        # the block by the CALL the block's own bytecode makes.
        f.stack.pop()
        f.stack.append(manager.__exit__)
        f.stack.append(t.call(f, manager.__enter__, (), {}))
        return
    if type(manager) not in _TRACING_MANAGERS:
        raise Break(f, f.index - 1, "a `with` block: runs in Python")
    # A manager that only changes what is recorded (no gradient in its block): entered and
    # left while translating, as CPython would, so the graph is recorded under it.
    f.stack.pop()
    exit_method = manager.__exit__
    f.stack.append(exit_method)
    f.stack.append(manager.__enter__())


_TRACING_MANAGERS = frozenset({NoGrad})


def _user_manager(manager: Any) -> bool:
    """Whether `manager`'s class is the user's, with Python `__enter__` and `__exit__`."""
    kind = type(manager)
    return origin_of(kind) is Origin.USER and all(
        isinstance(getattr(kind, name, None), FunctionType) for name in ("__enter__", "__exit__"))


def op_RAISE_VARARGS(t: Translator, f: Frame, ins: Any) -> None:  # noqa: N802
    raise Break(f, f.index - 1, "raises an exception: runs in Python")


HANDLERS: dict[str, Any] = {name[3:]: fn for name, fn in list(globals().items())
                            if name.startswith("op_") and callable(fn)}
