"""The constant-folding pass: shape-only chains the backward pass builds are computed at
compile time, and a returned constant is a new array at every call."""

import numpy as np

import graphc as ms
from graphc import ops
from graphc.ir import node as ir


def test_backward_chains_of_constants_are_folded():
    def loss(x):
        return (ops.tanh(x) * 2).sum()

    compiled = ms.jit(lambda a: ms.grad(loss)(a))
    x = ms.Tensor(np.array([0.5, -1.0], np.float32))
    np.testing.assert_allclose(compiled(x).asnumpy(), ms.grad(loss)(x).asnumpy(), rtol=1e-6)
    names = [n.callee.name for n in compiled.graphs()[0].graph.nodes
             if not isinstance(n.callee, ir.SpecialOp)]
    assert "ones_like" not in names and "broadcast_to" not in names  # the sens is a constant


def test_returned_constants_are_new_arrays_at_every_call():
    f = ms.jit(lambda a: (a * 0 + 1, ops.ones_like(a)))
    x = ms.Tensor(np.zeros(3, np.float32))
    first = f(x)[1]
    first.asnumpy()[0] = 7.0  # changing what one call returned
    assert f(x)[1].asnumpy().tolist() == [1.0, 1.0, 1.0]


def test_merged_outputs_reach_codegen_through_the_roots_not_a_side_channel():
    # `relu(x)` is computed three times and merged by CSE; every output reads the surviving
    # node, and the passes leave no map of merged-away nodes on the graph for codegen
    def twice(x):
        return ops.relu(x) * 2, ops.relu(x) * 2, ops.relu(x).sum()

    jf = ms.jit(twice)
    x = ms.Tensor(np.arange(3, dtype=np.float32))
    a, b, c = jf(x)
    np.testing.assert_array_equal(a.asnumpy(), [0, 2, 4])
    np.testing.assert_array_equal(b.asnumpy(), [0, 2, 4])
    assert float(c.asnumpy()) == 3.0
    graph = jf.graphs()[-1].graph
    assert "replaced" not in graph.flags and "dropped" not in graph.flags
    relus = [n for g in graph.all_graphs() for n in g.nodes
             if getattr(n.callee, "name", "") == "relu"]
    assert len(relus) == 1


def test_pijit_outputs_after_cse():
    @ms.jit(capture_mode="bytecode")
    def twice(x):
        return ops.relu(x) * 2, ops.relu(x) * 2
    x = ms.Tensor(np.arange(3, dtype=np.float32))
    a, b = twice(x)
    a2, b2 = twice(x)
    np.testing.assert_array_equal(a2.asnumpy(), [0, 2, 4])
    np.testing.assert_array_equal(b2.asnumpy(), [0, 2, 4])
    info = twice.capture_info()
    assert len(info.graphs) == 1 and not info.breaks
