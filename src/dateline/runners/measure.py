"""Throughput of the full pipeline on one worker process and on several, and each worker's peak memory.

Used by `dateline bench`. Workers are started the way `dateline batch` starts them (forkserver or spawn,
spaCy loaded once in the initializer) and warmed on a few articles before the clock starts. The two pools
take turns round by round, so that the machine's drift falls on both; the speed-up is the median of the
rounds' ratios. Beside it, the speed-up the same pools get on a pure-Python loop tells what the
machine gives now: on a machine shared with other work, N processes do not get N cores.
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
    from dateline.runners.local import one_thread

    one_thread()

    nlp.load()


def _analyze(articles: list[Article]) -> tuple[int, int]:
    """(pid, peak resident memory in bytes) after analysing the articles."""
    from dateline.pipeline import analyze

    for _ in analyze(articles):
        pass
    return os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _burn(n: int) -> int:
    """A pure-Python loop: the work any N processes should do N times as fast on N free cores."""
    x = 0
    for i in range(n):
        x ^= i * i
    return x


def _machine(pool: Any, workers: int) -> float:
    """Seconds the pool takes over the same pure-Python work, split into 4 tasks per worker of the larger
    pool: how much of N cores this machine gives now, whatever dateline does."""
    start = time.perf_counter()
    pool.map(_burn, [1_000_000] * 4 * workers, chunksize=1)
    return time.perf_counter() - start


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
    machine: dict[int, list[float]] = {n: [] for n in sizes}
    try:
        for n, pool in opened.items():  # warm: models loaded, the first batch parsed
            pool.map(_analyze, [list(articles[:4])] * n)
        for _ in range(max(1, repeat)):
            for n, pool in opened.items():
                seconds[n].append(_timed(pool, articles, peaks[n]))
                machine[n].append(_machine(pool, workers))
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
        # The same ratio for a pure-Python loop: the most this machine would give any program now.
        result["machine_speedup"] = statistics.median(
            a / b for a, b in zip(machine[1], machine[workers], strict=True)
        )
    return result
