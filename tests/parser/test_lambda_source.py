"""The source of a compiled lambda is found wherever the lambda is written: alone on its line,
inside a larger expression, or in a statement's header that does not parse on its own."""

import numpy as np

import graphc as ms


def test_lambda_in_a_for_header_compiles():
    results = []
    for make in (lambda: 0, lambda: ms.jit(lambda x: x * 2 + 1)(ms.Tensor(np.float32(3.0)))):
        results.append(make())
    assert results[0] == 0
    assert float(results[1].asnumpy()) == 7.0


def test_lambda_in_a_multi_line_call_compiles():
    value = ms.jit(
        lambda x: x - 1)(ms.Tensor(np.float32(3.0)))
    assert float(value.asnumpy()) == 2.0


def test_error_in_a_lambda_in_a_for_header_names_its_line():
    for make in (lambda: ms.jit(lambda x: x.no_such_method())(ms.Tensor(1.0)),):
        try:
            make()
        except AttributeError as exc:
            assert "no_such_method" in str(exc)
        else:
            raise AssertionError("the missing method was not reported")
