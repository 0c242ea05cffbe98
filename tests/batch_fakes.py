"""A fast stand-in for dateline.pipeline.process in batch-runner tests: extraction, no NLP, a short sleep
per article so that a run can be interrupted half way."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator

from dateline.config import Settings
from dateline.pipeline import extract_item
from dateline.records import AnalyzedArticle, Article, ErrorRecord, RawDocument, Timex


def process(
    items: Iterable[RawDocument | Article | ErrorRecord],
    batch_size: int = 32,
    settings: Settings | None = None,
) -> Iterator[AnalyzedArticle | ErrorRecord]:
    delay = float(os.environ.get("DATELINE_FAKE_DELAY", "0"))
    for item in items:
        article = extract_item(item, settings)
        if isinstance(article, ErrorRecord):
            yield article
            continue
        if delay:
            time.sleep(delay)
        words = article.text.split()
        yield AnalyzedArticle(article, timexes=[Timex(words[0] if words else "", 0, 1, "DATE", None)])
