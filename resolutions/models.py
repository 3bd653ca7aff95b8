"""The data model: bodies, sessions, resolutions, their paragraphs and citations,
and the follow-up requests they contain with the history of what became of them."""

import datetime
import re

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Body(models.Model):
    """An organ that adopts resolutions: the Human Rights Council, the General Assembly..."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=20, unique=True)
    # The series of its documents: "A/HRC"; its resolutions are PREFIX/RES/...
    symbol_prefix = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (the stored name is the English one)."""
        return gettext(self.name)

    def resolution_symbol(self, number: str) -> str:
        return f"{self.symbol_prefix}/RES/{number}"


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    SPECIAL = "special", _("Special")
    EMERGENCY_SPECIAL = "emergency_special", _("Emergency special")

    @property
    def symbol_prefix(self) -> str:
        """How symbols write the kind before the number: "S-1", "ES-10"."""
        return {"special": "S-", "emergency_special": "ES-"}.get(self.value, "")


_SESSION_CODE = re.compile(r"^(?P<prefix>ES-|S-)?(?P<number>[0-9]{1,4})$", re.IGNORECASE)


def parse_session_code(code: str) -> tuple[str, int] | None:
    """("special", 1) from "S-1", ("regular", 32) from "32"; None when it is neither."""
    match = _SESSION_CODE.match(code.strip())
    if not match:
        return None
    prefix = (match["prefix"] or "").upper()
    kind = {"S-": SessionKind.SPECIAL, "ES-": SessionKind.EMERGENCY_SPECIAL}.get(
        prefix, SessionKind.REGULAR
    )
    return kind, int(match["number"])


def ordinal(n: int) -> str:
    """ "32nd" in English, "32e" in French: the suffix comes from the catalogue, one entry
    per English ending, so that a language whose endings differ can say its own."""
    if n == 1:
        template = pgettext("ordinal number one, of a session", "%(n)sst")
    elif 10 <= n % 100 <= 20:
        template = pgettext("ordinal number ending in th", "%(n)sth")
    else:
        template = {
            1: pgettext("ordinal number ending in st", "%(n)sst"),
            2: pgettext("ordinal number ending in nd", "%(n)snd"),
            3: pgettext("ordinal number ending in rd", "%(n)srd"),
        }.get(n % 10) or pgettext("ordinal number ending in th", "%(n)sth")
    return template % {"n": n}


def session_label(kind: str, number: int) -> str:
    """ "32nd session", "1st special session", in the reader's language."""
    if kind == SessionKind.SPECIAL:
        template = _("%(ordinal)s special session")
    elif kind == SessionKind.EMERGENCY_SPECIAL:
        template = _("%(ordinal)s emergency special session")
    else:
        template = _("%(ordinal)s session")
    return template % {"ordinal": ordinal(number)}


class Session(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="sessions")
    kind = models.CharField(max_length=20, choices=SessionKind, default=SessionKind.REGULAR)
    number = models.PositiveIntegerField()
    # For the HRC these bound the adoptions recorded in the session, not its formal opening.
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    year = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["body__name", "kind", "-number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "kind", "number"], name="session_unique_per_body_kind_number"
            )
        ]

    def __str__(self):
        return f"{self.body.short_name} {self.label}"

    def get_absolute_url(self):
        return reverse("session_detail", args=[self.body.short_name, self.code])

    @property
    def code(self) -> str:
        """The session as written in symbols: "32", "S-1" or "ES-10"."""
        return f"{SessionKind(self.kind).symbol_prefix}{self.number}"

    @property
    def label(self) -> str:
        return session_label(self.kind, self.number)

    @property
    def due_date(self) -> datetime.date | None:
        """The day by which something due "at" this session is due."""
        if self.end_date:
            return self.end_date
        if self.start_date:
            return self.start_date
        if self.year:
            return datetime.date(self.year, 12, 31)
        return None


