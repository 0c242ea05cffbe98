"""The knowledge base: one actor however spelled, one event however often reported, on SQLite and
PostgreSQL alike; merges keep their evidence and can be undone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from dateline.records import AnalyzedArticle, Article, Entity, Event, Participant, Place, Quote
from dateline.store import Store, kb
from dateline.store.resolve import THRESHOLD, Profile, match
from dateline.store.schema import actor_links, actors, event_reports, events

PAIRS = Path(__file__).with_name("data") / "actor-pairs.jsonl"


def person(eid, name, country, sector, *titles):
    return Entity(
        eid, name, "PERSON", country, sector, [{"title": t, "country": country} for t in titles], [[0, 1]]
    )


def article(aid, day, entities, events_=(), quotes_=()):
    return AnalyzedArticle(
        Article(id=aid, text=f"Text of {aid}.", title=aid, published=day),
        entities=list(entities),
        quotes=list(quotes_),
        events=list(events_),
    )


def meeting(eid, day, *people, place="Tehran"):
    parts = [Participant(p.name, p.id, p.country, p.sector) for p in people]
    return Event(
        eid,
        "CONSULT",
        f"{people[0].name} met {people[1].name}.",
        0,
        10,
        0.9,
        "visit",
        parts,
        [],
        day,
        "on Tuesday",
        Place(place, "IRN", 35.69, 51.42),
    )


def actor_names(store):
    with store.engine.connect() as conn:
        return sorted(conn.scalars(select(actors.c.name)))


def test_actor_merging_on_hand_made_name_pairs_is_right_on_at_least_95_percent():
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 30
    right = sum((match(Profile(**r["b"]), Profile(**r["a"]))[0] >= THRESHOLD) == r["same"] for r in rows)
    assert right / len(rows) >= 0.95, f"{right}/{len(rows)}"


def test_spelling_variants_with_agreeing_role_and_country_are_one_actor(db_url):
    with Store(db_url) as store:
        store.add(
            [
                article(
                    "a1", "2020-12-08", [person("e1", "Faisal al-Mekdad", "SYR", "GOV", "Foreign Minister")]
                ),
                article("a2", "2020-12-09", [person("e1", "Faisal Mekdad", "SYR", "GOV")]),
                article("a3", "2020-12-10", [person("e1", "Fayssal Mekdad", "SYR", None)]),
                article("a4", "2020-12-11", [person("e1", "Mekdad", "SYR", "GOV", "foreign minister")]),
            ]
        )
        assert actor_names(store) == ["Faisal al-Mekdad"]
        with store.engine.connect() as conn:
            row = conn.execute(select(actors)).one()
            links = conn.execute(select(actor_links).order_by(actor_links.c.id)).all()
        assert (row.first_seen, row.last_seen, row.country) == ("2020-12-08", "2020-12-11", "SYR")
        assert [link.method for link in links] == ["new", "exact", "variant", "variant"]
        assert all(link.evidence for link in links[1:])


def test_namesakes_with_conflicting_country_or_sector_stay_apart(db_url):
    with Store(db_url) as store:
        store.add(
            [
                article("a1", "2020-12-08", [person("e1", "Ali Shamkhani", "IRN", "GOV", "Secretary")]),
                article("a2", "2021-03-01", [person("e1", "Ali Shamkhani", "AUS", "BUS", "chief executive")]),
                article("a3", "2021-03-02", [person("e1", "Ali Shamkhani", "IRN", "MIL", "Rear Admiral")]),
            ]
        )
        with store.engine.connect() as conn:
            rows = conn.execute(select(actors.c.name, actors.c.country).order_by(actors.c.id)).all()
        assert [tuple(r) for r in rows] == [("Ali Shamkhani", "IRN"), ("Ali Shamkhani", "AUS")]


def test_one_meeting_reported_by_five_outlets_is_one_event_with_five_reports(db_url):
    rouhani = person("e1", "Hassan Rouhani", "IRN", "GOV", "President")
    mekdad = person("e2", "Faisal al-Mekdad", "SYR", "GOV", "Foreign Minister")
    batch = [
        article(f"outlet{i}", "2020-12-08", [rouhani, mekdad], [meeting("v1", "2020-12-08", rouhani, mekdad)])
        for i in range(4)
    ]
    # A fifth outlet files it a day late and dates it by its own "yesterday".
    batch.append(
        article("outlet4", "2020-12-09", [rouhani, mekdad], [meeting("v1", "2020-12-07", mekdad, rouhani)])
    )
    # The same two men meeting again a month later is another event.
    batch.append(
        article("later", "2021-01-10", [rouhani, mekdad], [meeting("v1", "2021-01-10", rouhani, mekdad)])
    )
    with Store(db_url) as store:
        store.add(batch)
        with store.engine.connect() as conn:
            rows = conn.execute(select(events.c.date, events.c.reports).order_by(events.c.id)).all()
            assert (
                conn.scalar(select(event_reports.c.event_id).where(event_reports.c.article_id == "outlet4"))
                == 1
            )
        assert [tuple(r) for r in rows] == [("2020-12-08", 5), ("2021-01-10", 1)]
        assert store.count("events") == 2 and store.count("event_reports") == 6


def test_ingesting_twice_leaves_one_copy_of_everything(db_url):
    rouhani = person("e1", "Hassan Rouhani", "IRN", "GOV", "President")
    mekdad = person("e2", "Faisal al-Mekdad", "SYR", "GOV", "Foreign Minister")
    batch = [
        article(
            "a1",
            "2020-12-08",
            [rouhani, mekdad],
            [meeting("v1", "2020-12-08", rouhani, mekdad)],
            [Quote("We stand together.", 0, 5, "direct", "Hassan Rouhani", "e1", "he", "said")],
        )
    ]
    with Store(db_url) as store:
        assert store.add(batch) == 1
        assert store.add(batch) == 0
        counts = {t: store.count(t) for t in ("articles", "actors", "events", "event_reports", "quotes")}
        assert store.add(batch, replace=True) == 1
        assert (
            {t: store.count(t) for t in counts}
            == counts
            == {"articles": 1, "actors": 2, "events": 1, "event_reports": 1, "quotes": 1}
        )


def test_a_merge_can_be_undone_and_the_events_follow(db_url):
    rouhani = person("e1", "Hassan Rouhani", "IRN", "GOV", "President")
    mekdad = person("e2", "Faisal al-Mekdad", "SYR", "GOV", "Foreign Minister")
    other = person("e2", "Fayssal Mekdad", "SYR", "GOV")
    with Store(db_url) as store:
        store.add(
            [
                article(
                    "a1", "2020-12-08", [rouhani, mekdad], [meeting("v1", "2020-12-08", rouhani, mekdad)]
                ),
                article("a2", "2020-12-08", [rouhani, other], [meeting("v1", "2020-12-08", rouhani, other)]),
            ]
        )
        assert store.count("actors") == 2 and store.count("events") == 1
        with store.engine.begin() as conn:
            link = conn.execute(
                select(actor_links).where(actor_links.c.article_id == "a2", actor_links.c.entity_id == "e2")
            ).one()
            assert link.method == "variant"
            new_id = kb.unmerge(conn, link.id)
        assert store.count("actors") == 3 and store.count("events") == 2
        with store.engine.begin() as conn:
            keep = conn.scalar(select(actors.c.id).where(actors.c.name == "Faisal al-Mekdad"))
            kb.merge(conn, keep, new_id)
        assert store.count("actors") == 2 and store.count("events") == 1


def seen(store, name):
    with store.engine.connect() as conn:
        row = conn.execute(select(actors).where(actors.c.name == name)).one()
    return row.first_seen, row.last_seen


def test_first_and_last_seen_follow_unmerge_merge_and_replace(db_url):
    mekdad = person("e2", "Faisal al-Mekdad", "SYR", "GOV", "Foreign Minister")
    variant = person("e2", "Fayssal Mekdad", "SYR", "GOV")
    nobody = person("e9", "Someone Else", "FRA", "GOV")
    with Store(db_url) as store:
        store.add([article("a1", "2020-12-08", [mekdad]), article("a2", "2021-03-01", [variant])])
        assert seen(store, "Faisal al-Mekdad") == ("2020-12-08", "2021-03-01")
        with store.engine.begin() as conn:
            link = conn.execute(select(actor_links).where(actor_links.c.article_id == "a2")).one()
            new_id = kb.unmerge(conn, link.id)
        assert seen(store, "Faisal al-Mekdad") == ("2020-12-08", "2020-12-08")
        assert seen(store, "Fayssal Mekdad") == ("2021-03-01", "2021-03-01")
        with store.engine.begin() as conn:
            keep = conn.scalar(select(actors.c.id).where(actors.c.name == "Faisal al-Mekdad"))
            kb.merge(conn, keep, new_id)
        assert seen(store, "Faisal al-Mekdad") == ("2020-12-08", "2021-03-01")
        store.add([article("a2", "2021-03-01", [nobody])], replace=True)
        assert seen(store, "Faisal al-Mekdad") == ("2020-12-08", "2020-12-08")


def test_replacing_an_article_drops_what_only_it_reported(db_url):
    rouhani = person("e1", "Hassan Rouhani", "IRN", "GOV", "President")
    mekdad = person("e2", "Faisal al-Mekdad", "SYR", "GOV", "Foreign Minister")
    with Store(db_url) as store:
        store.add(
            [article("a1", "2020-12-08", [rouhani, mekdad], [meeting("v1", "2020-12-08", rouhani, mekdad)])]
        )
        store.add([article("a1", "2020-12-08", [rouhani])], replace=True)
        assert store.count("events") == 0 and actor_names(store) == ["Hassan Rouhani"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-12-08", ("2020-12-08", "2020-12-08")),
        ("2020-02", ("2020-02-01", "2020-02-29")),
        ("2021", ("2021-01-01", "2021-12-31")),
        (None, (None, None)),
        ("PRESENT_REF", (None, None)),
    ],
)
def test_event_dates_become_day_ranges(value, expected):
    assert kb.day_range(value) == expected


def test_a_participant_named_only_by_surname_is_the_article_entity_s_actor(db_url):
    wanjiru = person("e1", "Amina Wanjiru", "KEN", "GOV", "Foreign Minister")
    condemned = Event(
        "v1",
        "ACCUSE",
        "Wanjiru condemned the killings.",
        0,
        10,
        0.8,
        None,
        [Participant("Wanjiru", None, "KEN", "GOV")],
        [],
        "2023-03-14",
        None,
        None,
    )
    with Store(db_url) as store:
        store.add([article("a1", "2023-03-14", [wanjiru], [condemned])])
        assert actor_names(store) == ["Amina Wanjiru"]
        with store.engine.connect() as conn:
            assert conn.scalar(select(events.c.actor_key)) == "1"
