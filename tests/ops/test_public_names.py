"""The primitive classes and Tensor methods keep exactly the public names of the snapshot
(`public_names.py` says how to regenerate it when a name is added on purpose)."""

import json

from .public_names import SNAPSHOT, current


def test_primitive_class_and_tensor_method_names_are_the_snapshots():
    snapshot = json.loads(SNAPSHOT.read_text())
    now = current()
    for key in snapshot:
        assert set(now[key]) == set(snapshot[key]), (
            key, "lost:", sorted(set(snapshot[key]) - set(now[key])),
            "new:", sorted(set(now[key]) - set(snapshot[key])))
