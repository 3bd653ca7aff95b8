"""Series: the texts that continue one another, joined when texts are imported."""

from collections import defaultdict

from django.db.models import Q

from resolutions.models import Resolution, Series
from resolutions.parsing.catalogue import title_key


def assign_series(resolution_ids=None):
    """Put texts that share a title (or name a predecessor) into one series.

    With `resolution_ids`, only those texts are looked at (a text import); without, all."""
    members = Resolution.objects.series_candidates()
    if resolution_ids is not None:
        titles = set(members.filter(id__in=resolution_ids).values_list("title", flat=True))
        keys = {title_key(t) for t in titles}
        # Texts of the same title elsewhere in the database join the same series.
        members = members.filter(Q(id__in=resolution_ids) | Q(title__in=titles))
    else:
        keys = None
    groups = defaultdict(list)
    for pk, title, series_id, adopted_on in members.values_list(
        "id", "title", "series_id", "adopted_on"
    ):
        key = title_key(title)
        if keys is None or key in keys:
            groups[key].append((pk, title, series_id, adopted_on))

    _join_named_predecessors(groups, resolution_ids)
    wanted = {key: rows for key, rows in groups.items() if len(rows) >= 2}
    series = {s.key: s for s in Series.objects.filter(key__in=wanted)}
    new = []
    for key, rows in wanted.items():
        if key not in series:
            latest = max(rows, key=lambda row: (row[3] is not None, row[3]))
            new.append(Series(key=key, title=latest[1]))
    Series.objects.bulk_create(new)
    if new:
        series = {s.key: s for s in Series.objects.filter(key__in=wanted)}
    changed = [
        Resolution(id=pk, series_id=series[key].id)
        for key, rows in wanted.items()
        for pk, _, series_id, _ in rows
        if series_id != series[key].id
    ]
    Resolution.objects.bulk_update(changed, ["series"], batch_size=1000)


def _join_named_predecessors(groups, resolution_ids):
    """A text that names its predecessor ("the latest of which being Council resolution
    28/2") joins the predecessor's group even when the titles differ."""
    named = Resolution.predecessors.through.objects.filter(
        document__resolution__isnull=False
    ).values_list("resolution_id", "document__resolution_id")
    if resolution_ids is not None:
        named = named.filter(resolution_id__in=resolution_ids)
    links = list(named)
    if not links:
        return
    where = {pk: key for key, rows in groups.items() for pk, *_ in rows}
    involved = {pk for link in links for pk in link} - where.keys()
    for pk, title, series_id, adopted_on in (
        Resolution.objects.series_candidates()
        .filter(id__in=involved)
        .values_list("id", "title", "series_id", "adopted_on")
    ):
        key = title_key(title)
        groups[key].append((pk, title, series_id, adopted_on))
        where[pk] = key
    for successor, predecessor in links:
        if successor in where and predecessor in where and where[successor] != where[predecessor]:
            moved = [row for row in groups[where[successor]] if row[0] == successor]
            groups[where[successor]] = [r for r in groups[where[successor]] if r[0] != successor]
            groups[where[predecessor]].extend(moved)
            where[successor] = where[predecessor]
