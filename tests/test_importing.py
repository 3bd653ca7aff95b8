"""Importing parsed texts into the database: atomic, idempotent, and history-preserving."""

import datetime
import io
import itertools
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resolutions import parsing
from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.records import ImportOrigin
from resolutions.importing.texts import Outcome, import_parsed, import_text
from resolutions.models import (
    AdoptionMode,
    Citation,
    Document,
    DocumentKind,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    Footnote,
    Paragraph,
    Resolution,
    TextImport,
)
from resolutions.web.forms import ImportForm
from tests.conftest import variant

pytestmark = pytest.mark.django_db


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Resolution, Paragraph, Footnote, Citation, Document, FollowUp, FollowUpEvent)
    }


def test_seed_is_stored_with_its_structure(seeded):
    resolution = seeded
    assert resolution.number == "32/6"
    assert resolution.body.short_name == "HRC"
    assert (resolution.session.kind, resolution.session.number) == ("regular", 32)
    assert resolution.session.year == 2016
    assert [item.number for item in resolution.agenda_items.all()] == [3]
    assert resolution.adopted_on == datetime.date(2016, 6, 30)
    assert resolution.distributed_on == datetime.date(2016, 7, 15)
    assert resolution.adoption_mode == AdoptionMode.WITHOUT_VOTE
    assert resolution.paragraphs.filter(kind="preambular").count() == 21
    assert resolution.paragraphs.filter(kind="operative").count() == 27
    assert list(resolution.paragraphs.values_list("label", flat=True)[:2]) == ["PP1", "PP2"]
    footnotes = {
        f.number: f.paragraph.label for f in resolution.footnotes.select_related("paragraph")
    }
    assert footnotes == {1: "OP14", 2: "OP15", 3: "OP25", 4: "OP26"}
    assert "GE.16" not in resolution.paragraphs.get(label="PP6").text


def test_cited_documents_get_their_kind_from_the_symbol(seeded):
    cited = set(
        Citation.objects.filter(paragraph__resolution=seeded).values_list(
            "document__symbol", flat=True
        )
    )
    assert cited == {
        "A/RES/70/1",
        "A/HRC/RES/28/2",
        "A/RES/70/153",
        "A/RES/60/251",
        "A/HRC/RES/6/17",
        "A/HRC/24/56",
        "A/HRC/19/50",
        "A/HRC/26/41",
        "A/HRC/31/81",
    }
    assert Document.objects.get(symbol="A/HRC/RES/28/2").kind == DocumentKind.RESOLUTION
    assert Document.objects.get(symbol="A/HRC/31/81").kind == DocumentKind.REPORT
    # The resolution itself is a document, linked to its stored text.
    assert Document.objects.get(symbol="A/HRC/RES/32/6").resolution == seeded


def test_follow_ups_are_stored_with_due_dates(seeded):
    op27 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP27")
    assert op27.action == "decision"
    assert op27.addressee_kind == "body_itself"
    assert op27.due_year == 2017
    assert op27.due_on == datetime.date(2017, 12, 31)
    assert op27.status == FollowUpStatus.PENDING
    assert op27 in FollowUp.objects.overdue(datetime.date(2026, 1, 1))
    assert op27 not in FollowUp.objects.overdue(datetime.date(2017, 6, 1))
    requests = FollowUp.objects.filter(
        resolution=seeded, action="request", addressee_kind="secretariat"
    )
    assert {f.paragraph.label for f in requests} == {"OP16", "OP17"}
    labels = set(
        FollowUp.objects.filter(resolution=seeded).values_list("paragraph__label", flat=True)
    )
    assert labels.isdisjoint({"OP1", "OP14", "OP24"})


def test_importing_the_same_text_again_changes_nothing(seeded, seed_text):
    before = table_counts()
    updated_at = seeded.updated_at
    result = import_text(seed_text)
    assert result.outcome == Outcome.UNCHANGED
    assert table_counts() == before
    seeded.refresh_from_db()
    assert seeded.updated_at == updated_at


