"""No module imports another module's underscore-private names (issue 12): each module's
private helpers stay its own, and what modules share is public. Checked over every package.
MindSpore's own private spellings
(`mindspore._no_grad`, `mindspore.common._pijit_context`) are the surface, not internals."""

import ast
import pathlib

import graphc

ROOT = pathlib.Path(graphc.__file__).parent
NOT_YET: tuple[str, ...] = ()
MINDSPORE_SPELLINGS = {("common.api", "_no_grad"), ("common", "_pijit_context")}


def _private_imports(path: pathlib.Path, root: pathlib.Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom):
            continue
        for alias in node.names:
            name = alias.name
            if name.startswith("_") and not name.startswith("__") and \
                    (node.module, name) not in MINDSPORE_SPELLINGS:
                found.append(f"{path.relative_to(root)}:{node.lineno} imports {name} from "
                             f"{node.module}")
    return found


def test_no_module_imports_another_modules_private_names():
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.relative_to(ROOT).parts[0] in NOT_YET:
            continue
        problems += _private_imports(path, ROOT.parent)
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_private_import_and_allows_dunders(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from __future__ import annotations\nfrom .support import Frame, _helper\n")
    assert _private_imports(module, tmp_path) == ["m.py:2 imports _helper from support"]
