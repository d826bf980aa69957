"""Unsupported syntax and compile errors: the right class, the right words, and the user's
file, line and source line in MindSpore's trace format."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn
from graphc.common.errors import GraphcError


def t(values):
    return ms.Tensor(np.array(values, np.float32))


def _compile_error(fn, *args):
    with pytest.raises(Exception) as info:
        ms.jit(fn)(*args)
    return info.value


def test_set_literal_is_rejected_in_strict():
    def set_literal(x):
        s = {1, 2}  # noqa: F841
        return x

    ms.set_context(jit_syntax_level=ms.STRICT)
    err = _compile_error(set_literal, t([1.0]))
    assert "Unsupported expression 'Set'." in str(err)
    assert "s = {1, 2}" in str(err)


def test_try_statement_is_rejected_with_its_line():
    def f(x):
        try:
            x = x + 1
        except ValueError:
            pass
        return x

    err = _compile_error(f, t([1.0]))
    assert isinstance(err, RuntimeError) and isinstance(err, GraphcError)
    text = str(err)
    assert "Unsupported statement 'Try'." in text
    assert "The Traceback of Net Construct Code:" in text
    assert f"test_errors.py:{f.__code__.co_firstlineno + 1}" in text
    assert "        try:\n        ^" in text
    assert err.location.line == f.__code__.co_firstlineno + 1


@pytest.mark.parametrize("source_kind, message", [
    ("for_else", "The 'for...else...' statement is not supported now."),
    ("while_else", "The 'while...else...' statement is not supported now."),
    ("delete", "Unsupported statement 'Delete'."),
    ("import_stmt", "Unsupported statement 'Import'."),
])
def test_always_rejected_syntax(source_kind, message):
    def for_else(x):
        for i in range(2):
            x = x + i
        else:
            x = x - 1
        return x

    def while_else(x):
        n = 0
        while n < 2:
            n += 1
        else:
            n = 5
        return x + n

    def delete(x):
        y = x
        del y
        return x

    def import_stmt(x):
        import math
        return x * math.pi

    fn = locals()[source_kind]
    if source_kind.endswith("_else"):  # LAX compiles these (Python's answer), STRICT refuses
        assert float(ms.jit(fn)(t([1.0])).asnumpy()[0]) == float(fn(t([1.0])).asnumpy()[0])
        ms.set_context(jit_syntax_level=ms.STRICT)
    err = _compile_error(fn, t([1.0]))
    assert isinstance(err, GraphcError)
    assert message in str(err)
    assert err.location is not None and err.location.filename.endswith("test_errors.py")


def test_branch_dtype_join_failure():
    def f(x):
        if x.sum() > 0:
            y = ms.ops.cast(x, ms.float16)
        else:
            y = x
        return y

    err = _compile_error(f, t([1.0]))
    assert isinstance(err, TypeError)
    assert "Cannot join the return values of different branches" in str(err)
    assert "dtype1 = Float16, dtype2 = Float32" in str(err)


def test_wrong_number_of_arguments():
    def f(x):
        def g(a, b):
            return a + b
        return g(x, x, x)

    err = _compile_error(f, t([1.0]))
    assert isinstance(err, TypeError)
    assert "The parameters number of the function is 2, but the number of provided arguments " \
           "is 3." in str(err)


def test_unexpected_keyword_argument():
    def f(x):
        def g(a):
            return a
        return g(x, k=1)

    err = _compile_error(f, t([1.0]))
    assert "Got an unexpected keyword argument 'k'" in str(err)


def test_undefined_self_attribute_in_graph_mode():
    class Net(nn.Cell):
        def construct(self, x):
            return x + self.y

    ms.set_context(mode=ms.GRAPH_MODE)
    with pytest.raises(AttributeError, match="object has no attribute 'y'") as info:
        Net()(t([1.0]))
    assert "return x + self.y" in str(info.value)


def test_assigning_a_non_parameter_attribute_is_rejected():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.m = 1

        def construct(self, x):
            self.m = 3
            return x

    ms.set_context(mode=ms.GRAPH_MODE, jit_syntax_level=ms.STRICT)
    with pytest.raises(GraphcError, match="the member attribute must be of the Parameter type"):
        Net()(t([1.0]))


def test_two_comprehension_generators_are_rejected():
    def f(x):
        return [a + b for a in (1, 2) for b in (3, 4)]

    ms.set_context(jit_syntax_level=ms.STRICT)
    err = _compile_error(f, t([1.0]))
    assert "The 'generators' supports 1 'comprehension' in ListComp, but got 2 comprehensions." \
        in str(err)
    ms.set_context(jit_syntax_level=ms.LAX)  # JIT Fallback runs it in Python
    assert ms.jit(f)(t([1.0])) == [4, 5, 5, 6]


def test_complex_literal_is_rejected():
    def f(x):
        return x * 3.14j

    err = _compile_error(f, t([1.0]))
    assert isinstance(err, TypeError)
    assert "Only support 'Number' type of 'int` and 'float'" in str(err)


def test_numpy_call_on_a_graph_value_is_a_clear_error_with_the_line():
    def f(x):
        y = np.sort(x)
        return y

    ms.set_context(jit_syntax_level=ms.STRICT)
    err = _compile_error(f, t([2.0, 1.0]))
    assert isinstance(err, GraphcError)
    assert "y = np.sort(x)" in str(err)


def test_numpy_call_on_constants_is_folded_even_in_strict():
    def f(x):
        return x * float(np.sum(np.ones(3)))

    ms.set_context(jit_syntax_level=ms.STRICT)
    np.testing.assert_allclose(ms.jit(f)(t([1.0])).asnumpy(), [3.0])


def test_source_that_cannot_be_read_is_an_oserror():
    namespace = {}
    exec("def f(x):\n    return x + 1\n", namespace)
    with pytest.raises(OSError, match="can not compile temporary source code in terminal"):
        ms.jit(namespace["f"])(t([1.0]))


def test_errors_inside_called_functions_show_the_call_chain():
    def inner(a):
        return a.reshape((5, 5))

    def outer(x):
        return inner(x) + 1

    err = _compile_error(outer, t([1.0, 2.0]))
    assert isinstance(err, ValueError)
    text = str(err)
    assert "For 'Reshape'" in text
    assert "# 0 In file" in text and "return inner(x) + 1" in text
    assert "# 1 In file" in text and "return a.reshape((5, 5))" in text
