"""What a page read of what staff record of the texts, watched while it is made, so that a
visitor's page that read none of it is kept under the texts' version (counts.py) rather
than the data version, and outlives the commonest write of all: a request's progress.

While a visitor's page is made (web/visitor_cache.py), a `Reading` is in force: every
statement a connection executes passes through `saw` (counts.note_write calls it), and one
that names a table of what staff record (`FOLLOW_UP_READS`: FOLLOW_UP_TABLES and the
requests' tally their triggers keep) marks the page as having read it. So does anything
kept under the data version (`counts.version`, `counts.cached` without `texts`), since it
was counted from those tables by an earlier request. A page left unmarked shows nothing
that a write to those tables can change.

A page may read some of it through a check (`checking`): a small read whose answer the
kept page is served with only while it is still the same (the open requests of a list's
rows, the home page's requests due soonest). Its reads leave the page unmarked, and the
kept page records the check and its answer (web/visitor_cache.py asks it again before
serving the page).
"""

import contextvars
import re
from contextlib import contextmanager

# FOLLOW_UP_TABLES (counts.py) and what the database derives from them.
DERIVED_FROM_FOLLOW_UPS = frozenset({"resolutions_followuptally"})


class Reading:
    """What one page read: whether anything of what staff record other than through a
    check (`follow_ups`), its checks, and the versions read as it began."""

    __slots__ = ("follow_ups", "checks", "checking", "versions")

    def __init__(self, versions: tuple[int, int] | None = None):
        self.follow_ups = False
        self.checks: list[tuple] = []
        self.checking = 0
        self.versions = versions


_current: contextvars.ContextVar[Reading | None] = contextvars.ContextVar("reading", default=None)
_pattern: re.Pattern | None = None


def follow_up_reads(tables) -> re.Pattern:
    """A statement naming any of `tables`, quoted or not, in any case."""
    names = sorted(tables | DERIVED_FROM_FOLLOW_UPS, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.I)


@contextmanager
def watching(versions: tuple[int, int] | None = None):
    """Watch what is read until the block ends; yields the `Reading`."""
    reading = Reading(versions)
    token = _current.set(reading)
    try:
        yield reading
    finally:
        _current.reset(token)


def current() -> Reading | None:
    return _current.get()


def saw(sql: str) -> None:
    """A statement executed: mark the reading if it names what staff record."""
    reading = _current.get()
    if reading is None or reading.checking or reading.follow_ups:
        return
    global _pattern
    if _pattern is None:
        from resolutions.counts import FOLLOW_UP_TABLES

        _pattern = follow_up_reads(FOLLOW_UP_TABLES)
    if _pattern.search(sql):
        reading.follow_ups = True


def read_follow_ups() -> None:
    """Something kept under the data version was used: the page read what staff record."""
    reading = _current.get()
    if reading is not None and not reading.checking:
        reading.follow_ups = True


@contextmanager
def checking():
    """Reads that a check makes, which leave the page unmarked."""
    reading = _current.get()
    if reading is None:
        yield
        return
    reading.checking += 1
    try:
        yield
    finally:
        reading.checking -= 1


def forget_versions() -> None:
    """A write in the page's own request changed the versions it began with."""
    reading = _current.get()
    if reading is not None:
        reading.versions = None
