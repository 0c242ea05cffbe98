"""The time stage: TIMEX3 expressions found in news text and resolved against the publication date."""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import pytest

from dateline.records import Article
from dateline.time import candidate_starts, find_timexes, resolve, timex_dict, timexes_in
from dateline.time.grammar import COMBINED

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TUESDAY = "2020-12-08"  # a Tuesday


def value(expr: str, ref: str | None = TUESDAY) -> str | None:
    t = resolve(expr, ref)
    assert t is not None, f"nothing found in {expr!r}"
    return t.value


def only(text: str, ref: str | None = TUESDAY) -> dict:
    found = timexes_in(text, ref)
    assert len(found) == 1, found
    return timex_dict(found[0])


@pytest.fixture(scope="module")
def nlp():
    from dateline import nlp as backbone

    try:
        return backbone.load()
    except backbone.ModelNotFound:
        pytest.skip("no spaCy model installed")


# ------------------------------------------------------------------ weekdays and tense


def test_bare_weekday_is_the_most_recent_one_publication_day_included():
    assert value("The minister spoke on Tuesday.") == "2020-12-08"
    assert value("The minister spoke on Monday.") == "2020-12-07"
    assert value("The minister spoke on Wednesday.") == "2020-12-02"


def test_future_tense_turns_a_bare_weekday_forward():
    assert value("The minister will speak on Friday.") == "2020-12-11"
    assert value("Talks are due to resume on Thursday.") == "2020-12-10"


def test_next_and_last_weekday_skip_the_publication_day():
    assert value("next Tuesday") == "2020-12-15"
    assert value("last Tuesday") == "2020-12-01"
    assert value("last Friday") == "2020-12-04"


def test_weekday_tense_is_read_from_the_parse_when_a_doc_is_given(nlp):
    text = "The envoy arrived on Friday, and the committee will vote on Friday."
    found = find_timexes(Article(id="a", text=text, published=TUESDAY), nlp(text))
    assert [t.value for t in found] == ["2020-12-04", "2020-12-11"]


def test_part_of_day_after_a_weekday_gives_a_time_value():
    t = only("The delegation landed on Sunday evening.")
    assert (t["text"], t["type"], t["value"]) == ("Sunday evening", "TIME", "2020-12-06TEV")


def test_late_on_a_weekday_keeps_the_day_and_marks_the_end():
    t = only("Late on Monday the ceasefire collapsed.")
    assert (t["text"], t["value"], t["mod"]) == ("Late on Monday", "2020-12-07", "END")


def test_last_night_is_the_night_before_publication():
    t = only("Shelling was heard last night.")
    assert (t["type"], t["value"]) == ("TIME", "2020-12-07TNI")


def test_today_yesterday_tomorrow():
    assert value("today") == "2020-12-08"
    assert value("yesterday") == "2020-12-07"
    assert value("the day after tomorrow") == "2020-12-10"


# ------------------------------------------------------------------ months, days, years


def test_year_less_month_after_publication_belongs_to_the_previous_year():
    assert value("Prices rose sharply in October.", "2020-02-10") == "2019-10"
    assert value("Prices rose sharply in August.", "2020-02-10") == "2019-08"


def test_year_less_month_a_few_weeks_ahead_is_the_coming_one():
    # measured on TempEval-3: months and days up to about two months ahead are nearly always the coming
    # ones, even in past-tense clauses ("the board set the vote for March")
    assert value("The board set the vote for March.", "2020-02-10") == "2020-03"


def test_year_less_month_in_a_future_clause_stays_ahead():
    assert value("Elections will be held in October.", "2020-02-10") == "2020-10"
    assert value("Elections will be held in January.", "2020-11-10") == "2021-01"


def test_year_less_day_just_ahead_of_publication_is_the_coming_one():
    assert value("The offer was extended to Dec. 20.", TUESDAY) == "2020-12-20"
    assert value("The envoy left on November 27.", TUESDAY) == "2020-11-27"


def test_late_in_a_month_is_that_month_with_mod_end():
    t = only("The deal was signed late in November.")
    assert (t["text"], t["value"], t["mod"]) == ("late in November", "2020-11", "END")


def test_explicit_dates_ignore_the_reference():
    assert value("on 4 July 1976") == "1976-07-04"
    assert value("March 3, 1492") == "1492-03-03"
    assert value("June 5, 2150") == "2150-06-05"
    assert value("Saturday, April 25, 2015") == "2015-04-25"


def test_weekday_with_a_year_less_date_picks_the_year_where_they_agree():
    assert value("Friday, Jan. 3", "2020-12-08") == "2020-01-03"


def test_may_the_verb_and_may_the_name_are_not_months():
    assert timexes_in("Officials may resign, said Theresa May.", TUESDAY) == []
    assert value("The vote was held in May.") == "2020-05"