def next_session(body: Body, today: datetime.date) -> Session | None:
    """The body's next regular session after `today`: from the calendar where it is known,
    else, for the Human Rights Council, from its rhythm of three sessions a year."""
    known = (
        Session.objects.filter(body=body, kind=SessionKind.REGULAR)
        .filter(
            models.Q(end_date__gte=today) | models.Q(end_date__isnull=True, start_date__gte=today)
        )
        .order_by("number")
        .first()
    )
    if known or body.short_name != "HRC":
        return known
    # Slots: February-April, May-July, September-October (DOMAIN.md); November on, next year.
    slot = 0 if today.month <= 4 else 1 if today.month <= 7 else 2 if today.month <= 10 else 3
    year, slot = (today.year + 1, 0) if slot == 3 else (today.year, slot)
    number = 7 + (year - 2008) * 3 + slot
    return Session.objects.filter(body=body, kind=SessionKind.REGULAR, number=number).first()


def agenda_item_label(body_short_name: str, number: int, title: str = "") -> str:
    """ "HRC item 3: Promotion and protection of all human rights...", in the reader's
    language (the title too, where the catalogue has it)."""
    if title:
        return gettext("%(body)s item %(number)s: %(title)s") % {
            "body": body_short_name,
            "number": number,
            "title": gettext(title),
        }
    return gettext("%(body)s item %(number)s") % {"body": body_short_name, "number": number}


class AgendaItem(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="agenda_items")
    number = models.PositiveIntegerField()
    # Blank when a text names the item by number alone (General Assembly texts often do).
    title = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["body__name", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="agenda_item_unique_per_body")
        ]

    def __str__(self):
        return agenda_item_label(self.body.short_name, self.number, self.title)

    def get_absolute_url(self):
        return reverse("agenda_item_detail", args=[self.body.short_name, self.number])

    @property
    def display_title(self) -> str:
        """The title in the reader's language where the catalogue has it (the Council's
        items do, reference.py); otherwise as stored."""
        return gettext(self.title) if self.title else ""


class AdoptionMode(models.TextChoices):
    WITHOUT_VOTE = "without_vote", _("Without a vote")
    RECORDED_VOTE = "recorded_vote", _("Recorded vote")
    NON_RECORDED_VOTE = "non_recorded_vote", _("Non-recorded vote")
    CONSENSUS = "consensus", _("Consensus")


class ResolutionKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DECISION = "decision", _("Decision")
    PRESIDENTIAL_STATEMENT = "presidential_statement", _("President's statement")
    AMENDMENT = "amendment", _("Amendment")


class Outcome(models.TextChoices):
    """What became of the text at its session; only adopted texts fill the default lists."""

    ADOPTED = "adopted", _("Adopted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_CONSIDERED = "not_considered", _("Not considered")


class Series(models.Model):
    """Texts that recur under one title, or that name each other as predecessors."""

    title = models.TextField()
    # The title reduced to its words, so that "Enhancement of ... rights : resolution /"
    # from the catalogue and the title line of a text meet.
    key = models.CharField(max_length=300, unique=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.title


class ResolutionQuerySet(models.QuerySet):
    def listed(self):
        """What the default lists show: adopted resolutions, decisions and statements."""
        return self.filter(outcome=Outcome.ADOPTED).exclude(kind=ResolutionKind.AMENDMENT)

    def for_list(self):
        """What a row of a resolution list shows, in a fixed number of queries."""
        return (
            self.select_related("body", "session__body")
            .prefetch_related(
                Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("body"))
            )
            # A subquery, not a join with GROUP BY: counted only for the rows of the page,
            # so that the adoption-date index serves the order and the LIMIT.
            .annotate(
                open_follow_up_count=Coalesce(
                    Subquery(
                        FollowUp.objects.open()
                        .filter(resolution=OuterRef("pk"))
                        .order_by()
                        .values("resolution")
                        .annotate(count=Count("id"))
                        .values("count")
                    ),
                    0,
                )
            )
            .order_by("-adopted_on", "-id")
        )

    def for_detail(self):
        """Everything the resolution page renders.

        Each paragraph's citations and follow-up requests, and each request's proposals, are
        plain lists (`citation_list`, `follow_up_list`, `proposal_list`): read through a
        related manager, every paragraph would clone a queryset for each use, about 150
        clones a page."""
        return self.select_related("body", "session__body", "series").prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("body")),
            Prefetch("footnotes", queryset=Footnote.objects.select_related("paragraph")),
            Prefetch("country_votes", queryset=CountryVote.objects.select_related("country")),
            Prefetch("predecessors", queryset=Document.objects.select_related("resolution")),
            Prefetch(
                "paragraphs",
                queryset=Paragraph.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "citations",
                        queryset=Citation.objects.select_related("document").order_by("id"),
                        to_attr="citation_list",
                    ),
                    Prefetch(
                        "follow_ups",
                        queryset=FollowUp.objects.select_related(
                            "due_session__body", "fulfilled_by"
                        )
                        .prefetch_related(
                            Prefetch(
                                "proposals",
                                queryset=FulfilmentProposal.objects.select_related("document"),
                                to_attr="proposal_list",
                            )
                        )
                        .order_by("sequence"),
                        to_attr="follow_up_list",
                    ),
                ),
                to_attr="paragraph_list",
            ),
            # Requests of earlier texts that a re-import superseded, with their history.
            Prefetch(
                "follow_ups",
                queryset=FollowUp.all_objects.superseded().order_by("superseded_at", "id"),
                to_attr="superseded_list",
            ),
        )


