"""The United Nations bodies whose resolutions the tracker reads, and their symbol series."""

from __future__ import annotations

import re

HUMAN_RIGHTS_COUNCIL = "Human Rights Council"
GENERAL_ASSEMBLY = "General Assembly"
SECURITY_COUNCIL = "Security Council"
ECONOMIC_AND_SOCIAL_COUNCIL = "Economic and Social Council"
COMMISSION_ON_HUMAN_RIGHTS = "Commission on Human Rights"

BODIES = (
    HUMAN_RIGHTS_COUNCIL,
    GENERAL_ASSEMBLY,
    SECURITY_COUNCIL,
    ECONOMIC_AND_SOCIAL_COUNCIL,
    COMMISSION_ON_HUMAN_RIGHTS,
)

COUNCILS = (HUMAN_RIGHTS_COUNCIL, SECURITY_COUNCIL, ECONOMIC_AND_SOCIAL_COUNCIL)

# Series prefixes of resolutions and decisions; the longest prefix wins when reading a symbol.
_SERIES = {
    HUMAN_RIGHTS_COUNCIL: ("A/HRC/RES/", "A/HRC/DEC/"),
    GENERAL_ASSEMBLY: ("A/RES/", "A/DEC/"),
    SECURITY_COUNCIL: ("S/RES/", None),
    ECONOMIC_AND_SOCIAL_COUNCIL: ("E/RES/", "E/DEC/"),
    COMMISSION_ON_HUMAN_RIGHTS: ("E/CN.4/RES/", "E/CN.4/DEC/"),
}


def canonical_body(name: str) -> str | None:
    """The canonical name of a body written as `name` ("the Human Rights  Council"), or None."""
    words = re.sub(r"\s+", " ", name).strip().lower()
    words = words.removeprefix("the ")
    for body in BODIES:
        if words == body.lower():
            return body
    return None


def body_from_symbol(symbol: str) -> str | None:
    """The body that issues documents under `symbol`'s series, or None."""
    ordered = sorted(
        ((prefix, body) for body, pair in _SERIES.items() for prefix in pair if prefix),
        key=lambda item: len(item[0]),
        reverse=True,
    )
    for prefix, body in ordered:
        if symbol.startswith(prefix):
            return body
    for prefix, body in (("A/HRC/", HUMAN_RIGHTS_COUNCIL), ("E/CN.4/", COMMISSION_ON_HUMAN_RIGHTS)):
        if symbol.startswith(prefix):
            return body
    return None


def resolution_symbol(body: str, number: str, decision: bool = False) -> str | None:
    """The symbol of `body`'s resolution (or decision) `number` ("28/2"), or None if it has none."""
    series = _SERIES.get(body)
    if series is None:
        return None
    prefix = series[1] if decision else series[0]
    if prefix is None:
        return None
    return prefix + number
