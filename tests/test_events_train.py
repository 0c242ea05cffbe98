"""Training the typer on hand-labelled news candidates (NONE included), and the eventness gate that the
NONE label gives the events stage; built from short hand-made articles."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dateline.events import model as typing_model
from dateline.events import train
from dateline.events.model import Model
from dateline.records import Article

pytest.importorskip("spacy")

TEXT = (
    "Police arrested the opposition leader in Nairobi on Monday. "
    "The weather was warm and sunny all week. "
    "The government released three journalists on Tuesday."
)


def test_events_sample_weights_weigh_typed_news_candidates_less() -> None:
    vec = np.zeros(1, dtype=np.float32)
    data = [(["a"], vec, "ASSAULT"), (["b"], vec, "AGREE"), (["c"], vec, "NONE"), (["d"], vec, "COERCE")]
    assert train.sample_weights(data, gold_rows=2) == [1.0, 1.0, 1.0, train.NEWS_WEIGHT]


def test_events_typer_inputs_list_told_triggers_and_a_triggerless_sentences_main_verb() -> None:
    found = list(train.typer_inputs([Article(id="a", text=TEXT, published="2024-03-06")]))
    words = [c.trigger.text for _, _, c, _ in found]
    assert "arrested" in words and "released" in words
    assert all(isinstance(shared, list) for *_, shared in found)


def test_events_labelled_examples_read_labels_by_offset_and_train_yield_for_retreat(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": TEXT, "published": "2024-03-06"}) + "\n", encoding="utf-8"
    )
    labels = tmp_path / "labels.jsonl"
    rows = [
        {"id": "a", "start": TEXT.index("arrested"), "trigger": "arrested", "type": "COERCE"},
        {"id": "a", "start": TEXT.index("released"), "trigger": "released", "type": "RETREAT"},
        {"id": "a", "start": 3, "trigger": "ice", "type": "ASSAULT"},  # no candidate there: skipped
        {"id": "b", "start": 0, "trigger": "x", "type": "NONE"},  # no such article: skipped
    ]
    labels.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    found = train.labelled_candidates(labels, corpus)
    data = train.labelled_examples(found)
    assert [y for _, y in train.labelled_sentences(found)] == [y for _, _, y in data]
    assert any("[arrested]" in text for text, _ in train.labelled_sentences(found))
    assert sorted(y for _, _, y in data) == ["COERCE", "YIELD"]
    assert all(len(v) == 3 * typing_model.WIDTH for _, v, _ in data)
    assert all(any(f.startswith("trig=") for f in feats) for feats, _, _ in data)


def biased(label: str) -> Model:
    """A typer without features whose bias makes one label all but certain."""
    labels = ["COERCE", "NONE", "YIELD"]
    weights = np.zeros((1, len(labels)), dtype=np.float32)
    weights[0, labels.index(label)] = 8.0
    return Model(labels, {}, weights)


@pytest.mark.parametrize(("label", "coded"), [("COERCE", True), ("NONE", False)])
def test_events_typer_none_keeps_a_told_trigger_from_being_coded(label: str, coded: bool) -> None:
    from dateline.pipeline import analyze

    article = Article(id="t", text="Police arrested the opposition leader in Nairobi on Monday.")
    typing_model.use(biased(label))
    try:
        events = next(analyze([article])).events
    finally:
        typing_model.use(None)
    assert any(e.type == "COERCE" for e in events) is coded


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_events_corpus_articles_read_body_where_there_is_no_text(tmp_path: Path) -> None:
    corpus = _jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "t", "text": "A text.", "title": "Title", "published": "2024-03-06"},
            {"id": "b", "body": "A body.", "title": None, "published": None, "html_file": "x.html"},
            {"id": "both", "text": "The text wins.", "body": "Not this."},
            {"id": "none", "title": "No text at all"},
            {"text": "No id."},
        ],
    )
    arts = {a.id: a for a in train.corpus_articles(corpus)}
    assert sorted(arts) == ["b", "both", "t"]
    assert (arts["t"].text, arts["t"].title, arts["t"].published) == ("A text.", "Title", "2024-03-06")
    assert (arts["b"].text, arts["b"].title, arts["b"].published) == ("A body.", None, None)
    assert arts["both"].text == "The text wins."
    assert [a.id for a in train.corpus_articles(corpus, {"b"})] == ["b"]


def test_events_label_pairs_pair_each_label_file_with_its_corpus(tmp_path: Path) -> None:
    la, lb, ca, cb = (_jsonl(tmp_path / f"{n}.jsonl", []) for n in ("la", "lb", "ca", "cb"))
    assert train.label_pairs(None) == []
    assert train.label_pairs(la, ca) == [(la, ca)]  # the old single pair
    assert train.label_pairs([la, lb], [ca, cb]) == [(la, ca), (lb, cb)]
    assert train.label_pairs([f"{la}:{ca}", str(lb)], [str(cb)]) == [(la, ca), (lb, cb)]
    with pytest.raises(ValueError, match="corpus"):
        train.label_pairs([la, lb], [ca])
    with pytest.raises(ValueError, match="corpus"):
        train.label_pairs(None, [ca])
    with pytest.raises(ValueError, match="no such file"):
        train.label_pairs([f"{la}:{tmp_path / 'missing.jsonl'}"])


def test_events_train_command_reads_several_label_and_corpus_pairs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dateline.cli import cli

    gold = _jsonl(
        tmp_path / "plv.jsonl",
        [{"id": "p1", "text": "The ministers met in Geneva on Monday.", "type": "CONSULT"}],
    )
    ca = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT, "published": "2024-03-06"}])
    body = "Rebels attacked the village on Sunday. The festival drew large crowds."
    cb = _jsonl(tmp_path / "b.jsonl", [{"id": "b", "body": body, "title": None, "published": None}])
    la = _jsonl(tmp_path / "la.jsonl", [{"id": "a", "start": TEXT.index("arrested"), "type": "COERCE"}])
    lb = _jsonl(tmp_path / "lb.jsonl", [{"id": "b", "start": body.index("attacked"), "type": "ASSAULT"}])
    out = tmp_path / "typer.npz"
    args = ["train", "events", str(gold), "-o", str(out), "--no-encoder", "--epochs", "5"]
    res = CliRunner().invoke(cli, [*args, "--labels", str(la), "--corpus", str(ca), "--labels", f"{lb}:{cb}"])
    assert res.exit_code == 0, res.output
    assert Model.loads(out.read_bytes()).labels == ["ASSAULT", "COERCE", "CONSULT"]
    res = CliRunner().invoke(cli, [*args, "--labels", str(la), "--corpus", str(ca)])  # one pair, as before
    assert res.exit_code == 0, res.output
    assert Model.loads(out.read_bytes()).labels == ["COERCE", "CONSULT"]
    res = CliRunner().invoke(cli, [*args, "--labels", str(la), "--labels", str(lb), "--corpus", str(ca)])
    assert res.exit_code == 2 and "corpus" in res.output
