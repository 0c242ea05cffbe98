"""The actors stage on short texts of our own: consolidation, roles, countries, sectors and mentions.

Parsed texts go through the real small English model; the repair rules are also tested on Docs built by
hand (words and NER labels given), so that they do not depend on what the model happens to tag.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from dateline import nlp
from dateline.actors import entity_at, find_entities
from dateline.actors.lexicon import lexicon
from dateline.records import Article, Entity


def analyse(text: str, dateline: str | None = None) -> list[Entity]:
    return find_entities(Article(id="t", text=text, dateline=dateline), nlp.load()(text))


def by_name(entities: list[Entity], name: str) -> Entity:
    found = [e for e in entities if e.name == name]
    assert found, f"no entity {name!r} in {[e.name for e in entities]}"
    return found[0]


def mentioned(text: str, entity: Entity) -> list[str]:
    return [text[s:e] for s, e in entity.mentions]


def hand_doc(tokens: list[tuple[str, str]]) -> Doc:
    """A Doc from (word, IOB entity tag) pairs, words separated by spaces; no parse."""
    words = [w for w, _ in tokens]
    spaces = [True] * len(words)
    return Doc(nlp.load().vocab, words=words, spaces=spaces, ents=[t for _, t in tokens])


# ---------------------------------------------------------------------------------- consolidation


def test_actors_full_name_is_canonical_and_later_surname_joins_it() -> None:
    text = "Farida Osei Mensah opened the summit on Monday. Mensah said the talks would last two days."
    ents = analyse(text)
    person = by_name(ents, "Farida Osei Mensah")
    assert person.type == "PERSON"
    assert mentioned(text, person)[:2] == ["Farida Osei Mensah", "Mensah"]
    assert sum(e.name.endswith("Mensah") for e in ents) == 1


def test_actors_surname_the_ner_calls_a_place_stays_a_person() -> None:
    doc = hand_doc(
        [
            ("Talia", "B-PERSON"),
            ("Borovna", "I-PERSON"),
            ("spoke", "O"),
            (".", "O"),
            ("Borovna", "B-GPE"),
            ("left", "O"),
            (".", "O"),
        ]
    )
    ents = find_entities(Article(id="t", text=doc.text), doc)
    assert [(e.name, e.type, len(e.mentions)) for e in ents] == [("Talia Borovna", "PERSON", 2)]


def test_actors_surname_before_its_full_name_takes_the_full_name() -> None:
    doc = hand_doc(
        [
            ("Okonjo", "B-PERSON"),
            ("arrived", "O"),
            (".", "O"),
            ("Later", "O"),
            ("Ada", "B-PERSON"),
            ("Okonjo", "I-PERSON"),
            ("spoke", "O"),
            (".", "O"),
        ]
    )
    ents = find_entities(Article(id="t", text=doc.text), doc)
    assert [(e.name, len(e.mentions)) for e in ents] == [("Ada Okonjo", 2)]


def test_actors_non_latin_names_are_kept_as_written() -> None:
    doc = hand_doc(
        [("Лев", "B-PERSON"), ("Толстой", "I-PERSON"), ("и", "O"), ("王小明", "B-PERSON"), ("。", "O")]
    )
    ents = find_entities(Article(id="t", text=doc.text), doc)
    assert [e.name for e in ents] == ["Лев Толстой", "王小明"]
    assert all(e.type == "PERSON" for e in ents)


# ---------------------------------------------------------------------------------- roles, country, sector


def test_actors_title_before_name_gives_role_country_and_sector() -> None:
    text = "Kenyan Foreign Minister Amina Wafula met her hosts in the capital on Friday."
    person = by_name(analyse(text), "Amina Wafula")
    assert person.country == "KEN"
    assert person.sector == "GOV"
    assert {"title": "Foreign Minister", "country": "KEN"} in person.roles


def test_actors_military_rank_gives_military_sector() -> None:
    text = "Peruvian Brigadier General Tomas Quispe inspected the border post."
    person = by_name(analyse(text), "Tomas Quispe")
    assert (person.country, person.sector) == ("PER", "MIL")


def test_actors_secretary_of_a_possessed_body_is_one_title() -> None:
    text = "He met the secretary of Chile's National Defense Council (NDC) Ramon Araya in Santiago."
    ents = analyse(text)
    person = by_name(ents, "Ramon Araya")
    assert person.country == "CHL"
    assert any("secretary of the National Defense Council" in r["title"] for r in person.roles)
    council = next(e for e in ents if e.type == "ORG" and "Council" in e.name)
    assert "NDC" in mentioned(text, council)


def test_actors_predecessor_takes_the_possessors_role_as_a_former_one() -> None:
    text = (
        "Norwegian Prime Minister Ingrid Dahl visited Oslo. Dahl praised the work of her predecessor "
        "Erik Solvang in a speech."
    )
    ents = analyse(text)
    before = by_name(ents, "Erik Solvang")
    assert before.country == "NOR"
    assert before.roles and before.roles[0]["title"] == "Prime Minister"


def test_actors_speaker_title_gives_legislature() -> None:
    text = "Parliament Speaker Moses Kato opened the session."
    person = by_name(analyse(text, dateline="KAMPALA"), "Moses Kato")
    assert (person.country, person.sector) == ("UGA", "LEG")


# ---------------------------------------------------------------------------------- country mentions


def test_actors_capitals_and_epithets_name_their_countries() -> None:
    text = (
        "The Kremlin rejected the plan, while Tehran said the Islamic Republic would wait. "
        "Officials in Washington said nothing."
    )
    ents = analyse(text)
    countries = {text[s:e]: ent.country for ent in ents for s, e in ent.mentions}
    assert countries["Kremlin"] == "RUS"
    assert countries["Tehran"] == "IRN"
    assert countries["Islamic Republic"] == "IRN"
    assert countries["Washington"] == "USA"
    assert by_name(ents, "Kremlin").sector == "GOV"


def test_actors_demonym_regime_is_its_country() -> None:
    text = "Protesters denounced the Israeli regime outside the embassy."
    ents = analyse(text)
    israel = next(e for e in ents if e.country == "ISR")
    assert "Israeli regime" in mentioned(text, israel)


def test_actors_known_armed_group_is_rebel_sector() -> None:
    ents = analyse("Hezbollah fired rockets across the border on Sunday.")
    group = by_name(ents, "Hezbollah")
    assert (group.type, group.sector, group.country) == ("ORG", "REB", "LBN")


# ---------------------------------------------------------------------------------- titles, pronouns


def test_actors_definite_title_links_to_the_titled_person() -> None:
    text = (
        "Chilean Foreign Minister Paula Rojas arrived in Lima on Monday. "
        "The Chilean foreign minister said the visit would strengthen trade."
    )
    person = by_name(analyse(text), "Paula Rojas")
    assert "The Chilean foreign minister" in mentioned(text, person)


def test_actors_pronoun_subject_of_reporting_verb_links_to_last_subject() -> None:
    text = (
        "Defense Minister Kwame Boateng met Ghanaian Finance Minister Yaw Owusu in Accra. "
        "He said the army needed more money."
    )
    ents = analyse(text, dateline="ACCRA")
    boateng = by_name(ents, "Kwame Boateng")
    start = text.index("He said")
    assert [start, start + 2] in boateng.mentions
    assert entity_at(ents, start, start + 2) is boateng


def test_actors_pronoun_inside_a_quotation_is_not_linked() -> None:
    text = 'Mayor Lena Fischer spoke on Monday. "He will never come back," she said.'
    ents = analyse(text, dateline="BERLIN")
    he = text.index("He will")
    assert entity_at(ents, he, he + 2) is None
    she = text.index("she said")
    assert entity_at(ents, she, she + 3) is by_name(ents, "Lena Fischer")


def test_actors_pronoun_without_a_person_before_it_stays_unlinked() -> None:
    text = "He said the bridge would open next year."
    ents = analyse(text)
    assert entity_at(ents, 0, 2) is None


# ---------------------------------------------------------------------------------- entity_at


def test_entity_at_prefers_the_exact_mention_and_returns_none_off_mentions() -> None:
    a = Entity("e1", "A", "PERSON", mentions=[[0, 10]])
    b = Entity("e2", "B", "PERSON", mentions=[[4, 6]])
    assert entity_at([a, b], 4, 6) is b
    assert entity_at([a, b], 0, 3) is a
    assert entity_at([a, b], 20, 25) is None


# ---------------------------------------------------------------------------------- bad input


def test_actors_text_without_entities_gives_none() -> None:
    assert analyse("the rain fell and then it stopped, as it does.") == []
    assert find_entities(Article(id="t", text=""), nlp.load()("")) == []


def test_actors_five_hundred_entities_each_kept_once() -> None:
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo"]
    tokens: list[tuple[str, str]] = []
    for i in range(500):
        first = "".join(syllables[(i >> k) % 8] for k in (0, 3)).title()
        last = "".join(syllables[(i >> k) % 8] for k in (6, 0, 3)).title() + str(i)
        tokens += [(first, "B-PERSON"), (last, "I-PERSON"), ("met", "O"), (f"Org{i}", "B-ORG"), (".", "O")]
    doc = hand_doc(tokens)
    ents = find_entities(Article(id="t", text=doc.text), doc)
    assert sum(e.type == "PERSON" for e in ents) == 500
    assert sum(e.type == "ORG" for e in ents) == 500
    assert len({e.id for e in ents}) == len(ents)


def test_actors_one_megabyte_paragraph_is_linear() -> None:
    import time

    unit = [
        ("Rana", "B-PERSON"),
        ("Haddad", "I-PERSON"),
        ("visited", "O"),
        ("Cairo", "B-GPE"),
        ("and", "O"),
        ("he", "O"),
        ("said", "O"),
        ("that", "O"),
        ("the", "O"),
        ("Foreign", "O"),
        ("Minister", "O"),
        ("Omar", "B-PERSON"),
        ("Nabil", "I-PERSON"),
        ("agreed", "O"),
        (",", "O"),
    ]
    small = hand_doc(unit * 200)
    big = hand_doc(unit * 12_000)
    assert len(big.text) > 1_000_000
    t0 = time.perf_counter()
    find_entities(Article(id="s", text=small.text), small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    ents = find_entities(Article(id="b", text=big.text), big)
    t_big = time.perf_counter() - t0
    assert {e.name for e in ents} >= {"Rana Haddad", "Omar Nabil", "Cairo"}
    haddad = by_name(ents, "Rana Haddad")
    assert len(haddad.mentions) == 12_000
    # 60 times the text: linear work takes about 60 times as long; quadratic work would take 3600 times.
    assert t_big < max(60 * t_small * 4, 2.0)


@pytest.mark.slow
def test_actors_one_megabyte_paragraph_through_the_model() -> None:
    sentence = (
        "Minister Rana Haddad of Jordan met Egyptian officials in Cairo, and she said talks went well; "
    )
    text = sentence * (1_000_000 // len(sentence) + 1)
    ents = analyse(text)
    assert any(e.name == "Rana Haddad" for e in ents)


# ---------------------------------------------------------------------------------- data


def test_actors_gazetteers_load_from_package_data() -> None:
    lex = lexicon()
    assert lex.country_of_name("Syria") == "SYR"
    assert lex.country_of_name("U.S.") == "USA"
    assert lex.place("Damascus") == ("SYR", "capital")
    assert lex.demonym("Iranian") == ("IRN", False)
    assert lex.epithet("the Zionist regime") is not None
    assert lex.titles["foreign minister"].sector == "GOV"


def test_a_bare_surname_the_tagger_missed_is_the_person_named_in_full() -> None:
    text = (
        "Sven Aakre issued his appeal on Friday. The war displaced millions of people. "
        "Aakre said Friday that recent talks were a hopeful sign. "
        "He called for a new cabinet."
    )
    ents = analyse(text)
    person = by_name(ents, "Sven Aakre")
    assert mentioned(text, person)[-2:] == ["Aakre", "He"]


def test_actors_a_counterpart_is_not_the_description_waiting_for_its_name() -> None:
    text = "The Chilean president called his Peruvian counterpart, Dina Boluarte, on Tuesday."
    boluarte = by_name(analyse(text), "Dina Boluarte")
    assert mentioned(text, boluarte) == ["Dina Boluarte"]
    assert boluarte.country != "CHL"
