"""Which public MindSpore names real programs use, and how many of them graphc resolves.

A measuring tool for issue 16 (never imported by graphc, its tests or CI). It reads a corpus
of MindSpore user code (`.py` files and the code cells of `.ipynb` notebooks), finds with
`ast` which `mindspore` names each file uses, counts the files per fully qualified name, and
checks whether graphc resolves each name (the `mindspore` prefix replaced by `graphc`,
imported or read as an attribute, part by part).

How a file's names are found (file-level, scope-insensitive):
  - imports bind aliases: `import mindspore as ms` (ms -> mindspore), `import mindspore.nn as
    nn`, `from mindspore import nn, ops`, `from mindspore.ops import operations as P`; each
    `from mindspore.x import y` is itself a use of `mindspore.x.y`;
  - every maximal attribute chain on an alias is a use: `ms.nn.Dense`, `P.Add`,
    `mstype.float32`; a chain stops before its first `_`-private part, and a name with a
    private part right after the package prefix (`mindspore._checkparam`) is not public;
  - relative imports and `from mindspore import *` are not followed.

Areas of other issues (training, dataset, distributed) are left out of the figures. With
MindSpore's interpreter (`--mindspore-python`, default `~/.cache/ms/bin/python`) each name is
also resolved in MindSpore: the module that defines the object decides its area
(`mindspore.train...`, `mindspore.dataset...`, `mindspore.communication...`, ...), names
MindSpore 2.10 itself lacks are reported apart, and graphc's object must be of the same kind
(module, class, function, other) as MindSpore's. MindSpore's parameter names that graphc's
signature lacks (keyword calls that would fail) are listed too. Without MindSpore, the spelled
prefix decides the area.

Run (from the repository root, graphc's venv; the corpus lives outside the repository):

    PYTHONPATH=$PWD /work/main/.venv/bin/python tools/ms_name_usage.py ~/.cache/names_corpus \
        --min-files 20 --show missing

`--show all|missing|none` prints the names of the frequent set; `--json FILE` writes every
counted name with its file count, area and status.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import os
import subprocess
import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Areas left out, by the module that defines a name (MindSpore's `__module__`) or, without
# MindSpore, by the spelled prefix.
AREA_PREFIXES: tuple[tuple[str, str], ...] = (
    ("mindspore.train", "training"),
    ("mindspore.amp", "training"),
    ("mindspore.boost", "training"),
    ("mindspore.nn.metrics", "training"),
    ("mindspore.dataset", "dataset"),
    ("mindspore.mindrecord", "dataset"),
    ("mindspore.communication", "distributed"),
    ("mindspore.parallel", "distributed"),
    ("mindspore.ops.operations.comm_ops", "distributed"),
    ("mindspore.ops.function.comm_func", "distributed"),
    ("mindspore.nn.wrap.grad_reducer", "distributed"),
)
# Names that place a chain in an area wherever they are spelled (`context.ParallelMode.X`).
AREA_TAILS: dict[str, str] = {
    "set_auto_parallel_context": "distributed",
    "get_auto_parallel_context": "distributed",
    "reset_auto_parallel_context": "distributed",
    "ParallelMode": "distributed",
    "set_algo_parameters": "distributed",
    "set_ps_context": "distributed",
    "DistributedGradReducer": "distributed",
    "Model": "training",
}
DEFAULT_MS_PYTHON = os.path.expanduser("~/.cache/ms/bin/python")


@dataclass(slots=True)
class NameRow:
    """One fully qualified name: how many files use it and what each framework makes of it."""

    name: str
    files: int
    area: str = ""            # "" in scope, else "training" / "dataset" / "distributed"
    ms_kind: str = "?"        # module / class / function / other / missing / ? (not checked)
    graphc_kind: str = "missing"
    # MindSpore's parameter names graphc's signature lacks (keyword calls that would fail).
    keyword_gaps: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        """graphc has the name, of MindSpore's kind (when MindSpore was asked)."""
        if self.graphc_kind == "missing":
            return False
        # A class where MindSpore has a function is still called the same way.
        return self.ms_kind in ("?", self.graphc_kind) or (
            self.ms_kind == "function" and self.graphc_kind == "class")


# ---------------------------------------------------------------- reading the corpus

def iter_sources(root: Path) -> Iterator[tuple[Path, str]]:
    """Every `.py` file and every notebook's code cells (shell/magic lines blanked) under root."""
    for path in sorted(root.rglob("*")):
        if path.suffix == ".py" and path.is_file():
            yield path, path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".ipynb" and path.is_file():
            try:
                cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            except (ValueError, UnicodeDecodeError):
                continue
            lines: list[str] = []
            for cell in cells:
                if cell.get("cell_type") != "code":
                    continue
                src = cell.get("source", "")
                text = "".join(src) if isinstance(src, list) else str(src)
                lines += ["" if ln.lstrip().startswith(("%", "!")) else ln
                          for ln in text.splitlines()]
            yield path, "\n".join(lines)


def _is_public(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split("."))


