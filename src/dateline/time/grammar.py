"""The regular grammar of English time expressions, compiled once at import.

Each rule is a regex over the raw text (case-insensitive, built from the lexicon) and a kind that
tells the normaliser how to read it. One combined regex finds where some rule starts; at that
position every rule is tried and the longest match that its normaliser accepts wins
(leftmost-longest), so the text is scanned once and the work per expression is constant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateline.time.lexicon import alternation, load

L = load()

FULL_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_ABBR_MONTHS = [m for m in L.months if m not in FULL_MONTHS]
MONTH = rf"(?:{alternation(FULL_MONTHS)}(?!\w)|{alternation(_ABBR_MONTHS)}(?:\.|(?!\w)))"
MONTH_FULL = rf"{alternation(FULL_MONTHS)}(?!\w)"
WEEKDAY = rf"{alternation(list(L.weekdays))}(?!\w)"
WEEKDAYS_PL = rf"{alternation(list(L.weekdays))}s(?!\w)"
DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w%]|[.,:]\d)"
ORDW = rf"{alternation(list(L.ordinals))}(?!\w)"
YEAR4 = r"(?:1\d{3}|2\d{3})(?!\w|[.,:/]\d)"
_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SPOKEN_TAIL = (
    rf"(?:{alternation(_TENS)}(?:[\s-]+{alternation(_ONES)})?|{alternation(TEENS)}|"
    rf"oh[\s-]+{alternation(_ONES)}|hundred)(?!\w)"
)
SPOKEN_YEAR = (
    rf"(?:(?:nineteen|eighteen|twenty)[\s-]+{_SPOKEN_TAIL}|"
    rf"two\s+thousand(?:\s+and)?(?:[\s-]+(?:{alternation(_TENS)}(?:[\s-]+{alternation(_ONES)})?|"
    rf"{alternation(TEENS)}|{alternation(_ONES)}))?(?!\w))"
)
_NUMWORD = alternation(
    [w for w in L.numbers if " " not in w and w not in ("a", "an")] + ["hundred", "thousand"]
)
NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+\d/\d)?|"
    rf"{alternation([w for w in L.numbers if ' ' in w])}|{alternation(sorted(L.vague_numbers))}|"
    rf"(?:{_NUMWORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMWORD})){{0,4}}|an?)(?!\w)"
)
_UNIT_SG = [u for u in L.units if u not in ("centurie", "millennia")]
_UNIT_PL = [u + "s" for u in L.units if u not in ("millennium", "millennia", "centurie")] + [
    "centuries",
    "millennia",
]
UNIT_SG = rf"{alternation(_UNIT_SG)}(?!\w)"
UNIT_PL = rf"{alternation(_UNIT_PL)}(?!\w)"
UNIT = rf"(?:{alternation(_UNIT_SG + _UNIT_PL)})(?!\w)"
CAL_UNIT = (
    r"(?:week|weekend|month|year|quarter|decade|century|day|fiscal\s+year|calendar\s+year|"
    r"financial\s+year|school\s+year)(?!\w|-\w)"
)
POD = alternation(list(L.parts_of_day))
SEASON = alternation(list(L.seasons))
TZ = alternation(list(L.timezones))
HOLIDAY = alternation(list(L.holidays_fixed) + list(L.holidays_computed) + list(L.holidays_unresolvable))
EVENT = alternation(list(L.event_nouns))
FUZZY = alternation(list(L.fuzzy))
QUANT = (
    r"(?:around|approximately|roughly|some|nearly|almost|more\s+than|less\s+than|"
    r"at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|not\s+more\s+than|"
    r"fewer\s+than|a\s+little\s+over|a\s+little\s+more\s+than|well\s+over|"
    r"the\s+better\s+part\s+of|the\s+best\s+part\s+of|upwards\s+of|close\s+to)(?!\s+the\b)"
)
#: Prefixes that set a TIMEX3 mod: "late in November", "the end of 1990", "mid-November".
PRE = (
    r"(?:(?:(?:the\s+)?(?:very\s+)?(?:early|earlier|late|later|mid)(?:\s+(?:in|on|during))?|"
    r"(?:the\s+)?(?:very\s+)?(?:middle|end|beginning|start|close|turn|dawn|first\s+half|second\s+half|"
    r"last\s+half|latter\s+half|latter\s+part|early\s+part|first\s+part|rest|remainder|balance|"
    r"first\s+days?|last\s+days?|final\s+days?)\s+of)"
    r"(?:\s+the(?=\s+(?:week|month|year|day|decade|century|quarter)))?[\s-]+)"
)
DET_REL = (
    r"(?:this\s+past|this\s+coming|the\s+past|the\s+coming|the\s+next|the\s+following|the\s+previous|"
    r"the\s+preceding|the\s+last|the\s+latest|the\s+current|the\s+present|the\s+same|the\s+very\s+same|"
    r"the\s+prior|the\s+full|the\s+entire|the\s+whole|this|last|next|past|coming|previous|current|following|"
    r"preceding|that|same|the|its|their|this\s+year's|last\s+year's|next\s+year's)"
)
DET_NAME = (
    r"(?:this\s+past|this\s+coming|the\s+coming|the\s+past|the\s+previous|the\s+following|the\s+next|"
    r"this|last|next|coming|past)"
)
CLOCK = (
    r"(?:\d{1,2}(?::[0-5]\d)?\s*(?:a\.\s?m\.?|p\.\s?m\.?|am|pm)(?!\w)|\d{1,2}:[0-5]\d(?![\d:])|"
    r"noon|midnight|\d{1,2}\s+o'clock|\d{1,2}\s+in\s+the\s+(?:morning|afternoon|evening|night))"
)
DAYPART_AFTER_CLOCK = (
    rf"(?:{WEEKDAY}(?:\s*,?\s*{MONTH}\s*{DAYNUM}(?:\s*,?\s*{YEAR4})?)?|today|tomorrow|yesterday|tonight|"
    rf"{MONTH}\s*{DAYNUM}(?:\s*,?\s*{YEAR4})?)"
)


@dataclass(frozen=True)
class Rule:
    kind: str
    regex: re.Pattern[str]


_RULE_SOURCES: list[tuple[str, str]] = [
    # Dates with a day of the month: "Sunday, April 25", "Nov. 27, 2020", "8 December 2020".
    (
        "absdate",
        rf"(?:{PRE})?(?:{DET_NAME}\s+)?(?:{WEEKDAY}\s*,?\s+(?:the\s+)?)?(?:{MONTH}\s*(?:{DAYNUM}|(?:the\s+)?{ORDW})|"
        rf"(?:the\s+)?(?:{DAYNUM}|{ORDW})(?:\s+(?:day\s+)?of)?\s+{MONTH})"
        rf"(?:\s*,?\s*(?:{YEAR4}|{SPOKEN_YEAR}))?",
    ),
    ("isodate", r"\d{4}-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?)?(?![\d-])"),
    ("slashdate", r"(?<![\d/])[01]?\d/[0-3]?\d/(?:\d{4}|\d{2})(?![\d/])"),
    # Months: "July 1997", "January this year", "late in November", "last April".
    (
        "month",
        rf"(?:{PRE})?(?:{DET_NAME}\s+)?{MONTH}(?:\s*,?\s*(?:of\s+)?(?:{YEAR4}|{SPOKEN_YEAR}|'\d\d(?!\w))|"
        rf"\s+(?:of\s+)?(?:this|last|next)\s+year)?",
    ),
    # Weekdays: "on Tuesday", "Sunday evening", "late on Monday", "last Friday", "Friday's".
    (
        "weekday",
        rf"(?:{PRE})?(?:{DET_NAME}\s+)?{WEEKDAY}(?:\s+(?:{POD})(?!\w))?",
    ),
    # Today and its neighbours, parts of day: "yesterday morning", "last night", "this evening".
    (
        "deictic",
        rf"(?:{PRE})?(?:the\s+day\s+(?:before|after)\s+)?(?:today|tomorrow|yesterday|tonight)(?!\w)(?!['’]s)"
        rf"(?:\s+(?:{POD})(?!\w))?",
    ),
    (
        "partofday",
        rf"(?:{PRE})?(?:this|last|tomorrow|yesterday|that|the\s+next|the\s+following|the\s+previous|"
        rf"early|late)\s+(?:{POD})(?!\w)|(?:{PRE})?overnight(?!\w)|"
        rf"(?:{PRE})?(?:{POD})(?:\s+(?:on\s+)?(?:today|tomorrow|yesterday|{WEEKDAY}))|"
        rf"mid[\s-]*(?:morning|afternoon)(?!\w)",
    ),
    # Clock times: "10:35 a.m.", "around 7:15 p.m.", "noon Thursday", "5 p.m. EST Nov. 9".
    (
        "clock",
        rf"(?:(?:around|approximately|roughly|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
        rf"{CLOCK}(?:\s+{TZ}(?!\w))?(?:(?:\s+|\s*,\s*)(?:on\s+)?{DAYPART_AFTER_CLOCK})?",
    ),
    # Business quarters and halves: "the third quarter", "third-quarter", "the year-ago quarter", "Q3 2020".
    (
        "quarter",
        rf"(?:(?:the|this\s+year's|last\s+year's|next\s+year's|{YEAR4}'s)\s+"
        rf"(?!(?:fiscal[\s-]+)?(?:first|second|third|fourth)-quarter))?"
        rf"(?:(?:fiscal|calendar|latest|current|recent|comparable|same|year-ago|year-earlier|year\s+ago|"
        rf"year\s+earlier|previous|prior|final|last|first|second|third|fourth|1st|2nd|3rd|4th|flat|"
        rf"just-ended|just\s+ended|{YEAR4})[\s-]+){{1,3}}"
        rf"(?:quarters?|halves|half|period)(?!\w)"
        rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?:{YEAR4}|this\s+year|last\s+year|next\s+year|the\s+year))?"
        rf"(?:\s+a\s+year\s+(?:ago|earlier))?",
    ),
    ("quarter", r"(?:the|this|that|its|their)\s+(?:quarter|period)(?!\w)(?:\s+a\s+year\s+(?:ago|earlier))?"),
    ("quarter", rf"(?:[QH][1-4])(?:\s*(?:of\s+)?{YEAR4})?(?!\w)"),
    ("quarter", r"(?:year-earlier|year-ago)(?!\w)"),
    # Calendar units with a determiner: "this week", "last year", "the following day", "later this year".
    ("relunit", rf"(?:{PRE})?{DET_REL}[\s-]+(?:{CAL_UNIT})"),
    ("relunit", rf"{PRE}(?:{CAL_UNIT})"),
    ("yearend", r"(?:the\s+)?(?:(?:around|about)\s+)?year(?:['’]s\s+|[\s-]+)end(?!\w)"),
    # Counted units: "three years", "the last three years", "two weeks ago", "five-year", "a year earlier".
    (
        "count",
        rf"(?:{QUANT}\s+)?(?:the\s+)?(?:(?:last|past|next|first|coming|previous|latest|final|recent|initial|"
        rf"following|remaining|entire|whole|full|same|other|additional|further|another|ensuing|"
        rf"preceding|subsequent)\s+)?(?:{NUM})(?:\s+(?:or|to|and|-)\s+(?:{NUM}))?"
        rf"(?:\s+(?:more|additional|full|straight|consecutive|long|trading|business|working|calendar|"
        rf"extra|further|fiscal|successive|years'|school))?[\s-]+(?:{UNIT})"
        rf"(?:\s+and\s+a\s+half|\s+or\s+so|\s+or\s+more|\s+or\s+longer)?"
        rf"(?:[\s-]+(?:ago|earlier|later|before(?=\s*[,.;:)]|\s+that)|after(?=\s*[,.;:)]|\s+that)|"
        rf"from\s+now|hence|previously|back|prior|old|long|ahead|on|in\s+the\s+future|period))?(?!\w)",
    ),
    # Vague plurals: "recent years", "coming months", "years", "the next few days", "decades-long".
    (
        "vague",
        rf"(?:{QUANT}\s+)?(?:the\s+)?(?:(?:recent|past|coming|next\s+few|last\s+few|past\s+few|previous\s+few|"
        rf"next\s+several|past\s+several|last\s+several|first\s+few|few|several|many|some|"
        rf"next\s+couple\s+of|past\s+couple\s+of|last\s+couple\s+of|couple\s+of|early|later)\s+)?"
        rf"{UNIT_PL}(?:[\s-]+(?:ago|earlier|later|to\s+come|ahead|long|old|"
        rf"before(?=\s*[,.;:)]|\s+that)|after(?=\s*[,.;:)]|\s+that)))?(?!\w)",
    ),
    # Years: "1990", "fiscal 1989", "mid-1996", "the end of 1990", "1994 or later", "post-1959".
    (
        "year",
        rf"(?:{PRE})?(?:(?:fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|model\s+year|"
        rf"the\s+fiscal\s+year|fy|post|pre|the\s+late|the\s+early)[\s-]*)?{YEAR4}"
        rf"(?:\s+(?:or\s+later|and\s+beyond|or\s+earlier|and\s+before|onwards?))?",
    ),
    ("spokenyear", rf"(?:{PRE})?(?:the\s+year\s+)?{SPOKEN_YEAR}"),
    # Decades and centuries: "the 1990s", "the late 1970s", "the '80s", "the nineties", "the 20th century".
    (
        "decade",
        rf"(?:{PRE})?(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:\d{{3}}0s|['’]\d0s|"
        r"(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))(?!\w)",
    ),
    (
        "century",
        rf"(?:{PRE})?(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:\d{{1,2}}(?:st|nd|rd|th)|{ORDW})[\s-]+"
        r"century(?!\w)",
    ),
    # Seasons: "this summer", "last fall", "the winter of 1994", "early summer".
    (
        "season",
        rf"(?:{PRE})?(?:(?:{DET_NAME}|the|that|early|late|mid)[\s-]+)?{SEASON}(?!\w)"
        rf"(?:\s*(?:of\s+)?(?:{YEAR4}|{SPOKEN_YEAR}))?",
    ),
    (
        "holiday",
        rf"(?:{PRE})?(?:(?:{DET_NAME})\s+)?{HOLIDAY}(?!\w)(?:\s+(?:day|eve|week|weekend)(?!\w))?"
        rf"(?:\s*,?\s*{YEAR4})?",
    ),
    (
        "fuzzy",
        rf"(?:the\s+(?:very\s+)?(?:recent|distant|near|foreseeable|immediate)\s+(?:past|future)|{FUZZY})(?!\w)",
    ),
    # Sets: "daily", "every day", "each Thursday", "twice a year", "Tuesday nights".
    (
        "set",
        r"(?:daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|bimonthly|"
        r"semiannually|semi-annually|fortnightly|biannually)(?!\w)",
    ),
    (
        "set",
        rf"(?:every|each)\s+(?:other\s+|single\s+)?(?:(?:{NUM})\s+)?(?:{UNIT}|{WEEKDAY}|{MONTH_FULL}|"
        rf"{SEASON}(?!\w)|(?:{POD})(?!\w))(?:\s+(?:{POD})(?!\w))?",
    ),
    ("set", rf"(?:once|twice|thrice|(?:{NUM})\s+times)\s+(?:a|an|per|each|every)\s+{UNIT_SG}"),
    ("set", rf"{WEEKDAYS_PL}|{WEEKDAY}\s+(?:mornings|afternoons|evenings|nights)(?!\w)"),
    ("set", rf"{WEEKDAY}(?=\s+(?:and|or)\s+{WEEKDAY}\s+(?:mornings|afternoons|evenings|nights)(?!\w))"),
    # Expressions anchored on an event: only world knowledge dates them.
    (
        "event",
        rf"(?:the\s+)?(?:(?:day|night|morning|evening|eve|week|weekend|month|year|run-up)\s+"
        rf"(?:before|after|following|preceding|leading\s+up\s+to)|"
        rf"(?:day|night|morning|evening|eve|run-up|aftermath|wake)\s+of)\s+"
        rf"(?:the|this|last|that|his|her|their|its|next)\s+(?:{YEAR4}\s+)?(?:[\w'-]+\s+){{0,2}}?{EVENT}(?!\w)",
    ),
    (
        "event",
        rf"(?:the\s+|this\s+|last\s+|next\s+)?{YEAR4}\s+(?:[A-Za-z'-]+\s+)?"
        rf"{alternation(list(L.electoral_events))}(?!\w)",
    ),
]


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _words(*groups: object) -> set[str]:
    out: set[str] = set()
    for g in groups:
        for k in g:  # type: ignore[attr-defined]
            out |= set(re.split(r"[\s-]+", str(k).lower()))
    return out


#: Words that carry time by themselves: every expression contains one (or a digit) within its
#: first few words. Scanning for them first keeps the full grammar off most of the text.
CORE_WORDS = frozenset(
    _words(
        L.months,
        L.weekdays,
        L.units,
        L.parts_of_day,
        L.seasons,
        L.holidays_fixed,
        L.holidays_computed,
        L.numbers,
        L.ordinals,
        L.vague_numbers,
        L.holidays_unresolvable,
        L.fuzzy,
        [w + "s" for w in L.weekdays],
        [u + "s" for u in L.units],
        [
            "today",
            "tomorrow",
            "yesterday",
            "tonight",
            "overnight",
            "noon",
            "midnight",
            "now",
            "currently",
            "nowadays",
            "presently",
            "lately",
            "recently",
            "daily",
            "weekly",
            "monthly",
            "annually",
            "yearly",
            "hourly",
            "nightly",
            "biweekly",
            "bimonthly",
            "semiannually",
            "fortnightly",
            "biannually",
            "q1",
            "q2",
            "q3",
            "q4",
            "h1",
            "h2",
            "midmorning",
            "midday",
            "lunchtime",
            "daytime",
            "nightfall",
            "dusk",
            "year",
            "quarter",
            "quarters",
            "half",
            "halves",
            "period",
            "future",
            "past",
            "present",
            "moment",
            "days",
            "nineteen",
            "eighteen",
            "twenty",
            "two",
            "thousand",
            "hundred",
            "twenties",
            "thirties",
            "forties",
            "fifties",
            "sixties",
            "seventies",
            "eighties",
            "nineties",
            "ago",
            "centuries",
            "millennia",
            "aftermath",
            "wake",
            "eve",
        ],
    )
    - {
        "the",
        "a",
        "an",
        "of",
        "and",
        "at",
        "this",
        "that",
        "these",
        "in",
        "right",
        "just",
        "very",
        "other",
        "st",
    }
)
#: Words that may open an expression whose core word comes a little later ("the end of the month").
LEAD_WORDS = frozenset(
    [
        "the",
        "very",
        "early",
        "earlier",
        "late",
        "later",
        "mid",
        "middle",
        "end",
        "beginning",
        "start",
        "close",
        "turn",
        "dawn",
        "first",
        "second",
        "third",
        "fourth",
        "last",
        "latter",
        "rest",
        "remainder",
        "balance",
        "final",
        "this",
        "past",
        "coming",
        "next",
        "following",
        "previous",
        "preceding",
        "latest",
        "current",
        "present",
        "same",
        "prior",
        "full",
        "entire",
        "whole",
        "that",
        "its",
        "their",
        "at",
        "about",
        "around",
        "approximately",
        "roughly",
        "some",
        "nearly",
        "almost",
        "more",
        "over",
        "less",
        "under",
        "up",
        "no",
        "not",
        "within",
        "fewer",
        "a",
        "an",
        "well",
        "upwards",
        "shortly",
        "just",
        "recent",
        "fiscal",
        "calendar",
        "financial",
        "school",
        "model",
        "fy",
        "post",
        "pre",
        "comparable",
        "flat",
        "other",
        "additional",
        "further",
        "another",
        "ensuing",
        "subsequent",
        "remaining",
        "initial",
        "every",
        "each",
        "once",
        "twice",
        "thrice",
        "per",
        "run",
        "new",
        "good",
        "palm",
        "ash",
        "st",
        "mother",
        "father",
        "presidents",
        "martin",
        "labor",
        "memorial",
        "guy",
        "boxing",
        "armistice",
        "veterans",
        "bastille",
        "april",
        "may",
        "right",
        "these",
    ]
)
#: How many words after a lead word its core word may come.
LEAD_WINDOW = 5
TOKEN = re.compile(r"[^\W_]+|['’]\d")


RULES: list[Rule] = [Rule(kind, re.compile(src, re.I)) for kind, src in _RULE_SOURCES]
#: Where any rule could start: a word start (or a quote mark before a decade) followed by some rule.
COMBINED = re.compile(
    r"(?<![\w$£€#@/])(?=" + "|".join(_unnamed(src) for _, src in _RULE_SOURCES) + ")",
    re.I,
)
