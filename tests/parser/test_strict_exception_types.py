"""STRICT refusals (jit_syntax_level=STRICT, `jit(fn, fullgraph=True)`) raise MindSpore 2.10's
exception types, as classes that are also graphc's located errors; LAX runs the same programs.

The expected types and words were read from MindSpore 2.10 by hand (`ms.jit(fn, fullgraph=True)`):
`x.asnumpy()` is AttributeError "In JIT strict mode, cannot get attributes asnumpy ...", NumPy calls
and plain-class creation on graph values are ValueError "... the inputs should be constant ...",
a plain-class object or a function as the graph's output is RuntimeError "Illegal type in the
graph" / "Function in output is not supported"."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn
from graphc.common.errors import GraphcError, GraphcSyntaxError
from tests.compare import assert_same


def t(values):
    return ms.Tensor(np.array(values, np.float32))


class Box:
    def __init__(self, v=2):
        self.v = v

    def scale(self, x):
        return x * self.v


BOX = Box()


def to_numpy(x):
    return x.asnumpy()


def numpy_item(x):
    return x.asnumpy()[0]


def text_of(x):
    return str(x)


def numpy_sort(x):
    return np.sort(x)


def box_of_graph_value(x):
    b = Box(x)
    return b.v


def returns_box(x):
    return BOX


def returns_boxes_in_list(x):
    return [Box(3), x]


def returns_method(x):
    return BOX.scale


def _strict_error(fn, *args):
    with pytest.raises(GraphcError) as info:
        ms.jit(fn, fullgraph=True)(*args)
    err = info.value
    assert isinstance(err, GraphcSyntaxError)  # `except GraphcError` code keeps working
    assert err.location is not None and err.location.filename.endswith(__file__.split("/")[-1])
    return err


@pytest.mark.parametrize("fn, attribute, line", [
    (to_numpy, "asnumpy", "return x.asnumpy()"),
    (numpy_item, "asnumpy", "return x.asnumpy()[0]"),
    (text_of, "__str__", "return str(x)"),
])
def test_run_time_attribute_of_a_graph_tensor_is_an_attribute_error(fn, attribute, line):
    err = _strict_error(fn, t([1.0, 2.0]))
    assert isinstance(err, AttributeError)
    assert f"In JIT strict mode, cannot get attributes {attribute}" in str(err)
    assert line in str(err)
    assert_same(fn(t([1.0, 2.0])), ms.jit(fn)(t([1.0, 2.0])))  # LAX: Python runs it


@pytest.mark.parametrize("fn, words, line", [
    (numpy_sort, "the inputs should be constant", "return np.sort(x)"),
    (box_of_graph_value, "creation of a Box object", "b = Box(x)"),
])
def test_python_code_on_graph_values_is_a_value_error(fn, words, line):
    err = _strict_error(fn, t([2.0, 1.0]))
    assert isinstance(err, ValueError)
    assert words in str(err) and "jit_syntax_level to LAX" in str(err)
    assert line in str(err)
    assert_same(fn(t([2.0, 1.0])), ms.jit(fn)(t([2.0, 1.0])))


@pytest.mark.parametrize("fn, words", [
    (returns_box, "Illegal type in the graph: a Box object"),
    (returns_boxes_in_list, "Illegal type in the graph: a Box object"),
    (returns_method, "Function in output is not supported"),
])
def test_plain_objects_as_outputs_are_refused_by_fullgraph(fn, words):
    err = _strict_error(fn, t([1.0]))
    assert isinstance(err, RuntimeError) and not isinstance(err, ValueError)
    assert words in str(err)
    ms.jit(fn)(t([1.0]))  # LAX returns them


def test_constant_plain_objects_still_fold_in_strict():
    def scaled(x):
        return BOX.scale(x) + Box(3).v

    assert_same(scaled(t([1.0, 2.0])), ms.jit(scaled, fullgraph=True)(t([1.0, 2.0])))


def test_cell_returning_a_plain_attribute_in_strict_graph_mode():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.box = Box()

        def construct(self, x):
            return self.box

    ms.set_context(mode=ms.GRAPH_MODE, jit_syntax_level=ms.STRICT)
    with pytest.raises(RuntimeError, match="Illegal type in the graph"):
        Net()(t([1.0]))
