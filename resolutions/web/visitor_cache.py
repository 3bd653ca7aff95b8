"""Visitors' pages, kept in the cache while what they show is unchanged.

Everyone who is not logged in sees the same page for the same address, language and
day, and what a page shows changes only when data is written. So a visitor's page is
rendered once and kept under the data version (counts.py), which every write to what a
page shows replaces in its own transaction: the first request after a write renders
afresh, and no visitor is served a page older than the data. Today's date is in the key
too, since a request falls overdue with the day and no write says so.

A page that read nothing of what staff record (resolutions/reading.py watches it being
made) is kept under the texts' version instead, and outlives a request's progress
recorded. So is one that read it only through checks (`checked`): small reads (how many
requests the rows of a list have open, the home page's requests due soonest) whose
answers, digested as a fragment's values are (fragments.py), the kept page is served
with only while they are the same. Each check's digest is itself kept under the data
version, so that a check is asked once after each write, not on every visit.

One thing on a visitor's page is their own: the CSRF token of the language switch. The
page is kept with a hole where the token goes (`{% csrf_input_or_hole %}`), and every
response, kept or fresh, gets the visitor's own token in it.

Never kept: a page for someone logged in; a request that carries messages to show; a
response other than a 200, streamed, larger than LARGEST, setting a cookie, adding a
message, changing the session, or that used the CSRF token anywhere else (a form that
posts); an error page; a request other than GET or HEAD.

The API keeps the data of its read-only answers the same way (`kept_data`), after its
throttle and content negotiation have run: it renders them afresh in the format asked.
"""

import functools
import hashlib
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from resolutions import counts, reading
from resolutions.web import fragments

# A backstop: the data version and the date are what retire a page.
TIMEOUT = 60 * 60
LARGEST = 2 * 1024 * 1024
# Set on a request whose page may be kept: the header leaves the hole for the token.
KEEPING = "_visitor_page_kept"


def hole() -> str:
    """The stand-in for the token in a kept page; derived from the secret key, so that no
    text stored in the tracker can hold it and be filled with a visitor's token."""
    return (
        "csrf-hole-"
        + salted_hmac("visitor-cache.hole", "token", algorithm="sha256").hexdigest()[:24]
    )


class Keys(NamedTuple):
    """Where a visitor's page at an address is kept: under the texts' version, for a page
    that read nothing of what staff record but through its checks (resolutions/reading.py),
    or under the data version, and the versions they were made from."""

    texts: str
    data: str
    versions: tuple[int, int]

    def of(self, read: reading.Reading) -> str:
        return self.data if read.follow_ups else self.texts


def key_for(request, kind: str) -> Keys | None:
    """The cache keys of what a visitor is shown at this address today, or None where
    nothing may be kept for this request."""
    if not settings.VISITOR_PAGES_KEPT:
        return None
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return None
    if len(messages.get_messages(request)):
        return None  # the page must show them, once
    data, texts = current = counts.versions()
    if data is None or texts is None:
        return None
    parts = (
        request.build_absolute_uri(),
        translation.get_language(),
        timezone.localdate().isoformat(),
    )
    # A page kept under the texts' version outlives many writes: not a new release.
    under_texts = repr((*parts, "texts", texts, fragments.release())).encode()
    return Keys(
        texts=f"visitor-{kind}:" + hashlib.sha256(under_texts).hexdigest(),
        data=f"visitor-{kind}:" + hashlib.sha256(repr((*parts, data)).encode()).hexdigest(),
        versions=current,
    )


def check(name: str):
    """Register a check (resolutions/reading.py): a function of plain arguments whose
    answer, digested as a fragment's values are (web/fragments.py), a page kept under the
    texts' version must still give to be served."""

    def register(function):
        CHECKS[name] = function
        return function

    return register


CHECKS: dict[str, Callable] = {}


