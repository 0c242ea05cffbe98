"""Headline and subheading attributions: `Rouhani: Astana talks can …`, `'…,' says official`.

Headlines have a grammar of their own. "Name: claim" is the commonest attribution, with a colon
for a cue; the rest (`'…,' says X`, `X says …`) goes through the same passes as the body, on the
headline's own parse. Offsets index the headline or subheading string.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from dateline import nlp
from dateline.quotes.attribution import ACCORDING, DESCRIBE, attribute
from dateline.quotes.lexicon import lexicon
from dateline.quotes.marks import find_marked
from dateline.records import Article, Quote

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from dateline.quotes.speakers import Resolver

#: "[EXCLUSIVE –] Speaker: content". The speaker part holds no quotation mark and no colon.
_COLON = re.compile(
    r"^\s*(?:(?:EXCLUSIVE|BREAKING|WATCH|VIDEO|UPDATE|UPDATED)\s*[-–—:|]\s*)?"
    r"(?P<speaker>[^:“”\"‘’'«»\n]{2,60}?)\s*:\s+(?P<content>\S.*?)\s*$"
)
_WORD = re.compile(r"\w+")
_MAX_SPEAKER_WORDS = 6
_CONNECTORS = frozenset(["of", "at", "for", "to", "in", "on", "and", "the", "de", "al"])


def headline_quotes(article: Article, resolver: Resolver) -> list[Quote]:
    """Quotes in the title (`where="title"`) and subheadings (`where="subheading:N"`, N from 0)."""
    strings = [("title", article.title or "")]
    strings += [(f"subheading:{i}", s or "") for i, s in enumerate(article.subheadings)]
    strings = [(w, s) for w, s in strings if s.strip()]
    if not strings:
        return []
    model = nlp.load()
    cues = _cue_check(model)
    strings = [(w, s) for w, s in strings if cues(s)]
    # Named entities are not needed here (speakers resolve against the body), and are the costliest step.
    skip = [name for name in ("ner",) if name in model.pipe_names]
    out: list[Quote] = []
    for (where, text), doc in zip(strings, model.pipe([s for _, s in strings], disable=skip), strict=True):
        out.extend(quotes_in_headline(text, doc, resolver, where))
    return out


@functools.lru_cache(maxsize=2)
def _cue_check(model: Language) -> Callable[[str], bool]:
    """Whether a headline may hold an attribution, told before parsing it (most headlines hold none, and
    parsing them costs as much as a tenth of the body's): a quotation mark, a colon, or a word that the
    model's lemmatizer could make a cue verb of (`attribute`'s passes find nothing else). Without the rule
    lemmatizer's tables, every headline may."""
    verbs = lexicon().verbs | {DESCRIBE}
    try:
        lemmatizer = model.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) != "rule":
            return lambda text: True
        lookups = getattr(lemmatizer, "lookups")  # noqa: B009 - a pipe's type does not name it
        rules = [tuple(r) for r in lookups.get_table("lemma_rules")["verb"]]
        exceptions = lookups.get_table("lemma_exc")["verb"]
    except (KeyError, AttributeError):
        return lambda text: True

    def lemmas(word: str) -> list[str]:
        return [word, *exceptions.get(word, ()), *(word[: -len(a)] + b for a, b in rules if word.endswith(a))]

    def may(text: str) -> bool:
        if ":" in text or find_marked(text):
            return True
        words = set(_WORD.findall(text.lower()))
        return ACCORDING in words or any(lemma in verbs for w in words for lemma in lemmas(w))

    return may


def quotes_in_headline(text: str, doc: Doc, resolver: Resolver | None, where: str = "title") -> list[Quote]:
    """The attributions of one headline-like string and its parse."""
    q = _colon_quote(text, doc)
    if q is not None:
        found = [q]
    else:
        found = []
        for f in attribute(doc):
            speaker = text[f.speaker[0] : f.speaker[1]] if f.speaker else None
            found.append(
                Quote(text[f.start : f.end], f.start, f.end, f.kind, speaker_text=speaker, cue=f.cue)
            )
    for q in found:
        q.where = where
        if q.speaker_text and resolver is not None:
            r = resolver.resolve_phrase(q.speaker_text)
            if r is not None:
                q.speaker_entity, q.speaker = r
    return found


def _colon_quote(text: str, doc: Doc) -> Quote | None:
    """`Speaker: content`, when the part before the colon is a short name, not a label ("The
    Latest") and not a clause."""
    m = _COLON.match(text)
    if m is None:
        return None
    speaker = m.group("speaker").strip()
    words = speaker.split()
    if not words or len(words) > _MAX_SPEAKER_WORDS or not words[0][:1].isupper():
        return None
    if speaker.lower() in lexicon().labels or words[0].lower() in ("the", "a", "an", "how", "why", "what"):
        return None
    s_start, s_end = m.start("speaker"), m.start("speaker") + len(speaker)
    toks = [t for t in doc if s_start <= t.idx < s_end]
    capitalised = all(w[:1].isupper() or w in _CONNECTORS for w in words)
    if not (capitalised or any(t.pos_ in ("PROPN", "NOUN") for t in toks)):
        return None
    if any(t.pos_ in ("VERB", "AUX") and t.text.islower() for t in toks):
        return None  # "Trump says the plan: …" is a clause, not a speaker
    start, end = m.start("content"), m.end("content")
    kind, start, end = _headline_kind(text, start, end)
    if end <= start:
        return None
    return Quote(text[start:end], start, end, kind, speaker_text=speaker, cue=":")


def _headline_kind(text: str, start: int, end: int) -> tuple[str, int, int]:
    """direct when the whole content is one quotation (the span then drops the marks), mixed when
    part of it is, indirect otherwise; a final full stop outside the marks is dropped."""
    if end > start and text[end - 1] == "." and not text[start:end].endswith(".."):
        end -= 1
    marked = [m for m in find_marked(text) if m.open >= start and m.start < end]
    if not marked:
        return "indirect", start, end
    first = marked[0]
    if len(marked) == 1 and first.open <= start and first.close >= end - 1:
        return "direct", first.start, first.end
    if len(marked) == 1 and first.open == start and text[first.close : end].strip(" .,!?") == "":
        return "direct", first.start, first.end
    return "mixed", start, end
