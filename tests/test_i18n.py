"""Languages: the French catalogue is complete and in step with the code, French pages
hold no English interface string, the language switch keeps the page, and resolution
texts keep their own language."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from django.contrib.auth.models import Permission

from resolutions.models import FollowUp

ROOT = Path(__file__).resolve().parent.parent
FRENCH_PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
FRENCH_MO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


# Reading a .po file


def _unquote(token: str) -> str:
    # Escapes (\" \n \\) decoded; other characters kept, written as \x escapes first.
    return token[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def po_entries(path: Path) -> list[dict]:
    """Each entry of a .po file: its fields (msgctxt, msgid, msgid_plural, msgstr,
    msgstr[N]) unquoted, and its flags ("fuzzy")."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry, field = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[field] += _unquote(line)
            else:
                field, _, value = line.partition(" ")
                entry[field] = _unquote(value)
        entries.append(entry)
    return entries


def message_keys(entries) -> set[tuple]:
    return {(e.get("msgctxt"), e["msgid"]) for e in entries if e["msgid"]}


def test_the_french_catalogue_has_no_empty_or_fuzzy_entry():
    entries = po_entries(FRENCH_PO)
    assert len(entries) > 300
    problems = []
    for entry in entries[1:]:
        translations = [v for k, v in entry.items() if k.startswith("msgstr")]
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {entry['msgid']!r}")
        if not translations or not all(translations):
            problems.append(f"untranslated: {entry['msgid']!r}")
    assert "fuzzy" not in entries[0]["flags"], "the header is still marked fuzzy"
    assert not problems, "\n".join(problems)


