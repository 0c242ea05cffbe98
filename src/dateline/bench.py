"""dateline bench: our speed against the tools we build on, measured in one run on the same inputs."""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from dateline import actors, events, nlp, quotes
from dateline import time as timex
from dateline.config import Settings
from dateline.extract import extract
from dateline.ingest import read
from dateline.pipeline import analyze
from dateline.records import Article, ErrorRecord, RawDocument

T = TypeVar("T")


#: Items per turn when two measured sides alternate: small enough that both meet the same machine, large
#: enough that spaCy batches as it would.
CHUNK = 8


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _alternating(
    bare: Callable[[list[T]], Any], ours: Callable[[list[T]], Any], items: list[T], repeat: int
) -> tuple[list[float], list[float]]:
    """Seconds each side takes over all items in each of `repeat` rounds, the two taking turns chunk by
    chunk: on a shared machine the speed drifts by tens of percent within a minute, and a side measured
    after the other would carry that drift into the ratio. One chunk of each runs first, unclocked, to load
    the models."""
    bare(items[:CHUNK])
    ours(items[:CHUNK])
    bare_s, ours_s = [], []
    for _ in range(max(1, repeat)):
        b = o = 0.0
        for k in range(0, len(items), CHUNK):
            chunk = items[k : k + CHUNK]
            start = time.perf_counter()
            bare(chunk)
            b += time.perf_counter() - start
            start = time.perf_counter()
            ours(chunk)
            o += time.perf_counter() - start
        bare_s.append(b)
        ours_s.append(o)
    return bare_s, ours_s


def _compare(n: int, bare_s: list[float], ours_s: list[float], bare: str) -> dict[str, Any]:
    """Throughput of each side in its best round; the ratio as the median of the rounds' ratios, with
    their range."""
    ratios = sorted(b / o for b, o in zip(bare_s, ours_s, strict=True))
    return {
        f"{bare}_per_s": n / min(bare_s),
        "dateline_per_s": n / min(ours_s),
        "ratio": statistics.median(ratios),
        "ratio_range": [ratios[0], ratios[-1]],
        "rounds": len(ratios),
    }


def _extract_all(docs: list[RawDocument]) -> list[Article]:
    out = []
    for d in docs:
        with contextlib.suppress(ValueError):
            out.append(extract(d))
    return out


def run(
    sources: Iterable[str],
    repeat: int = 3,
    settings: Settings | None = None,
    on_error: Callable[[ErrorRecord], None] | None = None,
    workers: int | None = None,
) -> dict[str, Any]:
    """Articles per second for extraction (against bare trafilatura.extract on the same pages) and for the
    NLP pipeline (against bare spaCy nlp.pipe on the same texts), over `repeat` rounds in which the two
    sides take turns (`_alternating`); and each NLP stage's time as a share of spaCy's, on the same Docs.
    A source or record that cannot be read goes to `on_error` and is left out of the measurement.

    With `workers` (0: none; None: every core), also the scale: articles and words per second of bare
    spaCy, of the full pipeline on 1 worker process and on `workers`, the ratios between them, and each
    worker's peak memory (`runners.measure`)."""
    import trafilatura

    raws = []
    for r in read(sources, settings=settings):
        if isinstance(r, RawDocument):
            raws.append(r)
        elif on_error is not None:
            on_error(r)
    pages = [r for r in raws if r.html is not None]
    result: dict[str, Any] = {"inputs": len(raws), "pages": len(pages), "repeat": repeat}
    if pages:
        bare_s, ours_s = _alternating(
            lambda chunk: [trafilatura.extract(p.html) for p in chunk], _extract_all, pages, repeat
        )
        result["extraction"] = _compare(len(pages), bare_s, ours_s, "trafilatura")
    articles = _extract_all(raws)
    result["articles"] = len(articles)
    if articles:
        bare_s, ours_s = _alternating(
            lambda chunk: list(nlp.pipe(a.text for a in chunk)),
            lambda chunk: list(analyze(chunk)),
            articles,
            repeat,
        )
        spacy_s = min(bare_s)
        docs = list(nlp.pipe(a.text for a in articles))
        ents = [actors.find_entities(a, d) for a, d in zip(articles, docs, strict=True)]
        tx = [timex.find_timexes(a, d) for a, d in zip(articles, docs, strict=True)]
        qs = [quotes.find_quotes(a, d, e) for a, d, e in zip(articles, docs, ents, strict=True)]
        stages = {
            "actors": _best(
                lambda: [actors.find_entities(a, d) for a, d in zip(articles, docs, strict=True)], repeat
            ),
            "time": _best(
                lambda: [timex.find_timexes(a, d) for a, d in zip(articles, docs, strict=True)], repeat
            ),
            "quotes": _best(
                lambda: [quotes.find_quotes(a, d, e) for a, d, e in zip(articles, docs, ents, strict=True)],
                repeat,
            ),
            "events": _best(
                lambda: [
                    events.find_events(a, d, e, t, q)
                    for a, d, e, t, q in zip(articles, docs, ents, tx, qs, strict=True)
                ],
                repeat,
            ),
        }
        result["pipeline"] = {
            "characters": sum(len(a.text) for a in articles),
            **_compare(len(articles), bare_s, ours_s, "spacy"),
            "stage_share_of_spacy_time": {k: v / spacy_s for k, v in stages.items()},
        }
    if articles and workers != 0:
        from dateline.runners.local import cores

        result["scale"] = _scale(articles, min(bare_s), workers or cores(), repeat)
    return result


def _scale(articles: list[Article], spacy_s: float, workers: int, repeat: int) -> dict[str, Any]:
    from dateline.runners import measure

    pools = measure.pools(articles, workers, repeat)
    words = sum(len(a.text.split()) for a in articles)
    spacy = {"articles_per_s": len(articles) / spacy_s, "words_per_s": words / spacy_s}
    one = pools["workers_1"]["articles_per_s"]
    return {
        "words": words,
        "spacy": spacy,
        **pools,
        "ratio_1_worker_to_spacy": one / spacy["articles_per_s"],
    }
