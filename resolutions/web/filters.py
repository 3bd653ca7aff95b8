"""The filters of the resolution and follow-up lists, with a count for every choice.

Filter values are what a person can read in a shared URL: `?body=HRC&session=HRC-32`
`&agenda_item=HRC-3&year=2016&adoption_mode=without_vote`.
"""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolutions import access, tallies, text_tally
from resolutions.domain import (
    agenda_item_code,
    agenda_item_label,
    ordinal,
    parse_agenda_item_code,
    session_filter_code,
)
from resolutions.models import (
    AddresseeKind,
    AdoptionMode,
    Body,
    FollowUp,
    FollowUpAction,
    FollowUpStatus,
    LegislativeMandate,
    Outcome,
    Paragraph,
    Resolution,
    ResolutionKind,
    next_session,
)
from resolutions.models.entities import entity_label
from resolutions.web.facets import ALL, OPEN, FacetedFilterSet, _grouped
from resolutions.web.filter_values import ReadableFiltersForm, YearFilter, filter_by_session_code
from resolutions.web.ordering import SORTS, ranked_by_words, sort_order

TEXT_STORED = "stored"
TEXT_MISSING = "missing"
TEXT_CHOICES = [(TEXT_STORED, _("Text stored")), (TEXT_MISSING, _("Text not stored"))]


