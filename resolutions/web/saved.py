"""Saved searches: the filters of the resolution list, the follow-up list or the paragraph
search kept under a name by one person (models/searches.py), with their own Atom feed and
calendar at a signed address, and what a watch on one hears of (followups/watching.py
reads it through `matching`, registered in apps.py).

A feed or calendar address is a credential a reader can poll without logging in, so what
it shows is what the public would see with the same filters: public events only, and no
filter on who a request is assigned to. The person's own e-mail news reads the search as
they would, assignments included.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from resolutions.followups.watching import Matched
from resolutions.models import FollowUp, FollowUpEvent, Resolution, SavedSearch, SavedSearchKind
from resolutions.models.searches import saved_search_of
from resolutions.web import feeds
from resolutions.web.filters import ALL, FollowUpFilter, ResolutionFilter
from resolutions.web.search import FOLLOW_UP_STATUSES as STATUSES
from resolutions.web.search import PARAGRAPH_KINDS, WORDS_READ, searched

# Enough for anyone's work; a form that saves more is told to delete some first.
SAVED_SEARCH_LIMIT = 100
# The search's own parameters, which the resolution filters do not know.
SEARCH_ONLY = ["q", "paragraph_kind", "follow_up_status"]
QUERY_LENGTH = SavedSearch._meta.get_field("query").max_length


def cleaned_params(query: str) -> QueryDict:
    """The filters of a page's address, without its page number or empty values."""
    kept = QueryDict(mutable=True)
    for name, values in QueryDict(query).lists():
        for value in values:
            if name != "page" and value.strip():
                kept.appendlist(name, value.strip())
    return kept


def _follow_ups(params: QueryDict, user):
    """The requests a follow-up search lists, whatever their status now: a request that
    was open when saved stays in it once fulfilled."""
    params = params.copy()
    params["status"] = ALL
    filterset = FollowUpFilter(
        params, queryset=FollowUp.objects.all(), today=timezone.localdate(), user=user
    )
    return filterset.qs


def matching(saved: SavedSearch, *, user=None, since=None) -> Matched:
    """What a saved search matches, read as `user` would (the search's owner by default);
    with `since`, a paragraph search's texts among those stored since then, which its
    ranking could otherwise leave out behind older, better-ranked ones."""
    params = saved.params
    user = user or saved.user
    if saved.kind == SavedSearchKind.FOLLOW_UPS:
        requests = _follow_ups(params, user)
        return Matched(Resolution.objects.filter(pk__in=requests.values("resolution")), requests)
    if saved.kind == SavedSearchKind.SEARCH:
        within = Resolution.objects.listed()
        if since is not None:
            within = within.filter(created_at__gte=since)
        hits = searched(params, within=within).hits
        texts = Resolution.objects.filter(pk__in={hit.resolution_id for hit in hits})
    else:
        texts = ResolutionFilter(params, queryset=Resolution.objects.all()).qs
    return Matched(texts, FollowUp.objects.filter(resolution__in=texts.values("pk")))


def _search_errors(params: QueryDict) -> list[str]:
    """What is wrong with a paragraph search's own parameters."""
    errors = []
    if len(params.get("q", "")) > WORDS_READ:
        errors.append(_("q: at most %(count)d characters.") % {"count": WORDS_READ})
    for name, choices in [("paragraph_kind", PARAGRAPH_KINDS), ("follow_up_status", STATUSES)]:
        if params.get(name, "") not in {"", *dict(choices)}:
            errors.append(
                _("%(name)s: “%(value)s” is not one of the choices.")
                % {"name": name, "value": params[name]}
            )
    return errors


