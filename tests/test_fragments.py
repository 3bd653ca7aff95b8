"""Rows and texts rendered once for what they show (resolutions/web/fragments.py and the
`{% kept %}` tag): kept across writes that leave them as they were, rendered again when
what they show changes, never shared between what staff and visitors see."""

import datetime
import logging

import pytest
from django.conf import settings
from django.core.cache import caches
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from resolutions.followups.notes import add_note
from resolutions.followups.recording import record_follow_up_event
from resolutions.models import FollowUp, FollowUpStatus, Resolution
from resolutions.web import fragments


@pytest.fixture
def rendered(monkeypatch):
    """The names of the fragments rendered afresh (not taken as kept), in order."""
    names = []
    keep = fragments.kept

    def counting(name, values, language, render, source=""):
        return keep(name, values, language, lambda: (names.append(name), render())[1], source)

    monkeypatch.setattr(fragments, "kept", counting)
    return names


def rows(names, template="partials/resolution_table.html:row"):
    return [name for name in names if name == template]


def table_of(response) -> str:
    page = response.content.decode()
    return page[page.index("<table") : page.index("</table>")]


def test_a_row_is_rendered_again_only_when_what_it_shows_changes(
    many_resolutions, client, rendered
):
    listed = Resolution.objects.listed().count()
    first = table_of(client.get("/resolutions/?sort=symbol"))
    assert len(rows(rendered)) == listed
    rendered.clear()
    assert table_of(client.get("/resolutions/?sort=symbol")) == first
    assert rows(rendered) == []  # every row as kept

    changed = Resolution.objects.get(symbol="A/HRC/RES/32/12")
    Resolution.objects.filter(pk=changed.pk).update(title="A title written since")
    table = table_of(client.get("/resolutions/?sort=symbol"))
    assert len(rows(rendered)) == 1  # that row alone
    assert table.count("A title written since") == 1
    assert table.count(f">{changed.title}") == first.count(f">{changed.title}") - 1


def test_a_recorded_event_renders_its_requests_row_and_its_text_again(
    seeded, client, recorder, rendered
):
    follow_up = FollowUp.objects.filter(resolution=seeded).order_by("id").first()
    client.get("/follow-ups/?status=all")
    client.get(seeded.get_absolute_url())
    rendered.clear()
    record_follow_up_event(follow_up, user=recorder, new_status=FollowUpStatus.FULFILLED)

    listed = client.get("/follow-ups/?status=all")
    shown = [row for row in listed.context["page"].object_list if row.pk == follow_up.pk]
    assert rows(rendered, "resolutions/follow_up_list.html:row") == [
        "resolutions/follow_up_list.html:row"
    ] * len(shown)
    text = client.get(seeded.get_absolute_url())
    assert "resolutions/resolution_detail.html:text" in rendered
    assert text.content.decode().count("status-fulfilled") == 1


def test_staff_and_visitors_never_share_a_text(seeded, client, recorder, rendered):
    paragraph = seeded.paragraphs.get(label="OP17")
    add_note(paragraph, user=recorder, text="Internal note kept apart")
    client.force_login(recorder)
    staff = client.get(seeded.get_absolute_url()).content.decode()
    assert "Internal note kept apart" in staff and "History and update" in staff
    client.logout()
    visitor = client.get(seeded.get_absolute_url()).content.decode()
    assert "Internal note kept apart" not in visitor
    assert "History and update" not in visitor and "Add a note" not in visitor
    assert rendered.count("resolutions/resolution_detail.html:text") == 2


def test_french_and_english_rows_are_kept_apart(seeded, client):
    english = client.get("/follow-ups/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get("/follow-ups/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Pending" in english and "En attente" in french
    assert "En attente" not in english


def test_a_fragment_sees_only_the_values_it_is_given():
    template = Template(
        '{% load kept %}{% kept "t" a=a %}[{{ a }}|{{ b }}|{{ LANGUAGE_CODE }}]{% endkept %}'
    )
    with translation.override("fr"):
        assert template.render(Context({"a": 1, "b": "not given"})) == "[1||fr]"


def test_the_same_values_give_the_kept_fragment_and_others_render(rendered):
    template = Template('{% load kept %}{% kept "t" day=day %}{{ day|date:"Y-m-d" }}{% endkept %}')
    day = datetime.date(2016, 7, 1)
    assert template.render(Context({"day": day})) == "2016-07-01"
    assert template.render(Context({"day": day})) == "2016-07-01"
    assert template.render(Context({"day": day + datetime.timedelta(days=1)})) == "2016-07-02"
    assert rendered == [":t", ":t"]


def test_an_instance_read_back_from_a_cache_has_the_digest_it_was_kept_with(seeded):
    request = FollowUp.objects.select_related("paragraph", "resolution").first()
    caches["default"].set("a-request", request)
    read_back = caches["default"].get("a-request")
    assert "_django_version" in read_back.__dict__  # what pickling adds
    assert fragments.key("t", {"r": read_back}, "en") == fragments.key("t", {"r": request}, "en")
    read_back.status = "fulfilled"
    assert fragments.key("t", {"r": read_back}, "en") != fragments.key("t", {"r": request}, "en")


def test_a_query_not_read_is_rendered_afresh_and_said(seeded, caplog, rendered):
    template = Template('{% load kept %}{% kept "t" rows=rows %}{{ rows|length }}{% endkept %}')
    with caplog.at_level(logging.WARNING, logger="resolutions.web.fragments"):
        for _ in range(2):
            assert template.render(Context({"rows": Resolution.objects.all()})) == "1"
    assert rendered == [":t", ":t"]
    assert "Resolution rows not yet read" in caplog.text


def test_kept_needs_a_quoted_name_and_named_values():
    with pytest.raises(TemplateSyntaxError, match="quoted name"):
        Template("{% load kept %}{% kept row %}{% endkept %}")
    with pytest.raises(TemplateSyntaxError, match="not name=value"):
        Template('{% load kept %}{% kept "row" resolution %}{% endkept %}')


def test_nothing_is_kept_when_turned_off(seeded, client, settings, rendered):
    settings.FRAGMENTS_KEPT = False
    shown = len(client.get("/follow-ups/").context["page"].object_list)
    client.get("/follow-ups/")
    assert shown and len(rows(rendered, "resolutions/follow_up_list.html:row")) == 2 * shown
    settings.FRAGMENTS_KEPT = True
    client.get("/follow-ups/")
    client.get("/follow-ups/")
    assert len(rows(rendered, "resolutions/follow_up_list.html:row")) == 3 * shown


def test_the_release_digest_changes_with_a_template(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("one")
    fragments.release.cache_clear()
    try:
        first = fragments.release()
        page.write_text("two")
        fragments.release.cache_clear()
        assert fragments.release() != first
    finally:
        fragments.release.cache_clear()


def test_a_text_is_kept_apart_from_the_rows(seeded, client, rendered):
    """A resolution's text, larger than any row, is kept in a cache of its own that holds
    fewer, so that texts cannot push the rows out, nor fill a process's memory."""
    client.get(seeded.get_absolute_url())
    client.get("/follow-ups/")
    rendered.clear()
    caches["texts"].clear()
    client.get(seeded.get_absolute_url())
    client.get("/follow-ups/")
    assert rendered == ["resolutions/resolution_detail.html:text"]
    assert settings.CACHES["texts"]["OPTIONS"]["MAX_ENTRIES"] < 1000
