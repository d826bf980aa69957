"""`graphc.export` and `graphc.load`: a compiled graph written to a file and run again later.

`export` compiles the network for its example inputs, refuses a graph that runs Python
(interpret nodes, SPEC 3.11), and writes one NumPy `.npz` archive (suffix `.mindir` unless the
name has one): the graph's description as JSON (`ir.serialize`), its constant arrays and the
Parameters' values. This is graphc's own format, not MindSpore's protobuf MindIR.

`load` treats the file as hostile: it reads the archive with `common.safe_read` (bounded, no
pickle, every `.npy` header checked before anything is allocated), checks the whole description
against the schema (`ir.graph_schema`: closed sets of names, the attributes each primitive
declares, indices in range, an acyclic graph of bounded depth), rebuilds the graph from the
primitive table, has each primitive check its own nodes (`runtime.load_check`), and generates
code that holds no text from the file (`runtime.codegen`). So loading never runs code from the
file, and a malformed file is a `GraphFormatError` naming the file, the node and the field.
`nn.GraphCell(load(path))` (or the loaded object itself) runs it, checking that the inputs have
the exported shapes and dtypes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.errors import GraphcError, GraphcTypeError
from ..common.parameter import Parameter
from ..common.safe_read import DEFAULT_LIMITS, FileFormatError, Limits, load_json, read_npz
from ..common.tensor import Tensor
from ..fallback import check_exportable
from ..infer.abstract import AbstractScalar, AbstractTuple
from ..infer.values import GraphScalar, GraphTensor
from ..ir.serialize import GraphFormatError, dump_graph, load_graph
from ..ops.attr_schema import check_attrs
from ..ops.primitive import PRIMITIVES, TensorSpec
from . import codegen
from .compile import CompiledGraph
from .jit import JitFunction
from .load_check import check_loaded

_FORMATS = ("MINDIR", "AIR", "ONNX")


def export(net: Any, *inputs: Any, file_name: str, file_format: str = "MINDIR",
           **kwargs: Any) -> str:
    """`mindspore.export`: compile `net` (a Cell or function) for `inputs` (Tensors) and write
    its graph to `file_name` (`.mindir` added when it has no suffix); returns the path. A graph
    with interpret nodes is refused, naming the lines to blame."""
    if file_format.upper() not in _FORMATS:
        raise ValueError(f"For 'export', 'file_format' must be one of 'MINDIR', 'AIR' or "
                         f"'ONNX', but got {file_format!r}.")
    if file_format.upper() != "MINDIR":
        raise GraphcError(f"graphc writes only its own MINDIR-like format, not {file_format}.")
    for i, x in enumerate(inputs):
        if type(x) is not Tensor:
            raise GraphcTypeError(f"For 'export', the inputs must be Tensors, but input {i} is "
                                  f"{type(x).__name__}.")
    entry, name = _compile(net, inputs)
    check_exportable(entry.graph, name)
    path = file_name if os.path.splitext(file_name)[1] else file_name + ".mindir"
    desc, arrays = _describe(entry, name, inputs)
    with open(path, "wb") as f:
        np.savez(f, graph=np.array(json.dumps(desc)),
                 **{f"a{i}": a for i, a in enumerate(arrays)})
    return path


def _compile(net: Any, inputs: tuple[Any, ...]) -> tuple[CompiledGraph, str]:
    construct = getattr(type(net), "construct", None)
    if construct is not None and callable(net):
        target = construct if isinstance(construct, JitFunction) else JitFunction(construct)
        return target._specialise(target._cache_for(net), net, inputs, {}), type(net).__name__
    target = net if isinstance(net, JitFunction) else JitFunction(net)
    entry = target._specialise(target._cache, target._bound_obj, inputs, {})
    return entry, getattr(target.fn, "__qualname__", "graph")


def _describe(entry: CompiledGraph, name: str, inputs: tuple[Any, ...]
              ) -> tuple[dict[str, Any], list[np.ndarray]]:
    graph = entry.graph
    weights: dict[str, Parameter] = {}

    def weight_name(p: Parameter) -> str:
        if weights.setdefault(p.name, p) is not p:
            raise GraphcError(f"For 'export', two Parameters are both named '{p.name}'.")
        return p.name

    desc, arrays, ref = dump_graph(graph, weight_name)
    def structure(v: Any) -> Any:
        if isinstance(v, GraphTensor):
            if v.graphc_weight is not None:
                return {"weight": weight_name(v.graphc_weight)}
            return {"tensor": ref(v.node)}
        if isinstance(v, GraphScalar):
            return {"scalar": ref(v.node), "type": v.type.__name__}
        if isinstance(v, (tuple, list)):
            return {type(v).__name__: [structure(x) for x in v]}
        if isinstance(v, dict):
            return {"dict": [[structure(k), structure(x)] for k, x in v.items()]}
        if isinstance(v, Tensor):
            return {"tensor": ref(_const_node(v))}
        return {"const": ref(_const_node(v))}

    params = []
    for param, access in entry.inputs:
        index = _argument_index(access)
        params.append({"node": ref(param)["node"], "arg": index})
    desc["name"] = name
    desc["inputs"] = [{"shape": list(x.shape), "dtype": x.dtype.short} for x in inputs]
    desc["params"] = params
    desc["output"] = structure(entry.output)
    desc["weights"] = list(weights)
    return desc, arrays + [weights[n]._data for n in weights]


def _const_node(v: Any) -> Any:
    from ..ir import node as ir
    if isinstance(v, Tensor):
        return ir.ValueNode(v._data, TensorSpec(tuple(v.shape), v.dtype))
    return ir.ValueNode(v)


def _argument_index(access: str) -> int:
    if access.startswith("a") and access.endswith("._data") and access[1:-6].isdigit():
        return int(access[1:-6])
    raise GraphcError("For 'export', only Tensor arguments can be graph inputs.")


@dataclass
class LoadedGraph:
    """A graph read back by `load`: call it with Tensors of the exported shapes and dtypes."""

    name: str
    inputs: list[tuple[tuple[int, ...], mstype.DType]]
    generated: codegen.GeneratedFunction
    parameters: dict[str, Parameter]

    def __call__(self, *args: Any) -> Any:
        if len(args) != len(self.inputs):
            raise GraphcTypeError(f"'{self.name}' was exported for {len(self.inputs)} inputs, "
                                  f"but got {len(args)}.")
        for i, (x, (shape, dtype)) in enumerate(zip(args, self.inputs)):
            if not isinstance(x, Tensor) or tuple(x.shape) != shape or x.dtype != dtype:
                got = f"{x.dtype}{list(x.shape)}" if isinstance(x, Tensor) else type(x).__name__
                raise GraphcTypeError(f"input {i} of '{self.name}' must be a Tensor "
                                      f"{dtype}{list(shape)} as exported, but got {got}.")
        return self.generated.fn(*args)


def load(file_name: str, limits: Limits = DEFAULT_LIMITS) -> LoadedGraph:
    """Read a graph `export` wrote. Nothing from the file is executed: the archive is read
    without pickle and within `limits`, the description is checked against the schema, the
    graph is rebuilt from graphc's primitive table and checked by its primitives, and the code
    generated for it holds no text from the file. A file that fails any check raises
    `GraphFormatError` naming the file and what is wrong."""
    try:
        return _load(file_name, limits)
    except GraphFormatError as exc:
        raise exc.with_file(file_name) from None
    except FileFormatError as exc:
        raise GraphFormatError(exc.what, file_name, exc.member, exc.field) from None


def _load(file_name: str, limits: Limits) -> LoadedGraph:
    try:
        files = read_npz(file_name, limits, text_members=("graph",))
    except FileFormatError as exc:
        raise GraphFormatError(f"it is not a graph graphc exported: {exc.what}", file_name,
                               exc.member, exc.field) from None
    text = files.pop("graph", None)
    if text is None or text.dtype.kind != "U" or text.shape != ():
        raise GraphFormatError("it is not a graph graphc exported: it has no description",
                               member="graph.npy")
    desc = load_json(str(text[()]), "graph.npy", limits)
    names = [f"a{i}" for i in range(len(files))]
    if set(files) != set(names):
        raise GraphFormatError("the arrays must be the members a0, a1, ... in order",
                               member=sorted(set(files) - set(names))[0] + ".npy")
    arrays = [files[n] for n in names]
    weights = desc.get("weights") if type(desc) is dict else None
    n_weights = len(weights) if type(weights) is list else 0
    if n_weights > len(arrays):
        raise GraphFormatError(f"it names {n_weights} weights but holds {len(arrays)} arrays",
                               field="weights")
    constants, values = arrays[:len(arrays) - n_weights], arrays[len(arrays) - n_weights:]
    parameters: dict[str, Parameter] = {}
    position: dict[str, int] = {}

    def weight(name: str) -> Parameter:  # (called only after the schema checked `desc`)
        if not position:
            position.update((w, i) for i, w in enumerate(desc["weights"]))
        if name not in parameters:
            value = values[position[name]]
            if value.dtype.kind == "U":
                raise GraphFormatError("a weight must be numeric", member=f"weight '{name}'")
            try:
                mstype.from_numpy(value.dtype)
            except (TypeError, ValueError, KeyError):
                raise GraphFormatError(f"graphc has no dtype for {value.dtype}",
                                       member=f"weight '{name}'") from None
            parameters[name] = Parameter(Tensor(value), name=name)
        return parameters[name]

    for i, a in enumerate(constants):
        if a.dtype.kind == "U":
            raise GraphFormatError("a constant must be numeric", member=f"a{i}.npy")
    graph, ref = load_graph(desc, constants, PRIMITIVES.get, weight, _make_abstract,
                            check_attrs)
    for name in desc["weights"]:
        weight(name)
    node_ids = {id(ref({"node": n})): n for n in _node_ids(desc)}
    check_loaded(graph, node_ids)
    inputs = [(tuple(x["shape"]), mstype.to_dtype(x["dtype"])) for x in desc["inputs"]]
    by_arg = {p["arg"]: ref({"node": p["node"]}) for p in desc["params"]}
    for i, p in by_arg.items():
        if not (isinstance(p.abstract, TensorSpec) and p.abstract.dtype is inputs[i][1]
                and len(p.abstract.shape) == len(inputs[i][0]) and all(
                    d is None or d == n for d, n in zip(p.abstract.shape, inputs[i][0]))):
            raise GraphFormatError(f"input {i} is declared {inputs[i][1]}{list(inputs[i][0])} "
                                   f"but the graph reads it as {p.abstract}", field="params")
    output = _rebuild(desc["output"], ref, parameters)
    order = sorted(by_arg)
    try:
        generated = codegen.generate(graph, [by_arg[i] for i in order], output,
                                     _safe_name(desc["name"]), arg_count=len(inputs),
                                     access=[f"a{i}._data" for i in order])
    except (SyntaxError, RecursionError, MemoryError, ValueError, RuntimeError) as exc:
        raise GraphFormatError(f"no code can be generated for the graph ({exc})") from None
    return LoadedGraph(desc["name"], inputs, generated, parameters)


def _node_ids(desc: dict[str, Any]) -> list[int]:
    """Every node and parameter id of a checked description."""
    ids: list[int] = []
    for g in desc["graphs"].values():
        ids.extend(p["id"] for p in g["params"])
        ids.extend(n["id"] for n in g["nodes"])
    return ids


def _make_abstract(kind: str, data: Any) -> Any:
    if kind == "spec":
        return TensorSpec(*data)
    if kind == "elements":
        return AbstractTuple(data)
    return AbstractScalar({"bool": bool, "int": int, "float": float}[data])


def _rebuild(s: dict[str, Any], ref: Any, parameters: dict[str, Parameter]) -> Any:
    (kind, x), *rest = s.items()
    if kind == "weight":
        return parameters[x]
    if kind == "tensor":
        node = ref(x)
        spec = node.abstract
        from ..ir import node as ir
        if isinstance(node, ir.ValueNode):
            return Tensor(node.value)
        return GraphTensor(node, spec.shape, spec.dtype)
    if kind == "scalar":
        return GraphScalar(ref(x), {"bool": bool, "int": int, "float": float}[s["type"]])
    if kind in ("tuple", "list"):
        items = [_rebuild(i, ref, parameters) for i in x]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {_rebuild(k, ref, parameters): _rebuild(v, ref, parameters) for k, v in x}
    return ref(x).value


def _safe_name(name: str) -> str:
    """`name` as a plain ASCII identifier (codegen also refuses any other)."""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in name)
    return cleaned if cleaned and not cleaned[0].isdigit() else "graph_" + cleaned
