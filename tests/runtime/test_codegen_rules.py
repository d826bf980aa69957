"""Code generation's one emitter table: every special op (and the primitives) has a rule, and
each rule's source does what the op means. Graphs are built by hand, one op at a time."""

import operator
import re

import numpy as np
import pytest

from graphc.common import dtype as mstype
from graphc.common.errors import SourceLocation
from graphc.common.parameter import Parameter as Weight
from graphc.common.tensor import Tensor
from graphc.fallback.interpret import InterpretInfo
from graphc.infer.abstract import AbstractScalar, AbstractTuple
from graphc.infer.values import GraphScalar
from graphc.ir import node as ir
from graphc.ir.graph import FuncGraph
from graphc.ops.math_ops import ADD
from graphc.ops.primitive import PrimitiveDef, TensorSpec
from graphc.runtime import codegen

LOC = SourceLocation("net.py", 3, 4, 3, 9, "f", "    y = x + x")
SPEC = TensorSpec((2,), mstype.float32)
INT = AbstractScalar(int)


def _node(graph, op, *args, attrs=None, abstract=None):
    return graph.add(ir.CNode((ir.ValueNode(op),) + args, attrs or {}, abstract, LOC))


def _compile(graph, inputs, out):
    """The generated function of `graph`, reading `inputs` from its arguments, giving the
    run-time value of node `out` (or None)."""
    output = GraphScalar(out, object) if out is not None else None
    graph.output = out if out is not None else ir.ValueNode(None)
    return codegen.generate(graph, inputs, output, "f", arg_count=len(inputs),
                            access=[f"a{i}" for i in range(len(inputs))])


def _line(source, pattern):
    """The one line of `source` that matches `pattern` (a regex for the whole stripped line)."""
    found = [line.strip() for line in source.splitlines() if re.fullmatch(pattern, line.strip())]
    assert len(found) == 1, (pattern, source)
    return found[0]


def _arrays():
    return np.array([1.0, 2.0], np.float32), np.array([3.0, 4.0], np.float32)


def test_every_special_op_has_a_rule_and_so_do_primitives():
    assert set(ir.SPECIAL_OPS) <= set(codegen.EMITTERS)
    assert PrimitiveDef in codegen.EMITTERS


def test_a_callee_without_a_rule_is_a_graphc_error():
    g = FuncGraph("g")
    _node(g, ir.SpecialOp("no_such_op"))
    with pytest.raises(RuntimeError, match="no rule for no_such_op"):
        _compile(g, [], None)


def test_primitive_calls_its_impl_directly():
    g = FuncGraph("g")
    x = g.add_parameter("x", SPEC)
    out = g.add(ir.CNode((ir.ValueNode(ADD), x, x), {}, SPEC, LOC))
    gen = _compile(g, [x], out)
    _line(gen.source, r"v\d+ = _impl_add_\d+\(x\d+, x\d+\)")
    np.testing.assert_array_equal(gen.fn(_arrays()[0]), [2.0, 4.0])


@pytest.mark.parametrize("op, pattern, expected", [
    (ir.MAKE_TUPLE, r"v\d+ = \(x\d+, x\d+\)", tuple),
    (ir.MAKE_LIST, r"v\d+ = \[x\d+, x\d+\]", list),
])
def test_sequences_are_python_literals(op, pattern, expected):
    g = FuncGraph("g")
    x, y = g.add_parameter("x", SPEC), g.add_parameter("y", SPEC)
    out = _node(g, op, x, y, abstract=AbstractTuple((SPEC, SPEC)))
    gen = _compile(g, [x, y], out)
    _line(gen.source, pattern)
    a, b = _arrays()
    result = gen.fn(a, b)
    assert type(result) is expected and result[0] is a and result[1] is b


def test_make_dict_is_a_dict_literal_with_its_view():
    g = FuncGraph("g")
    x = g.add_parameter("x", SPEC)
    out = _node(g, ir.MAKE_DICT, x, attrs={"keys": ("k",), "view": "items"},
                abstract=AbstractTuple((SPEC,)))
    gen = _compile(g, [x], out)
    _line(gen.source, r"v\d+ = \{_k\d+: x\d+\}\.items\(\)")
    a, _ = _arrays()
    assert list(gen.fn(a)) == [("k", a)]


def test_tuple_getitem_indexes():
    g = FuncGraph("g")
    x, y = g.add_parameter("x", SPEC), g.add_parameter("y", SPEC)
    pair = _node(g, ir.MAKE_TUPLE, x, y, abstract=AbstractTuple((SPEC, SPEC)))
    out = _node(g, ir.TUPLE_GETITEM, pair, ir.ValueNode(1), abstract=SPEC)
    gen = _compile(g, [x, y], out)
    _line(gen.source, r"v\d+ = v\d+\[1\]")
    a, b = _arrays()
    assert gen.fn(a, b) is b


