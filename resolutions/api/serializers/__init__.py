"""How the API writes the tracker's rows as JSON, and reads the one thing it accepts:
a follow-up event.

Serializers here read only what the views' querysets have already fetched, so that an
endpoint's query count does not grow with its rows. Follow-up events are read from
`public_events`, an attribute only a prefetch of public events sets: a serializer used
without it fails loudly instead of showing internal notes.

One module per part of the data, as in `resolutions.models`; every serializer is
importable from here:

- reference: bodies, sessions, agenda items
- texts: resolutions, paragraphs, footnotes, votes, sponsors, citations, documents, series
- followups: requests, their events, and the event a staff member records
- links: the address of an endpoint, which they all write
"""

from resolutions.api.serializers.followups import (
    VISIBILITY_REQUIRED,
    EventSerializer,
    ExplicitBooleanField,
    FollowUpEventInputSerializer,
    FollowUpSerializer,
)
from resolutions.api.serializers.links import api_url
from resolutions.api.serializers.reference import (
    AgendaItemRefSerializer,
    AgendaItemSerializer,
    BodySerializer,
    SessionRefSerializer,
    SessionSerializer,
)
from resolutions.api.serializers.texts import (
    CitationInParagraphSerializer,
    CitationSerializer,
    CitingParagraphSerializer,
    CountryVoteSerializer,
    DocumentDetailSerializer,
    DocumentSerializer,
    FootnoteSerializer,
    ParagraphSerializer,
    ResolutionDetailSerializer,
    ResolutionParagraphSerializer,
    ResolutionRefSerializer,
    ResolutionSerializer,
    SeriesRefSerializer,
    SeriesSerializer,
    SponsorSerializer,
    VotesField,
)

__all__ = [
    "VISIBILITY_REQUIRED",
    "AgendaItemRefSerializer",
    "AgendaItemSerializer",
    "BodySerializer",
    "CitationInParagraphSerializer",
    "CitationSerializer",
    "CitingParagraphSerializer",
    "CountryVoteSerializer",
    "DocumentDetailSerializer",
    "DocumentSerializer",
    "EventSerializer",
    "ExplicitBooleanField",
    "FollowUpEventInputSerializer",
    "FollowUpSerializer",
    "FootnoteSerializer",
    "ParagraphSerializer",
    "ResolutionDetailSerializer",
    "ResolutionParagraphSerializer",
    "ResolutionRefSerializer",
    "ResolutionSerializer",
    "SeriesRefSerializer",
    "SeriesSerializer",
    "SessionRefSerializer",
    "SessionSerializer",
    "SponsorSerializer",
    "VotesField",
    "api_url",
]