def test_the_french_catalogue_holds_every_string_of_the_code(tmp_path):
    """makemessages over a copy of the project finds no msgid the catalogue lacks."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ["manage.py", "tracker", "resolutions", "templates", "locale"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = message_keys(po_entries(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    committed = message_keys(po_entries(FRENCH_PO))
    missing = extracted - committed
    assert not missing, f"run makemessages -l fr and translate: {sorted(missing, key=str)}"
    stale = committed - extracted
    assert not stale, f"no longer in the code: {sorted(stale, key=str)}"


def test_the_compiled_french_catalogue_is_in_step_with_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(FRENCH_PO)], check=True)
    with compiled.open("rb") as fresh, FRENCH_MO.open("rb") as committed:
        expected = gettext.GNUTranslations(fresh)._catalog
        actual = gettext.GNUTranslations(committed)._catalog
    assert actual == expected, "run compilemessages and commit locale/fr/LC_MESSAGES/django.mo"


# French pages


def english_strings() -> list[str]:
    """Interface strings of at least two words whose French differs, as they would show
    in a page: placeholders and markup leave fragments, never the whole string."""
    strings = []
    for entry in po_entries(FRENCH_PO)[1:]:
        for english, french in [
            (entry["msgid"], entry.get("msgstr", entry.get("msgstr[0]"))),
            (entry.get("msgid_plural", ""), entry.get("msgstr[1]")),
        ]:
            if len(english.split()) < 2 or english == french:
                continue
            for fragment in re.split(r"%\(\w+\)[sd]|%s|%d|<[^>]+>|&amp;", english):
                fragment = fragment.strip(" .,:;()")
                if len(fragment.split()) >= 2:
                    strings.append(fragment)
    return strings


ATTRIBUTES = ("aria-label", "placeholder", "title", "alt", "content")


def interface_text(html: str) -> str:
    """What a reader sees and hears, except what is marked as English (resolution texts):
    text and labelling attributes, each piece in the language its nearest lang gives."""
    tree = lxml.html.fromstring(html)
    for script in tree.xpath("//script|//style"):
        script.drop_tree()
    pieces = []

    def language(element):
        marked = element.xpath("ancestor-or-self::*[@lang][1]/@lang")
        return marked[0] if marked else ""

    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        own = language(element)
        if own != "en":
            pieces.append(element.text or "")
            pieces.extend(element.get(name, "") for name in ATTRIBUTES)
        parent = element.getparent()
        if element.tail and parent is not None and language(parent) != "en":
            pieces.append(element.tail)
    return re.sub(r"\s+", " ", " ".join(pieces))


def assert_french(response):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert '<html lang="fr">' in html
    text = interface_text(html)
    left = sorted({s for s in english_strings() if s in text})
    assert not left, f"English left on {response.request['PATH_INFO']}: {left}"


def follow_up_url(resolution):
    return FollowUp.objects.get(resolution=resolution, paragraph__label="OP17").get_absolute_url()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/resolutions/",
        "/resolutions/?session=HRC-32&adoption_mode=without_vote",
        "/resolutions/A/HRC/RES/32/6/",
        "/follow-ups/",
        "/follow-ups/?status=all",
        "/search/?q=cooperation",
        "/search/?q=nothing-matches-this",
        "/sessions/",
        "/agenda-items/",
        "/dashboard/",
        "/accounts/login/",
        "/no-such-page/",
    ],
)
def test_a_public_page_in_french_shows_no_english_interface_string(client, seeded, url):
    response = client.get(url, **FRENCH)
    if url == "/no-such-page/":
        assert response.status_code == 404
        response.status_code = 200
    assert_french(response)


def test_the_follow_up_page_in_french_for_staff_who_record(recorder_client, seeded):
    assert_french(recorder_client.get(follow_up_url(seeded), **FRENCH))
    assert_french(recorder_client.get("/follow-ups/", **FRENCH))  # with the bulk form


def test_the_staff_pages_in_french(client, seeded, recorder, administrator):
    client.force_login(administrator)
    for url in ["/import/", "/audit/", "/dashboard/"]:
        assert_french(client.get(url, **FRENCH))
    recorder.user_permissions.add(Permission.objects.get(codename="add_resolution"))
    client.force_login(recorder)
    assert_french(client.get("/import/", **FRENCH))


def test_a_recorded_event_and_its_message_are_in_french(recorder_client, seeded):
    url = follow_up_url(seeded)
    response = recorder_client.post(
        f"{url}events/",
        {
            "new_status": "in_progress",
            "note": "Demandé au Haut-Commissariat.",
            "visibility": "public",
        },
        follow=True,
        **FRENCH,
    )
    assert_french(response)
    page = response.content.decode()
    assert "est désormais « En cours »" in page
    assert "En attente → En cours" in page
    assert_french(recorder_client.get("/audit/", **FRENCH))


# Choosing the language


def test_the_language_switch_returns_to_the_same_page_and_query_in_french(client, seeded):
    page = client.get("/resolutions/?session=HRC-32").content.decode()
    assert '<html lang="en">' in page
    switch = lxml.html.fromstring(page).xpath("//form[contains(@class, 'language-switch')]")[0]
    assert switch.get("method") == "post" and switch.get("action") == "/i18n/setlang/"
    assert switch.xpath(".//input[@name='next']/@value") == ["/resolutions/?session=HRC-32"]
    buttons = {b.get("value"): b for b in switch.xpath(".//button[@name='language']")}
    assert buttons["en"].get("aria-pressed") == "true" and buttons["en"].text == "English"
    assert buttons["fr"].get("lang") == "fr" and buttons["fr"].text == "Français"

    response = client.post(
        "/i18n/setlang/", {"language": "fr", "next": "/resolutions/?session=HRC-32"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/resolutions/?session=HRC-32"
    french = client.get(response["Location"])
    assert_french(french)
    html = french.content.decode()
    assert "1 résolution correspond à ces filtres." in html
    switch = lxml.html.fromstring(html).xpath("//form[contains(@class, 'language-switch')]")[0]
    pressed = switch.xpath(".//button[@aria-pressed='true']/@value")
    assert pressed == ["fr"]


def test_the_language_switch_needs_a_csrf_token(seeded):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 403


def test_the_browser_language_chooses_when_no_choice_was_made(client, seeded):
    assert (
        '<html lang="fr">'
        in client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9").content.decode()
    )
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_urls_carry_no_language(client, seeded):
    assert client.get("/fr/resolutions/", **FRENCH).status_code == 404
    page = client.get("/resolutions/A/HRC/RES/32/6/", **FRENCH).content.decode()
    assert 'href="/resolutions/A/HRC/RES/32/6/"' in page


# Dates and numbers


def test_dates_are_written_in_the_readers_language(client, seeded):
    english = client.get("/resolutions/A/HRC/RES/32/6/").content.decode()
    french = client.get("/resolutions/A/HRC/RES/32/6/", **FRENCH).content.decode()
    assert "30 June 2016" in english and "30 juin 2016" in french
    # (The resolution's own closing lines, marked as English, keep the English date.)
    assert "30 juin 2016" not in english and "30 June 2016" not in interface_text(french)
    # The machine-readable date stays the same in every language.
    assert 'datetime="2016-06-30"' in french


def test_numbers_are_grouped_in_the_readers_language(client, seeded, settings):
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load humanize %}{{ n|intcomma }}")
    with translation.override("fr"):
        assert template.render(Context({"n": 1234567})) == "1\xa0234\xa0567"
    with translation.override("en"):
        assert template.render(Context({"n": 1234567})) == "1,234,567"


# The texts keep their language


def test_the_resolution_text_is_marked_with_its_own_language_in_a_french_interface(client, seeded):
    assert seeded.language == "en"
    tree = lxml.html.fromstring(client.get(seeded.get_absolute_url(), **FRENCH).content)
    paragraph = tree.xpath("//*[@id='op17']//p[@lang]")[0]
    assert paragraph.get("lang") == "en"
    assert "Requests" in paragraph.text_content() or "requests" in paragraph.text_content()
    assert tree.xpath("//h2[@id='operative-heading']")[0].text == "Paragraphes du dispositif"
    footnotes = tree.xpath("//section[contains(@class, 'footnotes')]//li/span[@lang='en']")
    assert footnotes
    # The closing lines are the text's own: their date is written as the text writes it,
    # while the facts above give the date in the reader's language.
    closing = tree.xpath("//p[contains(@class, 'closing')]")[0]
    assert closing.get("lang") == "en" and "30 June 2016" in closing.text_content()
    adopted = tree.xpath("//dl[contains(@class, 'facts')]//time")[0]
    assert adopted.text == "30 juin 2016"
    assert adopted.getparent().xpath("span[@lang='en']")[0].text.endswith("meeting")


def test_exports_do_not_change_with_the_interface_language(client, seeded):
    for url in [
        "/resolutions/export.csv?session=HRC-32",
        "/follow-ups/export.csv?status=all",
        "/resolutions/A/HRC/RES/32/6/json",
        "/resolutions/A/HRC/RES/32/6/akn.xml",
    ]:
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        french = client.get(url, **FRENCH)
        body = b"".join(english.streaming_content) if english.streaming else english.content
        body_fr = b"".join(french.streaming_content) if french.streaming else french.content
        assert body == body_fr, url


def test_the_akoma_ntoso_export_takes_its_language_from_the_resolution(client, seeded):
    xml = client.get("/resolutions/A/HRC/RES/32/6/akn.xml", **FRENCH).content.decode()
    assert '<FRBRlanguage language="eng"' in xml
    seeded.language = "fr"
    seeded.save()
    xml = client.get("/resolutions/A/HRC/RES/32/6/akn.xml").content.decode()
    assert '<FRBRlanguage language="fra"' in xml and "/fra@" in xml


# Reference data in the reader's language


def test_the_bodies_and_the_councils_agenda_items_have_french_names(db):
    """Each stored English name of the reference data has its French."""
    from django.utils import translation

    from resolutions.models import AgendaItem, Body

    names = list(Body.objects.values_list("name", flat=True))
    titles = list(AgendaItem.objects.filter(body__short_name="HRC").values_list("title", flat=True))
    assert len(names) == 5 and len(titles) == 10
    with translation.override("fr"):
        for english in names + titles:
            assert translation.gettext(english) != english, english


def test_body_and_agenda_item_names_are_shown_in_french(client, seeded):
    page = client.get("/resolutions/A/HRC/RES/32/6/", **FRENCH).content.decode()
    assert "<dd>Conseil des droits de l&#x27;homme</dd>" in page
    assert "Promotion et protection de tous les droits de l&#x27;homme" in page
    # The filter choices are cached with their labels: one language's never shows in another.
    english = client.get("/resolutions/").content.decode()
    assert "Human Rights Council (" in english and "HRC 32nd (" in english
    facets = client.get("/resolutions/", **FRENCH).content.decode()
    assert "Conseil des droits de l&#x27;homme (" in facets and "HRC 32e (" in facets
    assert "HRC item 3: Promotion and protection of all human rights" in english
    assert "HRC, point 3 : Promotion et protection de tous les droits de l&#x27;homme" in facets
    assert "<strong>Demande</strong> à <span" in page  # a request to the OHCHR, not "adressée"
    # The text itself keeps the language it was adopted in.
    assert '<p class="formula" lang="en">The Human Rights Council,</p>' in page
