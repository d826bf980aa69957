"""Compiling one call: specialise the function for its arguments (`infer.GraphBuilder`, with
`infer.StrictPolicy` or JIT Fallback's `fallback.LaxPolicy`), run the passes, generate code,
and dump the stages when `save_graphs` is on. `jit.py` calls `compile_call` on a cache miss."""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..common import compile_options
from ..common.context import STRICT, context
from ..common.errors import GraphcError, GraphcInternalError, GraphcSyntaxError
from ..common.mutable_input import DynamicLengthList, DynamicLengthTuple, Mutable
from ..common.parameter import Parameter as Weight
from ..common.tensor import Tensor
from ..fallback import ArgumentKey, LaxPolicy, MutationKey, MutationTracker
from ..infer.abstract import AbstractAny, AbstractScalar
from ..infer.policy import StrictPolicy
from ..infer.pytree import flatten, unflatten
from ..infer.specialize import GraphBuilder
from ..infer.support import is_graph_value
from ..infer.values import GraphAny, GraphScalar, GraphTensor
from ..ir import node as ir
from ..ir.printer import format_graph
from ..ops.primitive import TensorSpec
from . import codegen, passes

# Arguments a LAX graph may change in place (SPEC 3.5: the caller's object changes).
_CHANGEABLE_ARGUMENTS = (list, dict, set, np.ndarray)
_DYNAMIC_LENGTH = (DynamicLengthList, DynamicLengthTuple)


@dataclass
class CompiledGraph:
    """One specialisation: the graph (for printing) and its generated function."""

    graph: Any
    generated: codegen.GeneratedFunction
    key: Any
    guards: tuple[Any, ...] = ()
    keepalive: tuple[Any, ...] = ()  # arguments keyed by identity, held so ids stay unique
    folded: tuple[Any, ...] = ()  # fallback calls evaluated at compile time (for `explain`)
    output: Any = None  # the Python structure of the result (graph values and constants)
    inputs: tuple[tuple[Any, str], ...] = ()  # (graph input, how it is read from the args)

    @property
    def source(self) -> str:
        return self.generated.source


def keyword_only_names(fn: Any) -> list[str]:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p.name for p in params if p.kind is p.KEYWORD_ONLY]


def positional_names(fn: Any) -> list[str]:
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return []
    names = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if names and names[0] == "self":
        names = names[1:]
    return names


