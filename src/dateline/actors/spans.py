"""Candidate name spans: spaCy's entities and the gazetteer's phrases, cleaned, classified and repaired.

The small English model misses or mislabels many actor names (a surname tagged GPE, "the Islamic
Republic" not tagged at all); this module puts together what the NER found with what the gazetteers
know, and repairs the labels that the article itself contradicts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.actors.lexicon import Lexicon, Org, fold, name_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: NER labels that name actors or places; dates, numbers and works are no one's name.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
MAYBE_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
DETERMINERS = frozenset({"the", "The", "THE"})
#: Nouns after a demonym that make the pair a name of the country's state ("the Israeli regime").
STATE_NOUNS = frozenset({"regime", "government", "administration"})
QUOTES_OPEN = {"“": "”", "«": "»", "„": "“"}


@dataclass
class Cand:
    """A name span in token indices [start, end), with what it is taken to be."""

    start: int
    end: int
    label: str  # PERSON ORG GPE NORP LOC FAC
    kind: str  # ner | country | epithet | org | place | demonym
    country: str | None = None
    sector: str | None = None
    org: Org | None = None
    plural: bool = False
    priority: int = 0
    #: char span, set by finish(); differs from the tokens' for a prefix ("U.S." of "U.S.-backed").
    start_char: int = 0
    end_char: int = 0


class PhraseIndex:
    """Gazetteer phrases by their first token, matched against a Doc's tokens case-sensitively."""

    def __init__(self, lex: Lexicon) -> None:
        import spacy

        tokenizer = spacy.blank("en").tokenizer
        self.by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, str]]]] = {}
        for phrase, what in lex.phrases.items():
            words = tuple(t.text for t in tokenizer(phrase))
            if words:
                self.by_first.setdefault(words[0], []).append((words, what))
        for seqs in self.by_first.values():
            seqs.sort(key=lambda s: -len(s[0]))

    def find(self, doc: Doc) -> list[tuple[int, int, tuple[str, str]]]:
        found = []
        n = len(doc)
        texts = [t.text for t in doc]
        for i, text in enumerate(texts):
            seqs = self.by_first.get(text)
            if not seqs:
                continue
            for words, what in seqs:
                k = len(words)
                if i + k <= n and tuple(texts[i : i + k]) == words:
                    found.append((i, i + k, what))
                    break
        return found


_index_lock = threading.Lock()
_index: PhraseIndex | None = None


def phrase_index(lex: Lexicon) -> PhraseIndex:
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = PhraseIndex(lex)
    return _index


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Char spans inside quotation marks (curly pairs, or straight quotes taken two by two)."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    straight_open: int | None = None
    while i < n:
        c = text[i]
        if c in QUOTES_OPEN:
            close = text.find(QUOTES_OPEN[c], i + 1)
            # A quotation runs to its closing mark, or to the end of the paragraph when it has none.
            para = text.find("\n", i + 1)
            end = close if close != -1 and (para == -1 or close < para or close - i < 5000) else para
            if end == -1:
                end = n
            spans.append((i + 1, end))
            i = end + 1
            continue
        if c == '"':
            if straight_open is None:
                straight_open = i + 1
            else:
                spans.append((straight_open, i))
                straight_open = None
        i += 1
    return spans


