"""Calendar dates as resolutions write them: "30 June 2016" (in web copies, "June 30, 2016")."""

from __future__ import annotations

import datetime
import re

MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december",
        ),
        start=1,
    )
}  # fmt: skip

_MONTH = "|".join(MONTHS)
_DAY_FIRST = re.compile(rf"\b([0-9]{{1,2}})\s+({_MONTH})\s*,?\s+([0-9]{{4}})\b", re.IGNORECASE)
_MONTH_FIRST = re.compile(rf"\b({_MONTH})\s+([0-9]{{1,2}}),?\s+([0-9]{{4}})\b", re.IGNORECASE)


def find_date(text: str) -> datetime.date | None:
    """Return the first real calendar date written in `text`, or None."""
    return next((date for _, date in iter_dates(text)), None)


def iter_dates(text: str):
    """Yield (start offset, date) for every real calendar date in `text`, in order."""
    found = []
    for match in _DAY_FIRST.finditer(text):
        found.append((match.start(), match.group(1), match.group(2), match.group(3)))
    for match in _MONTH_FIRST.finditer(text):
        found.append((match.start(), match.group(2), match.group(1), match.group(3)))
    for start, day, month, year in sorted(found):
        try:
            yield start, datetime.date(int(year), MONTHS[month.lower()], int(day))
        except ValueError:
            # "31 February 2016" is a typo, not a date: skip it rather than guess.
            continue