class ResolutionFilter(FacetedFilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Words"))
    body = django_filters.CharFilter(field_name="body__short_name", lookup_expr="iexact")
    session = django_filters.CharFilter(method="filter_session")
    agenda_item = django_filters.CharFilter(method="filter_agenda_item")
    year = YearFilter(field_name="adopted_on__year")
    adoption_mode = django_filters.ChoiceFilter(choices=AdoptionMode.choices)
    kind = django_filters.ChoiceFilter(choices=ResolutionKind.choices)
    outcome = django_filters.ChoiceFilter(
        choices=[(ALL, _("Any outcome")), *Outcome.choices], method="filter_outcome"
    )
    # A budget section's symbol: "A/80/6 (Sect. 24)".
    mandate = django_filters.CharFilter(
        method="filter_mandate", label=_("Mandate of a budget section")
    )
    sort = django_filters.ChoiceFilter(choices=SORTS, method="filter_sort", label=_("Sort"))
    # Whether the text itself is here, or only what a catalogue says of it.
    text = django_filters.ChoiceFilter(
        choices=TEXT_CHOICES, method="filter_text_stored", label=_("Text")
    )

    # Resolutions, their paragraphs, agenda items and mandates: no request is counted.
    counts_texts_only = True

    facet_labels = {
        "body": _("Body"),
        "session": _("Session"),
        "agenda_item": _("Agenda item"),
        "year": _("Year"),
        "adoption_mode": _("Adoption"),
        "text": _("Text"),
        "mandate": _("Mandate of a budget section"),
    }

    class Meta:
        model = Resolution
        fields = []
        form = ReadableFiltersForm

    def __init__(self, data=None, queryset=None, **kwargs):
        # The lists show adopted resolutions, decisions and statements unless asked for
        # amendments, withdrawn drafts or drafts not considered.
        data = data if data is not None else {}
        queryset = queryset if queryset is not None else Resolution.objects.all()
        queryset = queryset.listed(
            any_outcome=bool(data.get("outcome")), any_kind=bool(data.get("kind"))
        )
        super().__init__(data, queryset, **kwargs)

    def counted_over(self, name: str):
        # The resolutions' tally holds most facets' counts while the filters are its own.
        rows = text_tally.narrowed(self, name)
        return super().counted_over(name) if rows is None else rows

    def total(self) -> int:
        rows = text_tally.narrowed(self)
        return self.qs.count() if rows is None else text_tally.total(rows)

    def filter_outcome(self, queryset, name, value):
        return queryset if value == ALL else queryset.filter(outcome=value)

    def filter_text(self, queryset, name, value):
        words = value.strip()
        if not words:
            return queryset
        in_paragraphs = Paragraph.objects.filter(resolution=OuterRef("pk"), text__icontains=words)
        matching = queryset.filter(
            Q(symbol__icontains=words) | Q(title__icontains=words) | Exists(in_paragraphs)
        )
        return matching.order_by(*ranked_by_words(words))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*sort_order(value))

    def filter_session(self, queryset, name, value):
        return filter_by_session_code(queryset, "session__", value)

    def filter_agenda_item(self, queryset, name, value):
        parsed = parse_agenda_item_code(value)
        if parsed is None:
            return queryset.none()
        body, number = parsed
        return queryset.filter(
            agenda_items__body__short_name__iexact=body, agenda_items__number=number
        ).distinct()

    def filter_mandate(self, queryset, name, value):
        symbol = " ".join(value.split())
        if not symbol:
            return queryset
        cited = LegislativeMandate.objects.filter(
            document__resolution=OuterRef("pk"), budget_section__symbol=symbol
        )
        return queryset.filter(Exists(cited))

    def count_mandate(self, queryset):
        rows = _grouped(
            queryset.filter(document__legislative_mandates__isnull=False),
            "document__legislative_mandates__budget_section__symbol",
            "document__legislative_mandates__section_number",
            "document__legislative_mandates__section_title",
            distinct=True,  # a text may be named under several parts of one section
        )
        prefix = "document__legislative_mandates__"
        return [
            (
                r[f"{prefix}budget_section__symbol"],
                gettext("Section %(number)s, %(title)s (%(symbol)s)")
                % {
                    "number": r[f"{prefix}section_number"],
                    "title": r[f"{prefix}section_title"],
                    "symbol": r[f"{prefix}budget_section__symbol"],
                },
                r["n"],
            )
            for r in rows
        ]

    def count_body(self, queryset):
        rows = _grouped(queryset, "body__short_name", "body__name")
        return [(r["body__short_name"], gettext(r["body__name"]), r["n"]) for r in rows]

    def count_session(self, queryset):
        rows = _grouped(
            queryset.filter(session__isnull=False),
            "session__body__short_name",
            "session__kind",
            "session__number",
        )
        options = []
        for r in sorted(rows, key=lambda r: (r["session__kind"], -r["session__number"])):
            kind = r["session__kind"]
            body = r["session__body__short_name"]
            number = r["session__number"]
            qualifier = {"special": _("special"), "emergency_special": _("emergency special")}
            text = " ".join(filter(None, [body, ordinal(number), str(qualifier.get(kind, ""))]))
            options.append((session_filter_code(body, kind, number), text, r["n"]))
        return options

    def count_agenda_item(self, queryset):
        rows = _grouped(
            queryset.filter(agenda_items__isnull=False),
            "agenda_items__body__short_name",
            "agenda_items__number",
            "agenda_items__title",
            distinct=True,
        )
        return [
            (
                agenda_item_code(r["agenda_items__body__short_name"], r["agenda_items__number"]),
                agenda_item_label(
                    r["agenda_items__body__short_name"],
                    r["agenda_items__number"],
                    r["agenda_items__title"],
                ),
                r["n"],
            )
            for r in rows
        ]

    def count_year(self, queryset):
        rows = _grouped(queryset.filter(adopted_on__isnull=False), "adopted_on__year")
        return [
            (str(r["adopted_on__year"]), str(r["adopted_on__year"]), r["n"])
            for r in sorted(rows, key=lambda r: -r["adopted_on__year"])
        ]

    def count_adoption_mode(self, queryset):
        labels = dict(AdoptionMode.choices)
        rows = _grouped(queryset.exclude(adoption_mode=""), "adoption_mode")
        return [(r["adoption_mode"], labels[r["adoption_mode"]], r["n"]) for r in rows]

    def filter_text_stored(self, queryset, name, value):
        return queryset.text_stored(value == TEXT_STORED)

    def count_text(self, queryset):
        coverage = queryset.coverage()
        labels = dict(TEXT_CHOICES)
        return [
            (TEXT_STORED, labels[TEXT_STORED], coverage.stored),
            (TEXT_MISSING, labels[TEXT_MISSING], coverage.missing),
        ]


