"""Full-text search over paragraphs, on whichever database the suite runs on."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.texts import import_text
from resolutions.models import FollowUp, Paragraph, Resolution
from resolutions.search import fts5_query, highlighted
from tests.conftest import variant
from tests.test_views import text_of

pytestmark = pytest.mark.django_db


def result_html(response, symbol):
    html = response.content.decode()
    return html.split(f">{symbol}</a>")[1].split("</ul>")[0]


def test_a_phrase_finds_32_6_with_the_matching_paragraphs_highlighted(client, seeded):
    response = client.get("/search/", {"q": '"universal periodic review"'})
    assert response.status_code == 200
    hits = result_html(response, "A/HRC/RES/32/6")
    for label in ("PP6", "PP13", "PP14", "OP12"):
        assert f">{label}</a>" in hits
    assert "<mark>" in hits
    assert f'href="{seeded.get_absolute_url()}#op12"' in hits
    # Words of the phrase apart do not make the phrase.
    assert ">OP19</a>" not in hits


def test_or_and_exclusion(client, seeded):
    durban = text_of(client.get("/search/", {"q": "Durban"}))
    assert "PP4" in durban and "OP6" not in durban
    either = text_of(client.get("/search/", {"q": "Durban OR xenophobia"}))
    assert "PP4" in either and "OP6" in either
    without = text_of(client.get("/search/", {"q": "Durban -conference"}))
    assert "No paragraph matches" in without  # PP4 names the Durban Review Conference


def test_nothing_found_says_so(client, seeded):
    page = text_of(client.get("/search/", {"q": "stratospheric aerosols"}))
    assert "0 paragraphs in 0 resolutions" in page and "No paragraph matches" in page


def test_search_combines_with_the_list_filters(client, seeded, seed_text):
    import_text(variant(seed_text, 70, {"Agenda item 3": "Agenda item 6"}))
    both = text_of(client.get("/search/", {"q": "South-South cooperation"}))
    assert "A/HRC/RES/32/6" in both and "A/HRC/RES/32/70" in both
    item6 = text_of(
        client.get("/search/", {"q": "South-South cooperation", "agenda_item": "HRC-6"})
    )
    assert "A/HRC/RES/32/70" in item6 and "A/HRC/RES/32/6 " not in item6
    none = text_of(client.get("/search/", {"q": "South-South cooperation", "year": "2015"}))
    assert "No paragraph matches" in none


def test_search_filters_by_paragraph_kind_and_follow_up_status(client, seeded, recorder):
    operative = text_of(
        client.get("/search/", {"q": '"universal periodic review"', "paragraph_kind": "operative"})
    )
    assert "OP12" in operative and "PP13" not in operative
    op16 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP16")
    record_follow_up_event(op16, user=recorder, new_status="in_progress")
    in_progress = text_of(client.get("/search/", {"q": "funds", "follow_up_status": "in_progress"}))
    assert "OP16" in in_progress and "OP17" not in in_progress and "OP18" not in in_progress


def test_the_index_follows_a_corrected_text(client, seeded, seed_text):
    corrected = seed_text.replace("non-traditional donor countries", "emerging donor economies")
    import_text(corrected)
    assert "OP16" in text_of(client.get("/search/", {"q": '"emerging donor economies"'}))
    assert "No paragraph matches" in text_of(
        client.get("/search/", {"q": '"non-traditional donor countries"'})
    )
    Paragraph.objects.filter(resolution=seeded, label="OP16").delete()
    assert "No paragraph matches" in text_of(
        client.get("/search/", {"q": '"emerging donor economies"'})
    )


def test_snippets_are_escaped(client, seeded):
    Paragraph.objects.filter(label="PP1").update(
        text="Recalling <script>alert(1)</script> the importance of sunflowers,"
    )
    html = client.get("/search/", {"q": "sunflowers"}).content.decode()
    hits = html.split('class="hits"')[1].split("</ul>")[0]
    # SQLite keeps the tag as text (escaped); PostgreSQL's headline drops tags: never raw.
    assert "<script>" not in hits and "<mark>sunflowers</mark>" in hits
    assert str(highlighted("a \x01b\x02 <c>")) == "a <mark>b</mark> &lt;c&gt;"


def test_web_search_syntax_in_fts5():
    assert fts5_query('"universal periodic review"') == '"universal periodic review"'
    assert fts5_query("funds OR fund -trust") == '"funds" OR ("fund" NOT "trust")'
    assert fts5_query("a b OR c") == '("a" AND "b") OR "c"'
    assert fts5_query("a OR -b") == '"a"'
    assert (
        fts5_query('32/6 co-operation -"trust fund"')
        == '"32/6" AND "co-operation" NOT "trust fund"'
    )
    assert fts5_query("-only -negative") == ""
    assert fts5_query('unbalanced "quote') == '"unbalanced" AND "quote"'


def test_search_query_count_does_not_grow(client, seeded, seed_text):
    import_text(variant(seed_text, 71))

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/search/", {"q": "cooperation", "body": "HRC"})
        return len(queries)

    few = count()
    for number in range(72, 78):
        import_text(variant(seed_text, number))
    assert count() == few


# The language of the text

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite")
FRENCH_OP1 = (
    "Prie le Haut-Commissaire de lui présenter, à sa trente-cinquième session, des rapports "
    "sur les activités menées en application de la présente résolution;"
)


@pytest.fixture
def french(seeded) -> Resolution:
    """A resolution in French, its paragraph stored after it, as an import would."""
    resolution = Resolution.objects.create(
        symbol="A/HRC/RES/32/99",
        number="32/99",
        title="Coopération technique",
        body=seeded.body,
        session=seeded.session,
        language="fr",
    )
    Paragraph.objects.create(
        resolution=resolution, kind="operative", position=1, number=1, label="OP1", text=FRENCH_OP1
    )
    return resolution


def found(client, query) -> str:
    return text_of(client.get("/search/", {"q": query}))


def test_an_english_paragraph_is_found_by_another_form_of_its_words(client, seeded):
    page = found(client, "replenishing")
    assert "OP16" in page and "A/HRC/RES/32/6" in page


@on_postgresql
def test_a_french_paragraph_is_found_by_another_form_of_its_words_on_postgresql(client, french):
    # "présentera" and "rapport" stem as the text's "présenter" and "rapports" do in French;
    # in English they are other words.
    page = found(client, "présentera rapport")
    assert "A/HRC/RES/32/99" in page and "OP1" in page
    assert "<mark>présenter</mark>" in client.get("/search/", {"q": "présentera"}).content.decode()


@on_sqlite
def test_a_french_paragraph_is_found_by_its_words_as_written_on_sqlite(client, french):
    assert "A/HRC/RES/32/99" in found(client, "presenter rapports")  # less the accent
    # FTS5 stems English only: French words are not cut by English rules ("rapports" and
    # "rapport" would both be "rapport").
    assert "No paragraph matches" in found(client, "rapport")


def test_the_index_follows_a_change_of_the_text_s_language(client, seeded):
    # Chinese is read without a stemmer on both databases.
    Resolution.objects.filter(pk=seeded.pk).update(language="zh")
    assert "No paragraph matches" in found(client, "replenishing")
    assert "OP16" in found(client, "replenish")
    seeded.refresh_from_db()
    seeded.language = "en"
    seeded.save()
    assert "OP16" in found(client, "replenishing")


@on_postgresql
def test_each_language_is_read_in_the_configuration_search_py_names():
    from resolutions.search import SEARCH_CONFIGS, UNSTEMMED_CONFIG

    languages = {**SEARCH_CONFIGS, "zh": UNSTEMMED_CONFIG, "de": UNSTEMMED_CONFIG}
    with connection.cursor() as cursor:
        for language, config in {**languages, "FR": "french"}.items():
            cursor.execute("SELECT resolutions_search_config(%s)::text", [language])
            assert cursor.fetchone()[0] == config, language


@on_sqlite
def test_the_triggers_put_back_after_a_table_rebuild_are_those_of_the_migration(seeded):
    from resolutions.search import SQLITE_TRIGGERS, repair_sqlite_triggers

    def triggers():
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            return {name: " ".join(sql.split()) for name, sql in cursor.fetchall()}

    made = triggers()
    assert set(SQLITE_TRIGGERS) <= set(made)
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        # What a paragraph table rebuilt meanwhile may hold that the indexes do not.
        cursor.execute("UPDATE resolutions_paragraph SET text = 'zebrafish' WHERE label = 'PP1'")
    repair_sqlite_triggers()
    assert triggers() == made
    assert "PP1" in found(Client(), "zebrafish")