class Resolution(models.Model):
    symbol = models.CharField(max_length=100, unique=True)
    kind = models.CharField(
        max_length=25, choices=ResolutionKind, default=ResolutionKind.RESOLUTION
    )
    number = models.CharField(max_length=40, help_text=_('As in the title line: "32/6".'))
    title = models.TextField()
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="resolutions")
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="resolutions"
    )
    agenda_items = models.ManyToManyField(AgendaItem, blank=True, related_name="resolutions")
    adopted_on = models.DateField(null=True, blank=True)
    distributed_on = models.DateField(null=True, blank=True)
    meeting = models.CharField(max_length=100, blank=True)
    adoption_mode = models.CharField(max_length=20, choices=AdoptionMode, blank=True)
    votes_in_favour = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    votes_abstaining = models.PositiveIntegerField(null=True, blank=True)
    draft_symbol = models.CharField(max_length=100, blank=True)
    # General Assembly texts adopted on a Main Committee's report.
    committee = models.CharField(max_length=100, blank=True, help_text=_('"Third Committee".'))
    committee_report = models.CharField(max_length=100, blank=True)
    annex = models.TextField(blank=True, help_text=_("The annex, kept whole."))
    # Earlier texts of the same series, as the text names them ("the latest of which being").
    predecessors = models.ManyToManyField(
        "Document",
        blank=True,
        related_name="successors",
        help_text=_("Named as predecessors."),
    )
    source_text = models.TextField(blank=True, help_text=_("The full text as imported."))
    # The language of the text as imported (ISO 639-1). The interface is translated; the
    # text is not: pages mark it with this code. See "Languages" in the README.
    language = models.CharField(
        max_length=8,
        default="en",
        help_text=_('The language the text was imported in, as an ISO 639-1 code: "en", "fr".'),
    )
    outcome = models.CharField(max_length=15, choices=Outcome, default=Outcome.ADOPTED)
    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="resolutions"
    )
    subject = models.CharField(max_length=300, blank=True, help_text=_("The catalogue's subject."))
    draft_amended = models.BooleanField(default=False, help_text=_("Adopted as amended."))
    votes_not_voting = models.PositiveIntegerField(null=True, blank=True)
    # The OHCHR voting catalogue's record, when the resolution came from it or was matched.
    catalogue_record = models.PositiveIntegerField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        indexes = [
            # The default order of every resolution list, and the year filter.
            models.Index(fields=["-adopted_on", "-id"], name="resolution_adopted_idx"),
            # A series timeline: its texts in order of adoption.
            models.Index(fields=["series", "adopted_on"], name="resolution_series_idx"),
            # Importing a text: the stored texts of the same title, which join its series
            # (series.assign_series); without it every import read every resolution.
            models.Index(fields=["title"], name="resolution_title_idx"),
        ]

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("resolution_detail", args=[self.symbol])

    @property
    def year(self) -> int | None:
        return self.adopted_on.year if self.adopted_on else None

    @property
    def is_recorded_vote(self) -> bool:
        return self.adoption_mode == AdoptionMode.RECORDED_VOTE

    @property
    def adoption_statement(self) -> str:
        """The closing note as a resolution words it: "Adopted without a vote."."""
        if self.adoption_mode == AdoptionMode.RECORDED_VOTE:
            abstentions = self.votes_abstaining or 0
            return (
                f"Adopted by a recorded vote of {self.votes_in_favour} to {self.votes_against}, "
                f"with {abstentions} abstention{'' if abstentions == 1 else 's'}."
            )
        return {
            AdoptionMode.WITHOUT_VOTE: "Adopted without a vote.",
            AdoptionMode.CONSENSUS: "Adopted by consensus.",
            AdoptionMode.NON_RECORDED_VOTE: "Adopted by a non-recorded vote.",
        }.get(self.adoption_mode, "")


