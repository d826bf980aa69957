"""The syntax levels: a graph returns a dict as a dict at every level (PyNative's answer, which
graphc gives in both modes where MindSpore 2.10's STRICT graphs give the tuple of its values),
COMPATIBLE is LAX for JIT Fallback (SPEC 1.1), and the environment variable
MS_DEV_JIT_SYNTAX_LEVEL comes before JitConfig and the context. Error types and messages were
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


@pytest.mark.parametrize("level", ["STRICT", "COMPATIBLE", "LAX"])
def test_every_level_returns_a_dict_as_pynative_does(level):
    table, items = _at(level, _Table())(Tensor(1))
    assert isinstance(table, dict) and list(table) == ["a", "b"]
    assert int(table["a"]) == 1 and table["b"][1] == 1 and isinstance(items, list)

    @jit(jit_config=JitConfig(jit_syntax_level=level))
    def constant():
        return {"a": 1, "b": 2}

    assert constant() == {"a": 1, "b": 2}


def test_compatible_has_fallback_as_lax_and_strict_has_none():
    assert _at("COMPATIBLE", _UsesHost())(Tensor(2)) == 4
    assert _at("LAX", _UsesHost())(Tensor(2)) == 4
    with pytest.raises(AttributeError, match="In JIT strict mode, cannot get attributes asnumpy"):
        _at("STRICT", _UsesHost())(Tensor(2))


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
