"""Settings: defaults < environment (DATELINE_*) < command-line flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def default_db_path() -> Path:
    """$DATELINE_DB, else dateline.sqlite in the user's data folder ($XDG_DATA_HOME or ~/.local/share)."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "dateline" / "dateline.sqlite"


def env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def env_bool(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass
class Settings:
    #: Seconds one fetch may take in all (connect, redirects, every read).
    timeout: float = field(default_factory=lambda: env_float("DATELINE_TIMEOUT", 20.0))
    #: The most bytes one page, file or record may have; larger ones are refused.
    max_bytes: int = field(default_factory=lambda: int(env_float("DATELINE_MAX_BYTES", 10 * 2**20)))
    #: Fetch each feed entry's page (else use the entry's summary); None: only for feeds fetched by URL.
    follow_links: bool | None = None
    #: Let fetches reach loopback, private, link-local and cloud metadata addresses (feed links,
    #: records' urls, redirects; a URL the user typed may always reach its own host, see ingest/url.py).
    allow_private: bool = field(default_factory=lambda: env_bool("DATELINE_ALLOW_PRIVATE"))
    user_agent: str = "dateline/0.1 (+https://pypi.org/project/dateline/)"
    #: Seconds one record may take to extract and analyse; a slower one becomes an error record.
    #: Enforced with SIGALRM, so only in the main thread (see dateline.deadline); 0 turns it off.
    record_timeout: float = field(default_factory=lambda: env_float("DATELINE_RECORD_TIMEOUT", 30.0))
    #: The most characters of text given to spaCy; a longer text is cut there, with a warning.
    max_text_chars: int = field(default_factory=lambda: int(env_float("DATELINE_MAX_TEXT_CHARS", 100_000)))
    #: The most tokens (words, punctuation, line breaks) of text given to spaCy, whose memory grows with
    #: them: 100,000 characters of prose are about 20,000; a page of one-letter lines is cut sooner.
    max_text_tokens: int = field(default_factory=lambda: int(env_float("DATELINE_MAX_TEXT_TOKENS", 30_000)))
    #: The most characters of HTML given to trafilatura; a larger page (or one with more elements
    #: than `max_html_elements`) is read by a simple linear paragraph extractor, with a warning.
    max_html_bytes: int = field(default_factory=lambda: int(env_float("DATELINE_MAX_HTML_BYTES", 5 * 2**20)))
    max_html_elements: int = field(
        default_factory=lambda: int(env_float("DATELINE_MAX_HTML_ELEMENTS", 50_000))
    )


def db_url(db: str | None) -> str:
    """A SQLAlchemy URL from --db / $DATELINE_DB: a URL as it is, a path as SQLite."""
    value = db or os.environ.get("DATELINE_DB") or str(default_db_path())
    if "://" in value:
        return value
    path = Path(value).expanduser()
    return f"sqlite:///{path}"
