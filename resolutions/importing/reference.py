"""Reference data the tracker ships with: the bodies, and the Human Rights Council's
sessions (resolutions/data/hrc_sessions.csv) and agenda items (here). Public UN facts.

The functions take the model classes as arguments so that a data migration can pass
its historical models and `load_demo` the current ones; both are idempotent.
"""

import csv
import datetime
from pathlib import Path

from django.utils.translation import gettext_noop

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

BODIES = [
    # (name, short name, symbol prefix); the names are stored in English, as the documents
    # write them, and shown in the reader's language (`Body.display_name`).
    (gettext_noop("Human Rights Council"), "HRC", "A/HRC"),
    (gettext_noop("General Assembly"), "GA", "A"),
    (gettext_noop("Security Council"), "SC", "S"),
    (gettext_noop("Economic and Social Council"), "ECOSOC", "E"),
    (gettext_noop("Commission on Human Rights"), "CHR", "E/CN.4"),
]

# The Council's agenda items, numbered from 1 in this order. Titles are stored in English,
# as the documents write them, and shown in the reader's language (`display_title`).
HRC_AGENDA_ITEM_TITLES = [
    gettext_noop("Organizational and procedural matters"),
    gettext_noop(
        "Annual report of the United Nations High Commissioner for Human Rights and reports "
        "of the Office of the High Commissioner and the Secretary-General"
    ),
    gettext_noop(
        "Promotion and protection of all human rights, civil, political, economic, social "
        "and cultural rights, including the right to development"
    ),
    gettext_noop("Human rights situations that require the Council's attention"),
    gettext_noop("Human rights bodies and mechanisms"),
    gettext_noop("Universal periodic review"),
    gettext_noop("Human rights situation in Palestine and other occupied Arab territories"),
    gettext_noop(
        "Follow-up to and implementation of the Vienna Declaration and Programme of Action"
    ),
    gettext_noop(
        "Racism, racial discrimination, xenophobia and related forms of intolerance, "
        "follow-up to and implementation of the Durban Declaration and Programme of Action"
    ),
    gettext_noop("Technical assistance and capacity-building"),
]


def load_bodies(Body):
    for name, short_name, prefix in BODIES:
        Body.objects.update_or_create(
            short_name=short_name, defaults={"name": name, "symbol_prefix": prefix}
        )


def read_hrc_sessions() -> list[dict]:
    with open(DATA_DIR / "hrc_sessions.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    sessions = []
    for row in rows:
        start = datetime.date.fromisoformat(row["first_adoption"])
        sessions.append(
            {
                "kind": row["kind"],
                "number": int(row["number"]),
                "start_date": start,
                "end_date": datetime.date.fromisoformat(row["last_adoption"]),
                "year": start.year,
            }
        )
    return sessions


def read_hrc_agenda_items() -> list[dict]:
    return [
        {"number": number, "title": title}
        for number, title in enumerate(HRC_AGENDA_ITEM_TITLES, start=1)
    ]


def load_hrc_calendar(Body, Session, AgendaItem):
    hrc = Body.objects.get(short_name="HRC")
    for row in read_hrc_sessions():
        Session.objects.update_or_create(
            body=hrc,
            kind=row["kind"],
            number=row["number"],
            defaults={k: row[k] for k in ("start_date", "end_date", "year")},
        )
    for row in read_hrc_agenda_items():
        AgendaItem.objects.update_or_create(
            body=hrc, number=row["number"], defaults={"title": row["title"]}
        )


def load_reference_data(Body, Session, AgendaItem):
    load_bodies(Body)
    load_hrc_calendar(Body, Session, AgendaItem)
