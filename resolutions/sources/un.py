"""The UN's own document services: a document's file by symbol from the Official Document
System (ODS), and its catalogue record from the UN Digital Library (MARCXML).

A Client asks politely: one request at a time, spaced by the rate limit (one a second
unless configured), with a User-Agent that names the tracker and whom to contact; it
retries what may pass (429 after the Retry-After it gives, 5xx, a timeout, a body cut
short) with a growing wait, and keeps every good answer in a disk cache, so that a second
fetch of the same address asks nothing and an interrupted batch resumes without asking
again for what it had.

What a service serves is checked before it is believed: a document must be of the format
asked for (an HTML error page served with 200 is not a PDF), whole (as long as its
Content-Length says, and readable), and a library record must name the symbol asked for.
Each refusal is a FetchFailed that names the symbol and the cause. That a text is the
document of its symbol is told by the parse (importing/fetching.py), which reads the symbol
the text states.

No Django here: settings come in as a ServiceConfig, which the command builds from them.
"""

from __future__ import annotations

import datetime
import hashlib
import http.client
import io
import os
import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.sax
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

import pymarc

from resolutions.sources.documents import SourceText, Unreadable, format_of, read_document

# The tracker as the services' operators see it; the version is pyproject.toml's.
PRODUCT = "resolution-tracker/0.1.0"

ODS_URL = "https://documents.un.org/api/symbol/access"
LIBRARY_URL = "https://digitallibrary.un.org/search"
ODS = "the ODS"
LIBRARY = "the Digital Library"


@dataclass(frozen=True)
class ServiceConfig:
    """Where the services are and how to ask them (tracker/settings.py: UN_*)."""

    ods_url: str = ODS_URL
    library_url: str = LIBRARY_URL
    requests_per_second: float = 1.0  # 0: no limit, for a local server only
    timeout: float = 30.0  # seconds to connect, and for each read
    retries: int = 3  # tries after the first
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    # A Retry-After longer than this fails the symbol instead of holding the batch.
    longest_wait: float = 120.0
    cache_dir: str = ""  # no cache when empty
    refresh: bool = False  # ask again even for what is cached (and cache the new answer)
    contact: str = ""  # a URL or an address for the services' operators
    language: str = "en"
    # No resolution's file comes near this (a 181-page report is 1.4 MB): a bigger answer
    # is not what was asked, and is not read into memory.
    max_bytes: int = 64 * 1024 * 1024

    @property
    def user_agent(self) -> str:
        return f"{PRODUCT} (+{self.contact})" if self.contact else PRODUCT


class FetchFailed(Exception):
    """A symbol could not be fetched; `reason` says why, for a person."""

    def __init__(self, symbol: str, reason: str):
        self.symbol = symbol
        self.reason = reason
        super().__init__(f"{symbol}: {reason}")


class NotFound(FetchFailed):
    """The service has no document of that symbol (404): the end of a session's series."""


class WrongDocument(FetchFailed):
    """What the service served is not the document asked for."""


class _Retry(Exception):
    """One try failed in a way that the next may not: `cause` for the message, `wait` in
    seconds before the next (None: the backoff's)."""

    def __init__(self, cause: str, wait: float | None = None):
        self.cause = cause
        self.wait = wait