def test_relative_years_weeks_months():
    assert value("earlier this year") == "2020"
    assert value("last year") == "2019"
    assert value("next month") == "2021-01"
    assert value("this week") == "2020-W50"
    assert value("last week") == "2020-W49"
    assert value("the weekend", "2020-12-07") == "2020-W49-WE"


def test_quarter_ended_on_a_date_is_the_quarter_that_date_closes():
    found = timexes_in("Profit rose in the quarter ended Sept. 30.", "1999-11-02")
    assert [t.value for t in found] == ["1999-Q3", "1999-09-30"]


def test_time_words_inside_names_are_not_expressions():
    assert timexes_in("She told USA Today and the Daily Mail about it.", TUESDAY) == []
    assert value("Today the talks resumed.") == "2020-12-08"
    assert value("The talks resumed today.") == "2020-12-08"


def test_weekend_just_past_and_coming():
    assert value("Protests spread over the weekend.", "2020-12-08") == "2020-W49-WE"
    assert value("this weekend", "2020-12-08") == "2020-W50-WE"


def test_quarter_codes():
    assert value("Q3 2020") == "2020-Q3"
    assert value("H1 2020") == "2020-H1"
    assert value("the past two quarters") == "P2Q"


def test_quarters_halves_decades_centuries_seasons():
    assert value("in the third quarter") == "2020-Q3"
    assert value("the first half of 2019") == "2019-H1"
    assert value("in the 1990s") == "199"
    assert value("the late 1970s") == "197"
    assert value("the 1800s") == "18"
    assert value("the 20th century") == "19"
    assert value("last summer") == "2020-SU"
    assert value("this winter", "2021-01-10") == "2020-WI"


def test_ago_counts_back_from_publication():
    assert value("three years ago") == "2017"
    assert value("two months ago") == "2020-10"
    assert value("five days ago") == "2020-12-03"
    assert value("years ago") == "PAST_REF"


# ------------------------------------------------------------------ durations, fuzzy references, sets


def test_durations_follow_timeml():
    assert only("sanctions in the last three years")["value"] == "P3Y"
    assert only("a five-year plan")["value"] == "P5Y"
    assert only("talks lasted 2 1/2 years")["value"] == "P2Y6M"
    assert only("within half an hour")["value"] == "PT30M"
    t = only("more than four hours")
    assert (t["type"], t["value"], t["mod"]) == ("DURATION", "PT4H", "MORE_THAN")


def test_ages_are_not_durations():
    assert timexes_in("A 6-year-old boy and his 40 years old father were found.", TUESDAY) == []


def test_fuzzy_references():
    assert value("The region is now calm.") == "PRESENT_REF"
    assert value("Tensions have risen in recent years.") == "PAST_REF"
    assert value("Relations may improve in the near future.") == "FUTURE_REF"


def test_sets():
    assert value("The ministry reports daily.") == "P1D"
    assert value("They meet every Thursday.") == "XXXX-WXX-4"
    assert value("twice a year") == "P1Y"


# ------------------------------------------------------------------ honest failure


def test_world_knowledge_gives_a_null_value():
    assert value("last Ramadan") is None
    assert value("the 2024 election") is None
    assert value("the day after the vote") is None


def test_anaphora_without_an_anchor_is_null_not_today():
    assert value("the next day") is None
    assert value("that day") is None


def test_anaphora_uses_the_last_date_mentioned():
    found = timexes_in("The treaty was signed on March 3, 1998. The next day, fighting resumed.", TUESDAY)
    assert [t.value for t in found] == ["1998-03-03", "1998-03-04"]


def test_without_a_reference_relative_expressions_are_null_and_absolute_ones_resolve():
    assert value("on Tuesday", None) is None
    assert value("November 27", None) is None
    assert value("November 27, 2019", None) == "2019-11-27"
    assert value("today", "not a date") is None


def test_holidays_with_a_rule_resolve():
    assert value("Christmas Day 2019") == "2019-12-25"
    assert value("Easter 2021") == "2021-04-04"
    assert value("Thanksgiving 2020") == "2020-11-26"


# ------------------------------------------------------------------ bad inputs


def test_reference_formats():
    assert value("today", "2020-12-08T16:12:00+03:30") == "2020-12-08"
    assert value("today", "2019-05-03 14:00:00Z") == "2019-05-03"
    assert value("yesterday", "2020-12-08T00:30:00-05:00") == "2020-12-07"


def test_reference_on_29_february():
    assert value("a year ago", "2020-02-29") == "2019"
    assert value("yesterday", "2020-02-29") == "2020-02-28"
    assert value("next month", "2020-02-29") == "2020-03"
    assert value("February 29", "2021-03-01") == "2020-02-29"


