"""A progress bar on stderr with articles per second and, where the total is known, an ETA.

Shown only when stderr is a terminal, or when asked for (`--progress`); `--no-progress` hides it.
"""

from __future__ import annotations

import sys
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
