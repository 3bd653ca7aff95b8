"""The series of symbols of a body's session, which a fetch of a whole session asks for one
number after another."""

# A body's series of texts in one session: the prefix before the number, the first number.
# Council decisions are numbered from 101 in each session, after its resolutions.
SESSION_SERIES = {
    "HRC": [("A/HRC/RES/{session}/", 1), ("A/HRC/DEC/{session}/", 101)],
    "GA": [("A/RES/{session}/", 1)],
}


def session_series(body: str, session: str) -> list[tuple[str, int]]:
    """(prefix, first number) of each series of texts of `body`'s session `session` (its
    code as symbols write it: "59", "S-30"); KeyError for a body without series here."""
    return [(prefix.format(session=session), first) for prefix, first in SESSION_SERIES[body]]
