"""Console pages of applications: who may read, who may act, what they see."""

import pytest
from sqlalchemy import select

from onboarding.models import Application, StatusChange
from onboarding.models import ApplicationStatus as S
from tests import factories as core_factories
from tests.conftest import csrf_token, path_of
from tests.onboarding import factories

QUEUE = "/console/applications"


def detail(application) -> str:
    return f"{QUEUE}/{application.id}"


def act(client, application, target, reason=None):
    page = client.get(detail(application)).get_data(as_text=True)
    data = {"target": target, "csrf_token": csrf_token(page)}
    if reason is not None:
        data["reason"] = reason
    return client.post(f"{detail(application)}/transition", data=data)


def flashed(client, response) -> str:
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.fixture
def waiting(session, admin):
    """An eligible application waiting for a decision."""
    return factories.at_status(
        session, S.ELIGIBLE, admin, business_name="Zarafshon Mebel"
    )


@pytest.mark.parametrize("role", ["admin", "officer"])
def test_deciders_see_the_queue_and_the_buttons(request, sign_in, waiting, role):
    client = sign_in(request.getfixturevalue(role))

    queue = client.get(f"{QUEUE}?q=zarafshon").get_data(as_text=True)
    page = client.get(detail(waiting)).get_data(as_text=True)

    assert "Zarafshon Mebel" in queue
    assert waiting.stir in page
    assert "12 employees: within the programme" in page
    assert f"{detail(waiting)}/transition" in page
    assert 'value="approved"' in page and 'value="rejected"' in page


@pytest.mark.parametrize("role", ["admin", "officer"])
def test_deciders_can_approve(request, session, sign_in, waiting, inline, sent, role):
    person = request.getfixturevalue(role)
    client = sign_in(person)

    page = flashed(client, act(client, waiting, "approved"))

    session.refresh(waiting)
    assert "The application is now" in page
    assert waiting.status == S.PROVISIONED
    assert waiting.changes[-2].by_user_id == person.id
    assert len(sent) == 1


def test_rejecting_needs_a_reason(session, sign_in, admin, waiting):
    client = sign_in(admin)

    page = flashed(client, act(client, waiting, "rejected", reason="  "))
    session.refresh(waiting)
    assert "Write down the reason" in page
    assert waiting.status == S.ELIGIBLE

    page = flashed(client, act(client, waiting, "rejected", reason="x" * 10_000))
    session.refresh(waiting)
    assert "at most 2000 characters" in page
    assert waiting.status == S.ELIGIBLE

    page = flashed(client, act(client, waiting, "rejected", reason="Soxta hujjatlar"))
    session.refresh(waiting)
    assert waiting.status == S.REJECTED
    assert waiting.changes[-1].reason == "Soxta hujjatlar"
    assert "Soxta hujjatlar" in page


def test_an_illegal_transition_shows_a_message(session, sign_in, admin, waiting):
    client = sign_in(admin)

    page = flashed(client, act(client, waiting, "graduated"))

    session.refresh(waiting)
    assert "cannot become" in page
    assert waiting.status == S.ELIGIBLE
    assert len(waiting.changes) == 2


def test_analyst_reads_but_cannot_act(session, sign_in, analyst, waiting):
    client = sign_in(analyst)

    queue = client.get(f"{QUEUE}?q=zarafshon").get_data(as_text=True)
    page = client.get(detail(waiting)).get_data(as_text=True)
    token = csrf_token(page)
    response = client.post(
        f"{detail(waiting)}/transition",
        data={"target": "approved", "csrf_token": token},
    )

    assert "Zarafshon Mebel" in queue
    assert "Zarafshon Mebel" in page
    assert "/transition" not in page
    assert response.status_code == 404
    session.refresh(waiting)
    assert waiting.status == S.ELIGIBLE


def test_consultant_sees_only_assigned_applications(
    session, sign_in, admin, consultant, waiting
):
    mine = factories.at_status(
        session, S.PROVISIONED, admin, business_name="Zarafshon Tikuv"
    )
    mine.assigned_consultant_id = consultant.id
    client = sign_in(consultant)

    queue = client.get(f"{QUEUE}?q=zarafshon").get_data(as_text=True)

    assert "Zarafshon Tikuv" in queue
    assert "Zarafshon Mebel" not in queue
    assert client.get(detail(waiting)).status_code == 404
    page = client.get(detail(mine))
    assert page.status_code == 200
    assert "/transition" not in page.get_data(as_text=True)


