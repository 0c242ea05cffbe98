"""The event typer's fine-tuned sentence classifier, its shipped weights and the typer without it."""

from __future__ import annotations

import io
import os

import numpy as np
import pytest

from dateline.events import encoder
from dateline.events import model as typing_model
from dateline.events.stage import MIN_CONFIDENCE
from dateline.pipeline import analyze
from dateline.records import Article

needs_encoder = pytest.mark.skipif(
    not encoder.available() and not os.environ.get("CI"),
    reason="the sentence classifier (dateline[encoder]) is not installed",
)


@needs_encoder
def test_encoder_is_installed_where_ci_runs() -> None:
    assert encoder.available()


@needs_encoder
def test_shipped_classifier_reads_the_marked_triggers_type_or_none() -> None:
    read = encoder.classify(
        [
            encoder.mark(text, text.index(word), len(word))
            for text, word in [
                ("Russian troops shelled the city overnight, killing four civilians.", "shelled"),
                ("The two presidents met in Geneva on Tuesday to discuss trade.", "met"),
                ("The opposition leader denied the charges and rejected the court's ruling.", "denied"),
                ("The weather was warm and sunny all week.", "was"),
            ]
        ]
    )
    assert read is not None
    labels, probs = read
    assert probs.shape == (4, len(labels))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)
    assert [labels[i] for i in probs.argmax(axis=1)] == ["ASSAULT", "CONSULT", "REJECT", "NONE"]


def test_mark_brackets_the_trigger() -> None:
    assert encoder.mark("Police arrested him.", 7, 8) == "Police [arrested] him."


@needs_encoder
def test_classification_is_repeatable_and_barely_moved_by_its_batch() -> None:
    """int8 activations are scaled per batch, so a sentence's neighbours nudge it a little; the same batch
    gives the same reading."""
    text = "The minister met his Iranian counterpart in Tehran."
    other = "A much longer sentence about something else entirely, with many words in it."
    alone, together, again = (encoder.classify(t) for t in ([text], [other, text], [other, text]))
    assert alone is not None and together is not None and again is not None
    assert np.array_equal(together[1], again[1])
    assert np.abs(alone[1][0] - together[1][1]).max() < 0.05


def test_empty_batch() -> None:
    out = encoder.classify([])
    assert out is None or out[1].shape[0] == 0


def test_tuned_weights_survive_int8_storage() -> None:
    rng = np.random.default_rng(0)
    tuned = encoder.Tuned(["A", "B"], {"m": rng.standard_normal((8, 16)).astype(np.float32),
                                       "b": rng.standard_normal(8).astype(np.float32)})  # fmt: skip
    back = encoder.Tuned.loads(tuned.dumps())
    assert back.labels == ["A", "B"] and set(back.tensors) == {"m", "b"}
    assert np.abs(back.tensors["m"] - tuned.tensors["m"]).max() < np.abs(tuned.tensors["m"]).max() / 100
    assert np.allclose(back.tensors["b"], tuned.tensors["b"], atol=1e-2)


@needs_encoder
def test_tuned_layers_are_stored_as_their_change_from_minilm() -> None:
    """Stored as itself, an int8 weight is off by up to 1/254 of its row's largest; stored as its change
    from MiniLM's, by 1/254 of the largest change, so what ships reads as what was cross-validated."""
    tuned = encoder.shipped()
    assert tuned is not None
    data = tuned.dumps()
    assert any(k.startswith("d:layers.") for k in np.load(io.BytesIO(data)).files)
    back = encoder.Tuned.loads(data)
    assert back.layers() == tuned.layers() == encoder.LAYERS
    for name, t in tuned.tensors.items():
        if not name.startswith("layers.") or t.ndim != 2:
            continue
        step = np.abs(t).max() / 254
        assert np.abs(back.tensors[name] - t).max() < step / 4, name


@needs_encoder
def test_fine_tuning_learns_a_tiny_set_and_is_used_until_reset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoder, "LAYERS", 1)
    texts = ["Soldiers shot two protesters.", "Rebels bombed a bridge.",
             "The ministers met in Paris.", "The leaders held talks in Rome."] * 4  # fmt: skip
    labels = ["ASSAULT", "ASSAULT", "CONSULT", "CONSULT"] * 4
    tuned = encoder.fine_tune(texts, labels, epochs=12, lr=1e-3)
    assert tuned.labels == ["ASSAULT", "CONSULT"]
    assert any(name.startswith("layers.0.") for name in tuned.tensors) and "head.weight" in tuned.tensors
    assert not any(name.startswith(("words", "positions")) for name in tuned.tensors)  # frozen: not shipped
    encoder.use(tuned)
    try:
        read = encoder.classify(["Soldiers shot two protesters.", "The ministers met in Paris."])
        assert read is not None and read[0] == ["ASSAULT", "CONSULT"]
        assert list(read[1].argmax(axis=1)) == [0, 1]
    finally:
        monkeypatch.undo()  # the shipped classifier is built with the shipped depth, not this test's
        encoder.use(None)
    shipped = encoder.classify(["x"])
    assert shipped is not None and len(shipped[0]) > 2
    assert encoder.LAYERS > 1 and len(encoder._load()[2].layers) == encoder.LAYERS


def test_blend_keeps_the_typers_none_and_reweighs_its_types() -> None:
    own = {"NONE": 0.2, "AGREE": 0.5, "SUPPORT": 0.3}
    out = typing_model.blend(own, {"AGREE": 0.1, "SUPPORT": 0.9})
    assert out["NONE"] == 0.2 and abs(sum(out.values()) - 1.0) < 1e-6
    assert out["SUPPORT"] > out["AGREE"]


def test_without_the_classifier_the_typer_types_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_ENCODER", "0")
    assert encoder.classify(["anything"]) is None
    assert typing_model.load() is not None
    art = Article(
        id="lite",
        text="Syrian government forces attacked the rebel-held town of Douma on Monday.",
        published="2020-03-03",
    )
    (out,) = analyze([art])
    assert [e.type for e in out.events] == ["ASSAULT"]


def test_events_below_the_confidence_floor_are_not_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    art = Article(
        id="floor",
        text="Syrian government forces attacked the rebel-held town of Douma on Monday.",
        published="2020-03-03",
    )
    (out,) = analyze([art])
    assert out.events and all(MIN_CONFIDENCE <= e.confidence <= 1.0 for e in out.events)
    monkeypatch.setenv("DATELINE_MIN_EVENT_CONFIDENCE", "0.999")
    (strict,) = analyze([art])
    assert strict.events == []


@needs_encoder
def test_a_text_told_again_is_read_once_and_gets_the_same_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Police [arrested] him.", "The minister [met] the envoy.", "Police [arrested] him."]
    seen: list[int] = []
    tokenizer, labels, net = encoder._load()

    class Counting:
        def encode_batch(self, batch: list[str]) -> object:
            seen.append(len(batch))
            return tokenizer.encode_batch(batch)

    monkeypatch.setattr(encoder, "_load", lambda: (Counting(), labels, net))
    read = encoder.classify(texts)
    assert read is not None
    assert sum(seen) == 2
    assert read[1].shape == (3, len(labels)) and (read[1][0] == read[1][2]).all()
