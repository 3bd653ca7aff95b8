"""The texts: resolutions, their paragraphs and footnotes, the documents they cite and the
citations, and the series a text belongs to."""

from dataclasses import dataclass

from django.db import models
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolutions import wording
from resolutions.domain import DocumentKind, document_kind
from resolutions.models.reference import AgendaItem, Body, Session


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


def listed_q(prefix: str = "", *, any_outcome: bool = False, any_kind: bool = False) -> Q:
    """What the default lists show, as a condition on the resolutions `prefix` leads to
    ("resolutions__" from a session, for a count): adopted resolutions, decisions and
    statements, no amendments. A list filtered by outcome (`any_outcome`) or by kind
    (`any_kind`) drops that half of the rule, so that the filter decides it."""
    condition = Q()
    if not any_outcome:
        condition &= Q(**{f"{prefix}outcome": Outcome.ADOPTED})
    if not any_kind:
        condition &= ~Q(**{f"{prefix}kind": ResolutionKind.AMENDMENT})
    return condition


@dataclass(frozen=True)
class Coverage:
    """Of `total` resolutions, `stored` have their text here."""

    stored: int
    total: int

    @property
    def missing(self) -> int:
        return self.total - self.stored


class ResolutionQuerySet(models.QuerySet):
    def listed(self, *, any_outcome: bool = False, any_kind: bool = False):
        """What the default lists show: adopted resolutions, decisions and statements
        (listed_q)."""
        return self.filter(listed_q(any_outcome=any_outcome, any_kind=any_kind))

    def series_candidates(self):
        """The texts that may belong to a series: listed ones, with a title to match on.
        The importer groups them into series; the proposals follow a series through them."""
        return self.listed().exclude(title="")

    def with_text_stored(self):
        """Each row says whether its text is stored (`text_is_stored`), without reading it."""
        return self.annotate(
            text_is_stored=ExpressionWrapper(~Q(source_text=""), output_field=BooleanField())
        )

    def text_stored(self, stored: bool = True):
        return self.exclude(source_text="") if stored else self.filter(source_text="")

    def coverage(self) -> "Coverage":
        """How many of these texts are stored, in one query."""
        totals = self.order_by().aggregate(
            total=Count("pk"), stored=Count("pk", filter=~Q(source_text=""))
        )
        return Coverage(stored=totals["stored"], total=totals["total"])

    def counted_for_list(self, *, text_stored: bool = True, open_requests: bool = True):
        """With whether each text is stored and its open requests (unless the caller reads
        them: web/rows.py), in the order a filter chose, else the newest first."""
        from resolutions.models.followups import open_requests_of  # it imports this module

        rows = self.with_text_stored() if text_stored else self
        if open_requests:
            rows = rows.annotate(open_follow_up_count=open_requests_of(OuterRef("pk")))
        return rows if rows.query.order_by else rows.order_by("-adopted_on", "-id")

    def for_list(self, *, text_stored: bool = True, open_requests: bool = True):
        """A list's rows as models, in a fixed number of queries, never the whole text."""
        return (
            self.counted_for_list(text_stored=text_stored, open_requests=open_requests)
            .defer("source_text", "annex")
            .select_related("body", "session__body")
            .prefetch_related(
                Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("body"))
            )
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
    # The counts as the OHCHR catalogue gives them, kept apart from the text's own so that
    # a page can say where the two differ (votes.py).
    catalogue_in_favour = models.PositiveIntegerField(null=True, blank=True)
    catalogue_against = models.PositiveIntegerField(null=True, blank=True)
    catalogue_abstaining = models.PositiveIntegerField(null=True, blank=True)
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
            # A session's page: its texts in the lists' order. Without it PostgreSQL read the
            # adoption-date index and passed over every other session's texts (30 ms at
            # 100,000 resolutions).
            models.Index(
                fields=["session", "-adopted_on", "-id"], name="resolution_session_adopted_idx"
            ),
        ]

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("resolution_detail", args=[self.symbol])

    @property
    def year(self) -> int | None:
        return self.adopted_on.year if self.adopted_on else None

    @property
    def text_stored(self) -> bool:
        """Whether the text is here: a resolution known from a catalogue alone has none."""
        if hasattr(self, "text_is_stored"):  # a list's rows (with_text_stored)
            return self.text_is_stored
        return bool(self.source_text) or bool(getattr(self, "paragraph_list", ()))

    @property
    def is_recorded_vote(self) -> bool:
        return self.adoption_mode == AdoptionMode.RECORDED_VOTE

    @property
    def adoption_statement(self) -> str:
        """The closing note as a resolution words it, in its language (resolutions/wording.py):
        "Adopted without a vote.", "Adoptée sans vote."."""
        return wording.words_for(self.language).closing_note(
            self.kind,
            self.adoption_mode,
            in_favour=self.votes_in_favour,
            against=self.votes_against,
            abstaining=self.votes_abstaining,
        )

    @property
    def enacting_formula(self) -> str:
        """How the text names its body before the paragraphs: "The Human Rights Council,"."""
        name = self.body.name
        return wording.words_for(self.language, name).enacting_formula(name)


class ParagraphKind(models.TextChoices):
    PREAMBULAR = "preambular", _("Preambular")
    OPERATIVE = "operative", _("Operative")
    # A numbered paragraph of a declaration the text adopts and annexes: "Annex, para. 53".
    ANNEX = "annex", _("Annex")


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
        """The page fragment: "op7(a)"; "annex-para-53" for "Annex, para. 53"."""
        kept = (c if c.isalnum() or c in "()-" else " " for c in self.label.lower())
        return "-".join("".join(kept).split())

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


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """All but the documents that only internal follow-up events name as evidence:
        what an internal event recorded stays internal, and a page for its evidence would
        tell the public that it was recorded."""
        from resolutions.models.followups import (  # it imports this module
            FollowUp,
            FollowUpEvent,
            FulfilmentProposal,
        )

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
    """A document cited by a resolution or given as evidence; a stored resolution has one too,
    and so does an imported report or budget section."""

    symbol = models.CharField(max_length=100, unique=True)
    title = models.TextField(blank=True)
    kind = models.CharField(max_length=25, choices=DocumentKind, default=DocumentKind.OTHER)
    resolution = models.OneToOneField(
        Resolution, on_delete=models.SET_NULL, null=True, blank=True, related_name="document"
    )
    # What an imported report's cover says (importing/reports.py); empty for a document only
    # cited.
    date = models.DateField(
        null=True, blank=True, help_text=_("The date of distribution on the cover.")
    )
    author = models.CharField(
        max_length=300, blank=True, help_text=_('Who the report is of: "Human Rights Council".')
    )
    # The resolutions an imported report says it was made pursuant to: their requests for a
    # report are proposed as answered by it (followups/proposals.py).
    answers = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="answered_by",
        help_text=_("The resolutions the report says it answers."),
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
