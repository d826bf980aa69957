"""Shared fixtures: every test starts from, and leaves behind, the default context."""

import pytest

from graphc.common.context import Context, context


@pytest.fixture(autouse=True)
def fresh_context():
    saved = {f: getattr(context(), f) for f in Context.__slots__}
    yield
    for f, v in saved.items():
        setattr(context(), f, v)
