"""dateline bench: our speed against the tools we build on, measured in one run on the same inputs."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from dateline import actors, events, nlp, quotes
from dateline import time as timex
from dateline.config import Settings
from dateline.extract import extract
from dateline.ingest import read
from dateline.pipeline import analyze
from dateline.records import Article, RawDocument


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _extract_all(docs: list[RawDocument]) -> list[Article]:
    out = []
    for d in docs:
        with contextlib.suppress(ValueError):
            out.append(extract(d))
    return out


def run(sources: Iterable[str], repeat: int = 3, settings: Settings | None = None) -> dict[str, Any]:
    """Articles per second for extraction (against bare trafilatura.extract on the same pages) and for the
    NLP pipeline (against bare spaCy nlp.pipe on the same texts), each the best of `repeat` rounds."""
    import trafilatura

    raws = [r for r in read(sources, settings=settings) if isinstance(r, RawDocument)]
    pages = [r for r in raws if r.html is not None]
    result: dict[str, Any] = {"inputs": len(raws), "pages": len(pages), "repeat": repeat}
    if pages:
        bare = _best(lambda: [trafilatura.extract(p.html) for p in pages], repeat)
        ours = _best(lambda: _extract_all(pages), repeat)
        result["extraction"] = {
            "trafilatura_per_s": len(pages) / bare,
            "dateline_per_s": len(pages) / ours,
            "ratio": bare / ours,
        }
    articles = _extract_all(raws)
    result["articles"] = len(articles)
    if articles:
        texts = [a.text for a in articles]
        list(nlp.pipe(texts[:2]))  # load the model outside the clock
        spacy_s = _best(lambda: list(nlp.pipe(texts)), repeat)
        pipeline_s = _best(lambda: list(analyze(articles)), repeat)
        docs = list(nlp.pipe(texts))
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
            "characters": sum(map(len, texts)),
            "spacy_per_s": len(texts) / spacy_s,
            "dateline_per_s": len(texts) / pipeline_s,
            "ratio": spacy_s / pipeline_s,
            "stage_share_of_spacy_time": {k: v / spacy_s for k, v in stages.items()},
        }
    return result
