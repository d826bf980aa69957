"""Shared fixtures: every test starts from, and leaves behind, the default context; every graph
compiled in the tests is checked by the IR verifier after each pass."""

import os

import pytest

from graphc.common.context import Context, context

os.environ.setdefault("GRAPHC_VERIFY_IR", "1")


@pytest.fixture(autouse=True)
def fresh_context():
    saved = {f: getattr(context(), f) for f in Context.__slots__}
    yield
    for f, v in saved.items():
        setattr(context(), f, v)