def test_reimporting_a_corrected_text_keeps_the_follow_up_history(seeded, seed_text, recorder):
    op17 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP17")
    record_follow_up_event(
        op17, user=recorder, new_status=FollowUpStatus.IN_PROGRESS, note="Guidance drafted."
    )
    corrected = seed_text.replace(
        "in a timely and transparent manner", "in a timely, transparent manner"
    )
    result = import_text(corrected)
    assert result.outcome == Outcome.UPDATED
    op17.refresh_from_db()
    assert op17.status == FollowUpStatus.IN_PROGRESS
    assert [e.note for e in op17.events.all()] == ["Guidance drafted."]
    assert "timely, transparent" in op17.paragraph.text
    assert Resolution.objects.count() == 1
    assert Paragraph.objects.filter(resolution=seeded).count() == 48


def test_reimport_that_drops_a_paragraph_with_history_keeps_its_follow_up_as_superseded(
    seeded, seed_text, recorder
):
    # Refused before issue 11; now the import goes through and says what it kept.
    op27 = FollowUp.objects.get(resolution=seeded, paragraph__label="OP27")
    record_follow_up_event(op27, user=recorder, new_status=FollowUpStatus.FULFILLED)
    truncated = seed_text.replace(
        "- 27. *Decides* to continue its consideration of the matter in 2017, in accordance with "
        "its annual programme of work.\n",
        "",
    )
    assert truncated != seed_text
    result = import_text(truncated)
    assert result.outcome == Outcome.UPDATED
    assert [f.pk for f in result.superseded] == [op27.pk]
    assert "OP27" in result.warnings[0]
    op27.refresh_from_db()
    assert op27.is_superseded and op27.paragraph is None
    assert op27.recorded_label == "OP27"
    assert op27.recorded_text.startswith("Decides to continue its consideration")
    assert op27.status == FollowUpStatus.FULFILLED and op27.events.count() == 1
    seeded.refresh_from_db()
    assert seeded.source_text == truncated


def test_a_failed_parse_leaves_the_database_as_it_was(seeded):
    before = table_counts()
    with pytest.raises(parsing.ParseError):
        import_text("Minutes of a meeting.\n\nNothing here is a resolution.\n")
    assert table_counts() == before


def test_a_resolution_cited_by_another_is_linked_to_it(seeded, seed_text):
    later = variant(seed_text, 40, {"Council resolution 28/2": "Council resolution 32/6"})
    import_text(later)
    document = Document.objects.get(symbol="A/HRC/RES/32/6")
    assert document.resolution == seeded
    citing = Resolution.objects.filter(paragraphs__citations__document=document).distinct()
    assert [r.symbol for r in citing] == ["A/HRC/RES/32/40"]


def test_parse_resolution_prints_the_json_contract_and_writes_nothing(db, tmp_path, seed_text):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    out = io.StringIO()
    call_command("parse_resolution", str(path), stdout=out)
    data = json.loads(out.getvalue())
    assert data["symbol"] == "A/HRC/RES/32/6"
    assert data["session"] == {"kind": "regular", "number": 32}
    assert data["agenda_items"] == [3]
    assert data["adoption"]["mode"] == "without_vote"
    assert len(data["paragraphs"]) == 48
    assert {"label", "kind", "number", "lead", "text"} <= set(data["paragraphs"][0])
    assert Resolution.objects.count() == 0


def test_parse_resolution_reports_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("parse_resolution", str(tmp_path / "missing.txt"))


