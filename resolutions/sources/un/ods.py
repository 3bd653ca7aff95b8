"""The Official Document System (ODS): a document's file by symbol, checked to be of the
format asked for and to read before it is believed or cached."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field

from resolutions.sources.documents import SourceText, Unreadable, format_of, read_document
from resolutions.sources.un.client import Client, ServiceConfig, WrongDocument, describe_body

ODS = "the ODS"

# ODS's "t" -> the format read_document must find in the bytes, and its name in messages.
ODS_FORMATS = {"pdf": ("pdf", "PDF"), "doc": ("docx", "Word (.docx) file")}


@dataclass
class FetchedDocument:
    symbol: str  # as asked
    url: str
    data: bytes
    kind: str = "pdf"  # as ODS_FORMATS names it
    _source: SourceText | None = field(default=None, repr=False)

    @property
    def source(self) -> SourceText:
        """The text of the file, read on first use: a file taken from the cache and found
        stored already (the same checksum) is never read again. WrongDocument."""
        if self._source is None:
            self._source = read_served(self.symbol, self.data, self.kind)
        return self._source


def ods_url(config: ServiceConfig, symbol: str, kind: str = "pdf") -> str:
    query = {"s": symbol, "l": config.language, "t": kind}
    return f"{config.ods_url}?{urllib.parse.urlencode(query, safe='/')}"


def fetch_document(client: Client, symbol: str, kind: str = "pdf") -> FetchedDocument:
    """The file of `symbol` from the ODS; FetchFailed (NotFound, WrongDocument). A file
    fresh from the ODS is read before it is cached, so that the cache holds only files
    that read."""
    read: list[SourceText] = []

    def check(body: bytes) -> bool:
        read.append(read_served(symbol, body, kind))
        return True

    url = ods_url(client.config, symbol, kind)
    data = client.get(url, symbol=symbol, service=ODS, check=check)
    return FetchedDocument(symbol, url, data, kind, read[0] if read else None)


def read_served(symbol: str, data: bytes, kind: str) -> SourceText:
    """The text of a file the ODS served for `symbol`; WrongDocument when it is not of the
    format asked, or does not read."""
    expected, label = ODS_FORMATS[kind]
    served = format_of(data)
    if served != expected:
        raise WrongDocument(
            symbol, f"{ODS} served {describe_body(data, served)}, not the {label} asked for"
        )
    name = f"{symbol.replace('/', '_')}.{expected}"
    try:
        return read_document(data, name)
    except Unreadable as error:
        # A PDF cut short without a Content-Length to say so ends here too.
        raise WrongDocument(
            symbol, f"the {label} {ODS} served does not read: {error.reason}"
        ) from None