def _chain(node: ast.AST) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"]; None when the chain does not start at a plain name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def names_used(tree: ast.AST) -> set[str]:
    """The fully qualified public `mindspore` names one module uses."""
    aliases: dict[str, str] = {}
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] != "mindspore":
                    continue
                if a.asname:
                    aliases[a.asname] = a.name
                    used.add(a.name)
                else:
                    aliases["mindspore"] = "mindspore"
                    used.add(a.name)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if node.module.split(".")[0] != "mindspore":
                continue
            used.add(node.module)
            for a in node.names:
                if a.name == "*":
                    continue
                full = f"{node.module}.{a.name}"
                aliases[a.asname or a.name] = full
                used.add(full)
    if not aliases:
        return set()
    # Maximal chains only: skip an Attribute whose parent is an Attribute on it.
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            inner.add(id(node.value))
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Attribute, ast.Name)) or id(node) in inner:
            continue
        parts = _chain(node)
        if not parts or parts[0] not in aliases:
            continue
        full = aliases[parts[0]].split(".") + parts[1:]
        public: list[str] = []
        for part in full:
            if part.startswith("_"):
                break
            public.append(part)
        if len(public) > 1:
            used.add(".".join(public))
    return {n for n in used if n != "mindspore" and _is_public(n)}


def count_names(root: Path) -> tuple[Counter[str], list[set[str]], int]:
    """Files per name, each file's name set, and how many files failed to parse."""
    counts: Counter[str] = Counter()
    per_file: list[set[str]] = []
    failed = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _path, text in iter_sources(root):
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError):
                failed += 1
                continue
            names = names_used(tree)
            if names:
                counts.update(names)
                per_file.append(names)
    return counts, per_file, failed


# ---------------------------------------------------------------- resolving names

def kind_of(obj: Any) -> str:
    """module / class / function / other, the same rule in both interpreters."""
    import inspect
    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        return "class"
    if callable(obj):
        return "function"
    return "other"


def resolve(name: str) -> Any:
    """The object a dotted name gives, part by part: a submodule, else an attribute."""
    parts = name.split(".")
    obj = importlib.import_module(parts[0])
    for i, part in enumerate(parts[1:], start=1):
        try:  # a submodule first, as `from a.b import c` finds it (even when `a.b` is shadowed)
            obj = importlib.import_module(".".join(parts[: i + 1]))
        except ImportError:
            obj = getattr(obj, part)
    return obj


def defining_module(obj: Any) -> str:
    """Where an object is defined: a module's own name, else its `__module__`."""
    import inspect
    if inspect.ismodule(obj):
        return obj.__name__
    mod = getattr(obj, "__module__", None)
    if not isinstance(mod, str):
        mod = getattr(type(obj), "__module__", "") or ""
    return mod


def param_names(obj: Any) -> list[str] | None:
    """A callable's parameter names (a class's `__init__`'s, without self); `*`/`**` mark the
    variadic ones. None when Python cannot tell."""
    import inspect
    try:
        sig = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
    except (TypeError, ValueError):
        return None
    marks = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}
    return [marks.get(p.kind, "") + p.name for p in sig.parameters.values()
            if not (p.name == "self" and inspect.isclass(obj))]


def keyword_gaps(ms_params: list[str] | None, gc_params: list[str] | None) -> tuple[str, ...]:
    """MindSpore's named parameters that graphc's signature cannot take by keyword."""
    if not ms_params or gc_params is None or any(p.startswith("**") for p in gc_params):
        return ()
    return tuple(p for p in ms_params if not p.startswith("*") and p not in gc_params)


def graphc_lookup(name: str) -> tuple[str, list[str] | None]:
    """The kind ("missing" if none) and parameter names of graphc's object for a name."""
    try:
        obj = resolve("graphc" + name[len("mindspore"):])
    except Exception:  # noqa: BLE001  (any failure to import or read the name is "missing")
        return "missing", None
    kind = kind_of(obj)
    return kind, param_names(obj) if kind in ("class", "function") else None


_ORACLE = r"""
import json, sys, importlib, inspect, io, contextlib
def params(o):
    try:
        target = o.__init__ if inspect.isclass(o) else o
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return None
    out = []
    for p in sig.parameters.values():
        if p.name == "self" and inspect.isclass(o): continue
        out.append({p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "") + p.name)
    return out
def kind(o):
    if inspect.ismodule(o): return "module"
    if inspect.isclass(o): return "class"
    return "function" if callable(o) else "other"
def resolve(name):
    parts = name.split("."); obj = importlib.import_module(parts[0])
    for i, p in enumerate(parts[1:], 1):
        try: obj = importlib.import_module(".".join(parts[:i + 1]))
        except ImportError: obj = getattr(obj, p)
    return obj
out = {}
for name in json.load(sys.stdin):
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            o = resolve(name)
        mod = o.__name__ if inspect.ismodule(o) else getattr(o, "__module__", None)
        if not isinstance(mod, str): mod = getattr(type(o), "__module__", "") or ""
        out[name] = [kind(o), mod, params(o) if kind(o) in ("class", "function") else None]
    except Exception:
        out[name] = ["missing", "", None]
sys.__stdout__.write("\n@@ORACLE@@" + json.dumps(out))
"""


