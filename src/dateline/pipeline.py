"""analyze(): the one entry point every runner calls, from clean articles to the contract's JSON.

No record stops a batch: a bad input becomes an ErrorRecord, a record past `Settings.record_timeout`
an ErrorRecord ("record timed out after N s"), and a stage that raises on one article leaves its
output (and that of the stages that need it) empty, with a warning in the record. Texts longer than
`Settings.max_text_chars` are cut there before spaCy, with a warning.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from dateline import actors, events, nlp, quotes
from dateline import time as timex
from dateline.config import Settings
from dateline.deadline import RecordTimeout, deadline
from dateline.errors import BadInput
from dateline.extract import extract
from dateline.records import AnalyzedArticle, Article, ErrorRecord, RawDocument

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: Each stage and the stages whose output it reads: when one fails, those that need it are skipped.
NEEDS: dict[str, tuple[str, ...]] = {
    "actors": (),
    "time": (),
    "quotes": ("actors",),
    "events": ("actors", "time", "quotes"),
}


def analyze(
    articles: Iterable[Article], batch_size: int = nlp.BATCH_SIZE, settings: Settings | None = None
) -> Iterator[AnalyzedArticle]:
    """Every NLP stage over each article, the texts going through spaCy in batches, in input order.

    One AnalyzedArticle per article: without `settings`, no record deadline applies (the size limit
    does); with a `record_timeout`, an article past it raises BadInput (`process` would give an error
    record in its place instead).
    """
    if settings is None:
        settings = dataclasses.replace(Settings(), record_timeout=0)
    for item in process(articles, batch_size, settings):
        if isinstance(item, ErrorRecord):
            raise BadInput(f"{item.id}: {item.error}")
        yield item


#: A batch is analysed once it holds batch_size articles, or this many times batch_size records.
_MAX_PENDING = 4


def process(
    items: Iterable[RawDocument | Article | ErrorRecord],
    batch_size: int = nlp.BATCH_SIZE,
    settings: Settings | None = None,
) -> Iterator[AnalyzedArticle | ErrorRecord]:
    """Extraction and analysis of a stream of inputs, in order; a bad record comes out as an ErrorRecord."""
    settings = _settings(settings)
    pending: list[Article | ErrorRecord] = []
    spent: list[float] = []  # each record's seconds so far (its extraction), counted against its deadline
    good = 0
    for item in items:
        started = time.monotonic()
        extracted = extract_item(item, settings)
        pending.append(extracted)
        spent.append(time.monotonic() - started)
        good += isinstance(extracted, Article)
        # Error records are not held back without end: a stream of bad lines flows out as it comes.
        if good >= batch_size or len(pending) >= _MAX_PENDING * batch_size:
            yield from _analyze_batch(pending, spent, batch_size, settings)
            pending, spent, good = [], [], 0
    if pending:
        yield from _analyze_batch(pending, spent, batch_size, settings)


def extract_item(
    item: RawDocument | Article | ErrorRecord, settings: Settings | None = None
) -> Article | ErrorRecord:
    """The clean article of a raw document, or the error that explains why there is none."""
    if not isinstance(item, RawDocument):
        return item
    settings = _settings(settings)
    try:
        with deadline(settings.record_timeout):
            return extract(item, settings)
    except RecordTimeout as e:
        return ErrorRecord(item.id, str(e), item.source)
    except (BadInput, ValueError) as e:
        return ErrorRecord(item.id, str(e) or type(e).__name__, item.source)


def cut_text(article: Article, max_chars: int, max_tokens: int = 0) -> Article:
    """The article with its text (and a title or subheading over the limit) cut to `max_chars`
    characters, and its text to about `max_tokens` of spaCy's tokens, at the last line break or space
    before the limit where there is one, with a warning.

    spaCy's memory grows with tokens, not characters: a page of one-letter paragraphs has a token for
    every letter and every line break, three times the tokens of prose of the same length.

    The cut text is a prefix of the input text, so every offset into it is an offset into the input too.
    """
    if max_chars <= 0:
        return article
    warnings = []
    text = article.text
    chars = min(max_chars, _chars_of_tokens(text, max_tokens))
    if len(text) > chars:
        text = _cut(text, chars)
        warnings.append(
            f"text cut to its first {len(text)} of {len(article.text)} characters (max_text_chars "
            f"{max_chars}, max_text_tokens {max_tokens}): offsets index the cut text, a prefix of the input"
        )
    title = article.title
    if title is not None and len(title) > max_chars:
        title = _cut(title, max_chars)
        warnings.append(f"title cut to its first {len(title)} characters (max_text_chars {max_chars})")
    subheadings = [s if len(s) <= max_chars else _cut(s, max_chars) for s in article.subheadings]
    if subheadings != article.subheadings:
        warnings.append(f"subheadings cut to {max_chars} characters each (max_text_chars)")
    if not warnings:
        return article
    return dataclasses.replace(
        article, text=text, title=title, subheadings=subheadings, warnings=[*article.warnings, *warnings]
    )


#: What spaCy's tokenizer makes a token of, near enough to count them: words, punctuation, line breaks.
_TOKENS = re.compile(r"\w+|[^\w\s]|\n\s*")


def _chars_of_tokens(text: str, max_tokens: int) -> int:
    """How many characters of `text` hold its first `max_tokens` tokens (all of it when fewer)."""
    if max_tokens <= 0 or len(text) <= max_tokens:  # every token is a character at least
        return len(text)
    for n, match in enumerate(_TOKENS.finditer(text), 1):
        if n > max_tokens:
            return match.start()
    return len(text)


def _cut(text: str, max_chars: int) -> str:
    head = text[:max_chars]
    for mark in ("\n", " "):
        k = head.rfind(mark)
        if k > max_chars * 0.9:
            return head[:k].rstrip()
    return head


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else Settings()


#: An article that wakes every stage: run once before the first deadline.
WARM_UP_TEXT = (
    "GENEVA — The foreign ministers of Iran and Syria met in Geneva on Monday to discuss the talks. "
    "“We agreed to meet again next week,” the Syrian minister said."
)
_warmed = False


def _warm_up() -> None:
    """Load what the stages load on first use (lexicons, the event typer's classifier) before any
    record's deadline runs, so that the first record is not charged for it."""
    global _warmed
    if _warmed:
        return
    _warmed = True
    try:
        from dateline.events import encoder

        encoder.available()
        article = Article(id="warm-up", text=WARM_UP_TEXT, published="2024-01-01")
        analyze_doc(article, nlp.load()(WARM_UP_TEXT))
    except Exception:  # a warm-up that fails leaves the loading to the first record, as before
        log.debug("warm-up failed", exc_info=True)


def _analyze_batch(
    batch: list[Article | ErrorRecord], spent: list[float], batch_size: int, settings: Settings
) -> Iterator[AnalyzedArticle | ErrorRecord]:
    """The batch's articles through spaCy together, then each through the stages, under one deadline
    per record that counts its extraction, its share of the batch's parse, and its stages."""
    if any(isinstance(a, Article) for a in batch):
        # Never past spaCy's own max_length either: a longer text would stop the run with E088.
        most = nlp.load().max_length
        limit = min(settings.max_text_chars, most) if settings.max_text_chars > 0 else most
        tokens = settings.max_text_tokens
        batch = [cut_text(a, limit, tokens) if isinstance(a, Article) else a for a in batch]
        if settings.record_timeout > 0:
            _warm_up()
    good = [a for a in batch if isinstance(a, Article)]
    seconds = settings.record_timeout
    docs: list[Doc] | None
    started = time.monotonic()
    try:
        # The batch has its records' time; past that, some record is slow: each is parsed alone below,
        # so that only the slow one fails and no other record in its batch is blamed.
        extracting = sum(t for a, t in zip(batch, spent, strict=True) if isinstance(a, Article))
        with deadline(max(seconds * len(good) - extracting, 0.001) if seconds > 0 else 0):
            docs = list(nlp.pipe((a.text for a in good), batch_size)) if good else []
        share = (time.monotonic() - started) / max(len(good), 1)
    except RecordTimeout:
        docs, share = None, 0.0
    k = 0
    for item, before in zip(batch, spent, strict=True):
        if isinstance(item, ErrorRecord):
            yield item
            continue
        result: AnalyzedArticle | ErrorRecord
        left = seconds - before - share
        try:
            if seconds > 0 and left <= 0:
                raise RecordTimeout(seconds)
            with deadline(left if seconds > 0 else 0):
                doc = docs[k] if docs is not None else next(iter(nlp.pipe([item.text])))
                result = analyze_doc(item, doc)
        except RecordTimeout:
            result = ErrorRecord(item.id, f"record timed out after {seconds:g} s", item.source)
        k += 1
        yield result


def analyze_doc(article: Article, doc: Doc) -> AnalyzedArticle:
    """The NLP stages over one article whose spaCy Doc is made.

    A stage that raises leaves its list empty, and the lists of the stages that need it (NEEDS); the
    record carries a warning for each, and keeps extraction and the other stages' output.
    """
    warnings: list[str] = []
    failed: set[str] = set()

    def run(stage: str, call: Callable[[], list[Any]]) -> list[Any]:
        missing = [n for n in NEEDS[stage] if n in failed]
        if missing:
            failed.add(stage)
            warnings.append(f"{stage} stage skipped: it needs the {missing[0]} stage, which failed")
            return []
        try:
            return call()
        except Exception as e:  # a stage's bug on one article must not lose the article
            failed.add(stage)
            message = (str(e).splitlines() or [""])[0][:200]
            warnings.append(f"{stage} stage failed: {type(e).__name__}: {message}".rstrip(": "))
            log.debug("%s stage failed on %s", stage, article.id, exc_info=True)
            return []

    entities = run("actors", lambda: actors.find_entities(article, doc))
    timexes = run("time", lambda: timex.find_timexes(article, doc))
    found_quotes = run("quotes", lambda: quotes.find_quotes(article, doc, entities))
    found_events = run("events", lambda: events.find_events(article, doc, entities, timexes, found_quotes))
    if warnings:
        article = dataclasses.replace(article, warnings=[*article.warnings, *warnings])
    return AnalyzedArticle(article, entities, found_quotes, timexes, found_events)
