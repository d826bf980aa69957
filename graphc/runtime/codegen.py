"""Code generation: a specialised graph becomes the source of one Python function.

The generated function takes the call's run-time inputs (the arrays of Tensor arguments, in
order), reads Parameters' arrays when it starts, calls primitives' NumPy `impl`s directly (no
Tensor wrappers inside), and wraps its outputs back into Tensors. `switch` becomes `if/else`,
`while_loop` a real `while` loop (so 100,000 iterations neither recurse nor slow down).
The source is kept (`GeneratedFunction.source`) for inspection and for error messages.
Each node is emitted by the rule `EMITTERS` holds for its callee: one `EmitRule` for every
primitive, one per special op (a new special op without a rule is a graphc error).

Nothing from the graph is spelled into the source: every identifier in it is the generator's
own (`v12`, `_impl_add_8`, `a0`), and every constant but an exact `None`/`bool`/small `int`/finite
`float` (whose `repr` the generator controls) lives in the function's globals, the constants
table; attributes reach a primitive's `impl` as `**` of a table entry, and access paths and
names are rebuilt, not copied. So a graph read from a file cannot put code into the source.
"""

from __future__ import annotations

import ast
import keyword
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..common.tensor import Tensor
from ..ir import node as ir
from ..ir.graph import FuncGraph, operands_deep
from ..ops.primitive import PrimitiveDef, TensorSpec

_SCALAR_SYMBOLS = {
    operator.add: "+", operator.sub: "-", operator.mul: "*", operator.truediv: "/",
    operator.floordiv: "//", operator.mod: "%", operator.pow: "**", operator.lt: "<",
    operator.le: "<=", operator.gt: ">", operator.ge: ">=", operator.eq: "==",
    operator.ne: "!=",
}
_UNARY_SYMBOLS = {operator.neg: "-"}


@dataclass
class GeneratedFunction:
    """The compiled form of one specialisation."""

    source: str
    fn: Any
    globals: dict[str, Any] = field(repr=False)


def _wrap(array: Any) -> Tensor:
    t = object.__new__(Tensor)
    data: Any = array if type(array) is np.ndarray else np.asarray(array)
    t._data = data
    return t


class _Emitter:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[int, str] = {}
        self.globals: dict[str, Any] = {"_wrap": _wrap, "_np": np, "_print": print}
        self.global_ids: dict[int, str] = {}
        self.count = 0
        self.pinned: list[ir.Node] = []
        self.interpret_sites: list[Any] = []  # the user's line of each interpret node
        self.arg_count = 0  # the generated function's arguments, `a0` ... `a<arg_count - 1>`

    def fresh(self, prefix: str = "v") -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def const(self, value: Any, hint: str = "k") -> str:
        """An expression for constant `value`: a literal for exact `None`, `bool`, 64-bit
        `int` and finite `float` (types whose `repr` is a plain literal), else a global of the
        constants table. Strings, tuples and everything else never have their text in the
        source."""
        kind = type(value)
        if value is None or kind is bool or (kind is int and -2**63 <= value < 2**63) or (
                kind is float and np.isfinite(value)):
            return repr(value)
        key = id(value)
        name = self.global_ids.get(key)
        if name is None:
            name = f"_{_own_hint(hint)}{len(self.globals)}"
            self.globals[name] = value
            self.global_ids[key] = name
        return name

    def ref(self, node: ir.Node) -> str:
        if isinstance(node, ir.ValueNode):
            return self.const(node.value)
        if isinstance(node, ir.ValueNode):  # folded into a constant by a pass
            return self.const(node.value)
        name = self.names.get(id(node))
        if name is None:
            raise RuntimeError(f"graphc codegen: node {node!r} used before it is defined")
        return name

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def access(self, path: str, arg_count: int) -> str:
        """The expression reading a graph input from the arguments, rebuilt from `path` (the
        compiler's `a1[0]._data`, `int(a0['k'])`): only argument names `a<i>` (i below
        `arg_count`), subscripts by constants (through the constants table), `._data` and an
        `int(...)`/`float(...)` cast are allowed; anything else is graphc's own bug."""
        try:
            tree = ast.parse(path, mode="eval").body
        except SyntaxError:
            tree = None
        out = self._access_expr(tree, arg_count) if tree is not None else None
        if out is None:
            raise RuntimeError(f"graphc codegen: {path!r} is not an argument access path")
        return out

    def _access_expr(self, node: ast.expr, arg_count: int) -> str | None:
        if isinstance(node, ast.Name):
            index = node.id[1:]
            if node.id.startswith("a") and index.isdigit() and index.isascii() and \
                    int(index) < arg_count:
                return f"a{int(index)}"
            return None
        if isinstance(node, ast.Subscript):
            inner = self._access_expr(node.value, arg_count)
            try:
                key = ast.literal_eval(node.slice)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                return None
            return None if inner is None else f"{inner}[{self.const(key, 'key')}]"
        if isinstance(node, ast.Attribute) and node.attr == "_data":
            inner = self._access_expr(node.value, arg_count)
            return None if inner is None else f"{inner}._data"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in _CASTS and len(node.args) == 1 and not node.keywords:
            inner = self._access_expr(node.args[0], arg_count)
            return None if inner is None else f"{_CASTS[node.func.id]}({inner})"
        return None


