"""Safe serialisation of a graph: to a JSON-able description plus a list of arrays, and back.

Nothing in the description is code: primitives are named and looked up in the primitive table
on loading, special ops by name, Python operators and exception types only from a fixed list,
and arrays are plain numeric arrays. `load_graph` checks the whole description against the
schema (`ir.graph_schema`) before it builds anything, so loading a file never executes anything
from it and a malformed one is a `GraphFormatError`. The caller supplies the lookups that `ir`
cannot make itself (primitives and their attributes live in `ops`, and Parameters are
re-created by whoever loads the graph).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..common import dtype as mstype
from . import node as ir
from .graph import FuncGraph
from .graph_schema import (
    CALLABLES,
    EXCEPTIONS,
    FORMAT,
    SPECIAL_OPS,
    VERSION,
    GraphFormatError,
    SchemaContext,
    check_description,
)

__all__ = ["FORMAT", "VERSION", "GraphFormatError", "dump_graph", "load_graph"]


class _Writer:
    def __init__(self, weight_name: Callable[[Any], str]) -> None:
        self.arrays: list[np.ndarray] = []
        self.ids: dict[int, int] = {}
        self.graphs: dict[int, dict[str, Any]] = {}
        self.weight_name = weight_name

    def node_id(self, node: Any) -> int:
        return self.ids.setdefault(id(node), len(self.ids))

    def value(self, v: Any) -> Any:
        """A constant (attribute or ValueNode value) as JSON."""
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, np.generic):
            return self.value(v.item())
        if isinstance(v, np.ndarray):
            self.arrays.append(v)
            return {"array": len(self.arrays) - 1}
        if isinstance(v, tuple):
            return {"tuple": [self.value(x) for x in v]}
        if isinstance(v, list):
            return {"list": [self.value(x) for x in v]}
        if isinstance(v, mstype.DType):
            return {"dtype": v.short if hasattr(v, "short") else str(v)}
        if isinstance(v, FuncGraph):
            return {"graph": self.graph(v)}
        if isinstance(v, type) and issubclass(v, BaseException) and \
                EXCEPTIONS.get(v.__name__) is v:
            return {"exception": v.__name__}
        for name, fn in CALLABLES.items():
            if v is fn:
                return {"callable": name}
        if getattr(v, "name", None) is not None and type(v).__name__ == "Parameter":
            return {"weight": self.weight_name(v)}
        raise GraphFormatError(f"a graph holding {type(v).__name__} {v!r} cannot be written")

    def abstract(self, a: Any) -> Any:
        if a is None:
            return None
        if hasattr(a, "shape") and hasattr(a, "dtype"):
            return {"spec": [list(a.shape), self.value(a.dtype)]}
        if hasattr(a, "elements"):
            return {"elements": [self.abstract(x) for x in a.elements]}
        if hasattr(a, "type") and a.type in (bool, int, float):
            return {"scalar": a.type.__name__}
        return {"other": str(a)}

    def ref(self, node: Any) -> Any:
        if isinstance(node, ir.ValueNode):
            return {"const": self.value(node.value), "abstract": self.abstract(node.abstract)}
        return {"node": self.node_id(node)}

    def graph(self, g: FuncGraph) -> int:
        gid = self.node_id(g)
        if gid in self.graphs:
            return gid
        self.graphs[gid] = {}  # (reserved: nested references)
        params = [{"id": self.node_id(p), "name": p.name, "abstract": self.abstract(p.abstract),
                   "weight": self.weight_name(p.weight) if p.weight is not None else None}
                  for p in g.parameters]
        nodes = []
        for n in g.nodes:
            callee = n.callee
            if isinstance(callee, ir.SpecialOp):
                op = {"special": callee.name}
            elif getattr(callee, "impl", None) is not None and hasattr(callee, "name"):
                op = {"primitive": callee.name}
            else:
                raise GraphFormatError(f"a node calling {callee!r} cannot be written")
            nodes.append({"id": self.node_id(n), "op": op,
                          "inputs": [self.ref(i) for i in n.args],
                          "attrs": {k: self.value(v) for k, v in n.attrs.items()},
                          "abstract": self.abstract(n.abstract)})
        self.graphs[gid] = {"name": g.name, "params": params, "nodes": nodes,
                            "output": self.ref(g.output) if g.output is not None else None}
        return gid


def dump_graph(graph: FuncGraph, weight_name: Callable[[Any], str]
               ) -> tuple[dict[str, Any], list[np.ndarray], Callable[[Any], Any]]:
    """The description of `graph` and its arrays, and the function that describes a node (a
    reference usable in the caller's own records, such as the output structure)."""
    w = _Writer(weight_name)
    root = w.graph(graph)
    return ({"format": FORMAT, "version": VERSION, "root": root,
             "graphs": {str(k): v for k, v in w.graphs.items()}}, w.arrays, w.ref)


class _Reader:
    def __init__(self, desc: dict[str, Any], arrays: list[np.ndarray],
                 primitive: Callable[[str], Any], weight: Callable[[str], Any],
                 make_abstract: Callable[[str, Any], Any]) -> None:
        self.desc, self.arrays = desc, arrays
        self.primitive, self.weight, self.make_abstract = primitive, weight, make_abstract
        self.nodes: dict[int, Any] = {}
        self.graphs: dict[int, FuncGraph] = {}

    def value(self, v: Any) -> Any:
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if not isinstance(v, dict) or len(v) != 1:
            raise GraphFormatError(f"unexpected value {v!r} in the graph file")
        (kind, x), = v.items()
        if kind == "array":
            return self.arrays[x]
        if kind == "tuple":
            return tuple(self.value(i) for i in x)
        if kind == "list":
            return [self.value(i) for i in x]
        if kind == "dtype":
            return mstype.to_dtype(x)
        if kind == "graph":
            return self.graph(x)
        if kind == "exception" and x in EXCEPTIONS:
            return EXCEPTIONS[x]
        if kind == "callable" and x in CALLABLES:
            return CALLABLES[x]
        if kind == "weight":
            return self.weight(x)
        raise GraphFormatError(f"unexpected value {v!r} in the graph file")

    def abstract(self, a: Any) -> Any:
        if a is None:
            return None
        if "spec" in a:
            shape, dtype = a["spec"]
            return self.make_abstract("spec", (tuple(shape), self.value(dtype)))
        if "elements" in a:
            return self.make_abstract("elements", tuple(self.abstract(x) for x in a["elements"]))
        if "scalar" in a:
            return self.make_abstract("scalar", a["scalar"])
        return None

    def ref(self, r: dict[str, Any]) -> Any:
        if "const" in r:
            return ir.ValueNode(self.value(r["const"]), self.abstract(r.get("abstract")))
        try:
            return self.nodes[r["node"]]
        except KeyError:
            raise GraphFormatError(f"the graph file refers to node {r['node']} before it "
                                   "is defined") from None

    def graph(self, gid: int) -> FuncGraph:
        if gid in self.graphs:
            return self.graphs[gid]
        d = self.desc["graphs"][str(gid)]
        g = FuncGraph(d["name"])
        self.graphs[gid] = g
        for p in d["params"]:
            param = self.nodes.get(p["id"])  # (a loop's condition and body share parameters)
            if param is None:
                param = ir.Parameter(p["name"], self.abstract(p["abstract"]), None,
                                     self.weight(p["weight"]) if p["weight"] is not None
                                     else None)
                self.nodes[p["id"]] = param
            g.parameters.append(param)
        for n in d["nodes"]:
            op = n["op"]
            if "special" in op:
                if op["special"] not in SPECIAL_OPS:
                    raise GraphFormatError(f"unknown operation {op['special']!r}")
                callee = SPECIAL_OPS[op["special"]]
            else:
                callee = self.primitive(op["primitive"])
            inputs = tuple(self.ref(r) for r in n["inputs"])
            node = ir.CNode((ir.ValueNode(callee),) + inputs,
                            {k: self.value(v) for k, v in n["attrs"].items()},
                            self.abstract(n["abstract"]))
            g.nodes.append(node)
            self.nodes[n["id"]] = node
        g.output = self.ref(d["output"]) if d["output"] is not None else None
        return g


def load_graph(desc: dict[str, Any], arrays: list[np.ndarray], primitive: Callable[[str], Any],
               weight: Callable[[str], Any], make_abstract: Callable[[str, Any], Any],
               check_attrs: Callable[[Any, dict[str, Any]], None]
               ) -> tuple[FuncGraph, Callable[[Any], Any]]:
    """Check the description `dump_graph` made against the schema, then rebuild its graph;
    also the function that resolves a reference. `primitive(name)` is the table's primitive
    (None if there is none), `check_attrs(primitive, attrs)` raises `FileFormatError` for
    attributes it does not declare; `make_abstract(kind, data)` builds abstract values
    ("spec": (shape, dtype), "elements", "scalar": a type name), which live above `ir`."""
    weights = desc.get("weights") if type(desc) is dict else None
    check_description(desc, SchemaContext(
        primitive, check_attrs, len(arrays),
        frozenset(w for w in weights if type(w) is str) if type(weights) is list else
        frozenset()))
    r = _Reader(desc, arrays, primitive, weight, make_abstract)
    return r.graph(desc["root"]), r.ref
