"""A line-deletion minimiser: the smallest program (by deleting lines and whole blocks of the
generated function) that still fails the same way."""

from __future__ import annotations

from collections.abc import Callable


def _body_range(lines: list[str]) -> tuple[int, int]:
    start = next(i for i, line in enumerate(lines) if line.startswith("def f(")) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("def loss("))
    return start, end


def _block_end(lines: list[str], i: int, end: int) -> int:
    """The line after the statement starting at `i` (with its indented block)."""
    indent = len(lines[i]) - len(lines[i].lstrip())
    j = i + 1
    while j < end and (not lines[j].strip() or
                       len(lines[j]) - len(lines[j].lstrip()) > indent):
        j += 1
    return j


def _valid(source: str) -> bool:
    try:
        compile(source, "<candidate>", "exec")
    except SyntaxError:
        return False
    return True


def minimise(source: str, still_fails: Callable[[str], bool], budget: int = 200) -> str:
    """Delete blocks, then single lines, of `f`'s body while `still_fails(candidate)` holds
    (at most `budget` tries)."""
    lines = source.split("\n")
    tries = 0
    changed = True
    while changed and tries < budget:
        changed = False
        start, end = _body_range(lines)
        i = start
        while i < end and tries < budget:
            stop = _block_end(lines, i, end)
            spans = [(i, stop)] if stop > i + 1 else []
            spans.append((i, i + 1))
            for lo, hi in spans:
                candidate = lines[:lo] + lines[hi:]
                text = "\n".join(candidate)
                if lines[lo].strip() in ("global COUNT",) or not _valid(text):
                    continue
                tries += 1
                if still_fails(text):
                    lines = candidate
                    changed = True
                    end -= hi - lo
                    break
            else:
                i += 1
    return "\n".join(lines)
