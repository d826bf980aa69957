"""MindSpore's PIJit introspection and switches at MindSpore's import paths
(`_c_expression`, `_extends.parse.compile_config`, `common._pijit_context`): programs written
for MindSpore's PIJit read graphc's capture through them."""

import importlib
import warnings

import numpy as np
import pytest

import graphc as ms
from graphc import nn, ops, pijit


def t(data):
    return ms.Tensor(np.asarray(data, np.float32))


def test_c_expression_names_are_graphc_pijit_ones():
    c_expression = importlib.import_module("graphc._c_expression")
    for name in ("get_code_extra", "update_pijit_default_config", "jit_mode_pi_enable",
                 "jit_mode_pi_disable"):
        assert getattr(c_expression, name) is getattr(pijit, name)


def test_get_code_extra_counts_graphs_breaks_and_calls():
    from graphc._c_expression import get_code_extra
    from graphc.common._pijit_context import PIJitCaptureContext

    def f(x):
        y = ops.mul(x, 2)
        y = ms.Tensor(np.sin(y.asnumpy()))  # NumPy on Tensor data: a break
        return y + 1

    g = PIJitCaptureContext()(f)
    assert get_code_extra(f)["compile_count_"] == 0  # nothing compiled yet
    out = g(t([1.0, 2.0]))
    np.testing.assert_allclose(out.asnumpy(), np.sin([2.0, 4.0]) + 1, rtol=1e-6)
    g(t([3.0, 4.0]))
    jcr = get_code_extra(getattr(g, "__wrapped__", g))
    assert jcr["stat"] == "GRAPH_CALLABLE"
    assert jcr["break_count_"] == 1
    assert jcr["compile_count_"] == 1
    assert jcr["code"]["call_count_"] == 2
    assert jcr["code"]["phase_"]


def test_capture_context_fullgraph_raises_mindspore_unsupported():
    from graphc.common._pijit_context import PIJitCaptureContext, Unsupported

    def f(x):
        x = ms.Tensor(np.cos(x.asnumpy()))  # no graph break allowed
        return x + 1

    with pytest.raises(Unsupported, match="fullgraph"):
        PIJitCaptureContext(fullgraph=True)(f)(t([1.0]))
    assert Unsupported is pijit.Unsupported


def test_capture_context_on_cell_class_instance_and_method():
    from graphc._c_expression import get_code_extra
    from graphc.common._pijit_context import PIJitCaptureContext

    class Net(nn.Cell):
        def construct(self, x):
            return ops.mul(x, 3)

    net = Net()
    bound = PIJitCaptureContext()(net)
    np.testing.assert_allclose(bound(t([1.0])).asnumpy(), [3.0])
    assert get_code_extra(Net.construct)["stat"] == "GRAPH_CALLABLE"

    Decorated = PIJitCaptureContext(jit_config={"loop_unrolling": True})(Net)
    assert Decorated is Net and isinstance(vars(Net)["construct"], pijit.PIJitFunction)
    np.testing.assert_allclose(Net()(t([2.0])).asnumpy(), [6.0])

    class Plain:
        def run(self, x):
            return x - 1

    obj = Plain()
    method = PIJitCaptureContext()(obj.run)
    np.testing.assert_allclose(method(t([5.0])).asnumpy(), [4.0])
    assert method.capture_info().graph_count == 1
    again = PIJitCaptureContext()(Net.construct.__get__(net))  # a bound PIJit method
    np.testing.assert_allclose(again(t([1.0])).asnumpy(), [3.0])


def test_capture_context_leaves_generators_alone_and_rejects_other_objects():
    from graphc.common._pijit_context import PIJitCaptureContext

    def gen(x):
        yield x

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert PIJitCaptureContext()(gen) is gen
    assert any("generator" in str(w.message) for w in caught)
    with pytest.raises(TypeError, match="captures a function"):
        PIJitCaptureContext()(42)


def test_capture_context_as_context_manager_switches_pi_mode():
    from graphc.common._pijit_context import PIJitCaptureContext
    with PIJitCaptureContext():
        assert pijit.jit_mode_pi_enabled()
    assert not pijit.jit_mode_pi_enabled()
    pijit.jit_mode_pi_enable()
    assert pijit.jit_mode_pi_enabled()
    pijit.jit_mode_pi_disable()


def test_update_pijit_default_config_reaches_functions_made_after():
    from graphc._c_expression import update_pijit_default_config

    def f(x):
        return x + 1

    update_pijit_default_config(cache_size_limit=1)
    try:
        g = pijit.PIJitFunction(f, None, {"print_after_all": False})
        assert g.limit == 1 and g.options.config["print_after_all"] is False
        own = pijit.PIJitFunction(f, None, {"cache_size_limit": 5})
        assert own.limit == 5  # a function's own jit_config wins
    finally:
        update_pijit_default_config(cache_size_limit=8)


def test_compile_config_holds_mindspore_settings():
    from graphc._extends.parse import compile_config
    assert compile_config.JIT_ENABLE_AUGASSIGN_INPLACE == "1"
    assert compile_config.FOR_HALF_UNROLL == ""
    compile_config.FOR_HALF_UNROLL = "1"
    try:
        from graphc._extends.parse import compile_config as again
        assert again.FOR_HALF_UNROLL == "1"
    finally:
        compile_config.FOR_HALF_UNROLL = ""