def _graph_arguments(builder: GraphBuilder, args: tuple[Any, ...], signature: Any,
                     names: list[str], tracker: MutationTracker | None
                     ) -> tuple[list[Any], list[tuple[ir.Parameter, str]]]:
    """Graph values for the call's arguments: Tensor leaves become graph inputs read through an
    access path from the generated function's arguments; the rest are constants."""
    inputs: list[tuple[ir.Parameter, str]] = []
    specs = None
    if signature is not None:
        specs = signature if isinstance(signature, (tuple, list)) else (signature,)

    def convert(value: Any, path: str, name: str, spec: Any) -> Any:
        if isinstance(value, Weight):
            return builder.weight_value(value)
        if isinstance(value, Mutable):
            if isinstance(value, (int, float)):
                pytype = int if isinstance(value, int) else float
                p = builder.root.add_parameter(name, AbstractScalar(pytype))
                inputs.append((p, f"{pytype.__name__}({path})"))
                return GraphScalar(p, pytype)
            if isinstance(value, dict):
                return {k: convert(v, f"{path}[{k!r}]", f"{name}_{k}", None)
                        for k, v in value.items()}
            plain = tuple if isinstance(value, tuple) else list
            return plain(convert(v, f"{path}[{i}]", f"{name}_{i}", None)
                         for i, v in enumerate(value))
        if isinstance(value, Tensor):
            shape = tuple(value.shape)
            if spec is not None:
                shape = tuple(None if d in (None, -1) else d for d in spec.shape)
            p = builder.root.add_parameter(name, TensorSpec(shape, value.dtype))
            inputs.append((p, f"{path}._data"))
            return GraphTensor(p, shape, value.dtype)
        if type(value) in (tuple, list):
            return type(value)(convert(v, f"{path}[{i}]", f"{name}_{i}", None)
                               for i, v in enumerate(value))
        if type(value) is dict:
            return {k: convert(v, f"{path}[{k!r}]", f"{name}_{k}", None)
                    for k, v in value.items()}
        return value

    values = []
    for i, a in enumerate(args):
        name = names[i] if i < len(names) else f"arg{i}"
        changeable = type(a) in _CHANGEABLE_ARGUMENTS or (
            type(a) is tuple and any(type(v) in _CHANGEABLE_ARGUMENTS for v in a))
        if isinstance(a, _DYNAMIC_LENGTH) and tracker is not None:
            changeable = True  # one graph for every length: the sequence is read as it is
            tracker.volatile.add(ArgumentKey(i))
        if changeable and tracker is not None:  # LAX
            if ArgumentKey(i) in tracker.volatile:  # the function changes it: pass it as it is
                p = builder.root.add_parameter(name, AbstractAny())
                inputs.append((p, f"a{i}"))
                values.append(GraphAny(p))
                continue
            value = convert(a, f"a{i}", name, specs[i] if specs else None)
            tracker.arguments[id(value)] = (value, ArgumentKey(i))
            if type(a) is tuple:  # a list in a tuple argument: changing it changes the caller's
                for inner in value:
                    if type(inner) in _CHANGEABLE_ARGUMENTS:
                        tracker.arguments[id(inner)] = (inner, ArgumentKey(i))
            values.append(value)
            continue
        values.append(convert(a, f"a{i}", name, specs[i] if specs else None))
    return values, inputs


def _argument_paths(args: tuple[Any, ...], values: list[Any]) -> dict[int, str]:
    """The access path (`a0`, `a1[2]`) of each list and dict of the call's arguments, by the
    id of the graph value that stands for it."""
    paths: dict[int, str] = {}

    def walk(arg: Any, value: Any, path: str) -> None:
        if type(arg) is not type(value):
            return
        if type(arg) in (list, dict):
            paths[id(value)] = path
        if type(arg) in (tuple, list) and len(arg) == len(value):
            for i, (a, v) in enumerate(zip(arg, value)):
                walk(a, v, f"{path}[{i}]")
        elif type(arg) is dict and arg.keys() == value.keys():
            for k in arg:
                walk(arg[k], value[k], f"{path}[{k!r}]")

    for i, (a, v) in enumerate(zip(args, values)):
        walk(a, v, f"a{i}")
    return paths


def _outside_objects(builder: GraphBuilder) -> dict[int, Any]:
    """The lists and dicts that live outside the graph (globals, attributes and what they
    hold), by id."""
    found: dict[int, Any] = {}
    stack = list(builder.external.values())
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind in (list, dict, tuple):
            if id(item) in found:
                continue
            if kind is not tuple:
                found[id(item)] = item
            stack.extend(item.values() if kind is dict else item)
    return found


def _returned_as_is(builder: GraphBuilder, tracker: MutationTracker | None, output: Any,
                    arg_paths: dict[int, str], inputs: list[tuple[ir.Parameter, str]]) -> Any:
    """The graph's output with each list or dict that lives outside the graph returned as that
    very object, as MindSpore 2.10 does at LAX (`return global_list` is `global_list`;
    `return x` of a list argument is the caller's list): a global's or attribute's becomes that
    object, an argument's is read from the call's arguments."""
    if tracker is None:  # STRICT: no object is returned through JIT Fallback
        return output
    outside = _outside_objects(builder)

    def walk(value: Any) -> Any:
        kind = type(value)
        if kind in (list, dict):
            path = arg_paths.get(id(value))
            if path is not None:
                p = builder.root.add_parameter(f"arg_{len(inputs)}", AbstractAny())
                inputs.append((p, path))
                return GraphAny(p)
            if id(value) in outside:
                return GraphAny(ir.ValueNode(value))
        if kind in (tuple, list):
            items = [walk(v) for v in value]
            return value if all(a is b for a, b in zip(items, value)) else kind(items)
        if kind is dict:
            pairs = {k: walk(v) for k, v in value.items()}
            return value if all(pairs[k] is v for k, v in value.items()) else pairs
        return value

    return walk(output)


