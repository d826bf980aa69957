"""Code generation never puts text it did not make into the source: a graph whose attribute
names and values, dict views, scalar ops, keyword names, access paths and function name hold
code produces source without that code, and nothing runs (a canary file stays absent)."""

import inspect

import numpy as np
import pytest

from graphc.common import dtype as mstype
from graphc.common.errors import SourceLocation
from graphc.fallback.interpret import InterpretInfo
from graphc.ir import node as ir
from graphc.ir.graph import FuncGraph
from graphc.ops.attr_schema import declared_attrs
from graphc.ops.primitive import PRIMITIVES, TensorSpec
from graphc.runtime import codegen

SPEC = TensorSpec((2,), mstype.float32)


def _hostile(canary):
    """Strings that run code (creating `canary`) if they ever reach the source."""
    return [f"x\nimport os; open({str(canary)!r}, 'w').close()",
            f"__import__('os').system('touch {canary}')",
            f"open({str(canary)!r}, 'w')",
            f"x) or open({str(canary)!r}, 'w') or (y"]


def _positional_count(prim):
    params = inspect.signature(prim.infer).parameters.values()
    fixed = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    varargs = any(p.kind is p.VAR_POSITIONAL for p in params)
    return len(fixed) + (2 if varargs else 0)


def _generate(node_for, n_inputs, name="graph"):
    graph = FuncGraph("g")
    params = [graph.add_parameter(f"x{i}", SPEC) for i in range(n_inputs)]
    nodes = node_for(params)
    graph.nodes.extend(nodes)
    graph.output = nodes[-1] if nodes else None
    return codegen.generate(graph, params, None, name, arg_count=n_inputs,
                            access=[f"a{i}._data" for i in range(n_inputs)])


def _assert_clean(generated, hostile, canary):
    for text in hostile:
        assert text not in generated.source
        for line in text.splitlines():
            assert line not in generated.source.splitlines()
    assert "import" not in generated.source
    assert "open(" not in generated.source
    assert not canary.exists()


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_every_primitive_with_hostile_attributes_generates_only_its_own_text(name, tmp_path):
    canary = tmp_path / "CANARY"
    hostile = _hostile(canary)
    prim = PRIMITIVES[name]
    attrs = {a: hostile[i % len(hostile)] for i, a in enumerate(declared_attrs(prim))}
    attrs.update({text: text for text in hostile})  # attribute *names* holding code too
    n = _positional_count(prim)
    generated = _generate(
        lambda ps: [ir.CNode((ir.ValueNode(prim),) + tuple(ps), dict(attrs), SPEC)], n)
    _assert_clean(generated, hostile, canary)
    arrays = [np.ones(2, np.float32) for _ in range(n)]
    with pytest.raises(Exception):  # noqa: B017, PT011  (the impl refuses the attributes)
        generated.fn(*[_Arg(a) for a in arrays])
    assert not canary.exists()


class _Arg:
    """What the generated function reads an input from (`a0._data`)."""

    def __init__(self, data):
        self._data = data


def test_special_ops_with_hostile_values_generate_only_their_own_text(tmp_path):
    canary = tmp_path / "CANARY"
    hostile = _hostile(canary)

    def nodes(ps):
        out = []
        for text in hostile:
            out.append(ir.CNode((ir.ValueNode(ir.MAKE_DICT), ps[0]),
                                {"keys": (text,), "view": ""}, None))
            out.append(ir.CNode((ir.ValueNode(ir.TENSOR_TO_SCALAR), ps[0]), {"type": text}))
            out.append(ir.CNode((ir.ValueNode(ir.SCALAR_OP), ps[0]), {"op": text}))
            out.append(ir.CNode((ir.ValueNode(ir.PRINT), ir.ValueNode(text)),
                                {"sep": text, "end": text}))
            info = InterpretInfo("test", SourceLocation("t.py", 1), kwnames=(text,))
            out.append(ir.CNode((ir.ValueNode(ir.PY_EXECUTE), ir.ValueNode(dict),
                                 ir.ValueNode(text)), {"info": info}))
        out.append(ir.CNode((ir.ValueNode(ir.RAISE),),
                            {"type": ValueError, "args": tuple(hostile)}))
        return out

    _assert_clean(_generate(nodes, 1, name=hostile[0]), hostile, canary)


def test_hostile_dict_views_and_access_paths_are_refused(tmp_path):
    canary = tmp_path / "CANARY"
    for text in _hostile(canary):
        with pytest.raises(RuntimeError, match="no dict view"):
            _generate(lambda ps, t=text: [ir.CNode((ir.ValueNode(ir.MAKE_DICT), ps[0]),
                                                   {"keys": ("k",), "view": t}, None)], 1)
        graph = FuncGraph("g")
        p = graph.add_parameter("x", SPEC)
        graph.output = p
        with pytest.raises(RuntimeError, match="not an argument access path"):
            codegen.generate(graph, [p], None, "g", arg_count=1, access=[text])
    assert not canary.exists()


def test_access_paths_are_rebuilt_with_keys_in_the_constants_table():
    graph = FuncGraph("g")
    p = graph.add_parameter("x", SPEC)
    q = graph.add_parameter("y", SPEC)
    graph.output = ir.CNode((ir.ValueNode(ir.MAKE_TUPLE), p, q))
    graph.nodes.append(graph.output)
    generated = codegen.generate(graph, [p, q], None, "g", arg_count=2,
                                 access=["a0[1]._data", "int(a1['key'])"])
    assert "'key'" not in generated.source
    assert generated.fn([0, _Arg(5)], {"key": 7.5}) is None
