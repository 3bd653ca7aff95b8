"""The UN's own document services: a document's file by symbol from the Official Document
System (ODS), and its catalogue record from the UN Digital Library (MARCXML).

What a service serves is checked before it is believed: a document must be of the format
asked for (an HTML error page served with 200 is not a PDF), whole (as long as its
Content-Length says, and readable), and a library record must name the symbol asked for.
Each refusal is a FetchFailed that names the symbol and the cause. That a text is the
document of its symbol is told by the parse (importing/fetching.py), which reads the symbol
the text states.

The client and its services, a module each: client.py asks (the rate limit, retries, the
disk cache) and says what a service served; ods.py fetches and reads a document's file;
library.py fetches and reads a Digital Library record; sessions.py names the series of
symbols of a session. This module is their public API: callers import from here.

No Django here: settings come in as a ServiceConfig, which the command builds from them.
"""

from resolutions.sources.un.client import (
    LIBRARY_URL,
    ODS_URL,
    PRODUCT,
    Client,
    FetchFailed,
    NotFound,
    ServiceConfig,
    WrongDocument,
    describe_body,
    looks_like_html,
    retry_after_seconds,
)
from resolutions.sources.un.library import (
    LIBRARY,
    NOT_VOTING,
    RELATED_DRAFT,
    RELATED_MEETING,
    VOTE_CODES,
    LibraryAgendaItem,
    LibraryRecord,
    LibraryVote,
    country_name,
    fetch_record,
    library_url,
    read_library_records,
)
from resolutions.sources.un.ods import (
    ODS,
    ODS_FORMATS,
    FetchedDocument,
    fetch_document,
    ods_url,
    read_served,
)
from resolutions.sources.un.sessions import SESSION_SERIES, session_series

__all__ = [
    "LIBRARY",
    "LIBRARY_URL",
    "NOT_VOTING",
    "ODS",
    "ODS_FORMATS",
    "ODS_URL",
    "PRODUCT",
    "RELATED_DRAFT",
    "RELATED_MEETING",
    "SESSION_SERIES",
    "VOTE_CODES",
    "Client",
    "FetchFailed",
    "FetchedDocument",
    "LibraryAgendaItem",
    "LibraryRecord",
    "LibraryVote",
    "NotFound",
    "ServiceConfig",
    "WrongDocument",
    "country_name",
    "describe_body",
    "fetch_document",
    "fetch_record",
    "library_url",
    "looks_like_html",
    "ods_url",
    "read_library_records",
    "read_served",
    "retry_after_seconds",
    "session_series",
]
