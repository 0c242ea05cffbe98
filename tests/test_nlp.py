from spacy.tokens import Doc
from spacy.vocab import Vocab

from dateline import nlp


def test_text_is_the_docs_text_and_is_kept() -> None:
    doc = Doc(Vocab(), words=["Talks", "resumed", "."], spaces=[True, False, False])
    assert nlp.text(doc) == doc.text == "Talks resumed."
    assert nlp.text(doc) is nlp.text(doc)