_CASTS = {"int": "int", "float": "float", "bool": "bool"}


def _own_hint(hint: str) -> str:
    """`hint` (part of a global's name, e.g. from a primitive's name) if it is a plain ASCII
    identifier fragment, else a fixed one: no foreign text becomes part of an identifier."""
    return hint if hint.isascii() and (hint.replace("_", "a").isalnum()) and \
        len(hint) <= 40 else "k"


def _own_name(name: str) -> str:
    """The function's name in the source: `name` when it is a plain ASCII identifier that is
    not a keyword (the compiler's function names), else `graph`."""
    return name if name.isascii() and name.isidentifier() and not keyword.iskeyword(name) \
        and len(name) <= 100 else "graph"


def generate(graph: FuncGraph, input_params: list[ir.Parameter], output: Any,
             name: str = "graph", arg_count: int = 0, access: list[str] | None = None
             ) -> GeneratedFunction:
    """Python source for `graph`, a function of `arg_count` arguments `a0, a1, ...`.
    `input_params[i]` is read from the arguments by the expression `access[i]` (such as
    `a1[0]._data`); `output` is the Python structure of the result (graph values and
    constants) whose graph values are the nodes the passes left (the passes re-point the roots
    they are given)."""
    e = _Emitter()
    e.arg_count = arg_count
    name = _own_name(name)
    arg_names = [f"a{i}" for i in range(arg_count)]
    body_start = len(e.lines)
    for p, path in zip(input_params, access or []):
        n = e.fresh("x")
        e.names[id(p)] = n
        e.emit(1, f"{n} = {e.access(path, arg_count)}")
    for p in graph.parameters:
        if p.weight is not None:
            n = e.fresh("w")
            e.names[id(p)] = n
            e.emit(1, f"{n} = {e.const(p.weight, 'param')}._data")
    e.pinned = _output_nodes(output)
    _emit_graph(e, graph, 1, free_dead=True)
    e.emit(1, f"return {_output_expr(e, output)}")
    header = f"def {name}({', '.join(arg_names)}):"
    body = e.lines[body_start:]
    if e.interpret_sites:  # an error in Python code the graph runs names the user's line
        e.globals["_note_site"] = _note_site
        e.globals["_sites"] = tuple(e.interpret_sites)
        body = ["    _at = -1", "    try:"] + ["    " + line for line in body] + [
            "    except Exception as _exc:", "        _note_site(_exc, _sites, _at)",
            "        raise"]
    lines = e.lines[:body_start] + [header] + body
    source = "\n".join(lines) + "\n"
    code = compile(source, f"<graphc generated {name}>", "exec")
    namespace = dict(e.globals)
    # the lines raising the user's exceptions (`raise` of the program), told from graphc's bugs
    namespace["_user_raise_lines"] = frozenset(
        i + 1 for i, line in enumerate(lines) if line.lstrip().startswith("raise _exc"))
    namespace["__name__"] = "graphc.generated"  # warnings from kernels here are graphc's
    exec(code, namespace)  # noqa: S102  (our own generated source)
    return GeneratedFunction(source, namespace[name], namespace)


