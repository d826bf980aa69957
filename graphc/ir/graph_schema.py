"""The schema of a graph description (`ir.serialize`): every field of a file checked before
anything is built from it.

`check_description` walks the whole description once and accepts only what graphc writes:
known keys of the right JSON types, names from closed sets (primitives from the table, the
attributes each declares, special ops from `SPECIAL_RULES`, dtypes, the few Python callables
and exception types of `CALLABLES`/`EXCEPTIONS`), indices that are ints in range, node
references to nodes already defined in a scope that encloses the use (as the generated code
will see them), each nested graph owned by exactly one `switch`/`while_loop` (so the graph is
acyclic) and nested at most `MAX_GRAPH_DEPTH` deep. Values, abstracts and output structures
are bounded in depth, so no check recurses more than a few dozen frames whatever the file
holds; node lists are walked iteratively (a 200,000-node chain is one loop).

What ir cannot judge itself comes from the caller in a `SchemaContext`: the primitive table and
its attribute checks (they live in `ops`). Anything else is a `GraphFormatError` naming the
node (or graph) and the field.
"""

from __future__ import annotations

import builtins
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..common import dtype as mstype
from ..common.safe_read import FileFormatError
from . import node as ir

FORMAT = "graphc-graph"
VERSION = 1

MAX_GRAPH_DEPTH = 40  # nesting of branches and loop bodies (Python allows ~100 indents)
MAX_LOOP_DEPTH = 16  # nested while loops (Python allows 20 nested blocks)
MAX_NODES = 5_000_000
MAX_VALUE_DEPTH = 32  # tuples in tuples, in values, abstracts and output structures
MAX_RANK = 32
MAX_NAME = 1000
MAX_STRING = 1 << 20

SPECIAL_OPS: dict[str, ir.SpecialOp] = {
    op.name: op for op in vars(ir).values() if isinstance(op, ir.SpecialOp)}
# Python callables a graph may hold as attributes (scalar ops, casts), by name, with the
# numbers of operands each takes.
CALLABLES: dict[str, Any] = {
    **{name: getattr(operator, name) for name in (
        "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "neg", "lt", "le", "gt", "ge",
        "eq", "ne", "and_", "or_", "xor", "lshift", "rshift", "not_", "is_", "is_not")},
    **{name: getattr(builtins, name) for name in ("abs", "round", "int", "float", "bool")},
}
_UNARY = frozenset({"neg", "not_", "abs", "int", "float", "bool"})
CALLABLE_ARITY: dict[str, tuple[int, ...]] = {
    name: (1,) if name in _UNARY else (1, 2) if name == "round" else (2,) for name in CALLABLES}
# Exception types a `raise` node may raise: the built-in `Exception` subclasses.
EXCEPTIONS: dict[str, type] = {
    name: getattr(builtins, name) for name in dir(builtins)
    if isinstance(getattr(builtins, name), type)
    and issubclass(getattr(builtins, name), BaseException)}
RAISABLE = frozenset(n for n, t in EXCEPTIONS.items() if issubclass(t, Exception))
DTYPES: dict[str, mstype.DType] = {d.short: d for d in mstype.ALL_DTYPES}
SCALAR_TYPES = ("bool", "int", "float")


class GraphFormatError(FileFormatError):
    """A graph file that is not a graphc graph, or holds what graphc cannot rebuild."""


@dataclass(slots=True)
class SchemaContext:
    """What the schema needs from above `ir`: `primitive(name)` (the table's entry or None) and
    `check_attrs(primitive, attrs)` (raises `FileFormatError` with the field), the number of
    constant arrays in the file and the names of its weights."""

    primitive: Callable[[str], Any]
    check_attrs: Callable[[Any, dict[str, Any]], None]
    n_arrays: int
    weights: frozenset[str]


def _fail(what: str, member: str | None = None, field: str | None = None) -> GraphFormatError:
    return GraphFormatError(what, member=member, field=field)


def _keys(d: Any, required: set[str], optional: frozenset[str] = frozenset(),
          member: str | None = None, field: str | None = None) -> dict[str, Any]:
    """`d`, after checking it is a dict with the `required` keys and no keys but `optional`."""
    if type(d) is not dict:
        raise _fail(f"expected an object, got {_kind(d)}", member, field)
    if d.keys() == required:  # (the common case, without building sets)
        return d
    missing = required - d.keys()
    extra = d.keys() - required - optional
    if missing or extra:
        raise _fail(f"expected the keys {sorted(required)}"
                    + (f" (and optionally {sorted(optional)})" if optional else "")
                    + f", got {sorted(map(_short, d))}", member, field)
    return d


