"""Extraction: clean articles from plain text and saved pages, furniture gone, structure kept."""

from __future__ import annotations

import pytest

from dateline.errors import BadInput
from dateline.extract import NoArticle, extract
from dateline.extract.boilerplate import is_furniture
from dateline.extract.dateline import split_dateline
from dateline.extract.dates import normalize_date, parse_date_line
from dateline.records import RawDocument

PLAIN = """Ministers agree on a new river treaty

May 3, 2022 - 09:05

CAIRO — Egypt's water minister met his Sudanese counterpart on Monday to sign a treaty on the Nile.

"This is a good day for both nations," the minister said.

Talks on the dam

The two men also discussed the dam, officials said.

Leave a Comment

3 + 4 =
"""


def test_plain_text_title_date_dateline_subheading_and_body():
    a = extract(RawDocument(text=PLAIN))
    assert a.title == "Ministers agree on a new river treaty"
    assert a.published == "2022-05-03T09:05"
    assert a.dateline == "CAIRO"
    assert a.subheadings == ["Talks on the dam"]
    assert a.text.startswith("Egypt's water minister met")
    assert a.text.endswith("officials said.")
    assert "Leave a Comment" not in a.text and "3 + 4" not in a.text and "Talks on the dam" not in a.text


def test_plain_text_without_date_line_keeps_first_paragraph():
    a = extract(RawDocument(text="A headline\n\nThe first paragraph is here.\n\nThe second one."))
    assert a.title == "A headline" and a.published is None
    assert a.text == "The first paragraph is here.\n\nThe second one."


def test_plain_text_lines_without_blank_lines_are_paragraphs():
    a = extract(RawDocument(text="Headline\nFirst sentence here.\nSecond sentence here."))
    assert a.text == "First sentence here.\n\nSecond sentence here."


def test_jsonl_text_is_kept_to_the_character_and_dateline_is_read():
    text = "TEHRAN — The minister arrived.\n\n  Leave a Comment  "
    a = extract(RawDocument(id="x", text=text, verbatim=True, published="2020-12-08"))
    assert a.text == text and a.id == "x" and a.dateline == "TEHRAN" and a.published == "2020-12-08"


def test_text_that_is_only_furniture_is_no_article():
    with pytest.raises(NoArticle):
        extract(RawDocument(text="Title\n\nLeave a Comment\n\n6 + 7 ="))


def test_no_article_is_a_bad_input_value_error():
    assert issubclass(NoArticle, ValueError)
    assert issubclass(BadInput, ValueError)


@pytest.mark.parametrize(
    ("paragraph", "place", "rest"),
    [
        ("ANKARA — President Selin Kaya spoke.", "ANKARA", "President"),
        ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON", "The"),
        ("Moscow, Dec 8 (Reuters) - Russia said.", "Moscow", "Russia"),
        ("NEW YORK—Stocks rose.", "NEW YORK", "Stocks"),
        ("MADRID —Spanish police said.", "MADRID", "Spanish"),
        ("KYIV, Ukraine (AP) — Russian forces moved.", "KYIV, Ukraine", "Russian"),
        ("BEIJING, Nov 19 (Reuters) - China warned.", "BEIJING", "China"),
    ],
)
def test_datelines_in_their_usual_shapes(paragraph, place, rest):
    found, offset = split_dateline(paragraph)
    assert found == place
    assert paragraph[offset:].startswith(rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "The man - who was there - left.",
        "UPDATE — the story changed.",
        "NATO — the alliance said.",
        "US: thing",
        "A — b",
    ],
)
def test_sentences_that_are_not_datelines(paragraph):
    assert split_dateline(paragraph) == (None, 0)


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Comment",
        "6 + 7 =",
        "Share this article",
        "Follow us on Twitter",
        "Sign up for our newsletter",
        "Related:",
        "Read more: Another story here",
        "© 2024 The Paper. All rights reserved.",
        "Comments (12)",
        "Click here to subscribe",
        "(Reporting by Jane Doe; editing by John Roe)",
        "The day's best stories, delivered to your inbox every morning. See all newsletters.",
        "By signing up you agree to our Terms of Use and Privacy Policy.",
    ],
)
def test_furniture_lines(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "More than 50 people died in the attack.",
        "Share prices fell sharply on Monday after the report.",
        "The minister said the comments were false.",
        "Related talks will be held in June, officials said.",
        "The ministry will publish a newsletter.",
        "By signing up for the scheme, farmers agreed to plant trees on a tenth of their land.",
    ],
)
def test_article_sentences_are_not_furniture(line):
    assert not is_furniture(line)


def test_date_lines_and_metadata_dates():
    assert parse_date_line("March 14, 2021 - 08:47") == "2021-03-14T08:47"
    assert parse_date_line("Published: Tue., Nov. 19, 2019") == "2019-11-19"
    assert parse_date_line("Okafor arrived in Lagos on Sunday") is None
    assert normalize_date("2019-11-19T10:00:00-05:00") == "2019-11-19T10:00-05:00"
    assert normalize_date("2019-11-19T10:00:00Z") == "2019-11-19T10:00+00:00"
    assert normalize_date("not a date") is None
    assert normalize_date("0001-01-01T00:00:00") is None


