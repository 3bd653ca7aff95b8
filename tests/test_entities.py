"""Addressee entities (issue 14, "Who is asked to do what"): stored on import and kept
across re-imports, filtered on /follow-ups/ and in the API, shown on their own pages."""

import pytest

from resolutions.followups.recording import record_follow_up_event
from resolutions.importing.texts import Outcome, import_text
from resolutions.models import AddresseeEntity, EntityKind, FollowUp, FollowUpStatus
from tests.conftest import variant
from tests.test_reimport import renumbered
from tests.test_views import count_queries, facet_count, text_of

OHCHR = "ohchr"


def seed_request(label: str) -> FollowUp:
    return FollowUp.objects.get(resolution__symbol="A/HRC/RES/32/6", paragraph__label=label)


def slugs(follow_up: FollowUp) -> list[str]:
    return sorted(follow_up.entities.values_list("slug", flat=True))


def test_importing_the_seed_addresses_op16_and_op17_to_the_office_of_the_high_commissioner(
    seeded,
):
    office = AddresseeEntity.objects.get(slug=OHCHR)
    assert office.kind == EntityKind.SECRETARIAT
    assert office.name == "Office of the United Nations High Commissioner for Human Rights (OHCHR)"
    assert slugs(seed_request("OP16")) == slugs(seed_request("OP17")) == [OHCHR]
    assert sorted(f.label for f in office.follow_ups.all()) == ["OP16", "OP17"]
    assert slugs(seed_request("OP27")) == ["human-rights-council"]
    assert AddresseeEntity.objects.get(slug="states").kind == EntityKind.STATES


def test_texts_naming_one_entity_share_its_row(seeded, seed_text):
    import_text(
        variant(
            seed_text,
            40,
            {
                "Requests the Office of the High Commissioner to seek": (
                    "Requests the United Nations High Commissioner for Human Rights to seek"
                )
            },
        )
    )
    office = AddresseeEntity.objects.get(slug=OHCHR)
    assert AddresseeEntity.objects.filter(name__icontains="High Commissioner").count() == 1
    assert office.follow_ups.count() == 4
    op16 = FollowUp.objects.get(resolution__symbol="A/HRC/RES/32/40", paragraph__label="OP16")
    assert op16.addressee == "the United Nations High Commissioner for Human Rights"
    assert slugs(op16) == [OHCHR]


def test_follow_up_list_filters_by_entity_and_counts_each_entity(client, seeded):
    response = client.get("/follow-ups/", {"entity": OHCHR})
    assert response.status_code == 200
    assert [f.label for f in response.context["page"].object_list] == ["OP16", "OP17"]
    assert facet_count(response, "entity", OHCHR) == 2
    everyone = client.get("/follow-ups/")
    assert facet_count(everyone, "entity", OHCHR) == 2
    assert (
        facet_count(everyone, "entity", "states")
        == FollowUp.objects.filter(entities__slug="states").count()
        > 2
    )
    html = everyone.content.decode()
    assert '<a href="/entities/ohchr/">Office of the United Nations High Commissioner' in html
    assert total_on(client.get("/follow-ups/", {"entity": "no-such-entity"})) == 0


def total_on(response) -> int:
    return response.context["page"].paginator.count


def test_follow_up_page_links_its_entities(client, seeded):
    response = client.get(seed_request("OP17").get_absolute_url())
    assert response.status_code == 200
    assert 'href="/entities/ohchr/"' in response.content.decode()
    assert "(Secretariat)" in text_of(response)


def test_api_filters_follow_ups_by_entity_and_carries_the_entities(client, seeded):
    response = client.get("/api/follow-ups/", {"entity": OHCHR})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["paragraph"] for r in results] == ["OP16", "OP17"]
    assert results[0]["entities"] == [
        {
            "name": "Office of the United Nations High Commissioner for Human Rights (OHCHR)",
            "slug": OHCHR,
            "kind": "secretariat",
            "url": "/entities/ohchr/",
        }
    ]
    detail = client.get("/api/resolutions/A/HRC/RES/32/6/").json()
    op27 = next(f for f in detail["follow_ups"] if f["paragraph"] == "OP27")
    assert [e["slug"] for e in op27["entities"]] == ["human-rights-council"]


