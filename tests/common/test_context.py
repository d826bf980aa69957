import pytest

import graphc as ms


def test_set_and_get_context():
    ms.set_context(mode=ms.GRAPH_MODE, jit_syntax_level=ms.STRICT, device_target="CPU")
    assert ms.get_context("mode") == ms.GRAPH_MODE
    assert ms.get_context("jit_syntax_level") == ms.STRICT
    assert ms.get_context("device_target") == "CPU"


def test_bad_mode_is_rejected_and_context_unchanged():
    ms.set_context(mode=ms.PYNATIVE_MODE)
    with pytest.raises(ValueError, match="should be context.GRAPH_MODE"):
        ms.set_context(jit_syntax_level=ms.STRICT, mode=3)
    assert ms.get_context("mode") == ms.PYNATIVE_MODE
    assert ms.get_context("jit_syntax_level") == ms.LAX


def test_unknown_key_and_device_are_rejected():
    with pytest.raises(ValueError, match="keyword argument foo is not recognized"):
        ms.set_context(foo=1)
    with pytest.raises(ValueError, match="device_target"):
        ms.set_context(device_target="TPU")
    with pytest.raises(ValueError, match="not recognized"):
        ms.get_context("foo")


def test_jit_level_is_recorded_as_mindspore_does():
    assert ms.get_context("jit_level") == ""  # MindSpore 2.10's default
    ms.set_context(jit_level="O0")
    assert ms.get_context("jit_level") == "O0"
    ms.set_context(jit_level="")
    with pytest.raises(ValueError, match="'jit_level' must be a str"):
        ms.set_context(jit_level=1)