class FollowUpFilter(FacetedFilterSet):
    status = django_filters.ChoiceFilter(
        method="filter_status",
        choices=[(OPEN, _("Open (pending or in progress)")), (ALL, _("All"))]
        + list(FollowUpStatus.choices),
        empty_label=None,
    )
    action = django_filters.ChoiceFilter(choices=FollowUpAction.choices)
    addressee_kind = django_filters.ChoiceFilter(choices=AddresseeKind.choices)
    entity = django_filters.CharFilter(field_name="entities__slug", label=_('An entity: "ohchr".'))
    due_year = YearFilter(field_name="due_on__year")
    due_session = django_filters.CharFilter(method="filter_due_session")
    body = django_filters.CharFilter(
        field_name="resolution__body__short_name", lookup_expr="iexact"
    )
    session = django_filters.CharFilter(method="filter_session")
    resolution = django_filters.CharFilter(
        method="filter_resolution", label=_('The resolution\'s symbol: "A/HRC/RES/32/6".')
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue only"))
    next_session = django_filters.BooleanFilter(
        method="filter_next_session", label=_("Due at the next session")
    )
    assigned = django_filters.CharFilter(
        method="filter_assigned",
        label=_(
            'Staff only: a user name, "me" or "nobody". For anyone else it matches no request.'
        ),
    )

    facet_labels = {
        "status": _("Status"),
        "action": _("Action"),
        "addressee_kind": _("Addressed to"),
        "entity": _("Entity"),
        "due_year": _("Due year"),
        "body": _("Body"),
    }

    class Meta:
        model = FollowUp
        fields = []
        form = ReadableFiltersForm

    def __init__(self, data=None, *args, today=None, user=None, **kwargs):
        # Open requests are what this page is for: they are shown unless asked otherwise.
        data = data.copy() if data is not None else {}
        if not data.get("status"):
            data["status"] = OPEN
        self.today = today
        self.user = user
        super().__init__(data, *args, **kwargs)

    def counted_over(self, name: str):
        # The tally holds most facets' counts while the filters in force are its own.
        rows = tallies.narrowed(self, name)
        return super().counted_over(name) if rows is None else rows

    def total(self) -> int:
        rows = tallies.narrowed(self)
        return self.qs.count() if rows is None else tallies.total(rows)

    def facet_context(self):
        # Overdue and next-session filters read today's date; "assigned to me" the user;
        # any assignee filter whether the user may read assignments at all.
        me = self.data.get("assigned") == "me" and self.user and self.user.is_authenticated
        return (self.today, self.user.pk if me else None, access.sees_staff(self.user))

    def filter_next_session(self, queryset, name, value):
        if not value:
            return queryset
        sessions = [next_session(body, self.today) for body in Body.objects.all()]
        return queryset.filter(due_session__in=[s for s in sessions if s is not None])

    def filter_assigned(self, queryset, name, value):
        # Who is assigned is for staff. To anyone else every value, a user name that exists
        # or not, "me" or "nobody", gives the same answer: nothing, as "me" always did.
        if not access.sees_staff(self.user):
            return queryset.none()
        if value == "me":
            user = self.user
            return (
                queryset.filter(assigned_to=user)
                if user and user.is_authenticated
                else (queryset.none())
            )
        if value == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset.filter(assigned_to__username=value)

    def filter_status(self, queryset, name, value):
        if value == ALL:
            return queryset
        if value == OPEN:
            return queryset.open()
        return queryset.filter(status=value)

    def filter_resolution(self, queryset, name, value):
        return queryset.filter(resolution__symbol=value)  # read by the form (filter_values)

    def filter_due_session(self, queryset, name, value):
        return filter_by_session_code(queryset, "due_session__", value)

    def filter_session(self, queryset, name, value):
        return filter_by_session_code(queryset, "resolution__session__", value)

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.overdue(self.today)
        return queryset

    def count_status(self, queryset):
        counts = {r["status"]: r["n"] for r in _grouped(queryset, "status")}
        open_count = sum(counts.get(s, 0) for s in FollowUpStatus.open_values())
        return [(OPEN, _("Open"), open_count), (ALL, _("All"), sum(counts.values()))] + [
            (value, label, counts.get(value, 0)) for value, label in FollowUpStatus.choices
        ]

    def count_action(self, queryset):
        labels = dict(FollowUpAction.choices)
        return [(r["action"], labels[r["action"]], r["n"]) for r in _grouped(queryset, "action")]

    def count_addressee_kind(self, queryset):
        labels = dict(AddresseeKind.choices)
        rows = _grouped(queryset, "addressee_kind")
        return [(r["addressee_kind"], labels[r["addressee_kind"]], r["n"]) for r in rows]

    def count_entity(self, queryset):
        # A request names an entity once: no row repeats within a group.
        rows = _grouped(queryset.filter(entities__isnull=False), "entities__name", "entities__slug")
        return [(r["entities__slug"], entity_label(r["entities__name"]), r["n"]) for r in rows]

    def count_due_year(self, queryset):
        rows = [r for r in _grouped(queryset, "due_on__year") if r["due_on__year"] is not None]
        return [(str(r["due_on__year"]), str(r["due_on__year"]), r["n"]) for r in rows]

    def count_body(self, queryset):
        rows = _grouped(queryset, "resolution__body__short_name", "resolution__body__name")
        return [
            (r["resolution__body__short_name"], gettext(r["resolution__body__name"]), r["n"])
            for r in rows
        ]
