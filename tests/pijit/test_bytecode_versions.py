"""Capture of the constructs whose bytecode CPython 3.12 changed: inlined comprehensions
(LOAD_FAST_AND_CLEAR and their cleanup handler), slices (BINARY_SLICE / STORE_SLICE),
`super()` (LOAD_SUPER_ATTR), method calls (LOAD_ATTR's method flag), `+x` and `(*xs,)`
(CALL_INTRINSIC_1), `return None` (RETURN_CONST), the end of a `for` loop (END_FOR) and the
direction-free conditional jumps. Each test asserts on what was captured and runs on 3.11 here;
`test_python312.py` runs this folder under 3.12, where
`test_the_functions_here_use_the_3_12_bytecodes` checks they really reach the new bytecodes."""

import dis
import inspect
import sys

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops
from graphc.pijit.code import CodeInfo


def t(data):
    return ms.Tensor(np.asarray(data, np.float32))


def pijit(fn, **config):
    return ms.jit(fn, capture_mode="bytecode", jit_config=config) if config else \
        ms.jit(fn, capture_mode="bytecode")


def close(a, b):
    np.testing.assert_allclose(np.asarray(a.asnumpy() if hasattr(a, "asnumpy") else a),
                               np.asarray(b.asnumpy() if hasattr(b, "asnumpy") else b),
                               rtol=1e-6)


def one_graph(f, expected, *args):
    """Calls `f`, checks its answer against `expected` and that it was one graph with no
    break; returns its capture info."""
    close(f(*args), expected)
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0
    return info


def line_of(fn, text):
    lines, first = inspect.getsourcelines(fn)
    return first + next(i for i, line in enumerate(lines) if text in line)


# ---------------------------------------------------------------------- the functions
def comprehension_keeps_the_outer_name(x):
    i = 10  # the comprehension's own `i` must not change this one
    parts = [x * i for i in range(3)]
    return parts[0] + parts[1] + parts[2] + i


def nested_comprehensions(x):
    rows = [[x * (i + j) for j in range(2)] for i in range(2)]
    return sum(r[0] + r[1] for r in rows)


def slices(x, xs):
    head = x[1:3]
    ys = list(xs)
    ys[0:2] = [head.sum(), head.max()]
    return ops.stack(ys[0:3])


def intrinsics(x, xs):
    y = +x
    both = (*xs, y)
    return both[0] + both[1] + both[2]


def returns_none_in_a_loop(x, flags):
    for flag in flags:
        if flag is None:
            return None
        print("step")  # a break inside the loop
        x = x + flag
    return x


def branch_on_a_tensor(x):
    y = x * 2
    if y.sum() > 0:  # a condition on a graph value: a break at the jump
        return y + 1
    return y - 1


class Base(nn.Cell):
    def construct(self, x):
        return ops.relu(x) * 2


class Child(Base):
    def construct(self, x):
        return super().construct(x) + self.shift(x)

    def shift(self, x):
        return ops.exp(x)


# ---------------------------------------------------------------------- the tests
def test_a_comprehension_is_captured_and_leaves_the_outer_name_alone():
    f = pijit(comprehension_keeps_the_outer_name)
    x = t([1.0, 2.0])
    info = one_graph(f, comprehension_keeps_the_outer_name(x), x)
    assert info.graphs[0].ops.count("mul") == 3


def test_nested_comprehensions_and_a_generator_expression_are_one_graph():
    f = pijit(nested_comprehensions)
    x = t([1.0, -1.0])
    info = one_graph(f, nested_comprehensions(x), x)
    assert info.graphs[0].ops.count("mul") == 4


def test_slices_are_read_and_written_in_the_graph():
    f = pijit(slices)
    x = t([1.0, 5.0, 3.0, 0.0])
    xs = [t(0.0), t(0.0), t(7.0)]
    info = one_graph(f, slices(x, xs), x, xs)
    assert "getitem" in info.graphs[0].ops and "reduce_sum" in info.graphs[0].ops


def test_unary_plus_and_a_starred_tuple_are_captured():
    f = pijit(intrinsics)
    x = t([1.0, 2.0])
    xs = [t([3.0, 4.0]), t([5.0, 6.0])]
    info = one_graph(f, intrinsics(x, xs), x, xs)
    assert info.graphs[0].ops == ["add", "add"]


def test_super_and_a_method_call_in_a_cell_are_inlined():
    net = Child()
    f = pijit(net.construct)
    x = t([-1.0, 2.0])
    info = one_graph(f, net(x), x)
    assert info.graphs[0].ops == ["relu", "mul", "exp", "add"]


def test_a_break_inside_a_loop_resumes_after_the_loop_end(capsys):
    f = pijit(returns_none_in_a_loop, recapture_loop_body=True)
    x = t([1.0])
    close(f(x, [1.0, 2.0]), t([4.0]))
    assert f(x, [1.0, None]) is None
    assert capsys.readouterr().out == "step\n" * 3
    info = f.capture_info()
    assert info.break_count >= 1
    assert info.breaks[0].line == line_of(returns_none_in_a_loop, 'print("step")')


def test_a_condition_on_a_graph_value_breaks_at_the_jump_and_resumes_on_either_side():
    f = pijit(branch_on_a_tensor)
    close(f(t([1.0, 2.0])), t([3.0, 5.0]))
    close(f(t([-1.0, -2.0])), t([-3.0, -5.0]))
    info = f.capture_info()
    assert info.break_count == 1 and info.breaks[0].kind == "branch"
    assert info.breaks[0].line == line_of(branch_on_a_tensor, "if y.sum() > 0")
    assert info.graph_count == 2  # the graph before the jump and the taken side's


_NEW_IN_312 = {
    comprehension_keeps_the_outer_name: {"LOAD_FAST_AND_CLEAR", "END_FOR"},
    slices: {"BINARY_SLICE", "STORE_SLICE"},
    intrinsics: {"CALL_INTRINSIC_1"},
    returns_none_in_a_loop: {"RETURN_CONST", "END_FOR", "POP_JUMP_IF_NOT_NONE"},
    branch_on_a_tensor: {"POP_JUMP_IF_FALSE"},
    Child.construct: {"LOAD_SUPER_ATTR"},
}


@pytest.mark.skipif(sys.version_info[:2] != (3, 12), reason="checks 3.12's bytecode; "
                    "test_python312.py runs this file under 3.12")
def test_the_functions_here_use_the_3_12_bytecodes():
    for fn, names in _NEW_IN_312.items():
        used = {ins.opname for ins in dis.get_instructions(fn)}
        assert names <= used, (fn.__name__, names - used)
    method_loads = [ins for ins in dis.get_instructions(Child.construct)
                    if ins.opname == "LOAD_ATTR" and ins.arg & 1]
    assert method_loads  # `self.shift(x)`: LOAD_ATTR with its method flag


def test_the_code_after_a_loop_starts_past_its_end_for():
    """A resume function after a loop starts where CPython goes on once the loop's iterator
    is exhausted: on 3.12 past END_FOR (which pops two values that are not on its stack)."""
    info = CodeInfo.of(returns_none_in_a_loop.__code__)
    for_iter = next(i for i, ins in enumerate(info.instrs) if ins.name == "FOR_ITER")
    after = info.after_loop(for_iter)
    assert info.instrs[after].name != "END_FOR"
    assert info.line(after) == line_of(returns_none_in_a_loop, "    return x")
