"""Visitors' pages, kept in the cache while what they show is unchanged.

Everyone who is not logged in sees the same page for the same address, language and
day, and what a page shows changes only when data is written. So a visitor's page is
rendered once and kept under the data version (counts.py), which every write to what a
page shows replaces in its own transaction: the first request after a write renders
afresh, and no visitor is served a page older than the data. Today's date is in the key
too, since a request falls overdue with the day and no write says so.

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

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from resolutions import counts

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


def key_for(request, kind: str) -> str | None:
    """The cache key of what a visitor is shown at this address today, or None where
    nothing may be kept for this request."""
    if not settings.VISITOR_PAGES_KEPT:
        return None
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return None
    if len(messages.get_messages(request)):
        return None  # the page must show them, once
    current = counts.version()
    if current is None:
        return None
    parts = (
        request.build_absolute_uri(),
        translation.get_language(),
        timezone.localdate().isoformat(),
        current,
    )
    return f"visitor-{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


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
    """Serve `view`'s page to visitors from the cache, rendering it once per data version,
    language and day."""

    @functools.wraps(view)
    def kept(request, *args, **kwargs):
        key = key_for(request, "page")
        if key is None:
            return view(request, *args, **kwargs)
        page = caches["pages"].get(key)
        if page is not None:
            headers, content = page
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return _fill(request, response)
        setattr(request, KEEPING, True)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            # The error page (404, 403) is rendered after this, and is never kept: it gets
            # the visitor's token, not the hole.
            setattr(request, KEEPING, False)
            raise

        def keep(response):
            if _keepable(request, response):
                caches["pages"].set(key, (list(response.items()), response.content), TIMEOUT)
            return _fill(request, response)

        if getattr(response, "is_rendered", True):
            return keep(response)
        response.add_post_render_callback(keep)
        return response

    return kept


def kept_data(request, compute):
    """`compute()`'s Response for a visitor, its data kept as `for_visitors` keeps pages;
    for the API's read-only answers, after the throttle and content negotiation."""
    from rest_framework.response import Response

    key = key_for(request, "data")
    if key is None:
        return compute()
    data = caches["pages"].get(key)
    if data is not None:
        return Response(data)
    response = compute()
    if response.status_code == 200:
        caches["pages"].set(key, response.data, TIMEOUT)
    return response