class Client:
    """Asks the services for one address at a time, politely, through the disk cache.

    `sleep` and `clock` are time.sleep and time.monotonic; `waited` adds up the seconds
    spent waiting (the rate limit, Retry-After, backoff), which is the services' time and
    not the tracker's."""

    def __init__(self, config: ServiceConfig, *, sleep=time.sleep, clock=time.monotonic):
        self.config = config
        self.sleep = sleep
        self.clock = clock
        self.requests = 0  # made, not served from the cache
        self.waited = 0.0
        self.cache_error = ""  # why the cache could not be written, once it could not
        self._last_request: float | None = None
        self._opener = urllib.request.build_opener()

    def get(self, url: str, *, symbol: str, service: str, check: Callable[[bytes], bool]) -> bytes:
        """The body at `url`, from the cache or the service. `check(body)` raises
        WrongDocument for a fresh body that is not what was asked, and says whether it is
        worth keeping (an empty search result is not); only a body that passed is cached,
        so that a cached one is not checked again."""
        cached = self._cached(url)
        if cached is not None:
            return cached
        body = self._fetch(url, symbol, service)
        if check(body):
            self._store(url, body)
        return body

    def _fetch(self, url: str, symbol: str, service: str) -> bytes:
        config = self.config
        tries = config.retries + 1
        for attempt in range(tries):
            self._wait_turn()
            try:
                return self._try(url, symbol, service)
            except _Retry as failed:
                cause = failed.cause
                wait = failed.wait if failed.wait is not None else config.backoff * 2**attempt
            if attempt + 1 < tries:
                self._pause(wait)
        times = "once" if tries == 1 else f"after {tries} tries"
        raise FetchFailed(symbol, f"{cause}; gave up {times}")

    def _try(self, url: str, symbol: str, service: str) -> bytes:
        config = self.config
        request = urllib.request.Request(url, headers={"User-Agent": config.user_agent})
        self.requests += 1
        try:
            with self._opener.open(request, timeout=config.timeout) as response:
                return self._read(response, symbol, service)
        except urllib.error.HTTPError as error:
            retry_after = error.headers.get("Retry-After")
            error.close()
            status = f"{error.code} {error.reason}".strip()
            if error.code in (404, 410):
                raise NotFound(
                    symbol, f"{service} has no document of this symbol ({status})"
                ) from None
            if error.code == 429:
                wait = retry_after_seconds(retry_after, self._now())
                if wait is not None and wait > config.longest_wait:
                    raise FetchFailed(
                        symbol,
                        f"{service} refused it as too many requests (429) and asked to wait "
                        f"{wait:.0f} s, longer than the {config.longest_wait:.0f} s the "
                        "tracker waits",
                    ) from None
                raise _Retry(f"{service} refused it as too many requests (429)", wait) from None
            if error.code >= 500:
                raise _Retry(f"{service} failed ({status})") from None
            raise FetchFailed(symbol, f"{service} refused the request ({status})") from None
        except TimeoutError:
            raise _Retry(f"{service} did not answer within {config.timeout:g} s") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise _Retry(f"{service} did not answer within {config.timeout:g} s") from None
            raise _Retry(f"{service} could not be reached ({error.reason})") from None
        except (http.client.HTTPException, OSError) as error:
            # IncompleteRead (a chunked body cut short) among them, and a reset connection.
            raise _Retry(f"the connection to {service} broke ({type(error).__name__})") from None

    def _read(self, response, symbol: str, service: str) -> bytes:
        limit = self.config.max_bytes
        header = response.headers.get("Content-Length", "")
        expected = int(header) if header.strip().isdigit() else None
        if expected is not None and expected > limit:
            raise FetchFailed(
                symbol,
                f"{service} answered with {expected:,} bytes, more than the {limit:,} a "
                "document may have",
            )
        # read(n) returns what came before the connection closed, short or not: the length
        # is checked here, and a body cut short is never taken for the whole.
        body = response.read(limit + 1)
        if len(body) > limit:
            raise FetchFailed(symbol, f"{service} answered with more than {limit:,} bytes")
        if expected is not None and len(body) != expected:
            raise _Retry(
                f"the answer of {service} was cut short: {len(body):,} of the {expected:,} "
                "bytes it announced"
            )
        return body

    def _now(self) -> datetime.datetime:
        return datetime.datetime.now(datetime.UTC)

    def _wait_turn(self):
        """Space the requests by the rate limit, retries included."""
        rate = self.config.requests_per_second
        now = self.clock()
        if rate > 0 and self._last_request is not None:
            wait = self._last_request + 1 / rate - now
            if wait > 0:
                self._pause(wait)
                now = self.clock()
        self._last_request = now

    def _pause(self, seconds: float):
        self.waited += seconds
        self.sleep(seconds)

    def _cache_path(self, url: str) -> Path | None:
        if not self.config.cache_dir:
            return None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return Path(self.config.cache_dir) / key[:2] / key

    def _cached(self, url: str) -> bytes | None:
        path = self._cache_path(url)
        if path is None or self.config.refresh:
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def _store(self, url: str, body: bytes):
        path = self._cache_path(url)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written whole, then renamed into place: a run interrupted while writing leaves
            # no half a body that the next run would take for the whole.
            descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
            try:
                with os.fdopen(descriptor, "wb") as file:
                    file.write(body)
                os.replace(partial, path)
            except BaseException:
                os.unlink(partial)
                raise
        except OSError as error:
            # A cache that cannot be written costs a request next time, nothing more.
            self.cache_error = f"{self.config.cache_dir}: {error.strerror or error}"