def _kind(v: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a bool", int: "an int",
            float: "a number", type(None): "null"}.get(type(v), type(v).__name__)


def _short(v: Any) -> str:
    """A name from a file, shown in a message only when it is a plain short identifier."""
    return v if type(v) is str and v.isidentifier() and v.isascii() and len(v) <= 60 \
        else "(not a name)"


def _named(v: Any, names: Any) -> bool:
    """`v` is a string in `names` (a file's value may be unhashable: never look it up)."""
    return type(v) is str and v in names


def _int(v: Any, member: str | None, field: str, low: int = 0, high: int | None = None) -> int:
    if type(v) is not int or v < low or (high is not None and v >= high):
        bound = f" in [{low}, {high})" if high is not None else f" >= {low}"
        raise _fail(f"expected an int{bound}, got {_kind(v) if type(v) is not int else v}",
                    member, field)
    return v


def _str(v: Any, member: str | None, field: str, limit: int = MAX_NAME) -> str:
    if type(v) is not str or len(v) > limit:
        raise _fail(f"expected a string of at most {limit} characters, got {_kind(v)}",
                    member, field)
    return v


def _list(v: Any, member: str | None, field: str) -> list[Any]:
    if type(v) is not list:
        raise _fail(f"expected a list, got {_kind(v)}", member, field)
    return v


@dataclass(frozen=True, slots=True)
class SpecialRule:
    """What a special op's node may hold: its operand counts (`max_args` None: no bound), the
    operand positions holding nested graphs, and a check of its attributes."""

    min_args: int
    max_args: int | None
    graph_args: tuple[int, ...] = ()
    attrs: Callable[[_Checker, dict[str, Any], str, list[Any]], None] | None = None


def _no_attrs(c: _Checker, attrs: dict[str, Any], member: str, inputs: list[Any]) -> None:
    _keys(attrs, set(), member=member, field="attrs")


def _switch_attrs(c: _Checker, attrs: dict[str, Any], member: str, inputs: list[Any]) -> None:
    _keys(attrs, set(), frozenset({"effects_only"}), member, "attrs")
    if "effects_only" in attrs and type(attrs["effects_only"]) is not bool:
        raise _fail("expected a bool", member, "attrs.effects_only")


def _dict_attrs(c: _Checker, attrs: dict[str, Any], member: str, inputs: list[Any]) -> None:
    _keys(attrs, {"keys", "view"}, member=member, field="attrs")
    keys = c.plain(attrs["keys"], member, "attrs.keys", 0)
    if type(keys) not in (tuple, list) or len(keys) != len(inputs):
        raise _fail(f"expected {len(inputs)} keys, one per operand", member, "attrs.keys")
    try:
        len(set(keys))
    except TypeError:
        raise _fail("a key is not hashable", member, "attrs.keys") from None
    if not _named(attrs["view"], ("", "keys", "values", "items")):
        raise _fail("expected one of '', 'keys', 'values', 'items'", member, "attrs.view")


def _scalar_attrs(c: _Checker, attrs: dict[str, Any], member: str, inputs: list[Any]) -> None:
    op = _keys(attrs, {"op"}, frozenset({"dtype"}), member, "attrs")["op"]
    if op == "to_tensor":
        _keys(attrs, {"op", "dtype"}, member=member, field="attrs")
        c.dtype(attrs["dtype"], member, "attrs.dtype")
        arity: tuple[int, ...] = (1,)
    else:
        if "dtype" in attrs:
            raise _fail("only 'to_tensor' takes a dtype", member, "attrs.dtype")
        _keys(op, {"callable"}, member=member, field="attrs.op")
        name = op["callable"]
        if not _named(name, CALLABLES):
            raise _fail(f"{_short(name)} is not one of {sorted(CALLABLES)}", member,
                        "attrs.op")
        arity = CALLABLE_ARITY[name]
    if len(inputs) not in arity:
        raise _fail(f"the operation takes {' or '.join(map(str, arity))} operands, not "
                    f"{len(inputs)}", member, "inputs")