@pytest.mark.parametrize("op, n_args, pattern, expected", [
    (operator.sub, 2, r"v\d+ = \(x\d+ - x\d+\)", -10),
    (operator.neg, 1, r"v\d+ = \(-x\d+\)", 7),
    (abs, 1, r"v\d+ = _fn\d+\(x\d+\)", 7),
])
def test_scalar_ops_are_operators_or_calls(op, n_args, pattern, expected):
    g = FuncGraph("g")
    params = [g.add_parameter(f"s{i}", INT) for i in range(n_args)]
    out = _node(g, ir.SCALAR_OP, *params, attrs={"op": op}, abstract=INT)
    gen = _compile(g, params, out)
    _line(gen.source, pattern)
    result = gen.fn(*[-7, 3][:n_args])
    assert result == expected and type(result) is int


def test_scalar_to_tensor_is_a_0d_array_of_the_dtype():
    g = FuncGraph("g")
    s = g.add_parameter("s", INT)
    out = _node(g, ir.SCALAR_OP, s, attrs={"op": "to_tensor", "dtype": mstype.float32},
                abstract=TensorSpec((), mstype.float32))
    gen = _compile(g, [s], out)
    _line(gen.source, r"v\d+ = _np\.asarray\(x\d+, dtype=_k\d+\)")
    result = gen.fn(7)
    assert result.shape == () and result.dtype == np.float32 and result == 7


def test_tensor_to_scalar_converts_the_one_element():
    g = FuncGraph("g")
    x = g.add_parameter("x", TensorSpec((1,), mstype.float32))
    out = _node(g, ir.TENSOR_TO_SCALAR, x, attrs={"type": int}, abstract=INT)
    gen = _compile(g, [x], out)
    _line(gen.source, r"v\d+ = _type\d+\(x\d+\.item\(\)\)")
    result = gen.fn(np.array([5.0], np.float32))
    assert result == 5 and type(result) is int


def test_switch_is_if_else():
    g = FuncGraph("g")
    cond, x = g.add_parameter("c", AbstractScalar(bool)), g.add_parameter("x", SPEC)
    true_graph, false_graph = FuncGraph("t", parent=g), FuncGraph("f", parent=g)
    true_graph.output = x
    false_graph.output = _node(false_graph, ir.MAKE_TUPLE, abstract=AbstractTuple(()))
    out = _node(g, ir.SWITCH, cond, ir.ValueNode(true_graph), ir.ValueNode(false_graph))
    gen = _compile(g, [cond, x], out)
    _line(gen.source, r"if x\d+:")
    _line(gen.source, r"else:")
    a, _ = _arrays()
    assert gen.fn(True, a) is a and gen.fn(False, a) == ()


def _counting_loop(g, limit):
    """`while c < limit: c = c + 1`, from 0: the carried values' tuple."""
    cond_graph, body_graph = FuncGraph("cond", parent=g), FuncGraph("body", parent=g)
    c = ir.Parameter("c", INT)
    cond_graph.parameters = body_graph.parameters = [c]
    cond_graph.output = _node(cond_graph, ir.SCALAR_OP, c, limit, attrs={"op": operator.lt},
                              abstract=AbstractScalar(bool))
    step = _node(body_graph, ir.SCALAR_OP, c, ir.ValueNode(1), attrs={"op": operator.add},
                 abstract=INT)
    body_graph.output = _node(body_graph, ir.MAKE_TUPLE, step, abstract=AbstractTuple((INT,)))
    return _node(g, ir.WHILE_LOOP, ir.ValueNode(cond_graph), ir.ValueNode(body_graph),
                 ir.ValueNode(0), abstract=AbstractTuple((INT,)))


def test_while_loop_is_a_python_while_loop():
    g = FuncGraph("g")
    limit = g.add_parameter("n", INT)
    out = _counting_loop(g, limit)
    gen = _compile(g, [limit], out)
    _line(gen.source, r"while True:")
    _line(gen.source, r"if not v\d+:")
    _line(gen.source, r"c\d+, = v\d+")
    assert gen.fn(100_000) == (100_000,)  # a real loop: no recursion


