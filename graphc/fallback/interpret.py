"""The interpret node: a call that runs in CPython when the graph runs (SPEC 3, DESIGN step 4).

Every fallback construct is reduced to one form, `callee(*args, **kwargs)` — a NumPy function,
`getattr`, `operator.add`, a method called by name, a plain class — whose operands are graph
values or constants. The specialiser asks `Interpreter.call` for it; when no operand is a graph
value and the call is not a side effect, it is evaluated at once (compile time) and its result
is a constant. Otherwise a `py_execute` node is recorded, in program order with the graph's other
side effects, and its result is `GraphAny` (or a run-time scalar when its type is known).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MethodType
from typing import Any

from ..common.context import active_tapes
from ..common.errors import SourceLocation
from ..common.internal import user_operations
from ..infer.abstract import AbstractAny, AbstractScalar
from ..infer.values import GraphAny, GraphScalar, contains_graph_value
from ..ir import node as ir
from .annotation import TypeAnnotation, parse_annotation, statement_comment
from .effects import runs_each_call


@dataclass(slots=True, eq=False)
class InterpretInfo:
    """What `explain` and error messages say about one interpret node."""

    reason: str
    loc: SourceLocation
    annotation: Any = None
    kwnames: tuple[str, ...] = field(default=())

    @property
    def source(self) -> str:
        """The text of the expression or statement the node runs, from the user's line."""
        loc = self.loc
        text = loc.line_text
        if not text:
            return ""
        if loc.end_line in (0, loc.line) and loc.end_col > loc.col:
            return text[loc.col:loc.end_col]
        return text.strip()

    def __repr__(self) -> str:
        return f"PyExecute({self.source!r})"


