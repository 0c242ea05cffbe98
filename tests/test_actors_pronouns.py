"""Pronouns in the actors stage: possessives bound by the subject of their clause, and subject pronouns
of reporting verbs (which the quotes stage reads through `entity_at`). Short texts of our own, parsed by
the real small English model."""

from __future__ import annotations

from dateline import nlp
from dateline.actors import entity_at, find_entities
from dateline.records import Article, Entity

MEETING = "Leila Rahimi met Chidi Okoro in Abuja on Monday. "


def analyse(text: str) -> list[Entity]:
    return find_entities(Article(id="t", text=text), nlp.load()(text))


def at(entities: list[Entity], text: str, word: str) -> Entity | None:
    start = text.index(word)
    return entity_at(entities, start, start + len(word.split()[0]))


def name_at(entities: list[Entity], text: str, word: str) -> str | None:
    e = at(entities, text, word)
    return e.name if e is not None else None


def test_actors_possessive_in_the_clause_of_a_named_subject_is_that_subject() -> None:
    text = MEETING + "Okoro said during his visit that the talks had gone well."
    assert name_at(analyse(text), text, "his visit") == "Chidi Okoro"


def test_actors_possessive_binds_across_a_coordinated_verb_to_the_shared_subject() -> None:
    text = MEETING + "Okoro arrived on Sunday and presented his plan to the cabinet."
    assert name_at(analyse(text), text, "his plan") == "Chidi Okoro"


def test_actors_possessive_in_a_relative_clause_binds_to_what_the_relative_stands_for() -> None:
    text = MEETING + "Okoro, who led his country's delegation, said the talks had gone well."
    assert name_at(analyse(text), text, "his country") == "Chidi Okoro"


def test_actors_possessive_of_the_other_gender_is_not_bound_by_the_subject() -> None:
    text = "Ms. Anna Kowalski met Pavel Novak on Monday. Kowalski said during his visit that talks went well."
    assert name_at(analyse(text), text, "his visit") != "Anna Kowalski"


def test_actors_possessive_before_its_subject_is_not_bound_to_an_earlier_person() -> None:
    text = MEETING + "During his visit, Okoro said the talks had gone well."
    assert name_at(analyse(text), text, "his visit") != "Leila Rahimi"


def test_actors_possessive_under_an_object_controlled_clause_is_not_the_subjects() -> None:
    text = "Tomas Berg met Chidi Okoro in Abuja on Monday. Berg asked Okoro to present his plan."
    assert name_at(analyse(text), text, "his plan") != "Tomas Berg"


def test_actors_subject_pronoun_after_a_bound_possessive_still_links_to_the_subject() -> None:
    text = MEETING + "Okoro said during his visit that the talks went well. He added that trade would grow."
    ents = analyse(text)
    assert name_at(ents, text, "his visit") == "Chidi Okoro"
    assert name_at(ents, text, "He added") == "Chidi Okoro"


def test_actors_for_his_part_still_links_to_the_subject_that_follows_a_meeting() -> None:
    text = MEETING + "Okoro, for his part, said the visit was useful."
    assert name_at(analyse(text), text, "his part") == "Chidi Okoro"
