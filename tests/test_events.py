"""The events stage on short hand-made articles: meetings, "separately", passive voice, negation,
hypotheticals, requests, quotes, dates and places."""

from __future__ import annotations

import pytest

from dateline import actors, quotes
from dateline import time as timex
from dateline.events import find_events
from dateline.events.model import Model
from dateline.events.when import usable
from dateline.records import Article, Event

spacy = pytest.importorskip("spacy")


def code(text: str, published: str | None = "2023-05-10", dateline: str | None = None) -> list[Event]:
    from dateline import nlp

    article = Article(id="t", text=text, published=published, dateline=dateline)
    doc = nlp.load()(text)
    ents = actors.find_entities(article, doc)
    tx = timex.find_timexes(article, doc)
    qs = quotes.find_quotes(article, doc, ents)
    return find_events(article, doc, ents, tx, qs)


def names(ps: list) -> set[str]:
    return {p.name.split()[-1] for p in ps}


def of_type(events: list[Event], type_: str) -> list[Event]:
    return [e for e in events if e.type == type_]


def test_events_meeting_with_lists_both_sides_as_actors_and_no_recipient() -> None:
    events = code(
        "Chilean President Gabriel Boric met with Argentine President Javier Milei in Santiago on Monday."
    )
    consult = of_type(events, "CONSULT")
    assert len(consult) == 1
    assert names(consult[0].actor) == {"Boric", "Milei"}
    assert consult[0].recipient == []


def test_events_met_with_two_people_separately_makes_two_events() -> None:
    events = code(
        "Norwegian Foreign Minister Espen Barth Eide met with Kenyan President William Ruto and "
        "Ethiopian Prime Minister Abiy Ahmed separately on Tuesday."
    )
    consult = of_type(events, "CONSULT")
    assert len(consult) == 2
    assert {frozenset(names(e.actor)) for e in consult} == {
        frozenset({"Eide", "Ruto"}),
        frozenset({"Eide", "Ahmed"}),
    }


def test_events_date_comes_from_the_weekday_of_the_clause() -> None:
    events = code("Chilean President Gabriel Boric met with Argentine President Javier Milei on Monday.")
    assert of_type(events, "CONSULT")[0].date == "2023-05-08"


def test_events_place_comes_from_in_phrase_with_coordinates() -> None:
    events = code(
        "Chilean President Gabriel Boric met with Argentine President Javier Milei in Santiago on Monday."
    )
    place = of_type(events, "CONSULT")[0].place
    assert place is not None and place.name == "Santiago" and place.country == "CHL"
    assert place.lat is not None and place.lon is not None


def test_events_passive_voice_puts_the_agent_first() -> None:
    events = code("The opposition leader Ruben Dario was arrested by Nicaraguan police on Sunday.")
    coerce = of_type(events, "COERCE")
    assert coerce, events
    assert "police" in " ".join(p.name for p in coerce[0].actor)
    assert names(coerce[0].recipient) == {"Dario"}
    assert coerce[0].mode == "arrest"


def test_events_refused_to_meet_is_reject_not_consult() -> None:
    events = code("Peruvian President Dina Boluarte refused to meet Bolivian President Luis Arce on Friday.")
    assert not of_type(events, "CONSULT")
    assert of_type(events, "REJECT")


def test_events_negated_attack_is_not_coded() -> None:
    events = code("The rebels did not attack the army base near Goma on Friday.")
    assert not of_type(events, "ASSAULT")


def test_events_hypothetical_attack_is_not_an_assault() -> None:
    events = code("Officials said militants could attack the army base near Goma.")
    assert not of_type(events, "ASSAULT")


def test_events_call_for_talks_is_a_request_not_a_meeting() -> None:
    events = code("Kenyan President William Ruto called for talks with Ethiopia on Monday.")
    assert not of_type(events, "CONSULT")
    assert of_type(events, "REQUEST")


def test_events_will_stand_by_is_a_promise() -> None:
    events = code("Brazilian President Lula da Silva pledged that Brazil will stand by Bolivia.")
    assert not of_type(events, "SUPPORT")
    agree = of_type(events, "AGREE")
    assert agree and "BOL" in {p.country for p in agree[0].recipient}


def test_events_assassination_is_targeted_assault_on_the_victim_dated_by_its_own_time() -> None:
    events = code(
        "The minister recalled the assassination of Haitian President Jovenel Moise in July 2021, "
        "calling it a crime."
    )
    assault = of_type(events, "ASSAULT")
    assert assault and assault[0].mode == "targeted"
    assert names(assault[0].recipient) == {"Moise"}
    assert assault[0].date == "2021-07"


