"""The requests' tally (resolutions/tallies.py): kept by the database on every kind of write,
and read by the follow-up list for the same counts the requests themselves give."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions import tallies
from resolutions.followups.recording import record_follow_up_event
from resolutions.models import Body, FollowUp, FollowUpStatus, FollowUpTally, Resolution
from resolutions.web.filters import FollowUpFilter


def counted_from_the_requests() -> Counter:
    return Counter(
        (f.status, f.action, f.addressee_kind, f.due_on.year if f.due_on else 0, body)
        for f, body in (
            (f, f.resolution.body_id) for f in FollowUp.objects.select_related("resolution")
        )
    )


def held_by_the_tally() -> Counter:
    return Counter(
        {
            (t.status, t.action, t.addressee_kind, t.due_year, t.body_id): t.requests
            for t in FollowUpTally.objects.all()
            if t.requests
        }
    )


@pytest.fixture
def two_texts(seeded, series_pair):
    return seeded, *series_pair


def test_the_tally_holds_every_current_request_whatever_wrote_it(two_texts, recorder):
    seed, older, newer = two_texts
    assert sum(held_by_the_tally().values()) == FollowUp.objects.count() > 20
    assert held_by_the_tally() == counted_from_the_requests()
    op17 = FollowUp.objects.get(resolution=seed, paragraph__label="OP17")
    writes = [
        # A status recorded through the service: save().
        lambda: record_follow_up_event(op17, user=recorder, new_status=FollowUpStatus.IN_PROGRESS),
        # A queryset's update, a bulk insert, a delete: no save(), no signal.
        lambda: FollowUp.objects.filter(resolution=older).update(status=FollowUpStatus.FULFILLED),
        lambda: FollowUp.objects.bulk_create(
            [
                FollowUp(
                    resolution=newer,
                    paragraph=op17.paragraph,
                    sequence=99,
                    action=op17.action,
                    addressee_kind=op17.addressee_kind,
                    due_on=datetime.date(2031, 3, 1),
                )
            ]
        ),
        lambda: FollowUp.objects.filter(resolution=newer, sequence=99).delete(),
        lambda: FollowUp.objects.filter(resolution=newer).update(due_on=datetime.date(2029, 1, 1)),
        # Superseded: left out of every count; and back.
        lambda: FollowUp.objects.filter(pk=op17.pk).update(
            superseded_at=datetime.datetime.now(datetime.UTC)
        ),
        lambda: FollowUp.all_objects.filter(pk=op17.pk).update(superseded_at=None),
        # A resolution moved to another body takes its requests with it.
        lambda: Resolution.objects.filter(pk=seed.pk).update(
            body=Body.objects.get(short_name="GA")
        ),
        lambda: raw(
            "UPDATE resolutions_followup SET action = 'decision' WHERE resolution_id = %s", newer.pk
        ),
        lambda: Resolution.objects.filter(pk=older.pk).delete(),
    ]
    for number, write in enumerate(writes):
        write()
        assert held_by_the_tally() == counted_from_the_requests(), f"after write {number}"
    assert any(body == Body.objects.get(short_name="GA").pk for *_, body in held_by_the_tally())


def raw(sql: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


FILTERS = [
    {},
    {"status": "all"},
    {"status": "fulfilled"},
    {"action": "request"},
    {"body": "hrc"},
    {"due_year": "2017"},
    {"status": "all", "addressee_kind": "member_states"},
    {"status": "in_progress", "action": "request", "body": "HRC"},
    {"status": "all", "due_year": "1789"},
]


@pytest.mark.parametrize("params", FILTERS)
def test_the_follow_up_list_counts_from_the_tally_what_the_requests_give(
    two_texts, params, monkeypatch
):
    seed, older, _ = two_texts
    FollowUp.objects.filter(resolution=older).update(status=FollowUpStatus.IN_PROGRESS)
    FollowUp.objects.filter(resolution=seed, paragraph__label="OP17").update(
        status=FollowUpStatus.FULFILLED
    )
    # A request superseded (left out of both counts), and requests with no due date.
    FollowUp.objects.filter(resolution=seed, paragraph__label="OP16").update(
        superseded_at=datetime.datetime.now(datetime.UTC)
    )
    assert FollowUp.objects.filter(due_on__isnull=True).exists()

    def counted():
        filterset = FollowUpFilter(params, queryset=FollowUp.objects.all())
        filterset.form.is_valid()
        return filterset.total(), filterset.facets()

    with CaptureQueriesContext(connection) as queries:
        from_tally = counted()
    # Only the entity facet, which the tally does not hold, reads the requests.
    reading = [q["sql"] for q in queries if 'FROM "resolutions_followup"' in q["sql"]]
    assert len(reading) == 1 and "resolutions_addresseeentity" in reading[0]
    monkeypatch.setattr(tallies, "narrowed", lambda filterset, excluded=None: None)
    from_requests = counted()
    assert from_tally == from_requests
    assert from_tally[0] > 0 or params.get("status") == "fulfilled" or "due_year" in params


def test_a_filter_the_tally_does_not_hold_counts_the_requests(two_texts):
    filterset = FollowUpFilter({"entity": "ohchr"}, queryset=FollowUp.objects.all())
    filterset.form.is_valid()
    assert tallies.narrowed(filterset) is None
    assert filterset.total() == FollowUp.objects.open().filter(entities__slug="ohchr").count() > 0
    narrowed = FollowUpFilter({}, queryset=FollowUp.objects.filter(resolution=two_texts[0]))
    narrowed.form.is_valid()
    assert tallies.narrowed(narrowed) is None  # a base queryset the tally does not count


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_triggers_lost_to_a_table_rebuild_are_put_back_and_the_tally_recounted(two_texts):
    raw("DROP TRIGGER resolutions_followup_tally_update")
    FollowUp.objects.update(status=FollowUpStatus.NOT_APPLICABLE)  # uncounted
    assert held_by_the_tally() != counted_from_the_requests()
    tallies.repair_sqlite_triggers()
    assert held_by_the_tally() == counted_from_the_requests()
    FollowUp.objects.update(status=FollowUpStatus.PENDING)
    assert held_by_the_tally() == counted_from_the_requests()


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2016, 6, 1),
        datetime.date(2017, 1, 1),
        datetime.date(2017, 7, 2),
        datetime.date(2030, 12, 31),
    ],
)
def test_the_home_pages_open_and_overdue_requests_are_those_the_requests_give(two_texts, today):
    seed, older, _ = two_texts
    FollowUp.objects.filter(resolution=older).update(status=FollowUpStatus.FULFILLED)
    FollowUp.objects.filter(resolution=seed, paragraph__label="OP17").update(
        due_on=datetime.date(2017, 7, 1)
    )
    assert tallies.open_requests() == FollowUp.objects.open().count() > 0
    overdue = FollowUp.objects.overdue(today).count()
    assert tallies.overdue_requests(today) == overdue
    # Due this year (the index's part) on 2 July 2017, in an earlier year (the tally's) in 2030.
    assert overdue > 0 or today < datetime.date(2017, 7, 2)


def test_the_paragraphs_total_follows_every_kind_of_write(two_texts, client):
    from resolutions.models import Paragraph

    seed, older, _ = two_texts
    assert tallies.paragraphs() == Paragraph.objects.count() > 50
    kept = Paragraph.objects.filter(resolution=older)
    Paragraph.objects.bulk_create(
        [
            Paragraph(resolution=seed, kind=p.kind, position=900 + i, label=f"X{i}", text=p.text)
            for i, p in enumerate(kept)
        ]
    )
    assert tallies.paragraphs() == Paragraph.objects.count()
    raw("DELETE FROM resolutions_paragraph WHERE resolution_id = %s AND position >= 900", seed.pk)
    assert tallies.paragraphs() == Paragraph.objects.count()
    Resolution.objects.get(pk=older.pk).delete()
    assert tallies.paragraphs() == Paragraph.objects.count()
    shown = client.get("/").context["paragraph_count"]
    assert shown == Paragraph.objects.count()
