"""Throughput of the full pipeline on one worker process and on several, and each worker's peak memory.

Used by `dateline bench`. Workers are started the way `dateline batch` starts them (forkserver or spawn,
spaCy loaded once in the initializer) and warmed on a few articles before the clock starts. The two pools
take turns round by round, so that the machine's drift falls on both; the speed-up is the median of the
rounds' ratios.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import statistics
import time
from collections.abc import Sequence
from typing import Any

from dateline.records import Article

#: Articles per task sent to a worker: large enough for spaCy's batching, small enough to balance the load.
TASK = 16


def _init() -> None:
    from dateline import nlp

    nlp.load()


def _analyze(articles: list[Article]) -> tuple[int, int]:
    """(pid, peak resident memory in bytes) after analysing the articles."""
    from dateline.pipeline import analyze

    for _ in analyze(articles):
        pass
    return os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _context() -> Any:
    return mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")


def _timed(pool: Any, articles: Sequence[Article], peaks: dict[int, int]) -> float:
    size = max(1, min(TASK, len(articles) // (4 * pool._processes)))  # every worker gets several tasks
    tasks = [list(articles[k : k + size]) for k in range(0, len(articles), size)]
    start = time.perf_counter()
    for pid, peak in pool.imap_unordered(_analyze, tasks):
        peaks[pid] = max(peaks.get(pid, 0), peak)
    return time.perf_counter() - start


def pools(articles: Sequence[Article], workers: int, repeat: int = 3) -> dict[str, Any]:
    """Articles and words per second of the pipeline on 1 worker and on `workers`, the speed-up (median of
    the rounds'), and the peak memory of each worker."""
    words = sum(len(a.text.split()) for a in articles)
    sizes = [1] if workers == 1 else [1, workers]
    ctx = _context()
    opened = {n: ctx.Pool(n, initializer=_init) for n in sizes}
    peaks: dict[int, dict[int, int]] = {n: {} for n in sizes}
    seconds: dict[int, list[float]] = {n: [] for n in sizes}
    try:
        for n, pool in opened.items():  # warm: models loaded, the first batch parsed
            pool.map(_analyze, [list(articles[:4])] * n)
        for _ in range(max(1, repeat)):
            for n, pool in opened.items():
                seconds[n].append(_timed(pool, articles, peaks[n]))
    finally:
        for pool in opened.values():
            pool.terminate()
            pool.join()
    result: dict[str, Any] = {}
    for n in sizes:
        best = min(seconds[n])
        result[f"workers_{n}"] = {
            "workers": n,
            "articles_per_s": len(articles) / best,
            "words_per_s": words / best,
            "peak_memory_per_worker_mb": max(peaks[n].values(), default=0) / 2**20,
        }
    if workers > 1:
        ratios = sorted(a / b for a, b in zip(seconds[1], seconds[workers], strict=True))
        result["speedup"] = statistics.median(ratios)
        result["speedup_range"] = [ratios[0], ratios[-1]]
    return result
