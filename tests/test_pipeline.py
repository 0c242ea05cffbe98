"""The pipeline's faults and limits: a stage that raises, a text too long, a page too big, a slow record."""

from __future__ import annotations

from dateline.extract import extract
from dateline.records import AnalyzedArticle, Article, RawDocument


def test_warnings_are_carried_through_extraction_and_emitted_only_when_present():
    raw = RawDocument(id="a", text="Body text.", verbatim=True, warnings=["published dropped: not a date"])
    article = extract(raw)
    assert article.warnings == ["published dropped: not a date"]
    d = AnalyzedArticle(article).to_dict()
    assert d["warnings"] == ["published dropped: not a date"]
    assert AnalyzedArticle.from_dict(d).article.warnings == d["warnings"]
    assert "warnings" not in AnalyzedArticle(Article(id="b", text="x")).to_dict()
