"""The staff page that fetches texts from the UN by symbol, in the background
(importing/tasks.py), and lists the latest fetches with how each ended."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from resolutions.access import IMPORT_PERMISSION
from resolutions.importing.tasks import ask_for_fetch
from resolutions.models import FetchRequest, Resolution
from resolutions.web.forms import FetchForm

# How many of the latest fetches the page lists.
LATEST = 50


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def fetch_from_un(request):
    """GET: the form and the latest fetches. POST: queue a fetch of the symbol, then go
    back to the resolution's page when it is stored (catalogue-only texts), else here."""
    form = FetchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        symbol = form.cleaned_data["symbol"]
        fetch, is_new = ask_for_fetch(symbol, request.user)
        if is_new:
            messages.info(request, fetch_queued_message(symbol))
        else:
            messages.info(request, fetch_joined_message(fetch))
        if Resolution.objects.filter(symbol=symbol).exists():
            return redirect("resolution_detail", symbol)
        return redirect("fetch_from_un")
    latest = FetchRequest.objects.select_related("text_import__resolution")[:LATEST]
    status = 400 if form.is_bound else 200
    return render(
        request, "resolutions/fetch.html", {"form": form, "fetches": latest}, status=status
    )


def fetch_queued_message(symbol: str) -> str:
    return _(
        "%(symbol)s will be fetched from the UN in the background, in a few seconds; "
        "reload the page to see it."
    ) % {"symbol": symbol}


def fetch_joined_message(fetch: FetchRequest) -> str:
    return _(
        "%(symbol)s is being fetched already (asked by %(name)s); reload the page to see it."
    ) % {"symbol": fetch.symbol, "name": fetch.requested_by_name}