def collect(doc: Doc, lex: Lexicon) -> list[Cand]:
    """Non-overlapping name candidates in document order: NER spans and gazetteer phrases."""
    raw: list[Cand] = []
    for ent in doc.ents:
        if ent.label_ in ACTOR_LABELS:
            raw.append(Cand(ent.start, ent.end, ent.label_, "ner"))
        elif ent.label_ in MAYBE_LABELS:
            # Kept only if the article shows it is a person (repair_persons): "Irina Volkova told".
            raw.append(Cand(ent.start, ent.end, "MISC", "ner", priority=-1))
    for start, end, (kind, key) in phrase_index(lex).find(doc):
        if kind == "country":
            raw.append(Cand(start, end, "GPE", "country", country=key, priority=2))
        elif kind == "epithet":
            ep = lex.epithet(key)
            if ep is not None:
                label = "GPE" if ep.kind == "country" else ep.type
                raw.append(
                    Cand(start, end, label, "epithet", country=ep.country, sector=ep.sector, priority=3)
                )
        elif kind == "org":
            org = lex.org(key)
            if org is not None:
                raw.append(
                    Cand(
                        start, end, "ORG", "org", country=org.country, sector=org.sector, org=org, priority=2
                    )
                )
    # "the Israeli regime", "the Syrian government": the country's state, named by its adjective.
    for tok in doc:
        if tok.text in STATE_NOUNS and tok.i > 0:
            dem = lex.demonym(doc[tok.i - 1].text)
            if dem and dem[0] and not dem[1]:
                raw.append(Cand(tok.i - 1, tok.i + 1, "GPE", "country", country=dem[0], priority=4))
    raw.extend(_names_after_titles(doc, lex))
    # Longest first, then the gazetteer over the NER, then the earliest; each token in one span at most.
    raw.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: dict[int, Cand] = {}
    kept: list[Cand] = []
    for c in raw:
        if any(i in taken for i in range(c.start, c.end)):
            continue
        for i in range(c.start, c.end):
            taken[i] = c
        kept.append(c)
    kept.extend(_bare_surnames(doc, kept, taken))
    kept.sort(key=lambda c: c.start)
    out = []
    for c in kept:
        if _part_of_title(doc, c, lex):
            continue
        if _trim(doc, c, lex):
            _classify(doc, c, lex)
            c.start_char, c.end_char = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)
            out.append(c)
    out.extend(_hyphen_prefixes(doc, lex, taken))
    out.sort(key=lambda c: c.start)
    return out


def _bare_surnames(doc: Doc, kept: list[Cand], taken: dict[int, Cand]) -> list[Cand]:
    """A lone capitalised word that is the surname of a person named in full elsewhere in the article, where
    the tagger saw no name ("Lindqvist said Friday" after "Anna Lindqvist"): a mention of that person, so
    that the pronouns after it find him."""
    surnames = {doc[c.end - 1].text for c in kept if c.label == "PERSON" and c.end - c.start >= 2}
    found = []
    for tok in doc:
        if tok.i in taken or tok.text not in surnames or tok.pos_ != "PROPN":
            continue
        near = [doc[j] for j in (tok.i - 1, tok.i + 1) if 0 <= j < len(doc)]
        if any(t.pos_ == "PROPN" and t.i not in taken for t in near):
            continue  # part of some other name ("Pedersen Group")
        c = Cand(tok.i, tok.i + 1, "PERSON", "ner", priority=-1)
        taken[tok.i] = c
        found.append(c)
    return found


def _names_after_titles(doc: Doc, lex: Lexicon) -> list[Cand]:
    """A run of capitalised proper nouns right after a title is a person's name, whatever the NER made of
    it ("Defense Minister Taras Holub" untagged, "spokesperson Arjun Mehra" tagged PRODUCT)."""
    out = []
    n = len(doc)
    for tok in doc:
        low = tok.lower_
        if not (low in lex.title_heads or low.endswith("minister")) or tok.i + 1 >= n:
            continue
        k = tok.i + 1
        while (
            k < n
            and k - tok.i <= 4
            and doc[k].pos_ == "PROPN"
            and doc[k].text[:1].isupper()
            and not is_title_word(doc[k], lex)
            and doc[k].text not in lex.honorifics
            and lex.country_of_name(doc[k].text) is None
            and lex.demonym(doc[k].text) is None
            and doc[k].ent_type_ not in ("GPE", "NORP", "DATE", "TIME")
        ):
            k += 1
        if k - tok.i >= 2:  # two name words at least: a first name and a surname
            out.append(Cand(tok.i + 1, k, "PERSON", "ner", priority=1))
    return out


def _part_of_title(doc: Doc, c: Cand, lex: Lexicon) -> bool:
    """An NER span that is only the first words of a title ("Defense" of "Defense Minister")."""
    if c.kind != "ner" or c.label == "PERSON" or c.end >= len(doc):
        return False
    words = [t.lower_ for t in doc[c.start : c.end]]
    known = all(w in lex.title_words or w in lex.sector_words for w in words)
    if known and is_title_word(doc[c.end], lex):
        return True
    # The whole span is a title ("National Security Advisor") standing before a name.
    whole = all(w in lex.title_words for w in words) and (
        words[-1] in lex.title_heads or words[-1].endswith("minister")
    )
    return whole and doc[c.end].text[:1].isupper()


