"""MindSpore's `mindspore.profiler.Profiler` on graphc: the time each op takes.

    profiler = Profiler(output_path="./data")   # starts at once (start_profile=True)
    ... run the network ...
    profiler.analyse()                          # stops and writes the report

While it runs, every eager op call (`ops.apply`) is timed, and so is every run of a compiled
graph (its generated function, reported as one op of type "Graph"); the op calls that record
a graph while it compiles are not runs and are not counted. `analyse()` writes, as
MindSpore 2.10 does on the CPU, a directory `<output_path>/<host>_<pid>_<time>_graphc/` with
`FRAMEWORK/cpu_op_type_info_0.csv` (per op type: occurrences, total and mean milliseconds,
share of the total), `FRAMEWORK/cpu_op_detail_info_0.csv` (per op) and
`ASCEND_PROFILER_OUTPUT/trace_view.json` (Chrome trace events). Op types are graphc's
primitive names (`matmul`, `bias_add`), not MindSpore's kernel names. `op_analyse(op_name)` gives
one op type's row as JSON text.

The timing uses `sys.setprofile`, so it sees only the thread that started the profiler, and
it slows that thread while it runs, as profilers do. Options of MindSpore's that concern
Ascend hardware (`aic_metrics`, `l2_cache`, ...) are accepted and have no effect.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .common.context import active_tracer
from .ops import primitive as _primitive_module

_APPLY_CODE = _primitive_module.apply.__code__
_GRAPH_FILE_PREFIX = "<graphc generated "


@dataclass(slots=True)
class OpEvent:
    """One timed call: op type, op name, start (ns since the epoch) and duration (ns)."""

    op_type: str
    op_name: str
    start_ns: int
    duration_ns: int


class Profiler:
    """`Profiler(output_path="./data", start_profile=True, **options)`; see the module
    docstring. `start()`/`stop()` bracket what is timed; `analyse()` writes the report."""

    def __init__(self, **kwargs: Any) -> None:
        self.output_path = os.path.abspath(str(kwargs.pop("output_path", "./data")))
        start_profile = bool(kwargs.pop("start_profile", True))
        self.options = kwargs
        self.metadata: dict[str, str] = {}
        self.events: list[OpEvent] = []
        self._open: list[tuple[str, str, int, int]] = []
        self._previous: Callable[..., Any] | None = None
        self._running = False
        if start_profile:
            self.start()

    # ------------------------------------------------------------ collecting
    def _hook(self, frame: Any, event: str, arg: Any) -> None:
        code = frame.f_code
        if code is _APPLY_CODE:
            if active_tracer.get() is not None:  # recording a graph, not running an op
                return
            prim = frame.f_locals.get("prim")
            op_type = getattr(prim, "name", "Unknown")
            key = op_type
        elif code.co_filename.startswith(_GRAPH_FILE_PREFIX) and code.co_name != "<module>":
            op_type, key = "Graph", code.co_filename[len(_GRAPH_FILE_PREFIX):-1]
        else:
            return
        if event == "call":
            self._open.append((op_type, key, time.time_ns(), time.perf_counter_ns()))
        elif event == "return" and self._open:
            op_type, key, wall, start = self._open.pop()
            self.events.append(OpEvent(op_type, key, wall, time.perf_counter_ns() - start))

    def start(self) -> None:
        """Start timing ops (again, after `stop`)."""
        if self._running:
            return
        self._previous = sys.getprofile()
        if self._previous is not None:
            warnings.warn("Profiler.start replaces the profile function already set "
                          "(sys.setprofile) until it stops.", RuntimeWarning, stacklevel=2)
        sys.setprofile(self._hook)
        self._running = True

    def stop(self) -> None:
        """Stop timing; what was collected is kept for `analyse`."""
        if self._running:
            sys.setprofile(self._previous)
            self._running = False
            self._open.clear()

    def step(self) -> None:
        """MindSpore's step without a schedule: no effect (MindSpore says so as an error log)."""
        warnings.warn("With no schedule in the Profiler, step takes no effect!", stacklevel=2)

    def add_metadata(self, key: str, value: str) -> None:
        """Record a key/value pair, written to `profiler_metadata.json` by `analyse`."""
        self.metadata[str(key)] = str(value)

    # ------------------------------------------------------------ reporting
    def op_types(self) -> list[dict[str, Any]]:
        """Per op type, most time first: occurrences, total and mean ms, share of the total."""
        totals: dict[str, list[float]] = {}
        for e in self.events:
            row = totals.setdefault(e.op_type, [0, 0.0])
            row[0] += 1
            row[1] += e.duration_ns / 1e6
        grand = sum(t for _, t in totals.values()) or 1.0
        rows = [{"op_type": k, "type_occurrences": n, "execution_frequency(per-step)": n,
                 "total_compute_time": round(t, 6), "avg_time(ms)": round(t / n, 6),
                 "percent": round(t / grand, 6)} for k, (n, t) in totals.items()]
        return sorted(rows, key=lambda r: -r["total_compute_time"])

    def analyse(self, offline_path: str | None = None, pretty: bool = False,
                step_list: Any = None, mode: str = "sync") -> str:
        """Stop, and write the report; returns its directory."""
        self.stop()
        stamp = time.strftime("%Y%m%d%H%M%S")
        root = os.path.join(offline_path or self.output_path,
                            f"{socket.gethostname()}_{os.getpid()}_{stamp}_graphc")
        framework = os.path.join(root, "FRAMEWORK")
        os.makedirs(framework, exist_ok=True)
        os.makedirs(os.path.join(root, "ASCEND_PROFILER_OUTPUT"), exist_ok=True)
        types = self.op_types()
        _write_csv(os.path.join(framework, "cpu_op_type_info_0.csv"), types)
        _write_csv(os.path.join(framework, "cpu_op_detail_info_0.csv"), self._details())
        trace = [{"ph": "X", "name": e.op_name, "pid": os.getpid(), "tid": 0,
                  "ts": e.start_ns / 1e3, "dur": e.duration_ns / 1e3,
                  "args": {"type": e.op_type}} for e in self.events]
        with open(os.path.join(root, "ASCEND_PROFILER_OUTPUT", "trace_view.json"), "w") as f:
            json.dump(trace, f, indent=1 if pretty else None)
        if self.metadata:
            with open(os.path.join(root, "profiler_metadata.json"), "w") as f:
                json.dump(self.metadata, f, indent=1)
        return root

    def _details(self) -> list[dict[str, Any]]:
        by_name: dict[tuple[str, str], list[float]] = {}
        for e in self.events:
            row = by_name.setdefault((e.op_type, e.op_name), [0, 0.0])
            row[0] += 1
            row[1] += e.duration_ns / 1e6
        grand = sum(t for _, t in by_name.values()) or 1.0
        return [{"op_side": "Host", "op_type": k[0], "op_name": k[1], "full_op_name": k[1],
                 "op_occurrences": n, "op_total_time(ms)": round(t, 6),
                 "op_avg_time(ms)": round(t / n, 6), "total_proportion": round(t / grand, 6),
                 "subgraph": "Default", "pid": os.getpid()}
                for k, (n, t) in sorted(by_name.items(), key=lambda kv: -kv[1][1])]

    def op_analyse(self, op_name: str, device_id: int | None = None) -> str | None:
        """The row of op type `op_name` as JSON text; None (and a warning) if it never ran."""
        for row in self.op_types():
            if row["op_type"] == op_name:
                return json.dumps(row)
        warnings.warn(f"The information of <{op_name}> is not found. Please verify that the "
                      "operator name is correct or the operator is used in the network.",
                      stacklevel=2)
        return None

    def __enter__(self) -> Profiler:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _write_csv(path: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        open(path, "w").close()
        return
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


__all__ = ["Profiler"]
