"""Passwords, sign-in, sign-out and the login rate limit."""

import pytest
from sqlalchemy import select

from core.accounts.models import User, UserSession
from core.accounts.passwords import password_problem
from core.accounts.services import AccountError, create_user
from core.audit import AuditEntry
from tests import factories
from tests.conftest import csrf_token, path_of


def test_passwords_are_hashed_with_argon2id(session):
    user = factories.user(session)

    assert user.password_hash.startswith("$argon2id$")
    assert factories.PASSWORD not in user.password_hash


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short1!", False),
        ("x" * 129, False),
        ("password123", False),
        ("qwertyuiop", False),
        ("Samarqand-non-2026", True),
        ("y" * 128 + "", True),
    ],
)
def test_password_rules(password, ok, app):
    with app.test_request_context():
        assert (password_problem(password) is None) is ok


def test_create_user_refuses_common_password_with_a_reason(session):
    with pytest.raises(AccountError) as refused:
        create_user(session, "a@example.uz", "A", "password1")

    assert str(refused.value) == str(password_problem("password1"))
    assert session.scalar(select(User).where(User.email == "a@example.uz")) is None


def test_login_and_logout(client, session):
    user = factories.user(session)
    session.commit()

    response = factories.login(client, user.email)
    assert response.status_code == 302
    assert client.get("/").status_code in (200, 302)

    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(home)})

    response = client.get("/")
    assert response.status_code == 302
    assert path_of(response.headers["Location"]) == "/login"


def test_each_login_gets_a_fresh_session_key(client, session):
    user = factories.user(session)
    session.commit()

    factories.login(client, user.email)
    with client.session_transaction() as cookie:
        first = cookie["_user_id"]
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(home)})
    factories.login(client, user.email)
    with client.session_transaction() as cookie:
        second = cookie["_user_id"]

    assert first != second
    assert user.id not in (first, second)


def test_a_replayed_cookie_is_refused_after_logout(app, client, session):
    user = factories.user(session)
    session.commit()
    factories.login(client, user.email)
    stolen = client.get_cookie("mijoz").value

    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(home)})

    replay = app.test_client()
    replay.set_cookie("mijoz", stolen)
    response = replay.get("/")
    assert response.status_code == 302
    assert path_of(response.headers["Location"]) == "/login"


def test_wrong_password_shows_a_message_and_is_logged(client, session):
    user = factories.user(session)
    session.commit()

    response = factories.login(client, user.email, "Notogri-parol-99")
    assert response.status_code == 200
    assert "Wrong e-mail or password" in response.get_data(as_text=True) or (
        "parol" in response.get_data(as_text=True)
    )

    actions = session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.details["email"].as_string() == user.email
        )
    ).all()
    assert "login.failure" in actions


def test_successful_login_is_logged(client, session):
    user = factories.user(session)
    session.commit()
    factories.login(client, user.email)

    entry = session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "login.success", AuditEntry.actor_id == user.id
        )
    )
    assert entry is not None and entry.ip


def test_over_long_password_gets_a_form_message(client, session):
    response = factories.login(client, "someone@example.uz", "p" * 500)

    assert response.status_code == 200
    assert "128" in response.get_data(as_text=True)


def test_login_form_without_csrf_token_is_refused(client, session):
    response = client.post(
        "/login", data={"email": "a@example.uz", "password": "whatever-123"}
    )

    assert response.status_code == 400
    assert "<html" in response.get_data(as_text=True)


def test_login_is_rate_limited(app, client, session):
    for _ in range(10):
        factories.login(client, "nobody@example.uz", "Notogri-parol-99")

    response = factories.login(client, "nobody@example.uz", "Notogri-parol-99")

    assert response.status_code == 429


def test_disabled_user_cannot_sign_in(client, session):
    user = factories.user(session)
    user.active = False
    session.commit()

    response = factories.login(client, user.email)

    assert response.status_code == 200
    assert (
        session.scalar(select(UserSession).where(UserSession.user_id == user.id))
        is None
    )


def test_email_is_matched_case_insensitively(client, session):
    user = factories.user(session, email="Dilnoza@Example.uz")
    session.commit()

    assert user.email == "dilnoza@example.uz"
    assert factories.login(client, "DILNOZA@example.uz").status_code == 302


def test_user_model_has_no_password_in_plain(session):
    factories.user(session)
    assert all(
        u.password_hash.startswith("$argon2") for u in session.scalars(select(User))
    )


def test_purge_removes_only_long_ended_sessions(session):
    from datetime import timedelta

    from core.accounts.jobs import purge_sessions
    from core.accounts.services import start_session
    from core.audit import utcnow

    user = factories.user(session)
    start_session(session, user, None, None)
    start_session(session, user, None, None)
    session.flush()
    old, recent = session.scalars(
        select(UserSession).where(UserSession.user_id == user.id)
    ).all()
    old.ended_at = utcnow() - timedelta(days=40)
    recent.ended_at = utcnow() - timedelta(days=1)
    session.flush()

    assert purge_sessions() == 1
    left = session.scalars(select(UserSession.id).where(UserSession.user_id == user.id))
    assert list(left) == [recent.id]


def test_programme_pages_admit_only_their_roles(client, session):
    from core.accounts.models import ProgrammeRole

    admin = factories.user(session, ProgrammeRole.ADMIN)
    analyst = factories.user(session, ProgrammeRole.ANALYST)
    owner = factories.user(session)
    session.commit()

    for user, expected in ((admin, 200), (analyst, 404), (owner, 404)):
        visitor = client.application.test_client()
        factories.login(visitor, user.email)
        assert visitor.get("/_test/admins-only").status_code == expected
