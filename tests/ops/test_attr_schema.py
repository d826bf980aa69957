"""The primitive table declares each primitive's attributes (read from its own functions), and
attribute values are checked against the kinds declared."""

import pytest

from graphc.common import dtype as mstype
from graphc.common.safe_read import FileFormatError
from graphc.ops.attr_schema import check_attrs, declared_attrs
from graphc.ops.primitive import PRIMITIVES


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_every_primitive_declares_its_attributes(name):
    attrs = declared_attrs(PRIMITIVES[name])  # (a primitive whose functions cannot say fails)
    assert all(k.isidentifier() for k in attrs)


def test_attributes_come_from_the_primitives_functions():
    assert dict((k, v.kind) for k, v in declared_attrs(PRIMITIVES["cast"]).items()) == {
        "dtype": "dtype"}
    assert set(declared_attrs(PRIMITIVES["matmul"])) == {"transpose_a", "transpose_b"}
    assert not declared_attrs(PRIMITIVES["add"])  # a ufunc's keywords are not attributes
    # declared by reference: a gradient takes its forward op's attributes
    assert declared_attrs(PRIMITIVES["leaky_relu_grad"]) == declared_attrs(
        PRIMITIVES["leaky_relu"])
    assert set(declared_attrs(PRIMITIVES["max_pool2d_grad"])) == set(
        declared_attrs(PRIMITIVES["max_pool2d"]))
    assert "input_shape" in declared_attrs(PRIMITIVES["avg_pool2d_grad"])
    assert "shrink_axis_mask" in declared_attrs(PRIMITIVES["strided_slice"])


def test_attribute_values_are_checked_against_their_kinds():
    reduce_sum, cast = PRIMITIVES["reduce_sum"], PRIMITIVES["cast"]
    check_attrs(reduce_sum, {"axis": (0, 1), "keep_dims": True})
    check_attrs(cast, {"dtype": mstype.float16})
    with pytest.raises(FileFormatError, match="'reduce_sum' needs a bool here, not 1"):
        check_attrs(reduce_sum, {"keep_dims": 1})
    with pytest.raises(FileFormatError, match="has no attribute \\(not a name\\)"):
        check_attrs(reduce_sum, {"x\nimport os": 1})
    with pytest.raises(FileFormatError, match="needs the attributes \\['dtype'\\]"):
        check_attrs(cast, {})
    with pytest.raises(FileFormatError, match="needs a dtype here, not a str"):
        check_attrs(cast, {"dtype": "float32"})
    nested = (1,)
    for _ in range(40):
        nested = (nested,)
    with pytest.raises(FileFormatError, match="a constant"):
        check_attrs(reduce_sum, {"axis": nested})
