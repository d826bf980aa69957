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


def _private_imports(path: Path) -> list[str]:
    """The underscore-private names `path` imports from another graphc module (modules that
    keep MindSpore's private spelling, such as `common._pijit_context`, are modules, not
    names, and are not counted when imported as a whole)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom) or node.module == "__future__":
            continue
        if not node.level and not (node.module or "").startswith("graphc"):
            continue
        base = ROOT.parent.joinpath(*path.relative_to(ROOT.parent).parts[:-1])
        for _ in range(max(node.level - 1, 0)):
            base = base.parent
        target = base.joinpath(*(node.module or "").split(".")) if node.level else \
            ROOT.parent.joinpath(*node.module.split("."))
        for alias in node.names:
            name = alias.name
            if not name.startswith("_") or name.startswith("__"):
                continue
            if (target / f"{name}.py").exists() or (target / name).is_dir():
                continue  # a submodule with MindSpore's private spelling
            found.append(f"{node.module}.{name}")
    return found


def test_no_module_imports_another_modules_private_name():
    offenders = {str(p.relative_to(ROOT)): names for p in sorted(ROOT.rglob("*.py"))
                 if (names := _private_imports(p))}
    assert offenders == {}