def _to_scalar_attrs(c: _Checker, attrs: dict[str, Any], member: str, inputs: list[Any]
                     ) -> None:
    t = _keys(attrs, {"type"}, member=member, field="attrs")["type"]
    if t not in [{"callable": n} for n in SCALAR_TYPES]:
        raise _fail(f"expected one of {list(SCALAR_TYPES)}", member, "attrs.type")


def _assign_attrs(c: _Checker, attrs: dict[str, Any], member: str, inputs: list[Any]) -> None:
    w = _keys(attrs, {"weight"}, member=member, field="attrs")["weight"]
    _keys(w, {"weight"}, member=member, field="attrs.weight")
    if not _named(w["weight"], c.ctx.weights):
        raise _fail(f"no weight named {_short(w['weight'])} in the file", member,
                    "attrs.weight")


def _print_attrs(c: _Checker, attrs: dict[str, Any], member: str, inputs: list[Any]) -> None:
    _keys(attrs, set(), frozenset({"sep", "end", "flush"}), member, "attrs")
    for key in ("sep", "end"):
        if key in attrs and attrs[key] is not None:
            _str(attrs[key], member, f"attrs.{key}", MAX_STRING)
    if "flush" in attrs and type(attrs["flush"]) is not bool:
        raise _fail("expected a bool", member, "attrs.flush")


def _raise_attrs(c: _Checker, attrs: dict[str, Any], member: str, inputs: list[Any]) -> None:
    _keys(attrs, {"type", "args"}, member=member, field="attrs")
    t = _keys(attrs["type"], {"exception"}, member=member, field="attrs.type")["exception"]
    if not _named(t, RAISABLE):
        raise _fail(f"{_short(t)} is not a built-in Exception type", member, "attrs.type")
    if type(c.plain(attrs["args"], member, "attrs.args", 0)) is not tuple:
        raise _fail("expected a tuple", member, "attrs.args")


SPECIAL_RULES: dict[str, SpecialRule] = {
    "make_tuple": SpecialRule(0, None, attrs=_no_attrs),
    "make_list": SpecialRule(0, None, attrs=_no_attrs),
    "make_dict": SpecialRule(0, None, attrs=_dict_attrs),
    "tuple_getitem": SpecialRule(2, 2, attrs=_no_attrs),
    "switch": SpecialRule(3, 3, graph_args=(1, 2), attrs=_switch_attrs),
    "while_loop": SpecialRule(2, None, graph_args=(0, 1), attrs=_no_attrs),
    "scalar_op": SpecialRule(1, 2, attrs=_scalar_attrs),
    "tensor_to_scalar": SpecialRule(1, 1, attrs=_to_scalar_attrs),
    "assign_parameter": SpecialRule(1, 1, attrs=_assign_attrs),
    "print": SpecialRule(0, None, attrs=_print_attrs),
    "raise": SpecialRule(0, 0, attrs=_raise_attrs),
    "make_stack": SpecialRule(0, 0, attrs=_no_attrs),
    "stack_push": SpecialRule(1, None, attrs=_no_attrs),
    "stack_pop": SpecialRule(1, 1, attrs=_no_attrs),
    "stack_nonempty": SpecialRule(1, 1, attrs=_no_attrs),
}  # (`py_execute`, an interpret node, is never exported: it is not here.)


_NODE_KEYS = frozenset({"id", "op", "inputs", "attrs", "abstract"})


