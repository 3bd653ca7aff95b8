"""The follow-up requests a text makes, the events recorded on them, the proposed
fulfilments."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from resolutions.models.entities import AddresseeEntity
from resolutions.models.reference import Session
from resolutions.models.texts import Document, Paragraph, Resolution


class FollowUpAction(models.TextChoices):
    REQUEST = "request", _("Request")
    DECISION = "decision", _("Decision")
    # "Decides to extend the mandate of ... until 17 March 2026": the mandate's end is its
    # deadline, the one that matters most.
    EXTENSION = "extension", _("Mandate extension")
    CALL = "call", _("Call")
    URGE = "urge", _("Urge")
    INVITATION = "invitation", _("Invitation")
    ENCOURAGEMENT = "encouragement", _("Encouragement")


class AddresseeKind(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER_STATES = "member_states", _("Member States")
    BODY_ITSELF = "body_itself", _("The body itself")
    OTHER = "other", _("Other")


class Recurrence(models.TextChoices):
    """How often a request is asked for again (parsing/deadlines.py reads it)."""

    EACH_SESSION = "each_session", _("At each session")
    QUARTERLY = "quarterly", _("Every three months")
    SEMI_ANNUAL = "semi-annual", _("Every six months")
    ANNUAL = "annual", _("Every year")
    BIENNIAL = "biennial", _("Every two years")
    TRIENNIAL = "triennial", _("Every three years")
    QUADRENNIAL = "quadrennial", _("Every four years")
    QUINQUENNIAL = "quinquennial", _("Every five years")


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


def overdue_on(status: str, due_on: datetime.date | None, today: datetime.date) -> bool:
    """Whether a current request of this status and due day is overdue on `today`: still
    owed, and due before it. FollowUpQuerySet.overdue asks the database the same."""
    return status in FollowUpStatus.open_values() and due_on is not None and due_on < today


# What a row of requests leaves out of its resolution: all but its symbol and language.
ROW_UNSHOWN_RESOLUTION_FIELDS = [
    field.name
    for field in Resolution._meta.concrete_fields
    if field.name not in ("id", "symbol", "language")
]


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=FollowUpStatus.open_values(), superseded_at__isnull=True)

    def superseded(self):
        return self.filter(superseded_at__isnull=False)

    def overdue(self, today: datetime.date):
        return self.open().filter(due_on__lt=today)

    def for_list(self):
        # Never a resolution's whole text, which no row shows (and each kept row would
        # digest, web/fragments.py).
        return self.select_related(
            "paragraph", "resolution__body", "resolution__session__body", "due_session__body"
        ).defer("resolution__source_text", "resolution__annex")

    def for_rows(self):
        """What a row of a list of requests shows (the follow-up list's, an entity's, the
        home page's): the request, its paragraph's label, its resolution's symbol and
        language, the session it is due at. Four tables, not for_list's eight: PostgreSQL
        took longer to plan a join of eight than to answer it (docs/PERFORMANCE.md)."""
        resolution = [f"resolution__{name}" for name in ROW_UNSHOWN_RESOLUTION_FIELDS]
        return self.select_related("paragraph", "resolution", "due_session").defer(
            "paragraph__text", *resolution
        )

    def by_due_date(self):
        """Soonest due first, undated last; ordered by columns of the follow-up alone, so
        that a page of open requests is read from follow_up_open_due_idx, not sorted."""
        return self.order_by(F("due_on").asc(nulls_last=True), "id")


def open_requests_of(resolution):
    """How many open requests the resolution `resolution` (an OuterRef) makes: a subquery,
    not a join with GROUP BY, counted only for the rows of a page, so that the
    adoption-date index serves a list's order and its LIMIT."""
    return Coalesce(
        Subquery(
            FollowUp.objects.open()
            .filter(resolution=resolution)
            .order_by()
            .values("resolution")
            .annotate(count=Count("id"))
            .values("count")
        ),
        0,
    )


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
    # Who is asked, as read from `addressee`: one entity each, kept across re-imports by
    # rebuilding the links from the new text (importing/rows.py).
    entities = models.ManyToManyField(AddresseeEntity, related_name="follow_ups", blank=True)
    summary = models.TextField(blank=True)
    deliverable = models.CharField(
        max_length=60,
        blank=True,
        help_text=_('What is to be produced: "report", "panel discussion".'),
    )
    recurrence = models.CharField(
        max_length=30, blank=True, choices=Recurrence, help_text=_('"annual", "biennial".')
    )
    due_relation = models.CharField(
        max_length=6, choices=DueRelation, default=DueRelation.AT, help_text=_("At, before or by.")
    )
    due_session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups_due"
    )
    due_year = models.PositiveIntegerField(null=True, blank=True)
    # A day the text sets ("until 17 March 2026") or counts from the adoption ("within 90
    # days of the adoption of this resolution"); it comes before the session and the year.
    due_date = models.DateField(null=True, blank=True)
    # How the text gave the day, when it counts it from the adoption: "90 days", "3 years".
    due_term = models.CharField(max_length=20, blank=True)
    # "At its next session": due_session is the one after the adopting session.
    due_next_session = models.BooleanField(default=False)
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
        if self.due_date:
            return self.due_date
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
        return not self.is_superseded and overdue_on(self.status, self.due_on, today)

    @property
    def due_label(self) -> str:
        if self.due_date:
            return formats.date_format(self.due_date, "j F Y")
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


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Awaiting a decision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Proposal(models.Model):
    """Something the tracker proposes and a staff member decides: open until accepted or
    rejected, with who decided and when (followups/recording.py decides)."""

    status = models.CharField(max_length=10, choices=ProposalStatus, default=ProposalStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class FulfilmentProposal(Proposal):
    """A document that may answer a follow-up request, found by the tracker. Nothing changes
    status until a staff member accepts it, which records an event."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="proposals")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="proposals")
    reason = models.CharField(max_length=300)

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


class CarriedForward(Proposal):
    """A request that the next text of its series makes again: the same action of the same
    addressee in a paragraph matched by its words (followups/carried.py). The earlier
    request is proposed as superseded; nothing changes until a staff member accepts, which
    records an event on it."""

    earlier = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="carried_into")
    later = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="carried_from")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("request carried forward")
        verbose_name_plural = _("requests carried forward")
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="carried_forward_unique_pair")
        ]

    def __str__(self):
        return f"{self.earlier} carried into {self.later}"
