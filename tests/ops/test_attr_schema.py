"""The primitive table declares each primitive's attributes (read from its own functions), and
attribute values are checked against the types declared."""

from types import EllipsisType
from typing import Annotated, Any, Literal

import pytest

from graphc.common import dtype as mstype
from graphc.common.safe_read import FileFormatError
from graphc.ops.attr_schema import UNTYPED_ALLOWED, check_attrs, compile_type, declared_attrs
from graphc.ops.attr_types import AtLeast, IndexKey, Pair, PositiveFloat
from graphc.ops.primitive import PRIMITIVES


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_every_primitive_declares_its_attributes(name):
    attrs = declared_attrs(PRIMITIVES[name])  # (a primitive whose functions cannot say fails)
    assert all(k.isidentifier() for k in attrs)


def test_attributes_come_from_the_primitives_functions():
    assert dict((k, v.kind) for k, v in declared_attrs(PRIMITIVES["cast"]).items()) == {
        "dtype": "a dtype"}
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
    with pytest.raises(FileFormatError, match="'reduce_sum' needs an int or a tuple of: an int "
                       "or None here, not a tuple"):
        check_attrs(reduce_sum, {"axis": nested})


def test_every_attribute_of_the_table_is_typed():
    untyped = {(name, attr) for name, prim in PRIMITIVES.items()
               for attr, spec in declared_attrs(prim).items() if not spec.type.typed}
    assert untyped == set(UNTYPED_ALLOWED)
    assert all(reason.strip() for reason in UNTYPED_ALLOWED.values())


def test_attribute_types_come_from_annotations_and_the_functions_they_share():
    kinds = {k: v.kind for k, v in declared_attrs(PRIMITIVES["conv2d"]).items()}
    assert kinds["stride"] == "a tuple of 2: an int >= 1"
    assert kinds["pad_mode"] == "one of 'same', 'valid', 'pad'"
    assert kinds["groups"] == "an int >= 1"
    # an untyped keyword of a lambda infer takes its type from the impl's annotation
    assert declared_attrs(PRIMITIVES["gather_d_grad"])["dim"].kind == "an int"
    assert declared_attrs(PRIMITIVES["leaky_relu"])["alpha"].kind == "a number"
    assert declared_attrs(PRIMITIVES["leaky_relu_grad"])["alpha"].kind == "a number"


@pytest.mark.parametrize(("hint", "good", "bad"), [
    (int, [0, -3, 2**62], [True, 1.0, "1", None, 2**64]),
    (float, [1, 1.5, float("inf")], [float("nan"), True, "1.5"]),
    (bool, [True, False], [0, 1, None]),
    (mstype.DType, [mstype.int8], ["int8", None]),
    (Literal["a", "b"], ["a", "b"], ["c", 1, None]),
    (Literal[1], [1], [True, 1.0]),
    (int | None, [None, 4], ["x", 1.5]),
    (tuple[int, ...], [(), (1, 2)], [[1, 2], (1, "a"), (True,)]),
    (Pair, [(1, 2)], [(0, 1), (1,), (1, 2, 3), (1.0, 2)]),
    (Annotated[int, AtLeast(-1)], [-1, 5], [-2]),
    (PositiveFloat, [0.5, 3], [0, -1.0]),
    (EllipsisType, [...], [None]),
    (IndexKey, [(0, None, ..., "tensor", (None, 3, -1))], [("x",), (1.5,), ((1, 2),), [0]]),
    (tuple, [(1, "a", None)], [[1], (object(),)]),
    (Any, [None, (1, (2.5, "s"))], [object(), {1: 2}]),
])
def test_compiled_types_accept_their_values_only(hint, good, bad):
    rule = compile_type(hint)
    assert all(rule.check(v) for v in good), rule.what
    assert not any(rule.check(v) for v in bad), rule.what


def test_a_hint_outside_the_vocabulary_is_refused():
    with pytest.raises(TypeError, match="not an attribute type"):
        compile_type(dict[str, int])