def _hyphen_prefixes(doc: Doc, lex: Lexicon, taken: dict[int, Cand]) -> list[Cand]:
    """Countries fused into a compound token: the "U.S." of "U.S.-backed"."""
    out = []
    for tok in doc:
        text = tok.text
        if "-" in text and tok.i not in taken and len(text) > 3:
            prefix = text[: text.index("-")]
            iso = lex.country_of_name(prefix) if prefix else None
            if iso:
                c = Cand(tok.i, tok.i + 1, "GPE", "country", country=iso)
                c.start_char, c.end_char = tok.idx, tok.idx + len(prefix)
                out.append(c)
    return out


def is_title_word(tok: Token, lex: Lexicon) -> bool:
    low = tok.lower_
    return low in lex.title_words or low.endswith("minister")


def _trim(doc: Doc, c: Cand, lex: Lexicon) -> bool:
    """Determiners, possessive marks and leading titles off the span; False when nothing is left."""
    while c.start < c.end and (doc[c.start].text in DETERMINERS or doc[c.start].is_punct):
        c.start += 1
    while c.end > c.start and (doc[c.end - 1].text in POSSESSIVE or doc[c.end - 1].is_punct):
        c.end -= 1
    if c.kind != "ner" or c.start >= c.end:
        return c.start < c.end
    # A title the NER took into a name ("Martyr General Karimi", "President Omar Haddad").
    i, person_evidence = c.start, False
    while i < c.end - 1:
        tok, low = doc[i], doc[i].lower_
        if tok.text in lex.honorifics:
            person_evidence = True
        elif is_title_word(tok, lex):
            person_evidence = person_evidence or low in lex.title_heads or low.endswith("minister")
        elif c.label == "PERSON" and _region(tok.text, lex) and tok.i + 1 < c.end:
            pass  # "Africa Erdogan": a place the NER ran into a name
        elif not (
            c.label == "PERSON"
            and (lex.demonym(tok.text) or lex.country_of_name(tok.text) or low == "former")
            and is_title_word(doc[i + 1], lex)
        ):
            break
        i += 1
    if i == c.start:
        first = doc[c.start]
        if (
            c.label == "PERSON"
            and c.end - c.start >= 3
            and (lex.demonym(first.text) or lex.country_of_name(first.text))
        ):
            c.label = "ORG"  # "Kenyan Policy Forum": a body named after its country, not a person
        return True
    rest = doc[i : c.end]
    proper = all(t.text[:1].isupper() or t.is_punct or t.lower_ in ("al", "bin", "el") for t in rest)
    org_like = any(t.lower_ in lex.sector_words for t in rest)
    if c.label == "PERSON":
        c.start = i
    elif person_evidence and proper and not org_like:
        c.start, c.label = i, "PERSON"
    return True


def _classify(doc: Doc, c: Cand, lex: Lexicon) -> None:
    """What an NER span is, from the gazetteers: a country, a place, a known body, a people."""
    if c.kind != "ner":
        return
    text = doc[c.start : c.end].text
    multiword = c.end - c.start > 1
    iso = lex.country_of_name(text)
    if iso and (c.label != "PERSON" or not multiword):
        c.label, c.kind, c.country = "GPE", "country", iso
        return
    ep = lex.epithet(text)
    if ep:
        c.label = "GPE" if ep.kind == "country" else ep.type
        c.kind, c.country, c.sector = "epithet", ep.country, ep.sector
        return
    org = lex.org(text)
    if org and c.label != "PERSON":
        c.label, c.kind, c.country, c.sector, c.org = "ORG", "org", org.country, org.sector, org
        return
    dem = lex.demonym(text)
    if dem and c.label in ("NORP", "GPE", "ORG", "LOC"):
        c.label, c.kind, c.country, c.plural = "NORP", "demonym", dem[0], dem[1]
        return
    if c.label in ("GPE", "LOC", "FAC"):
        place = lex.place(text)
        if place:
            c.label, c.kind, c.country = (
                ("LOC" if place[1] == "continent" else "GPE"),
                "place",
                place[0] or None,
            )


