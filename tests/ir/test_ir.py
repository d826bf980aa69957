import numpy as np
import pytest

import graphc as ms
from graphc import ir, ops
from graphc.common.errors import GraphcInternalError, SourceLocation
from graphc.ops.math_ops import ADD
from graphc.ops.primitive import TensorSpec

LOC = SourceLocation("net.py", 3, 4, 3, 9, "f", "    y = x + x")
SPEC = TensorSpec((2,), ms.float32)


def _graph():
    g = ir.FuncGraph("f")
    x = g.add_parameter("x", SPEC)
    node = g.add(ir.CNode((ir.ValueNode(ADD), x, x), {}, SPEC, LOC))
    g.output = node
    return g, x, node


def test_printer_names_nodes_and_shows_types_and_locations():
    g, _, _ = _graph()
    text = ir.format_graph(g)
    assert "subgraph @f(%para1_x: <Tensor[Float32, (2,)]>) {" in text
    assert "  %0 = add(%para1_x, %para1_x) : <Tensor[Float32, (2,)]>    # net.py:3" in text
    assert "  Return(%0)" in text


def test_verifier_accepts_a_well_formed_graph():
    g, _, _ = _graph()
    ir.verify_graph(g)


def test_verifier_rejects_use_before_definition():
    g, x, node = _graph()
    later = ir.CNode((ir.ValueNode(ADD), x, x), {}, SPEC, LOC)
    g.nodes.insert(0, ir.CNode((ir.ValueNode(ADD), later, x), {}, SPEC, LOC))
    with pytest.raises(GraphcInternalError, match="used by .* before it is defined"):
        ir.verify_graph(g)


def test_verifier_rejects_a_parameter_of_another_graph():
    g, _, _ = _graph()
    stranger = ir.Parameter("z", SPEC)
    g.nodes.append(ir.CNode((ir.ValueNode(ADD), stranger, stranger), {}, SPEC, LOC))
    with pytest.raises(GraphcInternalError, match="parameter"):
        ir.verify_graph(g)


def test_verifier_rejects_a_node_without_location():
    g, x, _ = _graph()
    g.nodes.append(ir.CNode((ir.ValueNode(ADD), x, x), {}, SPEC, None))
    with pytest.raises(GraphcInternalError, match="has no location"):
        ir.verify_graph(g)


def test_compiled_graphs_verify_and_print_nested_graphs():
    def f(x):
        if x.sum() > 0:
            y = x * 2
        else:
            y = ops.neg(x)
        while y.sum() < 10:
            y = y + 1
        return y

    jf = ms.jit(f)
    jf(ms.Tensor(np.ones(2, np.float32)))
    graph = jf.graphs()[0].graph
    ir.verify_graph(graph)
    text = ir.format_graph(graph)
    assert "= switch(" in text and "= while_loop(" in text
    assert text.count("subgraph @") == 5  # f, two branches, loop condition and body
