"""`graphc.export` and `graphc.load`: a compiled graph written to a file and run again later.

`export` compiles the network for its example inputs, refuses a graph that runs Python
(interpret nodes, SPEC 3.11), and writes one NumPy `.npz` archive (suffix `.mindir` unless the
name has one): the graph's description as JSON (`ir.serialize`), its constant arrays and the
Parameters' values. This is graphc's own format, not MindSpore's protobuf MindIR.

`load` reads it with `allow_pickle=False` and rebuilds the graph from the primitive table, so
loading never runs code from the file; `nn.GraphCell(load(path))` (or the loaded object itself)
runs it, checking that the inputs have the exported shapes and dtypes.
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
from ..common.tensor import Tensor
from ..fallback import check_exportable
from ..infer.abstract import AbstractScalar, AbstractTuple
from ..infer.values import GraphScalar, GraphTensor
from ..ir.serialize import GraphFormatError, dump_graph, load_graph
from ..ops.primitive import PRIMITIVES, TensorSpec
from . import codegen
from .compile import CompiledGraph
from .jit import JitFunction

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
    replaced = graph.flags.get("replaced", {})

    def resolve(node: Any) -> Any:
        while id(node) in replaced:
            node = replaced[id(node)]
        return node

    def structure(v: Any) -> Any:
        if isinstance(v, GraphTensor):
            if v.graphc_weight is not None:
                return {"weight": weight_name(v.graphc_weight)}
            return {"tensor": ref(resolve(v.node))}
        if isinstance(v, GraphScalar):
            return {"scalar": ref(resolve(v.node)), "type": v.type.__name__}
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


def load(file_name: str) -> LoadedGraph:
    """Read a graph `export` wrote. Nothing from the file is executed: the graph is rebuilt from
    graphc's primitive table, and arrays are read without pickle."""
    try:
        with np.load(file_name, allow_pickle=False) as data:
            files = dict(data)
        desc = json.loads(str(files.pop("graph")))
    except (OSError, ValueError, KeyError) as exc:
        raise GraphFormatError(f"'{file_name}' is not a graph graphc exported: {exc}") from None
    arrays = [files[f"a{i}"] for i in range(len(files))]
    n_weights = len(desc.get("weights", []))
    constants, values = arrays[:len(arrays) - n_weights], arrays[len(arrays) - n_weights:]
    parameters = {name: Parameter(Tensor(v), name=name)
                  for name, v in zip(desc["weights"], values)}

    def primitive(name: str) -> Any:
        if name not in PRIMITIVES:
            raise GraphFormatError(f"'{file_name}' uses the operation '{name}', which this "
                                   "graphc does not have.")
        return PRIMITIVES[name]

    def weight(name: str) -> Parameter:
        if name not in parameters:
            raise GraphFormatError(f"'{file_name}' refers to an unknown Parameter '{name}'.")
        return parameters[name]

    graph, ref = load_graph(desc, constants, primitive, weight, _make_abstract)
    by_id = {}
    for p in desc["params"]:
        by_id[p["arg"]] = ref({"node": p["node"]})
    output = _rebuild(desc["output"], ref, parameters)
    generated = codegen.generate(graph, [by_id[i] for i in sorted(by_id)], output,
                                 _safe_name(desc.get("name", "graph")),
                                 arg_count=len(desc["inputs"]),
                                 access=[f"a{i}._data" for i in sorted(by_id)])
    shapes = [(tuple(x["shape"]), mstype.to_dtype(x["dtype"])) for x in desc["inputs"]]
    return LoadedGraph(desc.get("name", "graph"), shapes, generated, parameters)


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
    cleaned = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    return cleaned if cleaned and not cleaned[0].isdigit() else "graph_" + cleaned