# builds of one call at the most (each reads at run time what the one before found changing)
_MAX_BUILDS = 32


def compile_call(fn: Any, obj: Any, args: tuple[Any, ...], input_signature: Any,
                 level: int, key: Any, kwonly: list[str] | None = None,
                 volatile: set[MutationKey] | None = None,
                 framework_call: bool = False) -> CompiledGraph:
    """Specialise `fn` (a method of `obj` when `obj` is given) for `args`, optimise, generate.
    `volatile` (LAX) collects what the function changes at run time; a build that folded a
    value it then found it changes is built again, reading that value at run time. The
    environment's options are read once, as the compile starts (`common.compile_options`)."""
    with compile_options.compiling():
        return _compile(fn, obj, args, input_signature, level, key, kwonly, volatile,
                        framework_call)


def _compile(fn: Any, obj: Any, args: tuple[Any, ...], input_signature: Any, level: int,
             key: Any, kwonly: list[str] | None, volatile: set[MutationKey] | None,
             framework_call: bool) -> CompiledGraph:
    name = getattr(fn, "__name__", "graph").replace("<", "_").replace(">", "_")
    volatile = set() if volatile is None else volatile
    # Each build that finds something it folded changing (a global, an attribute, an argument
    # it changes) is built again with that read at run time; the set of such things only
    # grows, so this ends, and the graph kept is one whose folded values all stay constant
    # (a graph filed under a key that ignores an argument's contents must not fold them).
    for attempt in range(_MAX_BUILDS):
        known = set(volatile)
        last = attempt == _MAX_BUILDS - 1
        try:
            builder, tracker, inputs, output, values = _specialise(
                fn, obj, args, input_signature, level, kwonly, volatile, name, framework_call)
        except Exception:
            # A build that found it changes an outside object it had read as a constant may
            # fail on that stale constant (a loop over `len(lst)` of a list it pops at run
            # time never ends while compiling): build again with the object a run-time value.
            if last or not volatile - known:
                raise
            continue
        builder.policy.note_escape(output)
        if tracker is None or not tracker.needs_rebuild(known):
            break
        if last:
            raise GraphcInternalError(f"compiling '{name}' found something new to read at run "
                                      f"time in each of {_MAX_BUILDS} builds")
    graph = builder.root
    output = _returned_as_is(builder, tracker, output, _argument_paths(args, values), inputs)
    output = _python_scalar_constants(output)
    leaves, tree = flatten(output, is_graph_value)
    graph.output = builder.node_of(tuple(leaves)) if leaves else ir.ValueNode(None)
    dump = _dump_dir()
    if dump:
        _dump_parsed(dump, name, fn)
        _dump(dump, name, "1_after_infer", graph)
    # the output's leaves are roots too: the passes point them at the nodes that replace them
    roots = [graph.output] + [leaf.node for leaf in leaves]
    try:
        passes.run_pipeline(graph, roots, verify=compile_options.current().verify_ir)
        if dump:
            _dump(dump, name, "2_after_opt", graph)
        output = unflatten(tree, [at_node(leaf, node) for leaf, node in zip(leaves, roots[1:])])
        generated = codegen.generate(graph, [p for p, _ in inputs], output, name,
                                     arg_count=len(args), access=[a for _, a in inputs])
    except GraphcError:
        raise
    except Exception as exc:  # past inference every failure is graphc's own
        raise GraphcInternalError(f"optimising or generating code for '{name}' failed: "
                                  f"{type(exc).__name__}: {exc}\n{format_graph(graph)}") from exc
    folded = tuple(builder.policy.folded)
    return CompiledGraph(graph, generated, key, tuple(builder.guards), folded=folded,
                         output=output, inputs=tuple(inputs))