_VIEWS = {type({}.keys()): "keys", type({}.values()): "values", type({}.items()): "items"}


def _output_nodes(value: Any) -> list[ir.Node]:
    from ..infer.values import GraphAny, GraphScalar, GraphTensor
    if isinstance(value, (GraphTensor, GraphScalar, GraphAny)):
        return [value.node]
    if isinstance(value, (tuple, list)):
        return [n for v in value for n in _output_nodes(v)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _output_nodes(v)]
    if type(value) in _VIEWS:
        return _output_nodes(dict(value.mapping))
    if type(value) is slice:
        return _output_nodes((value.start, value.stop, value.step))
    return []


def _output_expr(e: _Emitter, value: Any) -> str:
    from ..infer.values import GraphAny, GraphScalar, GraphTensor
    if isinstance(value, GraphTensor):
        if value.graphc_weight is not None:  # `return self.p`: the Parameter itself, as PyNative
            return e.const(value.graphc_weight, "param")
        if isinstance(value.node, ir.ValueNode):  # folded: a new array per call
            return f"_wrap({e.ref(value.node)}.copy())"
        return f"_wrap({e.ref(value.node)})"
    if isinstance(value, (GraphScalar, GraphAny)):
        return e.ref(value.node)
    if isinstance(value, tuple):
        inner = ", ".join(_output_expr(e, v) for v in value)
        return f"({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, list):
        return "[" + ", ".join(_output_expr(e, v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{e.const(k)}: {_output_expr(e, v)}" for k, v in value.items())
        return "{" + items + "}"
    if type(value) is slice:  # (its bounds may be graph values)
        parts = ", ".join(_output_expr(e, v) for v in (value.start, value.stop, value.step))
        return f"slice({parts})"
    view = _VIEWS.get(type(value))
    if view is not None:  # d.keys()/values()/items(): the view of a fresh dict, as Python
        return f"{_output_expr(e, dict(value.mapping))}.{view}()"
    if isinstance(value, Tensor):  # a constant Tensor: a fresh object (and array) per call
        return f"_wrap({e.const(value._data)}.copy())"
    return e.const(value)


def _emit_graph(e: _Emitter, graph: FuncGraph, indent: int, free_dead: bool = False) -> None:
    """Emit `graph`'s nodes. With `free_dead` (the top level), each array is released right
    after its last use, as hand-written NumPy would, so big intermediates do not pile up."""
    last_use: dict[int, int] = {}
    if free_dead:
        for i, node in enumerate(graph.nodes):
            for used in operands_deep(node):
                if isinstance(used, ir.CNode):
                    last_use[id(used)] = i
        keep = {id(graph.output)} | {id(n) for n in e.pinned}
        top_level = {id(n) for n in graph.nodes}
    for i, node in enumerate(graph.nodes):
        _emit_node(e, node, indent)
        if free_dead:
            dead = [e.names[id(u)] for u in _unique(operands_deep(node))
                    if id(u) in top_level and last_use.get(id(u)) == i
                    and id(u) not in keep and id(u) in e.names]
            if dead:
                e.emit(indent, f"del {', '.join(dead)}")


def _unique(nodes: list[ir.Node]) -> list[ir.Node]:
    seen: dict[int, ir.Node] = {}
    for n in nodes:
        seen.setdefault(id(n), n)
    return list(seen.values())


def _emit_node(e: _Emitter, node: ir.CNode, indent: int) -> None:
    callee = node.callee
    rule = EMITTERS.get(callee) or EMITTERS.get(type(callee))
    if rule is None:
        raise RuntimeError(f"graphc codegen: no rule for {callee!r}")
    rule.emit(e, node, indent)


Emit = Callable[["_Emitter", ir.CNode, int], None]
PythonView = Callable[["_Emitter", ir.CNode, str], str]


@dataclass(frozen=True, slots=True)
class EmitRule:
    """How one kind of CNode becomes source.

    `emit(e, node, indent)` writes its lines (and names the node's value, if it makes one);
    `python(e, node, expr)`, for the containers, is the expression of the node's value `expr`
    as Python code sees it (print, interpret nodes): its arrays wrapped as Tensors.
    """

    emit: Emit
    python: PythonView | None = None


def _emit_primitive(e: _Emitter, node: ir.CNode, indent: int) -> None:
    """`vN = <impl>(operands, **attrs)`: a direct call of the primitive's NumPy `impl`."""
    callee = node.callee
    target = e.fresh()
    e.names[id(node)] = target
    fn = e.const(callee.impl, f"impl_{callee.name}_")
    parts = [e.ref(a) for a in node.args]
    if node.attrs:  # keyword attributes as `**` of a table entry: no name in the source
        parts.append(f"**{e.const(dict(node.attrs), 'attrs')}")
    e.emit(indent, f"{target} = {fn}({', '.join(parts)})")


def _value(expression: Callable[[_Emitter, ir.CNode], str], prefix: str = "v") -> Emit:
    """The rule of an op that computes one value: `<prefix>N = <expression>`."""
    def emit(e: _Emitter, node: ir.CNode, indent: int) -> None:
        expr = expression(e, node)
        target = e.fresh(prefix)
        e.names[id(node)] = target
        e.emit(indent, f"{target} = {expr}")
    return emit


def _tuple_expr(items: list[str]) -> str:
    return f"({', '.join(items)}{',' if len(items) == 1 else ''})"


def _tuple_value(e: _Emitter, node: ir.CNode) -> str:
    return _tuple_expr([e.ref(a) for a in node.args])


def _list_value(e: _Emitter, node: ir.CNode) -> str:
    return f"[{', '.join(e.ref(a) for a in node.args)}]"


def _dict_value(e: _Emitter, node: ir.CNode) -> str:
    return _dict_expr(e, node, [e.ref(a) for a in node.args])


def _getitem_value(e: _Emitter, node: ir.CNode) -> str:
    return f"{e.ref(node.args[0])}[{e.ref(node.args[1])}]"


def _to_scalar_value(e: _Emitter, node: ir.CNode) -> str:
    # (`.item()`: NumPy 2 converts only 0-d arrays with int()/float())
    return f"{e.const(node.attrs['type'], 'type')}({e.ref(node.args[0])}.item())"


def _emit_raise(e: _Emitter, node: ir.CNode, indent: int) -> None:
    exc_type = e.const(node.attrs["type"], "exc")
    e.emit(indent, f"raise {exc_type}(*{e.const(node.attrs['args'], 'args')})")


def _emit_push(e: _Emitter, node: ir.CNode, indent: int) -> None:
    args = node.args
    e.emit(indent, f"{e.ref(args[0])}.append({_tuple_expr([e.ref(a) for a in args[1:]])})")


def _emit_assign_parameter(e: _Emitter, node: ir.CNode, indent: int) -> None:
    e.emit(indent, f"{e.const(node.attrs['weight'], 'param')}._data = {e.ref(node.args[0])}")


def _emit_assign_argument(e: _Emitter, node: ir.CNode, indent: int) -> None:
    target = e.access(node.attrs["path"], e.arg_count)
    e.emit(indent, f"{target}._data = {e.ref(node.args[0])}")


def _dict_expr(e: _Emitter, node: ir.CNode, values: list[str]) -> str:
    items = ", ".join(f"{e.const(k)}: {v}" for k, v in zip(node.attrs["keys"], values))
    view = _VIEW_CALLS.get(node.attrs["view"])
    if view is None:
        raise RuntimeError(f"graphc codegen: no dict view {node.attrs['view']!r}")
    return "{" + items + "}" + view


_VIEW_CALLS = {"": "", "keys": ".keys()", "values": ".values()", "items": ".items()"}


def _scalar_expr(e: _Emitter, node: ir.CNode) -> str:
    op = node.attrs["op"]
    refs = [e.ref(a) for a in node.args]
    if op == "to_tensor":
        return f"_np.asarray({refs[0]}, dtype={e.const(node.attrs['dtype'].np_dtype)})"
    symbol = _SCALAR_SYMBOLS.get(op)
    if symbol is not None:
        return f"({refs[0]} {symbol} {refs[1]})"
    prefix = _UNARY_SYMBOLS.get(op)
    if prefix is not None:
        return f"({prefix}{refs[0]})"
    return f"{e.const(op, 'fn')}({', '.join(refs)})"


def _graph_operand(node: ir.CNode, i: int) -> FuncGraph:
    operand = node.args[i]
    if not (isinstance(operand, ir.ValueNode) and isinstance(operand.value, FuncGraph)):
        raise RuntimeError(f"graphc codegen: operand {i} of {node.callee!r} is not a graph")
    return operand.value


def _output_of(graph: FuncGraph) -> ir.Node:
    if graph.output is None:
        raise RuntimeError(f"graphc codegen: graph {graph.name} has no output")
    return graph.output


def _emit_switch(e: _Emitter, node: ir.CNode, indent: int) -> None:
    cond, true_graph, false_graph = node.args[0], _graph_operand(node, 1), _graph_operand(node, 2)
    target = e.fresh()
    e.names[id(node)] = target
    e.emit(indent, f"if {e.ref(cond)}:")
    for graph in (true_graph, false_graph):
        _emit_graph(e, graph, indent + 1)
        e.emit(indent + 1, f"{target} = {e.ref(_output_of(graph))}")
        if graph is true_graph:
            e.emit(indent, "else:")


def _emit_while(e: _Emitter, node: ir.CNode, indent: int) -> None:
    cond_graph, body_graph = _graph_operand(node, 0), _graph_operand(node, 1)
    init = node.args[2:]
    names = []
    for p, value in zip(cond_graph.parameters, init):
        n = e.fresh("c")
        e.names[id(p)] = n
        names.append(n)
        e.emit(indent, f"{n} = {e.ref(value)}")
    e.emit(indent, "while True:")
    _emit_graph(e, cond_graph, indent + 1)
    e.emit(indent + 1, f"if not {e.ref(_output_of(cond_graph))}:")
    e.emit(indent + 2, "break")
    _emit_graph(e, body_graph, indent + 1)
    if names:
        out = e.ref(_output_of(body_graph))
        e.emit(indent + 1, f"{', '.join(names)}{',' if len(names) == 1 else ''} = {out}")
    target = e.fresh()
    e.names[id(node)] = target
    e.emit(indent, f"{target} = ({', '.join(names)}{',' if len(names) == 1 else ''})")


def _emit_py_execute(e: _Emitter, node: ir.CNode, indent: int) -> None:
    """An interpret node: a plain Python call on the run-time objects (arrays as Tensors)."""
    info = node.attrs["info"]
    refs = [_python_arg(e, a) for a in node.args]
    kwnames = info.kwnames
    positional = refs[1:len(refs) - len(kwnames)]
    keywords = [f"{e.const(k, 'kw')}: {v}"
                for k, v in zip(kwnames, refs[len(refs) - len(kwnames):])]
    if keywords:  # keyword names through the constants table too
        positional.append("**{" + ", ".join(keywords) + "}")
    call = f"{refs[0]}({', '.join(positional)})"
    if info.annotation is not None:
        call = f"{e.const(info.annotation, 'typing')}.check({call}, {e.const(info.loc, 'loc')})"
    target = e.fresh()
    e.names[id(node)] = target
    e.interpret_sites.append(info.loc)
    e.emit(indent, f"_at = {len(e.interpret_sites) - 1}")
    e.emit(indent, f"{target} = {call}")


def _note_site(exc: BaseException, sites: tuple[Any, ...], at: int) -> None:
    """Add to an exception raised while a graph ran which user line was running in Python."""
    if 0 <= at < len(sites) and hasattr(exc, "add_note") and \
            not getattr(exc, "_graphc_noted", False):
        loc = sites[at]
        exc.add_note(f"(raised by Python code the compiled graph runs, at {loc}: "
                     f"{loc.line_text.strip()})")
        exc._graphc_noted = True  # type: ignore[attr-defined]


def _emit_print(e: _Emitter, node: ir.CNode, indent: int) -> None:
    parts = [_python_arg(e, a) for a in node.args]
    for key in ("sep", "end", "file", "flush"):
        if key in node.attrs:
            parts.append(f"{key}={e.const(node.attrs[key])}")
    e.emit(indent, f"_print({', '.join(parts)})")


def _python_arg(e: _Emitter, node: ir.Node) -> str:
    """A value as Python code sees it (print, interpret nodes): arrays as Tensors."""
    if isinstance(node, ir.ValueNode):
        if isinstance(node.value, np.ndarray) and isinstance(node.abstract, TensorSpec):
            return f"_wrap({e.const(node.value)})"
        return e.const(node.value)
    return _converted(e, node, e.ref(node))


def _python_view(node: ir.Node) -> PythonView | None:
    """The container rule's view of `node`'s value as Python code sees it, if it has one."""
    if not isinstance(node, ir.CNode):
        return None
    rule = EMITTERS.get(node.callee)
    return rule.python if rule is not None else None


def _converted(e: _Emitter, node: ir.Node, expr: str) -> str:
    """`expr` (the run-time value of `node`) with its arrays wrapped as Tensors; containers
    are rebuilt from `expr` by index, so no freed intermediate is read again."""
    if isinstance(node, ir.ValueNode):
        return _python_arg(e, node)
    if isinstance(node.abstract, TensorSpec):
        return f"_wrap({expr})"
    view = _python_view(node)
    if view is not None and isinstance(node, ir.CNode) and _holds_arrays(node):
        return view(e, node, expr)
    return expr


def _python_tuple(e: _Emitter, node: ir.CNode, expr: str) -> str:
    return _tuple_expr([_converted(e, a, f"{expr}[{i}]") for i, a in enumerate(node.args)])


def _python_list(e: _Emitter, node: ir.CNode, expr: str) -> str:
    return "[" + ", ".join(_converted(e, a, f"{expr}[{i}]")
                           for i, a in enumerate(node.args)) + "]"


def _python_dict(e: _Emitter, node: ir.CNode, expr: str) -> str:
    source = expr if not node.attrs["view"] else f"{expr}.mapping"
    return _dict_expr(e, node, [_converted(e, a, f"{source}[{e.const(k)}]")
                                for k, a in zip(node.attrs["keys"], node.args)])


def _holds_arrays(node: ir.Node) -> bool:
    if isinstance(node, ir.ValueNode):
        return isinstance(node.value, np.ndarray) and isinstance(node.abstract, TensorSpec)
    if isinstance(node.abstract, TensorSpec):
        return True
    if isinstance(node, ir.CNode) and _python_view(node) is not None:
        return any(_holds_arrays(a) for a in node.args)
    return False


# The one table code generation dispatches on: a CNode's callee (a special op), or the type of
# its callee (every primitive). `tests/runtime/test_codegen_rules.py` covers every special op.
EMITTERS: dict[Any, EmitRule] = {
    PrimitiveDef: EmitRule(_emit_primitive),
    ir.MAKE_TUPLE: EmitRule(_value(_tuple_value), python=_python_tuple),
    ir.MAKE_LIST: EmitRule(_value(_list_value), python=_python_list),
    ir.MAKE_DICT: EmitRule(_value(_dict_value), python=_python_dict),
    ir.TUPLE_GETITEM: EmitRule(_value(_getitem_value)),
    ir.SCALAR_OP: EmitRule(_value(_scalar_expr)),
    ir.TENSOR_TO_SCALAR: EmitRule(_value(_to_scalar_value)),
    ir.SWITCH: EmitRule(_emit_switch),
    ir.WHILE_LOOP: EmitRule(_emit_while),
    ir.PRINT: EmitRule(_emit_print),
    ir.RAISE: EmitRule(_emit_raise),
    ir.PY_EXECUTE: EmitRule(_emit_py_execute),
    ir.ASSIGN_PARAMETER: EmitRule(_emit_assign_parameter),
    ir.ASSIGN_ARGUMENT: EmitRule(_emit_assign_argument),
    ir.MAKE_STACK: EmitRule(_value(lambda e, n: "[]", prefix="stack")),
    ir.STACK_PUSH: EmitRule(_emit_push),
    ir.STACK_POP: EmitRule(_value(lambda e, n: f"{e.ref(n.args[0])}.pop()")),
    ir.STACK_NONEMPTY: EmitRule(_value(lambda e, n: f"bool({e.ref(n.args[0])})")),
}