def test_no_grad_block_is_a_constant_to_grad():
    from graphc.common.api import _no_grad

    def f(x, y):
        with _no_grad():
            z = x * y  # not recorded: a constant to grad
        return z * x

    x, y = ms.Tensor(np.float32(2.0)), ms.Tensor(np.float32(3.0))
    assert float(ms.grad(f)(x, y).asnumpy()) == 6.0  # z, not 2*x*y = 12
    assert float(ms.grad(lambda a, b: (a * b) * a)(x, y).asnumpy()) == 12.0


def test_tensorpy_cell_attr_register_and_dtype_to_nptype_at_mindspore_paths():
    from graphc._c_expression import TensorPy
    from graphc._extends import cell_attr_register
    from graphc.common import dtype_to_nptype

    assert TensorPy is ms.Tensor
    assert tuple(TensorPy(shape=[-1, 12], dtype=ms.float32).shape) == (-1, 12)  # as MindSpore
    assert dtype_to_nptype(ms.float32) is np.float32

    class Scale(nn.Cell):
        @cell_attr_register
        def __init__(self, a, b=2):
            super().__init__()
            self.a = a

        def construct(self, x):
            return x * self.a

    cell = Scale(3)
    assert cell.cell_init_args == "Scale{'a': 3}"
    np.testing.assert_allclose(cell(t([1.0, 2.0])).asnumpy(), [3.0, 6.0])


def test_a_function_captured_whole_and_folded_has_a_phase_but_no_graph():
    from graphc._c_expression import get_code_extra

    def folded(x):
        return ops.add(len((x, x)), 1)  # every value known while translating

    f = ms.jit(folded, capture_mode="bytecode")
    assert f(t([1.0])) == 3
    jcr = get_code_extra(folded)
    assert jcr["stat"] == "GRAPH_CALLABLE" and jcr["break_count_"] == 0
    assert jcr["code"]["phase_"] == "folded" and f.capture_info().graph_count == 0


def test_exporting_a_pijit_cell_leaves_its_capture_cache_alone(tmp_path):
    from graphc.train.serialization import export, load

    class Net(nn.Cell):
        @ms.jit(capture_mode="bytecode")
        def construct(self, x, y):
            return x * y + 1

    net = Net()
    x, y = t([2.0]), t([3.0])
    path = export(net, x, y, file_name=str(tmp_path / "net"), file_format="MINDIR")
    np.testing.assert_allclose(nn.GraphCell(load(path))(x, y).asnumpy(), [7.0])
    np.testing.assert_allclose(net(x, y).asnumpy(), [7.0])  # captured from bytecode, as before
    info = Net.construct.capture_info(net)
    assert info.graph_count == 1 and info.compiles == ["first call"]
    assert export is ms.export and load is ms.load


def test_perf_statistics_options_record_the_graph_decision_in_the_function_globals():
    namespace: dict = {}
    exec("def add(a, b):\n    return a + b\n", namespace)  # (its own globals, checked below)
    plain = namespace["add"]
    f = ms.jit(plain, capture_mode="bytecode", jit_config={"perf_statistics": True})
    f(t([1]), t([2]))
    assert namespace[plain.__code__] is True
    assert f.capture_info().graph_count == 1 and f.capture_info().graphs[0].ops == ["add"]
    exec("def sub(a, b):\n    return a - b\n", namespace)
    g = ms.jit(namespace["sub"], capture_mode="bytecode")  # no such option: nothing recorded
    g(t([1]), t([2]))
    assert namespace["sub"].__code__ not in namespace


def test_a_primitive_object_is_captured_through_its_call():
    f = ms.jit(ops.Equal(), capture_mode="bytecode")
    np.testing.assert_array_equal(f(t([1, 2]), 1.0).asnumpy(), [True, False])
    info = f.capture_info()
    assert info.graph_count == 1 and info.break_count == 0 and info.graphs[0].ops == ["equal"]


def test_an_ast_jit_of_a_pijit_method_compiles_the_plain_method():
    class Net(nn.Cell):
        @ms.jit(capture_mode="bytecode")
        def construct(self, x):
            return x * 3

    net = Net()
    ast = ms.jit(net.construct, capture_mode="ast")
    np.testing.assert_array_equal(ast(t([1, 2])).asnumpy(), [3, 6])
    assert type(ast).__name__ == "JitFunction"
    assert net.construct.capture_info().calls == 0  # (the bytecode capture was not used)


def test_break_count_of_the_code_record_is_the_function_s_own_break():
    from graphc._c_expression import get_code_extra

    def two_breaks(x):
        x = x + 1
        print("one")
        x = x * 2
        print("two")
        return x - 1

    f = ms.jit(two_breaks, capture_mode="bytecode")
    np.testing.assert_array_equal(f(t([1.0])).asnumpy(), [3.0])
    assert f.capture_info().break_count == 2  # the whole chain: the resume function's too
    assert get_code_extra(two_breaks)["break_count_"] == 1


def test_sequence_unknown_checks_of_mutable_tuples_fold_in_a_capture():
    from graphc.ops import functional as F

    def check(dynamic):
        seq = ms.mutable((t([1.0]), t([2.0])), dynamic)
        return F.is_sequence_value_unknown(seq), F.is_sequence_shape_unknown(seq)

    f = ms.jit(check, capture_mode="bytecode")
    assert f(False) == (True, False) and f(True) == (True, True)
    assert F.is_sequence_value_unknown((1, 2)) is False
    assert f.capture_info().break_count == 0