class CallMethod:
    """`CallMethod(name)(obj, *args)` calls `obj.name(*args)`: a method call on a value only
    known at run time, as one interpret node."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    @user_operations
    def __call__(self, obj: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(obj, self.name)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<method {self.name}>"


def _reads_watched(value: Any, tapes: tuple[Any, ...]) -> bool:
    """Whether `value` (or a container or bound method holding it) is watched by a tape."""
    if any(id(value) in tape.watched for tape in tapes):
        return True
    if isinstance(value, (tuple, list)):
        return any(_reads_watched(v, tapes) for v in value)
    if isinstance(value, dict):
        return any(_reads_watched(v, tapes) for v in value.values())
    if isinstance(value, MethodType):
        return _reads_watched(value.__self__, tapes)
    return False


class Interpreter:
    """Records interpret nodes into the graph a `GraphBuilder` is building (LAX level, for the
    `LaxPolicy` that owns it)."""

    def __init__(self, builder: Any, policy: Any) -> None:
        self.builder = builder
        self.policy = policy  # the LaxPolicy: the statement's annotation, Python callables
        self.nodes: list[ir.CNode] = []
        self.folded: list[InterpretInfo] = []  # fallback calls evaluated at compile time
        # How many interpret nodes were given a value an autodiff tape is differentiating.
        self.watched_reads = 0
        self._has_comments: dict[int, bool] = {}
        self._expressions: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    @user_operations
    def call(self, callee: Any, args: tuple[Any, ...], kwargs: dict[str, Any], reason: str,
             *, effect: bool = False, pytype: type | None = None) -> Any:
        """`callee(*args, **kwargs)` in CPython: now if nothing in it is a run-time value and it
        is no side effect, else at run time (an interpret node)."""
        builder = self.builder
        if self.policy.side_effect_statement or runs_each_call(callee):
            effect = True
        owner = getattr(callee, "__self__", None)
        if isinstance(callee, MethodType) and contains_graph_value(owner):
            # a method of a graph value: call it by name on the run-time object
            return self.call_method(owner, callee.__name__, args, kwargs, reason,
                                    effect=effect, pytype=pytype)
        if not effect and not contains_graph_value((callee, args, kwargs)):
            self.note_folded(reason)
            return callee(*args, **kwargs)
        info = InterpretInfo(reason, builder.loc, kwnames=tuple(kwargs))
        args = tuple(self.policy.python_callable(a) for a in args)
        kwargs = {k: self.policy.python_callable(v) for k, v in kwargs.items()}
        operands = (callee,) + tuple(args) + tuple(kwargs.values())
        self.policy.note_passed_to_python(operands)
        tapes = active_tapes.get()
        if tapes and _reads_watched(operands, tapes):
            self.watched_reads += 1
        abstract = AbstractScalar(pytype) if pytype is not None else AbstractAny()
        node = builder.graph.add(ir.CNode(
            (ir.ValueNode(ir.PY_EXECUTE),) + tuple(builder.node_of(v, python=True)
                                              for v in operands),
            {"info": info}, abstract, builder.loc))
        builder.effects += 1
        self.nodes.append(node)
        if pytype is not None:
            return GraphScalar(node, pytype)
        return GraphAny(node)

    def compile_expression(self, node: Any, names: tuple[str, ...],
                           namespace: dict[str, Any]) -> Any:
        """A Python function of `names` that evaluates the gast expression `node` in the
        module `namespace` (compiled from the unparsed source, once per node)."""
        key = (id(node), names, id(namespace))
        fn = self._expressions.get(key)
        if fn is None:
            import astunparse
            import gast
            text = astunparse.unparse(gast.gast_to_ast(gast.Expression(body=node))).strip()
            code = compile(f"lambda {', '.join(names)}: ({text})", "<graphc interpret node>",
                           "eval")
            fn = eval(code, namespace)  # noqa: S307  (the user's own expression)
            self._expressions[key] = (fn, node)
        else:
            fn = fn[0]
        return fn

    def runs_each_call(self, func: Any) -> bool:
        """Whether a call of `func` must happen at run time even on constant inputs."""
        return runs_each_call(func)

    def note_folded(self, reason: str) -> None:
        """Record a call into Python evaluated at compile time (its inputs were constants)."""
        self.folded.append(InterpretInfo(reason, self.builder.loc))

    def call_method(self, obj: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
                    reason: str, *, effect: bool = False, pytype: type | None = None) -> Any:
        """`obj.name(*args, **kwargs)` in CPython, `obj` being known only at run time."""
        return self.call(CallMethod(name), (obj,) + tuple(args), kwargs, reason, effect=effect,
                         pytype=pytype)

    def statement_annotation(self, source: Any, stmt: Any, scope: dict[str, Any],
                             where: SourceLocation) -> Any:
        """The `# @jit.typing:` annotation of `stmt` in `source` (a `SourceFunction`): a
        `TypeAnnotation`, `"side_effect"`, or None."""
        has = self._has_comments.get(id(source))
        if has is None:
            has = self._has_comments[id(source)] = any("@jit.typing" in line
                                                       for line in source.lines)
        if not has:
            return None
        comment = statement_comment(list(source.lines), stmt.lineno,
                                    getattr(stmt, "end_lineno", None) or stmt.lineno)
        if comment is None:
            return None
        return parse_annotation(comment, scope, where)

    def tensor_annotation(self, dtype: Any) -> TypeAnnotation:
        """The type `tensor(..., dtype=dtype)` gives its result (SPEC 3.10)."""
        return TypeAnnotation("tensor", dtype)

    def annotate(self, value: GraphAny, annotation: Any) -> GraphAny:
        """`value` typed by a `# @jit.typing:` annotation (checked when its node runs)."""
        node = value.node
        if isinstance(node, ir.CNode) and node.callee is ir.PY_EXECUTE:
            node.attrs["info"].annotation = annotation
            node.abstract = AbstractAny(annotation)
        return GraphAny(node, annotation)


__all__ = ["CallMethod", "InterpretInfo", "Interpreter"]