def test_import_command_reports_each_file_and_fails_when_one_fails(db, tmp_path, seed_text):
    call_command("load_demo", stdout=io.StringIO())
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text(variant(seed_text, 11), encoding="utf-8")
    (folder / "b.txt").write_text("Not a resolution at all.\n", encoding="utf-8")
    (folder / "c.txt").write_text(variant(seed_text, 12), encoding="utf-16")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 3 files failed"):
        call_command("import_resolutions", str(folder), stdout=out, stderr=err)
    assert "a.txt: imported A/HRC/RES/32/11" in out.getvalue()
    assert "c.txt: imported A/HRC/RES/32/12" in out.getvalue()
    assert "b.txt: failed:" in err.getvalue()
    table = out.getvalue()
    assert re.search(r"^imported\s+2$", table, re.M)
    assert re.search(r"^updated\s+0$", table, re.M)
    assert re.search(r"^failed\s+1$", table, re.M)
    assert re.search(r"^total\s+3$", table, re.M)
    assert re.search(r"^Failed:\n  .*b\.txt: .+", table, re.M)
    assert set(Resolution.objects.values_list("symbol", flat=True)) == {
        "A/HRC/RES/32/6",
        "A/HRC/RES/32/11",
        "A/HRC/RES/32/12",
    }


def test_a_directory_gives_its_documents_of_every_format_and_each_is_read_by_its_bytes(
    db, tmp_path, seed_text
):
    call_command("load_demo", stdout=io.StringIO())
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.TXT").write_text(variant(seed_text, 13), encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not a document: not taken
    # Named as a PDF, but an image: refused for what it is, naming the file.
    (folder / "scan.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 files failed"):
        call_command("import_resolutions", str(folder), stdout=out, stderr=err)
    assert "a.TXT: imported A/HRC/RES/32/13" in out.getvalue()
    assert re.search(r"scan\.pdf: failed: this is a PNG image file", err.getvalue())
    assert "notes.json" not in out.getvalue() + err.getvalue()


def test_load_demo_can_run_twice(db):
    call_command("load_demo", stdout=io.StringIO())
    counts = table_counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "A/HRC/RES/32/6: unchanged." in out.getvalue()
    assert table_counts() == counts


def test_ensure_admin_creates_one_administrator_with_a_generated_password(db, django_user_model):
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_admin", stdout=first)
    call_command("ensure_admin", stdout=second)
    assert django_user_model.objects.filter(is_superuser=True).count() == 1
    password = first.getvalue().split("password: ")[1].split()[0]
    assert len(password) >= 16
    assert django_user_model.objects.get(username="admin").check_password(password)
    assert "nothing to do" in second.getvalue()


def test_import_command_dry_run_reports_and_writes_nothing(db, tmp_path, seed_text):
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_resolutions", "--dry-run", str(tmp_path / "a.txt"), stdout=out)
    assert "parsed A/HRC/RES/32/6 (21 PP, 27 OP, 4 footnotes" in out.getvalue()
    assert re.search(r"^parsed\s+1$", out.getvalue(), re.M)
    assert Resolution.objects.count() == 0


def test_import_command_takes_glob_patterns(db, tmp_path, seed_text):
    for number in (21, 22):
        (tmp_path / f"res-{number}.txt").write_text(variant(seed_text, number), encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a text", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_resolutions", str(tmp_path / "res-*.txt"), stdout=out, stderr=err)
    assert set(Resolution.objects.values_list("symbol", flat=True)) == {
        "A/HRC/RES/32/21",
        "A/HRC/RES/32/22",
    }
    assert err.getvalue() == ""  # no progress bar when the output is not a terminal


def test_import_command_symbol_names_a_text_without_header(db, tmp_path, seed_text):
    body_only = seed_text[seed_text.index("32/6. Enhancement") :].replace("32/6. ", "")
    path = tmp_path / "web-copy.txt"
    path.write_text(body_only, encoding="utf-8")
    call_command(
        "import_resolutions", str(path), "--symbol", "A/HRC/RES/32/6", stdout=io.StringIO()
    )
    resolution = Resolution.objects.get(symbol="A/HRC/RES/32/6")
    assert resolution.number == "32/6"
    assert resolution.paragraphs.filter(parent__isnull=True).count() == 48


