"""What the benchmark scripts share: best-of-N timing and the common command-line options."""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable


def best(fn: Callable[[], object], number: int, repeat: int = 5) -> float:
    """Seconds per call of `fn`: the best of `repeat` runs of `number` calls."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def variants_parser(doc: str, unit: str, number: int) -> argparse.ArgumentParser:
    """`--number` (calls per timing run, named after `unit`), `--repeat` and `--graph`."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(f"--{unit}", type=int, default=number, help=f"{unit} per timing run")
    parser.add_argument("--repeat", type=int, default=5, help="timing runs (best is kept)")
    parser.add_argument("--graph", action="store_true", help="add a GRAPH_MODE row")
    return parser