class ParagraphKind(models.TextChoices):
    PREAMBULAR = "preambular", _("Preambular")
    OPERATIVE = "operative", _("Operative")


class Paragraph(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="paragraphs")
    # A sub-paragraph, "OP7(a)", belongs to "OP7"; "OP7(a)(ii)" to "OP7(a)".
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="subparagraphs"
    )
    kind = models.CharField(max_length=12, choices=ParagraphKind)
    position = models.PositiveIntegerField(help_text=_("Order in the text, from 1."))
    number = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("The operative paragraph's number.")
    )
    label = models.CharField(max_length=30, help_text=_('"PP6", "OP17", "OP7(a)(ii)".'))
    lead = models.CharField(max_length=100, blank=True, help_text=_('"Also requests".'))
    text = models.TextField()

    class Meta:
        ordering = ["resolution", "position"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "label"], name="paragraph_unique_label"),
            models.UniqueConstraint(
                fields=["resolution", "position"], name="paragraph_unique_position"
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return f"{self.resolution.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return self.label.lower()

    @property
    def citation_label(self) -> str:
        """How a reader cites it: "A/HRC/RES/32/6, OP17"."""
        return f"{self.resolution.symbol}, {self.label}"


class Footnote(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="footnotes")
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="footnotes", null=True, blank=True
    )
    number = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["resolution", "number"]
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "number"], name="footnote_unique_number")
        ]

    def __str__(self):
        return f"{self.resolution.symbol} footnote {self.number}"


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DECISION = "decision", _("Decision")
    PRESIDENTIAL_STATEMENT = "presidential_statement", _("President's statement")
    REPORT = "report", _("Report")
    DRAFT = "draft", _("Draft")
    OTHER = "other", _("Other")


_DRAFT = re.compile(r"/L\.\d+")
_SESSION_DOCUMENT = re.compile(r"^[A-Z](/[A-Z0-9.]+)*/(S-)?\d+/\d+")


def document_kind(symbol: str) -> str:
    """What a document is, from its symbol alone (DOMAIN.md: never from its title)."""
    parts = symbol.split("/")
    if "RES" in parts:
        return DocumentKind.RESOLUTION
    if "DEC" in parts:
        return DocumentKind.DECISION
    if "PRST" in parts:
        return DocumentKind.PRESIDENTIAL_STATEMENT
    if _DRAFT.search(symbol):
        return DocumentKind.DRAFT
    if _SESSION_DOCUMENT.match(symbol):
        return DocumentKind.REPORT
    return DocumentKind.OTHER


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """All but the documents that only internal follow-up events name as evidence:
        what an internal event recorded stays internal, and a page for its evidence would
        tell the public that it was recorded."""
        events = FollowUpEvent.objects.filter(evidence=OuterRef("pk"))
        return self.filter(
            Q(resolution__isnull=False)
            | ~Exists(events)
            | Exists(events.filter(is_public=True))
            | Exists(Citation.objects.filter(document=OuterRef("pk")))
            | Exists(Resolution.predecessors.through.objects.filter(document=OuterRef("pk")))
            | Exists(FollowUp.objects.filter(fulfilled_by=OuterRef("pk")))
            | Exists(FulfilmentProposal.objects.filter(document=OuterRef("pk")))
        )