def _specialise(fn: Any, obj: Any, args: tuple[Any, ...], input_signature: Any, level: int,
                kwonly: list[str] | None, volatile: set[MutationKey], name: str,
                framework_call: bool = False
                ) -> tuple[GraphBuilder, MutationTracker | None,
                           list[tuple[ir.Parameter, str]], Any, list[Any]]:
    """Build the graph of one call; at LAX with a fresh tracker sharing `volatile` (what the
    function is known to change, kept by the jit cache between builds)."""
    tracker = MutationTracker(volatile=volatile) if level != STRICT else None
    builder = GraphBuilder(name, StrictPolicy if tracker is None else
                           LaxPolicy.factory(tracker))
    kwonly = list(kwonly or [])
    n_positional = len(args) - len(kwonly)
    names = positional_names(fn)[:n_positional]
    names += [f"arg{i}" for i in range(len(names), n_positional)]  # values of `*args`
    values, inputs = _graph_arguments(builder, args, input_signature, names + kwonly, tracker)
    arguments = _argument_tensors(values, inputs)
    if framework_call:
        output = builder.build_call(fn, tuple(values), {})
    else:
        output = builder.build(fn, tuple(values[:n_positional]),
                               dict(zip(kwonly, values[n_positional:])), obj)
    if _holds_iterators(output):  # consumed while the graph is built (user functions inline)
        output = builder.build_call(_iterators_as_sequences, (builder, output), {})
    _write_back_updated_arguments(builder, arguments)
    return builder, tracker, inputs, output, values


# What MindSpore 2.10's graphs return for the lazy iterators of builtins: map, zip and
# enumerate give tuples, filter a list.
_ITERATOR_RESULTS: dict[type, type] = {map: tuple, zip: tuple, enumerate: tuple, filter: list}


# Iterators over the sequences a graph knows (MindSpore's graph tuples and lists); a map over
# NumPy arrays (values only Python knows) stays a map object, as in MindSpore.
_SEQUENCE_ITERATORS = (type(iter(())), type(iter([])), type(iter(range(0))))


def _over_graph_sequences(value: Any) -> bool:
    _, parts = value.__reduce__()[:2]
    return all(isinstance(p, _SEQUENCE_ITERATORS) or type(p) in _ITERATOR_RESULTS
               for p in parts if isinstance(p, Iterator))


def _same_value(value: Any) -> Any:
    return value


def _kept(value: Any) -> bool:
    return True


def _holds_iterators(value: Any) -> bool:
    if type(value) in _ITERATOR_RESULTS:
        return type(value) in (map, filter) or _over_graph_sequences(value)
    if type(value) in (tuple, list):
        return any(_holds_iterators(v) for v in value)
    if type(value) is dict:
        return any(_holds_iterators(v) for v in value.values())
    return False


def _iterators_as_sequences(builder: GraphBuilder, value: Any) -> Any:
    """The graph's output with each builtin iterator as the sequence MindSpore returns."""
    kind = _ITERATOR_RESULTS.get(type(value))
    if kind is not None and _over_graph_sequences(value):
        return kind(_iterators_as_sequences(builder, v) for v in value)
    if type(value) in (map, filter):  # stays a map/filter, of the values its function gives
        items = tuple(value)  # (the function may be the graph's own, which inlines only now)
        make, keep = (map, _same_value) if type(value) is map else (filter, _kept)
        refusal = GraphcSyntaxError(f"returning a {make.__name__} object from a graph needs JIT "
                                    "Fallback (jit_syntax_level=LAX); return tuple(...) instead",
                                    builder.loc)
        return builder.policy.on_unsupported(refusal, lambda: builder.policy.interpret(
            make, (keep, items), {}, f"makes the {make.__name__} object the graph returns: a "
            "new one at every call", effect=True))
    if type(value) in (tuple, list) and _holds_iterators(value):
        return type(value)(_iterators_as_sequences(builder, v) for v in value)
    if type(value) is dict and _holds_iterators(value):
        return {k: _iterators_as_sequences(builder, v) for k, v in value.items()}
    return value


