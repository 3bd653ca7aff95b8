"""What texts refer to: the adopting bodies, their sessions and agenda items, and the countries
that vote."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from resolutions.domain import (
    SessionKind,
    agenda_item_label,
    hrc_next_session_number,
    session_code,
    session_label,
    session_name,
)


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
        return session_name(self.body.short_name, self.kind, self.number)

    def get_absolute_url(self):
        return reverse("session_detail", args=[self.body.short_name, self.code])

    @property
    def code(self) -> str:
        """The session as written in symbols: "32", "S-1" or "ES-10"."""
        return session_code(self.kind, self.number)

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
    number = hrc_next_session_number(today)
    return Session.objects.filter(body=body, kind=SessionKind.REGULAR, number=number).first()


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


class CountryStatus(models.TextChoices):
    MEMBER = "member", _("Member State")
    OBSERVER = "observer", _("Observer State")
    FORMER = "former", _("Former Member State")


class Country(models.Model):
    """A State as voting records and sponsor lists name it: one of the UN's (with its ISO
    3166 code and its UN names, resolutions/data/countries.csv), or, for a name no State
    of the list answers to, the name as written, without a code."""

    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(
        max_length=4,
        unique=True,
        null=True,
        blank=True,
        help_text=_("ISO 3166-1 alpha-3; ISO 3166-3 for a State that no longer exists."),
    )
    name_fr = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=CountryStatus, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("country_detail", args=[self.code]) if self.code else ""

    @property
    def display_name(self) -> str:
        """The UN's name in the reader's language where we have it."""
        if self.name_fr and get_language() == "fr":
            return self.name_fr
        return self.name