class Document(models.Model):
    """A document cited by a resolution or given as evidence; a stored resolution has one too."""

    symbol = models.CharField(max_length=100, unique=True)
    title = models.TextField(blank=True)
    kind = models.CharField(max_length=25, choices=DocumentKind, default=DocumentKind.OTHER)
    resolution = models.OneToOneField(
        Resolution, on_delete=models.SET_NULL, null=True, blank=True, related_name="document"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.symbol

    def save(self, *args, **kwargs):
        self.kind = document_kind(self.symbol)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("document_detail", args=[self.symbol])

    @property
    def official_url(self) -> str:
        return f"https://undocs.org/{self.symbol}"


class CitedVia(models.TextChoices):
    TEXT = "text", _("In the text")
    FOOTNOTE = "footnote", _("In a footnote")


class Citation(models.Model):
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="citations")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="citations")
    via = models.CharField(max_length=10, choices=CitedVia, default=CitedVia.TEXT)
    footnote_number = models.PositiveIntegerField(null=True, blank=True)
    as_written = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "document"], name="citation_unique_per_paragraph"
            )
        ]

    def __str__(self):
        return f"{self.paragraph.label} cites {self.document.symbol}"


class FollowUpAction(models.TextChoices):
    REQUEST = "request", _("Request")
    DECISION = "decision", _("Decision")
    CALL = "call", _("Call")
    URGE = "urge", _("Urge")
    INVITATION = "invitation", _("Invitation")
    ENCOURAGEMENT = "encouragement", _("Encouragement")


class AddresseeKind(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER_STATES = "member_states", _("Member States")
    BODY_ITSELF = "body_itself", _("The body itself")
    OTHER = "other", _("Other")


class DueRelation(models.TextChoices):
    AT = "at", _("At")
    BEFORE = "before", _("Before")
    BY = "by", _("By")


class FollowUpStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    SUPERSEDED = "superseded", _("Superseded")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")

    @classmethod
    def open_values(cls) -> list[str]:
        """Statuses of a request that is still owed."""
        return [cls.PENDING, cls.IN_PROGRESS]


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=FollowUpStatus.open_values(), superseded_at__isnull=True)

    def superseded(self):
        return self.filter(superseded_at__isnull=False)

    def overdue(self, today: datetime.date):
        return self.open().filter(due_on__lt=today)

    def for_list(self):
        return self.select_related(
            "paragraph", "resolution__body", "resolution__session__body", "due_session__body"
        )

    def by_due_date(self):
        """Soonest due first, undated last; ordered by columns of the follow-up alone, so
        that a page of open requests is read from follow_up_open_due_idx, not sorted."""
        return self.order_by(F("due_on").asc(nulls_last=True), "id")


class CurrentFollowUpManager(models.Manager.from_queryset(FollowUpQuerySet)):
    """The requests the stored texts make: a follow-up that a re-import superseded is a
    record of an earlier text, left out of every list, count, export, feed and API answer
    that starts from `FollowUp.objects` or a resolution's `follow_ups`. Its page and its
    resolution's "Superseded requests" read it through `FollowUp.all_objects`."""

    def get_queryset(self):
        return super().get_queryset().filter(superseded_at__isnull=True)


