"""graphc.ir: the MindIR-like SSA graph — nodes, FuncGraph, printer, verifier."""

from .graph import FuncGraph
from .manager import GraphManager, Use
from .node import (
    ASSIGN_ARGUMENT,
    ASSIGN_PARAMETER,
    MAKE_DICT,
    MAKE_LIST,
    MAKE_TUPLE,
    PRINT,
    PY_EXECUTE,
    RAISE,
    SCALAR_OP,
    SWITCH,
    TENSOR_TO_SCALAR,
    TUPLE_GETITEM,
    WHILE_LOOP,
    CNode,
    Node,
    Parameter,
    SpecialOp,
    ValueNode,
)
from .printer import format_graph
from .verify import verify_graph
