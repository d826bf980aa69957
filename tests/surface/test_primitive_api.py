"""MindSpore's `ops.primitive` classes, the sequence and type primitives of
`ops.operations._sequence_ops` / `_inner_ops`, and `jit(cell)`; expected values are MindSpore
2.10's (run by hand)."""

import numpy as np
import pytest

import graphc as ms
from graphc import Tensor, nn, ops
from graphc import dtype as mstype
from graphc.ops import primitive as PR
from graphc.ops.operations import _inner_ops, _sequence_ops


def test_primitive_constructor_name_and_attrs():
    p = PR.Primitive("MyOp").add_prim_attr("axis", 1)
    assert (p.name, p.attrs, repr(p)) == ("MyOp", {"axis": 1}, "Prim[MyOp]")
    assert isinstance(ops.Add(), PR.Primitive) and ops.Add().name == "Add"
    with pytest.raises(RuntimeError, match="no kernel"):
        p(Tensor(1.0))
    with pytest.raises(TypeError, match="'name' must be a str"):
        PR.Primitive(3)


def test_prim_attr_register_records_init_arguments_and_infer_value_runs():
    class Scale(PR.PrimitiveWithInfer):
        @PR.prim_attr_register
        def __init__(self, factor=2, shift=0):
            self.total = factor + shift

        def infer_value(self, x):
            return x * self.attrs["factor"] + self.attrs["shift"]

    s = Scale(3)
    assert (s.name, s.attrs, s.total) == ("Scale", {"factor": 3, "shift": 0}, 3)
    assert s(5) == 15


def test_constexpr_runs_in_python_and_folds_in_graphs():
    @ops.constexpr
    def double_len(shape):
        return len(shape) * 2

    assert double_len((2, 3)) == 4

    @ms.jit
    def f(x):
        return x + double_len(x.shape)

    assert f(Tensor(np.zeros((2, 3), np.float32))).asnumpy()[0, 0] == 4.0


def test_sequence_ops_eager_and_in_graphs():
    add_n, mul = _sequence_ops.SequenceAddN(), _sequence_ops.SequenceMul()
    assert add_n([1, 2, 3]) == 6 and mul([1, 2], 2) == [1, 2, 1, 2]
    assert _sequence_ops.SequenceAdd()((1,), (2,)) == (1, 2)
    assert _sequence_ops.SequenceCount()([1, 2, 1], 1) == 2
    assert _sequence_ops.SequenceIndex()((5, 6), 6) == 1
    assert (_sequence_ops.SequenceMax()([3, 9]), _sequence_ops.SequenceMin()([3, 9])) == (9, 3)
    assert _sequence_ops.InSequence()(2, (1, 2))
    assert _sequence_ops.ListInsert()([1, 3], 1, 2) == [1, 2, 3]
    with pytest.raises(TypeError, match="must be a tuple or a list"):
        add_n(3)

    @ms.jit
    def f(a, b):
        return add_n((a, b)), mul([a, b], 2)

    total, repeated = f(Tensor(1.0), Tensor(2.0))
    assert float(total.asnumpy()) == 3.0
    assert isinstance(repeated, list) and [float(t.asnumpy()) for t in repeated] == \
        [1.0, 2.0, 1.0, 2.0]


def test_top_typeof_gives_type_objects():
    top = _inner_ops.TopTypeof()
    assert [str(top(v)) for v in (Tensor(1.0), 1, (1,), [1], 1.5, "s")] == \
        ["Tensor", "Int", "Tuple", "List", "Float", "String"]
    assert isinstance(top(Tensor(1.0)), mstype.TensorType)

    @ms.jit
    def f(x, n):
        if isinstance(top(x), mstype.TensorType) and x.dtype == mstype.float32:
            return x + 1
        return x

    assert float(f(Tensor(1.0), 2).asnumpy()) == 2.0


class _Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = ms.Parameter(Tensor(np.full(3, 2.0, np.float32)), name="w")

    def construct(self, x):
        if x.sum() > 0:
            return x * self.w
        return x - 1


def test_jit_of_a_cell_compiles_its_construct():
    net = _Net()
    compiled = ms.jit(net)
    assert compiled(Tensor(np.ones(3, np.float32))).asnumpy().tolist() == [2.0, 2.0, 2.0]
    assert compiled(Tensor(-np.ones(3, np.float32))).asnumpy().tolist() == [-2.0] * 3
    info = compiled.cache_info()
    assert (info.misses, info.hits) == (1, 1)  # one graph (a Tensor condition), reused
    assert ms.jit()(net)(Tensor(np.ones(3, np.float32))).asnumpy()[0] == 2.0


def test_add_prim_attr_on_a_primitive_class_keeps_it_computing():
    mul = ops.Mul().add_prim_attr("primitive_target", "CPU")
    assert mul.attrs == {"primitive_target": "CPU"}
    assert float(mul(Tensor(2.0), Tensor(3.0)).asnumpy()) == 6.0

    @ms.jit
    def f(x):
        return mul(x, x)

    assert float(f(Tensor(3.0)).asnumpy()) == 9.0


def test_fill_v2_eager_and_in_graphs():
    out = ops.FillV2()((2, 3), Tensor(1.5, ms.float32))
    assert (out.shape, out.dtype, out.asnumpy()[0, 0]) == ((2, 3), ms.float32, 1.5)

    @ms.jit
    def f(x):
        shape = Tensor(ops.shape(x), ms.int32)
        return ops.FillV2()(shape, Tensor(1, ms.int32)) + ops.FillV2()(shape, Tensor(1, ms.int32))

    got = f(Tensor(np.zeros((2, 2), np.float32)))
    assert (got.dtype, got.asnumpy().tolist()) == (ms.int32, [[2, 2], [2, 2]])
    with pytest.raises(ValueError, match="0-d Tensor"):
        ops.FillV2()((2,), Tensor([1, 2]))
