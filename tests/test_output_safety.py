"""Untrusted article text in outputs: CSV formulas neutralised, XML always well-formed, no escapes on
the terminal."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

import pytest

from dateline import export
from dateline.export.safe import csv_cell, terminal_text, xml_text
from dateline.output import emit
from dateline.records import AnalyzedArticle, Article

FORMULAS = ['=HYPERLINK("http://x","y")', "@SUM(1+1)", "-2+3+cmd|' /C calc'!A0", "+1+1", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_that_starts_a_formula_gets_a_quote(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-2, -3.5, "-12", "-3.50", "+4", "1e-3", "Oslo", "", None])
def test_numbers_and_plain_text_are_left_alone(value):
    assert csv_cell(value) == value


def _read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_query_rows_as_csv_carry_no_formula():
    out = io.StringIO()
    rows = [{"name": f, "lat": -33.9, "count": -1} for f in FORMULAS]
    emit(rows, "csv", stream=out)
    body = _read_csv(out.getvalue())[1:]
    assert [r[0] for r in body][:4] == ["'" + f for f in FORMULAS][:4]
    assert all(r[0].startswith("'") for r in body)  # the tab and CR ones: cells fold whitespace
    assert {(r[1], r[2]) for r in body} == {("-33.90", "-1")}


def test_exported_rows_and_articles_as_csv_carry_no_formula(tmp_path):
    path = tmp_path / "rows.csv"
    export.write_rows(
        [{"speaker": "=cmd|' /C calc'!A0", "start": -1, "names": ["@x", "y"]}], "csv", str(path)
    )
    assert _read_csv(path.read_text())[1] == ["'=cmd|' /C calc'!A0", "-1", "'@x; y"]
    article = AnalyzedArticle(Article(id="a", text="-2+3+cmd|x", title="=1+1", authors=["@me"]))
    path = tmp_path / "articles.csv"
    export.write([article], "csv", str(path))
    row = dict(zip(*_read_csv(path.read_text()), strict=True))
    assert (row["title"], row["authors"], row["text"]) == ("'=1+1", "'@me", "'-2+3+cmd|x")


BAD_XML = "Bad\x00\x01\x1b[31m\ud800\ufffe\uffff name\x0b"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_xml_is_well_formed_whatever_the_names(tmp_path, fmt):
    nodes = [
        {"id": 1, "name": BAD_XML, "type": "PERSON", "country": "\x02IRN", "sector": None},
        {"id": 2, "name": "Plain & <simple>", "type": "ORG", "country": None, "sector": "GOV"},
    ]
    edges = [{"source": 1, "target": 2, "type": "CONSULT", "events": 3}]
    path = tmp_path / f"net.{fmt}"
    export.network(nodes, edges, fmt, str(path))
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text.encode("utf-8"))
    assert "Bad[31m name" in text and "Plain &amp; &lt;simple&gt;" in text
    assert root is not None


def test_xml_text_keeps_what_xml_allows():
    assert xml_text("tab\tnew\nline\r é 中 \U0001f600") == "tab\tnew\nline\r é 中 \U0001f600"
    assert xml_text("\x00\x08\x0c\ud800\udfff\ufffe\uffff") == ""


def test_terminal_table_strips_escapes_controls_and_bidi_overrides():
    out = io.StringIO()
    rows = [
        {
            "name": "\x1b[2J\x1b[31mRed\x1b[0m \x1b]0;pwned\x07title",
            "quote": "evil\u202eexe.txt\u2066x\u2069",
        },
        {"name": "bell\x07 back\x08space \x9bc", "quote": "ok"},
    ]
    emit(rows, "table", stream=out)
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\x08" not in text and "\x9b" not in text
    assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "Red title" in text and "evilexe.txtxx" not in text and "evilexe.txt" in text
    assert "bell backspace" in text


def test_terminal_text_leaves_ordinary_text_alone():
    assert terminal_text("Faisal al-Mekdad — «Damas» 中文 ﻿") == "Faisal al-Mekdad — «Damas» 中文 ﻿"


def test_error_lines_on_stderr_carry_no_escapes(capsys):
    from dateline.cli import Errors
    from dateline.records import ErrorRecord

    Errors().report(ErrorRecord(None, "bad \x1b]0;owned\x07record", source="http://x/\x1b[2J\u202efeed"))
    err = capsys.readouterr().err
    assert err == "dateline: error: http://x/feed: bad record\n"
