"""The parser as a whole: raw text in, a ParsedResolution out, one stage after another.

cleanup (lines) -> footnotes (lift definitions) -> layout (header / body / closing) ->
header, paragraphs, footnotes (attach), closing, citations, follow-ups.
"""

from __future__ import annotations

from . import cleanup, closing, footnotes, header, layout, paragraphs
from .citations import find_citations
from .followups import find_follow_ups
from .types import ParsedResolution, ParseError


def parse(text: str | bytes) -> ParsedResolution:
    """Parse one resolution. Raises ParseError, and nothing else, when the text cannot be read."""
    if not isinstance(text, str | bytes):
        raise ParseError(f"expected text, got {type(text).__name__}")
    lines = cleanup.clean_lines(text)
    definitions, lines = footnotes.extract_definitions(lines)
    parts = layout.split(lines)

    title = parts.title
    header_lines = [
        line
        for index, line in enumerate(parts.header)
        if title is None or not title.index <= index < title.end
    ]
    head = header.parse_header(header_lines, title, parts.formula_body)
    if not head.symbol and title is None:
        raise ParseError("no document symbol and no numbered title line: is this a resolution?")

    found = paragraphs.build(cleanup.join_units(parts.body))
    if not found:
        where = parts.body[0].number if parts.body else None
        raise ParseError("no paragraphs found after the header", where)
    found, notes = footnotes.attach(found, definitions)

    end = closing.parse_closing(parts.closing)
    return ParsedResolution(
        symbol=head.symbol,
        number=head.number,
        body=head.body,
        session=head.session,
        agenda_items=head.agenda_items,
        title=head.title,
        adopted_on=head.adopted_on or end.date,
        distributed_on=head.distributed_on,
        meeting=end.meeting or head.meeting,
        adoption=end.adoption,
        paragraphs=found,
        footnotes=notes,
        citations=find_citations(found, notes, head.body),
        follow_ups=find_follow_ups(found, head.body),
    )
