"""The record of every import, the texts an import replaced, and the data version that
caches read."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resolutions.models.texts import Coverage, Document, Resolution, listed_q


class DataVersion(models.Model):
    """One row whose `token` every write that changes what the pages count replaces, in the
    write's own transaction; cached counts are keyed by it (counts.py)."""

    token = models.BigIntegerField(default=0)

    def __str__(self):
        return f"data version {self.token}"


class ImportKind(models.TextChoices):
    # A noun here, where the menu's "Import" is a verb.
    IMPORT = "import", pgettext_lazy("kind of text import", "Import")
    RESTORE = "restore", pgettext_lazy("kind of text import", "Restore")


class ImportChannel(models.TextChoices):
    WEB = "web", _("Web (/import/)")
    COMMAND = "command", _("Command line (import_resolutions)")
    DEMO = "demo", _("Demonstration data (load_demo)")
    FETCH = "fetch", _("Fetched from the UN")
    CODE = "code", _("Other code")


class ImportOutcome(models.TextChoices):
    # The values of importing.Outcome.
    IMPORTED = "imported", _("imported")
    UPDATED = "updated", _("updated")
    UNCHANGED = "unchanged", _("unchanged")


class TextImport(models.Model):
    """One import of a resolution text, or of a report or budget section (`document`),
    whoever ran it and however it ended in storage: who, when, from which file, with which
    checksum, and what it changed."""

    # SET_NULL with the symbol kept: the record outlives a resolution deleted in the admin.
    resolution = models.ForeignKey(
        Resolution, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    # A report or a budget section is stored as a document, not a resolution.
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    symbol = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=ImportKind, default=ImportKind.IMPORT)
    channel = models.CharField(max_length=10, choices=ImportChannel, default=ImportChannel.CODE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="text_imports",
    )
    # Who ran it, as a person would name them: an account's name, or the operating-system
    # user of a command; kept apart from the user row so that it survives the account.
    actor = models.CharField(max_length=150, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    checksum = models.CharField(max_length=64, help_text=_("SHA-256, in hexadecimal."))
    outcome = models.CharField(max_length=10, choices=ImportOutcome)
    # {"added": [labels], "removed": [labels], "changed": [labels]}
    changes = models.JSONField(default=dict, blank=True)
    restored = models.ForeignKey(
        "ResolutionVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="restorations",
        help_text=_("The version a restore brought back."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("text import")
        verbose_name_plural = _("text imports")
        indexes = [
            # A resolution's version history page, newest first.
            models.Index(fields=["resolution", "-created_at"], name="text_import_history_idx"),
        ]

    def __str__(self):
        return f"{self.symbol}: {self.outcome} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def short_checksum(self) -> str:
        return self.checksum[:12]

    def change_count(self, key: str) -> int:
        return len(self.changes.get(key, []))

    @property
    def added_count(self) -> int:
        return self.change_count("added")

    @property
    def removed_count(self) -> int:
        return self.change_count("removed")

    @property
    def changed_count(self) -> int:
        return self.change_count("changed")


class ResolutionVersion(models.Model):
    """A resolution's text as it was before an import replaced it, kept so that the
    replacement can be undone."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="versions")
    # The import that replaced this text: its who, when and file.
    replaced_by = models.OneToOneField(
        TextImport, on_delete=models.CASCADE, related_name="replaced_version"
    )
    title = models.TextField()
    source_text = models.TextField()
    # [{"label": "OP17", "kind": "operative", "text": "..."}, ...] in text order.
    paragraphs = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("resolution version")
        verbose_name_plural = _("resolution versions")
        permissions = [("restore_resolutionversion", "Can restore a previous text of a resolution")]

    def __str__(self):
        return f"{self.resolution} as of {self.created_at:%Y-%m-%d %H:%M}"


class FollowUpTally(models.Model):
    """How many current requests (not superseded) share each combination of the follow-up
    list's facets: status, action, who is addressed, year due (0: none) and body. Kept by
    the database's own triggers on every write to the requests (resolutions/tallies.py,
    migration 0031), so that the list's counts are sums over a few hundred rows instead
    of counts over every request; never written by the application."""

    status = models.CharField(max_length=15)
    action = models.CharField(max_length=15)
    addressee_kind = models.CharField(max_length=15)
    due_year = models.PositiveIntegerField()
    body = models.ForeignKey(
        "resolutions.Body", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    requests = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["status", "action", "addressee_kind", "due_year", "body"],
                name="followup_tally_combination",
            )
        ]

    def __str__(self):
        return f"{self.requests} {self.status} {self.action} {self.due_year} {self.body_id}"


class TableRows(models.Model):
    """How many rows a large table holds (`name`: the paragraphs'), kept by the table's own
    triggers (resolutions/tallies.py, migration 0031), so that a page showing the total
    need not count millions of rows after every write."""

    name = models.CharField(max_length=63, primary_key=True)
    total = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}: {self.total}"


class ResolutionTallyQuerySet(models.QuerySet):
    """The resolutions' own queryset methods the lists' filters call, over the tally."""

    def listed(self, *, any_outcome: bool = False, any_kind: bool = False):
        return self.filter(listed_q(any_outcome=any_outcome, any_kind=any_kind))

    def text_stored(self, stored: bool = True):
        return self.filter(stored=stored)

    def coverage(self) -> Coverage:
        totals = self.order_by().aggregate(
            total=models.Sum("resolutions"),
            stored=models.Sum("resolutions", filter=models.Q(stored=True)),
        )
        return Coverage(stored=totals["stored"] or 0, total=totals["total"] or 0)


class CountedResolutions(models.Model):
    """A tally's combination of the resolution list's filters, named as the resolution's
    own fields so that the list's filters apply to it as they are: body, session, year
    adopted (`adopted_on`, the first of January of that year), how adopted, kind, outcome
    and whether the text is stored. Kept by the database's triggers on every write to the
    resolutions and their agenda items (resolutions/text_tally.py, migration 0032, which
    also makes the unique indexes), never written by the application."""

    body = models.ForeignKey(
        "resolutions.Body", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    session = models.ForeignKey(
        "resolutions.Session",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    adopted_on = models.DateField(null=True)
    adoption_mode = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=25)
    outcome = models.CharField(max_length=15)
    stored = models.BooleanField()
    resolutions = models.IntegerField(default=0)

    objects = ResolutionTallyQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.resolutions} {self.body_id} {self.session_id} {self.adopted_on}"


class ResolutionTally(CountedResolutions):
    """How many resolutions share each combination."""


class AgendaItemTally(CountedResolutions):
    """How many resolutions of each agenda item share each combination: the agenda item
    facet and an agenda item's coverage ('agenda_items', as the resolution names it)."""

    agenda_items = models.ForeignKey(
        "resolutions.AgendaItem",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
