"""The public application form: good input is taken, bad input is explained."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, or_, select

from core.accounts.models import ProgrammeRole
from onboarding import services
from onboarding.models import Application, ApplicationStatus, StatusChange
from tests import factories as core_factories
from tests.conftest import csrf_token, path_of
from tests.onboarding import factories
from tests.onboarding.factories import form_data

LONG = "7" * 10_000


def post(client, **data):
    page = client.get("/apply").get_data(as_text=True)
    return client.post("/apply", data={**data, "csrf_token": csrf_token(page)})


def count(session, **where) -> int:
    query = select(func.count()).select_from(Application)
    for name, value in where.items():
        query = query.where(getattr(Application, name) == value)
    return session.scalar(query)


def stored(session, data: dict) -> int:
    """Count the applications made from this input (by its STIR or name)."""
    return session.scalar(
        select(func.count())
        .select_from(Application)
        .where(
            or_(
                Application.stir == data["stir"],
                Application.business_name == data["business_name"],
            )
        )
    )


def errors(response) -> str:
    body = response.get_data(as_text=True)
    assert 'class="error"' in body, "no form message on the page"
    return body


def test_form_is_public_and_lists_reference_data(client):
    response = client.get("/apply")

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Limited liability company" in body
    assert "Andijan Region" in body
    assert 'name="refresh"' in body
    assert "hx-get" in body


def test_happy_path_stores_and_explains(client, session):
    data = form_data(phone="8-90-123-45-67", turnover="1,500,000,000")

    response = post(client, **data)

    assert response.status_code == 302
    reference = path_of(response.headers["Location"]).rsplit("/", 1)[-1]
    stored = session.scalar(select(Application).where(Application.stir == data["stir"]))
    assert stored.reference == reference
    assert stored.status == ApplicationStatus.ELIGIBLE
    assert stored.phone == "+998901234567"
    assert stored.turnover == 1_500_000_000
    assert stored.employees == 12
    assert stored.locale == "en"
    assert [c.to_status for c in stored.changes] == ["applied", "eligible"]
    assert len(stored.results) == 6 and all(r.passed for r in stored.results)

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert reference in page
    assert "12 employees: within the programme" in page
    assert "Tashkent City" in page


def test_result_page_is_only_for_the_browser_that_applied(app, client):
    response = post(client, **form_data())
    other = app.test_client()

    assert other.get(response.headers["Location"]).status_code == 404
    assert client.get(response.headers["Location"]).status_code == 200


def test_ineligible_answer_says_which_rule_failed(client, session):
    zero = "0" + factories.new_stir()[1:]
    data = form_data(employees="250", stir=zero)

    response = post(client, **data)

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "does not meet every condition" in page
    assert "250 employees: more than the programme" in page
    assert f"{zero} does not fit" in page
    assert count(session, stir=zero, status=ApplicationStatus.INELIGIBLE) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stir": "12345678"}, "exactly 9 digits"),
        ({"stir": "12345678a"}, "exactly 9 digits"),
        ({"stir": ""}, "Enter the firm"),
        ({"business_name": ""}, "Enter the name of the business."),
        ({"business_name": "   "}, "Enter the name of the business."),
        ({"owner_name": ""}, "Enter the owner"),
        ({"district": "1703202"}, "district of the chosen region"),
        ({"district": ""}, "Choose the district."),
        ({"region": "UZ-XX"}, "Choose a region from the list."),
        ({"legal_form": "llc"}, "Choose a legal form from the list."),
        ({"sector": ""}, "Choose the sector."),
        ({"phone": "+7 912 345 67 89"}, "other countries are not accepted"),
        ({"phone": "+998 71 123 45 67"}, "landline"),
        ({"phone": "12"}, "digits"),
        ({"email": "not-an-email"}, "not an e-mail address"),
        ({"employees": "-1"}, "digits only"),
        ({"employees": "1.5"}, "digits only"),
        ({"employees": ""}, "Enter the number of employees"),
        ({"employees": "2000000"}, "from 0 to 1000000"),
        ({"turnover": "a lot"}, "digits only"),
        ({"consent": ""}, "Agree to the programme"),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(client, session, changes, message):
    data = form_data(**changes)

    response = post(client, **data)

    assert response.status_code == 200
    assert message in errors(response)
    assert stored(session, data) == 0


@pytest.mark.parametrize(
    "name",
    [
        "business_name",
        "stir",
        "legal_form",
        "sector",
        "region",
        "district",
        "employees",
        "turnover",
        "owner_name",
        "phone",
        "email",
    ],
)
def test_ten_thousand_characters_get_a_message(client, session, name):
    data = form_data(**{name: LONG})

    response = post(client, **data)

    assert response.status_code == 200
    body = errors(response)
    assert body.count('class="error"') == 1
    assert stored(session, data) == 0


def test_same_stir_cannot_apply_while_open(client, session):
    first = factories.application(session)
    session.commit()

    response = post(client, **form_data(stir=first.stir))

    assert "already being reviewed" in errors(response)
    assert count(session, stir=first.stir) == 1


def test_same_stir_cannot_apply_once_approved(client, session, admin):
    done = factories.at_status(session, ApplicationStatus.APPROVED, admin)
    session.commit()

    response = post(client, **form_data(stir=done.stir))

    assert "already been accepted" in errors(response)
    assert count(session, stir=done.stir) == 1


def test_stir_with_a_workspace_cannot_apply(client, session, firm):
    response = post(client, **form_data(stir=firm.tenant.stir))

    assert "already been accepted" in errors(response)
    assert count(session, stir=firm.tenant.stir) == 0


def test_reapplying_after_rejection_is_allowed(client, session, admin):
    rejected = factories.at_status(session, ApplicationStatus.REJECTED, admin)
    session.commit()

    response = post(client, **form_data(stir=rejected.stir))

    assert response.status_code == 302
    assert count(session, stir=rejected.stir) == 2


def test_update_districts_button_refills_the_list_without_errors(client, session):
    data = form_data(region="UZ-AN", district="", business_name="", refresh="1")
    del data["send"]

    response = post(client, **data)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Oltinkol District" in body
    assert "Uchtepa District" not in body
    assert 'class="error"' not in body
    assert stored(session, data) == 0


def test_districts_fragment_follows_the_region(client):
    response = client.get("/apply/districts?region=UZ-AN")

    body = response.get_data(as_text=True)
    assert 'id="district-field"' in body
    assert "Oltinkol District" in body
    assert "Uchtepa District" not in body
    assert "<html" not in body


def test_form_speaks_the_users_language(client, session):
    client.set_cookie("mijoz_lang", "ru")
    page = client.get("/apply").get_data(as_text=True)
    assert "Андижанская область" in page
    data = form_data()

    response = client.post("/apply", data={**data, "csrf_token": csrf_token(page)})

    assert response.status_code == 302
    locale = select(Application.locale).where(Application.stir == data["stir"])
    assert session.scalar(locale) == "ru"


def test_form_without_csrf_is_refused(client, session):
    data = form_data()

    response = client.post("/apply", data=data)

    assert response.status_code == 400
    assert stored(session, data) == 0


def test_posting_is_rate_limited_per_address(client, session):
    page = client.get("/apply").get_data(as_text=True)
    token = csrf_token(page)
    for _ in range(20):
        assert client.post("/apply", data={"csrf_token": token}).status_code == 200

    response = client.post("/apply", data={"csrf_token": token})

    assert response.status_code == 429
    assert client.get("/apply").status_code == 200


def test_history_of_a_new_application_has_no_person(session):
    made = factories.application(session)

    changes = session.scalars(
        select(StatusChange)
        .where(StatusChange.application_id == made.id)
        .order_by(StatusChange.at)
    ).all()
    assert [(c.from_status, c.to_status, c.by_user_id) for c in changes] == [
        (None, "applied", None),
        ("applied", "eligible", None),
    ]


def test_signed_in_staff_can_apply_too(sign_in, session):
    visitor = sign_in(core_factories.user(session, ProgrammeRole.ANALYST))

    assert post(visitor, **form_data()).status_code == 302


def test_the_unique_index_stops_a_simultaneous_duplicate(session, monkeypatch):
    first = factories.application(session)
    real, calls = services.stir_taken, []

    def late(session, stir):
        calls.append(stir)
        return None if len(calls) == 1 else real(session, stir)

    # The check runs before the other request has committed, and sees nothing.
    monkeypatch.setattr(services, "stir_taken", late)
    with force_locale("en"), pytest.raises(services.ApplicationError) as refused:
        factories.application(session, stir=first.stir)

    assert "already being reviewed" in str(refused.value)
    assert refused.value.field == "stir"
    assert count(session, stir=first.stir) == 1