def repair_persons(doc: Doc, cands: list[Cand], lex: Lexicon) -> list[Cand]:
    """A surname first seen in a person's full name stays a person where the NER says GPE or ORG;
    a name right after a person's title ("Foreign Minister Mekdad") is a person."""
    surnames: set[tuple[str, ...]] = set()
    for c in cands:
        if c.label == "PERSON":
            words = name_words(doc[c.start : c.end].text)
            for k in range(1, len(words) + 1):
                surnames.add(words[-k:])
    taken = {i for c in cands for i in range(c.start, c.end)}
    for c in cands:
        if c.kind != "ner":
            continue
        span = doc[c.start : c.end]
        if c.label != "PERSON":
            group = _group_noun(doc, c.end, lex)
            if group:  # "Seleka rebels", "Houthi militias": the group's own name
                c.label, c.sector = "ORG", group
                continue
            words = name_words(span.text)
            if not words:
                continue
            capitalised = all(t.text[:1].isupper() or t.is_punct for t in span)
            known_surname = words in surnames or words[-1:] in surnames
            evidence = (
                known_surname
                or _title_before(doc, c.start, lex)
                or _titled_subject(span, lex)
                or (c.label in ("GPE", "LOC", "NORP", "FAC", "MISC") and c.kind == "ner" and _speaker(span))
            )
            org_like = any(t.lower_ in lex.sector_words for t in span)
            if not (evidence and capitalised and not org_like and not lex.place(span.text)):
                continue
            c.label, c.country, c.sector = "PERSON", None, None
            # Leading abbreviations and places the NER took in ("DP John Mwangi", "Africa Okafor").
            while c.end - c.start > 1 and (
                (doc[c.start].text.isupper() and len(doc[c.start].text) <= 3)
                or _region(doc[c.start].text, lex)
            ):
                c.start += 1
        # A first name the NER left out ("Mahad" of "Mahad Wasuge").
        j = c.start - 1
        while (
            j >= 0
            and c.start - j <= 2
            and j not in taken
            and doc[j].pos_ == "PROPN"
            and doc[j].text[:1].isupper()
            and not is_title_word(doc[j], lex)
            and doc[j].text not in lex.honorifics
            and doc[j].text not in DETERMINERS
        ):
            j -= 1
        if j + 1 < c.start and c.label == "PERSON":
            c.start = j + 1
    cands = [c for c in cands if c.label != "MISC"]
    for c in cands:
        if c.kind == "ner":
            c.start_char, c.end_char = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)
    return cands


def _region(text: str, lex: Lexicon) -> bool:
    """A country or a continent: never the first word of a person's name."""
    place = lex.place(text)
    return lex.country_of_name(text) is not None or (place is not None and place[1] == "continent")


GROUP_NOUNS = frozenset(
    {"rebels", "militia", "militias", "militants", "insurgents", "fighters", "guerrillas", "jihadists"}
)


def _group_noun(doc: Doc, end: int, lex: Lexicon) -> str | None:
    if end < len(doc) and doc[end].lower_ in GROUP_NOUNS:
        return "REB"
    return None


SPEECH_VERBS = frozenset(
    {
        "say", "tell", "add", "state", "claim", "ask", "write", "tweet", "post", "note", "announce", "argue",
        "explain", "respond", "reply", "insist", "declare", "acknowledge", "admit", "deny", "warn", "vow",
        "pledge", "promise", "assert", "stress", "emphasize", "urge",
    }
)  # fmt: skip


def _speaker(span: Span) -> bool:
    """The subject of a speech verb is someone who speaks; a place the gazetteer does not know is no such."""
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_VERBS


def _titled_subject(span: Span, lex: Lexicon) -> bool:
    """The subject of "is the executive director of ...": a person."""
    root = span.root
    if root.dep_ != "nsubj" or root.head.lemma_ != "be":
        return False
    return any(ch.dep_ == "attr" and ch.lower_ in lex.title_heads for ch in root.head.children)


def _title_before(doc: Doc, start: int, lex: Lexicon) -> bool:
    j = start - 1
    if j >= 0 and doc[j].text in lex.honorifics:
        return True
    return j >= 0 and (doc[j].lower_ in lex.title_heads or doc[j].lower_.endswith("minister"))


def nominal(doc: Doc, c: Cand) -> bool:
    """A people named as such ("Syrians", "the British said"), not an adjective ("Syrian troops")."""
    if c.plural:
        return True
    root = doc[c.end - 1]
    return root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos") and root.tag_ in (
        "NNPS",
        "NNS",
    )


def folded_text(doc: Doc, c: Cand) -> str:
    return fold(doc[c.start : c.end].text)
