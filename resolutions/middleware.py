"""What a visitor sees when the database cannot be reached: a plain 503 page that asks them
to come back, instead of a server error, until the database returns."""

import logging

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    # Rendered without a request, so no context processor (user, messages) touches the
    # database that has just failed.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 when a view fails because the database is down or the connection broke.

    Nothing is kept from one request to the next: with CONN_HEALTH_CHECKS Django replaces a
    dead connection when the next request begins, so the site recovers by itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
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