class FollowUp(models.Model):
    """Something a paragraph asks somebody to do, and what became of it."""

    # Empty only on a superseded follow-up: the text it was recorded on is gone or has
    # changed, and `recorded_label` and `recorded_text` keep what it was.
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, null=True, related_name="follow_ups"
    )
    # Always the paragraph's resolution (set on save): it lets the admin list follow-ups
    # inline under their resolution and the follow-ups page filter without a join.
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="follow_ups", editable=False
    )
    # Order among the paragraph's follow-ups (a re-import matches them by content, see
    # matching.py, and uses the order only to break ties).
    sequence = models.PositiveIntegerField(default=1)
    action = models.CharField(max_length=15, choices=FollowUpAction)
    verb = models.CharField(max_length=60, blank=True, help_text=_('As written: "Also requests".'))
    addressee = models.CharField(max_length=300, blank=True)
    addressee_kind = models.CharField(
        max_length=15, choices=AddresseeKind, default=AddresseeKind.OTHER
    )
    summary = models.TextField(blank=True)
    deliverable = models.CharField(
        max_length=60,
        blank=True,
        help_text=_('What is to be produced: "report", "panel discussion".'),
    )
    recurrence = models.CharField(max_length=30, blank=True, help_text=_('"annual", "biennial".'))
    due_relation = models.CharField(
        max_length=6, choices=DueRelation, default=DueRelation.AT, help_text=_("At, before or by.")
    )
    due_session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups_due"
    )
    due_year = models.PositiveIntegerField(null=True, blank=True)
    # Derived from due_session or due_year when saved, so that "overdue" is one indexed filter.
    due_on = models.DateField(null=True, blank=True, editable=False)
    # Changed only by services.record_follow_up_event, so the history is complete.
    status = models.CharField(
        max_length=15, choices=FollowUpStatus, default=FollowUpStatus.PENDING, editable=False
    )
    fulfilled_by = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="fulfils"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_follow_ups",
    )
    # Set when a re-import found no request in the new text that is this one while staff
    # had recorded its history: the follow-up is kept, closed to new events, with the label
    # and text of the paragraph it was recorded on (matching.py).
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)
    recorded_label = models.CharField(max_length=30, blank=True, editable=False)
    recorded_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CurrentFollowUpManager()
    all_objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up request")
        verbose_name_plural = _("follow-up requests")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "sequence"], name="follow_up_unique_sequence"
            )
        ]
        indexes = [
            # The follow-ups page with a status filter: requests of one status by due date.
            models.Index(fields=["status", "due_on"], name="follow_up_status_due_idx"),
            # The follow-ups page and the home page by default: open requests, soonest due.
            models.Index(
                fields=["due_on", "id"],
                condition=Q(status__in=["pending", "in_progress"]),
                name="follow_up_open_due_idx",
            ),
        ]
        permissions = [("record_followup", "Can record what happened to a follow-up request")]

    def __str__(self):
        return f"{self.resolution.symbol} {self.label}: {self.get_action_display()}"

    def save(self, *args, **kwargs):
        self.derive_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("follow_up_detail", args=[self.pk])

    def derive_fields(self):
        """Set what follows from the paragraph and the deadline; bulk writes call it too."""
        if self.paragraph_id:
            self.resolution_id = self.paragraph.resolution_id
        self.due_on = self.compute_due_on()

    def compute_due_on(self) -> datetime.date | None:
        if self.due_session_id and self.due_session.due_date:
            return self.due_session.due_date
        if self.due_year:
            return datetime.date(self.due_year, 12, 31)
        return None

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None

    @property
    def is_open(self) -> bool:
        return self.status in FollowUpStatus.open_values() and not self.is_superseded

    @property
    def label(self) -> str:
        """The label of the paragraph that asks for it, or asked for it when superseded."""
        return self.recorded_label if self.paragraph_id is None else self.paragraph.label

    @property
    def paragraph_text(self) -> str:
        return self.recorded_text if self.paragraph_id is None else self.paragraph.text

    @property
    def paragraph_url(self) -> str:
        # Through self.resolution, which list queries select, not paragraph.resolution.
        if self.paragraph_id is None:
            return f"{self.resolution.get_absolute_url()}#superseded-{self.pk}"
        return f"{self.resolution.get_absolute_url()}#{self.paragraph.anchor}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today

    @property
    def due_label(self) -> str:
        if self.due_session_id:
            return (
                f"{self.due_session.label} ({formats.date_format(self.due_on, 'F Y')})"
                if self.due_on
                else str(self.due_session.label)
            )
        if self.due_year:
            return str(self.due_year)
        return ""