def ask_mindspore(python: str, names: list[str]) -> dict[str, tuple[str, str, Any]]:
    """Kind and defining module of each name in MindSpore (run in MindSpore's interpreter)."""
    env = dict(os.environ, GLOG_v="3", PYTHONPATH="")
    proc = subprocess.run([python, "-c", _ORACLE], input=json.dumps(names), text=True,
                          capture_output=True, env=env, check=True)
    payload = proc.stdout.rsplit("@@ORACLE@@", 1)[1]
    return {k: (v[0], v[1], v[2]) for k, v in json.loads(payload).items()}


def area_of(name: str, module: str) -> str:
    """The other issue's area a name belongs to, or "" when it is in this one's scope."""
    for part in name.split("."):
        if part in AREA_TAILS:
            return AREA_TAILS[part]
    for spelled in (module, name):
        for prefix, area in AREA_PREFIXES:
            if spelled == prefix or spelled.startswith(prefix + "."):
                return area
    return ""


# ---------------------------------------------------------------- the report

def build_rows(counts: Counter[str], ms_python: str | None) -> list[NameRow]:
    """One row per counted name, most used first."""
    names = sorted(counts, key=lambda n: (-counts[n], n))
    oracle = ask_mindspore(ms_python, names) if ms_python else {}
    rows = []
    for name in names:
        ms_kind, module, ms_params = oracle.get(name, ("?", "", None))
        gc_kind, gc_params = graphc_lookup(name)
        rows.append(NameRow(name, counts[name], area_of(name, module), ms_kind, gc_kind,
                            keyword_gaps(ms_params, gc_params)))
    return rows


def summarise(rows: list[NameRow], per_file: list[set[str]], min_files: int) -> dict[str, Any]:
    """The figures: frequent names, how many resolve, weighted coverage, fully covered files."""
    scope = [r for r in rows if not r.area and r.ms_kind != "missing"]
    frequent = [r for r in scope if r.files >= min_files]
    ok = [r for r in frequent if r.resolved]
    by_name = {r.name: r for r in scope}
    in_scope_files = [{n for n in f if n in by_name} for f in per_file]
    in_scope_files = [f for f in in_scope_files if f]
    fully = sum(all(by_name[n].resolved for n in f) for f in in_scope_files)

    def weighted(sel: list[NameRow]) -> float:
        total = sum(r.files for r in sel)
        return sum(r.files for r in sel if r.resolved) / total if total else 1.0

    return {
        "files_using_mindspore": len(per_file),
        "names_counted": len(rows),
        "names_in_scope": len(scope),
        "names_in_scope_resolved": sum(r.resolved for r in scope),
        "weighted_coverage_all_in_scope": round(weighted(scope), 4),
        "frequent_names": len(frequent),
        "frequent_resolved": len(ok),
        "frequent_fraction": round(len(ok) / len(frequent), 4) if frequent else 1.0,
        "frequent_weighted_coverage": round(weighted(frequent), 4),
        "files_fully_covered": fully,
        "files_with_in_scope_names": len(in_scope_files),
        "frequent_with_keyword_gaps": [f"{r.name}{list(r.keyword_gaps)}" for r in frequent
                                       if r.keyword_gaps],
        "frequent_out_of_scope": sum(1 for r in rows if r.area and r.files >= min_files),
        "frequent_missing_in_mindspore": [r.name for r in rows
                                          if r.ms_kind == "missing" and r.files >= min_files],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--min-files", type=int, default=20)
    ap.add_argument("--mindspore-python", default=DEFAULT_MS_PYTHON,
                    help="MindSpore's interpreter ('' to skip asking MindSpore)")
    ap.add_argument("--show", choices=("all", "missing", "none"), default="missing")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    counts, per_file, failed = count_names(args.corpus)
    ms_python = args.mindspore_python if args.mindspore_python and os.path.exists(
        args.mindspore_python) else None
    rows = build_rows(counts, ms_python)
    summary = summarise(rows, per_file, args.min_files)
    summary["unparsable_files"] = failed
    summary["asked_mindspore"] = bool(ms_python)
    for key, value in summary.items():
        print(f"{key}: {value}")
    if args.show != "none":
        print(f"\nnames used by >= {args.min_files} files, in scope "
              f"({'all' if args.show == 'all' else 'not resolved by graphc'}):")
        for r in rows:
            if r.area or r.ms_kind == "missing" or r.files < args.min_files:
                continue
            if args.show == "all" or not r.resolved:
                print(f"  {r.files:5d}  {r.name:60s} ms={r.ms_kind:8s} graphc={r.graphc_kind}")
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "names": [
            {"name": r.name, "files": r.files, "area": r.area, "mindspore": r.ms_kind,
             "graphc": r.graphc_kind, "resolved": r.resolved,
             "keyword_gaps": list(r.keyword_gaps)} for r in rows]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
