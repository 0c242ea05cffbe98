"""analyze(): the one entry point every runner calls, from clean articles to the contract's JSON."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from dateline import actors, events, nlp, quotes
from dateline import time as timex
from dateline.errors import BadInput
from dateline.extract import extract
from dateline.records import AnalyzedArticle, Article, ErrorRecord, RawDocument

if TYPE_CHECKING:
    from spacy.tokens import Doc


def analyze(articles: Iterable[Article], batch_size: int = nlp.BATCH_SIZE) -> Iterator[AnalyzedArticle]:
    """Every NLP stage over each article, the texts going through spaCy in batches, in input order."""
    for item in process(articles, batch_size):
        assert isinstance(item, AnalyzedArticle)
        yield item


def process(
    items: Iterable[RawDocument | Article | ErrorRecord], batch_size: int = nlp.BATCH_SIZE
) -> Iterator[AnalyzedArticle | ErrorRecord]:
    """Extraction and analysis of a stream of inputs, in order; a bad record comes out as an ErrorRecord."""
    pending: list[Article | ErrorRecord] = []
    for item in items:
        pending.append(extract_item(item))
        if sum(isinstance(p, Article) for p in pending) >= batch_size:
            yield from _analyze_batch(pending, batch_size)
            pending = []
    if pending:
        yield from _analyze_batch(pending, batch_size)


def extract_item(item: RawDocument | Article | ErrorRecord) -> Article | ErrorRecord:
    """The clean article of a raw document, or the error that explains why there is none."""
    if not isinstance(item, RawDocument):
        return item
    try:
        return extract(item)
    except (BadInput, ValueError) as e:
        return ErrorRecord(item.id, str(e) or type(e).__name__, item.source)


def _analyze_batch(
    batch: list[Article | ErrorRecord], batch_size: int
) -> Iterator[AnalyzedArticle | ErrorRecord]:
    good = [a for a in batch if isinstance(a, Article)]
    docs = iter(nlp.pipe((a.text for a in good), batch_size))
    for item in batch:
        if isinstance(item, ErrorRecord):
            yield item
            continue
        doc = next(docs)
        result: AnalyzedArticle | ErrorRecord
        try:
            result = analyze_doc(item, doc)
        except StageFailed as e:  # a stage's bug on one article must not stop the batch
            result = ErrorRecord(item.id, str(e), item.source)
        yield result


class StageFailed(RuntimeError):
    """A stage raised on one article; the message names the stage and the error."""


def analyze_doc(article: Article, doc: Doc) -> AnalyzedArticle:
    """The NLP stages over one article whose spaCy Doc is made."""
    stage = "actors"
    try:
        entities = actors.find_entities(article, doc)
        stage = "time"
        timexes = timex.find_timexes(article, doc)
        stage = "quotes"
        found_quotes = quotes.find_quotes(article, doc, entities)
        stage = "events"
        found_events = events.find_events(article, doc, entities, timexes, found_quotes)
    except Exception as e:
        raise StageFailed(f"analysis failed in the {stage} stage: {type(e).__name__}: {e}") from e
    return AnalyzedArticle(article, entities, found_quotes, timexes, found_events)
