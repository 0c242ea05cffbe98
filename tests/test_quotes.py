"""The quotes stage: direct, indirect and mixed quotes, their cues and speakers, on short texts."""

from __future__ import annotations

import json
import time

import pytest

from conftest import shared_path
from dateline import nlp
from dateline.quotes import find_quotes, quotes_in_doc
from dateline.quotes.marks import find_marked
from dateline.records import Article, Entity, Quote


def quotes(text: str, entities: list[Entity] | None = None) -> list[Quote]:
    found = quotes_in_doc(nlp.load()(text), entities)
    for q in found:
        assert text[q.start : q.end] == q.text
    return found


def one(text: str, entities: list[Entity] | None = None) -> Quote:
    found = quotes(text, entities)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- direct quotes, every cue position


def test_direct_quote_with_cue_after_takes_the_pronoun_as_speaker():
    q = one("“We will rebuild the bridge before winter,” she said.")
    assert (q.text, q.kind, q.cue, q.speaker_text) == (
        "We will rebuild the bridge before winter,",
        "direct",
        "said",
        "she",
    )


def test_direct_quote_with_inverted_cue_takes_the_name_after_it():
    q = one("“The harbour reopens next week,” said Maria Lopez, the port director.")
    assert q.kind == "direct" and q.cue == "said"
    assert q.speaker_text is not None and q.speaker_text.startswith("Maria Lopez")
    assert q.speaker == "Maria Lopez"


def test_direct_quote_after_a_colon_cue():
    q = one("Lopez told reporters on Monday: “Ships can dock again.”")
    assert (q.text, q.kind, q.cue, q.speaker_text) == ("Ships can dock again.", "direct", "told", "Lopez")


def test_direct_quote_with_added_cue():
    q = one("“Prices will fall by spring,” he added.")
    assert (q.kind, q.cue, q.speaker_text) == ("direct", "added", "he")


def test_two_quotes_after_one_cue_share_it():
    found = quotes("The mayor said “the roads are clear” and “the schools will open”.")
    assert [q.text for q in found] == ["the roads are clear", "the schools will open"]
    assert all(q.cue == "said" and q.speaker_text == "The mayor" for q in found)


def test_quote_split_around_its_cue_gives_one_quote_per_fragment():
    found = quotes("“The dam held,” the engineer said, “but the river is still rising.”")
    assert [q.text for q in found] == ["The dam held,", "but the river is still rising."]
    assert all(q.kind == "direct" and q.speaker_text == "the engineer" for q in found)


def test_quote_after_the_cue_sentence_goes_on_with_its_speaker():
    found = quotes("“We lost the vote,” Tanaka said. “Next year we will win it.”")
    assert [q.speaker_text for q in found] == ["Tanaka", "Tanaka"]


def test_quote_over_several_paragraphs_is_one_quote_per_paragraph_with_one_speaker():
    text = (
        "“The first thing we did was count the boats.\n\n"
        "“Then we counted the nets, and there were far too few of them,” the fisherman said."
    )
    found = quotes(text)
    assert [q.text for q in found] == [
        "The first thing we did was count the boats.",
        "Then we counted the nets, and there were far too few of them,",
    ]
    assert all(q.kind == "direct" and q.speaker_text == "the fisherman" for q in found)


