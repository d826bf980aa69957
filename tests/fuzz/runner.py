"""Running one generated program both ways and classifying what differs.

The program's `f` runs as plain Python (PyNative), then as `graphc.jit(f)` on the same
arguments; that is done for two argument sets (the second call reuses the compiled function),
and once more for `grad_f` (the gradient of `f(...)[0].sum()` in `x` and `v`) eagerly and
under `jit`. Before each run the module's globals are reset; after it, what is compared is the
result (values, dtypes, Python types), the module's globals and object attributes, the
arguments (lists and dicts the function may change), the printed text, and the exception
raised, if any. The first difference found classifies the program (`CLASSES`).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import itertools
import math
import re
import signal
import sys
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import graphc as ms
from graphc.common.errors import GraphcInternalError

INTERNAL = "internal error"
WRONG_VALUE = "wrong value"
WRONG_EFFECT = "wrong side effect"
SPURIOUS = "spurious error"
MISMATCH = "exception mismatch"
WRONG_TYPE = "wrong type / print"
TIMEOUT = "timeout"
CLASSES = (INTERNAL, WRONG_VALUE, WRONG_EFFECT, SPURIOUS, MISMATCH, WRONG_TYPE, TIMEOUT)


class _Timeout(BaseException):
    """A run took longer than allowed (not an Exception: graphc must not catch it)."""


@dataclass
class Outcome:
    """What one run did."""

    value: Any = None
    exc: BaseException | None = None
    state: Any = None
    printed: str = ""


@dataclass
class Failure:
    """The first difference between the eager and the compiled runs of a program."""

    cls: str
    key: str  # what the minimiser keeps (the class and the kind of difference)
    detail: str


_counter = itertools.count()


def load(source: str, directory: Path) -> Any:
    """Import `source` as a fresh module from a real file (the compiler reads source files)."""
    name = f"graphc_fuzz_{next(_counter)}"
    path = directory / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def unload(module: Any) -> None:
    sys.modules.pop(module.__name__, None)


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Timeout()


def run(module: Any, fn: Any, args: tuple[Any, ...], timeout: float) -> Outcome:
    """Call `fn(*args)` after resetting the module's globals; record what it did."""
    module.reset()
    out = io.StringIO()
    outcome = Outcome()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with contextlib.redirect_stdout(out), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outcome.value = fn(*args)
    except _Timeout as exc:
        outcome.exc = exc
    except Exception as exc:  # noqa: BLE001  (compared with the other run)
        outcome.exc = exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    outcome.printed = out.getvalue()
    outcome.state = (module.snapshot(), [a for a in args if isinstance(a, (list, dict))])
    return outcome


def difference(a: Any, b: Any, path: str = "") -> tuple[str, str] | None:
    """How `b` (compiled) differs from `a` (eager): (class, words), or None."""
    if type(a) is not type(b):
        return WRONG_TYPE, f"{path}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, ms.Tensor):
        if a.dtype is not b.dtype or a.shape != b.shape:
            return WRONG_TYPE, f"{path}: {a.dtype}{a.shape} vs {b.dtype}{b.shape}"
        return difference(a.asnumpy(), b.asnumpy(), path)
    if isinstance(a, np.ndarray):
        if a.dtype != b.dtype or a.shape != b.shape:
            return WRONG_TYPE, f"{path}: {a.dtype}{a.shape} vs {b.dtype}{b.shape}"
        if not np.allclose(a, b, rtol=1e-3, atol=1e-4, equal_nan=True):
            return WRONG_VALUE, f"{path}: {a.tolist()} vs {b.tolist()}"
        return None
    if isinstance(a, float):
        if not (math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-4) or (a != a and b != b)):
            return WRONG_VALUE, f"{path}: {a!r} vs {b!r}"
        return None
    if isinstance(a, (tuple, list)):
        if len(a) != len(b):
            return WRONG_VALUE, f"{path}: length {len(a)} vs {len(b)}: {a!r} vs {b!r}"
        for i, (x, y) in enumerate(zip(a, b)):
            found = difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(a, dict):
        if list(a) != list(b):
            return WRONG_VALUE, f"{path}: keys {list(a)} vs {list(b)}"
        for k in a:
            found = difference(a[k], b[k], f"{path}[{k!r}]")
            if found:
                return found
        return None
    if a != b:
        return WRONG_VALUE, f"{path}: {a!r} vs {b!r}"
    return None


