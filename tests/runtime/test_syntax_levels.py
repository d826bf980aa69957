"""The three syntax levels as MindSpore 2.10 has them: STRICT returns a dict as the tuple of its
values, COMPATIBLE returns dicts but has no JIT Fallback, LAX has both; the environment
variable MS_DEV_JIT_SYNTAX_LEVEL comes before JitConfig and the context. Expected values were
recorded by running the same programs on MindSpore 2.10."""

import pytest

import graphc as ms
from graphc import JitConfig, Tensor, jit, nn


class _Table(nn.Cell):
    def construct(self, x):
        return {"a": x, "b": [x, 1]}, [x, 2]


class _Host:
    def __init__(self):
        self.number = 2

    def times(self, x):
        return self.number * x.asnumpy()


class _UsesHost(nn.Cell):
    def __init__(self):
        super().__init__()
        self.host = _Host()

    def construct(self, x):
        return self.host.times(x)


@pytest.fixture(autouse=True)
def graph_mode():
    ms.set_context(mode=ms.GRAPH_MODE)  # (the conftest restores the context)


def _at(level, cell):
    cell.set_jit_config(JitConfig(jit_syntax_level=level))
    return cell


def test_strict_returns_a_dict_as_the_tuple_of_its_values():
    table, items = _at("STRICT", _Table())(Tensor(1))
    assert isinstance(table, tuple) and len(table) == 2
    assert int(table[0]) == 1 and isinstance(table[1], list) and table[1][1] == 1
    assert isinstance(items, list)

    @jit(jit_config=JitConfig(jit_syntax_level="STRICT"))
    def constant():
        return {"a": 1, "b": 2}

    assert constant() == (1, 2)


def test_compatible_returns_dicts_but_has_no_fallback():
    table, _ = _at("COMPATIBLE", _Table())(Tensor(1))
    assert isinstance(table, dict) and list(table) == ["a", "b"]
    with pytest.raises(AttributeError, match="In JIT strict mode, cannot get attributes asnumpy"):
        _at("COMPATIBLE", _UsesHost())(Tensor(2))
    assert _at("LAX", _UsesHost())(Tensor(2)) == 4


def test_the_environment_variable_comes_before_the_jit_config(monkeypatch):
    monkeypatch.setenv("MS_DEV_JIT_SYNTAX_LEVEL", "0")
    with pytest.raises(AttributeError):
        _at("LAX", _UsesHost())(Tensor(2))
    monkeypatch.setenv("MS_DEV_JIT_SYNTAX_LEVEL", "2")
    assert _at("STRICT", _UsesHost())(Tensor(2)) == 4
    assert ms.get_context("jit_syntax_level") == ms.LAX


class _SetsData(nn.Cell):
    def __init__(self):
        super().__init__()
        self.data = 1

    def construct(self):
        self.data = 2
        return self.data


class _RenamesParameter(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = ms.Parameter(Tensor([1, 2, 3]), name="w")

    def construct(self):
        self.w.name = "w2"
        return self.w


def test_strict_refuses_setting_a_non_parameter_attribute_with_a_type_error():
    with pytest.raises(TypeError, match="the member attribute must be of the Parameter type. "
                                        "But got '1' with type 'int'"):
        _at("STRICT", _SetsData())()
    cell = _at("LAX", _SetsData())
    assert cell() == 2 and cell.data == 2


def test_setting_an_attribute_of_a_parameter_in_a_graph_is_a_value_error():
    with pytest.raises(ValueError, match="Do not support to set attribute for a parameter"):
        _RenamesParameter()()
