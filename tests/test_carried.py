"""Requests carried forward: a request the next text of a series makes again is linked to the
earlier one, shown in the comparison and on both requests' pages, and the earlier one is
proposed as superseded until staff accept or reject it."""

import pytest
from django.test import Client

from resolutions.importing.texts import import_text
from resolutions.models import CarriedForward, FollowUp, FollowUpStatus, ProposalStatus
from tests.conftest import SERIES_PAIR, rewritten
from tests.test_views import text_of

pytestmark = pytest.mark.django_db
OLDER, NEWER = SERIES_PAIR


def next_year(seed_text: str) -> str:
    """The seed as the next text of its series: 35/6, adopted a year later, its request of
    the Council itself moved on a year."""
    replaced = {
        "A/HRC/RES/32/6": "A/HRC/RES/35/6",
        "32/6. ": "35/6. ",
        "Thirty-second session": "Thirty-fifth session",
        "30 June 2016": "22 June 2017",
        "consideration of the matter in 2017": "consideration of the matter in 2018",
    }
    return rewritten(seed_text, replaced)


def pairs():
    return [
        (c.earlier.resolution.symbol, c.earlier.label, c.later.resolution.symbol, c.later.label)
        for c in CarriedForward.objects.select_related(
            "earlier__resolution", "earlier__paragraph", "later__resolution", "later__paragraph"
        ).order_by("later__paragraph__position", "later__sequence")
    ]


def test_the_requests_two_real_texts_of_a_series_repeat_are_linked(series_pair):
    # Read against both texts: the appointment of the Special Rapporteur (51/25 OP3) is
    # extended in 54/23 OP4, whose request to the mandate holder moves from the 54th to the
    # 57th session; the calls on the authorities and the request for the Office's
    # assistance are made again, one paragraph lower after 54/23's new OP3.
    assert pairs() == [
        (OLDER, "OP1", NEWER, "OP1"),
        (OLDER, "OP2", NEWER, "OP2"),
        (OLDER, "OP3", NEWER, "OP4"),
        (OLDER, "OP3", NEWER, "OP4"),
        (OLDER, "OP4", NEWER, "OP5"),
        (OLDER, "OP4", NEWER, "OP5"),
        (OLDER, "OP5", NEWER, "OP6"),
    ]
    report = CarriedForward.objects.get(earlier__action="request", earlier__paragraph__label="OP3")
    assert report.earlier.due_label == "54th session (October 2023)"
    assert report.later.due_label == "57th session (October 2024)"
    assert report.status == ProposalStatus.OPEN
    # Nothing changes until staff decide.
    assert not FollowUp.objects.filter(status=FollowUpStatus.SUPERSEDED).exists()


def test_the_comparison_lists_the_requests_carried_forward_new_and_not_repeated(
    client, series_pair
):
    page = text_of(client.get(f"/resolutions/{NEWER}/compare/"))
    requests = page.split("Requests", 1)[1].split("Preambular", 1)[0]
    assert "7 requests carried forward, 0 new, 0 not repeated." in requests
    assert (
        "OP3 → OP4 : Request to the mandate holder , due 54th session (October 2023) → "
        "57th session (October 2024)"
    ) in requests
    assert (
        "OP3 → OP4 : Mandate extension of Human Rights Council , due — → 12 October 2024"
        in requests
    )

    data = client.get(f"/resolutions/{NEWER}/compare.json").json()["requests"]
    assert len(data["carried_forward"]) == 7 and data["new"] == [] == data["not_repeated"]
    first = data["carried_forward"][0]
    assert (first["earlier"]["paragraph"], first["later"]["paragraph"]) == ("OP1", "OP1")
    assert first["later"]["url"].startswith("/follow-ups/")


def test_a_request_not_asked_again_and_a_new_one_are_told_apart(client, seeded, seed_text):
    later = next_year(seed_text).replace("- 16. Requests the Office", "- 16. Invites the Office")
    import_text(later)
    data = client.get("/resolutions/A/HRC/RES/35/6/compare.json").json()["requests"]
    assert "OP16" in [r["paragraph"] for r in data["not_repeated"]]
    carried = {
        (p["earlier"]["paragraph"], p["earlier"]["due"], p["later"]["due"])
        for p in data["carried_forward"]
    }
    assert ("OP27", "2017", "2018") in carried
    assert ("OP17", "", "") in carried


def test_staff_accept_that_the_earlier_request_is_superseded(client, seeded, seed_text, recorder):
    import_text(next_year(seed_text))
    earlier = FollowUp.objects.get(resolution=seeded, paragraph__label="OP27")
    carried = CarriedForward.objects.get(earlier=earlier)
    assert carried.later.resolution.symbol == "A/HRC/RES/35/6"

    page = text_of(client.get(earlier.get_absolute_url()))
    assert "The next text of the series asks for it again: A/HRC/RES/35/6 OP27 ." in page
    assert "Now due 2018." in page and "awaiting a staff decision" in page
    assert "This request repeats A/HRC/RES/32/6 OP27" in text_of(
        client.get(carried.later.get_absolute_url())
    )
    url = f"/follow-ups/{earlier.pk}/carried/{carried.pk}/"
    assert client.post(url, {"decision": "accept"}).status_code == 302  # to the login
    assert CarriedForward.objects.get(pk=carried.pk).status == ProposalStatus.OPEN

    staff = Client()
    staff.force_login(recorder)
    response = staff.post(url, {"decision": "accept"}, follow=True)
    assert "Marked superseded by A/HRC/RES/35/6 OP27." in text_of(response)
    earlier.refresh_from_db()
    carried.refresh_from_db()
    assert earlier.status == FollowUpStatus.SUPERSEDED
    assert (carried.status, carried.decided_by) == (ProposalStatus.ACCEPTED, recorder)
    event = earlier.events.get()
    assert event.note == "Accepted: carried forward by A/HRC/RES/35/6 OP27, due 2018."
    assert event.user == recorder and event.is_public
    # Decided once: a second decision is refused and records nothing.
    again = staff.post(url, {"decision": "reject"}, follow=True)
    assert "This proposal was already accepted." in text_of(again)
    assert earlier.events.count() == 1


def test_a_rejected_proposal_leaves_the_request_open(seeded, seed_text, recorder):
    import_text(next_year(seed_text))
    earlier = FollowUp.objects.get(resolution=seeded, paragraph__label="OP16")
    carried = CarriedForward.objects.get(earlier=earlier)
    staff = Client()
    staff.force_login(recorder)
    response = staff.post(f"/follow-ups/{earlier.pk}/carried/{carried.pk}/", {"decision": "reject"})
    assert response.status_code == 302
    earlier.refresh_from_db()
    assert earlier.status == FollowUpStatus.PENDING
    assert CarriedForward.objects.get(pk=carried.pk).status == ProposalStatus.REJECTED
    assert earlier.events.get().note.startswith("Rejected: carried forward by A/HRC/RES/35/6 OP16")


def test_importing_the_next_text_again_proposes_nothing_twice(seeded, seed_text):
    import_text(next_year(seed_text))
    before = pairs()
    assert len(before) == FollowUp.objects.filter(resolution=seeded).count()
    import_text(next_year(seed_text).replace("non-traditional donor countries", "new donors"))
    assert pairs() == before