@dataclass(slots=True)
class _Checker:
    desc: dict[str, Any]
    ctx: SchemaContext
    graphs: dict[str, Any] = field(default_factory=dict)
    state: dict[int, str] = field(default_factory=dict)  # graph id -> "open" / "done"
    defined: set[int] = field(default_factory=set)  # every node and parameter id
    visible: set[int] = field(default_factory=set)  # the ids the current scope can read
    added: list[int] = field(default_factory=list)  # `visible` in the order it grew
    tensors: set[int] = field(default_factory=set)  # ids whose abstract is a tensor spec
    root_params: dict[int, bool] = field(default_factory=dict)  # id -> is a weight
    nodes: int = 0

    # -- values ------------------------------------------------------------------------------
    def plain(self, v: Any, member: str | None, where: str, depth: int,
              arrays: bool = False) -> Any:
        """The Python constant JSON value `v` stands for (tuples, lists, dtypes, scalars; array
        references when `arrays`), checked; depth-bounded, never recursing past
        MAX_VALUE_DEPTH."""
        if depth > MAX_VALUE_DEPTH:
            raise _fail(f"a value nested more than {MAX_VALUE_DEPTH} deep", member, where)
        if v is None or type(v) in (bool, int, float):
            return v
        if type(v) is str:
            return _str(v, member, where, MAX_STRING)
        if type(v) is not dict or len(v) != 1:
            raise _fail(f"expected a constant, got {_kind(v)}", member, where)
        (kind, x), = v.items()
        if kind in ("tuple", "list"):
            items = [self.plain(i, member, where, depth + 1, arrays)
                     for i in _list(x, member, where)]
            return tuple(items) if kind == "tuple" else items
        if kind == "dtype":
            return self.dtype(v, member, where)
        if kind == "array" and arrays:
            _int(x, member, where, 0, self.ctx.n_arrays)
            return v
        raise _fail(f"{_short(kind)} is not a constant kind allowed here", member, where)

    def dtype(self, v: Any, member: str | None, where: str) -> mstype.DType:
        name = _keys(v, {"dtype"}, member=member, field=where)["dtype"]
        if type(name) is not str or name not in DTYPES:
            raise _fail(f"{_short(name)} is not a dtype", member, where)
        return DTYPES[name]

    def abstract(self, a: Any, member: str | None, where: str, depth: int = 0) -> str | None:
        """Check an abstract value; returns its kind ('spec', 'elements', ...) or None."""
        if a is None:
            return None
        if depth > MAX_VALUE_DEPTH:
            raise _fail(f"an abstract nested more than {MAX_VALUE_DEPTH} deep", member, where)
        if type(a) is not dict or len(a) != 1:
            raise _fail(f"expected an abstract value, got {_kind(a)}", member, where)
        (kind, x), = a.items()
        if kind == "spec":
            pair = _list(x, member, where)
            if len(pair) != 2:
                raise _fail("expected [shape, dtype]", member, where)
            shape = pair[0]
            if type(shape) is not list or len(shape) > MAX_RANK or not all(
                    d is None or (type(d) is int and d >= 0) for d in shape):
                raise _fail(f"expected a list of at most {MAX_RANK} non-negative ints or "
                            "nulls", member, f"{where}.shape")
            dt = pair[1]
            if not (type(dt) is dict and len(dt) == 1 and _named(dt.get("dtype"), DTYPES)):
                self.dtype(dt, member, f"{where}.dtype")
        elif kind == "elements":
            for i, e in enumerate(_list(x, member, where)):
                self.abstract(e, member, f"{where}[{i}]", depth + 1)
        elif kind == "scalar":
            if not _named(x, SCALAR_TYPES):
                raise _fail(f"expected one of {list(SCALAR_TYPES)}", member, where)
        elif kind == "other":
            _str(x, member, where, MAX_STRING)
        else:
            raise _fail(f"{_short(kind)} is not an abstract kind", member, where)
        return kind

    def ref(self, r: Any, member: str | None, where: str, arrays: bool = True,
            weights: bool = False) -> None:
        """A node reference (visible from here) or a constant operand (a weight itself only
        when `weights`: what `print` shows)."""
        if type(r) is dict and len(r) == 1 and type(r.get("node")) is int and \
                r["node"] in self.visible:
            return
        if type(r) is dict and "node" in r:
            _keys(r, {"node"}, member=member, field=where)
            n = r["node"]
            if type(n) is not int or n not in self.visible:
                raise _fail(f"node {n if type(n) is int else '?'} is not defined before this "
                            "point in a scope that can read it", member, where)
            return
        _keys(r, {"const"}, frozenset({"abstract"}), member, where)
        value = r["const"]
        if type(value) is dict and len(value) == 1 and "weight" in value:
            if not weights:
                raise _fail("a weight is not a constant operand", member, where)
            if not _named(value["weight"], self.ctx.weights):
                raise _fail(f"no weight named {_short(value['weight'])} in the file", member,
                            where)
            self.abstract(r.get("abstract"), member, f"{where}.abstract")
            return
        self.plain(value, member, f"{where}.const", 0, arrays)
        self.abstract(r.get("abstract"), member, f"{where}.abstract")

    # -- graphs ------------------------------------------------------------------------------
    def define(self, nid: int) -> None:
        self.visible.add(nid)
        self.added.append(nid)

    def leave(self, mark: int) -> None:
        """Forget what was defined since `len(self.added)` was `mark` (a closed scope)."""
        while len(self.added) > mark:
            self.visible.discard(self.added.pop())

    def graph(self, gid: Any, depth: int, loops: int, member: str | None, where: str,
              shared: list[int] | None = None, root: bool = False) -> list[int]:
        """Check graph `gid` nested `depth` deep inside `loops` while loops; `shared` are the
        parameter ids a loop body shares with its condition. Returns its parameter ids. The
        caller removes what the graph defined from `visible` (`self.leave`)."""
        if type(gid) is not int or str(gid) not in self.graphs:
            raise _fail(f"graph {gid if type(gid) is int else '?'} is not in the file",
                        member, where)
        if gid in self.state:
            raise _fail(f"graph {gid} is used twice or contains itself", member, where)
        if depth > MAX_GRAPH_DEPTH or loops > MAX_LOOP_DEPTH:
            raise _fail(f"graphs are nested more than {MAX_GRAPH_DEPTH} deep (or loops more "
                        f"than {MAX_LOOP_DEPTH})", member, where)
        self.state[gid] = "open"
        here = f"graph {gid}"
        g = _keys(self.graphs[str(gid)], {"name", "params", "nodes", "output"}, member=here)
        _str(g["name"], here, "name")
        params = []
        for i, p in enumerate(_list(g["params"], here, "params")):
            where_p = f"params[{i}]"
            _keys(p, {"id", "name", "abstract", "weight"}, member=here, field=where_p)
            pid = _int(p["id"], here, f"{where_p}.id")
            _str(p["name"], here, f"{where_p}.name")
            kind = self.abstract(p["abstract"], here, f"{where_p}.abstract")
            weight = p["weight"]
            if weight is not None:
                if not root:
                    raise _fail("only the outermost graph reads weights", here, where_p)
                if not _named(weight, self.ctx.weights):
                    raise _fail(f"no weight named {_short(weight)} in the file", here,
                                f"{where_p}.weight")
            if shared is None:
                if pid in self.defined:
                    raise _fail(f"id {pid} is defined twice", here, f"{where_p}.id")
                self.defined.add(pid)
                self.define(pid)
                if kind == "spec":
                    self.tensors.add(pid)
                if root:
                    self.root_params[pid] = weight is not None
            params.append(pid)
        if shared is not None and params != shared:
            raise _fail("a loop's body must take the parameters of its condition", here,
                        "params")
        nodes = _list(g["nodes"], here, "nodes")
        self.nodes += len(nodes)
        if self.nodes > MAX_NODES:
            raise _fail(f"the file has more than {MAX_NODES} nodes", here, "nodes")
        for n in nodes:
            self.node(n, gid, depth, loops)
        if g["output"] is not None:
            self.ref(g["output"], here, "output")
        self.state[gid] = "done"
        return params

    def node(self, n: Any, gid: int, depth: int, loops: int) -> None:
        here = f"a node of graph {gid}"
        _keys(n, _NODE_KEYS, member=here)
        nid = _int(n["id"], here, "id")
        here = f"node {nid}"
        if nid in self.defined:
            raise _fail(f"id {nid} is defined twice", here, "id")
        op = _keys(n["op"], set(), frozenset({"special", "primitive"}), here, "op")
        if len(op) != 1:
            raise _fail("expected one of 'special' or 'primitive'", here, "op")
        inputs = _list(n["inputs"], here, "inputs")
        attrs = n["attrs"]
        if type(attrs) is not dict:
            raise _fail(f"expected an object, got {_kind(attrs)}", here, "attrs")
        kind = self.abstract(n["abstract"], here, "abstract")
        if "primitive" in op:
            name = op["primitive"]
            prim = self.ctx.primitive(name) if type(name) is str else None
            if prim is None:
                raise _fail(f"it uses the operation '{_short(name)}', which this graphc does "
                            "not have", here, "op")
            visible = self.visible
            for i, r in enumerate(inputs):
                if not (type(r) is dict and len(r) == 1 and type(r.get("node")) is int
                        and r["node"] in visible):  # (else the full check, and its message)
                    self.ref(r, here, f"inputs[{i}]")
            decoded = {k: self.plain(v, here, f"attrs.{_short(k)}", 0)
                       for k, v in attrs.items()}
            try:
                self.ctx.check_attrs(prim, decoded)
            except FileFormatError as exc:
                raise _fail(exc.what, here, exc.field) from None
        else:
            self.special(op["special"], n, inputs, attrs, here, depth, loops)
        self.defined.add(nid)
        self.define(nid)
        if kind == "spec":
            self.tensors.add(nid)

    def special(self, name: Any, n: dict[str, Any], inputs: list[Any], attrs: dict[str, Any],
                here: str, depth: int, loops: int) -> None:
        rule = SPECIAL_RULES.get(name) if type(name) is str else None
        if rule is None:
            raise _fail(f"unknown operation {_short(name)}", here, "op")
        if len(inputs) < rule.min_args or (rule.max_args is not None and
                                           len(inputs) > rule.max_args):
            raise _fail(f"'{name}' takes {rule.min_args}"
                        + ("" if rule.max_args == rule.min_args else
                           f" to {rule.max_args}" if rule.max_args is not None else " or more")
                        + f" operands, not {len(inputs)}", here, "inputs")
        if rule.attrs is not None:
            rule.attrs(self, attrs, here, inputs)
        graph_ids = []
        for i, r in enumerate(inputs):
            if i in rule.graph_args:
                c = _keys(r, {"const"}, frozenset({"abstract"}), here, f"inputs[{i}]")
                self.abstract(c.get("abstract"), here, f"inputs[{i}].abstract")
                g = _keys(c["const"], {"graph"}, member=here, field=f"inputs[{i}]")
                graph_ids.append(g["graph"])
            else:
                self.ref(r, here, f"inputs[{i}]", arrays=name != "tuple_getitem",
                         weights=name == "print")
        if name == "tuple_getitem":
            index = inputs[1].get("const") if type(inputs[1]) is dict else None
            if type(index) is not int or index < 0:
                raise _fail("expected a constant non-negative int index", here, "inputs[1]")
        elif name == "switch":
            for i, g in zip((1, 2), graph_ids):
                mark = len(self.added)
                if self.graph(g, depth + 1, loops, here, f"inputs[{i}]"):
                    raise _fail("a branch takes no parameters", f"graph {g}", "params")
                self.leave(mark)  # what a branch defines, the other cannot read
        elif name == "while_loop":
            mark = len(self.added)
            cond = self.graph(graph_ids[0], depth + 1, loops + 1, here, "inputs[0]")
            if len(cond) != len(inputs) - 2:
                raise _fail(f"the loop carries {len(inputs) - 2} values but its condition "
                            f"takes {len(cond)}", here, "inputs")
            self.graph(graph_ids[1], depth + 1, loops + 1, here, "inputs[1]", shared=cond)
            self.leave(mark)

    # -- the whole file ---------------------------------------------------------------------
    def run(self) -> None:
        d = self.desc
        _keys(d, {"format", "version", "root", "graphs", "name", "inputs", "params", "output",
                  "weights"})
        name = _str(d["name"], None, "name")
        if not name.isprintable():
            raise _fail("the name holds unprintable characters", None, "name")
        graphs = d["graphs"]
        if type(graphs) is not dict:
            raise _fail(f"expected an object, got {_kind(graphs)}", None, "graphs")
        self.graphs = graphs
        inputs = _list(d["inputs"], None, "inputs")
        for i, x in enumerate(inputs):
            _keys(x, {"shape", "dtype"}, member=None, field=f"inputs[{i}]")
            shape = _list(x["shape"], None, f"inputs[{i}].shape")
            if len(shape) > MAX_RANK or not all(type(s) is int and s >= 0 for s in shape):
                raise _fail(f"expected at most {MAX_RANK} non-negative ints", None,
                            f"inputs[{i}].shape")
            if not _named(x["dtype"], DTYPES):
                raise _fail(f"{_short(x['dtype'])} is not a dtype", None, f"inputs[{i}].dtype")
        weights = _list(d["weights"], None, "weights")
        if not all(type(w) is str and len(w) <= MAX_NAME for w in weights) or \
                len(set(weights)) != len(weights):
            raise _fail("expected distinct names", None, "weights")
        self.graph(d["root"], 0, 0, None, "root", root=True)  # type: ignore[arg-type]
        unused = set(graphs) - {str(g) for g in self.state}
        if unused:
            raise _fail(f"{len(unused)} graph(s) are not part of the graph", None, "graphs")
        args: set[int] = set()
        covered: set[int] = set()
        for i, p in enumerate(_list(d["params"], None, "params")):
            _keys(p, {"node", "arg"}, member=None, field=f"params[{i}]")
            node = p["node"]
            if type(node) is not int or self.root_params.get(node, True):
                raise _fail("expected an input parameter of the outermost graph", None,
                            f"params[{i}].node")
            arg = _int(p["arg"], None, f"params[{i}].arg", 0, len(inputs))
            if arg in args or node in covered:
                raise _fail("an argument or parameter is read twice", None, f"params[{i}]")
            args.add(arg)
            covered.add(node)
        missing = [p for p, weight in self.root_params.items() if not weight and p not in covered]
        if missing:
            raise _fail(f"parameter {missing[0]} of the outermost graph is not read from an "
                        "argument", None, "params")
        self.structure(d["output"], "output", 0)

    def structure(self, s: Any, where: str, depth: int) -> None:
        """The output structure: what `runtime.export` rebuilds the result from."""
        if depth > MAX_VALUE_DEPTH:
            raise _fail(f"the output is nested more than {MAX_VALUE_DEPTH} deep", None, where)
        if type(s) is not dict or not s:
            raise _fail(f"expected an output structure, got {_kind(s)}", None, where)
        kind = next(iter(s))
        if kind == "weight":
            _keys(s, {"weight"}, member=None, field=where)
            if not _named(s["weight"], self.ctx.weights):
                raise _fail(f"no weight named {_short(s['weight'])} in the file", None, where)
        elif kind == "tensor":
            r = _keys(s, {"tensor"}, member=None, field=where)["tensor"]
            self.ref(r, None, where)  # type: ignore[arg-type]
            if "node" in r and r["node"] not in self.tensors:
                raise _fail("the node is not a tensor", None, where)
            if "const" in r and not (type(r["const"]) is dict and "array" in r["const"]):
                raise _fail("expected an array constant", None, where)
        elif kind == "scalar":
            _keys(s, {"scalar", "type"}, member=None, field=where)
            self.ref(s["scalar"], None, where)  # type: ignore[arg-type]
            if not _named(s["type"], SCALAR_TYPES):
                raise _fail(f"expected one of {list(SCALAR_TYPES)}", None, f"{where}.type")
        elif kind in ("tuple", "list"):
            items = _list(_keys(s, {kind}, member=None, field=where)[kind], None, where)
            for i, x in enumerate(items):
                self.structure(x, f"{where}[{i}]", depth + 1)
        elif kind == "dict":
            items = _list(_keys(s, {"dict"}, member=None, field=where)["dict"], None, where)
            for i, pair in enumerate(items):
                if type(pair) is not list or len(pair) != 2:
                    raise _fail("expected [key, value]", None, f"{where}[{i}]")
                self.key(pair[0], f"{where}[{i}].key", depth + 1)
                self.structure(pair[1], f"{where}[{i}].value", depth + 1)
        elif kind == "const":
            r = _keys(s, {"const"}, member=None, field=where)["const"]
            _keys(r, {"const"}, frozenset({"abstract"}), None, where)
            self.ref(r, None, where)  # type: ignore[arg-type]
        else:
            raise _fail(f"{_short(kind)} is not an output kind", None, where)


    def key(self, s: Any, where: str, depth: int) -> None:
        """A dict key of the output structure: a hashable constant, or a tuple of keys."""
        if depth > MAX_VALUE_DEPTH:
            raise _fail(f"the output is nested more than {MAX_VALUE_DEPTH} deep", None, where)
        if type(s) is dict and "tuple" in s:
            for i, x in enumerate(_list(_keys(s, {"tuple"}, member=None, field=where)["tuple"],
                                        None, where)):
                self.key(x, f"{where}[{i}]", depth + 1)
            return
        r = _keys(s, {"const"}, member=None, field=where)["const"]
        _keys(r, {"const"}, frozenset({"abstract"}), None, where)
        self.ref(r, None, where, arrays=False)
        try:
            hash(self.plain(r["const"], None, where, 0))
        except TypeError:
            raise _fail("the key is not hashable", None, where) from None


def check_description(desc: Any, ctx: SchemaContext) -> None:
    """Raise `GraphFormatError` unless `desc` is a graph description graphc could have written
    (see the module docstring). Nothing is built and nothing from `desc` is run."""
    if type(desc) is not dict or desc.get("format") != FORMAT or \
            desc.get("version") != VERSION:
        raise GraphFormatError("not a graphc graph file (or one from another version)")
    _Checker(desc, ctx).run()