def retry_after_seconds(value: str | None, now: datetime.datetime) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date;
    None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - now).total_seconds())


# --- The Official Document System -------------------------------------------------------

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


_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


def looks_like_html(body: bytes) -> bool:
    start = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        b"<html" in start
    )


def describe_body(body: bytes, served: str) -> str:
    """What a body is, as a message names it: 'a web page ("Document not found")'."""
    if not body.strip():
        return "an empty answer"
    if looks_like_html(body):
        title = _TITLE.search(body[:8192])
        text = " ".join(title[1].decode("utf-8", "replace").split())[:100] if title else ""
        return f"a web page (“{text}”)" if text else "a web page (HTML)"
    return "a plain text" if served == "text" else f"a {served} file"


# --- The UN Digital Library ---------------------------------------------------------------

# 967 $d: how a country voted; a country listed without one did not vote.
VOTE_CODES = {"Y": "in_favour", "N": "against", "A": "abstaining"}
NOT_VOTING = "not_voting"
# 993's first indicator: what the related document is to this one.
RELATED_DRAFT = "2"
RELATED_MEETING = "4"


@dataclass(frozen=True)
class LibraryVote:
    """One country's vote (967): ISO 3166 alpha-3 code, name, position (VOTE_CODES)."""

    code: str
    name: str
    position: str


@dataclass(frozen=True)
class LibraryAgendaItem:
    """An agenda item the record names (991): the agenda's symbol, item number, title."""

    agenda: str
    number: int | None
    title: str


@dataclass
class LibraryRecord:
    """What the Digital Library records of one symbol, from its bibliographic and voting
    records together; a field none of them gives is empty."""

    symbol: str
    record_ids: list[str] = field(default_factory=list)  # 001
    title: str = ""  # 245 $a $b
    date: datetime.date | None = None  # 269: the record's date (the vote's, in a voting record)
    vote_date: datetime.date | None = None  # 992
    agenda_items: list[LibraryAgendaItem] = field(default_factory=list)  # 991
    subjects: list[str] = field(default_factory=list)  # 650 $a
    drafts: list[str] = field(default_factory=list)  # 993 ind1 2
    meetings: list[str] = field(default_factory=list)  # 993 ind1 4
    votes: list[LibraryVote] = field(default_factory=list)  # 967
    # 996: $a a note ("Adopted without vote"), $b yes, $c no, $d abstentions,
    # $e non-voting, $f the total voting membership.
    vote_note: str = ""
    in_favour: int | None = None
    against: int | None = None
    abstaining: int | None = None
    not_voting: int | None = None
    voting_membership: int | None = None

    @property
    def has_vote(self) -> bool:
        return bool(self.votes) or self.in_favour is not None

    @property
    def adopted_on(self) -> datetime.date | None:
        """The date of adoption: 992's, else the voting record's own date."""
        return self.vote_date or (self.date if self.has_vote else None)

    def countries(self) -> dict[str, list[str]]:
        """Position -> the names of the countries that took it, as parsing.Adoption has
        them; countries that did not vote are left out, as a text leaves them out."""
        positions: dict[str, list[str]] = {position: [] for position in VOTE_CODES.values()}
        for vote in self.votes:
            if vote.position in positions:
                positions[vote.position].append(vote.name)
        return positions if any(positions.values()) else {}


def library_url(config: ServiceConfig, symbol: str) -> str:
    query = {"p": symbol, "of": "xm"}
    return f"{config.library_url}?{urllib.parse.urlencode(query, safe='/')}"


def fetch_record(client: Client, symbol: str) -> LibraryRecord | None:
    """The Digital Library's record of `symbol`, None when it has none; FetchFailed."""

    def check(body: bytes) -> bool:
        # No record yet is no answer to keep: the library may catalogue it tomorrow.
        return read_library_records(body, symbol) is not None

    body = client.get(
        library_url(client.config, symbol), symbol=symbol, service=LIBRARY, check=check
    )
    return read_library_records(body, symbol)