def test_entity_page_lists_open_and_past_requests_and_the_reports_delivered(
    client, seeded, recorder
):
    response = client.get("/entities/ohchr/")
    assert response.status_code == 200
    assert [f.label for f in response.context["page"].object_list] == ["OP16", "OP17"]
    assert "2 open of 2 requests." in text_of(response)
    assert "No document is recorded as fulfilling its requests." in text_of(response)
    record_follow_up_event(
        seed_request("OP17"),
        user=recorder,
        new_status=FollowUpStatus.FULFILLED,
        is_public=True,
        evidence_symbol="A/HRC/35/19",
    )
    response = client.get("/entities/ohchr/")
    assert [f.label for f in response.context["page"].object_list] == ["OP16"]
    past = client.get("/entities/ohchr/", {"show": "past"})
    assert [f.label for f in past.context["page"].object_list] == ["OP17"]
    assert "A/HRC/RES/32/6 OP17" in text_of(past)
    assert [d.symbol for d in past.context["reports"]] == ["A/HRC/35/19"]
    assert 'href="/documents/A/HRC/35/19/"' in past.content.decode()
    assert client.get("/entities/no-such-entity/").status_code == 404


def test_entity_index_lists_every_entity_asked_with_its_counts(client, seeded):
    response = client.get("/entities/")
    assert response.status_code == 200
    rows = {e.slug: (e.open_count, e.request_count) for e in response.context["page"]}
    assert rows[OHCHR] == (2, 2)
    assert rows["human-rights-council"] == (1, 1)
    assert 'href="/entities/ohchr/"' in response.content.decode()


def test_a_re_import_keeps_the_links_and_follows_a_changed_addressee(seeded, seed_text, recorder):
    op17 = seed_request("OP17")
    record_follow_up_event(
        op17, user=recorder, new_status=FollowUpStatus.IN_PROGRESS, is_public=True
    )
    # A paragraph inserted before them: the requests move to OP17 and OP18, links and all.
    new_op16 = "- 16. Requests the Secretary-General to report on the operations of both funds;\n"
    text = renumbered(seed_text, 16, 1).replace("- 17. Requests", new_op16 + "- 17. Requests")
    assert import_text(text).outcome == Outcome.UPDATED
    moved = seed_request("OP18")
    assert moved.pk == op17.pk and moved.status == FollowUpStatus.IN_PROGRESS
    assert slugs(moved) == slugs(seed_request("OP17")) == [OHCHR]
    assert slugs(seed_request("OP16")) == ["secretary-general"]
    assert AddresseeEntity.objects.get(slug=OHCHR).follow_ups.count() == 2
    # Asked of someone else, it is another request: the one with history is superseded and
    # keeps the entity it was asked of, out of the entity's current requests.
    changed = seed_text.replace(
        "17. Also requests the Office of the High Commissioner to make clear",
        "17. Also requests the Secretary-General to make clear",
    )
    assert import_text(changed).outcome == Outcome.UPDATED
    assert slugs(seed_request("OP17")) == ["secretary-general"]
    superseded = FollowUp.all_objects.get(pk=op17.pk)
    assert superseded.is_superseded and slugs(superseded) == [OHCHR]
    office = AddresseeEntity.objects.with_counts().get(slug=OHCHR)
    assert [f.label for f in office.follow_ups.all()] == ["OP16"]
    assert (office.open_count, office.request_count) == (1, 1)


@pytest.mark.parametrize(
    ("url", "params", "cold", "warm"),
    [
        # The page of entities with their counts, and its count for the paginator.
        ("/entities/", None, 2, 2),
        # The versions; the entity with its counts; the page's requests and their count;
        # the reports. Warm: the versions alone, the rest kept as a check's answer
        # (web/visitor_cache.py) until a write.
        ("/entities/ohchr/", None, 5, 1),
        # No past request: the paginator's count finds none and the page reads no rows.
        ("/entities/ohchr/", {"show": "past"}, 4, 1),
        # As /follow-ups/ (tests/test_views.py), the entity facet counted in the cold one.
        ("/follow-ups/", {"entity": OHCHR}, 10, 3),
    ],
)
def test_entity_query_counts_are_pinned_and_do_not_grow_with_rows(
    client, many_resolutions, seed_text, url, params, cold, warm
):
    assert (count_queries(client, url, params), count_queries(client, url, params)) == (
        cold,
        warm,
    )
    for number in range(30, 34):
        import_text(variant(seed_text, number))
    assert (count_queries(client, url, params), count_queries(client, url, params)) == (
        cold,
        warm,
    )
