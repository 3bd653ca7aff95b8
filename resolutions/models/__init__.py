"""The data model, one module per part of it; every model is importable from here, as
Django and the rest of the app expect.

- reference: bodies, sessions, agenda items, countries
- texts: resolutions, paragraphs, footnotes, documents, citations, series
- adoption: votes and sponsors
- entities: who requests are addressed to
- followups: requests, their events, proposed fulfilments
- imports: the record of imports, replaced texts, the data version, the requests' tally
- mandates: the legislative mandates budget sections name
- fetches: fetches from the UN asked for on a page, run in the background
- notes: staff notes on paragraphs
- reminders: what staff choose to hear by e-mail, and what was sent
"""

from resolutions.domain import DocumentKind, SessionKind
from resolutions.models.adoption import (
    CountryVote,
    SponsorKind,
    Sponsorship,
    VotePosition,
)
from resolutions.models.entities import AddresseeEntity, AddresseeEntityQuerySet, EntityKind
from resolutions.models.fetches import FetchOutcome, FetchRequest, FetchStatus
from resolutions.models.followups import (
    AddresseeKind,
    CarriedForward,
    CurrentFollowUpManager,
    DueRelation,
    FollowUp,
    FollowUpAction,
    FollowUpEvent,
    FollowUpQuerySet,
    FollowUpStatus,
    FulfilmentProposal,
    ProposalStatus,
    Recurrence,
    overdue_on,
)
from resolutions.models.imports import (
    AgendaItemTally,
    DataVersion,
    FollowUpTally,
    ImportChannel,
    ImportKind,
    ImportOutcome,
    ResolutionTally,
    ResolutionVersion,
    TableRows,
    TextImport,
)
from resolutions.models.mandates import LegislativeMandate
from resolutions.models.reference import (
    AgendaItem,
    Body,
    Country,
    CountryStatus,
    Session,
    next_session,
)
from resolutions.models.texts import (
    AdoptionMode,
    Citation,
    CitedVia,
    Document,
    DocumentQuerySet,
    Footnote,
    Outcome,
    Paragraph,
    ParagraphKind,
    Resolution,
    ResolutionKind,
    ResolutionQuerySet,
    Series,
    listed_q,
)

__all__ = [
    "NoticeKind",
    "ReminderDigest",
    "ReminderFrequency",
    "ReminderNotice",
    "ReminderSettings",
    "Watch",
    "WatchNotice",
    "SavedSearch",
    "SavedSearchKind",
    "NoteChange",
    "NoteVisibility",
    "ParagraphNote",
    "ParagraphNoteRevision",
    "DocumentKind",
    "SessionKind",
    "Body",
    "SessionKind",
    "Session",
    "next_session",
    "AgendaItem",
    "Country",
    "CountryStatus",
    "AdoptionMode",
    "ResolutionKind",
    "Outcome",
    "Series",
    "ResolutionQuerySet",
    "listed_q",
    "Resolution",
    "ParagraphKind",
    "Paragraph",
    "Footnote",
    "DocumentKind",
    "DocumentQuerySet",
    "Document",
    "CitedVia",
    "Citation",
    "EntityKind",
    "AddresseeEntityQuerySet",
    "AddresseeEntity",
    "FollowUpAction",
    "AddresseeKind",
    "DueRelation",
    "Recurrence",
    "FollowUpStatus",
    "FollowUpQuerySet",
    "CurrentFollowUpManager",
    "FollowUp",
    "FollowUpEvent",
    "overdue_on",
    "ProposalStatus",
    "CarriedForward",
    "FulfilmentProposal",
    "VotePosition",
    "CountryVote",
    "SponsorKind",
    "Sponsorship",
    "DataVersion",
    "FollowUpTally",
    "ResolutionTally",
    "AgendaItemTally",
    "TableRows",
    "ImportKind",
    "ImportChannel",
    "ImportOutcome",
    "TextImport",
    "ResolutionVersion",
    "FetchOutcome",
    "FetchRequest",
    "FetchStatus",
    "LegislativeMandate",
]
from resolutions.models.notes import (  # noqa: E402
    NoteChange,
    NoteVisibility,
    ParagraphNote,
    ParagraphNoteRevision,
)
from resolutions.models.reminders import (  # noqa: E402
    NoticeKind,
    ReminderDigest,
    ReminderFrequency,
    ReminderNotice,
    ReminderSettings,
    Watch,
    WatchNotice,
)
from resolutions.models.searches import SavedSearch, SavedSearchKind  # noqa: E402