def test_events_we_in_a_quote_is_the_speaker() -> None:
    events = code(
        'Colombian President Gustavo Petro said on Monday: "We condemn the attack on the Venezuelan embassy."'
    )
    accuse = of_type(events, "ACCUSE")
    assert accuse and names(accuse[0].actor) == {"Petro"}


def test_events_visit_has_visitor_as_actor_and_host_country_as_recipient() -> None:
    events = code("Japanese Prime Minister Fumio Kishida arrived in Hanoi on Sunday for a two-day visit.")
    consult = of_type(events, "CONSULT")
    assert consult and consult[0].mode == "visit"
    assert names(consult[0].actor) == {"Kishida"}
    assert {p.country for p in consult[0].recipient} == {"VNM"}
    assert consult[0].place is not None and consult[0].place.name == "Hanoi"


def test_events_every_event_has_a_confidence_between_zero_and_one() -> None:
    events = code("Chilean President Gabriel Boric met with Argentine President Javier Milei on Monday.")
    assert events and all(0.0 < e.confidence <= 1.0 for e in events)


def test_events_no_trigger_no_event() -> None:
    assert code("The weather in the capital was mild and sunny for most of the week.") == []


def test_events_usable_date_trims_times_and_refuses_weeks() -> None:
    assert usable("2020-12-06TEV") == "2020-12-06"
    assert usable("2020-11") == "2020-11"
    assert usable("2020-W49") is None
    assert usable("PAST_REF") is None


def test_events_model_roundtrips_through_bytes() -> None:
    import numpy as np

    m = Model(["A", "B"], {"x": 0, "y": 1}, np.array([[1.0, -1.0], [0.0, 0.5], [0.1, 0.0]], dtype=np.float32))
    again = Model.loads(m.dumps())
    assert again.labels == ["A", "B"]
    p = again.predict(["x"])
    assert p["A"] > p["B"]


def test_events_model_roundtrips_dense_weights() -> None:
    import numpy as np

    dense = np.array([[2.0, -2.0], [0.0, 0.0]], dtype=np.float32)
    m = Model(["A", "B"], {"x": 0}, np.zeros((2, 2), dtype=np.float32), dense, np.zeros(2, np.float32),
              np.ones(2, np.float32))  # fmt: skip
    again = Model.loads(m.dumps())
    vec = np.array([1.0, 0.0], dtype=np.float32)
    assert again.predict([], vec)["A"] > 0.9
    assert again.predict([])["A"] == pytest.approx(0.5)


def test_events_purpose_infinitive_is_not_an_attack() -> None:
    events = code(
        "Nigerian police said Boko Haram fighters built a camp near the border to attack Cameroonian troops."
    )
    assert not of_type(events, "ASSAULT")


def test_events_habit_is_not_a_happening() -> None:
    events = code("The Allied Democratic Forces frequently attack villages in eastern Congo.")
    assert not of_type(events, "ASSAULT")


def test_events_expected_meeting_is_not_coded() -> None:
    events = code(
        "German Chancellor Olaf Scholz is expected to meet French President Emmanuel Macron on Friday."
    )
    assert not of_type(events, "CONSULT")
    assert not of_type(events, "AGREE")


def test_events_quoted_words_without_a_named_doer_are_not_events() -> None:
    events = code('"The soldiers attacked our village at night," the farmer told reporters on Monday.')
    assert not of_type(events, "ASSAULT")


def test_events_survive_a_publication_date_at_the_start_of_the_calendar() -> None:
    events = code(
        "Kenyan President William Ruto met Ugandan President Yoweri Museveni.", published="0001-01-01"
    )
    assert of_type(events, "CONSULT")


def test_events_it_in_reported_speech_is_the_speaker() -> None:
    events = code(
        "The Pentagon said on Monday that it had launched airstrikes against Islamic State camps in Syria."
    )
    assault = of_type(events, "ASSAULT")
    assert assault and names(assault[0].actor) == {"Pentagon"}


def test_events_they_is_not_a_single_speaker() -> None:
    events = code("Colombian President Gustavo Petro said they had attacked the embassy.")
    assert all("Petro" not in names(e.actor) for e in events)


def test_events_a_group_qualified_by_a_country_is_the_group_with_that_country() -> None:
    events = code("Ghana's cocoa farmers accused the government of cheating them on Monday.")
    accuse = of_type(events, "ACCUSE")
    assert accuse and "farmers" in accuse[0].actor[0].name
    assert accuse[0].actor[0].country == "GHA"