def test_print_shows_tensors_as_python_sees_them(capsys):
    g = FuncGraph("g")
    x = g.add_parameter("x", SPEC)
    pair = _node(g, ir.MAKE_TUPLE, x, ir.ValueNode(2), abstract=AbstractTuple((SPEC, INT)))
    _node(g, ir.PRINT, pair, attrs={"sep": "|"})
    gen = _compile(g, [x], None)
    _line(gen.source, r"_print\(\(_wrap\(v\d+\[0\]\), 2\), sep=_k\d+\)")
    gen.fn(_arrays()[0])
    assert capsys.readouterr().out == f"({Tensor(_arrays()[0])!r}, 2)\n"


def test_raise_raises_the_recorded_exception():
    g = FuncGraph("g")
    _node(g, ir.RAISE, attrs={"type": ValueError, "args": ("bad value",)})
    gen = _compile(g, [], None)
    _line(gen.source, r"raise _exc\d+\(\*_args\d+\)")
    with pytest.raises(ValueError, match="bad value"):
        gen.fn()


def test_py_execute_calls_python_on_tensors_and_names_the_line_on_errors():
    seen = []

    def python_fn(t, scale):
        seen.append(type(t))
        if scale < 0:
            raise ArithmeticError("negative")
        return t.asnumpy().sum() * scale

    g = FuncGraph("g")
    x, s = g.add_parameter("x", SPEC), g.add_parameter("s", INT)
    out = _node(g, ir.PY_EXECUTE, ir.ValueNode(python_fn), x, s,
                attrs={"info": InterpretInfo("a Python call", LOC, kwnames=("scale",))})
    gen = _compile(g, [x, s], out)
    _line(gen.source, r"_at = 0")
    _line(gen.source, r"v\d+ = _k\d+\(_wrap\(x\d+\), \*\*\{_kw\d+: x\d+\}\)")
    assert gen.fn(_arrays()[0], 2) == 6.0 and seen == [Tensor]
    with pytest.raises(ArithmeticError) as info:
        gen.fn(_arrays()[0], -1)
    assert "net.py:3" in "".join(info.value.__notes__)


def test_assign_parameter_writes_the_weight():
    weight = Weight(Tensor(np.zeros(2, np.float32)), name="w")
    g = FuncGraph("g")
    x = g.add_parameter("x", SPEC)
    _node(g, ir.ASSIGN_PARAMETER, x, attrs={"weight": weight})
    gen = _compile(g, [x], None)
    _line(gen.source, r"_param\d+\._data = x\d+")
    a, _ = _arrays()
    gen.fn(a)
    np.testing.assert_array_equal(weight.asnumpy(), a)


def test_assign_argument_writes_the_callers_tensor_through_a_rebuilt_path():
    g = FuncGraph("g")
    x, y = g.add_parameter("x", SPEC), g.add_parameter("y", SPEC)
    _node(g, ir.ASSIGN_ARGUMENT, y, attrs={"path": "a0[0]"})
    gen = codegen.generate(g, [x, y], None, "f", arg_count=2, access=["a0[0]._data", "a1"])
    _line(gen.source, r"a0\[0\]\._data = x\d+")
    target = Tensor(np.zeros(2, np.float32))
    a, b = _arrays()
    gen.fn([target], b)
    np.testing.assert_array_equal(target.asnumpy(), b)


def test_assign_argument_refuses_a_path_that_is_not_an_argument_access():
    g = FuncGraph("g")
    x = g.add_parameter("x", SPEC)
    _node(g, ir.ASSIGN_ARGUMENT, x, attrs={"path": "__import__('os')"})
    with pytest.raises(RuntimeError, match="is not an argument access path"):
        _compile(g, [x], None)


def test_loop_stack_ops_are_a_python_list():
    g = FuncGraph("g")
    x = g.add_parameter("x", SPEC)
    stack = _node(g, ir.MAKE_STACK)
    _node(g, ir.STACK_PUSH, stack, x)
    nonempty = _node(g, ir.STACK_NONEMPTY, stack, abstract=AbstractScalar(bool))
    popped = _node(g, ir.STACK_POP, stack, abstract=AbstractTuple((SPEC,)))
    empty = _node(g, ir.STACK_NONEMPTY, stack, abstract=AbstractScalar(bool))
    out = _node(g, ir.MAKE_TUPLE, nonempty, popped, empty,
                abstract=AbstractTuple((AbstractScalar(bool), AbstractTuple((SPEC,)),
                                        AbstractScalar(bool))))
    gen = _compile(g, [x], out)
    _line(gen.source, r"stack\d+ = \[\]")
    _line(gen.source, r"stack\d+\.append\(\(x\d+,\)\)")
    _line(gen.source, r"v\d+ = stack\d+\.pop\(\)")
    assert len(re.findall(r"= bool\(stack\d+\)", gen.source)) == 2
    a, _ = _arrays()
    assert gen.fn(a) == (True, (a,), False)