def checked(name: str, *args):
    """`CHECKS[name](*args)`, what the page being made shows of what staff record, and
    recorded with its answer's digest for the page kept under the texts' version."""
    read = reading.current()
    outermost = read is not None and not read.checking
    answer, digest = _answer(name, args)
    if outermost:
        if digest is None:
            read.follow_ups = True  # an answer that cannot be compared: no check
        else:
            read.checks.append((name, args, digest))
    return answer


def _answer(name: str, args: tuple) -> tuple:
    """A check's answer and its digest (None for one that cannot be digested), kept under
    the data version: asked once after each write, not on every visit nor every page."""

    def asked():
        answer = CHECKS[name](*args)
        try:
            return answer, _digest(answer)
        except TypeError:
            return answer, None

    with reading.checking():
        return counts.cached("check", (name, args), asked, store="checks")


def _digest(answer) -> str:
    digest = fragments.Digest()
    digest.add(answer)
    return digest.hexdigest()


def _still(checks) -> bool:
    """Whether every check of a page kept under the texts' version gives what it gave."""
    return all(_answer(name, args)[1] == digest for name, args, digest in checks)


def _found(keys: Keys):
    """What is kept for these keys and may be served: under the texts' version if its
    checks still hold, else under the data version; None if neither."""
    found = caches["pages"].get_many([keys.texts, keys.data])
    under_texts = found.get(keys.texts)
    if under_texts is not None and _still(under_texts[-1]):
        return under_texts
    return found.get(keys.data)


def _keepable(request, response) -> bool:
    """Whether the response is one every visitor may be given: a plain 200 that sets no
    cookie, used no CSRF token but the hole, added no message and left the session as it
    was. (The middleware sets its cookies later, from the last three.)"""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and len(response.content) <= LARGEST
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "_messages", None), "added_new", False)
        and not getattr(getattr(request, "session", None), "modified", False)
    )


def _fill(request, response):
    """Put the visitor's own CSRF token where the kept page has its hole."""
    marker = hole().encode()
    if marker in response.content:
        response.content = response.content.replace(marker, get_token(request).encode())
    return response


def for_visitors(view):
    """Serve `view`'s page to visitors from the cache, rendering it once per version (the
    texts' or the data version, by what it read), language and day."""

    @functools.wraps(view)
    def kept(request, *args, **kwargs):
        keys = key_for(request, "page")
        if keys is None:
            with reading.watching():  # nothing kept, but the versions read once
                return view(request, *args, **kwargs)
        with reading.watching(keys.versions) as read:
            page = _found(keys)
            if page is not None:
                headers, content, _ = page
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                return _fill(request, response)
            setattr(request, KEEPING, True)
            try:
                response = view(request, *args, **kwargs)
            except BaseException:
                # The error page (404, 403) is rendered after this, and is never kept: it
                # gets the visitor's token, not the hole.
                setattr(request, KEEPING, False)
                raise
        # A response rendered later was not watched: kept under the data version.
        rendered = getattr(response, "is_rendered", True)
        key = keys.of(read) if rendered else keys.data

        def keep(response):
            if _keepable(request, response):
                page = (list(response.items()), response.content, read.checks)
                caches["pages"].set(key, page, TIMEOUT)
            return _fill(request, response)

        if rendered:
            return keep(response)
        response.add_post_render_callback(keep)
        return response

    return kept


def kept_data(request, compute):
    """`compute()`'s Response for a visitor, its data kept as `for_visitors` keeps pages;
    for the API's read-only answers, after the throttle and content negotiation."""
    from rest_framework.response import Response

    keys = key_for(request, "data")
    if keys is None:
        with reading.watching():
            return compute()
    with reading.watching(keys.versions) as read:
        data = _found(keys)
        if data is not None:
            return Response(data[0])
        response = compute()
    if response.status_code == 200:
        caches["pages"].set(keys.of(read), (response.data, read.checks), TIMEOUT)
    return response
