"""The analysis pre-pass (`parser.analysis`): per-node facts of a loaded function, computed
once and cached with its source."""

import gast

from graphc.parser.analysis import Analysis
from graphc.parser.source import load_source

G = 0


def _stmts(fn):
    source = load_source(fn)
    return source, source.tree.body


def test_assigned_names_include_item_stores_and_inplace_methods():
    def f(x, a, t):
        y = x + 1
        a[0][1] = y
        t.add_(y)
        for i, (j, k) in enumerate(x):
            y = i + j + k
        return y

    source, body = _stmts(f)
    facts = [source.analysis.of(s) for s in body]
    assert facts[0].assigned == {"y"} and facts[0].stores == {"y"}
    assert facts[1].assigned == {"a"} and facts[1].stores == frozenset()
    assert facts[2].assigned == {"t"}
    assert source.analysis.of(body[3].target).stores == {"i", "j", "k"}
    assert facts[0].loads == {"x"}


def test_returns_here_stops_at_nested_loops_and_functions():
    def f(x):
        if x:
            for i in x:
                return i
        if x:
            def inner():
                return 1
        if x:
            with x:
                return 2

    source, body = _stmts(f)
    assert [source.analysis.of(s).returns_here for s in body] == [False, False, True]
    assert [source.analysis.of(s).returns for s in body] == [True, False, True]


def test_a_return_in_a_loops_else_is_at_the_loops_level():
    def f(x):
        if x:
            for _i in x:
                pass
            else:
                return 1
        return 2

    source, body = _stmts(f)
    assert source.analysis.of(body[0]).returns_here
    loop = body[0].body[0]
    assert source.analysis.of(loop).returns_here and not source.analysis.of(loop).body_returns


def test_loop_body_jumps_are_the_loops_own():
    def f(x):
        while x:
            for _i in x:
                break
        while x:
            for _i in x:
                pass
            else:
                continue
        for i in x:
            if i:
                return i

    source, body = _stmts(f)
    facts = [source.analysis.of(s) for s in body]
    assert [f.body_jumps for f in facts] == [False, True, False]
    assert [f.body_returns for f in facts] == [False, False, True]
    assert not any(f.jumps for f in facts)  # no break/continue leaves the function's loops


def test_global_and_nonlocal_declarations_are_collected_from_the_whole_body():
    def f(x):
        global G
        if x:
            G = 1

        def inner():
            nonlocal x
            x = 2
        return inner

    source, _ = _stmts(f)
    facts = source.analysis.of(source.tree)
    assert facts.globals == {"G"}
    assert facts.nonlocals == {"x"}


def test_facts_are_computed_once_and_shared_with_inner_functions():
    def f(x):
        def inner(y):
            return y + x
        return inner

    source = load_source(f)
    assert load_source(f).analysis is source.analysis
    stmt = source.tree.body[0]
    first = source.analysis.of(stmt)
    assert source.analysis.of(stmt) is first
    inner = source.inner(stmt, "f.<locals>.inner")
    assert inner.analysis is source.analysis
    assert inner.analysis.of(stmt.body[0]) is source.analysis.of(stmt.body[0])


def test_synthesised_nodes_are_analysed_when_first_asked():
    analysis = Analysis()
    store = gast.Name(id="flag", ctx=gast.Store(), annotation=None, type_comment=None)
    node = gast.Assign(targets=[store], value=gast.Constant(value=True, kind=None),
                       type_comment=None)
    assert analysis.of(node).assigned == {"flag"}
    loop = gast.While(test=gast.Constant(value=True, kind=None), body=[gast.Break()],
                      orelse=[])
    assert analysis.of(loop).body_jumps and not analysis.of(loop).jumps


def test_deep_trees_do_not_recurse():
    def name(ctx):
        return gast.Name(id="x", ctx=ctx, annotation=None, type_comment=None)
    expr = name(gast.Load())
    for _ in range(5000):
        expr = gast.BinOp(left=expr, op=gast.Add(), right=name(gast.Load()))
    stmt = gast.Assign(targets=[name(gast.Store())], value=expr, type_comment=None)
    assert Analysis().of(stmt).loads == {"x"}
