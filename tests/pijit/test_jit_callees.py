"""A @jit (PSJit) function, or a Cell whose `construct` is @jit, called from a PIJit function
is built from its source by the AST front end into the captured graph (`pijit.ast_calls`),
as MindSpore compiles it: its Tensor conditions are switches, not graph breaks (while no gradient
is recorded: then it is translated, its bprops recorded with the rest). What the AST
front end refuses is translated from bytecode as before. Each test asserts on what was
captured, not only on the result."""

import numpy as np

import graphc as ms
from graphc import nn, ops
from graphc.infer.values import GraphTensor
from graphc.pijit.ast_calls import NOT_BUILT, build_with_ast, jit_callee
from graphc.pijit.emitter import Emitter
from graphc.pijit.guards import GuardSet

OFFSET = 1


def t(data):
    return ms.Tensor(np.asarray(data, np.float32))


def pijit(fn):
    return ms.jit(fn, capture_mode="bytecode")


def close(a, b):
    np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-6)


@ms.jit
def chooses(x, y):
    if x.sum() > 1:
        return y + OFFSET
    return y * 2


def calls_a_jit_function(x, y):
    return chooses(x, y) - 1


class KeywordNet(nn.Cell):
    @ms.jit
    def construct(self, **kwargs):
        x, y = kwargs["x"], kwargs["y"]
        if x.sum() > 1:
            return ops.relu(y)
        return y - 1


NET = KeywordNet()


def calls_a_jit_cell(x, y):
    return NET(y=y, x=x) * 3


@ms.jit
def needs_numpy(x):
    return ms.Tensor(np.sort(x.asnumpy()))  # STRICT refuses NumPy on a graph value


def calls_a_refused_jit_function(x):
    return needs_numpy(x) + 1


def test_a_jit_function_with_a_tensor_condition_is_one_graph_with_a_switch():
    f = pijit(calls_a_jit_function)
    for x in (t([2.0]), t([0.0])):  # both sides of the condition
        y = t([1.0, -2.0])
        close(f(x, y), calls_a_jit_function(x, y))
    info = f.capture_info()
    assert info.break_count == 0 and info.graph_count == 1
    # the condition, the switch, the `- 1` after it, and the two sides' ops
    assert info.graphs[0].ops == ["reduce_sum", "greater", "switch", "sub", "add", "mul"]
    assert info.hits == 1  # the second call ran the same graph: the switch chose the side


def test_a_cell_with_a_jit_construct_called_with_keywords_is_one_graph():
    f = pijit(calls_a_jit_cell)
    for x in (t([2.0]), t([-3.0])):
        y = t([1.0, -2.0])
        close(f(x, y), calls_a_jit_cell(x, y))
    info = f.capture_info()
    assert info.break_count == 0 and info.graph_count == 1
    assert info.graphs[0].ops == ["reduce_sum", "greater", "switch", "mul", "relu", "sub"]


def test_a_global_the_jit_function_folded_is_guarded():
    global OFFSET
    f = pijit(calls_a_jit_function)
    x, y = t([2.0]), t([1.0])
    close(f(x, y), t([1.0]))
    OFFSET = 5
    try:
        close(f(x, y), t([5.0]))
    finally:
        OFFSET = 1
    compiles = f.capture_info().compiles
    assert len(compiles) == 2 and "OFFSET" in compiles[1] and "1 -> 5" in compiles[1]


def test_a_jit_function_the_ast_front_end_refuses_is_translated_from_bytecode():
    f = pijit(calls_a_refused_jit_function)
    x = t([3.0, 1.0, 2.0])
    close(f(x), t([2.0, 3.0, 4.0]))
    info = f.capture_info()
    assert info.break_count >= 1  # the NumPy call runs in Python, as before
    assert "add" in info.graphs[-1].ops


def test_a_cell_with_a_forward_hook_still_breaks_at_the_hook():
    net = KeywordNet()
    seen = []
    net.register_forward_hook(lambda cell, inputs, output: seen.append(1))

    def calls(x, y):
        return net(x=x, y=y)
    f = pijit(calls)
    close(f(t([2.0]), t([-1.0])), t([0.0]))
    assert seen == [1] and f.capture_info().break_count >= 1


def test_build_with_ast_records_nothing_when_it_refuses_or_has_no_graph_value():
    emitter = Emitter("probe", lambda func, args, kwargs: None)
    guards = GuardSet()
    sort_fn, _ = jit_callee(needs_numpy)
    choose_fn, _ = jit_callee(chooses)
    assert build_with_ast(emitter, guards, choose_fn, None, (t([2.0]), t([1.0])), {}) \
        is NOT_BUILT  # no graph value: the translator runs (folds) the call
    x = emitter.weight_value(ms.Parameter(t([3.0, 1.0]), name="w"))  # a graph value
    before = len(emitter.graph.nodes)
    assert build_with_ast(emitter, guards, sort_fn, None, (x,), {}) is NOT_BUILT
    assert len(emitter.graph.nodes) == before and not guards.checks  # the refusal undone
    built = build_with_ast(emitter, guards, choose_fn, None, (x, x), {})
    assert isinstance(built, GraphTensor) and len(emitter.graph.nodes) > before
    assert [c.kind for c in guards.checks] == ["folded"]  # the global OFFSET


class WhileTrueNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.para = ms.Parameter(ms.Tensor(np.array([1], np.int32)), name="a")

    @ms.jit
    def construct(self, x, y):
        out = y * self.para
        while True:
            if x == 5:
                x = x - 3
                continue
            if x == 2:
                break
            out = out + out
        return out


WHILE_NET = WhileTrueNet()


def calls_the_while_net(x, y):
    return WHILE_NET(x, y) * 2


def test_a_gradient_through_a_jit_cell_called_from_pijit_is_pynatives():
    """While a gradient is recorded the callee is translated, not built by the AST front end
    (whose rolled loop recorded no bprop there: d/dy came back 0 instead of 2)."""
    x, y = ms.Tensor([5], ms.int32), ms.Tensor([1], ms.int32)
    f = pijit(calls_the_while_net)
    assert int(f(x, y)) == 2 and f.capture_info().break_count == 0
    assert "while_loop" in f.capture_info().graphs[0].ops  # built from its source
    dx, dy = ms.grad(f, grad_position=(0, 1))(x, y)
    ex, ey = ms.grad(calls_the_while_net, grad_position=(0, 1))(x, y)
    assert (int(dx), int(dy)) == (int(ex), int(ey)) == (0, 2)


class PIJitConstruct(nn.Cell):
    @ms.jit(capture_mode="bytecode")
    def construct(self, x):
        return x * 3


def test_a_pijit_function_or_construct_is_left_to_the_translator():
    from graphc.pijit.ast_calls import has_jit_construct
    assert jit_callee(pijit(calls_a_jit_function)) is None
    assert not has_jit_construct(PIJitConstruct()) and has_jit_construct(NET)
    assert jit_callee(chooses) is not None


@ms.jit
def makes_a_function(x):
    def doubles(y):
        return y * 2
    return doubles, x + 1


def calls_what_the_jit_function_made(x):
    fn, y = makes_a_function(x)
    return fn(y)


def test_a_jit_callee_that_returns_an_inner_function_is_translated_instead():
    """An inner function the AST front end made is callable only inside that build: such a
    result undoes the build and the callee's bytecode is translated (0 breaks, 2 * (x + 1))."""
    f = pijit(calls_what_the_jit_function_made)
    close(f(t([1.0])), t([4.0]))
    assert f.capture_info().break_count == 0