def test_import_command_takes_the_symbol_from_the_file_name_when_the_text_states_none(
    db, tmp_path, seed_text
):
    body_only = seed_text[seed_text.index("32/6. Enhancement") :].replace("32/6. ", "")
    path = tmp_path / "A_HRC_RES_32_22.txt"
    path.write_text(body_only, encoding="utf-8")
    out = io.StringIO()
    call_command("import_resolutions", str(path), stdout=out)
    resolution = Resolution.objects.get()
    assert (resolution.symbol, resolution.number) == ("A/HRC/RES/32/22", "32/22")
    assert "warning: symbol A/HRC/RES/32/22 taken from the file name" in out.getvalue()


def test_import_command_believes_the_symbol_a_text_states_over_its_file_name(
    db, tmp_path, seed_text
):
    path = tmp_path / "A_HRC_RES_32_22.txt"
    path.write_text(seed_text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_resolutions", str(path), stdout=out)
    assert Resolution.objects.get().symbol == "A/HRC/RES/32/6"
    assert "file name" not in out.getvalue()


def test_parse_resolution_takes_a_symbol_as_import_resolutions_does(db, tmp_path, seed_text):
    body_only = seed_text[seed_text.index("32/6. Enhancement") :].replace("32/6. ", "")
    path = tmp_path / "web-copy.txt"
    path.write_text(body_only, encoding="utf-8")
    out = io.StringIO()
    call_command("parse_resolution", str(path), "--symbol", " a/hrc/res/32/6. ", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["symbol"], data["number"]) == ("A/HRC/RES/32/6", "32/6")
    with pytest.raises(CommandError, match="is not a UN document symbol"):
        call_command("parse_resolution", str(path), "--symbol", "not a symbol", stdout=out)


def test_parse_resolution_takes_the_symbol_from_the_file_name_and_says_so(db, tmp_path, seed_text):
    body_only = seed_text[seed_text.index("32/6. Enhancement") :].replace("32/6. ", "")
    path = tmp_path / "A_HRC_RES_32_22.txt"
    path.write_text(body_only, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("parse_resolution", str(path), stdout=out, stderr=err)
    assert json.loads(out.getvalue())["symbol"] == "A/HRC/RES/32/22"
    assert "symbol A/HRC/RES/32/22 taken from the file name" in err.getvalue()


@pytest.mark.parametrize(
    "given",
    [
        "<img src=x onerror=alert(1)>",
        "A/HRC/RES/32/6 <b>",
        "not a symbol",
        "A/HRC/RES/32/6, A/RES/1",
    ],
)
def test_import_command_refuses_a_symbol_the_web_form_refuses(db, tmp_path, seed_text, given):
    body_only = seed_text[seed_text.index("32/6. Enhancement") :].replace("32/6. ", "")
    path = tmp_path / "web-copy.txt"
    path.write_text(body_only, encoding="utf-8")
    assert "symbol" in ImportForm({"text": body_only, "symbol": given}).errors
    with pytest.raises(CommandError, match="is not a UN document symbol"):
        call_command("import_resolutions", str(path), "--symbol", given, stdout=io.StringIO())
    assert not Resolution.objects.exists()


def test_import_command_reads_the_symbol_as_the_web_form_does(db, tmp_path, seed_text):
    body_only = seed_text[seed_text.index("32/6. Enhancement") :].replace("32/6. ", "")
    path = tmp_path / "web-copy.txt"
    path.write_text(body_only, encoding="utf-8")
    call_command(
        "import_resolutions", str(path), "--symbol", " a/hrc/res/32/6. ", stdout=io.StringIO()
    )
    assert Resolution.objects.get().symbol == "A/HRC/RES/32/6"


def test_a_recorded_vote_is_stored_per_country(seeded, seed_text):
    voting = (
        "[Adopted by a recorded vote of 3 to 1, with 1 abstention. The voting was as follows:\n"
        "In favour:\nBrazil, China, South Africa\n\nAgainst:\nJapan\n\nAbstaining:\nMexico]"
    )
    import_text(variant(seed_text, 60, {"[Adopted without a vote.]": voting}))
    resolution = Resolution.objects.get(symbol="A/HRC/RES/32/60")
    assert (resolution.votes_in_favour, resolution.votes_against, resolution.votes_abstaining) == (
        3,
        1,
        1,
    )
    cast = dict(resolution.country_votes.values_list("country__name", "position"))
    assert cast == {
        "Brazil": "in_favour",
        "China": "in_favour",
        "South Africa": "in_favour",
        "Japan": "against",
        "Mexico": "abstaining",
    }


def test_predecessors_named_in_the_text_are_recorded(seeded):
    assert set(seeded.predecessors.values_list("symbol", flat=True)) == {
        "A/HRC/RES/28/2",
        "A/RES/70/153",
    }


# Paragraphs longer than a search index holds

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


def glossary_past_the_tsvector_limit() -> str:
    """Hyphenated pairs of real words of the corpus, 70,000 of them, each a lexeme of its own:
    PostgreSQL's tsvector of this text would need about 1.3 MB, past its limit of 1 MB
    ("string is too long for tsvector"). Repeating a word would not do: a tsvector keeps
    each lexeme once, and no position past 16,383."""
    words = {}
    for path in sorted(CORPUS.glob("*.txt")):
        words.update(dict.fromkeys(re.findall(r"[a-z]{4,}", path.read_text(encoding="utf-8"))))
    distinct = list(words)
    pairs = itertools.islice(itertools.product(distinct, reversed(distinct)), 0, None, 7)
    return " ".join(f"{first}-{second}" for first, second in itertools.islice(pairs, 70_000))


def test_a_paragraph_past_the_search_index_limit_is_stored_whole_and_found(client, seeded):
    glossary = glossary_past_the_tsvector_limit()
    assert len(glossary) > 1_000_000
    text = variant(
        seeded.source_text,
        90,
        {"dialogue in ensuring the promotion": f"dialogue in ensuring {glossary} the promotion"},
    )
    resolution = import_text(text).resolution
    paragraph = resolution.paragraphs.get(label="OP23")
    assert glossary in paragraph.text
    # The words at the start of the paragraph are searchable, as those of any paragraph.
    first_pair = glossary.split(" ", 1)[0]
    page = client.get("/search/", {"q": f'"{first_pair}"'})
    assert page.status_code == 200
    assert "A/HRC/RES/32/90" in page.content.decode()


# Values longer than their columns

ADDRESSEE = "the Office of the United Nations High Commissioner for Human Rights " * 6


def test_a_value_longer_than_its_column_is_cut_and_the_import_report_says_so(db, seed_text):
    text = variant(seed_text, 91)
    parsed = parsing.parse(text)
    request = next(r for r in parsed.follow_ups if r.paragraph == "OP16")
    request.addressee = ADDRESSEE
    citation = next(c for c in parsed.citations if c.paragraph == "PP14")
    citation.as_written = "Human Rights Council resolution 6/17 " * 10
    result = import_parsed(parsed, text, origin=ImportOrigin(file_name=f"{'r' * 300}.txt"))

    limit = FollowUp._meta.get_field("addressee").max_length
    stored = FollowUp.objects.get(resolution=result.resolution, paragraph__label="OP16")
    assert stored.addressee == ADDRESSEE[:limit]
    assert (
        f"OP16: “addressee” is {len(ADDRESSEE)} characters long, more than the {limit} "
        "its field holds; the rest was left out." in result.warnings
    )
    assert (
        "PP14: “as written” is 370 characters long, more than the 300 its field holds; "
        "the rest was left out." in result.warnings
    )
    assert len(result.record.file_name) == TextImport._meta.get_field("file_name").max_length
    assert (
        "A/HRC/RES/32/91: “file name” is 304 characters long, more than the 255 its field "
        "holds; the rest was left out." in result.warnings
    )
    assert len(result.warnings) == 3  # nothing else was cut
