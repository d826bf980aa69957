"""The syntax level as a policy object: the builder asks `infer.policy.Policy` where the graph
cannot express the program, and STRICT's answers are located errors."""

from pathlib import Path

import numpy as np
import pytest

import graphc as ms
from graphc.common.errors import GraphcSyntaxError, SourceLocation
from graphc.infer.policy import NOT_HANDLED, StrictPolicy
from graphc.infer.specialize import GraphBuilder

INFER = Path(__file__).resolve().parents[2] / "graphc" / "infer"


def test_a_builder_is_strict_unless_given_another_policy():
    builder = GraphBuilder("f")
    assert isinstance(builder.policy, StrictPolicy) and builder.policy.builder is builder
    made = []
    other = GraphBuilder("g", lambda b: made.append(b) or StrictPolicy(b))
    assert made == [other]


def test_strict_refuses_what_the_graph_cannot_express_with_the_given_error():
    policy = StrictPolicy(GraphBuilder("f"))
    error = GraphcSyntaxError("no such node")
    with pytest.raises(GraphcSyntaxError) as info:
        policy.on_unsupported(error, lambda: pytest.fail("STRICT ran it in Python"))
    assert info.value is error


def test_strict_has_no_interpreter_and_says_where():
    builder = GraphBuilder("f")
    builder.loc = SourceLocation("net.py", 7, 4, function="f", line_text="    np.clip(x)")
    with pytest.raises(GraphcSyntaxError, match="calls numpy.clip, a third-party function"
                       ".*needs JIT Fallback") as info:
        builder.policy.interpret(np.clip, (), {}, "calls numpy.clip, a third-party function: "
                                 "runs in Python")
    assert info.value.location.line == 7


def test_strict_answers_the_lax_only_questions_trivially():
    policy = StrictPolicy(GraphBuilder("f"))
    outside = [1, 2]
    assert policy.read_outside(outside) is outside
    assert policy.builder.external[id(outside)] is outside  # may not be changed in the graph
    assert not policy.changed_at_run_time(outside) and not policy.outside_graph(outside)
    assert policy.on_attribute_read(policy, "builder") is NOT_HANDLED
    assert policy.expand_loop_else(["a"]) == ["a"]


def test_strict_refuses_a_plain_object_as_output():
    class Box:
        pass

    @ms.jit(jit_config=ms.JitConfig(jit_syntax_level="STRICT"))
    def f(x):
        return x, Box()

    with pytest.raises(GraphcSyntaxError, match="Illegal type in the graph"):
        f(ms.Tensor(np.ones(2, np.float32)))


def test_the_specialiser_never_tests_the_level_itself():
    offending = []
    for path in sorted(INFER.glob("*.py")):
        text = path.read_text()
        for needle in ("fallback is None", "fallback is not None", "self.fallback", "STRICT,",
                       "import STRICT", "import LAX"):
            if needle in text:
                offending.append(f"{path.name}: {needle}")
    assert not offending
