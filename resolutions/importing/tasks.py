"""Background work: a fetch from the UN asked for on a page.

A page must answer at once, and a fetch waits on two services and the rate limit. So the
page stores a FetchRequest and queues a task in one transaction (ask_for_fetch): a request
is never stored without its task, nor a task queued for a request not stored. The worker
(`manage.py db_worker`, Django's tasks framework with the django-tasks-db backend) runs
fetch_from_un, which fetches and imports as `manage.py fetch_documents` does
(fetching.fetch_symbol) and writes on the request how it ended, for the resolution page to
show. One unfinished fetch per symbol: asking again joins it.
"""

import logging

from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from resolutions.importing.fetching import (
    SKIPPED,
    FetchOptions,
    FetchRefused,
    fetch_symbol,
    service_config,
)
from resolutions.models import FetchOutcome, FetchRequest, FetchStatus
from resolutions.sources import un

logger = logging.getLogger(__name__)

REPLACE_HINT = (
    " To replace the stored text, upload the file on the import page and tick "
    "“Replace the stored text”."
)


def ask_for_fetch(symbol: str, user) -> tuple[FetchRequest, bool]:
    """The unfinished fetch of `symbol`, queued now by `user` unless one was already; and
    whether it is new."""
    try:
        with transaction.atomic():
            fetch = FetchRequest.objects.create(
                symbol=symbol, requested_by=user, requested_by_name=user.get_username()
            )
            result = fetch_from_un.enqueue(fetch.pk)
            fetch.task_id = str(result.id)
            fetch.save(update_fields=["task_id"])
    except IntegrityError:
        # Another click, or another person, asked first (fetch_request_one_unfinished).
        existing = FetchRequest.objects.unfinished().filter(symbol=symbol).first()
        if existing is None:  # it ended in between: ask again
            return ask_for_fetch(symbol, user)
        return existing, False
    logger.info("fetch of %s queued by %s (task %s)", symbol, user, fetch.task_id)
    return fetch, True


@task()
def fetch_from_un(fetch_id: int) -> str:
    """Fetch and import the symbol of FetchRequest `fetch_id`; its status as it ended."""
    claimed = FetchRequest.objects.filter(pk=fetch_id, status=FetchStatus.QUEUED).update(
        status=FetchStatus.RUNNING, started_at=timezone.now()
    )
    fetch = FetchRequest.objects.select_related("requested_by").get(pk=fetch_id)
    if not claimed:
        # A task run twice (a worker that died after claiming it) does the work once.
        return fetch.status
    try:
        fetched = fetch_symbol(
            un.Client(service_config()), fetch.symbol, FetchOptions(), user=fetch.requested_by
        )
    except FetchRefused as refusal:
        hint = REPLACE_HINT if refusal.replacement else ""
        outcome = FetchOutcome.NOT_FOUND if refusal.not_found else FetchOutcome.FAILED
        return _finish(fetch, FetchStatus.FAILED, outcome, refusal.reason + hint)
    except BaseException:
        # A programming error: the request says so, the worker records the traceback.
        _finish(fetch, FetchStatus.FAILED, FetchOutcome.FAILED, "internal error, please report it")
        raise
    if fetched.outcome == SKIPPED:
        return _finish(fetch, FetchStatus.DONE, FetchOutcome.SKIPPED, "")
    fetch.text_import = fetched.result.record
    return _finish(fetch, FetchStatus.DONE, fetched.outcome, " ".join(fetched.warnings))


def _finish(fetch: FetchRequest, status: str, outcome: str, message: str) -> str:
    fetch.status, fetch.outcome, fetch.message = status, outcome, message
    fetch.finished_at = timezone.now()
    fetch.save(update_fields=["status", "outcome", "message", "finished_at", "text_import"])
    logger.info("fetch of %s: %s %s", fetch.symbol, outcome, message)
    return status
