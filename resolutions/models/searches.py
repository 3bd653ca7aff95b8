"""Searches kept under a name: a list or a search with its filters, one person's, with its
own Atom feed and calendar at a signed address (web/saved.py) that a feed reader or a
calendar can poll without logging in."""

from django.conf import settings
from django.core import signing
from django.db import models
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FEED_SALT = "resolutions.saved_search.feed"


class SavedSearchKind(models.TextChoices):
    RESOLUTIONS = "resolutions", _("Resolutions")
    FOLLOW_UPS = "follow_ups", _("Follow-up requests")
    SEARCH = "search", _("Paragraph search")


# The page each kind is kept from, and goes back to.
KIND_PAGES = {
    SavedSearchKind.RESOLUTIONS: "resolution_list",
    SavedSearchKind.FOLLOW_UPS: "follow_up_list",
    SavedSearchKind.SEARCH: "search",
}


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("what it lists"), max_length=12, choices=SavedSearchKind)
    # The filters as the page's URL carries them, without the page number.
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_unique_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self._page_url(self.params)

    def public_url(self):
        """Its page without the filter on who is assigned: a staff name is not public."""
        params = self.params.copy()
        params.pop("assigned", None)
        return self._page_url(params)

    def _page_url(self, params: QueryDict) -> str:
        url = reverse(KIND_PAGES[self.kind])
        return f"{url}?{params.urlencode()}" if params else url

    @property
    def params(self) -> QueryDict:
        return QueryDict(self.query)

    @property
    def reads_assignments(self) -> bool:
        """Whether it filters on who a request is assigned to: its owner's e-mail news
        reads that filter, its public feed and calendar cannot."""
        return self.kind == SavedSearchKind.FOLLOW_UPS and "assigned" in self.params

    @property
    def token(self) -> str:
        """The credential of its feed and calendar, the same each time it is asked for (an
        address a reader keeps): whoever has it reads them, as they would the public feeds
        of its filters; deleting the search ends it."""
        return signing.Signer(salt=FEED_SALT).sign(str(self.pk))

    def feed_url(self):
        return reverse("saved_search_feed", args=[self.token])

    def calendar_url(self):
        return reverse("saved_search_calendar", args=[self.token])


def saved_search_of(token: str) -> SavedSearch | None:
    """The saved search a feed address was made for, or None for an address that was not
    (or whose search was deleted)."""
    try:
        pk = int(signing.Signer(salt=FEED_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return SavedSearch.objects.filter(pk=pk, user__is_active=True).select_related("user").first()