def test_dates_at_the_edges_of_the_calendar_are_null_not_errors():
    assert value("tomorrow", "9999-12-31") is None
    assert value("yesterday", "0001-01-01") is None
    assert value("10000 years ago") is None
    assert value("999999999999999999 years ago") is None
    assert value("Feb. 30, 2020") is None
    assert value("2020-02-30") is None
    assert resolve("25:99 p.m.", TUESDAY) is None


def test_a_long_expression_is_fast():
    text = ("late on the evening of Monday " * 80)[:2000]
    start = time.perf_counter()
    found = timexes_in(text, TUESDAY)
    assert time.perf_counter() - start < 1.0
    assert all(t.value in (None, "2020-12-07TEV", "2020-12-07") for t in found)


def test_text_of_month_names_only():
    months = "January February March April May June July August September October November December "
    text = months * 200
    start = time.perf_counter()
    found = timexes_in(text, "2020-02-29")
    assert time.perf_counter() - start < 2.0
    assert found and all(t.value is None or t.value[:4] in ("2019", "2020") for t in found)


def test_a_long_paragraph_takes_linear_time():
    para = "The minister said on Monday that the talks, which began three years ago, would resume. " * 3000
    start = time.perf_counter()
    found = timexes_in(para, TUESDAY)
    assert time.perf_counter() - start < 5.0
    assert len(found) == 6000


def test_repeated_number_words_do_not_backtrack():
    start = time.perf_counter()
    assert timexes_in("one " * 20000, TUESDAY) == []
    assert time.perf_counter() - start < 3.0


def test_the_word_filter_misses_no_expression_the_grammar_would_find():
    text = (
        "The end of the month came. At least the past 18 months, the wake of the storm, right now, "
        "these days, a little over two years, the very same day, the year-ago quarter, the comparable "
        "period, "
        "'80s music, 5 p.m. EST Nov. 9, mid-afternoon yesterday and Dec. 25 all count."
    )
    full, pos = [], 0
    while (m := COMBINED.search(text, pos)) is not None:
        full.append(m.start())
        pos = m.start() + 1
    assert set(full) <= set(candidate_starts(text))


# ------------------------------------------------------------------ the library call


def test_resolve_returns_the_longest_expression_and_json():
    t = resolve("late on Monday", "2020-12-08")
    assert t is not None
    assert timex_dict(t) == {
        "text": "late on Monday",
        "start": 0,
        "end": 14,
        "type": "DATE",
        "value": "2020-12-07",
        "mod": "END",
    }
    assert resolve("nothing temporal here", "2020-12-08") is None


def test_find_timexes_works_without_a_doc():
    article = Article(id="x", text="Talks resumed on Monday.", published=TUESDAY)
    assert [t.value for t in find_timexes(article, None)] == ["2020-12-07"]


# ------------------------------------------------------------------ gates on the shared dev data


def _load_scorer():
    spec = importlib.util.spec_from_file_location("dateline_shared_score", SHARED / "eval" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="shared seed data absent")
def test_seed_article_timexes_all_found_with_right_values(nlp):
    gold = json.loads((SHARED / "seed" / "tehran-times-2020-12-08.gold.json").read_text(encoding="utf-8"))
    text = (SHARED / "seed" / "tehran-times-2020-12-08.txt").read_text(encoding="utf-8")
    found = find_timexes(Article(id="seed", text=text, published="2020-12-08T16:12:00+03:30"), nlp(text))
    for g in gold["timexes"]:
        if g.get("required", True) is False:
            continue
        ok = {g["value"], *g.get("value_also_ok", [])}
        words = g["text"].lower().split()
        hits = [t for t in found if any(w in t.text.lower() for w in words) and t.value in ok]
        assert hits, f"{g['text']!r} -> {g['value']} not found"
        if g.get("mod"):
            assert any(t.mod == g["mod"] for t in hits)


@pytest.mark.slow
@pytest.mark.skipif(
    not (SHARED / "eval" / "time" / "tempeval3-train.jsonl").is_file(), reason="shared TempEval data absent"
)
def test_tempeval3_gate(nlp):
    """The accuracy floor on TempEval-3 (TimeBank + AQUAINT); raise it as the stage improves."""
    scorer = _load_scorer()
    path = SHARED / "eval" / "time" / "tempeval3-train.jsonl"
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = []
    for g, doc in zip(gold, nlp.pipe(g["text"] for g in gold), strict=True):
        article = Article(id=g["id"], text=g["text"], published=g["published"])
        preds.append(
            {"id": g["id"], "text": g["text"], "timexes": [timex_dict(t) for t in find_timexes(article, doc)]}
        )
    figures, _ = scorer.score_time([(g["id"], g) for g in gold], preds)
    assert figures["relaxed"]["f1"] >= 0.93
    assert figures["value_accuracy"] >= 0.845
    assert figures["value_f1"] >= 0.79
