"""Parts of a page rendered once for what they show: `{% kept %}` (templatetags/kept.py)
keeps the HTML of a template fragment under a digest of the values it is given, so that
a row of a list, or the text of a resolution, is rendered again only when what it shows
has changed. Unlike a page kept for visitors (visitor_cache.py), a fragment outlives
every write that leaves its values as they were: the first request after a follow-up is
recorded renders that request's row and takes the others as they were.

What keeps this right is that a fragment sees nothing but the values it is given: it is
rendered in a context holding them alone (and the language), so a fragment that used
anything else would show nothing of it in every test, not just in a stale copy. A value
is digested whole: a model instance by every field it was read with, the rows selected or
prefetched with it and the lists a view attached to it (`follow_up_list`), recursively;
a queryset only once it has been read. The digest also holds the language and `release()`,
a digest of the code and templates, so that nothing kept outlives a new version of either.

`FRAGMENTS_KEPT = False` renders every fragment afresh.
"""

import dataclasses
import datetime
import decimal
import enum
import functools
import hashlib
import logging
import uuid
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import caches
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

# Content never goes stale under its own digest; the bound only returns the memory of
# fragments nobody asks for any more.
TIMEOUT = 24 * 60 * 60
LARGEST = 512 * 1024
# A fragment larger than a row (a resolution's text) is kept in "texts", which holds fewer:
# the memory a process gives them stays bounded whichever pages are asked for.
ROW_SIZED = 16 * 1024
PLAIN = (str, int, float, bool, bytes, type(None), decimal.Decimal, datetime.date, datetime.time)
PLAIN += (datetime.timedelta, uuid.UUID)
# The same, as exact types: a value of one of them is digested with its neighbours.
PLAIN_TYPES = frozenset({*PLAIN, datetime.datetime})
# What the output of a fragment depends on besides its values: the code that computes
# what models show, the templates and the translations.
SOURCES = ("resolutions", "tracker", "templates", "locale")

logger = logging.getLogger(__name__)


@functools.cache
def release() -> str:
    """A digest of the code, templates and translations this process runs."""
    digest = hashlib.sha256(django.get_version().encode())  # its date formats, humanize
    root = Path(settings.BASE_DIR)
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt", ".mo") and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def field_names(cls) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


class Digest:
    """The digest of a fragment's values; each object is digested once, and met again
    by its place in the walk (a paragraph's parent, a resolution each row points to)."""

    def __init__(self):
        self.hash = hashlib.sha256()
        self.seen: dict[int, int] = {}

    def add(self, value) -> None:
        update = self.hash.update
        if isinstance(value, PLAIN) or isinstance(value, enum.Enum):
            update(f"{type(value).__name__}:{value!r};".encode())
        elif isinstance(value, Promise):  # a lazy translation, read in the language in force
            update(f"str:{str(value)!r};".encode())
        elif id(value) in self.seen:
            update(f"@{self.seen[id(value)]};".encode())
        elif isinstance(value, Model):
            self.seen[id(value)] = len(self.seen)
            self._instance(value)
        elif isinstance(value, QuerySet):
            if value._result_cache is None:
                raise TypeError(
                    f"{value.model.__name__} rows not yet read: give a fragment the rows, "
                    "prefetched or listed, not a query it would run"
                )
            self.add(value._result_cache)
        elif isinstance(value, list | tuple | set | frozenset):
            update(f"{type(value).__name__}[".encode())
            for item in sorted(value, key=repr) if isinstance(value, set | frozenset) else value:
                self.add(item)
            update(b"]")
        elif isinstance(value, dict):
            update(b"{")
            for key, item in value.items():
                self.add(key)
                self.add(item)
            update(b"}")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            self.seen[id(value)] = len(self.seen)
            # The plain values in one piece, as for an instance: a list's row (web/rows.py)
            # is digested in one step, its session and agenda items in one each.
            plain, rest = [], []
            for name in field_names(type(value)):
                field = getattr(value, name)
                (plain if type(field) in PLAIN_TYPES else rest).append((name, field))
            update(f"{type(value).__qualname__}{plain!r}(".encode())
            for name, field in rest:
                update(f"{name}=".encode())
                self.add(field)
            update(b")")
        else:
            raise TypeError(f"a fragment cannot be kept for a {type(value).__qualname__}")

    def _instance(self, instance: Model) -> None:
        """Every field read, every annotation, every list a view attached, and the rows
        selected or prefetched with it: what a template can show without a query. The
        plain values in one piece, in the order the query set them."""
        plain, rest = [], []
        for name, value in instance.__dict__.items():
            if name == "_django_version":  # what an instance read from a cache carries
                continue
            if type(value) in PLAIN_TYPES:
                plain.append((name, value))
            elif name == "_prefetched_objects_cache":
                rest.append((name, {key: list(rows) for key, rows in value.items()}))
            elif name != "_state":
                rest.append((name, value))
        self.hash.update(f"{instance._meta.label}{plain!r}".encode())
        for name, value in rest:
            self.hash.update(f"{name}=".encode())
            self.add(value)
        for name, value in instance._state.fields_cache.items():
            self.hash.update(f"{name}:".encode())
            self.add(value)
        self.hash.update(b")")

    def hexdigest(self) -> str:
        return self.hash.hexdigest()


def key(name: str, values: dict, language: str, source: str = "") -> str:
    digest = Digest()
    digest.add((release(), name, source, language))
    digest.add(values)
    return f"fragment:{name}:{digest.hexdigest()}"


def kept(name: str, values: dict, language: str, render, source: str = "") -> SafeString:
    """The fragment `name` (whose template reads `source`, a digest) for `values`: as
    kept, or `render()` and kept."""
    return mark_safe(
        _kept(name, values, language, lambda: str(render()), source, ("fragments", "texts"), _store)
    )


def kept_data(name: str, values: dict, language: str, compute):
    """The same for data (an API row's representation, `compute()`): kept in "fragments"."""
    return _kept(name, values, language, compute, "", ("fragments",), lambda data: "fragments")


def _store(html: str) -> str | None:
    """Where rendered HTML is kept: a row's among the rows, a text's apart, none past LARGEST."""
    if len(html) > LARGEST:
        return None
    return "fragments" if len(html) <= ROW_SIZED else "texts"


def _kept(name, values, language, compute, source, look_in, store_in):
    if not settings.FRAGMENTS_KEPT:
        return compute()
    try:
        found = key(name, values, language, source)
    except TypeError as error:
        # A value that cannot be digested: shown right, made every time, and said.
        logger.warning("fragment %s made afresh: %s", name, error)
        return compute()
    for cache in look_in:
        made = caches[cache].get(found)
        if made is not None:
            return made
    made = compute()
    if store := store_in(made):
        caches[store].set(found, made, TIMEOUT)
    return made
