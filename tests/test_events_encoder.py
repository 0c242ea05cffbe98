"""The event typer's sentence encoder and the two sets of shipped weights (with and without it)."""

from __future__ import annotations

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
    reason="the sentence encoder (dateline[encoder]) is not installed",
)


@needs_encoder
def test_encoder_is_installed_where_ci_runs() -> None:
    assert encoder.available()


@needs_encoder
def test_embeddings_are_unit_vectors_that_tell_topics_apart() -> None:
    vecs = encoder.embed(
        [
            "Russian troops shelled the city overnight, killing four civilians.",
            "Artillery fire hit the town before dawn and killed several people.",
            "The central bank kept interest rates unchanged on Thursday.",
        ]
    )
    assert vecs is not None and vecs.shape == (3, encoder.DIM)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-3)
    # Two of MiniLM's six layers: coarser than the full encoder, still clear about topic.
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.1
    assert vecs[0] @ vecs[1] > vecs[1] @ vecs[2] + 0.1


@needs_encoder
def test_embedding_is_repeatable_and_barely_moved_by_its_batch() -> None:
    """int8 activations are scaled per batch, so a sentence's neighbours nudge it (by about what the
    quantisation costs against float32, cosine 0.97-0.98); the same batch gives the same vectors."""
    text = "The minister met his Iranian counterpart in Tehran."
    other = "A much longer sentence about something else entirely, with many words."
    alone = encoder.embed([text])
    together = encoder.embed([other, text])
    again = encoder.embed([other, text])
    assert alone is not None and together is not None and again is not None
    assert np.array_equal(together, again)
    assert float(alone[0] @ together[1]) > 0.95


def test_empty_batch() -> None:
    out = encoder.embed([])
    assert out is None or out.shape == (0, encoder.DIM)


@needs_encoder
def test_shipped_typer_reads_the_embedding() -> None:
    m = typing_model.load()
    assert m is not None and m.uses_encoder


def test_without_the_encoder_the_lite_weights_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_ENCODER", "0")
    assert encoder.embed(["anything"]) is None
    m = typing_model.load()
    assert m is not None and not m.uses_encoder
    art = Article(
        id="lite",
        text="Syrian government forces attacked the rebel-held town of Douma on Monday.",
        published="2020-03-03",
    )
    (out,) = analyze([art])
    assert not isinstance(out, dict) and "error" not in getattr(out, "__dict__", {})
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