def filter_errors(kind: str, params: QueryDict) -> list[str]:
    """What is wrong with the filters, as the page they come from would say it."""
    if any("\x00" in value for _name, values in params.lists() for value in values):
        return [_("The filters hold a character that is not text (NUL).")]
    if kind == SavedSearchKind.SEARCH and (errors := _search_errors(params)):
        return errors
    if kind == SavedSearchKind.FOLLOW_UPS:
        form = FollowUpFilter(params, queryset=FollowUp.objects.none()).form
    else:
        kept = params.copy()
        for name in SEARCH_ONLY if kind == SavedSearchKind.SEARCH else []:
            kept.pop(name, None)
        form = ResolutionFilter(kept, queryset=Resolution.objects.none()).form
    return [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100, strip=True)
    kind = forms.ChoiceField(choices=SavedSearchKind.choices, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if "kind" in cleaned and "query" in cleaned:
            params = cleaned_params(cleaned["query"])
            for error in filter_errors(cleaned["kind"], params):
                self.add_error(None, error)
            cleaned["query"] = params.urlencode()
            if len(cleaned["query"]) > QUERY_LENGTH:  # as stored, each letter encoded
                self.add_error(None, _("These filters are too long to keep: shorten them."))
        return cleaned


@require_http_methods(["GET", "POST"])
@login_required
def saved_searches(request):
    """One's saved searches, with their feeds, calendars and watches; a POST saves one
    (a name used before takes the new filters, and keeps its feed and its watch)."""
    form = SavedSearchForm(request.POST or None)
    mine = request.user.saved_searches.all()
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        if len(mine) >= SAVED_SEARCH_LIMIT and not mine.filter(name=name).exists():
            form.add_error(
                "name",
                _("You have %(limit)d saved searches: delete one first.")
                % {"limit": SAVED_SEARCH_LIMIT},
            )
        else:
            _saved, created = SavedSearch.objects.update_or_create(
                user=request.user, name=name, defaults=form.cleaned_data
            )
            notice = _("Saved “%(name)s”.") if created else _("“%(name)s” now keeps these filters.")
            messages.success(request, notice % {"name": name})
            return redirect("saved_searches")
    watched = set(request.user.watches.values_list("saved_search", flat=True))
    context = {"form": form, "saved_searches": mine, "watched": watched}
    status = 400 if form.errors else 200
    return render(request, "resolutions/saved_searches.html", context, status=status)


@require_POST
@login_required
def delete_saved_search(request, pk):
    saved = get_object_or_404(request.user.saved_searches, pk=pk)
    saved.delete()  # its watch and its feed's address with it
    messages.success(
        request, _("“%(name)s” is deleted; its feed and calendar stop.") % {"name": saved.name}
    )
    return redirect("saved_searches")


class SavedFeed:
    """A saved search's feed: the feed of its page, under its name and at its address."""

    def get_object(self, request, saved):
        return feeds.FeedQuery(request, saved.params, saved=saved)

    def title(self, query):
        return _("%(name)s · Resolution tracker") % {"name": query.saved.name}

    def link(self, query):
        return query.saved.public_url()

    def feed_url(self, query):
        return query.saved.feed_url()


class SavedResolutionFeed(SavedFeed, feeds.ResolutionFeed):
    pass


class SavedParagraphFeed(SavedFeed, feeds.SearchFeed):
    pass


class SavedFollowUpFeed(SavedFeed, feeds.FollowUpEventFeed):
    def events(self, query):
        requests = _follow_ups(query.params, AnonymousUser()).values("pk")
        return FollowUpEvent.objects.filter(is_public=True, follow_up__in=requests)


SAVED_FEEDS = {
    SavedSearchKind.RESOLUTIONS: SavedResolutionFeed(),
    SavedSearchKind.SEARCH: SavedParagraphFeed(),
    SavedSearchKind.FOLLOW_UPS: SavedFollowUpFeed(),
}


@require_safe
def saved_search_feed(request, token):
    saved = saved_search_of(token)
    if saved is None:
        raise Http404(_("This feed's address is not valid, or its saved search was deleted."))
    return SAVED_FEEDS[saved.kind](request, saved=saved)


@require_safe
def saved_search_calendar(request, token):
    """The deadlines of the open requests a saved search holds."""
    saved = saved_search_of(token)
    if saved is None:
        raise Http404(_("This calendar's address is not valid, or its saved search was deleted."))
    requests = matching(saved, user=AnonymousUser()).follow_ups
    follow_ups = (
        FollowUp.objects.open()
        .filter(pk__in=requests.values("pk"), due_on__isnull=False)
        .select_related("paragraph", "resolution")
        .only(*feeds.CALENDAR_FIELDS)
        .order_by("due_on", "id")
    )
    return feeds.calendar_response(request, follow_ups, saved.name)