def read_library_records(data: bytes, symbol: str) -> LibraryRecord | None:
    """The record of `symbol` among the MARCXML records of a search answer, None when no
    record names it (a search for A/HRC/RES/59/1 also finds 59/10 and the texts that cite
    it); WrongDocument when the answer is not MARCXML."""
    if looks_like_html(data):
        raise WrongDocument(
            symbol, f"{LIBRARY} served {describe_body(data, 'text')}, not the MARCXML asked for"
        )
    try:
        records = pymarc.parse_xml_to_array(io.BytesIO(data))
    except xml.sax.SAXException as error:
        raise WrongDocument(
            symbol, f"the answer of {LIBRARY} is not XML that reads ({error})"
        ) from None
    wanted = _symbol_key(symbol)
    own = [r for r in records if wanted in {_symbol_key(s) for s in _symbols_of(r)}]
    if not own:
        return None
    result = LibraryRecord(symbol=symbol)
    for record in own:
        _read_record(record, result)
    return result


def _symbol_key(symbol: str) -> str:
    return " ".join(symbol.split()).upper()


def _symbols_of(record: pymarc.Record) -> list[str]:
    """The symbols a record is of: 191 $a in a bibliographic record, 791 $a in a voting one."""
    return [value for f in record.get_fields("191", "791") for value in f.get_subfields("a")]


def _read_record(record: pymarc.Record, into: LibraryRecord):
    """Add what `record` says to `into`, where an earlier record left a field empty."""
    control = record.get_fields("001")
    if control and control[0].data:
        into.record_ids.append(control[0].data.strip())
    if not into.title:
        for title in record.get_fields("245"):
            parts = [" ".join(v.split()) for v in title.get_subfields("a", "b")]
            into.title = " ".join(p for p in parts if p).rstrip(" /:;,.")
            break
    into.date = into.date or _first_date(record, "269")
    into.vote_date = into.vote_date or _first_date(record, "992")
    if not into.agenda_items:
        into.agenda_items = [
            LibraryAgendaItem(
                agenda=_clean(item.get("a")),
                number=_number(item.get("b")),
                title=_clean(item.get("d")),
            )
            for item in record.get_fields("991")
        ]
    for subject in record.get_fields("650"):
        value = _clean(subject.get("a"))
        if value and value not in into.subjects:
            into.subjects.append(value)
    for related in record.get_fields("993"):
        kind = {RELATED_DRAFT: into.drafts, RELATED_MEETING: into.meetings}.get(related.indicator1)
        if kind is not None:
            for value in related.get_subfields("a"):
                if _clean(value) and _clean(value) not in kind:
                    kind.append(_clean(value))
    if not into.votes:
        into.votes = [
            LibraryVote(
                code=_clean(vote.get("c")).upper(),
                name=country_name(_clean(vote.get("e"))),
                position=VOTE_CODES.get(_clean(vote.get("d")).upper(), NOT_VOTING),
            )
            for vote in record.get_fields("967")
            if _clean(vote.get("e")) or _clean(vote.get("c"))
        ]
    if into.in_favour is None:
        for totals in record.get_fields("996"):
            into.vote_note = _clean(totals.get("a"))
            into.in_favour = _number(totals.get("b"))
            into.against = _number(totals.get("c"))
            into.abstaining = _number(totals.get("d"))
            into.not_voting = _number(totals.get("e"))
            into.voting_membership = _number(totals.get("f"))
            break


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _number(value: str | None) -> int | None:
    value = _clean(value)
    return int(value) if value.isdigit() else None


def _first_date(record: pymarc.Record, tag: str) -> datetime.date | None:
    for f in record.get_fields(tag):
        digits = re.sub(r"[^0-9]", "", f.get("a") or "")
        if len(digits) >= 8:
            try:
                return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
            except ValueError:
                continue
    return None


_SMALL_WORDS = {"of", "the", "and", "for"}


def country_name(raw: str) -> str:
    """A country's name as texts write it, from the library's capitals: "UNITED STATES OF
    AMERICA" -> "United States of America"; a name not all in capitals is kept."""
    if not raw.isupper():
        return raw
    words = []
    for position, word in enumerate(raw.lower().split()):
        if position and word.strip("()") in _SMALL_WORDS:
            words.append(word)
        elif word.startswith("d'") and len(word) > 2:  # CÔTE D'IVOIRE
            words.append("d'" + _capitalised(word[2:]))
        else:
            words.append("-".join(_capitalised(part) for part in word.split("-")))
    return " ".join(words)


def _capitalised(word: str) -> str:
    """The first letter in capitals, after any opening bracket: "(plurinational" ->
    "(Plurinational"."""
    for index, character in enumerate(word):
        if character.isalpha():
            return word[:index] + character.upper() + word[index + 1 :]
    return word


# --- Sessions -----------------------------------------------------------------------------

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
