import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dateline import nlp


def test_text_is_the_docs_text_and_is_kept() -> None:
    doc = Doc(Vocab(), words=["Talks", "resumed", "."], spaces=[True, False, False])
    assert nlp.text(doc) == doc.text == "Talks resumed."
    assert nlp.text(doc) is nlp.text(doc)


def test_token_starts_and_verb_indices_read_the_arrays() -> None:
    doc = Doc(
        spacy.blank("en").vocab,
        words=["Officials", "said", ",", "according", "to", "aides"],
        spaces=[True, False, True, True, True, False],
        pos=["NOUN", "VERB", "PUNCT", "VERB", "ADP", "NOUN"],
    )
    assert nlp.token_starts(doc) == [t.idx for t in doc]
    assert nlp.verb_indices(doc) == [1, 3]
    doc[3].pos_ = "ADP"
    assert nlp.verb_indices(doc) == [1]
    assert nlp.verb_indices(doc, also=("according",)) == [1, 3]
    assert nlp.verb_indices(Doc(Vocab(), words=[])) == []
