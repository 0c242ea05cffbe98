"""A progress bar on stderr with articles per second and, where the total is known, an ETA.

Shown only when stderr is a terminal, or when asked for (`--progress`); `--no-progress` hides it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


def enabled(flag: bool | None) -> bool:
    """--progress / --no-progress, else whether stderr is a terminal."""
    if flag is not None:
        return flag
    return sys.stderr.isatty()


def bar(flag: bool | None, total: int | None = None, desc: str = "articles", initial: int = 0) -> Any:
    """A tqdm bar counting articles (disabled, and free, when progress is not wanted)."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        initial=initial,
        desc=desc,
        unit=" article",
        file=sys.stderr,
        disable=not enabled(flag),
        dynamic_ncols=True,
        smoothing=0.05,
        mininterval=0.5,
    )


def counted(
    items: Iterable[T], flag: bool | None, total: int | None = None, desc: str = "articles"
) -> Iterator[T]:
    """The items, each counted on a progress bar (see `bar`), closed when they run out."""
    with bar(flag, total, desc) as progress:
        for item in items:
            yield item
            progress.update(1)


def option(f: Any) -> Any:
    """The --progress/--no-progress flag of every long command."""
    import click

    return click.option(
        "--progress/--no-progress", default=None, help="Progress bar on stderr [when stderr is a terminal]."
    )(f)


class InputShare:
    """Where the record count is not known ahead (WARC files, feeds), the share of the input's bytes read so
    far, and an ETA from it, shown beside the bar's count and rate; updated as each input is read whole."""

    def __init__(self, shown: Any, sizes: list[int]) -> None:
        self.shown = shown
        self.sizes = sizes
        self.total = sum(sizes)
        self.start = time.monotonic()

    def unit_done(self, done: int) -> None:
        """`done` inputs (in order) are read whole."""
        if not self.total:
            return
        share = sum(self.sizes[:done]) / self.total
        elapsed = time.monotonic() - self.start
        eta = elapsed * (1 - share) / share if share else 0.0
        left = time.strftime("%H:%M:%S", time.gmtime(eta)) if share else "?"
        self.shown.set_postfix_str(f"input {share:.0%} read, ETA {left}")
