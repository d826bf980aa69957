"""The `Any` type and `# @jit.typing:` annotations (SPEC 3.10), `explain`, and the export
purity check."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops
from graphc.common.errors import GraphcError, GraphcTypeError, GraphcValueError
from graphc.fallback import TypeAnnotation, interpret_nodes, parse_annotation


def spec_example(x, y):
    z = x.asnumpy() + y.asnumpy()
    a = ms.tensor(z, dtype=ms.float32)
    b = ms.Tensor(z, dtype=ms.float32)  # @jit.typing: () -> tensor_type[float32]
    c = ms.Tensor(z, dtype=ms.float32)
    return ops.abs(a), ops.abs(b), ops.abs(c)


def test_any_tensors_keep_their_dtype_as_in_pynative():
    args = (ms.tensor(-1, ms.int32), ms.tensor(-1, ms.float32))
    eager = spec_example(*args)
    graph = ms.jit(spec_example)(*args)
    for e, g in zip(eager, graph):
        assert g.dtype == e.dtype == ms.float32  # graphc does not widen to float64
        assert float(g.asnumpy()) == float(e.asnumpy()) == 2.0


def test_annotation_and_tensor_dtype_give_interpret_nodes_their_type():
    compiled = ms.jit(spec_example)
    compiled(ms.tensor(-1, ms.int32), ms.tensor(-1, ms.float32))
    graph = compiled.graphs()[0].graph
    typed = [n for n in interpret_nodes(graph) if n.attrs["info"].annotation is not None]
    sources = sorted(n.attrs["info"].source for n in typed)
    assert sources == ["ms.Tensor(z, dtype=ms.float32)", "ms.tensor(z, dtype=ms.float32)"]
    assert all(str(n.abstract) == "Any[tensor[Float32]]" for n in typed)


def test_annotated_dtype_is_known_at_compile_time():
    def f(x):
        y = ms.Tensor(np.abs(x.asnumpy()))  # @jit.typing: () -> tensor_type[float32]
        if y.dtype == ms.float32:  # folded: no run-time dispatch on the type
            return y + 1
        return y

    out = ms.jit(f)(ms.Tensor([-1.0, 2.0]))
    np.testing.assert_allclose(out.asnumpy(), [2.0, 3.0])


def test_annotation_on_the_line_before_the_statement():
    def f(x):
        # @jit.typing: () -> tensor_type[float32]
        y = ms.Tensor(np.abs(x.asnumpy()))
        return y

    compiled = ms.jit(f)
    compiled(ms.Tensor([-1.0]))
    (node,) = [n for n in interpret_nodes(compiled.graphs()[0].graph)
               if n.attrs["info"].annotation is not None]
    assert node.attrs["info"].annotation == TypeAnnotation("tensor", ms.float32)


def test_a_value_that_contradicts_its_annotation_is_a_clear_error_naming_the_line():
    def f(x):
        y = ms.Tensor(np.abs(x.asnumpy()))  # @jit.typing: () -> tensor_type[int32]
        return y

    with pytest.raises(GraphcTypeError) as info:
        ms.jit(f)(ms.Tensor([-1.0]))
    text = str(info.value)
    assert "Tensor[Float32]" in text and "tensor[Int32]" in text
    assert "test_any_and_typing.py" in text and "# @jit.typing: () -> tensor_type[int32]" in text


def test_malformed_annotations_are_errors():
    with pytest.raises(GraphcValueError, match="only support tensor/list_/tuple_"):
        parse_annotation("# @jit.typing: () -> dict_[float32]", {}, None)
    with pytest.raises(GraphcValueError, match="unknown type 'float99'"):
        parse_annotation("# @jit.typing: () -> tensor_type[float99]", {}, None)
    with pytest.raises(GraphcValueError, match="Wrong comment format"):
        parse_annotation("# @jit.typing: -> float32", {}, None)


def test_annotation_variables_resolve_from_the_scope():
    assert parse_annotation("# @jit.typing: () -> tensor_type[{dt}]", {"dt": ms.int8},
                            None) == TypeAnnotation("tensor", ms.int8)
    assert parse_annotation("# @jit.typing: () -> tensor_type[{missing}]", {}, None) is None
    assert parse_annotation("# @jit.typing: () -> float32", {}, None) == \
        TypeAnnotation(None, ms.float32)
    assert parse_annotation("# @jit.typing: side_effect", {}, None) == "side_effect"


LOG = []


def _log(value):
    LOG.append(value)
    return len(LOG)


def test_side_effect_annotation_keeps_a_constant_call_at_run_time():
    def f(x):
        _log(1)  # @jit.typing: side_effect
        return x

    LOG.clear()
    compiled = ms.jit(f)
    for _ in range(3):
        compiled(ms.Tensor([1.0]))
    assert LOG == [1, 1, 1]


def test_constant_interpret_calls_are_folded_at_compile_time():
    def f(x):
        return x + float(np.sqrt(16.0))

    compiled = ms.jit(f)
    out = compiled(ms.Tensor([1.0]))
    assert float(out.asnumpy()[0]) == 5.0
    assert interpret_nodes(compiled.graphs()[0].graph) == []
    assert "evaluated once, at compile time" in str(compiled.explain(ms.Tensor([1.0])))


def test_explain_lists_each_interpret_node_with_line_and_reason():
    def f(x):
        y = np.sort(x.asnumpy())
        return ms.Tensor(y) * 2

    report = ms.jit(f).explain(ms.Tensor([3.0, 1.0]))
    assert report.count == 4  # asnumpy, np.sort, Tensor(y), and `* 2` on that Any
    text = str(report)
    assert "4 interpret node(s)" in text
    assert "test_any_and_typing.py" in text
    assert "y = np.sort(x.asnumpy())" in text
    assert "calls numpy.sort, a third-party function: runs in Python" in text
    assert "add a `# @jit.typing:` comment" in text
    assert "calls Tensor.asnumpy(), which needs the value of a Tensor" in text
    same = ms.explain(f, ms.Tensor([3.0, 1.0]))
    assert str(same) == text


def test_explain_of_pure_graph_code_says_so():
    report = ms.explain(lambda x: x * 2 + 1, ms.Tensor([1.0]))
    assert report.count == 0
    assert "no interpret nodes" in str(report)


def test_export_is_refused_for_graphs_with_interpret_nodes_naming_the_lines():
    def f(x):
        y = np.sort(x.asnumpy())
        return ms.Tensor(y)

    with pytest.raises(GraphcError) as info:
        ms.jit(f).check_exportable(ms.Tensor([2.0, 1.0]))
    text = str(info.value)
    assert "cannot be exported" in text and "y = np.sort(x.asnumpy())" in text
    assert "return ms.Tensor(y)" in text
    ms.jit(lambda x: x + 1).check_exportable(ms.Tensor([1.0]))  # pure: no error


SHARED = [1, 2]
TABLE = np.ones(2, np.float32)


class _Holder:
    pass


HOLDER = _Holder()
HOLDER.items = [1]


def test_folded_lists_arrays_and_attribute_lists_are_guarded_by_contents():
    def f(x):
        return x + len(SHARED) + ms.Tensor(TABLE) + len(HOLDER.items)

    compiled = ms.jit(f)
    x = ms.Tensor(np.zeros(2, np.float32))
    np.testing.assert_allclose(compiled(x).asnumpy(), [4.0, 4.0])
    SHARED.append(3)
    np.testing.assert_allclose(compiled(x).asnumpy(), [5.0, 5.0])
    TABLE[0] = 5.0
    np.testing.assert_allclose(compiled(x).asnumpy(), [9.0, 5.0])
    HOLDER.items.append(2)
    np.testing.assert_allclose(compiled(x).asnumpy(), [10.0, 6.0])
    compiled(x)
    stats = compiled.cache_info()
    assert stats.hits == 1 and stats.misses == 4
    assert stats.compiles[1] == "global 'SHARED': contents changed [1, 2] -> [1, 2, 3]"
    assert stats.compiles[2].startswith("global 'TABLE': contents changed")
    assert stats.compiles[3] == "attribute 'items' of _Holder: contents changed [1] -> [1, 2]"


def test_export_names_the_interpret_lines_of_a_cell_and_refuses(tmp_path):
    from graphc import nn

    class Net(nn.Cell):
        def construct(self, x):
            y = np.tanh(x.asnumpy())
            return ms.Tensor(y)

    with pytest.raises(GraphcError) as info:
        ms.export(Net(), ms.Tensor([1.0]), file_name=str(tmp_path / "net"),
                  file_format="MINDIR")
    assert "'Net' cannot be exported" in str(info.value)
    assert "y = np.tanh(x.asnumpy())" in str(info.value)
    assert not list(tmp_path.iterdir())  # nothing was written


def test_a_user_module_listed_in_ms_jit_ignore_modules_runs_in_python(monkeypatch):
    monkeypatch.setenv("MS_JIT_IGNORE_MODULES", "tests")
    report = ms.explain(lambda x: _log(x), ms.Tensor([1.0]))
    assert report.count == 1
    assert "a third-party function: runs in Python" in str(report)
    monkeypatch.delenv("MS_JIT_IGNORE_MODULES")
    parsed = str(ms.explain(lambda x: _log(x), ms.Tensor([1.0])))
    assert "third-party" not in parsed  # parsed again: only LOG.append and len(LOG) run in Python
    assert "the list that lives outside the function, which it changes" in parsed


def test_file_writes_with_constant_arguments_run_at_every_call(tmp_path):
    import os

    path = str(tmp_path / "saved.npy")

    def f(x):
        np.save(path, np.arange(3))
        return x

    compiled = ms.jit(f)
    compiled(ms.Tensor([1.0]))
    assert os.path.exists(path)
    os.remove(path)
    compiled(ms.Tensor([1.0]))  # cached graph: the write happens again
    assert os.path.exists(path)
    assert compiled.cache_info().hits == 1
    assert "reads or writes files" in str(compiled.explain(ms.Tensor([1.0])))


def test_objects_created_in_the_graph_are_new_at_every_call():
    from .programs import Helper

    def f(x):
        h = Helper(2.0)
        return h

    compiled = ms.jit(f)
    a, b = compiled(ms.Tensor([1.0])), compiled(ms.Tensor([1.0]))
    assert a is not b and a.scale == b.scale == 2.0
    a.scale = 5.0
    assert b.scale == 2.0
    assert compiled.cache_info().misses == 1  # built twice on the first call, then reused


def test_an_error_in_python_code_the_graph_runs_names_the_users_line():
    def f(x):
        a = x.asnumpy()
        b = np.linalg.inv(a)
        return ms.Tensor(b)

    with pytest.raises(np.linalg.LinAlgError) as info:  # Python's own exception, unchanged
        ms.jit(f)(ms.Tensor(np.zeros((2, 2), np.float32)))
    notes = "\n".join(getattr(info.value, "__notes__", []))
    assert "test_any_and_typing.py" in notes and "b = np.linalg.inv(a)" in notes
