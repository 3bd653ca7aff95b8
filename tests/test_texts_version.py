"""The texts' version (resolutions/counts.py): changed by every write to what pages show
but those to what staff record of the texts, so that the resolution list's counts, a
session's coverage and a search's matches are counted once across the recording of
requests, and afresh after any write to the texts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions import counts
from resolutions.followups.notes import add_note
from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.texts import import_text
from resolutions.models import AdoptionMode, FollowUp, FollowUpStatus, Resolution
from tests.conftest import variant
from tests.test_views import facet_count, text_of


def versions() -> tuple:
    return counts.version(), counts.version(texts=True)


def queries_of(client, url, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return [query["sql"] for query in queries]


def test_recording_a_request_changes_the_data_version_not_the_texts(seeded, recorder):
    data, texts = versions()
    follow_up = FollowUp.objects.filter(resolution=seeded).order_by("id").first()
    record_follow_up_event(follow_up, user=recorder, new_status=FollowUpStatus.IN_PROGRESS)
    add_note(follow_up.paragraph, user=recorder, text="Asked the Office for a date.")
    assert counts.version() != data
    assert counts.version(texts=True) == texts

    Resolution.objects.filter(pk=seeded.pk).update(title="A title written since")
    assert counts.version() != data and counts.version(texts=True) != texts


@pytest.mark.parametrize(
    ("sql", "texts"),
    [
        ('UPDATE "resolutions_followup" SET "status" = %s WHERE "id" = %s', False),
        ('INSERT INTO "resolutions_followupevent" ("note") VALUES (%s)', False),
        ('DELETE FROM "resolutions_paragraphnote" WHERE "id" = %s', False),
        ('INSERT INTO "resolutions_paragraph" ("text") VALUES (%s)', True),
        ('UPDATE "resolutions_resolution" SET "title" = %s', True),
        ('DELETE FROM "resolutions_resolution_agenda_items" WHERE "id" = %s', True),
        # Forms the pattern does not read count as writes to the texts.
        ('WITH moved AS (SELECT 1) UPDATE "resolutions_followup" SET "x" = 1', True),
        ('TRUNCATE "resolutions_followup"', True),
    ],
)
def test_which_writes_change_the_texts(sql, texts):
    assert counts.shows(sql)
    assert counts.changes_texts(sql) is texts


def test_the_lists_counts_are_kept_across_a_recorded_request(client, many_resolutions, recorder):
    params = {"body": "HRC"}
    client.get("/resolutions/", params)
    warm = queries_of(client, "/resolutions/", params)
    follow_up = FollowUp.objects.open().order_by("id").first()
    record_follow_up_event(follow_up, user=recorder, new_status=FollowUpStatus.FULFILLED)
    # Counted as they were: only the rows' open requests are read again (a check's answer,
    # web/visitor_cache.py), in one query.
    after = queries_of(client, "/resolutions/", params)
    (extra,) = [sql for sql in after if sql not in warm]
    assert "resolutions_followup" in extra and len(after) == len(warm) + 1
    # The follow-up list counts requests: it counts afresh.
    client.get("/follow-ups/")
    warm_requests = queries_of(client, "/follow-ups/")
    record_follow_up_event(follow_up, user=recorder, new_status=FollowUpStatus.IN_PROGRESS)
    assert len(queries_of(client, "/follow-ups/")) > len(warm_requests)


def test_the_lists_counts_follow_a_write_to_the_texts(client, many_resolutions):
    listed = client.get("/resolutions/")
    recorded = facet_count(listed, "adoption_mode", AdoptionMode.RECORDED_VOTE)
    changed = Resolution.objects.filter(symbol="A/HRC/RES/32/12")
    assert changed.exclude(adoption_mode=AdoptionMode.RECORDED_VOTE).exists()
    changed.update(adoption_mode=AdoptionMode.RECORDED_VOTE)
    listed = client.get("/resolutions/")
    assert facet_count(listed, "adoption_mode", AdoptionMode.RECORDED_VOTE) == recorded + 1


def test_a_search_is_matched_once_across_recorded_requests_and_again_after_an_import(
    client, seeded, seed_text, recorder
):
    params = {"q": '"technical assistance"'}
    first = text_of(client.get("/search/", params))
    warm = queries_of(client, "/search/", params)
    follow_up = FollowUp.objects.filter(resolution=seeded).order_by("id").first()
    record_follow_up_event(follow_up, user=recorder, new_status=FollowUpStatus.FULFILLED)
    assert len(queries_of(client, "/search/", params)) == len(warm)
    assert "A/HRC/RES/32/77" not in first

    import_text(variant(seed_text, 77))
    found = queries_of(client, "/search/", params)
    assert len(found) > len(warm)  # matched again
    assert "A/HRC/RES/32/77" in text_of(client.get("/search/", params))


def test_a_resolution_page_keeps_its_text_across_requests_and_follows_its_edits(
    client, seeded, recorder
):
    page = seeded.get_absolute_url()
    client.get(page)
    warm = queries_of(client, page)
    follow_up = FollowUp.objects.filter(resolution=seeded, paragraph__label="OP17").first()
    record_follow_up_event(follow_up, user=recorder, new_status=FollowUpStatus.FULFILLED)
    after = queries_of(client, page)
    # The text as kept: only its requests, their proposals, the superseded ones and the
    # notes are read again.
    extra = [sql for sql in after if sql not in warm]
    assert len(extra) == 4 and len(after) == len(warm) + 4
    read_from = [sql.split(" FROM ")[1].split()[0] for sql in extra]
    assert read_from == [
        '"resolutions_followup"',
        '"resolutions_fulfilmentproposal"',
        '"resolutions_followup"',
        '"resolutions_paragraphnote"',
    ]
    assert "status-fulfilled" in client.get(page).content.decode()

    paragraph = seeded.paragraphs.get(label="OP17")
    type(paragraph).objects.filter(pk=paragraph.pk).update(text="A paragraph corrected since.")
    assert len(queries_of(client, page)) > len(warm)
    assert "A paragraph corrected since." in text_of(client.get(page))


def test_every_table_said_to_hold_only_what_staff_record_is_one_of_ours():
    from django.apps import apps

    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert counts.FOLLOW_UP_TABLES <= tables
    # Nothing a text is made of is among them.
    for model in (Resolution, FollowUp.paragraph.field.related_model):
        assert model._meta.db_table not in counts.FOLLOW_UP_TABLES
