"""Notes on paragraphs on the site: written, edited and deleted by those who record
follow-up, shown beside their paragraph to whoever may read them, found by staff in the
search, and kept on the paragraph across a re-import."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from resolutions.followups.notes import add_note
from resolutions.importing.texts import import_text
from resolutions.models import NoteChange, NoteVisibility, ParagraphNote
from tests.conftest import variant
from tests.test_reimport import operative_line
from tests.test_views import count_queries, text_of

pytestmark = pytest.mark.django_db
PAGE = "/resolutions/A/HRC/RES/32/6/"
ADD_OP17 = "/resolutions/A/HRC/RES/32/6/notes/add/?paragraph=OP17"


def paragraph_html(client, anchor: str) -> str:
    html = client.get(PAGE).content.decode()
    start = html.index(f'id="{anchor}"')
    return html[start : html.index('<div class="paragraph ', start + 1)]


def test_a_recorder_adds_a_note_that_is_internal_unless_chosen_public(
    recorder_client, seeded, staff_without_permission
):
    form = recorder_client.get(ADD_OP17)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="internal" required id="id_visibility_0" checked' in html
    assert "Also requests the Office of the High Commissioner" in text_of(form)

    response = recorder_client.post(
        ADD_OP17, {"text": "Desk officer: Ms Haddad.", "visibility": "internal"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#op17"
    note = ParagraphNote.objects.get()
    assert (note.paragraph.label, note.visibility, note.author_name) == (
        "OP17",
        NoteVisibility.INTERNAL,
        "Amina Diallo",
    )
    shown = paragraph_html(recorder_client, "op17")
    assert "Desk officer: Ms Haddad." in shown and "Internal" in shown
    assert f'href="/notes/{note.pk}/"' in shown

    staff = Client()
    staff.force_login(staff_without_permission)
    for reader in (Client(), staff):
        assert "Ms Haddad" not in reader.get(PAGE).content.decode()


def test_a_public_note_is_shown_to_visitors_without_the_staff_links(recorder_client, seeded):
    recorder_client.post(ADD_OP17, {"text": "Report presented orally.", "visibility": "public"})
    shown = paragraph_html(Client(), "op17")
    assert "Report presented orally." in shown
    assert "Note by Amina Diallo" in shown
    assert "Internal" not in shown and "/notes/" not in shown and "Add a note" not in shown


def test_editing_and_deleting_a_note_keep_its_history_with_who_and_when(
    recorder_client, seeded, recorder
):
    note = add_note(seeded.paragraphs.get(label="OP17"), user=recorder, text="First draft.")
    url = f"/notes/{note.pk}/"
    assert "First draft." in text_of(recorder_client.get(url))

    response = recorder_client.post(
        url, {"text": "Checked with the Office.", "visibility": "public"}
    )
    assert response.status_code == 302 and response["Location"] == f"{PAGE}#op17"
    assert "Checked with the Office." in paragraph_html(Client(), "op17")
    history = text_of(recorder_client.get(url))
    assert "Written by Amina Diallo" in history and "Edited by Amina Diallo" in history
    assert "First draft." in history  # the earlier text stays readable

    assert recorder_client.post(f"{url}delete/").status_code == 302
    assert "Checked with the Office." not in Client().get(PAGE).content.decode()
    assert "Checked with the Office." not in recorder_client.get(PAGE).content.decode()
    assert list(note.revisions.order_by("id").values_list("change", flat=True)) == [
        NoteChange.CREATED,
        NoteChange.EDITED,
        NoteChange.DELETED,
    ]
    assert recorder_client.get(url).status_code == 404  # a deleted note has no page


def test_a_note_form_sent_empty_says_why_and_writes_nothing(recorder_client, seeded):
    response = recorder_client.post(ADD_OP17, {"text": "   ", "visibility": "internal"})
    assert response.status_code == 400
    assert "This field is required." in text_of(response)
    response = recorder_client.post(ADD_OP17, {"text": "A note.", "visibility": "everyone"})
    assert response.status_code == 400
    assert "Select a valid choice." in text_of(response)
    assert not ParagraphNote.objects.exists()
    missing = recorder_client.get("/resolutions/A/HRC/RES/32/6/notes/add/?paragraph=OP99")
    assert missing.status_code == 404


def test_only_those_who_record_follow_up_reach_the_note_pages(
    client, seeded, recorder, staff_without_permission
):
    note = add_note(seeded.paragraphs.get(label="OP17"), user=recorder, text="Internal only.")
    response = client.get(ADD_OP17)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(staff_without_permission)
    for url in (ADD_OP17, f"/notes/{note.pk}/"):
        assert client.get(url).status_code == 403
        assert client.post(url, {"text": "Changed.", "visibility": "public"}).status_code == 403
    assert client.post(f"/notes/{note.pk}/delete/").status_code == 403
    note.refresh_from_db()
    assert (note.text, note.deleted_at, ParagraphNote.objects.count()) == (
        "Internal only.",
        None,
        1,
    )
    assert "Add a note" not in client.get(PAGE).content.decode()


def test_a_note_stays_beside_its_paragraph_after_a_re_import_or_is_listed_apart(
    recorder_client, seeded, seed_text, recorder
):
    add_note(seeded.paragraphs.get(label="OP17"), user=recorder, text="On the panel report.")
    add_note(seeded.paragraphs.get(label="OP27"), user=recorder, text="On the programme of work.")
    import_text(seed_text.replace(operative_line(seed_text, 27), ""))

    assert "On the panel report." in paragraph_html(recorder_client, "op17")
    html = recorder_client.get(PAGE).content.decode()
    orphaned = html[html.index('id="orphaned-notes"') :]
    assert "Notes on paragraphs no longer in the text" in orphaned
    assert "On the programme of work." in orphaned
    assert "Decides to continue its consideration of the matter" in orphaned  # OP27 as it read


def test_staff_find_the_notes_they_may_read_in_the_search(
    client, seeded, recorder, staff_without_permission
):
    op17 = seeded.paragraphs.get(label="OP17")
    add_note(op17, user=recorder, text="Budget line confirmed with the Controller.")
    add_note(op17, user=recorder, text="Controller's reply published.", visibility="public")

    def notes_found(reader):
        page = reader.get("/search/", {"q": "controller"})
        assert page.status_code == 200
        html = page.content.decode()
        if 'id="notes-found"' not in html:
            return []
        section = html[
            html.index('id="notes-found"') : html.index(
                "</section>", html.index('id="notes-found"')
            )
        ]
        return [
            text
            for text in ("Budget line confirmed", "Controller's reply")
            if text in section.replace("&#x27;", "'")
        ]

    recorder_client = Client()
    recorder_client.force_login(recorder)
    staff = Client()
    staff.force_login(staff_without_permission)
    assert notes_found(recorder_client) == ["Budget line confirmed", "Controller's reply"]
    assert notes_found(staff) == ["Controller's reply"]
    assert notes_found(client) == []
    assert "2 staff notes" in text_of(recorder_client.get("/search/", {"q": "controller"}))


def test_the_resolution_page_reads_the_notes_in_one_query_however_many(
    recorder_client, seeded, recorder, seed_text
):
    import_text(variant(seed_text, 19))  # a series, as in the other pinned counts
    count_queries(recorder_client, PAGE)  # the text, kept until the texts change
    add_note(seeded.paragraphs.get(label="PP1"), user=recorder, text="On PP1.")
    one = count_queries(recorder_client, PAGE)  # after a write: requests and notes read again
    for label in ("OP16", "OP17", "OP17", "OP27"):
        add_note(seeded.paragraphs.get(label=label), user=recorder, text=f"On {label}.")
    assert count_queries(recorder_client, PAGE) == one
    assert recorder_client.get(PAGE).content.decode().count('class="paragraph-note internal"') == 5


def test_a_user_given_the_permission_through_a_group_may_write_notes(django_user_model, seeded):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Focal points")
    group.permissions.add(Permission.objects.get(codename="record_followup"))
    user = django_user_model.objects.create_user("lena", password="a-long-test-password")
    user.groups.add(group)
    reader = Client()
    reader.force_login(user)
    response = reader.post(ADD_OP17, {"text": "From the focal point.", "visibility": "internal"})
    assert response.status_code == 302
    assert ParagraphNote.objects.get().author_name == "lena"
