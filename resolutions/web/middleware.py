"""Requests the views cannot answer, answered for what they are: a plain 503 page while the
database cannot be reached, and a 404 or 400 for an address that cannot be read."""

import logging
from urllib.parse import unquote_to_bytes

from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

# What libpq and sqlite3 say when the connection is gone or could not be made. Their
# other OperationalErrors (a lock wait that timed out, a statement cancelled, a limit passed,
# a missing table) are faults of the request or the code, not an outage. SQLAlchemy tells a
# disconnection apart the same way, by the driver's words.
LOST_CONNECTION_WORDS = (
    "server closed the connection",
    "terminating connection",
    "connection refused",
    "could not connect",
    "connection failed",
    "connection is closed",
    "connection already closed",
    "connection is lost",
    "no connection to the server",
    "could not receive data from server",
    "could not send data to server",
    "consuming input failed",
    "ssl syscall error",
    "unable to open database file",
    "disk i/o error",
    "cannot operate on a closed database",
)
# PostgreSQL's codes for the same: class 08 (connection exception), and a server shutting
# down or not yet accepting connections.
LOST_CONNECTION_SQLSTATES = ("57P01", "57P02", "57P03")


def connection_lost(exception: BaseException) -> bool:
    """Whether a database error means the database cannot be reached, rather than a query
    that failed on a database that answers."""
    if not isinstance(exception, (OperationalError, InterfaceError)):
        return False
    cause = exception.__cause__ or exception
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith("08") or sqlstate in LOST_CONNECTION_SQLSTATES
    # psycopg marks a connection whose server went away as broken.
    for wrapper in connections.all(initialized_only=True):
        if getattr(wrapper.connection, "broken", False):
            return True
    message = str(exception).lower()
    return any(words in message for words in LOST_CONNECTION_WORDS)


def database_unavailable_response() -> HttpResponse:
    # Rendered without a request, so no context processor (user, messages) touches the
    # database that has just failed.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 when a view fails because the database is down or the connection broke.
    Any other database error goes on to Django's handler: a 500 with its traceback logged.

    Nothing is kept from one request to the next: with CONN_HEALTH_CHECKS Django replaces a
    dead connection when the next request begins, so the site recovers by itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not connection_lost(exception):
            return None
        # A warning, not an error with a traceback: the cause is outside the code, and the
        # monitoring that matters is /healthz.
        logger.warning(
            "Database unavailable for %s %s: %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
            exception,
        )
        return database_unavailable_response()


class UnreadableRequest(Exception):
    """A request address that no page can answer: why, in words for the visitor."""


def check_address(request) -> None:
    """Raise Http404 for a path holding a NUL (no resolution, document or session can be named
    with one) and UnreadableRequest for a query string that is not UTF-8 or holds a NUL.

    PostgreSQL refuses NUL in text, and a query string that is not UTF-8 reaches the views as
    replacement characters: both are refused here, once, before any view or filter reads them.
    Django keeps bytes that are not UTF-8 in the path percent-encoded, so the path needs only
    the NUL check."""
    if "\x00" in request.path_info:
        raise Http404("A NUL character in the path")
    query_string = request.META.get("QUERY_STRING", "")
    try:
        # WSGI hands over the bytes as Latin-1; Django's ASGI handler has decoded them.
        raw = query_string.encode("iso-8859-1")
    except UnicodeEncodeError:
        raw = query_string.encode("utf-8", "surrogatepass")
    try:
        query = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeError:
        raise UnreadableRequest(
            _("The address holds bytes that are not UTF-8 text after the question mark.")
        ) from None
    if "\x00" in query:
        raise UnreadableRequest(_("The address holds a NUL character after the question mark."))


class UnreadableRequestMiddleware:
    """Answer 404 or 400 to an address that cannot be read (check_address), so that what the
    database or a filter would choke on never reaches them. Independent of every other
    middleware: it reads only the request line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_address(request)
        except UnreadableRequest as problem:
            return bad_request_response(request, str(problem))
        return self.get_response(request)


def bad_request_response(request, reason: str) -> HttpResponse:
    if request.path_info.startswith(reverse("api:root")):
        return JsonResponse({"detail": reason}, status=400)
    # Rendered without the request, as Django renders its own 400 page: nothing the request
    # carries is read again.
    return HttpResponse(render_to_string("400.html", {"reason": reason}), status=400)