def test_admin_assigns_a_consultant(session, sign_in, admin, consultant, waiting):
    client = sign_in(admin)
    page = client.get(detail(waiting)).get_data(as_text=True)
    assert consultant.name in page

    response = client.post(
        f"{detail(waiting)}/consultant",
        data={"consultant": str(consultant.id), "csrf_token": csrf_token(page)},
    )

    session.refresh(waiting)
    assert response.status_code == 302
    assert waiting.assigned_consultant_id == consultant.id


def test_only_consultants_can_be_assigned(session, sign_in, admin, analyst, waiting):
    client = sign_in(admin)
    page = client.get(detail(waiting)).get_data(as_text=True)

    response = client.post(
        f"{detail(waiting)}/consultant",
        data={"consultant": str(analyst.id), "csrf_token": csrf_token(page)},
    )

    session.refresh(waiting)
    assert "Choose a consultant from the list." in flashed(client, response)
    assert waiting.assigned_consultant_id is None


def test_workspace_owner_gets_404(session, sign_in, firm, waiting):
    client = sign_in(firm.owner)

    for url in (QUEUE, detail(waiting)):
        response = client.get(url)
        assert response.status_code == 404
        assert "Zarafshon Mebel" not in response.get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_sign_in(client, waiting):
    for url in (QUEUE, detail(waiting)):
        response = client.get(url)
        assert response.status_code == 302
        assert path_of(response.headers["Location"]) == "/login"


def test_queue_filters(session, sign_in, admin):
    tag = f"Filtr {factories.new_stir()}"
    factories.at_status(session, S.ELIGIBLE, admin, business_name=f"{tag} A")
    factories.at_status(
        session,
        S.INELIGIBLE,
        admin,
        business_name=f"{tag} B",
        region="UZ-AN",
        district="1703202",
        sector="C",
    )
    stir = factories.at_status(
        session, S.REJECTED, admin, business_name=f"{tag} C"
    ).stir
    client = sign_in(admin)

    def names(query: str) -> set[str]:
        body = client.get(f"{QUEUE}?q={tag.replace(' ', '+')}&{query}").get_data(
            as_text=True
        )
        return {x for x in "ABC" if f"{tag} {x}" in body}

    assert names("") == {"A", "B", "C"}
    assert names("status=ineligible") == {"B"}
    assert names("region=UZ-AN") == {"B"}
    assert names("region=UZ-AN&district=1703202") == {"B"}
    assert names("region=UZ-TK&district=1726262") == {"A", "C"}
    assert names("sector=C") == {"B"}
    assert names("status=nonsense") == {"A", "B", "C"}
    page = client.get(f"{QUEUE}?q={stir}").get_data(as_text=True)
    assert f"{tag} C" in page and f"{tag} A" not in page


def test_queue_is_paginated(session, sign_in, admin):
    tag = f"Sahifa {factories.new_stir()}"
    for n in range(27):
        factories.application(session, business_name=f"{tag} {n:02d}")
    client = sign_in(admin)

    first = client.get(f"{QUEUE}?q={tag}").get_data(as_text=True)
    second = client.get(f"{QUEUE}?q={tag}&page=2").get_data(as_text=True)

    assert "Page 1 of 2" in first
    assert first.count(f"<strong>{tag}") == 25
    assert second.count(f"<strong>{tag}") == 2
    assert f"{tag} 00" in second  # newest first, so the first made comes last
    assert client.get(f"{QUEUE}?page=abc").status_code == 200


def test_staff_home_leads_to_the_console(sign_in, admin, firm, session):
    client = sign_in(admin)
    response = client.get("/")
    assert path_of(response.headers["Location"]) == QUEUE

    owner = sign_in(firm.owner)
    assert path_of(owner.get("/").headers["Location"]) == f"/w/{firm.tenant.slug}/"


def test_timeline_shows_who_and_why(session, sign_in, admin, officer):
    application = factories.at_status(session, S.DROPPED, officer)
    client = sign_in(admin)

    page = client.get(detail(application)).get_data(as_text=True)

    changes = session.scalars(
        select(StatusChange).where(StatusChange.application_id == application.id)
    ).all()
    assert len(changes) == 5
    assert officer.name in page
    assert factories.REASON in page
    assert "Dropped out" in page
    assert session.get(Application, application.id).status == S.DROPPED
    assert core_factories.PASSWORD not in page
