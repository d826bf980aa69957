"""Ordered parallel work for the pipeline: `ordered_map(fn, items, workers)` yields
`fn(item)` in the items' order, computed by up to `workers` threads when the work pays for the
hand-off (the median time of the first rows, run serially, says whether it does). NumPy,
Pillow's decoders and most user code that reads files release the GIL, so threads overlap
them; results never depend on the number of threads."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

# threads are used only when one item takes longer than this (timed on the first
# PROBE_ITEMS items): below it the hand-off costs more than it saves
PROBE_ITEMS = 8
PARALLEL_MIN_SECONDS = 200e-6


def ordered_map(fn: Callable[[Any], T], items: Iterable[Any], workers: int,
                name: str = "graphc-map") -> Iterator[T]:
    source = iter(items)
    times: list[float] = []
    for item in source:
        start = time.perf_counter()
        out = fn(item)
        times.append(time.perf_counter() - start)
        yield out
        if len(times) >= PROBE_ITEMS:
            break
    slow = bool(times) and sorted(times)[len(times) // 2] >= PARALLEL_MIN_SECONDS
    if workers <= 1 or not slow:
        for item in source:
            yield fn(item)
        return
    window: deque = deque()
    with ThreadPoolExecutor(workers, thread_name_prefix=name) as pool:
        for item in source:
            window.append(pool.submit(fn, item))
            if len(window) >= 2 * workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
