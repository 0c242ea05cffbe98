"""The store: one copy of each article, everything derived kept, a batch per transaction."""

from __future__ import annotations

from dateline.records import AnalyzedArticle, Article, Entity, Event, Participant, Place, Quote, Timex
from dateline.store import Store


def analyzed(aid: str, text: str) -> AnalyzedArticle:
    return AnalyzedArticle(
        Article(
            id=aid,
            text=text,
            title="T",
            published="2020-12-08",
            dateline="TEHRAN",
            authors=["A"],
            subheadings=["S"],
        ),
        entities=[
            Entity(
                "e1",
                "Hassan Rouhani",
                "PERSON",
                "IRN",
                "GOV",
                [{"title": "President", "country": "IRN"}],
                [[0, 6]],
            )
        ],
        quotes=[Quote("hello", 10, 15, "direct", "Hassan Rouhani", "e1", "he", "said")],
        timexes=[Timex("Tuesday", 20, 27, "DATE", "2020-12-08")],
        events=[
            Event(
                "v1",
                "CONSULT",
                "He met him.",
                0,
                11,
                0.9,
                "visit",
                [Participant("Hassan Rouhani", "e1", "IRN", "GOV")],
                [],
                "2020-12-08",
                "Tuesday",
                Place("Tehran", "IRN", 35.7, 51.4),
            )
        ],
    )


def test_round_trip_keeps_everything(tmp_path):
    item = analyzed("a1", "Rouhani met the minister on Tuesday.")
    with Store(str(tmp_path / "s.sqlite")) as store:
        assert store.add([item]) == 1
        (back,) = store.iter_articles()
    assert back.to_dict() == item.to_dict()


def test_same_id_or_same_text_is_stored_once(tmp_path):
    with Store(str(tmp_path / "s.sqlite")) as store:
        assert store.add([analyzed("a1", "One text.")]) == 1
        assert store.add([analyzed("a1", "One text.")]) == 0
        assert store.add([analyzed("other-id", "One   text.")]) == 0
        assert store.has(Article(id="zzz", text="One text."))
        assert store.count() == 1


def test_replace_rewrites_the_article_and_its_children(tmp_path):
    with Store(str(tmp_path / "s.sqlite")) as store:
        store.add([analyzed("a1", "One text.")])
        changed = analyzed("a1", "One text.")
        changed.quotes = []
        assert store.add([changed], replace=True) == 1
        (back,) = store.iter_articles()
        assert back.quotes == [] and store.count() == 1