class FollowUpEvent(models.Model):
    """One entry in a follow-up's history: who changed what, when, and on what evidence."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_events",
    )
    # Kept apart from the user row so the history survives an account's deletion.
    user_name = models.CharField(max_length=150, blank=True)
    old_status = models.CharField(max_length=15, choices=FollowUpStatus, blank=True)
    new_status = models.CharField(max_length=15, choices=FollowUpStatus)
    note = models.TextField(blank=True)
    is_public = models.BooleanField(
        default=True, help_text=_("Internal notes are shown to staff only.")
    )
    evidence = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence_for"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("follow-up event")
        verbose_name_plural = _("follow-up events")
        indexes = [
            # A follow-up's history, newest first.
            models.Index(fields=["follow_up", "-created_at"], name="follow_up_event_history_idx"),
        ]

    def __str__(self):
        return f"{self.follow_up}: {self.old_status or '-'} → {self.new_status}"


class Country(models.Model):
    """A member or observer State, as named in voting records."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name


class VotePosition(models.TextChoices):
    IN_FAVOUR = "in_favour", _("In favour")
    AGAINST = "against", _("Against")
    ABSTAINING = "abstaining", _("Abstaining")


class CountryVote(models.Model):
    """How one country voted on a resolution adopted by a recorded vote."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="country_votes"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="votes")
    position = models.CharField(max_length=12, choices=VotePosition)

    class Meta:
        ordering = ["resolution", "position", "country__name"]
        verbose_name = _("country vote")
        verbose_name_plural = _("country votes")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "country"], name="country_vote_unique_per_resolution"
            )
        ]

    def __str__(self):
        return f"{self.country} {self.get_position_display().lower()} {self.resolution}"


class SponsorKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    GROUP = "group", _("Group")


class Sponsorship(models.Model):
    """A main sponsor of the draft, as the catalogue names it: a country, possibly on
    behalf of a group ("Finland (on behalf of the European Union)"), or a group."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="sponsors")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=SponsorKind, default=SponsorKind.COUNTRY)
    on_behalf_of = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["resolution", "position"]
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "position"], name="sponsorship_unique_position"
            )
        ]

    def __str__(self):
        return f"{self.name} (on behalf of {self.on_behalf_of})" if self.on_behalf_of else self.name


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Awaiting a decision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class FulfilmentProposal(models.Model):
    """A document that may answer a follow-up request, found by the tracker. Nothing changes
    status until a staff member accepts it, which records an event."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="proposals")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="proposals")
    reason = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=ProposalStatus, default=ProposalStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("fulfilment proposal")
        verbose_name_plural = _("fulfilment proposals")
        constraints = [
            # The same document is proposed for the same request once, whatever was decided.
            models.UniqueConstraint(
                fields=["follow_up", "document"], name="proposal_unique_per_follow_up_document"
            )
        ]

    def __str__(self):
        return f"{self.document} for {self.follow_up}"


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
    CODE = "code", _("Other code")


class ImportOutcome(models.TextChoices):
    # The values of importing.Outcome.
    IMPORTED = "imported", _("imported")
    UPDATED = "updated", _("updated")
    UNCHANGED = "unchanged", _("unchanged")


class TextImport(models.Model):
    """One import of a resolution text, whoever ran it and however it ended in storage:
    who, when, from which file, with which checksum, and what it changed."""

    # SET_NULL with the symbol kept: the record outlives a resolution deleted in the admin.
    resolution = models.ForeignKey(
        Resolution, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
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
