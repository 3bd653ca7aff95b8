"""Reference data the tracker ships with: the bodies, and the Human Rights Council's
sessions and agenda items (public UN facts, copied into resolutions/data/).

The functions take the model classes as arguments so that a data migration can pass
its historical models and `load_demo` the current ones; both are idempotent.
"""

import csv
import datetime
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

BODIES = [
    # (name, short name, symbol prefix)
    ("Human Rights Council", "HRC", "A/HRC"),
    ("General Assembly", "GA", "A"),
    ("Security Council", "SC", "S"),
    ("Economic and Social Council", "ECOSOC", "E"),
    ("Commission on Human Rights", "CHR", "E/CN.4"),
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
    with open(DATA_DIR / "hrc_agenda_items.csv", newline="", encoding="utf-8") as f:
        return [{"number": int(row["number"]), "title": row["title"]} for row in csv.DictReader(f)]


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
