"""graphc.ir: the MindIR-like SSA graph — nodes, FuncGraph, effects, printer, verifier."""

from .effects import effects_of, is_pure, makes_value, nested_graphs
from .graph import FuncGraph
from .manager import GraphManager, Use
from .node import (
    ASSIGN_ARGUMENT,
    ASSIGN_PARAMETER,
    MAKE_DICT,
    MAKE_LIST,
    MAKE_STACK,
    MAKE_TUPLE,
    PRINT,
    PY_EXECUTE,
    RAISE,
    SCALAR_OP,
    SPECIAL_OPS,
    STACK_NONEMPTY,
    STACK_POP,
    STACK_PUSH,
    SWITCH,
    TENSOR_TO_SCALAR,
    TUPLE_GETITEM,
    WHILE_LOOP,
    CNode,
    Effect,
    Node,
    Parameter,
    SpecialOp,
    ValueNode,
)
from .printer import format_graph
from .verify import verify_graph
