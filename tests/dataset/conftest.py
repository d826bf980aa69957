"""Every dataset test starts from dataset.config's defaults and leaves them behind."""

import pytest

import graphc.dataset as ds


@pytest.fixture(autouse=True)
def fresh_dataset_config():
    ds.config.reset()
    yield
    ds.config.reset()
