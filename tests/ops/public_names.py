"""The public spellings of the ops as they are: primitive class names of `graphc.ops` and
`graphc.ops.operations`, and the attributes of `Tensor` (its methods and operators).

`test_public_names.py` compares them with `public_names.json`, the snapshot taken before the
primitive classes and Tensor methods were derived from the op definitions. A change that adds or
removes a public name on purpose regenerates the snapshot:
`PYTHONPATH=. python -m tests.ops.public_names --update`.
"""

from __future__ import annotations

import json
import pathlib
import sys

SNAPSHOT = pathlib.Path(__file__).with_name("public_names.json")


def current() -> dict[str, list[str]]:
    from graphc import ops
    from graphc.common.tensor import Tensor
    from graphc.ops import operations

    def classes(module: object) -> list[str]:
        return sorted(n for n in dir(module) if not n.startswith("_")
                      and isinstance(getattr(module, n), type)
                      and issubclass(getattr(module, n), ops.Primitive))

    return {"ops": classes(ops), "operations": classes(operations),
            "tensor": sorted(vars(Tensor))}


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    SNAPSHOT.write_text(json.dumps(current(), indent=1) + "\n")