def test_a_year_or_month_keeps_its_precision():
    assert normalize_date("2020") == "2020"
    assert normalize_date("2020-12") == "2020-12"
    assert normalize_date("2020-13") is None and normalize_date("0999") is None


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Rivers run dry | Daily Example</title>
<meta property="og:title" content="Rivers run dry across the region">
<meta property="article:published_time" content="2023-08-01T07:30:00+03:00">
<meta name="author" content="By Sam Lee and Ana Ruiz">
</head><body>
<nav><a href="/">Home</a><a href="/news">News</a></nav>
<article>
<h1>Rivers run dry across the region</h1>
<p>AMMAN — The Jordan river fell to its lowest level in decades this summer, officials said on Tuesday,
as a heat wave dried up streams across the region and farmers reported losses.</p>
<p>"We have never seen it this low," said a hydrologist at the water ministry, who asked not to be named
because she was not allowed to speak to reporters.</p>
<h2>Farmers count losses</h2>
<p>Farmers in the valley said they had lost half of their crops, and some said they would leave the land
for good if the government did not help them soon.</p>
<p>The ministry said it would send water trucks to the worst-hit villages next week and study new wells.</p>
<p>Share this article</p>
</article>
<div class="related"><h3>Related</h3><ul><li><a href="/x">Heat wave grips the region</a></li></ul></div>
<div id="comments"><h3>Leave a Reply</h3><p>6 + 7 =</p></div>
<footer><p>© 2023 Daily Example. All rights reserved.</p></footer>
</body></html>"""


def test_html_page_metadata_structure_and_no_furniture():
    a = extract(RawDocument(html=PAGE, url="https://daily.example/rivers"))
    assert a.title == "Rivers run dry across the region"
    assert a.published == "2023-08-01T07:30+03:00"
    assert a.authors == ["Sam Lee", "Ana Ruiz"]
    assert a.dateline == "AMMAN"
    assert a.subheadings == ["Farmers count losses"]
    assert a.text.startswith("The Jordan river fell")
    assert "worst-hit villages" in a.text
    for furniture in (
        "Share this article",
        "Leave a Reply",
        "6 + 7",
        "All rights reserved",
        "Heat wave grips",
    ):
        assert furniture not in a.text


def test_html_json_ld_wins_for_title_date_and_authors():
    page = PAGE.replace(
        "</head>",
        '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",'
        '"headline":"The JSON-LD headline","datePublished":"2023-08-02T10:00:00Z",'
        '"author":[{"@type":"Person","name":"Kim Park"}]}]}</script></head>',
    )
    a = extract(RawDocument(html=page))
    assert a.title == "The JSON-LD headline"
    assert a.published == "2023-08-02T10:00+00:00"
    assert a.authors == ["Kim Park"]


def test_html_dateline_in_its_own_element_is_not_glued_to_the_body():
    page = PAGE.replace("<p>AMMAN — The Jordan", '<p><span class="dateline">AMMAN</span>The Jordan')
    a = extract(RawDocument(html=page))
    assert "AMMANThe" not in a.text


def test_html_without_article_text_is_no_article():
    with pytest.raises(NoArticle):
        extract(RawDocument(html="<html><body><nav><a href='/'>Home</a></nav></body></html>"))


def test_html_main_text_made_of_menu_lines_is_a_link_list():
    from dateline.extract.html import _is_link_list
    from dateline.extract.paragraphs import Block

    menu = [Block("\n".join(f"Section {i}" for i in range(40)))]
    article = [
        Block("The council voted on Tuesday to close the old bridge to lorries from next spring."),
        Block(
            "\n".join("Residents said the detour would add twenty minutes to every trip." for _ in range(20))
        ),
    ]
    assert _is_link_list(menu)
    assert not _is_link_list(article)
    assert not _is_link_list([Block("Home\nNews\nSport")])  # too few lines to tell


def test_html_paragraph_held_by_a_heading_element_above_the_first_paragraph_is_kept():
    from dateline.extract.paragraphs import Block, clean_body

    long = (
        "The new tablet is the cheapest it has been this year, and the shop says the price holds until "
        "Sunday, when the holiday sales end and the usual price of the model comes back for everyone."
    )
    blocks = [
        Block("A headline repeated on the page", heading=True),
        Block("Phone deal of the week\nShort line under it", heading=True),
        Block("Tablet deal of the week\n" + long, heading=True),
        Block("The phones come in three colours and ship within two days of the order."),
    ]
    body = clean_body(blocks, guess_headings=False)
    assert body.paragraphs[0] == long
    assert "Short line under it" not in body.text
    assert "Tablet deal of the week" not in body.text


def test_html_capitals_line_between_paragraphs_is_kept_as_a_subheading_or_text():
    from dateline.extract.paragraphs import Block, clean_body

    blocks = [
        Block("The debate opens tonight in the capital, and seven candidates will share the stage."),
        Block("THE FIELD AFTER THE SUMMER"),
        Block("Polls put the former governor ahead by a few points among likely voters."),
        Block("WHO WILL SPEAK FIRST?"),
        Block("Lots were drawn on Monday."),
        Block("The parser accepts these encodings:"),
        Block("- UTF-8\n- UTF-16\n- ISO-8859-1"),
        Block("Any other name is handed to the callback."),
        Block("NASA ข่าวจาก วันนี้มีฝน"),  # Thai: "news from NASA: rain today"
        Block("The last paragraph closes the story."),
    ]
    body = clean_body(blocks, guess_headings=False)
    assert body.subheadings == ["THE FIELD AFTER THE SUMMER"]
    assert "WHO WILL SPEAK FIRST?" in body.paragraphs
    assert "- UTF-8\n- UTF-16\n- ISO-8859-1" in body.paragraphs
    assert any("NASA" in p for p in body.paragraphs)  # a Thai line with an acronym is not in capitals