def _argument_tensors(values: list[Any], inputs: list[tuple[ir.Parameter, str]]
                      ) -> list[tuple[GraphTensor, ir.Parameter, str]]:
    """(graph value, graph input, access path of the caller's Tensor) of each Tensor
    argument (Parameters are updated by their own assignment nodes)."""
    paths = {id(p): path[:-len("._data")] for p, path in inputs if path.endswith("._data")}
    found: list[tuple[GraphTensor, ir.Parameter, str]] = []

    def walk(value: Any) -> None:
        if isinstance(value, GraphTensor):
            if id(value.node) in paths and value.graphc_weight is None:
                found.append((value, value.node, paths[id(value.node)]))
        elif isinstance(value, (tuple, list)):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    walk(values)
    return found


def _write_back_updated_arguments(builder: GraphBuilder,
                                  arguments: list[tuple[GraphTensor, ir.Parameter, str]]
                                  ) -> None:
    """An argument Tensor updated in place (`x.add_(y)`) ends the graph holding its new value:
    the caller's Tensor gets it too, as in PyNative."""
    for value, param, path in arguments:
        if value.node is not param:
            builder.emit_effect(ir.ASSIGN_ARGUMENT, (value,), {"path": path})


# NumPy scalar types MindSpore 2.10 returns as they are when a graph outputs them as constants;
# every other NumPy scalar constant comes back as the Python int/float/bool (`.item()`).
_NUMPY_SCALARS_KEPT = (np.int32, np.uint32)


def _python_scalar_constants(value: Any) -> Any:
    """The graph's output with its constant NumPy scalars as MindSpore returns them: `return
    np.float64(2.5), np.int64(3)` gives (2.5, 3) as Python scalars. Values computed at run time
    (`x.asnumpy().sum()`) keep their NumPy type; containers are rebuilt only where one changes."""
    if isinstance(value, np.generic) and not isinstance(value, _NUMPY_SCALARS_KEPT) and \
            isinstance(value, (np.number, np.bool_)):
        return value.item()
    if type(value) in (tuple, list):
        items = [_python_scalar_constants(v) for v in value]
        return value if all(a is b for a, b in zip(items, value)) else type(value)(items)
    if type(value) is dict:
        pairs = {k: _python_scalar_constants(v) for k, v in value.items()}
        return value if all(pairs[k] is v for k, v in value.items()) else pairs
    return value


def at_node(leaf: Any, node: ir.Node) -> Any:
    """The graph value `leaf` as computed by `node` (what the passes left in its place)."""
    if node is leaf.node:
        return leaf
    if isinstance(leaf, GraphTensor):
        return GraphTensor(node, leaf.shape, leaf.dtype, leaf.graphc_weight)
    if isinstance(leaf, GraphScalar):
        return GraphScalar(node, leaf.type)
    return GraphAny(node, leaf.annotation)


def _dump_dir() -> str | None:
    ctx = context()
    if not ctx.save_graphs:
        return None
    return ctx.save_graphs_path


def _dump_parsed(directory: str, name: str, fn: Any) -> None:
    """The parser's output — the function's gast tree, unparsed — as `<name>_0_parsed.py`."""
    import astunparse
    import gast

    from ..parser.source import load_source
    source = load_source(fn)
    text = astunparse.unparse(gast.gast_to_ast(source.tree))
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, f"{name}_0_parsed.py"), "w") as f:
        f.write(f"# parsed from {source.filename}:{source.first_line}\n{text.lstrip()}")


def _dump(directory: str, name: str, stage: str, graph: Any) -> None:
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"{name}_{stage}.ir")
    with open(path, "w") as f:
        f.write(format_graph(graph))
