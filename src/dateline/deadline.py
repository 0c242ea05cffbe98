"""A per-record deadline: SIGALRM raises RecordTimeout inside whatever the record is doing.

Signals reach only the main thread, and only between Python bytecodes: elsewhere (a web server's worker
thread, Windows) `deadline` does nothing, and a single long call into C (lxml parsing one huge page,
spaCy's parser on one huge text) finishes before the alarm is seen. The size limits
(`max_html_bytes`, `max_text_chars`) bound those; the deadline bounds the rest.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: Seconds between the alarms that follow the first, until the block ends.
REPEAT = 1.0


class RecordTimeout(BaseException):
    """A record ran past its deadline. A BaseException, like KeyboardInterrupt, so that no stage's
    `except Exception` mistakes it for the stage's own failure."""

    def __init__(self, seconds: float):
        super().__init__(f"record timed out after {seconds:g} s")
        self.seconds = seconds


def can_interrupt() -> bool:
    """Whether a deadline can be enforced here: the main thread, on a system with setitimer."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise RecordTimeout in the block once `seconds` have passed; no limit for 0 or where signals
    cannot reach (see can_interrupt). A timer set before (an outer deadline, a test runner's) is put
    back afterwards with the time it had left."""
    if seconds <= 0 or not can_interrupt():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise RecordTimeout(seconds)

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    # It fires again every second after the first: code that swallows the exception (a bare
    # `except:` in a library) does not escape the deadline.
    outer, interval = signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:
            left = max(outer - (time.monotonic() - started), 1e-6)
            signal.setitimer(signal.ITIMER_REAL, left, interval)