def _exc_words(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def _message_key(exc: BaseException) -> str:
    """The exception's type and the start of its message, without names and numbers (what a
    minimised program must still raise)."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    text = re.sub(r"'[^']*'|\d+|/\S+", "_", text.split(" (while ")[0])
    return f"{type(exc).__name__}: {text[:60]}"


def _internal_key(exc: BaseException) -> str:
    cause = exc.__cause__
    return _message_key(cause if cause is not None else exc)


def compare(what: str, eager: Outcome, graph: Outcome) -> Failure | None:
    """The first difference of the compiled run `graph` from the eager run `eager`."""
    if isinstance(graph.exc, _Timeout):
        return Failure(TIMEOUT, TIMEOUT, f"{what}: the compiled run took too long")
    if isinstance(graph.exc, GraphcInternalError):
        tb = "".join(traceback.format_exception(graph.exc.__cause__ or graph.exc))
        return Failure(INTERNAL, f"{INTERNAL} {_internal_key(graph.exc)}",
                       f"{what}: {_exc_words(graph.exc)}\n{tb}")
    if eager.exc is None and graph.exc is not None:
        tb = "".join(traceback.format_exception(graph.exc))
        return Failure(SPURIOUS, f"{SPURIOUS} {_message_key(graph.exc)}",
                       f"{what}: compiled raised {_exc_words(graph.exc)}\n{tb}")
    if eager.exc is not None and graph.exc is None:
        return Failure(MISMATCH, f"{MISMATCH} {type(eager.exc).__name__} none",
                       f"{what}: eager raised {_exc_words(eager.exc)}, compiled returned")
    if eager.exc is not None and not isinstance(graph.exc, type(eager.exc)):
        return Failure(MISMATCH, f"{MISMATCH} {type(eager.exc).__name__} "
                       f"{_message_key(graph.exc)}",
                       f"{what}: eager raised {_exc_words(eager.exc)}, compiled raised "
                       f"{_exc_words(graph.exc)}")
    if eager.exc is None:
        found = difference(eager.value, graph.value, "result")
        if found:
            return Failure(found[0], found[0], f"{what}: {found[1]}")
    found = difference(eager.state, graph.state, "state")
    if found:
        return Failure(WRONG_EFFECT, WRONG_EFFECT, f"{what}: {found[1]}")
    if eager.printed != graph.printed:
        return Failure(WRONG_EFFECT, WRONG_EFFECT, f"{what}: printed {eager.printed!r} vs "
                       f"{graph.printed!r}")
    return None


def check(source: str, directory: Path, timeout: float = 20.0, seed: int = 0
          ) -> Failure | None:
    """Run the program `source` both ways (forward twice, then the gradient)."""
    module = load(source, directory)
    try:
        compiled = ms.jit(module.f)
        for call in range(2):
            eager = run(module, module.f, module.make_args(seed + call), timeout)
            if isinstance(eager.exc, _Timeout):
                return None  # too slow even in Python (a busy machine): not compared
            graph = run(module, compiled, module.make_args(seed + call), timeout)
            failure = compare(f"forward call {call + 1}", eager, graph)
            if failure is not None:
                return failure
        eager = run(module, module.grad_f, module.make_args(seed), timeout)
        if isinstance(eager.exc, _Timeout):
            return None
        graph = run(module, ms.jit(module.grad_f), module.make_args(seed), timeout)
        return compare("gradient", eager, graph)
    finally:
        unload(module)
