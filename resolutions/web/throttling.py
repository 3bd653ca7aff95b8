"""Who the client is, how much one client may ask of the site, and how many exports one
server runs at once.

`client_address` is the one answer to "who is asking": django-axes locks log-ins out by
it, the heavy public endpoints (exports, feeds, search) count requests by it through
django-ratelimit, and the API's throttle (DRF) counts by it too. Behind reverse proxies it
reads X-Forwarded-For, but only as far as TRUSTED_PROXY_COUNT says proxies stand in front:
the entries further left are whatever the client chose to send.
"""

import fcntl
import functools
import ipaddress
from pathlib import Path

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from rest_framework.throttling import AnonRateThrottle


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_address(request) -> str:
    """The address of the client, as the outermost trusted proxy saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, so
    with N trusted proxies the client is the N-th entry from the right, as DRF's
    NUM_PROXIES reads it. Without a trusted proxy, or with a header that is not an
    address, the connection's own address."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops:
            candidate = hops[-min(proxies, len(hops))]
            if _is_address(candidate):
                return candidate
    return remote


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler with two limits instead of one.

    Axes compares the largest failure count over its lockout parameters with a single
    limit. The tracker wants AXES_FAILURE_LIMIT for one account at one address (a guesser
    elsewhere cannot lock an account out) and the larger LOGIN_FAILURES_PER_ADDRESS for an
    address over all accounts (a guesser spraying passwords is stopped, an office behind
    one address is not stopped by one forgetful colleague). AXES_LOCKOUT_PARAMETERS lists
    the account-and-address first, the address second."""

    def get_failures(self, request, credentials=None) -> int:
        per_account, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if per_address >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return max(per_account, settings.AXES_FAILURE_LIMIT)
        return per_account


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def _client_key(group, request) -> str:
    return client_address(request)


def _rate(group, request) -> str | None:
    # None is "no limit" to django-ratelimit: staff export and search for their work.
    return None if _is_staff(request) else settings.RATE_LIMITS[group]


def too_many_requests(request, retry_after: int):
    message = _(
        "Too many requests from your address for this kind of page. "
        "Please try again in %(seconds)s seconds."
    ) % {"seconds": retry_after}
    response = HttpResponse(
        # Without the request, as the 503 page: no context processor reads the session.
        render_to_string("429.html", {"message": message}),
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(kind: str):
    """Limit a view to RATE_LIMITS[kind] requests per client, answering 429 with
    Retry-After beyond it. Only reads (GET, HEAD) count: other methods are refused by
    the views anyway."""

    def decorator(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            usage = get_usage(
                request,
                group=kind,
                key=_client_key,
                rate=_rate,
                method=["GET", "HEAD"],
                increment=True,
            )
            if usage is not None and usage["should_limit"]:
                return too_many_requests(request, max(usage["time_left"], 1))
            return view(request, *args, **kwargs)

        return limited

    return decorator


class AnonymousAPIThrottle(AnonRateThrottle):
    """DRF's throttle for anonymous readers, keyed by `client_address` and at the rate
    read from RATE_LIMITS when the request comes (so that tests may change it)."""

    scope = "api"

    def get_rate(self):
        return settings.RATE_LIMITS[self.scope]

    def get_ident(self, request):
        return client_address(request)


# Exports at once, per server. A long export holds a gunicorn worker for as long as it
# streams; with every worker streaming, pages wait in the queue behind them. So at most
# EXPORTS_AT_ONCE run at a time on one machine, whatever the client, and the rest are
# told to come back. The slots are locks on files (flock): shared by every worker process
# and thread of the machine, and let go by the system if a worker dies holding one.

BUSY_RETRY_AFTER_SECONDS = 10


def take_export_slot():
    """An open, locked slot file (close it to let the slot go), or None when every slot
    is taken. With EXPORTS_AT_ONCE 0 there is no cap, and the slot holds nothing."""
    if not settings.EXPORTS_AT_ONCE:
        return _NoSlot()
    directory = Path(settings.EXPORT_SLOTS_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    for number in range(settings.EXPORTS_AT_ONCE):
        # Left open: the lock lasts as long as the file is open (the caller closes it).
        handle = open(directory / f"slot-{number}", "a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        return handle
    return None


class _NoSlot:
    def close(self):
        pass


def server_busy_response():
    message = _(
        "The server is busy with other exports. Please try again in %(seconds)s seconds."
    ) % {"seconds": BUSY_RETRY_AFTER_SECONDS}
    context = {"title": _("Busy"), "message": message}
    response = HttpResponse(render_to_string("429.html", context), status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
    return response


class HeldWhileStreaming:
    """A streamed body that holds an export slot until the response is closed (read to
    the end, or the client gone): StreamingHttpResponse closes what it streams."""

    def __init__(self, iterable, slot):
        self.iterator = iter(iterable)
        self.slot = slot

    def __iter__(self):
        return self.iterator

    def close(self):
        try:
            if hasattr(self.iterator, "close"):
                self.iterator.close()
        finally:
            self.slot.close()
