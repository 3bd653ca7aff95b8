"""What a person types in a list's filters, read the way they meant it, or an error that
says what to type instead: never a silent empty list.

- a body by its short name or its name, in English or in the interface's language:
  "HRC", "Human Rights Council", "Conseil des droits de l'homme";
- a session as the filter writes it ("HRC-32"), as the session page's address does
  ("HRC/32"), with a space ("hrc 32"), or bare ("32", "S-1"): a bare session is read in the
  body chosen, or in the only body that has it;
- an agenda item the same way: "HRC-3", "HRC/3", "3".

The FilterSets of the site and the API use this form (web/filters.py), so that a value the
site reads the API reads too, and a value it cannot read is a 400 there.
"""

import re

import django_filters
from django import forms
from django.utils.translation import gettext as _

from resolutions.domain import (
    agenda_item_code,
    parse_session_code,
    parse_session_filter_code,
    session_code,
    session_filter_code,
)
from resolutions.models import AgendaItem, Body, Session
from resolutions.parsing.symbols import symbol_from_input

# "HRC-32", "HRC/32", "hrc 32", "HRC - S-1": a body's letters, then the rest.
_WITH_BODY = re.compile(r"^\s*(?P<body>[A-Za-z]+)\s*[-/ ]\s*(?P<rest>\S.*?)\s*$")


def _body_of(value: str) -> Body | None:
    """The body a person named, by short name or name, in English or translated."""
    value = " ".join(value.split())
    for body in Body.objects.all():
        names = {body.short_name, body.name, body.display_name}
        if value.casefold() in {name.casefold() for name in names}:
            return body
    return None


def _bodies_list() -> str:
    return ", ".join(f"{b.short_name} ({b.display_name})" for b in Body.objects.all())


def _split(value: str) -> tuple[str, str]:
    """("HRC", "32") from "HRC-32", "HRC/32" or "hrc 32"; ("", "S-1") from a bare "S-1"."""
    if parse_session_code(value) is not None:
        return "", value.strip()
    match = _WITH_BODY.match(value)
    if match:
        return match["body"].upper(), match["rest"]
    return "", value.strip()


# What to say of a session or an agenda item that is not there, or not only in one body.
def _session_messages():
    return {
        "elsewhere": _(
            "No session %(value)s in the chosen body (%(body)s): did you mean %(codes)s?"
        ),
        "which": _("Session %(value)s of which body? Choose one of %(codes)s."),
        "none": _("No session %(value)s is known here."),
    }


def _agenda_item_messages():
    return {
        "elsewhere": _(
            "No agenda item %(value)s in the chosen body (%(body)s): did you mean %(codes)s?"
        ),
        "which": _("Agenda item %(value)s of which body? Choose one of %(codes)s."),
        "none": _("No agenda item %(value)s is known here."),
    }


def _choose(candidates: list, chosen_body: Body | None, messages: dict, *, value: str, codes):
    """The one candidate in the chosen body, or in the only body that has it; else why not."""
    values = {"value": value, "body": chosen_body.short_name if chosen_body else ""}
    if chosen_body is not None:
        in_body = [c for c in candidates if c.body_id == chosen_body.pk]
        if in_body:
            return in_body[0]
        if candidates:
            raise forms.ValidationError(messages["elsewhere"], params={**values, "codes": codes()})
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise forms.ValidationError(messages["which"], params={**values, "codes": codes()})
    raise forms.ValidationError(messages["none"], params=values)


class YearFilter(django_filters.NumberFilter):
    """A whole year that a date can hold: "0" or a 20-digit number would otherwise reach
    the database and fail there."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


def filter_by_session_code(queryset, prefix: str, code: str):
    parsed = parse_session_filter_code(code)
    if parsed is None:
        return queryset.none()
    body, kind, number = parsed
    return queryset.filter(
        **{
            f"{prefix}body__short_name__iexact": body,
            f"{prefix}kind": kind,
            f"{prefix}number": number,
        }
    )


class ReadableFiltersForm(forms.Form):
    """The filter form of the resolution and follow-up lists: `body`, `session` and
    `agenda_item` read as a person types them and written back in the filters' own form."""

    # The fields holding a session and an agenda item, read in the body chosen.
    session_fields = ("session", "due_session")
    agenda_item_fields = ("agenda_item",)

    def clean_body(self):
        value = self.cleaned_data.get("body") or ""
        if not value.strip():
            return ""
        body = self.chosen_body = _body_of(value)
        if body is None:
            raise forms.ValidationError(
                _("No body “%(value)s”. The bodies are: %(bodies)s."),
                params={"value": value, "bodies": _bodies_list()},
            )
        return body.short_name

    def clean_resolution(self):
        value = self.cleaned_data.get("resolution") or ""
        if not value.strip():
            return ""
        symbol = symbol_from_input(value)
        if symbol is None:
            raise forms.ValidationError(
                _("“%(value)s” is not a UN document symbol: write it as A/HRC/RES/32/6."),
                params={"value": value},
            )
        return symbol

    def clean(self):
        cleaned = super().clean()
        chosen = getattr(self, "chosen_body", None)  # read by clean_body
        for name in self.session_fields:
            if cleaned.get(name):
                self._read(name, lambda value: self._session(value, chosen))
        for name in self.agenda_item_fields:
            if cleaned.get(name):
                self._read(name, lambda value: self._agenda_item(value, chosen))
        return cleaned

    def _read(self, name: str, read):
        try:
            self.cleaned_data[name] = read(self.cleaned_data[name])
        except forms.ValidationError as error:
            self.add_error(name, error)  # which also drops the value from cleaned_data

    def _session(self, value: str, chosen: Body | None) -> str:
        body_name, rest = _split(value)
        parsed = parse_session_code(rest)
        if parsed is None:
            raise forms.ValidationError(
                _("“%(value)s” is not a session: write it as HRC-32, HRC-S-1 or GA-73."),
                params={"value": value},
            )
        kind, number = parsed
        if body_name:
            # Written with its body ("HRC-32", "hrc/32"): read without asking the database;
            # a session no text has gives an empty list, which names its filters.
            return session_filter_code(body_name, kind, number)
        sessions = list(Session.objects.filter(kind=kind, number=number).select_related("body"))
        session = _choose(
            sessions,
            chosen,
            _session_messages(),
            value=session_code(kind, number),
            codes=lambda: _(" or ").join(
                session_filter_code(s.body.short_name, s.kind, s.number) for s in sessions
            ),
        )
        return session_filter_code(session.body.short_name, session.kind, session.number)

    def _agenda_item(self, value: str, chosen: Body | None) -> str:
        body_name, rest = _split(value)
        if not rest.isdigit() or len(rest) > 4:
            raise forms.ValidationError(
                _("“%(value)s” is not an agenda item: write it as HRC-3, or 3."),
                params={"value": value},
            )
        if body_name:
            return agenda_item_code(body_name, int(rest))
        items = list(
            AgendaItem.objects.filter(number=int(rest)).select_related("body").order_by("body")
        )
        item = _choose(
            items,
            chosen,
            _agenda_item_messages(),
            value=rest,
            codes=lambda: _(" or ").join(
                agenda_item_code(i.body.short_name, i.number) for i in items
            ),
        )
        return agenda_item_code(item.body.short_name, item.number)
