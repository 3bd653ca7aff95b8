"""Asking the UN's services: a Client that fetches one address at a time, politely and
through a disk cache, the errors a fetch ends in, and what a service served as a message
names it.

A Client asks politely: one request at a time, spaced by the rate limit (one a second
unless configured), with a User-Agent that names the tracker and whom to contact; it
retries what may pass (429 after the Retry-After it gives, 5xx, a timeout, a body cut
short) with a growing wait, and keeps every good answer in a disk cache, so that a second
fetch of the same address asks nothing and an interrupted batch resumes without asking
again for what it had.
"""

from __future__ import annotations

import datetime
import hashlib
import http.client
import os
import re
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

# The tracker as the services' operators see it; the version is pyproject.toml's.
PRODUCT = "resolution-tracker/0.1.0"

ODS_URL = "https://documents.un.org/api/symbol/access"
LIBRARY_URL = "https://digitallibrary.un.org/search"


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


# What a service served -------------------------------------------------------------

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


def looks_like_html(body: bytes) -> bool:
    """Whether `body` starts as a web page does (a service's error page, served as if it
    were the answer)."""
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
