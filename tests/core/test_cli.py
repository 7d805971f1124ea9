"""The `mijoz` command."""

from sqlalchemy import select

from core.accounts.models import ProgrammeRole, User
from tenants.models import ApiToken


def test_create_user(app, session):
    runner = app.test_cli_runner()

    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Officer@Example.uz",
            "--name",
            "Jasur",
            "--password",
            "Toshkent-2026-kuz",
            "--programme-role",
            "officer",
        ]
    )

    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "officer@example.uz"))
    assert user.programme_role == ProgrammeRole.OFFICER


def test_create_user_with_a_common_password_fails_cleanly(app, session):
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--email",
            "x@example.uz",
            "--name",
            "X",
            "--password",
            "password",
        ]
    )

    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert session.scalar(select(User).where(User.email == "x@example.uz")) is None


def test_create_token_prints_a_token_that_works(app, session, firm, client):
    session.commit()
    result = app.test_cli_runner().invoke(
        args=["create-token", "--tenant", firm.tenant.slug, "--email", firm.owner.email]
    )

    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    assert secret.startswith("mjz_")
    stored = session.scalar(
        select(ApiToken).where(ApiToken.tenant_id == firm.tenant.id)
    )
    assert secret not in stored.token_hash
    response = client.get(
        f"/api/v1/w/{firm.tenant.slug}/customers",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200


def test_create_token_for_unknown_tenant_fails_cleanly(app):
    result = app.test_cli_runner().invoke(
        args=["create-token", "--tenant", "nope", "--email", "a@example.uz"]
    )

    assert result.exit_code != 0
    assert "nope" in result.output


def test_demo_logins_are_printed(app):
    result = app.test_cli_runner().invoke(args=["demo-logins"])

    assert "admin@mijoz.uz" in result.output
    assert "owner1@demo.mijoz.uz" in result.output