@pytest.mark.parametrize(
    "opening, closing",
    [("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ("«", "»"), ("``", "''")],
    ids=["curly", "straight", "curly-single", "straight-single", "guillemets", "typewriter"],
)
def test_every_style_of_quotation_mark_is_read(opening, closing):
    q = one(f"{opening}Nobody expected the rain to last this long,{closing} the farmer said.")
    assert q.text == "Nobody expected the rain to last this long,"
    assert q.kind == "direct" and q.speaker_text == "the farmer"


def test_apostrophes_are_not_quotation_marks():
    spans = find_marked("The region’s farmers didn’t plant in the ’90s, the report's authors said.")
    assert spans == []


# ---------------------------------------------------------------- reported speech


def test_indirect_quote_content_is_the_reported_clause():
    q = one("The minister said that the border would reopen on Friday.")
    assert (q.text, q.kind, q.cue, q.speaker_text) == (
        "that the border would reopen on Friday",
        "indirect",
        "said",
        "The minister",
    )


def test_indirect_quote_with_the_cue_after_the_clause():
    q = one("The talks will resume in May, the envoy said.")
    assert (q.text, q.kind, q.speaker_text) == ("The talks will resume in May", "indirect", "the envoy")


def test_saying_clause_takes_the_subject_of_the_verb_it_follows():
    q = one("Governor Okafor praised the volunteers, saying the flood defences had saved the town.")
    assert q.text == "the flood defences had saved the town" and q.cue == "saying"
    assert q.speaker_text == "Governor Okafor"


@pytest.mark.parametrize("verb", ["warned", "insisted", "stressed", "pledged"])
def test_reporting_verbs_of_many_kinds_are_cues(verb):
    q = one(f"The general {verb} that the army would leave the valley.")
    assert q.cue == verb and q.kind == "indirect" and q.text == "that the army would leave the valley"


def test_pledge_to_reports_the_infinitive():
    q = one("The council pledged to repair every school by August.")
    assert q.text == "to repair every school by August"


def test_according_to_a_person_is_an_attribution():
    q = one("According to Ms. Varga, the factory will close next year.")
    assert q.text == "the factory will close next year" and q.speaker_text == "Ms. Varga"


def test_negated_and_belief_verbs_are_not_cues():
    assert quotes("The senator did not say that the bill would pass.") == []
    assert quotes("Many farmers believe the drought will end soon.") == []


def test_mixed_quote_embeds_the_quoted_words():
    q = one("The president described the treaty as a “historic turning point” for the region.")
    assert q.kind == "mixed" and q.cue == "described"
    assert q.text.startswith("the treaty as a “historic turning point”")


def test_reported_clause_with_a_quoted_fragment_is_mixed_and_stops_at_the_next_cue():
    found = quotes(
        "She said the deal was “a fair compromise for both sides”, adding, “We can all live with it.”"
    )
    assert [(q.kind, q.cue) for q in found] == [("mixed", "said"), ("direct", "adding")]
    assert found[0].text == "the deal was “a fair compromise for both sides”"
    assert found[1].speaker_text == "She"


def test_a_title_in_quotation_marks_is_not_a_quote():
    found = quotes("He said on “Morning Report” that the strike was over.")
    assert [q.text for q in found] == ["that the strike was over"]


# ---------------------------------------------------------------- headlines and subheadings


def article(text: str, title: str | None = None, subheadings: list[str] | None = None) -> Article:
    return Article(id="t", text=text, title=title, subheadings=subheadings or [])


def find(a: Article, entities: list[Entity] | None = None) -> list[Quote]:
    return find_quotes(a, nlp.load()(a.text), entities or [])


def test_headline_colon_attribution_is_a_title_quote_resolved_by_the_body():
    a = article(
        "Prime Minister Elena Kovac spoke in parliament on Monday.", title="Kovac: Pension reform cannot wait"
    )
    (q,) = [q for q in find(a) if q.where == "title"]
    assert (q.text, q.kind, q.cue, q.speaker_text) == ("Pension reform cannot wait", "indirect", ":", "Kovac")
    assert q.speaker == "Elena Kovac"
    assert a.title is not None and a.title[q.start : q.end] == q.text


def test_headline_label_before_a_colon_is_not_a_speaker():
    a = article("The market fell.", title="The Latest: Markets slide as rates rise")
    assert [q for q in find(a) if q.where == "title"] == []


def test_subheading_quote_with_a_cue_after_it():
    a = article(
        "Defence secretary Tom Hale visited the base.",
        subheadings=["Nothing new here", "‘The base will stay open,’ says defence chief"],
    )
    (q,) = [q for q in find(a) if q.where.startswith("subheading")]
    assert q.where == "subheading:1" and q.kind == "direct" and q.text == "The base will stay open,"
    assert q.speaker_text == "defence chief"


def test_headline_quote_in_marks_is_direct():
    a = article("Text.", title="Hale: ‘We will not back down’")
    (q,) = [q for q in find(a) if q.where == "title"]
    assert (q.text, q.kind) == ("We will not back down", "direct")


def test_a_headline_is_parsed_only_where_an_attribution_may_be():
    from dateline.quotes.headlines import _cue_check

    may = _cue_check(nlp.load())
    assert not may("Floods close roads across the north")
    assert may("Minister: reform cannot wait") and may("‘We stay,’ says mayor")
    # the lemmatizer's irregular forms and rules make cue verbs of these
    assert may("Army denied the claims") and may("Officials told to leave") and may("Mayor replies")
    assert may("Talks stalled, according to envoy")


def test_a_reported_headline_is_still_found_with_the_parse_skipped_elsewhere():
    a = article("Text.", title="Floods close roads", subheadings=["Rescuers warned that rain would return"])
    found = [q for q in find(a) if q.where != "body"]
    assert [(q.where, q.text) for q in found] == [("subheading:0", "that rain would return")]


# ---------------------------------------------------------------- speakers


def test_pronoun_speaker_resolves_to_the_person_last_named_as_subject():
    text = "Anna Berg met the union leaders on Friday.\n\n“The offer is final,” she said."
    q = one(text)
    assert q.speaker_text == "she" and q.speaker == "Anna Berg"


def test_speaker_resolves_through_the_entities_mentions():
    text = "“The offer is final,” the chairwoman said."
    i = text.index("the chairwoman")
    berg = Entity(id="e1", name="Anna Berg", type="PERSON", mentions=[[i, i + len("the chairwoman")]])
    q = one(text, [berg])
    assert (q.speaker, q.speaker_entity) == ("Anna Berg", "e1")


def test_title_speaker_resolves_to_the_person_named_with_that_title():
    text = (
        "Foreign Minister Carlos Ruiz arrived in Lima.\n\n"
        "The foreign minister said that the two countries would sign a trade pact."
    )
    q = one(text)
    assert q.speaker_text == "The foreign minister" and q.speaker == "Carlos Ruiz"


def test_floating_quote_paragraph_goes_to_the_speaker_before():
    text = (
        "“The water is safe to drink,” said Dr. Amal Haddad.\n\n"
        "“We tested every well in the district twice over the summer.”"
    )
    found = quotes(text)
    assert len(found) == 2
    assert found[1].cue is None and found[1].speaker == found[0].speaker == "Amal Haddad"


def test_speaker_stays_unknown_when_nothing_supports_a_choice():
    q = one("“Nobody knows what happens next,” they said.")
    assert q.speaker_text == "they" and q.speaker is None


def test_quotation_with_no_cue_and_no_speaker_before_is_not_reported():
    assert quotes("The show was called “Life on the River” and ran for years.") == []


# ---------------------------------------------------------------- bad inputs


def test_text_without_quotes_gives_none():
    assert quotes("The river rose two metres overnight. Roads were closed across the county.") == []
    assert quotes("") == []


def test_unbalanced_mark_stays_inside_its_paragraph():
    text = "The mayor said “we are ready.\n\n" + "The rain stopped at noon. " * 40
    for q in quotes(text):
        assert "\n" not in q.text and q.end <= text.index("\n")


def test_a_long_article_is_read_in_linear_time_and_no_quote_runs_wild():
    para = "“The ferry will run again,” the harbour master said. The port stayed closed all week, he said."
    text = "\n\n".join([para] * 300) + "\n\nShe said “this one never closes"
    start = time.perf_counter()
    doc = nlp.load()(text)
    parsed = time.perf_counter() - start
    start = time.perf_counter()
    found = quotes_in_doc(doc)
    took = time.perf_counter() - start
    assert len(found) >= 600
    assert max(q.end - q.start for q in found) < 200
    assert took < max(0.5, parsed)


def test_an_article_made_only_of_quotes():
    text = "\n\n".join(f"“Line number {i} of the statement, and nothing else.”" for i in range(50))
    found = quotes(text)
    assert all(q.speaker is None for q in found)


def test_stray_marks_do_not_crash():
    for text in ["”", "“", '"', "'", "“”", "He said: “", "« »", "``''", "\n\n“\n\n”\n\n"]:
        quotes(text)


# ---------------------------------------------------------------- the PolNeAR gate


@pytest.mark.slow
def test_polnear_dev_f1_and_speaker_span_accuracy_meet_the_gate():
    import importlib.util

    from dateline import actors

    gold_path = shared_path("eval", "quotes", "polnear-dev.jsonl")
    spec = importlib.util.spec_from_file_location("dateline_score", shared_path("eval", "score.py"))
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = [(r["id"], r) for r in map(json.loads, gold_path.read_text(encoding="utf-8").splitlines())]
    preds = []
    for (_, r), doc in zip(gold, nlp.pipe(r["text"] for _, r in gold), strict=True):
        a = Article(id=r["id"], text=r["text"], title=r.get("title"), published=r.get("published"))
        found = find_quotes(a, doc, actors.find_entities(a, doc))
        preds.append({"id": r["id"], "text": r["text"], "quotes": [_as_json(q) for q in found]})
    figures, _ = scorer.score_quotes(gold, preds)
    assert figures["overlap>=0.3"]["f1"] >= 0.80, figures["overlap>=0.3"]
    assert figures["speaker_span"]["accuracy"] >= 0.85, figures["speaker_span"]


def _as_json(q: Quote) -> dict[str, object]:
    d = dict(q.__dict__)
    d["in"] = d.pop("where")
    return d


def test_two_entities_sharing_a_mention_do_not_stop_the_stage():
    # The speaker resolver sorted (start, end, Entity) tuples: a tie on the span compared Entities.
    text = "“We will stay,” Smith said."
    doc = nlp.load()(text)
    span = [text.index("Smith"), text.index("Smith") + 5]
    entities = [
        Entity("e1", "John Smith", "PERSON", mentions=[list(span)]),
        Entity("e2", "Smith Group", "ORG", mentions=[list(span)]),
    ]
    found = find_quotes(Article(id="a", text=text), doc, entities)
    assert [q.speaker_text for q in found] == ["Smith"]
