"""Capturing one call: translate, decide the break, compile the graph, assemble the entry.

`capture(fn, values, options)` translates `fn`'s code with the call's values (`values`: the
frame's starting locals, in `co_varnames` order). If the translation reaches RETURN_VALUE the
entry is one compiled graph plus the rebuilding of the result. Otherwise it stops at the graph
break and translates again up to it (so the graph and the frame state are those from before
the instruction that could not be captured):

- an instruction that can run on its own (a call, an attribute store, ...): the graph computes
  the stack and locals, CPython runs the instruction (`resume.step_function`), and the rest of
  the function continues in a resume function, itself a PIJit function captured on its first
  call;
- a conditional jump on a Tensor: the graph computes the condition too; Python takes the
  branch and each target has its own resume function;
- a break inside a loop, a `try`/`with` body, or at an instruction that cannot run on its own:
  the rest of the function from the outermost loop's start (or from the instruction) runs in
  Python, uncaptured (a block break).

The graph goes through graphc's pass pipeline and code generation (`runtime.passes`,
`runtime.codegen`), as `@jit` graphs do.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FunctionType
from typing import Any

import numpy as np
from bytecode import Label

from ..common import compile_options
from ..common.errors import GraphcError, GraphcInternalError
from ..common.tensor import Tensor
from ..infer.values import GraphScalar, GraphTensor
from ..ir import node as ir
from ..ir.printer import format_graph
from ..ops.primitive import PrimitiveDef, TensorSpec
from ..parser.resolve import Origin, origin_of
from ..runtime import codegen, passes
from ..runtime.compile import at_node
from .code import CodeInfo
from .emitter import Emitter
from .guards import GuardSet, Source
from .resume import (
    EXIT,
    RETURN,
    loop_body_function,
    loop_region,
    pops_of,
    resume_function,
    step_function,
)
from .translator import NULL, Break, Frame, Stop, Translator

_IMMUTABLE = (int, float, bool, str, bytes, complex, type(None), range, slice)
_VIEWS = {type({}.keys()): "keys", type({}.values()): "values", type({}.items()): "items"}
# Objects made while translating that may hold graph values and have no Python spelling.
_UNREBUILDABLE = frozenset({type(iter([])), type(iter(())), type(iter(range(1))),
                            type(iter({})), type(iter({}.values())), type(iter({}.items())),
                            type(iter("")), zip, enumerate, map, filter, reversed,
                            type(iter(set()))})
# The conditional jumps a break can happen at: (what is tested, whether the jump is taken when
# the test holds). 3.11 spells the direction in the name; 3.12's only jump forward.
_JUMPS = {
    f"POP_JUMP{direction}_IF_{when}": test
    for direction in ("_FORWARD", "_BACKWARD", "")
    for when, test in (("TRUE", (bool, True)), ("FALSE", (bool, False)),
                       ("NONE", (None, True)), ("NOT_NONE", (None, False)))
}


@dataclass(slots=True)
class GraphRecord:
    """One compiled graph of an entry."""

    name: str
    ops: list[str]  # primitive (and effect) names, in order
    first_line: int
    last_line: int
    source: str  # the generated Python

    @property
    def op_count(self) -> int:
        return len(self.ops)


@dataclass(slots=True)
class BreakRecord:
    """Where and why a captured function breaks."""

    filename: str
    line: int
    instruction: str
    reason: str
    kind: str  # "call" (the instruction runs in Python), "branch", "block"
    source_line: str = ""
    hints: tuple[str, ...] = ()
    # (file, line, source line) where the break is inside the functions called, outermost first
    trace: tuple[tuple[str, int, str], ...] = ()

    def __str__(self) -> str:
        return f"{self.filename}:{self.line} {self.instruction}: {self.reason}"


@dataclass
class Entry:
    """A compiled form of the function for the calls its guards accept."""

    check: Callable[[tuple[Any, ...]], bool]
    run: Callable[[tuple[Any, ...]], Any]
    guards: GuardSet
    roots: tuple[Any, ...]
    graph: GraphRecord | None
    brk: BreakRecord | None
    resumes: dict[Any, Any] = field(default_factory=dict)  # resume PIJit functions made
    taken: list[Any] = field(default_factory=lambda: [None])  # the resume the last call ran
    code: Any = None  # the Python that runs after the graph (results, write-backs)
    keep: tuple[Any, ...] = ()
    # No effect outside its results (no assignment, no mutation): it may run as one op of
    # PyNative's tape (`taped`); `weights` are the Parameters its graph reads.
    pure: bool = False
    weights: tuple[Any, ...] = ()
    bodies: list[Any] = field(default_factory=list)  # loop body PIJit functions (a loop break)


class Options:
    """What a PIJit function was asked for (`fullgraph`, `jit_config` entries)."""

    __slots__ = ("fullgraph", "config", "make_function", "signature", "dynamic", "shapes",
                 "dynamic_sources")

    def __init__(self, fullgraph: bool, config: dict[str, Any],
                 make_function: Callable[..., Any], signature: Any = None) -> None:
        self.fullgraph = fullgraph
        self.config = config
        self.make_function = make_function  # wraps a resume function as a PIJit function
        # input_signature: a TensorSpec-like entry (shape with None dims, dtype) per argument
        self.signature = None if signature is None else (
            tuple(signature) if isinstance(signature, (tuple, list)) else (signature,))
        self.dynamic: set[int] = set()  # int/float arguments made run-time scalars
        self.dynamic_sources: set[str] = set()  # and number attributes ("A[0].step")
        # Tensor arguments given dynamic dims after their shape changed (enable_dynamic_shape):
        # argument position -> the shape with None for each dim that changed
        self.shapes: dict[int, tuple[int | None, ...]] = {}


class CaptureBreak(Exception):  # noqa: N818
    """`fullgraph=True` and the function breaks (carries the BreakRecord)."""

    def __init__(self, record: BreakRecord) -> None:
        super().__init__(str(record))
        self.record = record


def capture(fn: FunctionType, values: tuple[Any, ...], options: Options) -> Entry:
    info = CodeInfo.of(fn.__code__)
    names = fn.__code__.co_varnames[:len(values)]
    try:
        t, frame, result = _translate(fn, info, values, names, None, options)
        return _finish_return(fn, t, result)
    except Break as brk:
        first = brk
    record = _record(info, first)
    if options.fullgraph:
        raise CaptureBreak(record)
    i = first.index
    n = first.frame.arrivals.get(i, 1)
    ins = info.instrs[i]
    head = info.loop_head[i]
    if head is not None and options.config.get("recapture_loop_body") and \
            loop_region(info, head) is not None:
        record.kind = "loop"
        record.reason += " (inside a loop: the loop runs in Python, each iteration's body " \
                         "captured on its own, and the rest of the function after it)"
        stop, mode = (head, 1), "loop"
    elif head is not None:
        record.kind = "block"
        record.reason += " (inside a loop: the loop and the rest of the function run in " \
                         "Python)"
        stop, mode = (head, 1), "tail"
    elif info.in_try[i] or (ins.name not in _JUMPS and pops_of(ins) is None):
        record.kind = "block"
        stop, mode = (i, n), "tail"
    elif ins.name in _JUMPS:
        record.kind = "branch"
        stop, mode = (i, n), "jump"
    else:
        stop, mode = (i, n), "step"
    t, frame, result = _translate(fn, info, values, names, stop, options)
    if result is not _STOPPED:  # the second translation did not reach the break
        return _finish_return(fn, t, result)
    try:
        return _finish_break(fn, info, t, frame, stop[0], mode, record, options)
    except Unrebuildable:
        pass
    # The state at the break holds what cannot be rebuilt from a graph (an iterator over graph
    # values, ...): the rest runs in Python from the start of the statement.
    record.kind = "block"
    boundary = t.boundary
    t, frame, result = _translate(fn, info, values, names, boundary, options)
    if result is _STOPPED:
        try:
            return _finish_break(fn, info, t, frame, boundary[0], "tail", record, options)
        except Unrebuildable:
            pass
    return _eager_entry(fn, t, record)


def _eager_entry(fn: FunctionType, t: Translator, record: BreakRecord) -> Entry:
    """Nothing could be captured for such calls: they run the function as it is."""
    record.reason += " (the whole function runs in Python)"
    names = fn.__code__.co_varnames[:fn.__code__.co_argcount]

    def run(a: tuple[Any, ...]) -> Any:
        return fn(*a) if len(a) == len(names) else _call_with_locals(fn, a)
    return Entry(t.guards.compile(tuple(t.roots)), run, t.guards, tuple(t.roots), None, record,
                 keep=tuple(t.keep))


def _call_with_locals(fn: FunctionType, a: tuple[Any, ...]) -> Any:
    """Call `fn` with its starting locals `a` (positional, keyword-only, *args, **kwargs)."""
    code = fn.__code__
    n, k = code.co_argcount, code.co_kwonlyargcount
    args = list(a[:n])
    kwargs = dict(zip(code.co_varnames[n:n + k], a[n:n + k]))
    i = n + k
    if code.co_flags & 0x04:
        args += list(a[i])
        i += 1
    if code.co_flags & 0x08:
        kwargs.update(a[i])
    return fn(*args, **kwargs)


class Unrebuildable(Exception):  # noqa: N818
    """A value at a graph break that the compiled graph cannot hand back to Python."""


_STOPPED = object()


def _translate(fn: FunctionType, info: CodeInfo, values: tuple[Any, ...],
               names: tuple[str, ...], stop: tuple[int, int] | None, options: Options
               ) -> tuple[Translator, Frame, Any]:
    guards = GuardSet()
    roots: list[Any] = [fn.__globals__, fn.__closure__ or ()]
    t: Translator

    def callback(func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        return t.callback(func, args, kwargs)
    emitter = Emitter(fn.__name__.replace("<", "_").replace(">", "_"), callback)
    t = Translator(emitter, guards, roots, stop)
    t.dynamic_sources = options.dynamic_sources
    t.unroll_loops = bool(options.config.get("loop_unrolling", True))
    local_values = {}
    specs = options.signature
    for i, (name, value) in enumerate(zip(names, values)):
        spec = specs[i] if specs is not None and i < len(specs) else None
        if spec is None and i in options.shapes and type(value) is Tensor:
            spec = TensorSpec(options.shapes[i], value.dtype)
        local_values[name] = t.read_argument(Source("A", f"[{i}]"), value, f"argument {name}",
                                             spec, i in options.dynamic)
    frame = Frame(info, fn, local_values)
    t.top = frame
    from ..common.context import active_tracer
    token = active_tracer.set(emitter)
    try:
        result = t.run(frame)
    except Stop:
        result = _STOPPED
    finally:
        active_tracer.reset(token)
    return t, frame, result


def _record(info: CodeInfo, brk: Break) -> BreakRecord:
    code = info.code
    line = info.line_of(brk.index)
    trace = tuple((f, n, _source_line(f, n)) for f, n in brk.trace)
    return BreakRecord(code.co_filename, line, info.instrs[brk.index].name, brk.reason,
                       "call", _source_line(code.co_filename, line), brk.hints, trace)


def _source_line(filename: str, line: int) -> str:
    import linecache
    try:
        return linecache.getline(filename, line).strip()
    except Exception:
        return ""


# ---------------------------------------------------------------------- finishing a graph
class _Compiled:
    """The graph of one translation compiled, and the rebuilding of Python values from it."""

    def __init__(self, fn: FunctionType, t: Translator, values: Any) -> None:
        self.t = t
        self.leaves: list[Any] = []
        self.leaf_ids: dict[int, int] = {}
        self.consts: dict[str, Any] = {"NULL": NULL, "_fresh": _fresh_tensor,
                                       "_set_data": _set_data}
        self.made: dict[int, str] = {}
        self.lines: list[str] = []  # statements building the containers made in the function
        expr = self.expr(values)
        writes = self.write_backs()
        graph = t.emitter.root
        self.roots = tuple(t.roots)
        self.has_graph = bool(graph.nodes or self.leaves)
        self.record: GraphRecord | None = None
        if self.has_graph:
            name = fn.__code__.co_name.replace("<", "_").replace(">", "_")
            self.generated, self.gen_fn = _generate(graph, t, tuple(self.leaves), name)
            ops = [op for g in graph.all_graphs() for n in g.nodes
                   if (op := _op_name(n)) is not None]
            lines = [n.loc.line for n in graph.nodes if n.loc is not None and n.loc.line]
            first = min(lines) if lines else fn.__code__.co_firstlineno
            self.record = GraphRecord(name, ops, first, max(lines) if lines else first,
                                      self.generated.source)
        body = "".join(f"    {w}\n" for w in self.lines + writes)
        source = f"def rebuild(A, X, o):\n{body}    return {expr}\n"
        self.writes = writes
        namespace = dict(self.consts)
        exec(compile(source, "<graphc pijit rebuild>", "exec"), namespace)  # noqa: S102
        self.rebuild = namespace["rebuild"]
        self.rebuild_source = source
        plain = not self.lines and not writes and expr.startswith("o[") and expr.endswith("]")
        self.simple = int(expr[2:-1]) if plain and expr[2:-1].isdigit() else None

    def write_backs(self) -> list[str]:
        """The statements that give outside objects the values the function left in them:
        changed lists and dicts (contents replaced, identity kept), attributes, globals."""
        t = self.t
        bind = self.lines  # (containers, then sources read before any write-back)
        out: list[str] = []
        targets: dict[int, str] = {}
        for effect in t.effects:
            if effect[0] == "call":  # the same change, on the real object of this call
                _, copy, method, args = effect
                name = targets.get(id(copy))
                if name is None:  # (read before any write-back can move it)
                    name = targets[id(copy)] = f"_m{len(targets)}"
                    bind.append(f"{name} = {t.sources[id(copy)].expr()}")
                parts = [self.expr(a) for a in args]
                if method == "__setitem__":
                    out.append(f"{name}[{parts[0]}] = {parts[1]}")
                elif method == "__delitem__":
                    out.append(f"del {name}[{parts[0]}]")
                else:
                    out.append(f"{name}.{method}({', '.join(parts)})")
            elif effect[0] == "attr":
                _, obj, name, value = effect
                out.append(f"setattr({self.expr(obj)}, {name!r}, {self.expr(value)})")
            else:
                _, namespace, name, value = effect
                out.append(f"{self.const(namespace)}[{name!r}] = {self.expr(value)}")
        for g, param in t.tensor_params:  # Tensors from outside written in place
            if g.node is not param:
                now = GraphTensor(g.node, tuple(g.shape), g.dtype)
                out.append(f"_set_data({t.input_sources[id(g)].expr()}, {self.expr(now)})")
        return out

    def const(self, value: Any) -> str:
        name = f"K{len(self.consts)}"
        self.consts[name] = value
        return name

    def expr(self, value: Any) -> str:
        """Python source computing `value` at run time from A (arguments), X (roots) and
        o (the graph's outputs)."""
        t = self.t
        if value is NULL:
            return "NULL"
        source = t.input_sources.get(id(value))
        if source is not None:
            return source.expr()
        if isinstance(value, GraphTensor) and value.graphc_weight is not None:
            return self.const(value.graphc_weight)
        if isinstance(value, (GraphTensor, GraphScalar)):
            i = self.leaf_ids.get(id(value))
            if i is None:
                i = self.leaf_ids[id(value)] = len(self.leaves)
                self.leaves.append(value)
            return f"o[{i}]"
        source = t.sources.get(id(value))
        if source is not None and not isinstance(value, _IMMUTABLE):
            return source.expr()
        tp = type(value)
        if tp is tuple:
            inner = ", ".join(self.expr(v) for v in value)
            return f"({inner}{',' if len(value) == 1 else ''})"
        if tp is slice:  # (its bounds may be graph values)
            return f"slice({self.expr(value.start)}, {self.expr(value.stop)}, " \
                   f"{self.expr(value.step)})"
        if isinstance(value, tuple) and hasattr(tp, "_fields") and hasattr(tp, "_make"):
            inner = ", ".join(self.expr(v) for v in value)  # a namedtuple, item by item
            return f"{self.const(tp)}._make(({inner}{',' if len(value) == 1 else ''}))"
        if tp in (list, dict, set):  # made in the function: one new object per call, shared
            name = self.made.get(id(value))
            if name is not None:
                return name
            name = self.made[id(value)] = f"_c{len(self.made)}"
            if tp is list:
                text = "[" + ", ".join(self.expr(v) for v in value) + "]"
            elif tp is dict:
                text = "{" + ", ".join(f"{self.const(k)}: {self.expr(v)}"
                                       for k, v in value.items()) + "}"
            else:
                text = "{" + ", ".join(self.expr(v) for v in value) + "}" if value else "set()"
            self.lines.append(f"{name} = {text}")
            return name
        if tp is Tensor:  # a constant Tensor made while translating: a new one per call,
            name = self.made.get(id(value))  # the same object wherever it was put
            if name is None:
                name = self.made[id(value)] = f"_c{len(self.made)}"
                self.lines.append(f"{name} = _fresh({self.const(value)})")
            return name
        view = _VIEWS.get(tp)
        if view is not None:
            return f"{self.expr(dict(value.mapping))}.{view}()"
        if tp in _UNREBUILDABLE or (isinstance(value, FunctionType) and value.__closure__):
            raise Unrebuildable(tp.__name__)
        if tp in (int, bool, str) or value is None:
            return repr(value)
        return self.const(value)

    def run_graph(self) -> Callable[[tuple[Any, ...]], Any]:
        if not self.has_graph:
            rebuild, roots = self.rebuild, self.roots
            return lambda a: rebuild(a, roots, ())
        gen, rebuild, roots = self.gen_fn, self.rebuild, self.roots
        if self.simple is not None:  # the result is one graph output: no rebuilding
            i = self.simple
            return lambda a: gen(a, roots)[i]
        return lambda a: rebuild(a, roots, gen(a, roots))


def _fresh_tensor(t: Tensor) -> Tensor:
    return Tensor._make(np.array(t._data, copy=True))


def _set_data(target: Tensor, value: Tensor) -> None:
    """The caller's Tensor takes the value the function wrote into it in place."""
    target._data = value._data


def _op_name(node: ir.CNode) -> str | None:
    callee = node.callee
    if isinstance(callee, PrimitiveDef):
        return callee.name
    if callee in (ir.PRINT, ir.ASSIGN_PARAMETER, ir.SWITCH, ir.WHILE_LOOP):
        return callee.name
    return None


def _generate(graph: Any, t: Translator, leaves: tuple[Any, ...], name: str
              ) -> tuple[Any, Callable[..., Any]]:
    """graphc's passes and code generation, as `runtime.compile` runs them; returns the
    generated function and the callable `(A, X) -> outputs` that runs it."""
    graph.output = t.emitter.node_of(leaves) if leaves else ir.ValueNode(None)
    names = {"A": "a0", "X": "a1"}
    inputs = [p for p, _, _ in t.inputs]
    access = [how.format(s.expr(names)) for _, s, how in t.inputs]
    reader = None
    if not all(_DIRECT_PATH.fullmatch(a) for a in access):
        # Inputs read through attributes (`self.layer.w`, `a0[0].x`): one reader function
        # made here, as the guards are, hands the graph its inputs as a tuple.
        reader = _reader(access)
        access = [f"a0[{i}]" for i in range(len(access))]
    try:
        # the leaves are roots too: the passes point them at the nodes that replace them
        with_nodes = [i for i, leaf in enumerate(leaves) if hasattr(leaf, "node")]
        roots = [graph.output] + [leaves[i].node for i in with_nodes]
        with compile_options.compiling() as options:
            passes.run_pipeline(graph, roots, verify=options.verify_ir)
        moved = list(leaves)
        for i, node in zip(with_nodes, roots[1:]):
            moved[i] = at_node(leaves[i], node)
        generated = codegen.generate(graph, inputs, tuple(moved), f"pijit_{name}",
                                     arg_count=2 if reader is None else 1, access=access)
    except GraphcError:
        raise
    except Exception as exc:
        raise GraphcInternalError(f"optimising or generating code for the PIJit graph of "
                                  f"'{name}' failed: {type(exc).__name__}: {exc}\n"
                                  f"{format_graph(graph)}") from exc
    fn = generated.fn
    if reader is None:
        return generated, fn
    return generated, lambda a, x: fn(reader(a, x))


# An access path the generated code reads itself: an argument, constant subscripts, `._data`,
# a cast (what `codegen.access` accepts).
_DIRECT_PATH = re.compile(r"(?:int|float|bool)?\(?a[01](?:\[[^\[\]]+\])*(?:\._data)?\)?")


def _reader(access: list[str]) -> Callable[..., tuple[Any, ...]]:
    """`read(a0, a1) -> tuple` evaluating each access path (the translator's own source
    expressions, built from `Source` steps as the guard functions are)."""
    body = ", ".join(access)
    source = f"def read(a0, a1):\n    return ({body}{',' if len(access) == 1 else ''})\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, "<graphc pijit inputs>", "exec"), namespace)  # noqa: S102
    return namespace["read"]


def _entry(t: Translator, compiled: _Compiled, run: Callable[..., Any],
           brk: BreakRecord | None) -> Entry:
    roots = compiled.roots
    return Entry(t.guards.compile(roots), run, t.guards, roots, compiled.record, brk,
                 keep=tuple(t.keep), code=compiled.rebuild.__code__,
                 pure=not t.effects and not t.emitter.effects,
                 weights=tuple(w for w, _ in t.emitter.weights.values()))


def _finish_return(fn: FunctionType, t: Translator, result: Any) -> Entry:
    compiled = _Compiled(fn, t, result)
    return _entry(t, compiled, compiled.run_graph(), None)


def _finish_break(fn: FunctionType, info: CodeInfo, t: Translator, frame: Frame, index: int,
                  mode: str, record: BreakRecord, options: Options) -> Entry:
    stack = list(frame.stack)
    ins = info.instrs[index]
    if mode == "step" and ins.name == "CALL":
        _trampoline(stack, int(ins.arg), options)  # type: ignore[arg-type]
    # (a resume function's own stack arguments are dead once its prefix pushed them)
    live = [n for n in frame.locals if not n.startswith("___stack")]
    cells = [n for n, c in frame.cells.items() if _cell_has_value(c)]
    names = tuple(live) + tuple(cells)
    local_values = [frame.locals[n] for n in live] + \
        [frame.cells[n].cell_contents for n in cells]
    compiled = _Compiled(fn, t, (tuple(stack), tuple(local_values)))
    graph_part = compiled.run_graph()
    layout = tuple(v is not NULL for v in stack)
    resumes: dict[Any, Any] = {}
    taken: list[Any] = [None]

    def resume_at(at: int, at_layout: tuple[bool, ...], captured: bool,
                  at_names: tuple[str, ...] = names) -> Any:
        key = (at, at_layout, at_names)
        made = resumes.get(key)
        if made is None:
            plain = resume_function(fn, at, at_layout, at_names)
            made = options.make_function(plain) if captured else plain
            resumes[key] = made
        taken[0] = made
        return made

    if mode == "loop" and layout != (True,):  # (a loop inside an expression)
        mode = "tail"
    bodies: list[Any] = []
    if mode == "loop":
        run = _loop_driver(fn, info, index, names, graph_part, resume_at, options, bodies)
    elif mode == "tail":
        target = resume_at(index, layout, False)

        def run(a: tuple[Any, ...]) -> Any:
            s, loc = graph_part(a)
            return target(*[v for v in s if v is not NULL], *loc)
    elif mode == "jump":
        kind, jump_if = _JUMPS[ins.name]
        assert isinstance(ins.arg, Label)
        jump_to = info.target(ins.arg)
        after = layout[:-1]

        def run(a: tuple[Any, ...]) -> Any:
            s, loc = graph_part(a)
            cond = s[-1]
            taken = (bool(cond) if kind is bool else cond is None) == jump_if
            target = resume_at(jump_to if taken else index + 1, after, True)
            return target(*[v for v in s[:-1] if v is not NULL], *loc)
    else:
        pops = pops_of(ins)
        assert pops is not None  # (a break "step" is at an instruction that runs on its own)
        top_layout = layout[len(layout) - pops:]
        step = step_function(fn, index, top_layout, frame.kw_names)
        below = len(layout) - pops
        new_layout = layout[:below] + (True,) * _pushes(ins)

        def run(a: tuple[Any, ...]) -> Any:
            s, loc = graph_part(a)
            pushed = step(*[v for v in s[below:] if v is not NULL])
            target = resume_at(index + 1, new_layout, True)
            return target(*[v for v in s[:below] if v is not NULL], *pushed, *loc)

    entry = _entry(t, compiled, run, record)
    entry.resumes = resumes
    entry.taken = taken
    entry.bodies = bodies
    return entry


def _loop_driver(fn: FunctionType, info: CodeInfo, head: int, names: tuple[str, ...],
                 graph_part: Callable[..., Any], resume_at: Callable[..., Any],
                 options: Options, into: list[Any]) -> Callable[[tuple[Any, ...]], Any]:
    """The entry's code for a break inside the `for` loop at `head` (jit_config
    `recapture_loop_body`): the graph computes the iterable and the locals, Python runs the
    loop, each iteration calls the loop body as a PIJit function of its own (one per set of
    bound locals, each captured on its first call), and the code after the loop, or after a
    `break`, continues in a captured resume function. The bodies made go to `into`."""
    after_loop = info.after_loop(head + 1)
    outside = set(fn.__code__.co_freevars)
    bodies: dict[tuple[str, ...], tuple[Any, tuple[int, ...]]] = {}

    def body_for(bound: tuple[str, ...]) -> tuple[Any, tuple[int, ...]]:
        made = bodies.get(bound)
        if made is None:
            plain, exits = loop_body_function(fn, head, bound)
            made = bodies[bound] = (options.make_function(plain), exits)
            into.append(made[0])
        return made

    def run(a: tuple[Any, ...]) -> Any:
        s, loc = graph_part(a)
        values = dict(zip(names, loc))
        for item in s[0]:
            body, exits = body_for(tuple(values))
            status, out = body(item, *values.values())
            if status[0] == RETURN:
                return out
            values = {k: v for k, v in out.items()
                      if not k.startswith("___") and k not in outside}
            if status[0] == EXIT:
                return resume_at(exits[status[1]], (), True, tuple(values))(*values.values())
        return resume_at(after_loop, (), True, tuple(values))(*values.values())
    return run


_TRAMPOLINES: weakref.WeakKeyDictionary[FunctionType, Any] = weakref.WeakKeyDictionary()


def _trampoline(stack: list[Any], n: int, options: Options) -> None:
    """A user function the graph broke in is called as a PIJit function of its own, so its
    code before and after its own break is captured too (no frame hook needed)."""
    slot = len(stack) - n - 2 if stack[len(stack) - n - 2] is not NULL else len(stack) - n - 1
    callee = stack[slot]
    if not isinstance(callee, FunctionType) or origin_of(callee) is not Origin.USER or \
            CodeInfo.of(callee.__code__).generator:
        return
    wrapped = _TRAMPOLINES.get(callee)
    if wrapped is None:
        wrapped = _TRAMPOLINES[callee] = options.make_function(callee)
    stack[slot] = wrapped


def _pushes(ins: Any) -> int:
    from .resume import pushes_of
    return pushes_of(ins)


def _cell_has_value(cell: Any) -> bool:
    try:
        _ = cell.cell_contents
    except ValueError:
        return False
    return True

