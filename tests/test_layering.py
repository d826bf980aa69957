"""The packages' one-way dependencies of DESIGN.md, checked on every module's imports (including
those inside functions): a package imports only from the packages listed for it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "graphc"

ALLOWED = {
    "common": set(),
    "ops": {"common"},
    "ir": {"common"},
    "autodiff": {"common", "ops", "ir"},
    "parser": {"common", "ir", "ops"},
    "infer": {"common", "ir", "ops", "parser"},
    "fallback": {"common", "ir", "infer"},
    "runtime": {"common", "ops", "autodiff", "ir", "parser", "infer", "fallback"},
    "communication": {"common", "ops"},
    "nn": {"common", "ops", "autodiff", "runtime", "communication"},
    "dataset": {"common", "ops", "nn", "runtime", "autodiff"},
    "train": {"common", "ops", "autodiff", "runtime", "nn", "communication"},
    "pijit": {"common", "ops", "ir", "autodiff", "parser", "infer", "runtime"},
    "numpy": {"common", "ops"},
    "mint": {"common", "ops"},
}


def _imported_packages(path: Path) -> set[str]:
    """The graphc packages `path` imports from (relative imports resolved)."""
    parts = path.relative_to(ROOT.parent).with_suffix("").parts[:-1]  # ('graphc', 'nn', ...)
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = list(parts[:len(parts) - node.level + 1])
        else:
            base = []
        module = base + (node.module.split(".") if node.module else [])
        if len(module) >= 2 and module[0] == "graphc":
            found.add(module[1])
        elif module == ["graphc"]:
            found.update(a.name for a in node.names)
    return found & set(ALLOWED)


def test_packages_import_only_what_design_allows():
    problems = []
    for package, allowed in ALLOWED.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            extra = _imported_packages(path) - allowed - {package}
            if extra:
                problems.append(f"{path.relative_to(ROOT.parent)} imports {sorted(extra)}")
    assert not problems, "\n".join(problems)

