"""The programme's applications API: session auth, roles, CSRF, problems."""

import uuid

import pytest

from onboarding.models import ApplicationStatus as S
from tests.conftest import csrf_token
from tests.onboarding import factories

BASE = "/api/v1/programme/applications"
PROBLEM = "application/problem+json"


def token_of(client) -> str:
    """Return the CSRF token of the signed-in session, as a page carries it."""
    return csrf_token(client.get("/apply").get_data(as_text=True))


def move(client, application, body, token=True):
    headers = {"X-CSRFToken": token_of(client)} if token else {}
    return client.post(
        f"{BASE}/{application.id}/transitions", json=body, headers=headers
    )


@pytest.fixture
def waiting(session, admin):
    return factories.at_status(session, S.ELIGIBLE, admin, business_name="Sharq Non")


def test_list_filters_and_pages(session, sign_in, admin):
    tag = f"Api {factories.new_stir()}"
    made = [
        factories.application(session, business_name=f"{tag} {n}") for n in range(3)
    ]
    factories.application(session, business_name=f"{tag} x", employees="500")
    client = sign_in(admin)

    first = client.get(f"{BASE}?q={tag}&status=eligible&limit=2")
    second = client.get(
        f"{BASE}?q={tag}&status=eligible&limit=2&cursor={first.json['next_cursor']}"
    )

    assert first.status_code == 200
    assert [i["id"] for i in first.json["items"]] == [str(a.id) for a in made[:2]]
    assert [i["id"] for i in second.json["items"]] == [str(made[2].id)]
    assert second.json["next_cursor"] is None
    assert first.json["items"][0]["status"] == "eligible"
    assert first.json["items"][0]["status_label"]


def test_bad_filters_are_422_problems(sign_in, admin):
    client = sign_in(admin)

    for query in ("status=finished", "region=UZ-XX", "limit=0", "q=" + "x" * 101):
        response = client.get(f"{BASE}?{query}")
        assert response.status_code == 422, query
        assert response.mimetype == PROBLEM

    response = client.get(f"{BASE}?cursor=!!")
    assert response.status_code == 400
    assert response.mimetype == PROBLEM


def test_get_one_with_eligibility_history_and_moves(sign_in, admin, waiting):
    client = sign_in(admin)

    response = client.get(f"{BASE}/{waiting.id}")

    body = response.json
    assert response.status_code == 200
    assert body["reference"] == waiting.reference
    assert body["phone"] == "+998901234567"
    assert len(body["eligibility"]) == 6
    assert "12 employees: within the programme" in body["eligibility"][1]["explanation"]
    assert [h["to_status"] for h in body["history"]] == ["applied", "eligible"]
    assert body["history"][0]["by"] is None
    assert body["transitions"] == [
        {"target": "approved", "needs_reason": False},
        {"target": "rejected", "needs_reason": True},
    ]


def test_transition_with_the_csrf_header(session, sign_in, officer, waiting):
    client = sign_in(officer)

    response = move(client, waiting, {"target": "rejected", "reason": "Takroriy"})

    assert response.status_code == 200
    assert response.json["status"] == "rejected"
    assert response.json["history"][-1]["reason"] == "Takroriy"
    assert response.json["history"][-1]["by"] == officer.name
    session.refresh(waiting)
    assert waiting.status == S.REJECTED


def test_approval_through_the_api_provisions(
    session, sign_in, admin, waiting, inline, sent
):
    client = sign_in(admin)

    response = move(client, waiting, {"target": "approved"})

    assert response.status_code == 200
    session.refresh(waiting)
    assert waiting.status == S.PROVISIONED
    assert waiting.tenant_id is not None
    assert sent[0]["body"].count("http://localhost/invite/") == 1


def test_transition_without_the_csrf_header_is_refused(
    session, sign_in, admin, waiting
):
    client = sign_in(admin)

    response = move(client, waiting, {"target": "approved"}, token=False)

    assert response.status_code == 400
    assert response.mimetype == PROBLEM
    assert "CSRF" in response.json["detail"]
    session.refresh(waiting)
    assert waiting.status == S.ELIGIBLE


def test_illegal_transition_is_409_with_the_reason(session, sign_in, admin, waiting):
    client = sign_in(admin)

    response = move(client, waiting, {"target": "graduated"})

    assert response.status_code == 409
    assert response.mimetype == PROBLEM
    assert "cannot become" in response.json["detail"]
    session.refresh(waiting)
    assert waiting.status == S.ELIGIBLE


def test_missing_reason_is_409_and_bad_target_422(sign_in, admin, waiting):
    client = sign_in(admin)

    missing = move(client, waiting, {"target": "rejected"})
    bad = move(client, waiting, {"target": "done"})
    long = move(client, waiting, {"target": "rejected", "reason": "x" * 10_000})

    assert missing.status_code == 409
    assert "reason" in missing.json["detail"]
    assert bad.status_code == 422
    assert "target" in bad.json["errors"]["json"]
    assert long.status_code == 422
    assert "reason" in long.json["errors"]["json"]


@pytest.mark.parametrize("role", ["analyst", "consultant"])
def test_readers_cannot_move(session, request, sign_in, waiting, role):
    person = request.getfixturevalue(role)
    waiting.assigned_consultant_id = person.id
    client = sign_in(person)

    assert client.get(f"{BASE}/{waiting.id}").status_code == 200
    response = move(client, waiting, {"target": "approved"})

    assert response.status_code == 404
    assert response.mimetype == PROBLEM
    session.refresh(waiting)
    assert waiting.status == S.ELIGIBLE


def test_consultant_gets_only_assigned(session, sign_in, consultant, admin, waiting):
    tag = f"Maslahat {factories.new_stir()}"
    mine = factories.application(session, business_name=f"{tag} mine")
    mine.assigned_consultant_id = consultant.id
    factories.application(session, business_name=f"{tag} other")
    client = sign_in(consultant)

    listed = client.get(f"{BASE}?q={tag}").json["items"]

    assert [item["id"] for item in listed] == [str(mine.id)]
    response = client.get(f"{BASE}/{waiting.id}")
    assert response.status_code == 404
    assert "Sharq Non" not in response.get_data(as_text=True)


def test_workspace_owner_gets_404_without_data(sign_in, firm, waiting):
    client = sign_in(firm.owner)

    for response in (
        client.get(BASE),
        client.get(f"{BASE}/{waiting.id}"),
        move(client, waiting, {"target": "approved"}),
    ):
        assert response.status_code == 404
        assert response.mimetype == PROBLEM
        assert "Sharq Non" not in response.get_data(as_text=True)


def test_anonymous_gets_401(client, waiting):
    for url in (BASE, f"{BASE}/{waiting.id}"):
        response = client.get(url)
        assert response.status_code == 401
        assert response.mimetype == PROBLEM


def test_unknown_application_is_404(sign_in, admin):
    response = sign_in(admin).get(f"{BASE}/{uuid.uuid4()}")

    assert response.status_code == 404
    assert response.mimetype == PROBLEM


def test_openapi_describes_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json

    assert f"{BASE}" in spec["paths"]
    assert f"{BASE}/{{application_id}}/transitions" in spec["paths"]
    assert spec["components"]["securitySchemes"]["session"]["in"] == "cookie"
